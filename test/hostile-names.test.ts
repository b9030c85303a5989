/**
Issue 19 item 18: names that come from input are looked up as own properties only. `toString`,
`constructor`, `__proto__`, `hasOwnProperty` and `valueOf` in a Zeek `#path`, a query parameter, a
header, a CSV column, an XML entity or a tracker category give no record made of `Object.prototype`,
and every view still works.
*/
import {describe, expect, it} from 'vitest';
import {clientEvidence, parseMediaBrowserAuth} from '../source/formats/common/client-params.js';
import {harFormat} from '../source/formats/har/index.js';
import {parseAll} from '../source/formats/run.js';
import {zeekFormat} from '../source/formats/zeek/zeek.js';
import {telemetryRecordSchema} from '../source/model/records.js';
import {VIEW_NAMES} from '../source/views/registry.js';
import {storeOf, viewRows} from './helpers/records.js';
import {runMain} from './helpers/main.js';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const FIELDS = 'ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto trans_id query'.split(' ');
const ROW = '1591367999.305988\tCazOhH2qDUiJTWMCY\t192.168.4.76\t36844\t192.168.4.1\t53\tudp\t19671\ttestmyids.com';
const zeekLog = (path: string): string => ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${path}`, `#fields\t${FIELDS.join('\t')}`, ROW, ''].join('\n');

describe('Zeek #path from Object.prototype', () => {
	it.each(NAMES)('#path %s gives no record and no crash; views still work', (name) => {
		const result = parseAll(zeekFormat, zeekLog(name));
		expect(result.records).toEqual([]);
		const store = storeOf(result.records);
		for (const view of VIEW_NAMES) expect(() => viewRows(store, view)).not.toThrow();
	});

	it('the real #path still works', () => {
		const result = parseAll(zeekFormat, zeekLog('dns'));
		expect(result.records).toHaveLength(1);
		telemetryRecordSchema.parse(result.records[0]);
	});
});

describe('header and parameter names from Object.prototype', () => {
	it.each(NAMES)('%s as a header or query name is not a known parameter', (name) => {
		const e = clientEvidence([[name, 'x'], [`mediabrowser.${name}`, 'y']]);
		expect(e.identifiers).toEqual([]);
		expect(e.device).toBeUndefined();
		const mb = parseMediaBrowserAuth(`MediaBrowser ${name}="v", Client="Web"`)!;
		expect(mb.get('client')).toBe('Web');
		if (/^[A-Za-z]+$/.test(name)) expect(mb.get(name.toLowerCase())).toBe('v');
	});

	it('a HAR entry full of them gives a well-formed record, and every view works', () => {
		const headers = NAMES.map((name) => ({name, value: 'x'}));
		const url = `https://plex.tv/api?${NAMES.map((n) => `${n}=1`).join('&')}`;
		const doc = {log: {entries: [{request: {method: 'GET', url, headers}, response: {status: 200, content: {mimeType: 'application/json', text: '{"__proto__":{"token":"abc"},"constructor":"x"}'}}}]}};
		const result = parseAll(harFormat, JSON.stringify(doc), {file: 'x'});
		expect(result.records).toHaveLength(1);
		for (const r of result.records) telemetryRecordSchema.parse(r);
		const store = storeOf(result.records);
		for (const view of VIEW_NAMES) expect(() => viewRows(store, view)).not.toThrow();
	});
});

describe('a generic CSV with such columns, through the command', () => {
	it('--map __proto__=host maps a column named __proto__', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'telemetry-tui-names-'));
		const file = join(dir, 'x.csv');
		writeFileSync(file, '__proto__,constructor,toString\nplex.tv,a,b\n');
		const r = await runMain(['--print', '--type', 'csv', '--map', '__proto__=host', '--view', 'destinations', '--output', 'json', file]);
		expect(r.code, r.stderr).toBe(0);
		expect((JSON.parse(r.stdout) as Array<{host: string}>).map((d) => d.host)).toEqual(['plex.tv']);
	});
});

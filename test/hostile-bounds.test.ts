/**
Issue 19 items 2 and 6: a record keeps a bounded amount of whatever the input holds (URL 8 KiB, other
text 2 KiB, 256 identifiers of 1 KiB), says once per input how many records were cut and by what, and
the HAR de-duplication of secrets and identifiers stays linear.
*/
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {harFormat} from '../source/formats/har/index.js';
import {parseAll} from '../source/formats/run.js';
import type {RequestRecord} from '../source/model/records.js';
import {boundRecord, Cuts, LIMITS} from '../source/pipeline/bound.js';
import {request} from './helpers/records.js';
import {runMain} from './helpers/main.js';

const dir = mkdtempSync(join(tmpdir(), 'telemetry-tui-bounds-'));
const prefix = 'Oct 05, 2014 17:48:11 [0x108f7e000] DEBUG - Request: [192.168.1.210:55218] GET';

describe('boundRecord', () => {
	it('returns a record within the limits as it is (no copy)', () => {
		const r = request('plex.tv', {identifiers: [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'abc'}]});
		const cuts = new Cuts();
		expect(boundRecord(r, cuts)).toBe(r);
		expect(cuts.message()).toBeUndefined();
	});

	it('cuts a long URL, long text, long identifier values and a long identifier list, and counts each', () => {
		const url = `https://plex.tv/${'a'.repeat(100_000)}`;
		const ids = Array.from({length: 1000}, (_, k) => ({kind: 'identifier' as const, name: 'id', value: `v${k}${k === 0 ? 'x'.repeat(5000) : ''}`}));
		const cuts = new Cuts();
		const r = boundRecord(request('plex.tv', {url, path: url.slice(15), event: 'e'.repeat(10_000), identifiers: ids}), cuts) as RequestRecord;
		expect(r.url.length).toBeLessThan(LIMITS.url + 40);
		expect(r.url).toMatch(/…\[cut: 100,016 characters\]$/);
		expect(r.path.length).toBeLessThan(LIMITS.url + 40);
		expect(r.event!.length).toBeLessThan(LIMITS.text + 40);
		expect(r.identifiers).toHaveLength(LIMITS.identifiers);
		expect(r.identifiers[0]!.value.length).toBeLessThan(LIMITS.identifierValue + 40);
		expect(r.identifiers[1]!.value).toBe('v1');
		expect(cuts.records).toBe(1);
		expect(cuts.message()).toMatch(/^1 record was too large/);
		for (const what of ['url over 8,192 characters (1×)', 'identifiers over 256 per record (1×)', 'identifier values over 1,024 characters (1×)', 'event over 2,048 characters (1×)']) expect(cuts.message()).toContain(what);
	});

	it('never splits a surrogate pair', () => {
		const r = boundRecord(request('plex.tv', {event: `${'a'.repeat(LIMITS.text - 1)}😀😀`}), new Cuts()) as RequestRecord;
		expect(r.event!).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
	});
});

describe('records of 100 kB URLs through the command', () => {
	const lines = Array.from({length: 40}, (_, k) => `${prefix} /library/${k}/${'x'.repeat(100_000)}?X-Plex-Token=SECRETTAIL (26 live)`);
	const file = join(dir, 'long-urls.log.gz');
	writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));

	it('--view records --output json: every record, each URL cut to 8 KiB, one diagnostic with the count', async () => {
		const r = await runMain(['--print', '--view', 'records', '--output', 'json', file]);
		expect(r.code, r.stderr).toBe(0);
		const records = JSON.parse(r.stdout) as Array<{url: string; path: string}>;
		expect(records).toHaveLength(40);
		for (const rec of records) expect(rec.url.length).toBeLessThan(LIMITS.url + 40);
		expect(records[0]!.url).toContain('…[cut: ');
		const cut = r.stderr.split('\n').filter((l) => l.includes('too large'));
		expect(cut).toHaveLength(1);
		expect(cut[0]).toMatch(/long-urls\.log\.gz:1: warning: 40 records were too large and kept cut to size: .*url over 8,192 characters \(40×\)/);
		expect(r.stdout).not.toContain('SECRETTAIL');
	});
});

describe('a HAR entry with very many identifier headers and secret body fields', () => {
	const headers = [
		...Array.from({length: 20_000}, (_, k) => ({name: 'X-Plex-Session-Identifier', value: `session-${k}`})),
		{name: 'X-Plex-Token', value: 'tok-shared'},
	];
	const body = JSON.stringify({items: Array.from({length: 3000}, (_, k) => ({token: k % 2 === 0 ? 'tok-shared' : `tok-${k}`}))});
	const doc = {log: {entries: [{request: {method: 'POST', url: 'https://plex.tv/api', headers, postData: {mimeType: 'application/json', text: body}}, response: {status: 200}}]}};

	it('de-duplicates secrets against identifiers by name and value (item 2), and the record keeps a bounded list', () => {
		const r = parseAll(harFormat, JSON.stringify(doc), {file: 'x'});
		const rec = r.records[0] as RequestRecord;
		const names = rec.identifiers.map((i) => `${i.name}=${i.value}`);
		expect(new Set(names).size).toBe(names.length);
		expect(names.filter((n) => n === 'token=tok-shared')).toHaveLength(1);
		const cuts = new Cuts();
		expect(boundRecord(rec, cuts).identifiers).toHaveLength(LIMITS.identifiers);
		expect(cuts.message()).toMatch(/identifiers over 256 per record/);
	});
});

describe('a folder of very many inputs (issue 19 item 9)', () => {
	it('the overview lists a few hundred inputs, failed ones first, and sums up the rest in one line', async () => {
		const {RecordStore} = await import('../source/store/store.js');
		const {viewRows} = await import('./helpers/records.js');
		const {OVERVIEW_INPUTS} = await import('../source/views/overview.js');
		const store = new RecordStore({spool: false});
		for (let k = 0; k < 5000; k++) {
			const input = store.input(`logs/f${k}.log`);
			input.format = k % 2 ? 'dnsmasq' : 'pms';
			input.records = 2;
			input.bytes = 100;
			input.status = k === 4321 ? 'failed' : 'done';
			if (k === 4321) input.error = 'permission denied';
		}
		const rows = viewRows(store, 'overview').filter((r) => r['section'] === 'input');
		expect(rows).toHaveLength(OVERVIEW_INPUTS + 1);
		expect(rows[0]).toMatchObject({item: 'logs/f0.log'});
		expect(rows.some((r) => r['item'] === 'logs/f4321.log' && String(r['value']).startsWith('failed: permission denied'))).toBe(true);
		expect(rows.at(-1)).toEqual({section: 'input', item: '4,800 more', value: '… and 4,800 more inputs (dnsmasq 2,400, pms 2,400): 9,600 records, 480,000 bytes'});
		store.close();
	});
});

/** MiB the heap grew by across `work`, between two full collections. */
async function heapGrowthMb(work: () => void): Promise<number> {
	const {setFlagsFromString} = await import('node:v8');
	const {runInNewContext} = await import('node:vm');
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	gc();
	const before = process.memoryUsage().heapUsed;
	work();
	gc();
	return (process.memoryUsage().heapUsed - before) / (1 << 20);
}

describe('the store keeps no input text alive through its dictionaries', () => {
	it('host names, server addresses, device descriptions, policy reasons and identifier names are copies, not views of their line', async () => {
		const {RecordStore} = await import('../source/store/store.js');
		const {request} = await import('./helpers/records.js');
		const store = new RecordStore({spool: false});
		const grew = await heapGrowthMb(() => {
			// 48 distinct lines of 1 MiB; each record's strings are slices of its line (as a parser's matches are).
			for (let k = 0; k < 48; k++) {
				const line = `host-number-${k}.example.com 203.0.113.${k} Plex-for-Roku-${k} X-Custom-Id-${k} `.padEnd(1 << 20, `${k}`);
				const [host, address, product, name] = line.split(' ', 4).map((word) => line.slice(line.indexOf(word), line.indexOf(word) + word.length));
				store.add(request(host!, {serverAddress: address, device: {product: product!}, identifiers: [{kind: 'identifier', name: name!, value: `value-${k}-0123456789`}]}), 'test.log');
			}
		});
		// Views kept alive would hold 48 MiB, and the store's shortcuts for the last few values (a ring of 8) 8 MiB;
		// the copies and the store's columns take about 1.
		expect(grew).toBeLessThan(4);
		expect([...store.destinations].map((d) => d.host)).toContain('host-number-47.example.com');
		store.close();
	});

	it('the host and classification caches keep copies of their keys, not views of the line', async () => {
		const {createClassifier} = await import('../source/classify/classify.js');
		const {normalizeHost} = await import('../source/classify/host.js');
		const classifier = createClassifier();
		classifier.classify('warm-up.example.org');
		const grew = await heapGrowthMb(() => {
			// The UI reads in 32 KiB slices: each cached host sliced from one would keep its slice alive (1 MiB here).
			for (let k = 0; k < 48; k++) {
				const text = `cached-host-${k}.example.net `.padEnd(1 << 20, `${k}`);
				const host = text.slice(0, text.indexOf(' '));
				expect(normalizeHost(host)).toBe(`cached-host-${k}.example.net`);
				expect(classifier.classify(host).category).toBe('unknown');
			}
		});
		expect(grew).toBeLessThan(4);
	});
});

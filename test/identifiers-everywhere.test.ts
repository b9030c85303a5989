/**
Issue 12: no raw identifier in any output. A capture made for the test carries one client identifier in
every place it can leave by (its own header, an unregistered query parameter, a path segment, a cookie,
a JSON body, a form field, base64 and SHA-256 of it) beside a public IP address, an e-mail address and a
postal code. Every view in every output format, the report and the diagnostics are searched for the raw
values: none may appear unless --show-identifiers is given.
*/
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {OUTPUT_FORMATS} from '../source/output/write.js';
import {VIEW_NAMES} from '../source/views/registry.js';
import {runMain} from './helpers/main.js';
import {harEntry, harText} from './helpers/har.js';

const CLIENT = 'z9y8x7w6v5u4t3s2r1q0p9o8';
const IP = '198.51.100.23';
const EMAIL = 'viewer@example.org';
const POSTAL = '94107';
const b64 = Buffer.from(CLIENT).toString('base64');
const sha256 = createHash('sha256').update(CLIENT).digest('hex');
// A Plex server reached by its plex.direct name: the server's certificate hash and its public address.
const PLEX_HASH = '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b';
const PLEX_DIRECT = `203-0-113-9.${PLEX_HASH}.plex.direct`;
const RAW = [CLIENT, IP, EMAIL, encodeURIComponent(EMAIL), POSTAL, b64, sha256, PLEX_HASH, '203-0-113-9', '203.0.113.9'];

const entries = [
	harEntry(`https://plex.tv/api/v2/user?X-Plex-Client-Identifier=${CLIENT}`, {headers: [{name: 'X-Plex-Client-Identifier', value: CLIENT}]}),
	harEntry(`https://pixel.tracker.example/i.gif?uid=${CLIENT}&e=${encodeURIComponent(EMAIL)}`, {}, 1),
	harEntry(`https://pixel.tracker.example/u/${CLIENT}/p.gif?h=${sha256}`, {cookies: [{name: 'vid', value: CLIENT}]}, 2),
	harEntry('https://collect.tracker.example/j', {method: 'POST', postData: {mimeType: 'application/json', text: JSON.stringify({user: {anon: CLIENT, mail: EMAIL}, b: b64})}}, 3),
	harEntry('https://collect.tracker.example/f', {method: 'POST', postData: {mimeType: 'application/x-www-form-urlencoded', text: `cid=${CLIENT}&zip=${POSTAL}`}}, 4),
	harEntry(`https://plex.tv/api/v2/geoip?address=${IP}`, {}, 5),
	harEntry(`https://vod.provider.plex.tv/hubs?postalCode=${POSTAL}`, {}, 6),
	harEntry(`https://${PLEX_DIRECT}:32400/library/sections`, {headers: [{name: 'Host', value: `${PLEX_DIRECT}:32400`}]}, 7),
];

const dir = mkdtempSync(join(tmpdir(), 'telemetry-tui-ids-'));
const file = join(dir, 'everywhere.har');
writeFileSync(file, harText(entries));

describe('no raw identifier in any output (issue 12)', () => {
	it.each(OUTPUT_FORMATS)('every view as %s, and stderr', async (output) => {
		// CSV holds one view per file: each view is printed on its own.
		const runs = output === 'csv' ? VIEW_NAMES.map((v) => [v]) : [VIEW_NAMES];
		let text = '';
		let first = {code: 0, stdout: '', stderr: ''};
		for (const views of runs) {
			const r = await runMain(['--print', '--view', views.join(','), '--output', output, file]);
			expect(r.code, r.stderr).toBe(0);
			text += r.stdout + r.stderr;
			if (first.stdout === '') first = r;
		}
		const r = first;
		for (const raw of RAW) expect(text, raw).not.toContain(raw);
		// The client identifier reached the trackers, by value, and the ledger says so.
		if (output === 'json') {
			const ledger = (JSON.parse(r.stdout) as {ledger: Array<{party: string; hosts: string[]; encodings: string[]}>}).ledger;
			const third = ledger.filter((l) => l.party === 'third').flatMap((l) => l.hosts);
			expect(new Set(third)).toEqual(new Set(['pixel.tracker.example', 'collect.tracker.example']));
			expect(ledger.flatMap((l) => l.encodings)).toEqual(expect.arrayContaining(['raw', 'sha256', 'base64']));
		}
	});

	it('the Markdown report holds none of them either', async () => {
		const out = join(dir, 'report.md');
		const r = await runMain(['report', '--format', 'markdown', '--out', out, file]);
		expect(r.code, r.stderr).toBe(0);
		const text = readFileSync(out, 'utf8') + r.stderr;
		for (const raw of RAW) expect(text, raw).not.toContain(raw);
	});

	it('--show-identifiers shows them (the user asked)', async () => {
		const r = await runMain(['--print', '--show-identifiers', '--view', 'records', '--output', 'ndjson', file]);
		expect(r.stdout).toContain(CLIENT);
		expect(r.stdout).toContain(IP);
		expect(r.stdout).toContain(PLEX_DIRECT);
	});

	it('a plex.direct name shows its address and server hash masked, as the same values are elsewhere', async () => {
		const r = await runMain(['--print', '--wide', '--view', 'destinations', file]);
		expect(r.code, r.stderr).toBe(0);
		// Public address: no network class kept; the hash keeps 4 characters, like any identifier.
		expect(r.stdout).toMatch(/…#[0-9a-f]{6}\.5e6f…#[0-9a-f]{6}\.plex\.direct/);
		// Still classified by its real name: a Plex server on the media-server port, not an unknown host.
		expect(r.stdout).toMatch(/plex\.direct[^\n]*a Plex server/);
	});
});

/**
Terminal safety end to end, through the built CLI: every format's fixtures with terminal attacks put
into every string field (test/corpus/hostile-inputs.ts), printed in every output and every view, with
secrets masked and with `--show-secrets`. Nothing that reaches stdout or stderr may act on a terminal,
parsed JSON values must be clean too (a consumer may print them), CSV cells must not run as formulas,
and the hostile inputs must give every record their clean twins give (same kind, same line or entry).
*/
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import Papa from 'papaparse';
import {beforeAll, describe, expect, it} from 'vitest';
import {VIEW_NAMES} from '../source/views/registry.js';
import {HAVE_CLI, runCli, runViews, terminalProblems, tmpDir, unsafeJsonStrings, visible} from './corpus/harness.js';
import {HOSTILE_FORMATS, PAYLOADS, withoutNul} from './corpus/hostile-inputs.js';

const OUTPUTS = ['table', 'csv', 'json', 'ndjson', 'markdown'] as const;
const ALL_VIEWS = VIEW_NAMES.join(',');

type Case = {format: string; payload: string; hostile: string; clean: string};

let dir = '';
let cases: Case[] = [];

beforeAll(() => {
	dir = tmpDir();
	mkdirSync(join(dir, 'hostile'));
	mkdirSync(join(dir, 'clean'));
	cases = HOSTILE_FORMATS.flatMap((f, i) =>
		PAYLOADS.map((p, j) => {
			const name = `${i}-${j}-${f.file}`;
			const hostile = join(dir, 'hostile', name);
			const clean = join(dir, 'clean', name);
			const bytes = f.build(p.text);
			writeFileSync(hostile, typeof bytes === 'string' ? withoutNul(bytes) : bytes);
			writeFileSync(clean, f.build(''));
			return {format: f.format, payload: p.name, hostile, clean};
		}),
	);
});

/** The records of each input file, as `kind line/entry` keys, from the records view in NDJSON. */
function recordKeys(files: readonly string[]): Map<string, string[]> {
	const r = runCli(['--print', '--view', 'records', '--output', 'ndjson', ...files]);
	expect(r.status, r.err.slice(0, 2000)).toBe(0);
	const keys = new Map<string, string[]>();
	for (const line of r.out.split('\n')) {
		if (!line) continue;
		const record = JSON.parse(line) as {kind: string; origin: {file: string; line?: number; entry?: number; packet?: number}};
		const list = keys.get(record.origin.file) ?? [];
		list.push(`${record.kind} ${record.origin.line ?? (record.origin.packet !== undefined ? `packet ${record.origin.packet}` : `#${record.origin.entry}`)}`);
		keys.set(record.origin.file, list);
	}
	return keys;
}

/** Keys in `clean` that `hostile` lacks (multiset difference). */
function missing(clean: readonly string[], hostile: readonly string[]): string[] {
	const left = [...hostile];
	return clean.filter((k) => {
		const i = left.indexOf(k);
		if (i === -1) return true;
		left.splice(i, 1);
		return false;
	});
}

describe.skipIf(!HAVE_CLI)('terminal safety through the built CLI', () => {
	it('every format is detected on its hostile input and gives every record of its clean twin', () => {
		// The overview lists at most 200 inputs (the rest are summed up in one line): ask in groups of 150.
		const inputs: Array<{section: string; item: string; value: string}> = [];
		for (let k = 0; k < cases.length; k += 150) {
			const overview = runCli(['--print', '--view', 'overview', '--output', 'json', ...cases.slice(k, k + 150).map((c) => c.hostile)]);
			inputs.push(...(JSON.parse(overview.out) as Array<{section: string; item: string; value: string}>).filter((r) => r.section === 'input'));
		}
		const detected = new Map(inputs.map((r) => [r.item, r.value.split(',')[0]]));
		const hostile = recordKeys(cases.map((c) => c.hostile));
		const clean = recordKeys(cases.map((c) => c.clean));
		const mismatches: string[] = [];
		for (const c of cases) {
			const want = clean.get(c.clean) ?? [];
			if (want.length === 0) mismatches.push(`${c.format}: the clean twin gives no records`);
			if (detected.get(c.hostile) !== c.format) mismatches.push(`${c.format} / ${c.payload}: detected as ${detected.get(c.hostile)}`);
			const lost = missing(want, hostile.get(c.hostile) ?? []);
			if (lost.length > 0) mismatches.push(`${c.format} / ${c.payload}: lost ${lost.join(', ')}`);
		}
		expect(mismatches).toEqual([]);
	});

	for (const showSecrets of [false, true]) {
		it.each(OUTPUTS)(`--output %s, every view${showSecrets ? ', --show-secrets' : ''}: nothing on stdout or stderr can act on a terminal`, (output) => {
			const r = runViews(['--print', '--view', ALL_VIEWS, '--output', output, ...(showSecrets ? ['--show-secrets'] : []), ...cases.map((c) => c.hostile)]);
			expect(r.status, r.err.slice(0, 2000)).toBe(0);
			expect(r.stdout.length).toBeGreaterThan(10_000);
			expect(terminalProblems(r.stdout)).toEqual([]);
			expect(terminalProblems(r.stderr)).toEqual([]);
			if (output === 'json') expect(unsafeJsonStrings(JSON.parse(r.out))).toEqual([]);
			if (output === 'ndjson') expect(r.out.split('\n').filter(Boolean).flatMap((l) => unsafeJsonStrings(JSON.parse(l)))).toEqual([]);
			// Every view of every hostile input through the built CLI: 10–20 s here, 40 s on a loaded machine.
		}, 120_000);
	}

	it('the payloads really reach the records (the test is not vacuous): with --show-secrets their visible parts are printed', () => {
		const r = runCli(['--print', '--view', 'records', '--output', 'ndjson', '--show-secrets', ...cases.map((c) => c.hostile)]);
		// What is left of the attacks once their controls are gone.
		for (const left of ['RED', 'click', 'gnp.exe']) expect(r.out.includes(left), left).toBe(true);
	});

	it('NDJSON streaming of the records view (the path that writes while reading) is clean too', () => {
		const r = runCli(['--print', '--view', 'records', '--output', 'ndjson', '--show-secrets', ...cases.map((c) => c.hostile)]);
		expect(terminalProblems(r.stdout)).toEqual([]);
		expect(r.out.split('\n').filter(Boolean).flatMap((l) => unsafeJsonStrings(JSON.parse(l)))).toEqual([]);
	});

	it('--blocklist hosts is clean and lists only valid host names', () => {
		const r = runCli(['--blocklist', 'hosts', ...cases.map((c) => c.hostile)]);
		expect(r.status, r.err.slice(0, 2000)).toBe(0);
		expect(terminalProblems(r.stdout)).toEqual([]);
		expect(terminalProblems(r.stderr)).toEqual([]);
		const entries = r.out.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
		expect(entries.length).toBeGreaterThan(0);
		for (const e of entries) expect(e, visible(e)).toMatch(/^0\.0\.0\.0 [a-z0-9_.-]+$/i);
	});

	it('--fail-on prints its summary cleanly', () => {
		const r = runCli(['--fail-on', 'third-party,unknown', ...cases.map((c) => c.hostile)]);
		expect(r.status).toBe(3);
		expect(terminalProblems(r.stdout)).toEqual([]);
		expect(terminalProblems(r.stderr)).toEqual([]);
	});

	it('file and folder names are input too: a hostile file name is shown cleanly in every output and message', () => {
		const d = tmpDir();
		const evil = join(d, `log\u001b[31m\u001b]8;;x\u001b\\\u009b2J\u202e\u0007\u0008.log`);
		writeFileSync(evil, 'Mar  1 20:15:02 dnsmasq[612]: query[A] plex.tv from 192.168.1.40\nnot a dnsmasq line\n');
		const missing = join(d, `missing\u001b]0;title\u0007.log`);
		for (const output of OUTPUTS) {
			const r = runViews(['--print', '--view', ALL_VIEWS, '--output', output, '--show-secrets', evil, missing]);
			expect(r.status, r.err).toBe(0);
			expect(terminalProblems(r.stdout), output).toEqual([]);
			expect(terminalProblems(r.stderr), output).toEqual([]);
			if (output === 'json') expect(unsafeJsonStrings(JSON.parse(r.out))).toEqual([]);
		}
		// Usage errors quote what was typed.
		const usage = runCli(['--view', 'x\u001b[31m', evil]);
		expect(usage.status).toBe(2);
		expect(terminalProblems(usage.stderr)).toEqual([]);
		const nothing = runCli([missing]);
		expect(nothing.status).toBe(1);
		expect(terminalProblems(nothing.stderr)).toEqual([]);
	});
});

describe.skipIf(!HAVE_CLI)('CSV formula injection through the built CLI', () => {
	const FORMULAS = ['=HYPERLINK("http://evil.example","x")', '+1+cmd|calc', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '  =1+1'];

	it('cells that would start a formula are neutralised in every view of the parsed CSV', () => {
		const d = tmpDir();
		const rows = FORMULAS.map((f, i) => [`2024-03-08 18:3${i}:00`, f, f, f, 'Android', f, 'Movie', f, 'h264', 'aac', '1920x1080', '9874', 'DirectPlay']);
		const csv = Papa.unparse({fields: ['Start Time', 'User Name', 'Device Name', 'Client Name', 'Platform', 'Item Name', 'Item Type', 'Media Container', 'Video Codec', 'Audio Codec', 'Video Resolution', 'Bitrate (kbps)', 'Playback Method'], data: rows}, {quotes: true});
		const file = join(d, 'formulas.csv');
		writeFileSync(file, csv);
		const r = runViews(['--print', '--view', ALL_VIEWS, '--output', 'csv', '--show-secrets', file]);
		expect(r.status, r.err).toBe(0);
		const cells = Papa.parse<string[]>(r.out, {skipEmptyLines: true}).data.flat();
		const dangerous = cells.filter((c) => /^[\s]*[=+\-@\t\r]/.test(c));
		expect(dangerous).toEqual([]);
		// The values are still there, behind the guard.
		expect(cells).toContain(`'=HYPERLINK("http://evil.example","x")`);
		expect(cells.some((c) => c.startsWith("'@SUM(A1)"))).toBe(true);
	});
});

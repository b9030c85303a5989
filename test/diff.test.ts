/**
Before and after. Golden diffs of the fixture pairs in test/fixtures/diff (made by
test/helpers/diff-fixtures.ts: an opt-out that removes a host, a new tracker, a host whose volume
doubles, a new identifier, and a longer AFTER side); what each pair must name, whatever the golden file
says; baselines (round trip, masks only, version and damage checks); the gate's exit codes; every
output format; the comparison's rules (rates, chance, caveats, rotated values) on summaries made here.
Regenerate the golden files with `UPDATE_GOLDEN=1 npx vitest run --project unit test/diff.test.ts`.
*/
import {loadMaskKey} from '../source/config/mask-key.js';
import {maskValue, setMaskKey} from '../source/privacy/mask.js';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough, Readable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {main, type Io} from '../source/cli/main.js';
import {BASELINE_VERSION, parseBaseline} from '../source/views/baseline.js';
import {beyondChance, checkDiffGates, coveredMs, diffSummaries, type Summary, type SummaryRow} from '../source/views/diff.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIX = 'test/fixtures/diff/';
const PAIRS = ['opt-out', 'new-tracker', 'volume-doubles', 'new-identifier', 'longer-after'];

/** Run the command in-process; stdout is not a terminal (print mode). */
/** The mask the CLI gives a value: keyed with this user's key (the tests' config folder, see vitest.config.ts). */
function userMask(value: string, kind: 'identifier' | 'personal'): string {
	setMaskKey(loadMaskKey(process.env).key);
	return maskValue(value, kind);
}

async function cli(args: readonly string[], stdin = ''): Promise<{code: number; out: string; err: string}> {
	const collect = () => {
		const s = new PassThrough();
		const chunks: Buffer[] = [];
		s.on('data', (c: Buffer) => chunks.push(c));
		return {s, text: () => Buffer.concat(chunks).toString('utf8')};
	};
	const out = collect();
	const err = collect();
	const input = Readable.from(stdin === '' ? [] : [Buffer.from(stdin)]);
	const io = {stdin: input, stdout: out.s, stderr: err.s} as unknown as Io;
	const cwd = process.cwd();
	process.chdir(ROOT);
	try {
		const code = await main(args, io);
		return {code, out: out.text(), err: err.text()};
	} finally {
		process.chdir(cwd);
	}
}

type JsonRow = {change: string; before: Record<string, number> | null; after: Record<string, number> | null; notes: string[]; caveat: string | null} & Record<string, unknown>;
type JsonDiff = {before: {hours: number}; after: {hours: number}; counts: Record<string, number>; caveats: string[]; views: Record<string, JsonRow[]>};

async function diffJson(pair: string, extra: readonly string[] = []): Promise<JsonDiff> {
	const r = await cli(['diff', `${FIX}${pair}.before.log`, `${FIX}${pair}.after.log`, '-o', 'json', ...extra]);
	expect(r.code, r.err).toBe(0);
	return JSON.parse(r.out) as JsonDiff;
}

const changed = (d: JsonDiff, view: string, change: string): string[] => d.views[view]!.filter((r) => r.change === change).map((r) => String(r['host'] ?? r['identifier'] ?? r['category'] ?? r['value']));

describe('golden diffs', () => {
	it.each(PAIRS)('%s', async (pair) => {
		const actual = await diffJson(pair);
		const expectedPath = join(ROOT, FIX, `${pair}.expected.json`);
		if (process.env['UPDATE_GOLDEN'] || !existsSync(expectedPath)) writeFileSync(expectedPath, `${JSON.stringify(actual, null, '\t')}\n`);
		expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
	});
});

describe('what each pair names', () => {
	it('an opt-out: the crash reporter is gone, nothing is new', async () => {
		const d = await diffJson('opt-out');
		expect(changed(d, 'destinations', 'gone')).toEqual(['o1234.ingest.sentry.io']);
		expect(changed(d, 'destinations', 'new')).toEqual([]);
		expect(changed(d, 'categories', 'gone')).toEqual(['crash-reporting']);
		expect(changed(d, 'policy', 'gone')).toEqual(['Crash reports']);
		expect(d.counts['new']).toBe(0);
		expect(d.views['destinations']![0]!['host']).not.toBe('o1234.ingest.sentry.io'.replace('o1234', 'x'));
	});

	it('a new tracker: the one new third party comes first', async () => {
		const d = await diffJson('new-tracker');
		expect(changed(d, 'destinations', 'new')).toEqual(['www.google-analytics.com']);
		expect(d.views['destinations']![0]).toMatchObject({change: 'new', host: 'www.google-analytics.com', party: 'third', after: {requests: 30}});
		expect(changed(d, 'destinations', 'gone')).toEqual([]);
		expect(changed(d, 'destinations', 'changed')).toEqual([]);
	});

	it('a host whose volume doubles: changed ×2 per hour, the rest the same', async () => {
		const d = await diffJson('volume-doubles');
		expect(changed(d, 'destinations', 'changed')).toEqual(['analytics.plex.tv']);
		const row = d.views['destinations']!.find((r) => r['host'] === 'analytics.plex.tv')!;
		expect(row.after!['requests']! / row.before!['requests']!).toBe(2);
		expect(row.notes.join(' ')).toMatch(/requests per hour ×1\.9\d|×2/);
		expect(changed(d, 'destinations', 'same').sort()).toEqual(['metadata.provider.plex.tv', 'o1234.ingest.sentry.io', 'plex.tv']);
		expect(changed(d, 'categories', 'changed')).toEqual(['vendor-analytics']);
	});

	it('a new identifier: the destination that receives it, the ledger row, masked', async () => {
		const d = await diffJson('new-identifier');
		expect(changed(d, 'destinations', 'changed')).toEqual(['analytics.plex.tv']);
		expect(d.views['destinations']![0]!.notes).toEqual(['identifiers +X-Plex-Device-Name (personal)']);
		expect(changed(d, 'ledger', 'new')).toEqual([userMask('Living Room TV', 'personal')]);
		expect(d.views['ledger']![0]).toMatchObject({change: 'new', kind: 'personal', organization: 'Plex Inc.'});
		expect(JSON.stringify(d)).not.toContain('Living Room');
		expect(changed(d, 'destinations', 'new')).toEqual([]);
	});

	it('a longer AFTER side: rates, not counts, and a caveat on the host seen only in the longer side', async () => {
		const d = await diffJson('longer-after');
		expect(d.caveats.join(' ')).toMatch(/different lengths of time \(before 9 min, after 2 h\)/);
		const fresh = d.views['destinations']!.filter((r) => r.change === 'new');
		expect(fresh.map((r) => r['host'])).toEqual(['updates.example-vendor.com']);
		expect(fresh[0]!.caveat).toMatch(/only after, which covers 2 h against 9 min: .* before would be expected to see ~0\.1/);
		// Ten analytics requests in nine minutes and a hundred and twenty in two hours: the same rate.
		expect(d.views['destinations']!.find((r) => r['host'] === 'analytics.plex.tv')!.change).toBe('same');
		expect(changed(d, 'destinations', 'changed')).toEqual([]);
	});

	it('the same capture on both sides: every row the same', async () => {
		const r = await cli(['diff', `${FIX}opt-out.before.log`, `${FIX}opt-out.before.log`, '-o', 'json']);
		const d = JSON.parse(r.out) as JsonDiff;
		expect(d.counts).toMatchObject({new: 0, gone: 0, changed: 0});
		expect(d.counts['same']).toBeGreaterThan(5);
	});
});

describe('sides', () => {
	it('--before/--after groups and - for stdin give the same diff as two paths', async () => {
		const direct = await diffJson('new-tracker');
		const grouped = await cli(['diff', '--before', `${FIX}new-tracker.before.log`, '--after', `${FIX}new-tracker.after.log`, '-o', 'json']);
		expect((JSON.parse(grouped.out) as JsonDiff).views).toEqual(direct.views);
		const piped = await cli(['diff', `${FIX}new-tracker.before.log`, '-', '-o', 'json'], readFileSync(join(ROOT, FIX, 'new-tracker.after.log'), 'utf8'));
		expect(piped.code, piped.err).toBe(0);
		expect((JSON.parse(piped.out) as JsonDiff).views).toEqual(direct.views);
	});

	it('has its own --help', async () => {
		const r = await cli(['diff', '--help']);
		expect(r.code).toBe(0);
		expect(r.out).toMatch(/^telemetry-tui diff — what changed between two captures\n/);
		expect(r.out).toContain('--fail-on KINDS');
	});

	it('refuses what cannot be a comparison', async () => {
		expect((await cli(['diff', `${FIX}opt-out.before.log`])).code).toBe(2);
		expect((await cli(['diff', '-', '-'])).err).toMatch(/only one side can read stdin/);
		expect((await cli(['diff', 'a', 'b', '--view', 'nope'])).err).toMatch(/unknown view "nope"/);
		expect((await cli(['diff', 'a', 'b', '--fail-on', 'ads'])).err).toMatch(/unknown kind "ads"; kinds: new-destination/);
		const missing = await cli(['diff', `${FIX}opt-out.before.log`, `${FIX}nope.log`]);
		expect(missing.code).toBe(1);
		expect(missing.err).toMatch(/nothing could be read for the AFTER side/);
	});
});

describe('baselines', () => {
	const dir = mkdtempSync(join(tmpdir(), 'ttui-baseline-'));

	it('round trip: a saved baseline compares like the capture it was saved from', async () => {
		const file = join(dir, 'base.json');
		const saved = await cli(['--save-baseline', file, `${FIX}new-identifier.before.log`]);
		expect(saved.code, saved.err).toBe(0);
		expect(saved.out).toBe('');
		expect(saved.err).toMatch(/baseline saved to .*base\.json: 4 destinations, 1 ledger rows, 59 min/);
		const direct = await diffJson('new-identifier');
		const viaBaseline = await cli(['--baseline', file, `${FIX}new-identifier.after.log`, '-o', 'json']);
		expect(viaBaseline.code, viaBaseline.err).toBe(0);
		expect((JSON.parse(viaBaseline.out) as JsonDiff).views).toEqual(direct.views);
		// A baseline is also a side of its own.
		const asSide = await cli(['diff', file, `${FIX}new-identifier.after.log`, '-o', 'json']);
		expect((JSON.parse(asSide.out) as JsonDiff).views).toEqual(direct.views);
	});

	it('holds masks, never raw values, also when read with --show-secrets', async () => {
		for (const flags of [[], ['--show-secrets']]) {
			const file = join(dir, `masks${flags.length}.json`);
			expect((await cli(['--save-baseline', file, ...flags, `${FIX}new-identifier.after.log`])).code).toBe(0);
			const text = readFileSync(file, 'utf8');
			for (const raw of ['7f3c2a9e0b1d4e6f8a2c', 'Zx9yW8vU7tS6rQ5pO4nM', 'Living Room']) expect(text).not.toContain(raw);
			expect(text).toContain(userMask('7f3c2a9e0b1d4e6f8a2c', 'identifier'));
			const b = parseBaseline(text, file);
			expect('baseline' in b && b.baseline.version).toBe(BASELINE_VERSION);
		}
	});

	it('says so when the baseline was saved under another filter', async () => {
		const file = join(dir, 'filtered.json');
		expect((await cli(['--save-baseline', file, '--filter', 'party:third', `${FIX}opt-out.before.log`])).code).toBe(0);
		const same = JSON.parse((await cli(['--baseline', file, '--filter', 'party:third', `${FIX}opt-out.before.log`, '-o', 'json'])).out) as JsonDiff;
		expect(same.caveats).toEqual([]);
		expect(same.counts).toMatchObject({new: 0, gone: 0, changed: 0});
		const other = JSON.parse((await cli(['--baseline', file, `${FIX}opt-out.before.log`, '-o', 'json'])).out) as JsonDiff;
		expect(other.caveats.join(' ')).toMatch(/BEFORE side is a baseline saved with filter "party:third"; AFTER is read with ""/);
	});

	it('one clear error for a future version, a damaged file, or something else', async () => {
		const file = join(dir, 'v.json');
		expect((await cli(['--save-baseline', file, `${FIX}opt-out.before.log`])).code).toBe(0);
		const good = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
		const cases: Array<[unknown, RegExp]> = [
			[{...good, version: BASELINE_VERSION + 1}, /baseline version 2 is newer than this telemetry-tui reads \(1\)/],
			[{...good, summary: {...(good['summary'] as object), records: 'many'}}, /damaged baseline: summary\.records: /],
			[{...good, summary: {...(good['summary'] as object), views: {}}}, /damaged baseline: summary\.views\.destinations is missing/],
			[{log: {entries: []}}, /not a telemetry-tui baseline/],
		];
		for (const [content, message] of cases) {
			writeFileSync(file, JSON.stringify(content));
			const r = await cli(['--baseline', file, `${FIX}opt-out.after.log`]);
			expect(r.code).toBe(2);
			expect(r.err).toMatch(message);
			expect(r.err.trim().split('\n')).toHaveLength(1);
			expect(r.out).toBe('');
		}
		writeFileSync(file, '{"format": "telemetry-tui-baseline", "version": 1,');
		expect((await cli(['--baseline', file, `${FIX}opt-out.after.log`])).err).toMatch(/not a baseline: not JSON/);
	});
});

describe('the gate', () => {
	const dir = mkdtempSync(join(tmpdir(), 'ttui-gate-'));

	it('exits 3 only when what it was told to fail on is new', async () => {
		const base = join(dir, 'base.json');
		await cli(['--save-baseline', base, `${FIX}new-tracker.before.log`]);
		const gate = async (after: string, kinds: string) => cli(['--baseline', base, after, '--fail-on', kinds, '-o', 'json']);
		const tracker = await gate(`${FIX}new-tracker.after.log`, 'new-third-party');
		expect(tracker.code).toBe(3);
		expect(tracker.err).toBe('telemetry-tui: --fail-on new-third-party: found\n  new-third-party: 1: www.google-analytics.com\n');
		expect((await gate(`${FIX}new-tracker.before.log`, 'new-third-party,new-destination,new-identifier,new-policy-category,category-up')).code).toBe(0);
		expect((await gate(`${FIX}opt-out.after.log`, 'new-third-party,new-destination,new-identifier')).code).toBe(0);
		expect((await gate(`${FIX}new-identifier.after.log`, 'new-third-party')).code).toBe(0);
		const id = await gate(`${FIX}new-identifier.after.log`, 'new-identifier');
		expect(id.code).toBe(3);
		expect(id.err).toContain(`new-identifier: 2: analytics.plex.tv (destinations); ${userMask('Living Room TV', 'personal')} personal Plex Inc. (ledger)`);
		const up = await gate(`${FIX}volume-doubles.after.log`, 'category-up');
		expect(up.code).toBe(3);
		expect(up.err).toMatch(/category-up: 1: vendor-analytics/);
		expect((await gate(`${FIX}new-tracker.after.log`, 'new-policy-category')).err).toMatch(/new-policy-category: 1: Ad interaction/);
	});
});

describe('every output format', () => {
	it('table, markdown and CSV print the sides and the changed views; NDJSON one row per line with its view', async () => {
		const args = ['diff', `${FIX}new-tracker.before.log`, `${FIX}new-tracker.after.log`, '-o'];
		const table = (await cli([...args, 'table'])).out;
		expect(table.split('\n')[0]).toBe('3 new, 0 gone, 0 changed, 15 same.');
		expect(table).toMatch(/│ new +│ www\.google-analytics\.com +│ Google/);
		const md = (await cli([...args, 'markdown'])).out;
		expect(md).toContain('### Destinations: before → after');
		expect(md).toMatch(/\| new \| www\\\.google-analytics\.com \| Google \|/);
		// CSV is one view a file: several are a usage error, one is a plain table.
		expect((await cli([...args, 'csv'])).code).toBe(2);
		const csv = (await cli([...args, 'csv', '--view', 'destinations'])).out;
		expect(csv.startsWith('change,host,organization,category,party,identifiers,period,before_requests,after_requests,delta_requests,before_blocked')).toBe(true);
		expect(csv).toMatch(/\nnew,www\.google-analytics\.com,Google,ads,third,,~120 s \(100%\),,30,30,/);
		const lines = (await cli([...args, 'ndjson'])).out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(lines[0]).toMatchObject({view: 'destinations', change: 'new', host: 'www.google-analytics.com', before: null, after: {requests: 30}});
		expect(lines.every((l) => typeof l['view'] === 'string' && typeof l['change'] === 'string')).toBe(true);
	});

	it('--view narrows the compared views', async () => {
		const r = await cli(['diff', `${FIX}new-tracker.before.log`, `${FIX}new-tracker.after.log`, '-o', 'json', '--view', 'destinations,policy']);
		expect(Object.keys((JSON.parse(r.out) as JsonDiff).views)).toEqual(['destinations', 'policy']);
	});
});

describe('the comparison', () => {
	const side = (hours: number | null, destinations: SummaryRow[], ledger: SummaryRow[] = []): Summary => ({
		inputs: [],
		records: 0,
		first: null,
		last: null,
		hours,
		views: {destinations, ledger, categories: [], identifiers: [], formats: [], resolutions: [], devices: [], policy: []},
	});
	const dest = (host: string, requests: number, extra: Partial<SummaryRow> = {}): SummaryRow => ({host, organization: 'Org', category: 'ads', party: 'third', identifiers: [], period: '', requests, blocked: 0, bytesSent: 0, bytesReceived: 0, ...extra});

	it('measures a side by the time its inputs cover', () => {
		expect(coveredMs([{from: 0, to: 10}, {from: 1000, to: 1030}])).toBe(40);
		expect(coveredMs([{from: 0, to: 100}, {from: 50, to: 150}, {from: 60, to: 70}])).toBe(150);
		expect(coveredMs([])).toBe(0);
	});

	it('tells change from chance', () => {
		expect(beyondChance(60, 120, 1, 1)).toBe(true);
		expect(beyondChance(2, 16, 0.15, 2)).toBe(false);
		expect(beyondChance(1, 3, 1, 1)).toBe(false);
		expect(beyondChance(10, 10, 1, 1)).toBe(false);
	});

	it('orders new third parties and new identifiers before everything else, sameness last', () => {
		const d = diffSummaries(
			side(1, [dest('same.example', 10), dest('gone.example', 5), dest('grows.example', 10), dest('vendor.example', 3, {party: 'vendor'})]),
			side(1, [dest('same.example', 10), dest('grows.example', 40), dest('new-vendor.example', 3, {party: 'vendor'}), dest('new-third.example', 1), dest('vendor.example', 3, {party: 'vendor', identifiers: ['deviceId (identifier)']})]),
		);
		const rows = d.views.find((v) => v.spec.name === 'destinations')!.rows;
		expect(rows.map((r) => `${r.change} ${String(r.keys['host'])}`)).toEqual(['new new-third.example', 'changed vendor.example', 'new new-vendor.example', 'changed grows.example', 'gone gone.example', 'same same.example']);
		expect(checkDiffGates(['new-third-party', 'new-identifier'], d)).toEqual(['new-third-party: 1: new-third.example', 'new-identifier: 1: vendor.example (destinations)']);
	});

	it('identifiers the user\'s own server receives are not new identifiers', () => {
		const d = diffSummaries(side(1, []), side(1, [dest('server.plex.direct', 20, {party: 'first', organization: 'Your Plex server', identifiers: ['X-Plex-Token (secret)']})]));
		expect(d.views[0]!.rows[0]).toMatchObject({change: 'new', significance: 1, flags: ['new-destination']});
	});

	it('a new value under a name the organisation received before is shown, but is not a new identifier', () => {
		const ledger = (identifier: string): SummaryRow => ({identifier, kind: 'identifier', organization: 'Org', party: 'third', carriedAs: ['sessionId'], encodings: ['raw'], hosts: ['a.example'], requests: 4});
		const d = diffSummaries(side(1, [], [ledger('abcd…#111111')]), side(1, [], [ledger('efgh…#222222')]));
		const rows = d.views.find((v) => v.spec.name === 'ledger')!.rows;
		expect(rows.map((r) => r.change)).toEqual(['new', 'gone']);
		expect(rows[0]!.notes[0]).toMatch(/a new value under names this organisation received before/);
		expect(checkDiffGates(['new-identifier'], d)).toEqual([]);
	});

	it('without time spans compares counts as they are, and says so', () => {
		const d = diffSummaries(side(null, [dest('a.example', 10)]), side(null, [dest('a.example', 30)]));
		expect(d.caveats[0]).toMatch(/no per-hour rates/);
		expect(d.views[0]!.rows[0]).toMatchObject({change: 'changed', beforePerHour: null, notes: ['requests ×3 (10 → 30)']});
	});
});

/**
The parse worker (source/pipeline/worker.ts) gives exactly what reading in-process gives: every fixture
and sample read both ways
(`TELEMETRY_TUI_WORKERS=0` and `always`), and the stores compared — every record in order,
every view's rows, the diagnostics (with their locations) and the inputs' status, format, bytes and
counts. Also gzip, `--type`, `--log-tz`, a read error, and Ctrl-C.

A slow-tier file (and so in the gate): the worker is off by default, and each test starts worker threads,
which under tsx took 5–7 s of the unit tier's CPU.
*/
import {copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {findFormat, FORMATS} from '../source/formats/registry.js';
import {resolveInputs} from '../source/input/sources.js';
import {ingestAll, type IngestOptions} from '../source/pipeline/ingest.js';
import {workersStarted} from '../source/pipeline/worker.js';
import {RecordStore} from '../source/store/store.js';
import {VIEW_NAMES} from '../source/views/registry.js';
import {allRecords, viewRows} from './helpers/records.js';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const SKIP = /(\.expected\.json|fixtures\.json|\.md|\.sh|\.ts)$/;
const inputs = [
	...readdirSync(FIXTURES, {withFileTypes: true})
		.filter((d) => d.isDirectory() && d.name !== 'diff' && d.name !== 'report')
		.flatMap((d) => readdirSync(join(FIXTURES, d.name)).filter((f) => !SKIP.test(f)).map((f) => join(FIXTURES, d.name, f))),
	...readdirSync(join(ROOT, 'samples')).map((f) => join(ROOT, 'samples', f)),
];

const tmp = mkdtempSync(join(tmpdir(), 'parse-worker-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

type Extra = Partial<Pick<IngestOptions, 'type' | 'logZone' | 'signal'>>;

/** Read `files` with the worker off or always on; what the store holds, as comparable data. */
async function read(files: readonly string[], workers: '0' | 'always', extra: Extra = {}) {
	const before = process.env['TELEMETRY_TUI_WORKERS'];
	process.env['TELEMETRY_TUI_WORKERS'] = workers;
	try {
		const stdin = Object.assign(Readable.from([]), {isTTY: true});
		const {sources, problems} = await resolveInputs(files, {stdin, follow: false});
		const store = new RecordStore({spool: true});
		const started = workersStarted();
		await ingestAll(sources, problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: false, ...extra});
		const result = {
			records: allRecords(store),
			views: Object.fromEntries(VIEW_NAMES.map((v) => [v, viewRows(store, v)])),
			diagnostics: store.diagnostics,
			inputs: store.inputs.map((i) => ({...i})),
			workers: workersStarted() - started,
		};
		store.close();
		return result;
	} finally {
		if (before === undefined) delete process.env['TELEMETRY_TUI_WORKERS'];
		else process.env['TELEMETRY_TUI_WORKERS'] = before;
	}
}

async function same(files: readonly string[], extra: Extra = {}): Promise<Awaited<ReturnType<typeof read>>> {
	const here = await read(files, '0', extra);
	const there = await read(files, 'always', extra);
	expect(here.workers).toBe(0);
	expect(there.workers).toBe(there.inputs.length);
	expect({...there, workers: 0}).toEqual({...here, workers: 0});
	return there;
}

describe('parse worker: the same store as reading in-process', () => {
	it('finds the fixtures', () => {
		expect(inputs.length).toBeGreaterThan(40);
		expect(inputs.some((f) => f.endsWith('.pcapng'))).toBe(true);
	});

	it.each(inputs.map((f) => [f.slice(ROOT.length + 1), f]))('%s', {timeout: 30_000}, async (_, file) => {
		const got = await same([file]);
		expect(got.inputs.length).toBeGreaterThan(0);
	});

	it('several inputs at once, learned facts carried from one to the next', {timeout: 30_000}, async () => {
		await same(inputs.filter((f) => /pcap|har|pms/.test(f)).slice(0, 8));
	});

	it('gzip, --type and --log-tz', {timeout: 30_000}, async () => {
		const gz = join(tmp, 'console.log.gz');
		writeFileSync(gz, gzipSync(readFileSync(join(FIXTURES, 'jellyfin', 'console.log'))));
		const got = await same([gz]);
		expect(got.inputs[0]!.format).toBe('jellyfin');
		expect(got.records.length).toBeGreaterThan(0);
		const emby = join(FIXTURES, 'emby', 'embyserver.txt');
		const zoned = await same([emby], {logZone: 'Europe/Berlin'});
		expect(zoned.diagnostics.some((d) => d.code === 'time.no-offset' && d.message.includes('Europe/Berlin'))).toBe(true);
		await same([join(FIXTURES, 'jellyfin', 'console.log')], {type: findFormat('generic-csv')});
	});

	it('a broken gzip: what was read is kept, and the error says where reading stopped', {timeout: 30_000}, async () => {
		const text = readFileSync(join(FIXTURES, 'jellyfin', 'console.log'));
		const whole = gzipSync(Buffer.concat([text, text, text]));
		const cut = join(tmp, 'cut.log.gz');
		writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.8)));
		const got = await same([cut]);
		expect(got.diagnostics.some((d) => d.code === 'input.read-error')).toBe(true);
	});

	it('input problems (empty, binary, unknown format) the same way', {timeout: 30_000}, async () => {
		const empty = join(tmp, 'empty.log');
		writeFileSync(empty, '');
		const binary = join(tmp, 'binary.log');
		writeFileSync(binary, Buffer.from([0, 1, 2, 0, 0, 3]));
		const unknown = join(tmp, 'unknown.log');
		writeFileSync(unknown, 'nothing this tool reads\n'.repeat(20));
		const got = await same([empty, binary, unknown]);
		expect(got.inputs.map((i) => i.status)).toEqual(['failed', 'failed', 'failed']);
	});

	it('Ctrl-C before reading: nothing read, no worker left behind', async () => {
		const controller = new AbortController();
		controller.abort();
		const got = await read([join(FIXTURES, 'jellyfin', 'console.log')], 'always', {signal: controller.signal});
		expect(got.workers).toBe(0);
		expect(got.records).toEqual([]);
	});

	it('Ctrl-C while the worker reads: it stops, what was read is kept', {timeout: 30_000}, async () => {
		const big = join(tmp, 'big.log');
		const text = readFileSync(join(FIXTURES, 'jellyfin', 'console.log'), 'utf8');
		writeFileSync(big, text.repeat(Math.ceil((3 * 1024 * 1024) / text.length)));
		const controller = new AbortController();
		const reading = read([big], 'always', {signal: controller.signal});
		setTimeout(() => controller.abort(), 200);
		const got = await reading;
		expect(got.workers).toBe(1);
		expect(got.inputs[0]!.status).toBe('done');
		const all = await read([big], '0');
		expect(got.records.length).toBeLessThanOrEqual(all.records.length);
		// What was kept is the start of the input, in order.
		expect(got.records).toEqual(all.records.slice(0, got.records.length));
	});

	it('a file copied under another name reads the same (the worker opens the path it was given)', {timeout: 30_000}, async () => {
		const copy = join(tmp, 'session copy.har');
		copyFileSync(join(ROOT, 'samples', 'plex-web-session.har'), copy);
		const got = await same([copy]);
		expect(got.inputs[0]!.name).toBe(copy);
	});
});

/**
The main thread's half of ingestion, alone: what it costs to finalise and store every record of a file
that a parse worker has already parsed (source/pipeline/ingest.ts `storeSink` → finalise → store.add),
beside a plain line split of the same file (the peer of issue 11's target).

Run: `npm run build`, then `node --expose-gc --import tsx bench/main-thread.ts FILE [runs]` (default 3
runs). The timed half runs the build's modules (dist/), as the CLI does.
`--profile` after the file: one run under `--cpu-prof`, then the 30 functions with the most self time.

1. The file is read and parsed once, in-process (`readSource`), into the events a parse worker would
   send, serialised in the worker's batches (`v8.serialize`, as structured clone does) into a cache
   under the system's temporary folder (kept while the file and this tree's parsers are unchanged).
2. Each run is a fresh child process (cold memos, as the CLI starts): it reads the cache, packs each
   batch as the worker posts it (worker.ts `packBatch`, serialised as postMessage does), then replays
   every batch into a fresh store's sink, timing the batches' arrival (deserialise + `unpackBatch`:
   "clone") and the replay ("store") separately, in CPU seconds (user + system of the process).
3. The line split (measure.ts `lineSplit`) runs between the children, in the same minutes.
Each figure is the best of the runs; µs per record = CPU seconds / records.
*/
import {spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {deserialize, serialize} from 'node:v8';
import {FORMATS} from '../source/formats/registry.js';
import {fileSource} from '../source/input/sources.js';
import {readSource} from '../source/pipeline/read.js';
import {EVENT, eventSink, REPLAY, type ToMain} from '../source/pipeline/worker.js';
import {fmt, lineSplit, loadAverage} from './measure.js';

const SELF = fileURLToPath(import.meta.url);
const BATCH = 2048;

type Child = {records: number; events: number; cloneCpu: number; storeCpu: number; gcMs: number; heapMb: number};

/** The cache of parsed events for `file`: one per file (name, size, mtime). */
function cachePath(file: string): string {
	const s = statSync(file);
	const dir = join(tmpdir(), 'telemetry-tui-main-thread');
	mkdirSync(dir, {recursive: true});
	return join(dir, `${basename(file)}-${s.size}-${Math.round(s.mtimeMs)}.events`);
}

/** Parse `file` in-process into batches of events, each written as a length-prefixed `v8.serialize`. */
async function writeCache(file: string, out: string): Promise<void> {
	const fd = openSync(`${out}.part`, 'w');
	let kinds: number[] = [];
	let values: unknown[] = [];
	const flush = (): void => {
		if (kinds.length === 0) return;
		const bytes = serialize({kinds, values});
		const head = Buffer.alloc(4);
		head.writeUInt32LE(bytes.length);
		writeSync(fd, head);
		writeSync(fd, bytes);
		kinds = [];
		values = [];
	};
	const push = (kind: number, value: unknown): void => {
		kinds.push(kind);
		values.push(value);
		if (kinds.length >= BATCH) flush();
	};
	const sink = eventSink(push, () => push(EVENT.progress, undefined));
	const s = statSync(file);
	await readSource(fileSource(file, file, s.size, s.mtime), {formats: FORMATS}, sink);
	flush();
	closeSync(fd);
	const {renameSync} = await import('node:fs');
	renameSync(`${out}.part`, out);
}

/** The serialised batches of a cache file. */
function* batches(cache: string): Generator<Buffer> {
	const all = readFileSync(cache);
	for (let at = 0; at < all.length; ) {
		const n = all.readUInt32LE(at);
		yield all.subarray(at + 4, at + 4 + n);
		at += 4 + n;
	}
}

const cpu = (start: NodeJS.CpuUsage): number => {
	const c = process.cpuUsage(start);
	return (c.user + c.system) / 1e6;
};

/** One timed replay of the cache into a fresh store (as bench/pipeline.ts builds it). */
async function child(file: string, cache: string): Promise<Child> {
	// The build's modules, as the CLI runs them (tsx's transform adds a call per closure made): `npm run build` first.
	const dist = new URL('../dist/', import.meta.url);
	const load = <T>(path: string): Promise<T> => import(new URL(path, dist).href) as Promise<T>;
	const {createClassifier} = await load<typeof import('../source/classify/classify.js')>('classify/classify.js');
	const {storeSink} = await load<typeof import('../source/pipeline/ingest.js')>('pipeline/ingest.js');
	const {RecordStore} = await load<typeof import('../source/store/store.js')>('store/store.js');
	const {FORMATS} = await load<typeof import('../source/formats/registry.js')>('formats/registry.js');
	// Each batch as the parse worker posts it (packBatch) and as postMessage carries it (serialised).
	// (A tree from before packBatch posted `{type, kinds, values}`: an A/B run against it measures that.)
	const worker = await load<Partial<typeof import('../source/pipeline/worker.js')>>('pipeline/worker.js');
	const pack = worker.packBatch ?? ((kinds: number[], values: unknown[]): ToMain => ({type: 'batch', kinds, values}));
	const unpack = worker.unpackBatch ?? ((message: Extract<ToMain, {type: 'batch'}>): unknown[] => message.values);
	const posted: Buffer[] = [];
	for (const bytes of batches(cache)) {
		const {kinds, values} = deserialize(bytes) as {kinds: number[]; values: unknown[]};
		posted.push(serialize(pack(kinds, values)));
	}
	const {PerformanceObserver} = await import('node:perf_hooks');
	let gcMs = 0;
	const observer = new PerformanceObserver((list) => {
		for (const e of list.getEntries()) gcMs += e.duration;
	});
	observer.observe({entryTypes: ['gc']});
	const store = new RecordStore();
	const classifier = createClassifier();
	const source = fileSource(file, file, statSync(file).size);
	const sink = storeSink(source, store, {formats: FORMATS, classifier, showSecrets: false});
	let cloneCpu = 0;
	let storeCpu = 0;
	let events = 0;
	globalThis.gc?.();
	for (const bytes of posted) {
		const t0 = process.cpuUsage();
		const message = deserialize(bytes) as Extract<ToMain, {type: 'batch'}>;
		const {kinds} = message;
		const values = unpack(message);
		const t1 = process.cpuUsage();
		for (let i = 0; i < kinds.length; i++) REPLAY[kinds[i]!]!(sink, values[i]);
		storeCpu += cpu(t1);
		cloneCpu += (t1.user + t1.system - t0.user - t0.system) / 1e6;
		events += kinds.length;
	}
	sink.close();
	await new Promise((r) => setTimeout(r, 10));
	observer.disconnect();
	return {records: store.size, events, cloneCpu, storeCpu, gcMs, heapMb: process.memoryUsage().heapUsed / 2 ** 20};
}

const file = process.argv[2];
if (!file || !existsSync(file)) {
	console.error('usage: node --expose-gc --import tsx bench/main-thread.ts FILE [runs | --profile]');
	process.exit(2);
}
if (process.argv[3] === '--child') {
	console.log(JSON.stringify(await child(file, process.argv[4]!)));
	process.exit(0);
}

const cache = cachePath(file);
if (!existsSync(cache)) {
	console.log(`parsing ${file} once into ${cache} …`);
	await writeCache(file, cache);
}
const runChild = (flags: readonly string[] = []): Child => {
	const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', ...flags, SELF, file, '--child', cache], {encoding: 'utf8', maxBuffer: 1 << 24});
	if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
	return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Child;
};

if (process.argv[3] === '--profile') {
	const dir = join(tmpdir(), 'telemetry-tui-main-thread', 'profile');
	mkdirSync(dir, {recursive: true});
	const r = runChild(['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200']);
	console.log(`store ${fmt((r.storeCpu / r.records) * 1e6, 2)} µs a record, clone ${fmt((r.cloneCpu / r.records) * 1e6, 2)} µs (under the profiler)`);
	const {readdirSync} = await import('node:fs');
	// The run's main thread wrote the largest profile (tsx's loader thread writes one too).
	const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f));
	const latest = Math.max(...files.map((f) => statSync(f).mtimeMs));
	const newest = files.filter((f) => statSync(f).mtimeMs > latest - 5000).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
	type Node = {id: number; callFrame: {functionName: string; url: string; lineNumber: number}; children?: number[]};
	const profile = JSON.parse(readFileSync(newest, 'utf8')) as {nodes: Node[]; samples: number[]; timeDeltas: number[]};
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	let total = 0;
	profile.samples.forEach((id, k) => {
		const n = byId.get(id)!;
		const f = n.callFrame;
		const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(source|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
		const dt = profile.timeDeltas[k] ?? 0;
		self.set(name, (self.get(name) ?? 0) + dt);
		total += dt;
	});
	for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
		console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${fmt(us / 1000).padStart(6)} ms  ${name}`);
	}
	console.log(`profile: ${newest}`);
	process.exit(0);
}

const runs = Number(process.argv[3] ?? 3);
let best: Child | undefined;
let split: ReturnType<typeof lineSplit> | undefined;
for (let k = 0; k < runs; k++) {
	const r = runChild();
	if (!best || r.storeCpu < best.storeCpu) best = {...r, cloneCpu: Math.min(r.cloneCpu, best?.cloneCpu ?? Infinity)};
	else best.cloneCpu = Math.min(best.cloneCpu, r.cloneCpu);
	const s = lineSplit(file);
	if (!split || s.cpuSeconds < split.cpuSeconds) split = s;
}
const b = best!;
const us = (s: number): string => fmt((s / b.records) * 1e6, 2);
console.log(`input:        ${file}, ${fmt(statSync(file).size / 2 ** 20)} MiB, ${fmt(b.records)} records (${fmt(b.events)} events)`);
console.log(`store half:   ${fmt(b.storeCpu, 2)} s CPU, ${us(b.storeCpu)} µs a record (GC ${fmt(b.gcMs)} ms, heap ${fmt(b.heapMb)} MB at the end)`);
console.log(`clone:        ${fmt(b.cloneCpu, 2)} s CPU, ${us(b.cloneCpu)} µs a record (deserialising the worker's batches)`);
console.log(`line split:   ${fmt(split!.cpuSeconds, 2)} s CPU (${fmt(split!.seconds, 2)} s wall), ${us(split!.cpuSeconds)} µs a record`);
console.log(`main thread:  ${fmt(((b.storeCpu + b.cloneCpu) / split!.cpuSeconds), 2)}× the line split's CPU (target ≤ 2.5× for 0.4× its rate)`);
console.log(`best of ${runs}; load average ${loadAverage()} (2 cores, shared)`);

/**
Reading a large file in a parse worker: a second thread reads, detects and parses (`readSource`,
read.ts, in parse-worker.ts) and sends what it found in batches, in the order it was found; the main
thread replays each batch into the same sink an in-process read reports to (ingest.ts `storeSink`:
finalise, classify, store). With two cores, parsing and storing overlap.

Off by default: measured on an idle two-core machine (3 December 2026, README "Parse worker"), it gave
no gain. A 1 GB PMS log took 44.0 s wall, 70 s CPU and 310 MB with it, and 41.8 s, 45 s CPU and 267 MB
without. A 514 MiB capture took 2.2–3.8 s with it and 1.9–2.1 s without. The main thread's per-record work
grows by what the worker saves: every string arrives fresh and is hashed again by each map it meets.
`TELEMETRY_TUI_WORKERS=1` (or `on`) turns it on where it could pay: a file read once to its end (not stdin,
not `--follow`), of at least `WORKER_MIN_BYTES` (a worker costs its start-up), with the built-in formats
(the worker knows them by name), on two cores or more. `always` uses it for every file (tests). A worker
that cannot start falls back to reading in-process.

Memory: at most `IN_FLIGHT` batches wait between the threads; the worker waits for the main thread's
acknowledgement before it reads on (backpressure).
*/
import {availableParallelism} from 'node:os';
import {createRequire} from 'node:module';
import type {Worker} from 'node:worker_threads';
import {findFormat} from '../formats/registry.js';
import type {Format} from '../formats/types.js';
import type {InputSource} from '../input/sources.js';
import type {Diagnostic, TelemetryRecord} from '../model/records.js';
import type {ServerFact} from '../model/hosts.js';
import type {ReadSink} from './read.js';

/** Files smaller than this are read in-process: a worker costs ≈ 0.2 s of CPU to start (README, "Parse worker"), which a smaller file would not win back. */
export const WORKER_MIN_BYTES = 64 * 1024 * 1024;

/**
The worker's young generation, in MB: what it allocates lives only until its batch is sent. V8's default
let a 150 MB PMS log peak at 236 MB RSS; 4 MB at 210 MB, for the same CPU time (two runs each, load 12).
*/
const YOUNG_MB = 4;

/** What the worker is asked to read (structured-cloneable). */
export type WorkerJob = {
	readonly path: string;
	readonly name: string;
	readonly size: number;
	readonly mtime: number | undefined;
	readonly formats: readonly string[];
	readonly type: string | undefined;
	readonly formatOptions: Readonly<Record<string, unknown>> | undefined;
};

/** The events of a `ReadSink`, as they cross between the threads: a kind each, and its value. */
export const EVENT = {record: 0, learn: 1, diagnostic: 2, bytes: 3, format: 4, failed: 5, progress: 6, end: 7} as const;

/**
Worker → main: a batch of events in order, or the end of the input. Main → worker: a batch replayed
(`ack`), or stop (`abort`). A batch's records travel as one JSON text (`records`, their slots in `values`
left 0) when JSON keeps them exactly; see `packBatch`.
*/
export type ToMain = {type: 'batch'; kinds: number[]; values: unknown[]; records?: string[]} | {type: 'done'};

/**
Records a JSON text holds, at most: a text stays well under V8's large-object size (128 KiB), so it dies
young in either thread; one text a batch (≈ 1 MB) went to the large-object space, freed only by full
collections, and raised the peak RSS of a 1 GB PMS log from 281 to 311 MB.
*/
const RECORDS_PER_TEXT = 128;

/**
A batch as it is posted. Records go as one JSON text: the main thread parses that in about half the
time structured clone takes to rebuild the same objects (and V8 shares the short strings it parses,
so the store's lookups by them are cheaper too). JSON keeps a record exactly except for values it
cannot write (NaN, Infinity, undefined in a list: all become `null`) and undefined fields (dropped,
which every reader treats as absent): a batch whose JSON holds `null` anywhere goes by structured
clone instead, so what arrives is always what the parser made (-0 aside, which arrives as 0).
*/
export function packBatch(kinds: number[], values: unknown[]): ToMain {
	const texts: string[] = [];
	let group: unknown[] = [];
	try {
		for (let i = 0; i <= kinds.length; i++) {
			if (i < kinds.length && kinds[i] === EVENT.record) group.push(values[i]);
			if (group.length === RECORDS_PER_TEXT || (i === kinds.length && group.length > 0)) {
				const text = JSON.stringify(group);
				if (text.includes('null')) return {type: 'batch', kinds, values};
				texts.push(text);
				group = [];
			}
		}
	} catch {
		return {type: 'batch', kinds, values};
	}
	if (texts.length === 0) return {type: 'batch', kinds, values};
	const rest = values.map((v, i) => (kinds[i] === EVENT.record ? 0 : v));
	return {type: 'batch', kinds, values: rest, records: texts};
}

/** The events of a posted batch, as `packBatch` was given them. */
export function unpackBatch(message: Extract<ToMain, {type: 'batch'}>): unknown[] {
	if (message.records === undefined) return message.values;
	const {kinds, values} = message;
	let text = 0;
	let records: unknown[] = [];
	let next = 0;
	for (let i = 0; i < kinds.length; i++) {
		if (kinds[i] !== EVENT.record) continue;
		if (next === records.length) {
			records = JSON.parse(message.records[text++]!) as unknown[];
			next = 0;
		}
		values[i] = records[next++];
	}
	return values;
}
export type ToWorker = {type: 'ack'} | {type: 'abort'};

/** Batches sent and not yet replayed, at most: the worker waits for the main thread beyond this. */
export const IN_FLIGHT = 4;

let started = 0;
/** How many parse workers this process has started (tests check which way an input was read). */
export const workersStarted = (): number => started;

/** Whether this input is read in a worker (see the module comment). */
export function workerPays(source: InputSource, formats: readonly Format[], type: Format | undefined, env = process.env): boolean {
	const setting = env['TELEMETRY_TUI_WORKERS'];
	// Off unless asked for (see the module comment): on an idle two-core machine it saved no time and cost
	// CPU and memory.
	if (setting !== '1' && setting !== 'on' && setting !== 'always') return false;
	if (source.live || source.path === undefined) return false;
	// A second thread pays only with a second core, and a large file.
	if (setting !== 'always' && ((source.size ?? 0) < WORKER_MIN_BYTES || availableParallelism() < 2)) return false;
	// The worker finds the formats by name in the registry: a format given otherwise (a test's) stays here.
	return formats.every((f) => findFormat(f.name) === f) && (type === undefined || findFormat(type.name) === type);
}

/** The worker's entry beside this module: the build's .js, the bundle's parse-worker.mjs, or the source's .ts (tests, tsx). */
function workerEntry(): {url: URL; execArgv: string[] | undefined} {
	const self = import.meta.url;
	if (self.endsWith('.ts')) {
		const tsx = process.execArgv.some((a) => a.includes('tsx'));
		return {url: new URL('./parse-worker.ts', self), execArgv: tsx ? undefined : [...process.execArgv, '--import', 'tsx']};
	}
	return {url: new URL(self.endsWith('.mjs') ? './parse-worker.mjs' : './parse-worker.js', self), execArgv: undefined};
}

type WorkerOptions = {
	readonly formats: readonly Format[];
	readonly type?: Format | undefined;
	readonly formatOptions?: Readonly<Record<string, unknown>> | undefined;
	readonly signal?: AbortSignal | undefined;
};

/** A sink that hands each event to `push` as its kind and value (a batch's two lists); `progress` as given. */
export function eventSink(push: (kind: number, value: unknown) => void, progress: () => void | Promise<void>): ReadSink {
	return {
		record: (r) => push(EVENT.record, r),
		learn: (fact) => push(EVENT.learn, fact),
		diagnostic: (d) => push(EVENT.diagnostic, d),
		bytes: (n) => push(EVENT.bytes, n),
		format: (name) => push(EVENT.format, name),
		failed: (code, message, line) => push(EVENT.failed, [code, message, line]),
		progress,
		end: (aborted) => push(EVENT.end, aborted),
	};
}

/** How each kind of event is replayed into the sink, by its number in `EVENT`. */
export const REPLAY: ReadonlyArray<(sink: ReadSink, value: unknown) => void> = [
	(sink, value) => sink.record(value as TelemetryRecord),
	(sink, value) => sink.learn(value as ServerFact),
	(sink, value) => sink.diagnostic(value as Diagnostic),
	(sink, value) => sink.bytes(value as number),
	(sink, value) => sink.format(value as string),
	(sink, value) => sink.failed(...(value as [string, string, number | undefined])),
	(sink) => void sink.progress(),
	(sink, value) => sink.end(value as boolean),
];

/** Replay one batch into the sink. */
function replay(kinds: readonly number[], values: readonly unknown[], sink: ReadSink, source: InputSource): void {
	for (let i = 0; i < kinds.length; i++) {
		const kind = kinds[i]!;
		try {
			REPLAY[kind]!(sink, values[i]);
		} catch (error) {
			if (kind !== EVENT.record) throw error;
			// In-process, the parser's call of `emit.record` is inside the catch that reports a throw.
			const origin = (values[i] as TelemetryRecord).origin;
			const message = `internal parser error: ${error instanceof Error ? error.message : String(error)}`;
			sink.diagnostic({severity: 'error', code: 'parser.internal', message, origin: {...origin, file: source.name}});
		}
	}
}

/**
Read `source` in a worker into `sink`. Resolves true when it was read there (to its end, or as far as
the worker got), false when it is to be read in-process (not worth a worker, or the worker did not start).
*/
export function readInWorker(
	source: InputSource,
	options: WorkerOptions,
	sink: ReadSink,
): Promise<boolean> {
	if (!workerPays(source, options.formats, options.type)) return Promise.resolve(false);
	if (options.signal?.aborted) return Promise.resolve(false);
	const job: WorkerJob = {
		path: source.path!,
		name: source.name,
		size: source.size ?? 0,
		mtime: source.mtime?.getTime(),
		formats: options.formats.map((f) => f.name),
		type: options.type?.name,
		formatOptions: options.formatOptions,
	};
	let worker: Worker;
	try {
		structuredClone(job.formatOptions);
		const entry = workerEntry();
		// Loaded only when a worker is started: 7–15 ms that a start on a small input need not pay.
		const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
		const limits = {resourceLimits: {maxYoungGenerationSizeMb: YOUNG_MB}};
		worker = new threads.Worker(entry.url, {workerData: job, ...limits, ...(entry.execArgv ? {execArgv: entry.execArgv} : {})});
		started++;
	} catch {
		return Promise.resolve(false);
	}
	return new Promise<boolean>((resolve) => {
		/** Anything received: from then on the input is the worker's (a fallback would read it twice). */
		let received = false;
		let settled = false;
		let ended = false;
		const onAbort = (): void => {
			worker.postMessage({type: 'abort'} satisfies ToWorker);
			// A worker busy in a long chunk gets a moment to send what it read, then is stopped.
			setTimeout(() => void worker.terminate(), 2000).unref();
		};
		options.signal?.addEventListener('abort', onAbort, {once: true});
		const settle = (inWorker: boolean): void => {
			if (settled) return;
			settled = true;
			options.signal?.removeEventListener('abort', onAbort);
			void worker.terminate();
			resolve(inWorker);
		};
		worker.on('message', (message: ToMain) => {
			received = true;
			if (message.type === 'batch') {
				if (message.kinds.includes(EVENT.end) || message.kinds.includes(EVENT.failed)) ended = true;
				replay(message.kinds, unpackBatch(message), sink, source);
				worker.postMessage({type: 'ack'} satisfies ToWorker);
			} else settle(true);
		});
		const lost = (why: string): void => {
			if (settled) return;
			if (!received) return settle(false);
			if (!ended) {
				// Stopped by Ctrl-C while busy: what was read is kept, as in-process. Else a bug: said where.
				const aborted = options.signal?.aborted === true;
				if (!aborted) sink.diagnostic({severity: 'error', code: 'parser.internal', message: `internal parser error: the parse worker stopped (${why})`, origin: {file: source.name}});
				sink.end(aborted);
			}
			settle(true);
		};
		worker.on('error', (error) => lost(error instanceof Error ? error.message : String(error)));
		worker.on('exit', (code) => lost(`exit code ${code}`));
	});
}

/**
The parse worker's entry (worker.ts starts it): reads one input with `readSource` and sends its events
to the main thread in batches, in order, waiting when `IN_FLIGHT` batches are not yet replayed.
*/
import {parentPort, workerData} from 'node:worker_threads';
import {findFormat} from '../formats/registry.js';
import type {Format} from '../formats/types.js';
import {fileSource} from '../input/sources.js';
import {readSource, type ReadSink} from './read.js';
import {EVENT, eventSink, IN_FLIGHT, packBatch, type ToMain, type ToWorker, type WorkerJob} from './worker.js';

/** A batch is sent once it holds this many events, or at a chunk's end when `FLUSH_MS` have passed since the last. */
const BATCH_EVENTS = 2048;
const FLUSH_MS = 50;

const port = parentPort!;
const job = workerData as WorkerJob;
const controller = new AbortController();
let kinds: number[] = [];
let values: unknown[] = [];
let inFlight = 0;
let lastFlush = Date.now();
let waiting: (() => void) | undefined;

port.on('message', (message: ToWorker) => {
	if (message.type === 'abort') controller.abort();
	else {
		inFlight--;
		if (inFlight < IN_FLIGHT && waiting) {
			const wake = waiting;
			waiting = undefined;
			wake();
		}
	}
});

function flush(): void {
	if (kinds.length === 0) return;
	port.postMessage(packBatch(kinds, values));
	inFlight++;
	kinds = [];
	values = [];
	lastFlush = Date.now();
}

function push(kind: number, value: unknown): void {
	kinds.push(kind);
	values.push(value);
	if (kinds.length >= BATCH_EVENTS) flush();
}

const sink: ReadSink = eventSink(push, () => {
	push(EVENT.progress, undefined);
	if (Date.now() - lastFlush >= FLUSH_MS) flush();
	if (inFlight < IN_FLIGHT || controller.signal.aborted) return;
	return new Promise<void>((resolve) => {
		waiting = resolve;
	});
});

const byName = (name: string): Format => {
	const format = findFormat(name);
	if (!format) throw new Error(`unknown format ${name}`);
	return format;
};
await readSource(
	fileSource(job.path, job.name, job.size, job.mtime === undefined ? undefined : new Date(job.mtime)),
	{formats: job.formats.map(byName), type: job.type === undefined ? undefined : byName(job.type), formatOptions: job.formatOptions, signal: controller.signal},
	sink,
);
flush();
port.postMessage({type: 'done'} satisfies ToMain);

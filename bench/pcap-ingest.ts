/**
Packet capture benchmark: the whole pipeline on a ≥ 500 MB capture against reading the same file's
bytes, in the same run.

Run: `node --expose-gc --import tsx bench/pcap-ingest.ts [sizeMB]` (default 512).

Data (generated once into `bench/data/`, gitignored; see `pcap-data.ts`): `capture-<size>mb.pcap`, a
home network's traffic (long streams, short HTTPS connections, DNS, plain HTTP, QUIC, NTP).

Each measurement runs in its own child process (no shared heap) and samples its RSS every 50 ms (and
reports the kernel's max RSS); they run alternately, five times each, and the table keeps the best time
(with that run's CPU seconds) and the highest RSS. CPU seconds are printed beside the times: on the
shared 2-core machine the wall time also counts the waits for a core, which vary from run to run.
- `read`: read the file as the CLI's input layer does (`readChunks`: a regular file in 128 KiB chunks into
  one buffer, by the reading thread; until 3 December 2026, 1 MiB chunks into two buffers by the thread
  pool) and look at none of it.
- `stream`: a read stream in 1 MiB chunks, a fresh buffer each (what the input layer did before), and
  look at none of it: the other way to read the bytes, for comparison.
- `touch`: `read`, loading one byte of every 64 (every cache line): the least any reader of the bytes does.
- `parser`: read it (as `read`) through the pcap parser alone (records counted, not finalised).
- `pipeline`: the CLI's path (bench/pipeline.ts): detect, parse, finalise (sanitise, redact, mask,
  classify), store, and every view once at the end; read and parsed in a parse worker (a second thread,
  source/pipeline/worker.ts), as the CLI does for a file this large.
- `pipeline, no worker`: the same with `TELEMETRY_TUI_WORKERS=0`, all in one thread.
Each child first makes the V8 setting the CLI makes (`tierUpLater`, source/cli/early.ts: TurboFan later).
Target: pipeline ≥ 0.4× the read rate, peak RSS < 300 MB.
*/
import {loadavg} from 'node:os';
import {createReadStream, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {pcapFormat} from '../source/formats/pcap/index.js';
import {readChunks} from '../source/input/sources.js';
import {tierUpLater} from '../source/cli/early.js';
import {ensureCapture} from './pcap-data.js';
import {better, fmt, mbps, rssSampler, runChild} from './measure.js';
import {runPipeline} from './pipeline.js';

const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

/** `cpu`: seconds of CPU (user + system, every thread of the child) over the measured part: under load, wall time
also counts the time spent waiting for a core, CPU time does not. */
type Measurement = {bytes: number; ms: number; cpu: number; peakRss: number; maxRss: number; records?: number; packets?: number};

const cpuSince = (start: NodeJS.CpuUsage): number => {
	const c = process.cpuUsage(start);
	return (c.user + c.system) / 1e6;
};

/** Read a file as the input layer does (`readChunks`). */
async function chunked(file: string, onChunk: (chunk: Uint8Array) => void): Promise<void> {
	for await (const chunk of readChunks(file, MB)) onChunk(chunk);
}

/** A read stream in 1 MiB chunks: a fresh buffer each (a comparison: what the input layer did before). */
async function stream(file: string, onChunk: (chunk: Uint8Array) => void): Promise<void> {
	for await (const chunk of createReadStream(file, {highWaterMark: MB})) onChunk(chunk as Buffer);
}

async function childRead(file: string, touch: boolean, read = chunked): Promise<Measurement> {
	globalThis.gc?.();
	const sampler = rssSampler();
	let sum = 0;
	let seen = 0;
	const cpu = process.cpuUsage();
	const start = performance.now();
	await read(file, (chunk) => {
		sum += chunk.length;
		if (touch) for (let i = 0; i < chunk.length; i += 64) seen += chunk[i]!;
	});
	if (seen < 0) throw new Error('unreachable: keeps the loads');
	const ms = performance.now() - start;
	const cpuSeconds = cpuSince(cpu);
	const {peak, max} = sampler.stop();
	return {bytes: sum, ms, cpu: cpuSeconds, peakRss: peak, maxRss: max};
}

async function childParser(file: string): Promise<Measurement> {
	globalThis.gc?.();
	const sampler = rssSampler();
	let records = 0;
	const parser = pcapFormat.create({file});
	const emit = {record: () => void records++, diagnostic: () => {}};
	const cpu = process.cpuUsage();
	const start = performance.now();
	await chunked(file, (chunk) => parser.chunk(chunk, emit));
	parser.end(emit);
	const ms = performance.now() - start;
	const cpuSeconds = cpuSince(cpu);
	const {peak, max} = sampler.stop();
	return {bytes: statSync(file).size, ms, cpu: cpuSeconds, peakRss: peak, maxRss: max, records};
}

async function childPipeline(file: string, workers: boolean): Promise<Measurement> {
	process.env['TELEMETRY_TUI_WORKERS'] = workers ? '1' : '0';
	globalThis.gc?.();
	const sampler = rssSampler();
	const run = await runPipeline(file);
	const {peak, max} = sampler.stop();
	if (run.format !== 'pcap') throw new Error(`detected as ${run.format}`);
	return {bytes: statSync(file).size, ms: run.seconds * 1000, cpu: run.cpuSeconds, peakRss: peak, maxRss: max, records: run.records};
}

/** Runs per path, alternating (the machine is shared and noisy): the best time and the highest RSS are kept. */
const RUNS = 5;

function runOnce(mode: string, file: string): Measurement {
	return runChild<Measurement>(SELF, mode, file);
}


async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args[0] === '--child') {
		// The V8 setting the CLI makes before anything else (source/cli/early.ts), so each path runs as it would there.
		tierUpLater();
		const file = args[2]!;
		const mode = args[1];
		const result =
			mode === 'read' || mode === 'touch'
				? await childRead(file, mode === 'touch')
				: mode === 'stream'
					? await childRead(file, false, stream)
					: mode === 'parser'
						? await childParser(file)
						: await childPipeline(file, mode === 'pipeline');
		process.stdout.write(`${JSON.stringify(result)}\n`);
		return;
	}
	const sizeMb = Number(args[0] ?? 512);
	const file = `${DATA}capture-${sizeMb}mb.pcap`;
	const t = performance.now();
	if (ensureCapture(file, sizeMb * MB)) console.log(`generated ${file} in ${fmt((performance.now() - t) / 1000, 1)} s`);
	console.log(`node ${process.version}, ${process.arch}; ${fmt(statSync(file).size / MB)} MiB capture; sizes in MiB (1 MiB = 1,048,576 bytes)\n`);

	let read: Measurement | undefined;
	let streamed: Measurement | undefined;
	let touch: Measurement | undefined;
	let parser: Measurement | undefined;
	let pipeline: Measurement | undefined;
	let oneThread: Measurement | undefined;
	for (let i = 0; i < RUNS; i++) {
		read = better(read, runOnce('read', file));
		streamed = better(streamed, runOnce('stream', file));
		touch = better(touch, runOnce('touch', file));
		parser = better(parser, runOnce('parser', file));
		pipeline = better(pipeline, runOnce('pipeline', file));
		oneThread = better(oneThread, runOnce('pipeline-one-thread', file));
	}
	const rows: string[][] = [['path', 'time s', 'MiB/s', 'ratio to read', 'to stream', 'CPU s', 'peak RSS MiB', 'records']];
	const paths = [['read the bytes (input layer), look at none', read!], ['read stream, fresh buffers, look at none', streamed!], ['read, touch every cache line', touch!], ['pcap parser alone', parser!], ['whole pipeline (parse worker)', pipeline!], ['whole pipeline, no worker', oneThread!]] as const;
	for (const [name, m] of paths) {
		rows.push([name, fmt(m.ms / 1000, 2), fmt(mbps(m)), `${fmt(mbps(m) / mbps(read!), 2)}×`, `${fmt(mbps(m) / mbps(streamed!), 2)}×`, fmt(m.cpu, 2), fmt(Math.max(m.peakRss, m.maxRss) / MB), m.records === undefined ? '-' : fmt(m.records)]);
	}
	const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
	for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
	const rss = Math.max(pipeline!.peakRss, pipeline!.maxRss) / MB;
	const fastest = Math.max(mbps(read!), mbps(streamed!));
	console.log(`\nwhole pipeline: ${fmt(mbps(pipeline!) / mbps(read!), 2)}× the input layer's read, ${fmt(mbps(pipeline!) / mbps(streamed!), 2)}× the read stream, ${fmt(mbps(pipeline!) / fastest, 2)}× the faster of the two (target >= 0.4); peak RSS ${fmt(rss)} MiB (target < 300 MB)`);
	console.log(`without the parse worker: ${fmt(mbps(oneThread!) / mbps(read!), 2)}× the read; the worker makes the pipeline ${fmt(oneThread!.ms / pipeline!.ms, 2)}× as fast (wall), for ${fmt(pipeline!.cpu / oneThread!.cpu, 2)}× the CPU`);
	console.log(`CPU time (user + system, all threads): whole pipeline ${fmt(pipeline!.cpu, 2)} s against ${fmt(read!.cpu, 2)} s to read the bytes (${fmt(read!.cpu / pipeline!.cpu, 2)}×), parser alone ${fmt(parser!.cpu, 2)} s (each the fastest run's)`);
	console.log(`load average while measuring: ${loadavg().map((l) => fmt(l, 2)).join(' ')} (2 cores, shared)`);
}

await main();

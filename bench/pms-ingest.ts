/**
PMS ingest benchmark. Run: `node --expose-gc --import tsx bench/pms-ingest.ts [sizeMB]` (default 1024).

Generates (once, cached in bench/data/, which is gitignored) a PMS log of the given size from realistic
lines — mostly Request/Completed pairs and noise, some outbound HCl pairs, timeline groups and
transcoder jobs — then measures in one run:
1. the ceiling: read stream + `LineSplitter` with a no-op callback;
2. the full parse: read stream + `LineSplitter` + the pms parser (records counted, not kept);
3. the whole pipeline (bench/pipeline.ts) in a child process: read and parsed in a parse worker (a second
   thread, source/pipeline/worker.ts), as the CLI does for a file this large;
4. the same with `TELEMETRY_TUI_WORKERS=0` (one thread);
and prints both throughputs (wall and CPU time; each phase runs twice, alternating, and the faster run
counts), their ratio and the peak RSS seen during each phase.
*/
import {spawnSync} from 'node:child_process';
import {createReadStream, existsSync, statSync} from 'node:fs';
import {loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';
import {LineSplitter} from '../source/input/lines.js';
import {createPmsParser} from '../source/formats/pms/index.js';
import type {Emit} from '../source/formats/types.js';
import {pmsLog} from './generate.js';
import {runPipeline} from './pipeline.js';

const sizeMb = Number(process.argv[2] ?? 1024);
if (!Number.isFinite(sizeMb) || sizeMb <= 0) {
	console.error('usage: node --expose-gc --import tsx bench/pms-ingest.ts [sizeMB]');
	process.exit(2);
}
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const FILE = `${DATA}pms-${sizeMb}MB.log`;

type Phase = {seconds: number; cpuSeconds: number; lines: number; records: number; peakRssMb: number};

async function measure(full: boolean): Promise<Phase> {
	(globalThis as {gc?: () => void}).gc?.();
	let peak = process.memoryUsage.rss();
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage.rss());
	}, 50);
	let records = 0;
	const emit: Emit = {record: () => void records++, diagnostic: () => {}};
	const parser = full ? createPmsParser({file: FILE}) : undefined;
	const onLine = parser ? (text: string, n: number) => parser.line(text, n, emit) : () => {};
	const splitter = new LineSplitter(onLine);
	const cpuStart = process.cpuUsage();
	const start = process.hrtime.bigint();
	for await (const chunk of createReadStream(FILE, {highWaterMark: 1 << 20})) splitter.push(chunk as Buffer);
	splitter.end();
	parser?.end(emit);
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	const cpu = process.cpuUsage(cpuStart);
	const cpuSeconds = (cpu.user + cpu.system) / 1e6;
	clearInterval(timer);
	peak = Math.max(peak, process.memoryUsage.rss());
	return {seconds, cpuSeconds, lines: splitter.lines, records, peakRssMb: peak / (1 << 20)};
}

if (!existsSync(FILE)) console.log(`generating ${FILE} …`);
await pmsLog(FILE, sizeMb);
/**
The whole pipeline (detect, parse, finalise, classify, fold into views) into a bounded store, in a
child process of its own so that its peak RSS is its own (the kernel's max RSS of that process).
*/
async function measurePipeline(workers = true): Promise<Phase> {
	const env = {...process.env, TELEMETRY_TUI_WORKERS: workers ? '1' : '0'};
	const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), String(sizeMb), '--pipeline-child'], {encoding: 'utf8', maxBuffer: 1 << 20, env});
	if (child.status !== 0) throw new Error(`pipeline child failed: ${child.stderr}`);
	return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Phase;
}

if (process.argv[3] === '--pipeline-child') {
	const run = await runPipeline(FILE);
	const phase: Phase = {seconds: run.seconds, cpuSeconds: run.cpuSeconds, lines: 0, records: run.records, peakRssMb: process.resourceUsage().maxRSS / 1024};
	console.log(JSON.stringify(phase));
	process.exit(0);
}

const mb = statSync(FILE).size / (1 << 20);
// Alternate the phases twice and keep each one's fastest run: the machine is shared and noisy.
const best = (a: Phase, b: Phase): Phase => (b.cpuSeconds < a.cpuSeconds ? {...b, peakRssMb: Math.max(a.peakRssMb, b.peakRssMb)} : {...a, peakRssMb: Math.max(a.peakRssMb, b.peakRssMb)});
let plain = await measure(false);
let full = await measure(true);
let pipeline = await measurePipeline();
let oneThread = await measurePipeline(false);
plain = best(plain, await measure(false));
full = best(full, await measure(true));
// The pipelines by wall time: the parse worker spends more CPU to finish sooner.
const bestWall = (a: Phase, b: Phase): Phase => ({...(b.seconds < a.seconds ? b : a), peakRssMb: Math.max(a.peakRssMb, b.peakRssMb)});
pipeline = bestWall(pipeline, await measurePipeline());
oneThread = bestWall(oneThread, await measurePipeline(false));
// Wall time and CPU time are both shown: on a shared machine the wall-clock rate mostly measures the
// neighbours, while CPU time (user + system of this process) measures the work.
const rate = (p: Phase) => mb / p.seconds;
const cpuRate = (p: Phase) => mb / p.cpuSeconds;
console.log(`input:           ${mb.toFixed(0)} MB, ${plain.lines.toLocaleString('en-US')} lines`);
/** One phase's line: its rates by wall and CPU time, its records and its peak RSS. */
const phaseLine = (label: string, p: Phase): string => {
	const records = p.records > 0 ? `, ${p.records.toLocaleString('en-US')} records` : '';
	const wall = `${rate(p).toFixed(1)} MB/s wall (${p.seconds.toFixed(2)} s)`;
	return `${label.padEnd(17)}${wall}, ${cpuRate(p).toFixed(1)} MB/s CPU (${p.cpuSeconds.toFixed(2)} s)${records}, peak RSS ${p.peakRssMb.toFixed(0)} MB`;
};
console.log(phaseLine('line split:', plain));
console.log(phaseLine('pms full parse:', full));
console.log(phaseLine('whole pipeline:', pipeline));
console.log(phaseLine('no worker:', oneThread));
console.log(`ratio parser:    ${((rate(full) / rate(plain)) * 100).toFixed(1)}% wall, ${((cpuRate(full) / cpuRate(plain)) * 100).toFixed(1)}% CPU of the line-split rate`);
console.log(`ratio pipeline:  ${((rate(pipeline) / rate(plain)) * 100).toFixed(1)}% wall, ${((cpuRate(pipeline) / cpuRate(plain)) * 100).toFixed(1)}% CPU of the line-split rate (target ≥ 40%)`);
const gain = `the worker makes the pipeline ${(oneThread.seconds / pipeline.seconds).toFixed(2)}× as fast (wall) for ${(pipeline.cpuSeconds / oneThread.cpuSeconds).toFixed(2)}× the CPU`;
console.log(`no worker:       ${((rate(oneThread) / rate(plain)) * 100).toFixed(1)}% wall of the line-split rate; ${gain}`);
console.log(`load average:    ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores, shared)`);
console.log(`max RSS:         ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB this process (split + parser phases), ${pipeline.peakRssMb.toFixed(0)} MB the whole-pipeline child (target < 300 MB)`);

/** What the per-format benchmarks share: peak-RSS sampling, child runs, keeping the best of several, formatting. */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {loadavg} from 'node:os';
import {fileURLToPath} from 'node:url';

/** Sample `rss` every 50 ms until `stop()`, which also reports the kernel's max RSS. */
export function rssSampler(): {stop(): {peak: number; max: number}} {
	let peak = process.memoryUsage().rss;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 50);
	return {
		stop() {
			clearInterval(timer);
			peak = Math.max(peak, process.memoryUsage().rss);
			return {peak, max: process.resourceUsage().maxRSS * 1024};
		},
	};
}

type Measured = {ms: number; peakRss: number; maxRss: number};

/** Of two runs of one measurement: the faster one's figures, with the higher RSS of both. */
export function better<M extends Measured>(a: M | undefined, b: M): M {
	if (!a) return b;
	return {...(b.ms < a.ms ? b : a), peakRss: Math.max(a.peakRss, b.peakRss), maxRss: Math.max(a.maxRss, b.maxRss)};
}

const MIB = 1024 * 1024;

/** Run `script --child MODE FILE` in a fresh process (same node flags) and parse the JSON line it prints last. */
export function runChild<M>(script: string, mode: string, file: string): M {
	const child = spawnSync(process.execPath, [...process.execArgv, script, '--child', mode, file], {encoding: 'utf8', maxBuffer: 16 * MIB});
	const last = child.stdout.trim().split('\n').pop() ?? '';
	try {
		return JSON.parse(last) as M;
	} catch {
		throw new Error(`child ${mode} failed: ${child.stderr || child.stdout}`);
	}
}

/** MiB per second of a measurement. */
export const mbps = (m: {bytes: number; ms: number}): number => m.bytes / MIB / (m.ms / 1000);

/** A number for the tables: en-US grouping, fixed digits. */
export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});

/** The 1-, 5- and 15-minute load averages, as the figures should be read beside them. */
export function loadAverage(): string {
	return loadavg()
		.map((n) => n.toFixed(1))
		.join(', ');
}

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** One run of a command under /usr/bin/time: wall and CPU seconds (user + system) and max RSS. */
export type Timed = {seconds: number; cpuSeconds: number; rssMb: number};

/** Run `command args…` under /usr/bin/time (stdout discarded); throws when it fails. */
export function timed(command: string, args: readonly string[], options: {cwd?: string} = {}): Timed {
	const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', command, ...args], {encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'ignore', 'pipe'], ...options});
	if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr.slice(-2000)}`);
	const [seconds, user, system, kb] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
	return {seconds: seconds!, cpuSeconds: user! + system!, rssMb: kb! / 1024};
}

/** The built CLI (`npm run build` first) in print mode on `file`, under /usr/bin/time. */
export function cliPrint(file: string, extra: readonly string[] = ['--view', 'destinations,devices,identifiers,policy']): Timed {
	return timed(process.execPath, [CLI, '--print', ...extra, file]);
}

/** True when `npm run build` has made the CLI the benchmarks run. */
export const cliBuilt = (): boolean => existsSync(CLI);

/** The peer of line formats: a plain line split of the file (read, decode, indexOf) in a bare Node process. */
export function lineSplit(file: string): Timed & {lines: number} {
	const code = `const {createReadStream} = require('node:fs');
(async () => {
	const decoder = new TextDecoder();
	let lines = 0;
	for await (const chunk of createReadStream(process.argv[1], {highWaterMark: 1 << 20})) {
		const text = decoder.decode(chunk, {stream: true});
		for (let i = text.indexOf('\\n'); i !== -1; i = text.indexOf('\\n', i + 1)) lines++;
	}
	console.log(lines);
})();`;
	const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, '-e', code, file], {encoding: 'utf8'});
	if (run.status !== 0) throw new Error(`line split failed: ${run.stderr}`);
	const [seconds, user, system, kb] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
	return {seconds: seconds!, cpuSeconds: user! + system!, rssMb: kb! / 1024, lines: Number(run.stdout.trim())};
}

/** Of several runs of one measurement: the fastest (by wall time), with the highest RSS seen. */
export function fastest<T extends Timed>(runs: readonly T[]): T {
	const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
	return {...best, rssMb: Math.max(...runs.map((r) => r.rssMb))};
}

/** What the per-format benchmarks share: peak-RSS sampling, child runs, keeping the best of several, formatting. */
import {spawnSync} from 'node:child_process';

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

type Timed = {ms: number; peakRss: number; maxRss: number};

/** Of two runs of one measurement: the faster one's figures, with the higher RSS of both. */
export function better<M extends Timed>(a: M | undefined, b: M): M {
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

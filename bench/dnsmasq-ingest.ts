/**
dnsmasq / Pi-hole query log against a plain line split of the same file (issue 11), in the same run.

Run: `npm run build && node --import tsx bench/dnsmasq-ingest.ts [sizeMB=1024] [runs=2]`

Data (generated once into bench/data/, gitignored; bench/generate.ts `dnsmasqLog`): queries from LAN
clients over a pool of vendor, third-party and local names with a long tail of distinct names, forwarded,
cached and blocklisted answers.

Measured, each in a process of its own under /usr/bin/time (wall, CPU, max RSS), alternately `runs`
times, the fastest run counted: telemetry-tui `--print` of four views (the whole pipeline), the parser
alone (read, split into lines, parse: bench/parse-alone.ts, its loop timed in-process) and a plain line
split (read, decode, indexOf), so the parser's share and the rest's are both known. Target: ≥ 0.4× the
line split, peak RSS < 300 MB.
*/
import {statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {dnsmasqLog} from './generate.js';
import {cliBuilt, cliPrint, fastest, fmt, lineSplit, loadAverage, type Timed} from './measure.js';
import {parseAlone} from './parse-alone.js';

const sizeMb = Number(process.argv[2] ?? 1024);
const runs = Number(process.argv[3] ?? 2);
if (!cliBuilt()) {
	console.error('run `npm run build` first: the benchmark runs the built CLI');
	process.exit(2);
}
// About 210 bytes of log a query (its query line and one or two answer lines).
const records = Math.round((sizeMb * 2 ** 20) / 210);
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const file = await dnsmasqLog(`${DATA}dnsmasq-${records}.log`, records);
const mb = statSync(file).size / 2 ** 20;

console.log(`dnsmasq log: ${fmt(mb)} MiB, ${fmt(records)} queries; load average ${loadAverage()}`);
const ours: Timed[] = [];
const split: Timed[] = [];
const parser: Timed[] = [];
for (let k = 0; k < runs; k++) {
	ours.push(cliPrint(file));
	parser.push(parseAlone('dnsmasq', file));
	split.push(lineSplit(file));
}
const show = (name: string, t: Timed): string => `${name.padEnd(28)}${fmt(t.seconds, 1)} s wall (${fmt(mb / t.seconds, 1)} MiB/s), ${fmt(t.cpuSeconds, 1)} s CPU, max RSS ${fmt(t.rssMb)} MB`;
const o = fastest(ours);
const s = fastest(split);
const p = fastest(parser);
console.log(show('line split (peer)', s));
console.log(show('parser alone', p));
console.log(show('telemetry-tui --print', o));
console.log(`parser alone: ${fmt(s.cpuSeconds / p.cpuSeconds, 2)}× the line split by CPU time (${fmt((100 * p.cpuSeconds) / o.cpuSeconds)} % of --print's CPU)`);
console.log(`ratio: ${fmt(s.seconds / o.seconds, 2)}× the line split by wall time, ${fmt(s.cpuSeconds / o.cpuSeconds, 2)}× by CPU time (target ≥ 0.4×); peak RSS ${fmt(o.rssMb)} MB (target < 300)`);
console.log(`load average after: ${loadAverage()}`);

/**
nginx/Apache combined log against GoAccess (issue 11): the same file, both tools, in the same run.

Run: `npm run build && node --import tsx bench/nginx-ingest.ts [sizeMB=1024] [runs=2]`

Data (generated once into bench/data/, gitignored; bench/generate.ts `nginxLog`): a reverse proxy's
combined log in front of Plex and Jellyfin — API calls with X-Plex-* parameters and tokens, media parts,
transcoder segments, static files, a dozen user agents, a long tail of distinct URLs.

Measured, each in a process of its own under /usr/bin/time (wall, CPU, max RSS), alternately `runs`
times, the fastest run counted:
- GoAccess 1.7 (`goaccess --log-format=COMBINED -o out.json FILE`), when installed (`apt-get install
  goaccess`); without it that pair is skipped with a message;
- telemetry-tui `--print` of four views (destinations, devices, identifiers, policy): the whole pipeline;
- the parser alone (read, split into lines, parse: bench/parse-alone.ts, its loop timed in-process), so the
  parser's share and the rest's are both known;
- a plain line split of the file (read, decode, indexOf), the ceiling of any line reader.
Target: ≥ 5× faster than GoAccess on 1 GB, peak RSS < 300 MB.
*/
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {nginxLog} from './generate.js';
import {cliBuilt, cliPrint, fastest, fmt, lineSplit, loadAverage, timed, type Timed} from './measure.js';
import {parseAlone} from './parse-alone.js';

const sizeMb = Number(process.argv[2] ?? 1024);
const runs = Number(process.argv[3] ?? 2);
if (!cliBuilt()) {
	console.error('run `npm run build` first: the benchmark runs the built CLI');
	process.exit(2);
}
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const file = await nginxLog(`${DATA}nginx-${sizeMb}MB.log`, sizeMb);
const mb = statSync(file).size / 2 ** 20;

const hasGoAccess = spawnSync('goaccess', ['--version'], {encoding: 'utf8'}).status === 0;
const out = mkdtempSync(join(tmpdir(), 'bench-goaccess-'));
const results: {goaccess: Timed[]; ours: Timed[]; parser: Timed[]; split: Timed[]} = {goaccess: [], ours: [], parser: [], split: []};
console.log(`nginx combined log: ${fmt(mb)} MiB; load average ${loadAverage()}`);
if (!hasGoAccess) console.log('GoAccess is not installed (apt-get install goaccess): that pair is skipped');
for (let k = 0; k < runs; k++) {
	if (hasGoAccess) results.goaccess.push(timed('goaccess', ['--log-format=COMBINED', '-o', join(out, 'out.json'), file]));
	results.ours.push(cliPrint(file));
	results.parser.push(parseAlone('access-log', file));
	results.split.push(lineSplit(file));
}
rmSync(out, {recursive: true, force: true});
const show = (name: string, t: Timed): string => `${name.padEnd(28)}${fmt(t.seconds, 1)} s wall (${fmt(mb / t.seconds, 1)} MiB/s), ${fmt(t.cpuSeconds, 1)} s CPU, max RSS ${fmt(t.rssMb)} MB`;
const ours = fastest(results.ours);
const split = fastest(results.split);
if (hasGoAccess) console.log(show('GoAccess (peer)', fastest(results.goaccess)));
console.log(show('line split (ceiling)', split));
console.log(show('parser alone', fastest(results.parser)));
console.log(show('telemetry-tui --print', ours));
if (hasGoAccess) {
	const ga = fastest(results.goaccess);
	console.log(`ratio: ${fmt(ga.seconds / ours.seconds, 2)}× GoAccess's speed by wall time, ${fmt(ga.cpuSeconds / ours.cpuSeconds, 2)}× by CPU time (target ≥ 5×)`);
}
const parser = fastest(results.parser);
console.log(`       parser alone: ${fmt(split.cpuSeconds / parser.cpuSeconds, 2)}× a line split by CPU time (${fmt((100 * parser.cpuSeconds) / ours.cpuSeconds)} % of --print's CPU)`);
console.log(`       ${fmt(split.seconds / ours.seconds, 2)}× a line split by wall time, ${fmt(split.cpuSeconds / ours.cpuSeconds, 2)}× by CPU time; peak RSS ${fmt(ours.rssMb)} MB (target < 300)`);
console.log(`load average after: ${loadAverage()}`);

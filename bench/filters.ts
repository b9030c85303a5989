/**
Filters that read the records themselves (free text, `path:`) over a large store, beside `grep` on the log.

Run: `node --expose-gc --import tsx bench/filters.ts [pmsMB=150] [filter,filter,…]`

The PMS log (generated once into bench/data/, gitignored) is read into a store with its spool, as the UI
reads it; then each filter is applied from scratch to every record (a fresh query engine, the records
view), and its CPU and wall time are printed beside the peer measured in the same run: `grep -c -i` of
the filter's text on the log file itself (GNU grep, what a user would reach for). Every record is
tested; nothing is sampled.
*/
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {createClassifier} from '../source/classify/classify.js';
import {FORMATS} from '../source/formats/registry.js';
import {resolveInputs} from '../source/input/sources.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {QueryEngine} from '../source/views/query.js';
import {pmsLog} from './generate.js';

const sizeMb = Number(process.argv[2] ?? 150);
const filters = (process.argv[3] ?? 'roku,timeline,user3,path:/library,path:=/status/sessions').split(',');
const FILE = fileURLToPath(new URL(`./data/pms-${sizeMb}MB.log`, import.meta.url));
await pmsLog(FILE, sizeMb);

const {sources, problems} = await resolveInputs([FILE], {stdin: Object.assign(process.stdin, {isTTY: true}), follow: false});
const store = new RecordStore({spool: true});
await ingestAll(sources, problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: false});
console.log(`${store.size.toLocaleString('en-US')} records from ${sizeMb} MB; load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`);

const cpuOf = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e3;
for (const filter of filters) {
	const engine = new QueryEngine(store);
	const cpu = process.cpuUsage();
	const wall = performance.now();
	let matched = 0;
	for (const _ of engine.recordIndices(filter)) matched++;
	const ours = {wall: performance.now() - wall, cpu: cpuOf(process.cpuUsage(cpu))};
	// The peer: grep for the filter's text on the log (for `path:x`, the text x).
	const text = filter.replace(/^!?[a-z]+:=?/, '');
	const start = performance.now();
	const grep = spawnSync('grep', ['-c', '-i', '-F', '--', text, FILE], {encoding: 'utf8'});
	const peer = performance.now() - start;
	const peerText = grep.error ? 'grep not found' : `grep -c -i: ${Number(grep.stdout.trim()).toLocaleString('en-US')} lines in ${peer.toFixed(0)} ms wall`;
	const oursText = `${matched.toLocaleString('en-US').padStart(10)} records  ${ours.cpu.toFixed(0).padStart(6)} ms CPU ${ours.wall.toFixed(0).padStart(6)} ms wall`;
	console.log(`${filter.padEnd(24)} ${oursText}   ${peerText} → ours at ${(peer / ours.wall).toFixed(2)}× grep's speed`);
}
store.close();

/**
Piped stdin into the UI against the same file given as an argument (issue 11: stdin at ≥ 0.8× the rate).

Run: `node --import tsx bench/stdin-ui.ts [pmsMB=200] [runs=3]`

Both run the UI's ingestion path without drawing: inputs resolved as the CLI resolves them (`-`, a pipe
from `cat`, or the file's path), each cut into the UI's 32 KiB slices with a turn of the event loop
between them (source/cli/interactive.ts `sliced`), records spooled into the store, and a query of the
destinations view every 200 ms, as the UI's redraw does. Each run is a process of its own; they
alternate, and the fastest of each counts. Data: the PMS log of bench/generate.ts.
*/
import {spawnSync} from 'node:child_process';
import {statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {createClassifier} from '../source/classify/classify.js';
import {sliced} from '../source/cli/interactive.js';
import {FORMATS} from '../source/formats/registry.js';
import {resolveInputs} from '../source/input/sources.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {QueryEngine} from '../source/views/query.js';
import {pmsLog} from './generate.js';
import {fmt, loadAverage} from './measure.js';

const SELF = fileURLToPath(import.meta.url);
type Run = {seconds: number; records: number; rssMb: number};

async function child(mode: 'file' | 'stdin', file: string): Promise<Run> {
	const args = mode === 'stdin' ? ['-'] : [file];
	const {sources, problems} = await resolveInputs(args, {stdin: mode === 'stdin' ? process.stdin : Object.assign(process.stdin, {isTTY: true}), follow: false});
	const store = new RecordStore({spool: true});
	const engine = new QueryEngine(store);
	const redraw = setInterval(() => engine.run({view: 'destinations', filter: ''}, 40), 200);
	const start = performance.now();
	await ingestAll(
		sources.map((s) => sliced(s)),
		problems,
		store,
		{formats: FORMATS, classifier: createClassifier(), showSecrets: false},
	);
	const seconds = (performance.now() - start) / 1000;
	clearInterval(redraw);
	store.close();
	return {seconds, records: store.size, rssMb: process.resourceUsage().maxRSS / 1024};
}

if (process.argv[2] === '--child') {
	const result = await child(process.argv[3] as 'file' | 'stdin', process.argv[4]!);
	console.log(JSON.stringify(result));
	process.exit(0);
}

function run(mode: 'file' | 'stdin', file: string): Run {
	const node = [process.execPath, ...process.execArgv, SELF, '--child', mode];
	const quoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
	const command = mode === 'stdin' ? `cat ${quoted(file)} | ${node.map(quoted).join(' ')}` : `${node.map(quoted).join(' ')} ${quoted(file)} < /dev/null`;
	const result = spawnSync('sh', ['-c', command], {encoding: 'utf8', maxBuffer: 1 << 24});
	if (result.status !== 0) throw new Error(`${mode} run failed: ${result.stderr}`);
	return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as Run;
}

const sizeMb = Number(process.argv[2] ?? 200);
const runs = Number(process.argv[3] ?? 3);
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const file = await pmsLog(`${DATA}pms-${sizeMb}MB.log`, sizeMb);
const mb = statSync(file).size / 2 ** 20;
console.log(`PMS log: ${fmt(mb)} MiB; load average ${loadAverage()}`);
const best: Partial<Record<'file' | 'stdin', Run>> = {};
for (let k = 0; k < runs; k++) {
	for (const mode of ['file', 'stdin'] as const) {
		const r = run(mode, file);
		if (!best[mode] || r.seconds < best[mode].seconds) best[mode] = {...r, rssMb: Math.max(r.rssMb, best[mode]?.rssMb ?? 0)};
	}
}
for (const mode of ['file', 'stdin'] as const) {
	const r = best[mode]!;
	console.log(`${mode === 'file' ? 'file argument' : 'piped stdin  '}  ${fmt(r.seconds, 1)} s (${fmt(mb / r.seconds, 1)} MiB/s), ${fmt(r.records)} records, max RSS ${fmt(r.rssMb)} MB`);
}
if (best.file!.records !== best.stdin!.records) console.log(`records differ: ${best.file!.records} from the file, ${best.stdin!.records} from stdin`);
console.log(`ratio: piped stdin at ${fmt(best.file!.seconds / best.stdin!.seconds, 2)}× the rate of the file argument (target ≥ 0.8×); load average after: ${loadAverage()}`);

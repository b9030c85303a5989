/**
The record store and query layer at size: memory, filters and UI responsiveness.

Run: `npm run build && node --expose-gc --import tsx bench/store.ts [pmsMB=1024] [dnsRecords=2000000]`

Inputs (generated once into bench/data/, gitignored): a 1 GB Plex Media Server log (≈ 1.7 M records)
and a dnsmasq log of 2 M queries. Every measurement runs in a child process of its own, so each peak
RSS is that process's own (the kernel's max RSS), and the peer runs in the same run:

1. print mode — the built CLI (`dist/cli.js --print`) on each log: wall time and max RSS, beside a
   plain line split of the same file (read, decode, indexOf) as the peer.
2. the UI path — the store with its spool, filled through the UI's sliced reader while the event loop
   is watched (`monitorEventLoopDelay`); then its RSS after ingest; then a scripted session of keys
   (views, sorts, filters, jumps), each answered as the UI answers it: one time-boxed query (40 ms) plus
   the layout of the visible window. Reported: the time from key to frame (p50, p99, max), and the time
   until the answer is complete.
3. filters — each filter applied from scratch to every record of the 2 M-record store (`count`).
Targets (from the issue): peak RSS < 300 MB in print mode and in the UI after ingest; a filter over
2 M records in < 300 ms; every key answered by the next frame in < 100 ms (p99); no event-loop pause
over 100 ms during ingest or after.
*/
import {spawnSync} from 'node:child_process';
import {statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {sliced} from '../source/cli/interactive.js';
import {createClassifier} from '../source/classify/classify.js';
import {FORMATS} from '../source/formats/registry.js';
import {resolveInputs} from '../source/input/sources.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {layoutTable, tableLines} from '../source/tui/layout/table.js';
import {visibleWindow} from '../source/tui/state/window.js';
import {QueryEngine, type Query} from '../source/views/query.js';
import {findView} from '../source/views/registry.js';
import {dnsmasqLog, pmsLog} from './generate.js';

const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MB = 1 << 20;

const pmsMb = Number(process.argv[2] ?? 1024);
const dnsRecords = Number(process.argv[3] ?? 2_000_000);

type Child = Record<string, number | string>;

function child(args: string[]): Child {
	const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, ...args], {encoding: 'utf8', maxBuffer: 1 << 24});
	if (run.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${run.stderr}`);
	return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Child;
}

/** The built CLI in print mode under /usr/bin/time: wall seconds and max RSS. */
function cli(file: string, extra: string[] = []): {seconds: number; rssMb: number} {
	const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, '--print', ...extra, file], {encoding: 'utf8', maxBuffer: 1 << 28});
	if (run.status !== 0) throw new Error(`cli failed: ${run.stderr.slice(-2000)}`);
	const [seconds, kb] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
	return {seconds: seconds!, rssMb: kb! / 1024};
}

/** The peer: a plain line split of the file (read, decode, indexOf), in a bare Node process of its own. */
function lineSplitPeer(file: string): Child {
	const code = `const {createReadStream} = require('node:fs');
(async () => {
	const start = performance.now();
	const decoder = new TextDecoder();
	let lines = 0;
	for await (const chunk of createReadStream(process.argv[1], {highWaterMark: 1 << 20})) {
		const text = decoder.decode(chunk, {stream: true});
		for (let i = text.indexOf('\\n'); i !== -1; i = text.indexOf('\\n', i + 1)) lines++;
	}
	console.log(JSON.stringify({seconds: (performance.now() - start) / 1000, lines, rssMb: process.resourceUsage().maxRSS / 1024}));
})();`;
	const run = spawnSync(process.execPath, ['-e', code, file], {encoding: 'utf8'});
	if (run.status !== 0) throw new Error(`line split failed: ${run.stderr}`);
	return JSON.parse(run.stdout) as Child;
}

// ---- children ----------------------------------------------------------------------------------------

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** One filter, then each of these views looked at under it, in turn. */
function across(filter: string, views: readonly string[]): Array<Partial<Query>> {
	return views.map((view) => ({view, filter}));
}

const SESSION: ReadonlyArray<Partial<Query> & {rows?: 'top' | 'bottom'}> = [
	{view: 'destinations'},
	{view: 'destinations', sort: {key: 'host', descending: false}},
	{view: 'destinations', sort: {key: 'lastSeen', descending: true}},
	{view: 'records'},
	{view: 'records', rows: 'bottom'},
	{view: 'records', sort: {key: 'destination', descending: false}},
	...across('party:third', ['destinations', 'formats', 'identifiers', 'devices', 'records']),
	{view: 'records', filter: 'party:third', rows: 'bottom'},
	...across('!host:plex.tv', ['destinations', 'policy']),
	...across('', ['overview', 'identifiers']),
	...across('client:192.168.1.2', ['destinations', 'records']),
	{view: 'destinations', filter: ''},
];

/** The UI path: sliced ingest into a spooled store, event-loop delay, RSS, then a session of keys. */
async function ui(file: string): Promise<Child> {
	const {sources, problems} = await resolveInputs([file], {stdin: Object.assign(process.stdin, {isTTY: true}), follow: false});
	const store = new RecordStore({spool: true});
	let engine: QueryEngine | undefined = new QueryEngine(store);
	const delay = monitorEventLoopDelay({resolution: 10});
	// The UI also redraws while reading: a query every 200 ms, as use-tui's throttle does.
	const redraw = setInterval(() => engine?.run({view: 'destinations', filter: ''}, 40), 200);
	delay.enable();
	const start = performance.now();
	await ingestAll(sources.map((s) => sliced(s)), problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: false});
	const ingestSeconds = (performance.now() - start) / 1000;
	clearInterval(redraw);
	delay.disable();
	const ingestMaxPauseMs = delay.max / 1e6;
	if (process.env['BENCH_DEBUG']) process.stderr.write(`ingest: rss ${(process.memoryUsage().rss / MB).toFixed(0)} peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)}\n`);
	globalThis.gc?.();
	const rssAfterIngest = process.memoryUsage().rss / MB;
	const frames: number[] = [];
	const complete: number[] = [];
	const after = monitorEventLoopDelay({resolution: 10});
	after.enable();
	for (let round = 0; round < 3; round++) {
		// Round 0 continues the engine that saw the records arrive; later rounds start cold.
		const fresh = round === 0 ? engine! : new QueryEngine(store);
		engine = undefined;
		for (const step of SESSION) {
			const view = findView(step.view!)!;
			const query: Query = {view: view.name, filter: step.filter ?? '', sort: step.sort};
			const t0 = performance.now();
			let result = fresh.run(query, 40);
			const draw = (): void => {
				const at = step.rows === 'bottom' ? Math.max(0, result.rows.length - 1) : 0;
				const window = visibleWindow(result.rows.length, at, Math.max(0, at - 19), 20);
				tableLines(view, result.rows, layoutTable(view, result.rows, 120), window, query.sort ?? {key: view.sort?.key ?? '', descending: view.sort?.descending ?? false}, result.countTotal, 120);
			};
			draw();
			frames.push(performance.now() - t0);
			while (result.pending) {
				await new Promise((resolve) => setImmediate(resolve));
				result = fresh.run(query, 40);
				draw();
			}
			complete.push(performance.now() - t0);
			if (process.env['BENCH_DEBUG']) process.stderr.write(`${round} ${query.view} ${query.filter} ${query.sort?.key ?? ''}: frame ${frames.at(-1)!.toFixed(0)} complete ${complete.at(-1)!.toFixed(0)} rss ${(process.memoryUsage().rss / MB).toFixed(0)}\n`);
		}
	}
	after.disable();
	globalThis.gc?.();
	const rssAfterSession = process.memoryUsage().rss / MB;
	store.close();
	return {
		rssAfterSession,
		records: store.size,
		ingestSeconds,
		ingestMaxPauseMs,
		rssAfterIngest,
		peakRss: process.resourceUsage().maxRSS / 1024,
		columnMb: store.columnBytes / MB,
		frameP50: percentile(frames, 50),
		frameP99: percentile(frames, 99),
		frameMax: Math.max(...frames),
		completeP50: percentile(complete, 50),
		completeMax: Math.max(...complete),
		afterMaxPauseMs: after.max / 1e6,
	};
}

const FILTERS = ['host:plex.tv', 'party:third', '!host:plex', 'category:ads', 'client:192.168.1.2', 'kind:request blocked:true', 'identifier:token', 'doubleclick', 'path:/x'];

async function filters(file: string): Promise<Child> {
	const {sources, problems} = await resolveInputs([file], {stdin: Object.assign(process.stdin, {isTTY: true}), follow: false});
	const store = new RecordStore({spool: true});
	await ingestAll(sources, problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: false});
	const out: Child = {records: store.size};
	for (const f of FILTERS) {
		const engine = new QueryEngine(store);
		const t0 = performance.now();
		const n = engine.count(f);
		out[f] = `${(performance.now() - t0).toFixed(0)} ms (${n.toLocaleString('en-US')} match)`;
	}
	store.close();
	return out;
}

if (process.argv[2] === '--child') {
	const [, , , mode, file] = process.argv;
	const result = mode === 'ui' ? await ui(file!) : await filters(file!);
	console.log(JSON.stringify(result));
	process.exit(0);
}

// ---- the run -----------------------------------------------------------------------------------------

const pms = await pmsLog(`${DATA}pms-${pmsMb}MB.log`, pmsMb);
const dns = await dnsmasqLog(`${DATA}dnsmasq-${dnsRecords}.log`, dnsRecords);
const fmt = (n: number | string, digits = 0): string => (typeof n === 'number' ? n.toFixed(digits) : n);

for (const [name, file] of [['PMS log', pms], ['dnsmasq log', dns]] as const) {
	const size = statSync(file).size / MB;
	const split = lineSplitPeer(file);
	const print = cli(file, ['--view', 'destinations,devices,identifiers,policy']);
	const filtered = cli(file, ['--view', 'destinations', '--filter', 'party:third']);
	console.log(`\n${name}: ${size.toFixed(0)} MB`);
	console.log(`  line split (peer)          ${fmt(split['seconds']!, 1)} s, ${fmt(split['rssMb']!)} MB RSS`);
	console.log(`  --print, four views        ${print.seconds.toFixed(1)} s (${(Number(split['seconds']) / print.seconds).toFixed(2)}× line split), max RSS ${print.rssMb.toFixed(0)} MB (target < 300)`);
	console.log(`  --print --filter           ${filtered.seconds.toFixed(1)} s, max RSS ${filtered.rssMb.toFixed(0)} MB`);
	const u = child(['--child', 'ui', file]);
	console.log(`  UI: ingest                 ${fmt(u['records']!)} records in ${fmt(u['ingestSeconds']!, 1)} s, longest event-loop pause ${fmt(u['ingestMaxPauseMs']!)} ms (target ≤ 100)`);
	console.log(`  UI: memory                 after ingest ${fmt(u['rssAfterIngest']!)} MB (columns ${fmt(u['columnMb']!)} MB), after the session ${fmt(u['rssAfterSession']!)} MB, peak ${fmt(u['peakRss']!)} MB (target < 300)`);
	console.log(`  UI: key → frame            p50 ${fmt(u['frameP50']!, 1)} ms, p99 ${fmt(u['frameP99']!, 1)} ms, max ${fmt(u['frameMax']!, 1)} ms (target p99 < 100); complete answer p50 ${fmt(u['completeP50']!)} ms, max ${fmt(u['completeMax']!)} ms; longest pause ${fmt(u['afterMaxPauseMs']!)} ms`);
	const f = child(['--child', 'filters', file]);
	console.log(`  filters over ${fmt(f['records']!)} records (target < 300 ms each):`);
	for (const key of FILTERS) console.log(`    ${key.padEnd(28)}${f[key]}`);
}

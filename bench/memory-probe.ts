/**
Where the memory of print mode goes, phase by phase (issue 11): the CLI's print path (ingest, then each
view's rows, then the printed text to /dev/null) with `process.memoryUsage()` after a full collection at
each phase, and optionally a heap snapshot after the views.

Run: `node --expose-gc --import tsx bench/memory-probe.ts FILE [views=destinations,devices,identifiers,policy] [--snapshot] [--ui]`

`--ui` reads as the interactive UI does instead: the input in 32 KiB slices with a turn of the event loop
between them (cli/interactive.ts `sliced`), into a spooled store, with a frame's queries every 200 ms (the
Destinations rows and every tab's count: use-tui's redraw while records arrive; not Ink's drawing).

Peak RSS is the kernel's (`maxRSS`), at the end and after each phase; `heap` is V8's used heap after
the collection, `external` typed arrays and buffers (the store's columns). Not a speed benchmark.
*/
import {createWriteStream} from 'node:fs';
import * as v8 from 'node:v8';
import {createClassifier} from '../source/classify/classify.js';
import {sliced} from '../source/cli/interactive.js';
import {printViews} from '../source/cli/print.js';
import {FORMATS} from '../source/formats/registry.js';
import {resolveInputs} from '../source/input/sources.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {deriveFrame} from '../source/tui/first-frame.js';
import {initialState} from '../source/tui/state/reducer.js';
import {DERIVE_BUDGET_MS} from '../source/tui/use-tui.js';
import {QueryEngine} from '../source/views/query.js';

const MB = 1 << 20;
const args = process.argv.slice(2);
const file = args[0]!;
const views = (args[1] && !args[1].startsWith('--') ? args[1] : 'destinations,devices,identifiers,policy').split(',');
const snapshot = args.includes('--snapshot');
const ui = args.includes('--ui');

function phase(name: string): void {
	globalThis.gc?.();
	const m = process.memoryUsage();
	const f = (n: number): string => (n / MB).toFixed(0).padStart(5);
	const figures = `rss ${f(m.rss)}  heapUsed ${f(m.heapUsed)}  heapTotal ${f(m.heapTotal)}  external ${f(m.external)}  arrayBuffers ${f(m.arrayBuffers)}`;
	process.stdout.write(`${name.padEnd(28)} ${figures}  maxRSS ${f(process.resourceUsage().maxRSS * 1024)}\n`);
}

phase('start');
/** `PROBE_SAMPLE=ms`: figures (without a collection) and V8's spaces (size/used MB) every `ms` while reading. */
const every = Number(process.env['PROBE_SAMPLE'] ?? 0);
const sample =
	every > 0
		? setInterval(() => {
				const m = process.memoryUsage();
				const mb = (n: number): string => (n / MB).toFixed(0);
				const spaces = v8
					.getHeapSpaceStatistics()
					.map((s) => `${s.space_name.replace('_space', '')} ${mb(s.space_size)}/${mb(s.space_used_size)}`)
					.join(' ');
				process.stdout.write(`  ~ rss ${mb(m.rss)} heapTotal ${mb(m.heapTotal)} used ${mb(m.heapUsed)} ext ${mb(m.external)} ab ${mb(m.arrayBuffers)} | ${spaces}\n`);
			}, every)
		: undefined;
const {sources, problems} = await resolveInputs([file], {stdin: process.stdin, follow: false});
const classifier = createClassifier();
const store = new RecordStore(ui ? {classifier, spool: true} : {classifier});
const redrawing = ui ? new QueryEngine(store) : undefined;
// What a UI frame asks of the query layer (tui/first-frame.ts deriveFrame): the Destinations rows and every tab's count.
const shown = initialState({view: 'destinations'});
const redraw = redrawing ? setInterval(() => deriveFrame(redrawing, shown, {key: 'requests', descending: true}, DERIVE_BUDGET_MS), 200) : undefined;
await ingestAll(ui ? sources.map((s) => sliced(s)) : sources, problems, store, {formats: FORMATS, classifier, showSecrets: false});
if (sample) clearInterval(sample);
if (redraw) clearInterval(redraw);
phase(`ingest (${store.size} records, ${store.destinations.size} dests)`);
process.stdout.write(`  columns ${(store.columnBytes / MB).toFixed(0)} MB in memory, spilled ${(store.space.spillBytes / MB).toFixed(0)} MB\n`);
const engine = new QueryEngine(store);
for (const view of views) {
	const {rows} = engine.run({view, filter: ''});
	phase(`view ${view} (${rows.length} rows)`);
}
if (snapshot) {
	const path = v8.writeHeapSnapshot(`/tmp/memprobe/${Date.now()}.heapsnapshot`);
	process.stdout.write(`snapshot ${path}\n`);
}
const out = createWriteStream('/dev/null');
await printViews(engine, {views, filter: '', newOnly: false, output: 'table'}, out);
phase('printed');
store.close();

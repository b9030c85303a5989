/**
Grouping by domain grows linearly: ten times the hosts (and records) take at most twenty times as long
to group, with the `domain:` filter and a blocklist per domain on top. Times are the best of five, each
on a store of new host names (the host normaliser's cache would otherwise serve the small input from
memory and the large one, past the cache's size, not), with a floor under which a ratio says nothing on
a shared machine.
*/
import {describe, expect, it} from 'vitest';
import {blocklistText} from '../source/audit/blocklist.js';
import {createClassifier} from '../source/classify/classify.js';
import {RecordStore} from '../source/store/store.js';
import type {DestinationRow} from '../source/views/destinations.js';
import {QueryEngine} from '../source/views/query.js';
import {request} from './helpers/records.js';
import {fillStore} from './helpers/ui-records.js';

// Rows are sorted (n log n) and the garbage collector's share grows with the heap: ×10 hosts measured
// ×13–16 on an idle machine. A quadratic step (the per-domain blocklist had one) is ×100.
const GROWTH = 20;
const FLOOR_MS = 30;
// Sizes whose host names (and their domains) all fit the host normaliser's 50,000-entry cache: at 50,000
// hosts the large run missed it while the small one hit it, and the ratio measured the cache (×14–25), not
// the grouping.
const SMALL = 3_000;

let runs = 0;

function storeOfHosts(n: number): RecordStore {
	// n hosts under n/4 domains, one request each; names never used before.
	const r = runs++;
	return fillStore(new RecordStore({spool: false}), Array.from({length: n}, (_, i) => request(`h${i}.r${r}d${i % Math.max(1, n >> 2)}.com`)));
}

/** The best of five runs, each on a fresh store; `prepare` (not timed) turns the store into the input. */
function best<T>(n: number, prepare: (s: RecordStore) => T, run: (input: T) => unknown): number {
	let min = Number.POSITIVE_INFINITY;
	for (let k = 0; k < 5; k++) {
		const input = prepare(storeOfHosts(n));
		const t = performance.now();
		run(input);
		min = Math.min(min, performance.now() - t);
	}
	return min;
}

const check = (what: string, ts: number, tl: number): void => {
	expect(tl, `${what}: ${ts.toFixed(1)} ms → ${tl.toFixed(1)} ms`).toBeLessThanOrEqual(GROWTH * ts + FLOOR_MS);
};

describe('grouping by domain at scale', () => {
	const classifier = createClassifier();

	it('destinations by domain: ×10 hosts take at most ×20 the time', () => {
		expect(new QueryEngine(storeOfHosts(40)).run({view: 'destinations', filter: '', group: 'domain'}).rows.length).toBe(10);
		const run = (s: RecordStore): unknown => new QueryEngine(s).run({view: 'destinations', filter: '', group: 'domain'}).rows.slice();
		check('destinations by domain', best(SMALL, (s) => s, run), best(SMALL * 10, (s) => s, run));
	});

	it('the domain: filter (selecting records): ×10 hosts take at most ×20 the time', () => {
		const run = (s: RecordStore): unknown => new QueryEngine(s).count('domain:d1');
		check('domain: filter', best(SMALL, (s) => s, run), best(SMALL * 10, (s) => s, run));
	});

	it('a blocklist per domain from the host rows: ×10 hosts take at most ×20 the time', () => {
		const rows = (s: RecordStore): DestinationRow[] => new QueryEngine(s).rows('destinations') as unknown as DestinationRow[];
		const run = (r: DestinationRow[]): unknown => blocklistText(r, classifier, 'adguard', {perDomain: true, include: new Set(['unknown'])});
		check('blocklist per domain', best(SMALL, rows, run), best(SMALL * 10, rows, run));
	});
});

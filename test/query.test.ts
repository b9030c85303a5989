/**
The query layer against the plain reference (test/helpers/reference.ts): random record sets × random
filters × every view give identical rows from the columnar store and from brute force over record
objects — also when records arrive between queries and when queries run in time-boxed steps.
*/
import fc from 'fast-check';
import {describe, expect, it, vi} from 'vitest';
import type {TelemetryRecord} from '../source/model/records.js';
import {RecordStore} from '../source/store/store.js';
import {QueryEngine, type Query} from '../source/views/query.js';
import {BY_DOMAIN, VIEWS} from '../source/views/registry.js';
import {asciiCompare, isIsoTime, sortIndices, sortRows} from '../source/views/sort.js';
import {defaultSort, type CellValue, type Row} from '../source/views/types.js';
import {build, contextOf, filterArb, recordArb, storeInSteps} from './helpers/random-records.js';
import {matchesFilter, referenceRows, sortRows as referenceSort} from './helpers/reference.js';
import {parseFilter} from '../source/views/filter.js';
import {fillStore, manyRequests, playback, request, sessionRecords} from './helpers/ui-records.js';
import {describeLarge, FULL, runs} from './helpers/tier.js';

const snapshot = (rows: {slice(): Row[]}): Row[] => rows.slice();

describe('the query layer equals the brute-force reference', () => {
	it('random records × random filters × every view (and a random sort)', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {maxLength: 40}), filterArb, fc.nat(), fc.boolean(), (raws, filter, col, descending) => {
				const {store, records} = build(raws);
				const engine = new QueryEngine(store);
				for (const view of VIEWS) {
					expect(snapshot(engine.run({view: view.name, filter}).rows), `${view.name} / ${filter}`).toEqual(referenceRows(records, contextOf(store), view.name, filter));
					const sort = {key: view.columns[col % view.columns.length]!.key, descending};
					expect(snapshot(engine.run({view: view.name, filter, sort}).rows), `${view.name} / ${filter} / ${sort.key}`).toEqual(referenceRows(records, contextOf(store), view.name, filter, sort));
				}
				store.close();
			}),
			runs(250),
		);
	});

	it('grouped by domain: random records × random filters × every grouped view (and a random sort)', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {maxLength: 40}), filterArb, fc.nat(), fc.boolean(), (raws, filter, col, descending) => {
				const {store, records} = build(raws);
				const engine = new QueryEngine(store);
				for (const [name, grouped] of Object.entries(BY_DOMAIN)) {
					const result = engine.run({view: name, filter, group: 'domain'});
					expect(result.view).toBe(grouped);
					expect(snapshot(result.rows), `${grouped.name} / ${filter}`).toEqual(referenceRows(records, contextOf(store), grouped.name, filter));
					const sort = {key: grouped.columns[col % grouped.columns.length]!.key, descending};
					expect(snapshot(engine.run({view: name, filter, sort, group: 'domain'}).rows), `${grouped.name} / ${filter} / ${sort.key}`).toEqual(referenceRows(records, contextOf(store), grouped.name, filter, sort));
				}
				store.close();
			}),
			runs(200),
		);
	});

	it('a store whose columns spill to disk answers every query alike (chunks of 4 values, a budget of 48 bytes)', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {maxLength: 40}), filterArb, fc.nat(), fc.boolean(), (raws, filter, col, descending) => {
				const {store, records} = build(raws, {chunkShift: 2, columnBudget: 48});
				const engine = new QueryEngine(store);
				for (const view of VIEWS) {
					expect(snapshot(engine.run({view: view.name, filter}).rows), `${view.name} / ${filter}`).toEqual(referenceRows(records, contextOf(store), view.name, filter));
					const sort = {key: view.columns[col % view.columns.length]!.key, descending};
					expect(snapshot(engine.run({view: view.name, filter, sort}).rows), `${view.name} / ${filter} / ${sort.key}`).toEqual(referenceRows(records, contextOf(store), view.name, filter, sort));
				}
				if (raws.length > 8) expect(store.space.spilled).toBeGreaterThan(0);
				store.close();
			}),
			runs(150),
		);
	});

	it('records arriving between queries: each query (and its row count, asked first) continues and stays equal', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {minLength: 1, maxLength: 40}), fc.array(fc.nat({max: 40}), {maxLength: 4}), filterArb, fc.nat({max: VIEWS.length - 1}), (raws, cuts, filter, v) => {
				const store = new RecordStore({spool: true});
				const engine = new QueryEngine(store);
				const view = VIEWS[v]!.name;
				storeInSteps(store, raws, cuts, (records) => {
					const reference = referenceRows(records, contextOf(store), view, filter);
					expect(engine.rowCount({view, filter})).toEqual({count: reference.length, pending: false});
					expect(snapshot(engine.run({view, filter}).rows)).toEqual(reference);
				});
				store.close();
			}),
			runs(150),
		);
	});

	it('row counts of views not shown (their counters: no rows folded) equal their rows, as records arrive over minutes, hours and days', () => {
		const counted = [...VIEWS.filter((v) => v.kind === 'group' && v.counter).map((v) => v.name), 'timeline:minute', 'timeline:hour', 'timeline:day'];
		expect(counted).toEqual(expect.arrayContaining(['destinations', 'policy', 'timeline']));
		const START = Date.UTC(2024, 0, 1);
		fc.assert(
			fc.property(fc.array(recordArb, {minLength: 1, maxLength: 40}), fc.array(fc.nat({max: 40}), {maxLength: 4}), filterArb, (raws, cuts, filter) => {
				// Times from seconds to weeks apart (the k-th of 50 steps at k³ × 36 s), so the automatic buckets
				// widen while records arrive and cells of one host merge (minutes into hours, hours into days).
				// In time order, as a log arrives: the close ones first.
				const spread = raws
					.map((r) => (r.time === undefined ? r : {...r, time: new Date(START + ((Date.parse(r.time) - START) / 61_000) ** 3 * 36_000).toISOString()}))
					.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
				const store = new RecordStore({spool: true});
				const engine = new QueryEngine(store);
				storeInSteps(store, spread, cuts, (records) => {
					for (const view of counted) expect(engine.rowCount({view, filter}), `${view} / ${filter}`).toEqual({count: referenceRows(records, contextOf(store), view, filter).length, pending: false});
				});
				expect(engine.heldFolds()).toEqual([]);
				store.close();
			}),
			runs(150),
		);
	});

	it('a timeline row count follows its buckets as they widen from minutes to hours to days', () => {
		const START = Date.UTC(2024, 0, 1);
		const at = (ms: number, host: string) => request(host, '/collect', {time: new Date(START + ms).toISOString()});
		const steps = [
			[at(0, 'a.example'), at(60_000, 'a.example'), at(120_000, 'b.example')],
			[at(3 * 3_600_000, 'a.example'), at(3 * 3_600_000 + 60_000, 'b.example')],
			[at(5 * 86_400_000, 'a.example')],
		];
		const store = new RecordStore({spool: true});
		const counting = new QueryEngine(store);
		const records: TelemetryRecord[] = [];
		for (const step of steps) {
			fillStore(store, step);
			records.push(...step);
			for (const view of ['timeline', 'timeline:minute', 'timeline:hour', 'timeline:day']) {
				const rows = new QueryEngine(store).run({view, filter: ''}).rows.length;
				expect(rows, view).toBe(referenceRows(records, contextOf(store), view, '').length);
				expect(counting.rowCount({view, filter: ''}).count, view).toBe(rows);
			}
		}
		// Minutes (3 cells), then hours (4: a and b at 00:00 and 03:00), then days (3: a and b on the first, a on the sixth).
		expect(new QueryEngine(store).run({view: 'timeline', filter: ''}).rows.length).toBe(3);
		store.close();
	});

	it('lets go of the rows of a many-host view not shown for a while (its tab count goes on from its counter), keeps the one shown', () => {
		const store = new RecordStore({spool: true});
		fillStore(store, Array.from({length: 60}, (_, k) => request(`h${k}.tracker.example`, '/collect')));
		const clock = {now: 0};
		const engine = new QueryEngine(store, {groups: 40, idleMs: 1_000});
		const at = (ms: number, query: Query): number => {
			clock.now = ms;
			return engine.run(query).rows.length;
		};
		const now = vi.spyOn(performance, 'now').mockImplementation(() => clock.now);
		try {
			const hosts = at(0, {view: 'destinations', filter: ''});
			expect(hosts).toBeGreaterThan(40);
			at(500, {view: 'timeline', filter: ''});
			// Destinations was shown half a second ago: kept.
			expect(engine.heldFolds()).toEqual(expect.arrayContaining(['destinations / ', 'timeline / ']));
			at(1_600, {view: 'timeline', filter: ''});
			expect(engine.heldFolds()).not.toContain('destinations / ');
			expect(engine.heldFolds()).toContain('timeline / ');
			expect(engine.rowCount({view: 'destinations', filter: ''}).count).toBe(hosts);
			// Few groups stay whatever their age: formats has fewer than the limit.
			at(1_700, {view: 'formats', filter: ''});
			at(5_000, {view: 'timeline', filter: ''});
			expect(engine.heldFolds()).toContain('formats / ');
			// Shown again, its rows are folded anew and equal.
			expect(at(5_100, {view: 'destinations', filter: ''})).toBe(hosts);
		} finally {
			now.mockRestore();
			store.close();
		}
	});

	it('every README-style filter gives the same counts as the reference on a realistic session', () => {
		const {store, records} = build(sessionRecords());
		const engine = new QueryEngine(store);
		for (const filter of ['party:third', '!host:plex.tv', 'host:analytics', 'device:roku', 'kind:playback', 'policy:location', 'policy:device', 'identifier:x-plex', 'plex', '"Plex Web"', 'path:/library', 'category:vendor-analytics !event:itemend']) {
			for (const view of VIEWS) expect(snapshot(engine.run({view: view.name, filter}).rows)).toEqual(referenceRows(records, contextOf(store), view.name, filter));
		}
	});
});

describe('free text and path over several blocks of the spool', () => {
	it('finds the records the record-by-record reference finds, across blocks, in any case, where lowering changes length', () => {
		// About 2.5 MB of records (3,000 of 0.1–1.5 kB, most of it one long segment, which costs finalising less than
		// three hundred short ones): three blocks of the spool. Some paths hold runs of `İ` (lowered to two
		// units each); words fall at line ends and in mixed case.
		const words = ['Needle', 'NEEDLE', 'needlework', 'nee', 'dle'];
		// Every eleventh a playback record (its title holds the text: free text finds it, `path:` does not).
		const playbackOr = (k: number, path: string) => (k % 11 === 0 ? playback({title: path}) : request('plex.tv', path));
		// 1,500 in the unit tier: about 1.25 MB, two blocks.
		const n = FULL ? 3000 : 1500;
		const raws = Array.from({length: n}, (_, k) =>
			playbackOr(
				k,
				`/library/${'hay/'.repeat(k % 30)}${'haystack-'.repeat(Math.floor((k % 300) / 2.25))}/` +
					`${k % 7 === 0 ? words[k % words.length] : 'hay'}${k % 97 === 0 && k > n / 2 ? 'İ'.repeat(400) : ''}` +
					`${k % 5 === 0 ? '/"q"\\' : ''}${k % 3 === 0 ? '/…Σ' : ''}${k === 89 ? '/\u212aelvin' : ''}${k % 13 === 0 ? '/back\\slash' : ''}`,
			),
		);
		const {store, records} = build(raws);
		const engine = new QueryEngine(store);
		// The text is searched in the spool's bytes where that gives the same answer; a block holding İ or the
		// Kelvin sign (the two characters that lower to ASCII) is decoded and searched record by record.
		for (const filter of ['NEEDLE', 'dle', 'path:needle', 'path:=needle', 'path:İ', 'i̇', 'path:"q"', '!needle', 'path:hay needle', 'kelvin', 'path:kelvin', '!path:kelvin', 'σ', 'path:…σ', 'library/hay/hay', 'path:k\\s']) {
			const parsed = parseFilter(filter);
			const expected = records.flatMap((r, i) => (matchesFilter(parsed, r) ? [i] : []));
			expect([...engine.recordIndices(filter)], filter).toEqual(expected);
		}
		store.close();
	});
});

// 40,000 records: more than two sort chunks (SORT_CHUNK) of the records view.
describeLarge('time-boxed steps', () => {
	it('reach the same rows as one unbounded call (budget 0: one step per call)', () => {
		const store = fillStore(new RecordStore({spool: true}), [...sessionRecords(), ...manyRequests(40_000)]);
		const queries: Query[] = [
			{view: 'records', filter: '', sort: {key: 'time', descending: false}},
			{view: 'records', filter: 'party:third', sort: {key: 'summary', descending: true}},
			{view: 'destinations', filter: 'plex', sort: {key: 'requests', descending: true}},
			{view: 'identifiers', filter: '!kind:device', sort: {key: 'count', descending: true}},
		];
		for (const query of queries) {
			const engine = new QueryEngine(store);
			let result = engine.run(query, 0);
			let calls = 1;
			while (result.pending) {
				result = engine.run(query, 0);
				calls++;
			}
			expect(calls, query.filter).toBeGreaterThan(1);
			expect(snapshot(result.rows)).toEqual(snapshot(new QueryEngine(store).run(query).rows));
		}
	});

	it('merges in steps when new records sort before most of the old ones (newest first input)', () => {
		const store = fillStore(new RecordStore({spool: true}), [...manyRequests(40_000)].reverse());
		const query: Query = {view: 'records', filter: '', sort: {key: 'time', descending: false}};
		const engine = new QueryEngine(store);
		let result = engine.run(query, 0);
		let calls = 1;
		while (result.pending) {
			// Rows shown while pending are always a sorted prefix of the final order's records.
			const shown = result.rows.slice(0, 2000).map((r) => r['time'] as string);
			expect([...shown].sort()).toEqual(shown);
			result = engine.run(query, 0);
			calls++;
		}
		expect(calls).toBeGreaterThan(3);
		const times = result.rows.slice().map((r) => r['time'] as string);
		expect(times).toEqual([...times].sort());
		expect(times).toHaveLength(40_000);
	});
});

describe('rows and records', () => {
	it('gives the record behind a records-view row, for the detail', () => {
		const {store} = build(sessionRecords());
		const engine = new QueryEngine(store);
		const rows = engine.run({view: 'records', filter: 'kind:playback'}).rows;
		expect(rows.length).toBe(3);
		expect(store.record(engine.recordIndexOf(rows.at(0))!).kind).toBe('playback');
		expect(rows.at(3)).toBeUndefined();
		expect(rows.at(-1)).toEqual(rows.at(2));
		expect(rows.slice(1)).toHaveLength(2);
	});

	it('keeps the records view right when a record has no host', () => {
		const store = fillStore(new RecordStore({spool: true}), [playback({host: undefined})]);
		const rows = new QueryEngine(store).run({view: 'records', filter: '', sort: {key: 'destination', descending: false}}).rows;
		expect(rows.at(0)?.['destination']).toBe('');
	});

	it('counts records and matches for the status line', () => {
		const {store} = build(sessionRecords());
		const result = new QueryEngine(store).run({view: 'destinations', filter: 'kind:playback'});
		expect(result).toMatchObject({matched: 3, total: 15, filtered: true});
	});
});

describe('sorting', () => {
	// One kind of empty cell per run: the reference compares undefined with '' by input order only.
	const cell = (empty: '' | undefined): fc.Arbitrary<CellValue> =>
		fc.oneof(
			fc.constant(empty),
			fc.integer({min: -5, max: 5}),
			fc.constantFrom('a', 'A', 'b', 'B10', 'b9', 'é', 'e', 'plex.tv', 'Plex.tv', '-x', '_y', '10', '9', '例'),
			fc.date({min: new Date(0), max: new Date(4e12), noInvalidDate: true}).map((d) => d.toISOString()),
		);
	const listCell = fc.array(fc.constantFrom('a', 'b', 'c'), {maxLength: 3});

	it('sortRows gives exactly the order of the plain reference sort', () => {
		const rowsArb = fc.constantFrom('' as const, undefined).chain((empty) => fc.array(fc.record({v: cell(empty), l: listCell, i: fc.nat()}), {maxLength: 60}));
		fc.assert(
			fc.property(rowsArb, fc.boolean(), fc.constantFrom('v', 'l'), (rows, descending, key) => {
				expect(sortRows(rows as unknown as Row[], key, descending)).toEqual(referenceSort(rows as unknown as Row[], key, descending));
			}),
			runs(300),
		);
	});

	it('the ASCII fast path orders exactly as the collator', () => {
		const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});
		const printable = Array.from({length: 95}, (_, k) => String.fromCharCode(32 + k));
		const text = fc.string({unit: fc.constantFrom(...printable, ...'0000011119aAzZ-._'.split('')), maxLength: 12});
		fc.assert(
			fc.property(text, text, (a, b) => {
				expect(Math.sign(asciiCompare(a, b)!)).toBe(Math.sign(collator.compare(a, b)));
			}),
			runs(20_000),
		);
		expect(asciiCompare('é', 'e')).toBeUndefined();
		expect(asciiCompare('host9', 'host10')).toBeLessThan(0);
		expect(asciiCompare('a01', 'a1')).toBe(0);
	});

	it('sortIndices is stable and offsets indices by the base', () => {
		expect(sortIndices(['b', 'a', 'B', 'a'], 10, false)).toEqual([11, 13, 10, 12]);
		expect(sortIndices(['b', 'a', 'B', 'a'], 0, true)).toEqual([0, 2, 1, 3]);
		expect(sortIndices([3, undefined, 1, ''], 0, true)).toEqual([0, 2, 1, 3]);
		expect(sortIndices(['', undefined, 'a'], 0, false)).toEqual([2, 0, 1]);
		expect(sortIndices(['x', 'y', 'z'], 5, false)).toEqual([5, 6, 7]);
	});

	it.each([
		['2024-05-02T09:49:48.507Z', true],
		['2024-05-02T09:49:48Z', true],
		['2024-05-02T09:49:48.5Z', true],
		['2024-05-02 09:49:48', false],
		['2024-05-02T09:49:48.Z', false],
		['2024-05-02T09:49:48+01:00', false],
		['x024-05-02T09:49:48.507Z', false],
	] as const)('isIsoTime(%s) is %s', (s, expected) => {
		expect(isIsoTime(s)).toBe(expected);
	});

	it('default sorts are the view definitions own', () => {
		for (const view of VIEWS) expect(defaultSort(view).key).toBe(view.sort?.key ?? '');
	});
});

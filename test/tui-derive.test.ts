import {defaultSort} from '../source/views/types.js';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import type {TelemetryRecord} from '../source/model/records.js';
import {finalizeRecord} from '../source/pipeline/finalize.js';
import {RecordStore} from '../source/pipeline/store.js';
import {Deriver, deriveView, isIsoTime, recordOf, sortIndices, sortRowsFast, type Derived, type Query} from '../source/tui/state/derive.js';
import {sortRows} from '../source/views/sort.js';
import type {CellValue, Row} from '../source/views/types.js';
import {VIEWS} from '../source/views/registry.js';
import {fillStore, manyRequests, playback, request, sessionRecords, sessionStore} from './helpers/ui-records.js';

const classifier = createClassifier();
const snapshot = (d: Derived): Row[] => d.rows.slice();

describe('sorting', () => {
	// One kind of empty cell per run: sortRows compares undefined with '' inconsistently (-1 both ways),
	// so no order can match it there; sortRowsFast ties all empty cells instead.
	const cell = (empty: '' | undefined): fc.Arbitrary<CellValue> => fc.oneof(
		fc.constant(empty),
		fc.integer({min: -5, max: 5}),
		fc.constantFrom('a', 'A', 'b', 'B10', 'b9', 'é', 'e', 'plex.tv', 'Plex.tv', '-x', '_y', '10', '9', '例'),
		fc.date({min: new Date(0), max: new Date(4e12), noInvalidDate: true}).map((d) => d.toISOString()),
	);
	const listCell = fc.array(fc.constantFrom('a', 'b', 'c'), {maxLength: 3});

	it('sortRowsFast gives exactly the order of sortRows (print mode)', () => {
		const rowsArb = fc.constantFrom('' as const, undefined).chain((empty) => fc.array(fc.record({v: cell(empty), l: listCell, i: fc.nat()}), {maxLength: 60}));
		fc.assert(
			fc.property(rowsArb, fc.boolean(), fc.constantFrom('v', 'l'), (rows, descending, key) => {
				expect(sortRowsFast(rows as unknown as Row[], key, descending)).toEqual(sortRows(rows as unknown as Row[], key, descending));
			}),
			{numRuns: 300},
		);
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
});

describe('Deriver', () => {
	const queries: Query[] = VIEWS.flatMap((v) =>
		['', 'party:third', 'kind:playback', 'plex', '!host:plex.tv'].flatMap((filter) => [
			{view: v.name, filter, sort: defaultSort(v)},
			{view: v.name, filter, sort: {key: v.columns[0]!.key, descending: true}},
		]),
	);

	it('equals the plain definition after records are appended between calls', () => {
		const raws = sessionRecords();
		fc.assert(
			fc.property(fc.array(fc.integer({min: 0, max: raws.length - 1}), {minLength: 1, maxLength: 40}), fc.array(fc.nat({max: 40}), {maxLength: 4}), fc.nat({max: queries.length - 1}), (picks, cuts, q) => {
				const store = new RecordStore();
				const deriver = new Deriver(store);
				const query = queries[q]!;
				let added = 0;
				for (const cut of [...cuts.sort((a, b) => a - b), picks.length]) {
					for (; added < Math.min(cut, picks.length); added++) fillStore(store, [raws[picks[added]!]!]);
					expect(snapshot(deriver.derive(query))).toEqual(snapshot(deriveView(store, query)));
				}
			}),
			{numRuns: 150},
		);
	});

	it('reaches the same rows in budgeted steps (budget 0: one step per call)', () => {
		const store = fillStore(new RecordStore(), [...sessionRecords(), ...manyRequests(40_000)]);
		for (const query of [queries.find((q) => q.view === 'records' && q.filter === '')!, {view: 'records', filter: 'party:third', sort: {key: 'summary', descending: true}}, {view: 'destinations', filter: 'plex', sort: {key: 'requests', descending: true}}] satisfies Query[]) {
			const deriver = new Deriver(store);
			let result = deriver.derive(query, 0);
			let calls = 1;
			while (result.pending) {
				result = deriver.derive(query, 0);
				calls++;
			}
			expect(calls).toBeGreaterThan(1);
			expect(snapshot(result)).toEqual(snapshot(deriveView(store, query)));
		}
	});

	it('merges in steps when new records sort before most of the old ones (newest first input)', () => {
		const reversed = [...manyRequests(40_000)].reverse();
		const store = fillStore(new RecordStore(), reversed);
		const query: Query = {view: 'records', filter: '', sort: {key: 'time', descending: false}};
		const deriver = new Deriver(store);
		let result = deriver.derive(query, 0);
		let calls = 1;
		while (result.pending) {
			// Rows shown while pending are always a sorted prefix of the final order's records.
			const shown = result.rows.slice().map((r) => r['time'] as string);
			expect([...shown].sort()).toEqual(shown);
			result = deriver.derive(query, 0);
			calls++;
		}
		expect(calls).toBeGreaterThan(3);
		expect(snapshot(result)).toEqual(snapshot(deriveView(store, query)));
	});

	it('counts every record without a filter, and only kept records with one', () => {
		const store = sessionStore({maxRecords: 5});
		expect(store.droppedRecords).toBe(10);
		const deriver = new Deriver(store);
		const all = deriver.derive({view: 'destinations', filter: '', sort: {key: 'requests', descending: true}});
		const filtered = deriver.derive({view: 'destinations', filter: 'kind:request', sort: {key: 'requests', descending: true}});
		const sum = (d: Derived): number => d.rows.slice().reduce((n, r) => n + (r['requests'] as number), 0);
		expect(sum(all)).toBe(11);
		expect(sum(filtered)).toBe(5);
		expect(all.countTotal).toBe(11);
	});

	it('gives the record behind a records-view row, for the detail', () => {
		const store = sessionStore();
		const rows = new Deriver(store).derive({view: 'records', filter: 'kind:playback', sort: {key: 'time', descending: false}}).rows;
		expect(rows.length).toBe(3);
		expect(recordOf(rows.at(0))?.kind).toBe('playback');
		expect(rows.at(3)).toBeUndefined();
		expect(rows.at(-1)).toBe(rows.at(2));
		expect(rows.slice(1)).toHaveLength(2);
	});

	it('serves a million kept records: rows are built only for the rows asked for', () => {
		const store = new RecordStore(1_000_000);
		const base = finalizeRecord(request('plex.tv', '/'), {classifier, showSecrets: false});
		const input = store.input('big.log');
		// Cheap copies with distinct times: the records view must not need a row object per record.
		for (let i = 0; i < 1_000_000; i++) {
			(store.records as TelemetryRecord[]).push({...base, time: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), origin: {file: 'big.log', line: i + 1}});
		}
		input.records = 1_000_000;
		const deriver = new Deriver(store);
		let d = deriver.derive({view: 'records', filter: '', sort: {key: 'time', descending: true}}, 50);
		while (d.pending) d = deriver.derive({view: 'records', filter: '', sort: {key: 'time', descending: true}}, 50);
		expect(d.rows.length).toBe(1_000_000);
		expect(d.rows.at(0)?.['origin']).toBe('big.log:1000000');
		expect(d.rows.at(999_999)?.['origin']).toBe('big.log:1');
		expect(d.rows.slice(500_000, 500_025)).toHaveLength(25);
	});

	it('keeps playback-only views right when a record has no host', () => {
		const store = fillStore(new RecordStore(), [playback({host: undefined})]);
		const d = new Deriver(store).derive({view: 'records', filter: '', sort: {key: 'destination', descending: false}});
		expect(d.rows.at(0)?.['destination']).toBe('');
	});
});

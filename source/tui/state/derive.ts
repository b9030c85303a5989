/**
Derived data: store + (view, filter, sort) → the rows on screen, in order.

Without a filter, group views are the store's exact aggregates (`store.rows(view)`, which count every
record, kept or not); with a filter, every view is computed from the kept records that pass it, so one
filter narrows every view at once. The records view is the kept records themselves.

`deriveView` is the plain definition. `Deriver` gives the same result incrementally and in bounded
steps, which is what keeps a million records responsive:
- the store only ever appends records, so a cached (view, filter) entry folds just the records added
  since the last call, and stops after a time budget (`pending`) to let keys through, resuming next call;
- the records view sorts record *indices* by one cheaply extracted value per record (no row objects),
  merges newly sorted records into the order it already has, and builds row objects only for the rows
  that are looked at (`RowList.at`), i.e. the visible window.
*/
import {matchesFilter, parseFilter, type Filter} from '../../model/filter.js';
import {formatOrigin, type TelemetryRecord} from '../../model/records.js';
import type {RecordStore} from '../../pipeline/store.js';
import {deviceLabel, summarize, toRecordRow} from '../../views/records.js';
import {findView} from '../../views/registry.js';
import type {Aggregator, CellValue, Row, ViewDefinition} from '../../views/types.js';
import type {SortState} from './reducer.js';

/** Rows by position; arrays are row lists, and so is the lazily built records list. */
export type RowList = {
	readonly length: number;
	at(index: number): Row | undefined;
	slice(start?: number, end?: number): Row[];
};

export type Query = {readonly view: string; readonly filter: string; readonly sort: SortState};

export type Derived = {
	readonly view: ViewDefinition<Row>;
	/** Filtered and sorted, exactly as shown and exported. */
	readonly rows: RowList;
	/** Sum of the view's `countKey` over all rows (the denominator of share bars); 0 without one. */
	readonly countTotal: number;
	/** True when a filter narrowed the rows. */
	readonly filtered: boolean;
	/** True when the time budget ran out before every kept record was looked at; call again. */
	readonly pending: boolean;
};

/** What the store must offer; a `RecordStore` does. */
export type StoreLike = Pick<RecordStore, 'records' | 'rows' | 'inputs' | 'diagnostics' | 'droppedDiagnostics' | 'droppedRecords'>;

const rowOfRecord = new WeakMap<TelemetryRecord, Row>();
const recordOfRow = new WeakMap<Row, TelemetryRecord>();

/** The records-view row of a record (cached, so a record always has the same row object). */
export function recordRow(record: TelemetryRecord): Row {
	let row = rowOfRecord.get(record);
	if (!row) {
		row = toRecordRow(record) as unknown as Row;
		rowOfRecord.set(record, row);
		recordOfRow.set(row, record);
	}
	return row;
}

/** The record behind a records-view row. */
export function recordOf(row: Row | undefined): TelemetryRecord | undefined {
	return row === undefined ? undefined : recordOfRow.get(row);
}

// ---- ordering -------------------------------------------------------------------------------------
// The same order as `sortRows` in source/views/sort.ts (checked by a property test), computed faster:
// one shared collator (`localeCompare` with options builds one per call), and plain comparison for
// ISO-8601 timestamps of the same shape, where the numeric collation and code-unit order agree.

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

/** True for `YYYY-MM-DDTHH:MM:SS[.fff…]Z` (checked by char codes: this runs millions of times). */
export function isIsoTime(s: string): boolean {
	const n = s.length;
	if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return false;
	for (let i = 0; i < n - 1; i++) {
		const c = s.charCodeAt(i);
		const digit = c >= 48 && c <= 57;
		if (i === 4 || i === 7) {
			if (c !== 45 /* - */) return false;
		} else if (i === 13 || i === 16) {
			if (c !== 58 /* : */) return false;
		} else if (i === 10) continue;
		else if (i === 19) {
			if (c !== 46 /* . */) return false;
		} else if (!digit) return false;
	}
	return n === 20 || n > 21;
}

function isEmpty(v: CellValue): boolean {
	return v === undefined || v === '';
}

/** `compare` of source/views/sort.ts, for two values. */
export function compareValues(a: CellValue, b: CellValue): number {
	if (a === b) return 0;
	if (a === undefined || a === '') return 1;
	if (b === undefined || b === '') return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = Array.isArray(a) ? a.length : String(a);
	const sb = Array.isArray(b) ? b.length : String(b);
	if (typeof sa === 'number' && typeof sb === 'number') return sa - sb;
	const x = String(sa);
	const y = String(sb);
	if (x.length === y.length && isIsoTime(x) && isIsoTime(y)) return x < y ? -1 : x > y ? 1 : 0;
	return collator.compare(x, y);
}

/** Order of two values for a sort: empty values last in both directions. 0 for ties. */
function orderValues(a: CellValue, b: CellValue, descending: boolean): number {
	const ea = isEmpty(a);
	const eb = isEmpty(b);
	// All empty cells tie (sortRows would compare undefined with '' inconsistently, -1 both ways).
	if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
	const c = compareValues(a, b);
	return descending ? -c : c;
}

/** Row order for a sort. Ties are 0 (callers keep input order). */
export function rowComparator(key: string, descending: boolean): (x: Row, y: Row) => number {
	return (x, y) => orderValues(x[key], y[key], descending);
}

/** A stable sorted copy (ties keep their input order), equal to `sortRows`. */
export function sortRowsFast(rows: readonly Row[], key: string, descending: boolean): Row[] {
	const order = sortIndices(rows.map((r) => r[key]), 0, descending);
	return order.map((i) => rows[i]!);
}

/**
Stable sort of `values` (positions `base + i`), as indices. Values are ranked first (each distinct
value compared once, values that compare equal sharing a rank), then indices are sorted by rank, so
a million rows cost a sort of small integers plus a sort of the distinct values.
*/
export function sortIndices(values: readonly CellValue[], base: number, descending: boolean): number[] {
	const n = values.length;
	const out: number[] = new Array<number>(n);
	// Already in order (records read in time order, sorted by time): nothing to do.
	let sorted = true;
	for (let i = 1; i < n && sorted; i++) if (orderValues(values[i - 1], values[i], descending) > 0) sorted = false;
	if (sorted) {
		for (let i = 0; i < n; i++) out[i] = base + i;
		return out;
	}
	const keyOf = (v: CellValue): string | number | boolean | undefined => (Array.isArray(v) ? v.length : (v as string | number | boolean | undefined));
	const distinct = new Map<string | number | boolean | undefined, number>();
	for (const v of values) distinct.set(keyOf(v), 0);
	// Decorate once: timestamps compare as plain strings, everything else as `orderValues` says.
	const sign = descending ? -1 : 1;
	const keys = [...distinct.keys()].map((k) => ({k, iso: typeof k === 'string' && isIsoTime(k)}));
	const cmp = (x: {k: CellValue; iso: boolean}, y: {k: CellValue; iso: boolean}): number =>
		x.iso && y.iso && (x.k as string).length === (y.k as string).length ? sign * (x.k! < y.k! ? -1 : x.k! > y.k! ? 1 : 0) : orderValues(x.k, y.k, descending);
	keys.sort(cmp);
	let rank = 0;
	keys.forEach((k, i) => {
		if (i > 0 && cmp(keys[i - 1]!, k) !== 0) rank++;
		distinct.set(k.k, rank);
	});
	const ranks = new Int32Array(n);
	for (let i = 0; i < n; i++) ranks[i] = distinct.get(keyOf(values[i]))!;
	const idx = Array.from({length: n}, (_, i) => i);
	idx.sort((a, b) => ranks[a]! - ranks[b]! || a - b);
	for (let i = 0; i < n; i++) out[i] = base + idx[i]!;
	return out;
}

/** Merge two sorted index runs; on ties the first run comes first (its records came earlier). */
export function mergeIndices(first: readonly number[], second: readonly number[], cmp: (a: number, b: number) => number): number[] {
	if (second.length === 0) return first as number[];
	if (first.length === 0) return second as number[];
	if (cmp(first[first.length - 1]!, second[0]!) <= 0) return first.concat(second);
	const out: number[] = new Array<number>(first.length + second.length);
	let i = 0;
	let j = 0;
	let k = 0;
	while (i < first.length && j < second.length) out[k++] = cmp(first[i]!, second[j]!) <= 0 ? first[i++]! : second[j++]!;
	while (i < first.length) out[k++] = first[i++]!;
	while (j < second.length) out[k++] = second[j++]!;
	return out;
}

/** The records-view value of one column, without building the whole row. */
const RECORD_VALUES: Readonly<Record<string, (r: TelemetryRecord) => CellValue>> = {
	time: (r) => r.time,
	kind: (r) => r.kind,
	source: (r) => r.source,
	destination: (r) => (r.kind === 'request' ? r.host : r.kind === 'playback' ? (r.host ?? '') : ''),
	party: (r) => (r.kind === 'device' ? '' : (r.classification?.party ?? '')),
	summary: summarize,
	device: deviceLabel,
	identifiers: (r) => [...new Set(r.identifiers.map((i) => i.name))],
	origin: (r) => formatOrigin(r.origin),
};

function recordValue(key: string): (r: TelemetryRecord) => CellValue {
	return RECORD_VALUES[key] ?? ((r) => recordRow(r)[key]);
}

/** The records view as a row list over records in a given order; rows are built when asked for. */
class RecordRows implements RowList {
	/** The order array grows in place as sorting goes on; a row list shows it as it was when made. */
	readonly length: number;

	constructor(
		private readonly records: readonly TelemetryRecord[],
		private readonly order: readonly number[],
	) {
		this.length = order.length;
	}

	at(index: number): Row | undefined {
		const i = index < 0 ? this.length + index : index;
		if (i < 0 || i >= this.length) return undefined;
		return recordRow(this.records[this.order[i]!]!);
	}

	slice(start = 0, end = this.length): Row[] {
		const from = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
		const to = end < 0 ? Math.max(0, this.length + end) : Math.min(end, this.length);
		return this.order.slice(from, Math.max(from, to)).map((i) => recordRow(this.records[i]!));
	}
}

function countTotalOf(view: ViewDefinition<Row>, rows: RowList): number {
	if (!view.countKey || !Array.isArray(rows)) return 0;
	let total = 0;
	for (const row of rows as Row[]) {
		const v = row[view.countKey];
		if (typeof v === 'number') total += v;
	}
	return total;
}

function viewOf(name: string): ViewDefinition<Row> {
	const view = findView(name);
	if (!view) throw new Error(`unknown view ${name}`);
	return view;
}

/** The plain definition (no caching, no budget): what `Deriver.derive` must always equal. */
export function deriveView(store: StoreLike, query: Query): Derived {
	const view = viewOf(query.view);
	const filter = parseFilter(query.filter);
	const filtered = filter.terms.length > 0;
	const records = filtered ? store.records.filter((r) => matchesFilter(filter, r)) : store.records;
	let rows: Row[];
	if (view.name === 'records') rows = records.map(recordRow);
	else if (!filtered) rows = store.rows(view.name) ?? [];
	else {
		const agg = view.create(store);
		for (const r of records) agg.add(r);
		rows = agg.rows();
	}
	const sorted = sortRowsFast(rows, query.sort.key, query.sort.descending);
	return {view, rows: sorted, countTotal: countTotalOf(view, sorted), filtered, pending: false};
}

type Merge = {readonly tail: readonly number[]; readonly out: number[]; i: number; j: number; k: number};
type Sorted = {readonly id: string; readonly values: CellValue[]; order: number[]; merging: Merge | undefined};

type Entry = {
	readonly filter: Filter;
	/** How many of `store.records` have been looked at. */
	consumed: number;
	/** Group views under a filter: the aggregator folding the matching records. */
	readonly agg: Aggregator<Row> | undefined;
	/** Records view: the matching records, in store order (the store's own array when unfiltered). */
	readonly matched: TelemetryRecord[];
	/** Records view: the current sort's values and order (indices into `matched`). */
	sorted: Sorted | undefined;
};

const MAX_ENTRIES = 12;
const CHECK_EVERY = 256;
/** Records sorted per step of the records view's sort. */
const SORT_CHUNK = 16_384;
/** Merge steps between clock checks. */
const MERGE_SLICE = 8192;

/** Incremental, time-budgeted `deriveView` with a small cache of (view, filter) entries. */
export class Deriver {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly store: StoreLike) {}

	/**
	Rows for a query. Looking at new records and sorting them stop once `budgetMs` is spent (then
	`pending` is true and the rows cover what was done so far); the next call carries on from there.
	*/
	derive(query: Query, budgetMs = Number.POSITIVE_INFINITY): Derived {
		const started = performance.now();
		const view = viewOf(query.view);
		const entry = this.entry(view, query.filter);
		const filtered = entry.filter.terms.length > 0;
		const {records} = this.store;
		let pending = false;
		if (filtered || entry.agg) {
			let i = entry.consumed;
			for (; i < records.length; i++) {
				if ((i - entry.consumed) % CHECK_EVERY === CHECK_EVERY - 1 && performance.now() - started > budgetMs) {
					pending = true;
					break;
				}
				const r = records[i]!;
				if (!matchesFilter(entry.filter, r)) continue;
				if (entry.agg) entry.agg.add(r);
				else entry.matched.push(r);
			}
			entry.consumed = i;
		}
		if (view.name !== 'records') {
			const rows = sortRowsFast(entry.agg ? entry.agg.rows() : (this.store.rows(view.name) ?? []), query.sort.key, query.sort.descending);
			return {view, rows, countTotal: countTotalOf(view, rows), filtered, pending};
		}
		const {order, complete} = this.order(entry, query.sort, started + budgetMs);
		return {view, rows: new RecordRows(entry.matched, order), countTotal: 0, filtered, pending: pending || !complete};
	}

	/**
	Sort order of the entry's records, extended step by step until every record is in or the deadline
	passes (at least one step per call, so it always progresses). A step extracts and sorts the next
	chunk of records, then appends it (records arriving in sort order, e.g. a log sorted by time) or
	merges it in; a long merge is itself resumed across calls. While a step is unfinished the order
	shown is the last complete one.
	*/
	private order(entry: Entry, sort: SortState, deadline: number): {order: number[]; complete: boolean} {
		const id = `${sort.key}\u0000${sort.descending}`;
		if (entry.sorted?.id !== id) entry.sorted = {id, values: [], order: [], merging: undefined};
		const sorted = entry.sorted;
		const {values} = sorted;
		const n = entry.matched.length;
		const value = recordValue(sort.key);
		const cmp = (a: number, b: number): number => orderValues(values[a], values[b], sort.descending) || a - b;
		let first = true;
		for (;;) {
			const late = !first && performance.now() > deadline;
			first = false;
			const m = sorted.merging;
			if (m) {
				if (late) return {order: sorted.order, complete: false};
				const a = sorted.order;
				const b = m.tail;
				// Merge in slices, checking the clock between them.
				while (m.i < a.length && m.j < b.length) {
					const stop = Math.min(m.k + MERGE_SLICE, m.out.length);
					while (m.k < stop && m.i < a.length && m.j < b.length) m.out[m.k++] = cmp(a[m.i]!, b[m.j]!) <= 0 ? a[m.i++]! : b[m.j++]!;
					if (performance.now() > deadline && m.i < a.length && m.j < b.length) return {order: sorted.order, complete: false};
				}
				while (m.i < a.length) m.out[m.k++] = a[m.i++]!;
				while (m.j < b.length) m.out[m.k++] = b[m.j++]!;
				sorted.order = m.out;
				sorted.merging = undefined;
				continue;
			}
			if (values.length >= n) return {order: sorted.order, complete: true};
			if (late) return {order: sorted.order, complete: false};
			const done = values.length;
			const end = Math.min(n, done + SORT_CHUNK);
			const fresh: CellValue[] = new Array<CellValue>(end - done);
			for (let i = done; i < end; i++) {
				const v = value(entry.matched[i]!);
				fresh[i - done] = v;
				values.push(v);
			}
			const tail = sortIndices(fresh, done, sort.descending);
			const {order} = sorted;
			if (order.length === 0 || cmp(order[order.length - 1]!, tail[0]!) <= 0) {
				for (const i of tail) order.push(i);
			} else {
				// Everything that sorts before the chunk's first record stays where it is: start merging there
				// (usually near the end, when only a few records came out of order).
				let lo = 0;
				let hi = order.length;
				while (lo < hi) {
					const mid = (lo + hi) >>> 1;
					if (cmp(order[mid]!, tail[0]!) <= 0) lo = mid + 1;
					else hi = mid;
				}
				if (order.length - lo <= SORT_CHUNK) {
					// A short displaced end: merge it with the chunk in place (no copy of the whole order).
					const suffix = order.splice(lo);
					let i = 0;
					let j = 0;
					while (i < suffix.length && j < tail.length) order.push(cmp(suffix[i]!, tail[j]!) <= 0 ? suffix[i++]! : tail[j++]!);
					while (i < suffix.length) order.push(suffix[i++]!);
					while (j < tail.length) order.push(tail[j++]!);
				} else {
					const out = order.slice(0, lo);
					out.length = order.length + tail.length;
					sorted.merging = {tail, out, i: lo, j: 0, k: lo};
				}
			}
		}
	}

	private entry(view: ViewDefinition<Row>, filterText: string): Entry {
		const id = `${view.name}\u0000${filterText}`;
		const hit = this.entries.get(id);
		if (hit) {
			this.entries.delete(id);
			this.entries.set(id, hit);
			return hit;
		}
		const filter = parseFilter(filterText);
		const filtered = filter.terms.length > 0;
		const records = view.name === 'records';
		const entry: Entry = {
			filter,
			consumed: 0,
			agg: !records && filtered ? view.create(this.store) : undefined,
			// Unfiltered, the records view reads the store's (append-only) array itself.
			matched: records && !filtered ? this.store.records : [],
			sorted: undefined,
		};
		this.entries.set(id, entry);
		if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
		return entry;
	}
}

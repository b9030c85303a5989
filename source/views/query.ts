/**
The query layer: store + (view, filter, sort) → rows, in order. Print mode, every output format,
exports, the blocklist, `--fail-on`, the overview and the UI all get their rows here; nothing else
filters, groups or sorts records.

  filter  → the positions of the records that pass (a compiled test over columns), computed once per
            filter and shared by every view;
  group   → a view's aggregator folded over those positions;
  sort    → rows by any column (source/views/sort.ts); the records view sorts record positions by one
            value per record and builds rows only for the rows looked at;
  window  → `RowList.at` / `slice`: a screen asks for the rows it shows, print mode for all of them.

Every view is computed from every record that passes the filter. Work is incremental and can be
time-boxed: the store only ever appends, so a cached selection, fold or sort continues from where it
stopped; with a budget (the UI gives ~40 ms) a call returns what is done so far with `pending: true`,
and the next call carries on. Print mode calls with no budget and gets the whole answer.
*/
import {u32, type ColumnSpace, type NumberColumn} from '../store/columns.js';
import type {RecordStore} from '../store/store.js';
import {compileFilter, parseFilter, type CompiledFilter, type Filter} from './filter.js';
import type {Grouping} from './domains.js';
import {groupedView} from './registry.js';
import {orderValues, radixOrder, sortIndices} from './sort.js';
import {RankTable} from './ranks.js';
import type {Aggregator, CellValue, Counter, GroupView, RankSource, RecordView, Row, SortKey, ViewDefinition} from './types.js';

export type SortState = {readonly key: string; readonly descending: boolean};

/** Rows by position; arrays are row lists, and so is the lazily built records list. */
export type RowList = {
	readonly length: number;
	at(index: number): Row | undefined;
	slice(start?: number, end?: number): Row[];
};

/**
A query: a view (by name), a filter, a sort, and a grouping — `domain` swaps the view for its
domain-grouped twin (source/views/domains.ts) where it has one; the result's `view` is the one used.
*/
export type Query = {readonly view: string; readonly filter: string; readonly sort?: SortState | undefined; readonly group?: Grouping | undefined};

export type QueryResult = {
	readonly view: ViewDefinition<Row>;
	/** Filtered and sorted, exactly as shown and exported. */
	readonly rows: RowList;
	/** Sum of the view's `countKey` over all rows (the denominator of share bars); 0 without one. */
	readonly countTotal: number;
	/** True when a filter narrowed the rows. */
	readonly filtered: boolean;
	/** True when the time budget ran out before every record was looked at; call again. */
	readonly pending: boolean;
	/** Records that pass the filter (so far, when pending), and records in the store. */
	readonly matched: number;
	readonly total: number;
};

/** The records that pass one filter, in store order. */
class Selection {
	/** Records of the store looked at so far. */
	consumed = 0;
	/** Positions of the records that passed (only when filtered: unfiltered, position = record). */
	readonly matched: NumberColumn<Uint32Array> | undefined;

	constructor(
		readonly filter: Filter,
		readonly compiled: CompiledFilter | undefined,
		space: ColumnSpace,
	) {
		// In the store's column space: a filter that matches millions of records spills like the columns.
		this.matched = compiled ? u32(space) : undefined;
	}

	get length(): number {
		return this.matched ? this.matched.length : this.consumed;
	}

	/** The record at a position of the selection. */
	record(position: number): number {
		return this.matched ? this.matched.get(position) : position;
	}
}

/** A fold of a selection: a view's rows, or only their count (`Counter`). */
type FoldEntry<A extends Counter> = {
	readonly selection: Selection;
	/** The view searches records for learned identifiers: a new one makes it start again. */
	readonly learned: boolean;
	readonly agg: A;
	/** Positions of the selection folded so far. */
	folded: number;
};

type GroupEntry = FoldEntry<Aggregator<Row>> & {
	/** The view can be counted without its rows (`counter`): its fold may be let go when not shown. */
	readonly countable: boolean;
	/** When rows were last asked of it (performance.now()). */
	shownAt: number;
	/** Groups in row order, as of `orderAt` (store version and positions folded), sorted by `sortId`. */
	order: number[] | undefined;
	orderAt: string;
	sortId: string;
	/** When the order was last computed and what it cost (ms), to space out re-sorts while data arrives. */
	sortedAt: number;
	sortCost: number;
};

type Merge = {readonly tail: readonly number[]; readonly out: number[]; i: number; j: number; k: number};
/** A records-view sort in progress: each record's sort value, the order so far, a merge in progress. */
type Sorted = {
	readonly id: string;
	readonly key: SortKey | undefined;
	/** Each sorted position's value: `key.of` numbers, or cells when the column has no sort key. */
	readonly values: CellValue[] | number[];
	order: number[];
	merging: Merge | undefined;
	/** A radix sort of the first `bulk.n` positions in progress (the first sort of a large selection). */
	bulk: {readonly n: number; readonly run: Generator<void, Uint32Array>} | undefined;
};
type RecordEntry = {readonly selection: Selection; sorted: Sorted | undefined};

/** Selections and entries kept (least recently used go first); unfiltered ones are always kept. */
const MAX_SELECTIONS = 8;
const MAX_ENTRIES = 16;
/**
Groups (rows) of folds not shown for IDLE_MS that are kept for the next look at their view. Beyond it the
folds of countable views are let go, least recently shown first (their tab counts go on from a counter),
so a log of 600,000 hosts keeps one view's rows a host, not every view's: a tab shown again folds anew.
*/
const KEPT_GROUPS = 200_000;
const IDLE_MS = 2_000;
/** Records looked at between clock checks. */
const CHECK_EVERY = 256;
/** Records sorted per step of the records view's sort. */
const SORT_CHUNK = 16_384;
/** Merge steps between clock checks. */
const MERGE_SLICE = 8192;

/**
Positions `from` up to `to`, handed to `slice` CHECK_EVERY at a time with a look at the clock between
slices: the position reached, `to` when done, else where the deadline stopped it (the next call resumes
there). A call per slice, not per record, keeps the per-record loop in the caller's own code.
*/
function inSlices(from: number, to: number, deadline: number, slice: (start: number, end: number) => void): number {
	let at = from;
	while (at < to) {
		const end = Math.min(to, at + CHECK_EVERY);
		slice(at, end);
		at = end;
		if (at < to && performance.now() > deadline) break;
	}
	return at;
}

function viewOf(name: string, group?: Grouping): ViewDefinition<Row> {
	const view = groupedView(name, group);
	if (!view) throw new Error(`unknown view ${name}`);
	return view;
}

/** The key of a view's fold of a selection. */
function groupKey(view: ViewDefinition<Row>, selection: Selection): string {
	return `${view.name}\u0000${selection.filter.text}`;
}

function sortIdOf(sort: SortState): string {
	return `${sort.key}\u0000${sort.descending}`;
}

function countTotalOf(view: ViewDefinition<Row>, agg: Aggregator<Row>): number {
	if (!view.countKey) return 0;
	let total = 0;
	for (let g = 0, n = agg.size(); g < n; g++) {
		const v = agg.value(g, view.countKey);
		if (typeof v === 'number' && !Number.isNaN(v)) total += v;
	}
	return total;
}

/** Groups in row order: the view's own order (rank, then first seen), then stably by the sort column. */
export function sortGroups(agg: Aggregator<Row>, sort: SortState): number[] {
	// Plain loops into typed arrays: a UI frame sorts every group of a view (150,000 hosts) whenever records
	// arrive, and iterator-fed `Array.from` / `Float64Array.from` and per-step copies were most of what a frame
	// left for the collector.
	const n = agg.size();
	const base = new Array<number>(n);
	for (let g = 0; g < n; g++) base[g] = g;
	if (agg.rank) {
		const ranks = new Float64Array(n);
		for (let g = 0; g < n; g++) ranks[g] = agg.rank(g);
		base.sort((a, b) => ranks[a]! - ranks[b]! || a - b);
	}
	if (sort.key === '' || n < 2) return base;
	const v = new Float64Array(n);
	let numbers = true;
	for (let k = 0; k < n && numbers; k++) {
		const x = agg.value(base[k]!, sort.key);
		if (x === undefined) v[k] = Number.NaN;
		else if (typeof x === 'number') v[k] = x;
		else numbers = false;
	}
	let positions: number[];
	if (numbers) {
		// Numbers (counts, bytes, times as ms): sort positions by value, empty last, ties in base order.
		const sign = sort.descending ? -1 : 1;
		positions = new Array<number>(n);
		for (let k = 0; k < n; k++) positions[k] = k;
		positions.sort((a, b) => {
			const x = v[a]!;
			const y = v[b]!;
			if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) === Number.isNaN(y) ? a - b : Number.isNaN(x) ? 1 : -1;
			return sign * (x - y) || a - b;
		});
	} else {
		const values = new Array<CellValue>(n);
		for (let k = 0; k < n; k++) values[k] = agg.value(base[k]!, sort.key);
		positions = sortIndices(values, 0, sort.descending);
	}
	for (let k = 0; k < n; k++) positions[k] = base[positions[k]!]!;
	return positions;
}

/** Touch a key of an LRU map (Map keeps insertion order). */
function touch<K, V>(map: Map<K, V>, key: K, value: V): V {
	map.delete(key);
	map.set(key, value);
	return value;
}

/**
The entry under `key` in an LRU map of at most MAX_ENTRIES, made by `create` when there is none; a new one
drops the least recently used filtered entry (unfiltered ones are always kept).
*/
function entryOf<V extends {readonly selection: Selection}>(map: Map<string, V>, key: string, create: () => V): V {
	const hit = map.get(key);
	if (hit) return touch(map, key, hit);
	const entry = create();
	map.set(key, entry);
	if (map.size > MAX_ENTRIES) {
		for (const [k, e] of map) {
			if (e.selection.compiled && k !== key) {
				map.delete(k);
				break;
			}
		}
	}
	return entry;
}

export class QueryEngine {
	private readonly selections = new Map<string, Selection>();
	private readonly groups = new Map<string, GroupEntry>();
	/** Row counts of views whose rows are not shown (`GroupView.counter`), by the same key as `groups`. */
	private readonly counted = new Map<string, FoldEntry<Counter>>();
	private readonly records = new Map<string, RecordEntry>();
	/** Which record a records-view row stands for. */
	private readonly rowRecord = new WeakMap<Row, number>();
	private readonly rankTables = new Map<string, RankTable>();
	private labelsAt = 0;
	private learnedAt = 0;
	private readonly ranks: RankSource = (name, size, text) => {
		let table = this.rankTables.get(name);
		if (!table) {
			table = new RankTable(size, text);
			this.rankTables.set(name, table);
		}
		return table;
	};

	constructor(
		readonly store: RecordStore,
		private readonly keep: {readonly groups: number; readonly idleMs: number} = {groups: KEPT_GROUPS, idleMs: IDLE_MS},
	) {}

	/** The views (and filters) whose rows are folded and kept, least recently used first. */
	heldFolds(): string[] {
		return [...this.groups.keys()].map((key) => key.replace('\u0000', ' / '));
	}

	/**
	Rows for a query. Looking at new records, folding and sorting stop once `budgetMs` is spent (then
	`pending` is true and the rows cover what was done so far); the next call carries on from there.
	*/
	run(query: Query, budgetMs = Number.POSITIVE_INFINITY): QueryResult {
		const deadline = performance.now() + budgetMs;
		const {view, selection, advanced} = this.selected(query, deadline);
		let pending = !advanced;
		const sort = query.sort ?? (view.sort ? {key: view.sort.key, descending: view.sort.descending} : {key: '', descending: false});
		const base = {view, filtered: selection.compiled !== undefined, matched: selection.length, total: this.store.size};
		if (view.kind === 'record') {
			const entry = this.recordEntry(selection);
			const {order, complete} = this.order(view, entry, sort, deadline);
			pending ||= !complete;
			return {...base, rows: new RecordRows(this, view, selection, order), countTotal: 0, pending};
		}
		const entry = this.groupEntry(view, selection);
		pending ||= !this.fold(entry, deadline);
		entry.shownAt = performance.now();
		this.letGo(entry);
		// Only a time-boxed caller (the UI) takes a stale order while records arrive; print mode never does. A
		// stale order is not `pending`: a pending answer made the UI draw again at once, and drawing a frame per
		// turn while records arrived took most of its time.
		const order = this.groupOrder(entry, sort, Number.isFinite(budgetMs) && (pending || this.store.reading));
		return {...base, rows: new GroupRows(entry.agg, order), countTotal: countTotalOf(view, entry.agg), pending};
	}

	/** How many rows a query has (`run(query).rows.length`), without sorting them: the UI's tab counts. */
	rowCount(query: Query, budgetMs = Number.POSITIVE_INFINITY): {readonly count: number; readonly pending: boolean} {
		const deadline = performance.now() + budgetMs;
		const {view, selection, advanced} = this.selected(query, deadline);
		let pending = !advanced;
		if (view.kind === 'record') return {count: selection.length, pending};
		const key = groupKey(view, selection);
		const counter = view.counter;
		const counting = (): FoldEntry<Counter> => ({selection, learned: view.learned === true, agg: counter!(this.store), folded: 0});
		const entry = this.groups.get(key) ?? (counter ? entryOf(this.counted, key, counting) : this.groupEntry(view, selection));
		pending ||= !this.fold(entry, deadline);
		return {count: entry.agg.size(), pending};
	}

	/**
	Let go of the folds of countable views not shown for a while once they keep more than KEPT_GROUPS
	groups (least recently shown first); `current` was just shown.
	*/
	private letGo(current: GroupEntry): void {
		const idle = current.shownAt - this.keep.idleMs;
		let kept = 0;
		for (const e of this.groups.values()) if (e.countable && e !== current && e.shownAt <= idle) kept += e.agg.size();
		if (kept <= this.keep.groups) return;
		const byAge = [...this.groups].filter(([, e]) => e.countable && e !== current && e.shownAt <= idle).sort((a, b) => a[1].shownAt - b[1].shownAt);
		for (const [key, e] of byAge) {
			if (kept <= this.keep.groups) break;
			this.groups.delete(key);
			kept -= e.agg.size();
		}
	}

	/** A query's view and its selection, looked at up to `deadline` (`advanced`: every record so far). */
	private selected(query: Query, deadline: number): {view: ViewDefinition<Row>; selection: Selection; advanced: boolean} {
		this.followLabels();
		const view = viewOf(query.view, query.group);
		const selection = this.selection(query.filter);
		return {view, selection, advanced: this.advance(selection, deadline)};
	}

	/**
	The groups of an entry in row order. Re-sorted when new records changed it — but while records are
	still arriving, at most as often as keeps sorting under a fifth of the time (a hundred thousand
	hosts by name take a while); in between, new groups are appended to the last order (stale, not pending:
	the next change of the store sorts).
	*/
	private groupOrder(entry: GroupEntry, sort: SortState, mayWait: boolean): number[] {
		const id = sortIdOf(sort);
		const at = `${this.store.version}/${entry.folded}`;
		const now = performance.now();
		// A view whose rows can merge as records arrive (the timeline widens its buckets) is sorted afresh.
		if (entry.order && entry.sortId === id && entry.orderAt !== at && mayWait && now - entry.sortedAt < 4 * entry.sortCost && entry.order.length <= entry.agg.size()) {
			const {order} = entry;
			for (let g = order.length, n = entry.agg.size(); g < n; g++) order.push(g);
			return order;
		}
		if (!entry.order || entry.orderAt !== at || entry.sortId !== id) {
			entry.order = sortGroups(entry.agg, sort);
			entry.orderAt = at;
			entry.sortId = id;
			entry.sortedAt = performance.now();
			entry.sortCost = entry.sortedAt - now;
		}
		return entry.order;
	}

	/** All rows of a query as an array (print mode, exports): no budget. */
	rows(view: string, filter = '', sort?: SortState, group?: Grouping): Row[] {
		return this.run({view, filter, sort, group}).rows.slice();
	}

	/**
	Destinations are labelled again when the classifier learns whose servers are the user's own, and
	identifiers learned later are found in records read earlier; every selection, fold and sort that read
	a label or a learned identifier is then stale, and starts again.
	*/
	private followLabels(): void {
		this.store.refreshLabels();
		if (this.store.labelsVersion !== this.labelsAt) {
			this.labelsAt = this.store.labelsVersion;
			this.selections.clear();
			this.groups.clear();
			this.counted.clear();
			this.records.clear();
			this.rankTables.clear();
		}
		// Learned identifiers change only what searches for them found: the ledger, `identifier:` filters.
		if (this.store.learnedVersion !== this.learnedAt) {
			this.learnedAt = this.store.learnedVersion;
			for (const [key, s] of this.selections) if (s.compiled?.learned) this.selections.delete(key);
			for (const folds of [this.groups, this.counted]) {
				for (const [key, entry] of folds) if (entry.learned || entry.selection.compiled?.learned) folds.delete(key);
			}
			for (const [key, entry] of this.records) if (entry.selection.compiled?.learned) this.records.delete(key);
		}
	}

	/**
	How many records pass a filter, looking at records for at most `budgetMs` (the filter input's live
	count while typing); `complete` is false when the count so far is a lower bound.
	*/
	countWithin(filter: string, budgetMs: number): {matched: number; total: number; complete: boolean} {
		this.followLabels();
		const selection = this.selection(filter);
		const complete = this.advance(selection, performance.now() + budgetMs);
		return {matched: selection.length, total: this.store.size, complete};
	}

	/** How many records pass a filter (the whole store is looked at). */
	count(filter: string): number {
		this.followLabels();
		const selection = this.selection(filter);
		this.advance(selection, Number.POSITIVE_INFINITY);
		return selection.length;
	}

	/** The record a records-view row stands for. */
	recordIndexOf(row: Row | undefined): number | undefined {
		return row === undefined ? undefined : this.rowRecord.get(row);
	}

	/** The records of a filter in store order (for `--output json` of the records view and for tests). */
	*recordIndices(filter = ''): Generator<number> {
		this.followLabels();
		const selection = this.selection(filter);
		this.advance(selection, Number.POSITIVE_INFINITY);
		for (let k = 0; k < selection.length; k++) yield selection.record(k);
	}

	/** The records view's row of record `i` (one row object per record while it is referenced). */
	rowOf(view: RecordView<Row>, i: number): Row {
		const row = view.row(this.store, i);
		this.rowRecord.set(row, i);
		return row;
	}

	private selection(filterText: string): Selection {
		const hit = this.selections.get(filterText);
		if (hit) return touch(this.selections, filterText, hit);
		const filter = parseFilter(filterText);
		const compiled = filter.terms.length > 0 ? compileFilter(filter, this.store) : undefined;
		const selection = new Selection(filter, compiled, this.store.space);
		this.selections.set(filterText, selection);
		if (this.selections.size > MAX_SELECTIONS) {
			for (const [key, s] of this.selections) {
				if (s.compiled && key !== filterText) {
					this.selections.delete(key);
					for (const folds of [this.groups, this.counted]) for (const [k, e] of folds) if (e.selection === s) folds.delete(k);
					for (const [k, e] of this.records) if (e.selection === s) this.records.delete(k);
					break;
				}
			}
		}
		return selection;
	}

	/** Look at the records added since the last call; false when the deadline stopped it. */
	private advance(selection: Selection, deadline: number): boolean {
		const n = this.store.size;
		const {compiled, matched} = selection;
		if (!compiled || !matched) {
			selection.consumed = n;
			return true;
		}
		selection.consumed = inSlices(selection.consumed, n, deadline, (start, end) => {
			for (let i = start; i < end; i++) if (compiled.test(i)) matched.push(i);
		});
		return selection.consumed >= n;
	}

	private groupEntry(view: GroupView<Row>, selection: Selection): GroupEntry {
		const key = groupKey(view, selection);
		return entryOf(this.groups, key, () => {
			// Its rows count themselves from now on.
			this.counted.delete(key);
			const agg = view.create(this.store);
			const countable = view.counter !== undefined;
			return {selection, learned: view.learned === true, agg, folded: 0, countable, shownAt: 0, order: undefined, orderAt: '', sortId: '', sortedAt: 0, sortCost: 0};
		});
	}

	/** Fold the selection's new positions into the view; false when the deadline stopped it. */
	private fold(entry: FoldEntry<Counter>, deadline: number): boolean {
		const {selection, agg} = entry;
		const length = selection.length;
		entry.folded = inSlices(entry.folded, length, deadline, (start, end) => {
			for (let k = start; k < end; k++) agg.add(selection.record(k));
		});
		return entry.folded >= length;
	}

	private recordEntry(selection: Selection): RecordEntry {
		return entryOf(this.records, selection.filter.text, () => ({selection, sorted: undefined}));
	}

	/**
	Sort order (positions of the selection) of the records view, extended step by step until every
	selected record is in or the deadline passes (at least one step per call, so it always progresses).
	A step takes the next chunk of records' sort values, sorts the chunk, then appends it (records
	arriving in sort order, e.g. a log sorted by time) or merges it in; a long merge is itself resumed
	across calls. While a step is unfinished the order shown is the last complete one.
	*/
	private order(view: RecordView<Row>, entry: RecordEntry, sort: SortState, deadline: number): {order: number[]; complete: boolean} {
		const id = sortIdOf(sort);
		if (entry.sorted?.id !== id) {
			const key = sort.key === '' ? undefined : view.sortKey?.(this.store, sort.key, this.ranks);
			entry.sorted = {id, key, values: [], order: [], merging: undefined, bulk: undefined};
		}
		const sorted = entry.sorted;
		const {values, key} = sorted;
		key?.refresh?.();
		const {selection} = entry;
		const n = selection.length;
		const sign = sort.descending ? -1 : 1;
		// Numbers (times, counts, dictionary ranks) compare as numbers; other columns as cells.
		const cmp: (a: number, b: number) => number = key
			? (a, b) => {
					const x = key.value(values[a] as number);
					const y = key.value(values[b] as number);
					const ex = Number.isNaN(x);
					const ey = Number.isNaN(y);
					if (ex || ey) return ex === ey ? a - b : ex ? 1 : -1;
					return sign * (x - y) || a - b;
				}
			: (a, b) => orderValues(values[a] as CellValue, values[b] as CellValue, sort.descending) || a - b;
		// The first sort of many records: one radix sort of all of them, in steps (see radixOrder).
		if (key && sorted.order.length === 0 && !sorted.bulk && n > SORT_CHUNK) {
			const numbers = values as number[];
			const keys = new Float64Array(n);
			for (let k = 0; k < n; k++) {
				const raw = key.of(selection.record(k));
				numbers.push(raw);
			}
			key.refresh?.();
			for (let k = 0; k < n; k++) {
				const v = key.value(numbers[k]!);
				keys[k] = Number.isNaN(v) ? Number.POSITIVE_INFINITY : sign * v + 0;
			}
			sorted.bulk = {n, run: radixOrder(keys)};
		}
		if (sorted.bulk) {
			for (;;) {
				const step = sorted.bulk.run.next();
				if (step.done) {
					sorted.order = Array.from(step.value);
					sorted.bulk = undefined;
					break;
				}
				if (performance.now() > deadline) return {order: sorted.order, complete: false};
			}
		}
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
			let tail: number[];
			if (key) {
				const numbers = values as number[];
				for (let k = done; k < end; k++) numbers.push(key.of(selection.record(k)));
				key.refresh?.();
				tail = Array.from({length: end - done}, (_, k) => done + k).sort(cmp);
			} else {
				const fresh: CellValue[] = new Array<CellValue>(end - done);
				for (let k = done; k < end; k++) {
					const v = sort.key === '' ? undefined : view.value(this.store, selection.record(k), sort.key);
					fresh[k - done] = v;
					(values as CellValue[]).push(v);
				}
				tail = sortIndices(fresh, done, sort.descending);
			}
			const {order} = sorted;
			if (order.length === 0 || cmp(order[order.length - 1]!, tail[0]!) <= 0) {
				for (const k of tail) order.push(k);
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
}

/** A group view's rows in a given order; each row is built when asked for. */
class GroupRows implements RowList {
	readonly length: number;

	constructor(
		private readonly agg: Aggregator<Row>,
		private readonly order: readonly number[],
	) {
		this.length = order.length;
	}

	at(index: number): Row | undefined {
		const i = index < 0 ? this.length + index : index;
		return i < 0 || i >= this.length ? undefined : this.agg.row(this.order[i]!);
	}

	slice(start = 0, end = this.length): Row[] {
		const from = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
		const to = end < 0 ? Math.max(0, this.length + end) : Math.min(end, this.length);
		const out: Row[] = [];
		for (let k = from; k < to; k++) out.push(this.agg.row(this.order[k]!));
		return out;
	}
}

/** The records view as a row list over records in a given order; rows are built when asked for. */
class RecordRows implements RowList {
	/** The order array grows in place as sorting goes on; a row list shows it as it was when made. */
	readonly length: number;

	constructor(
		private readonly engine: QueryEngine,
		private readonly view: RecordView<Row>,
		private readonly selection: Selection,
		private readonly order: readonly number[],
	) {
		this.length = order.length;
	}

	at(index: number): Row | undefined {
		const i = index < 0 ? this.length + index : index;
		if (i < 0 || i >= this.length) return undefined;
		return this.engine.rowOf(this.view, this.selection.record(this.order[i]!));
	}

	slice(start = 0, end = this.length): Row[] {
		const from = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
		const to = end < 0 ? Math.max(0, this.length + end) : Math.min(end, this.length);
		const out: Row[] = [];
		for (let k = from; k < to; k++) out.push(this.engine.rowOf(this.view, this.selection.record(this.order[k]!)));
		return out;
	}

	/** Record indices in row order. */
	*records(): Generator<number> {
		for (let k = 0; k < this.length; k++) yield this.selection.record(this.order[k]!);
	}
}

export type {RecordRows};

/** Record indices of a records-view row list in row order (print mode streams records through this). */
export function recordsOf(rows: RowList): Iterable<number> | undefined {
	return rows instanceof RecordRows ? rows.records() : undefined;
}

/**
What an empty table says (the UI outside compare mode, and print mode). Records can match a filter and still make no row of a
view (`device:roku` in Destinations when the Roku only appears as the player of a session report, with no
host of its own): that is said, so an empty table is not taken for a filter that matched nothing.
*/
export function emptyTableText(filtered: boolean, filter: string, store: RecordStore, matched = 0): string {
	if (filtered && matched > 0) return `${matched.toLocaleString('en-US')} ${matched === 1 ? 'record matches' : 'records match'} the filter ${filter}, ${matched === 1 ? 'not' : 'none of them'} a row of this view`;
	if (filtered) return `no rows match the filter: ${filter}`;
	return store.inputs.some((i) => i.status === 'reading') ? 'no rows yet; reading…' : 'no rows in this input';
}

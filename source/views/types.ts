/**
A view is a fold over the records of the store: an aggregator that takes record positions and gives
rows, and typed columns that say how each field is shown. Print mode, exports, the blocklist, the gate
and the UI all get their rows from one query layer (source/views/query.ts) over these definitions, so a
CSV export and the screen can never disagree.

Aggregators read the store's columns (source/store/store.ts) by record position; they never see a
record object. The records view is the exception: one row per record, built only for the rows asked for.
*/
import type {RecordStore} from '../store/store.js';

export type {InputSummary} from '../store/store.js';

export type CellValue = string | number | boolean | undefined | readonly string[];
export type Row = Readonly<Record<string, CellValue>>;

export type ColumnKind = 'text' | 'number' | 'bytes' | 'time' | 'list';

export type Column<R extends Row = Row> = {
	readonly key: keyof R & string;
	readonly header: string;
	readonly kind: ColumnKind;
	/** Columns with a higher priority are kept when the terminal is narrow (0 = essential). */
	readonly priority?: number;
	/** Minimum and preferred display widths in the TUI. */
	readonly minWidth?: number;
	readonly maxWidth?: number;
	/** How text too long for its cell is cut: at the end (default), or in the middle of a host name so its domain stays. */
	readonly cut?: 'end' | 'host';
	/** Left out of the UI table until chosen with the column chooser (`c`). */
	readonly hidden?: boolean;
};

/**
A view's fold. Rows are groups, numbered in the order they were first seen; a row object is built only
when asked for (`row`), so a screen showing twenty of a hundred thousand hosts builds twenty, and a
sort reads one column of every group (`value`) without building any.
*/
export type Aggregator<R extends Row> = {
	/** Fold record `i` of the store in. */
	add(i: number): void;
	/** Groups so far. */
	size(): number;
	/** The row of group `g`. */
	row(g: number): R;
	/** One cell of group `g`, for sorting and totals. */
	value(g: number, key: string): CellValue;
	/** The group's place in the view's own order (secrets before identifiers, 4K before SD); ties keep first-seen order. */
	rank?(g: number): number;
};

/**
An aggregator for views with few rows that are simplest to build all at once (the overview, policy):
`rows()` is called again only after new records were folded in or the store changed.
*/
export function eagerRows<R extends Row>(store: {readonly version: number}, add: (i: number) => void, rows: () => R[]): Aggregator<R> {
	let cached: R[] | undefined;
	let at = -1;
	let added = 0;
	let addedAt = -1;
	const current = (): R[] => {
		if (!cached || at !== store.version || addedAt !== added) {
			cached = rows();
			at = store.version;
			addedAt = added;
		}
		return cached;
	};
	return {
		add(i) {
			added++;
			add(i);
		},
		size: () => current().length,
		row: (g) => current()[g]!,
		value: (g, key) => current()[g]![key],
	};
}

type ViewBase<R extends Row> = {
	readonly name: string;
	readonly title: string;
	/** One line for help and README. */
	readonly description: string;
	readonly columns: ReadonlyArray<Column<R>>;
	/** The column rows are counted by, used for share bars. */
	readonly countKey?: keyof R & string;
	/** Default sort: column and direction; absent when the rows' own order is the meaning (overview). */
	readonly sort?: {readonly key: keyof R & string; readonly descending: boolean};
	/** The filter expression that narrows records to a row (drill-down), when a row stands for a group. */
	drill?(row: R): string;
};

/** A view whose rows are groups of records. */
export type GroupView<R extends Row = Row> = ViewBase<R> & {
	readonly kind: 'group';
	/** The rows depend on identifiers learned so far (the ledger): recomputed when one is learned. */
	readonly learned?: boolean;
	create(store: RecordStore): Aggregator<R>;
	/**
	The row count alone, for a view whose rows are not shown (the UI's tab counts): `size()` equals that of
	`create`'s aggregator over the same records, for a fraction of its memory (no sums, no sparklines). Views
	of many groups (a row per host) have one; the others are counted by their own fold.
	*/
	counter?(store: RecordStore): Counter;
};

/** What a row count folds: the records in, the number of groups out. */
export type Counter = Pick<Aggregator<Row>, 'add' | 'size'>;

/**
How to order records by a column quickly: a number per record (`of`: a time, a count, or a dictionary
id), and the number it sorts by (`value`: itself, or the id's current rank; NaN is empty and sorts last).
Ranks are read when comparing, so a rank table that grows keeps every order made with it valid.
*/
export type SortKey = {
	of(i: number): number;
	value(x: number): number;
	/** Bring rank tables up to date with the store; called before each step of a sort. */
	refresh?(): void;
};

/** Rank tables of the query layer, by name, so every sort of the same column shares one. */
export type RankSource = (name: string, size: () => number, text: (id: number) => string | undefined) => {readonly rank: Float64Array; refresh(): void};

/** A view with one row per record (the records view). */
export type RecordView<R extends Row = Row> = ViewBase<R> & {
	readonly kind: 'record';
	/** The row of record `i`. */
	row(store: RecordStore, i: number): R;
	/**
	The sort value of one column of record `i`, without building the row: a number where one orders the
	column (time as epoch ms), else the cell; NaN and undefined are empty.
	*/
	value(store: RecordStore, i: number, key: string): CellValue;
	/** A numeric sort key for a column, when it has one (every column but the free-text summary). */
	sortKey?(store: RecordStore, key: string, ranks: RankSource): SortKey | undefined;
};

export type ViewDefinition<R extends Row = Row> = GroupView<R> | RecordView<R>;

/** Count a key in a map. */
export function bump<K>(map: Map<K, number>, key: K, by = 1): void {
	map.set(key, (map.get(key) ?? 0) + by);
}

/** A view's default sort; the empty key keeps the rows' own order (every cell of `''` is empty, so all tie). */
export function defaultSort(view: {readonly sort?: {readonly key: string; readonly descending: boolean}}): {key: string; descending: boolean} {
	return view.sort ? {key: view.sort.key, descending: view.sort.descending} : {key: '', descending: false};
}

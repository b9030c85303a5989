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
};

export type Aggregator<R extends Row> = {
	/** Fold record `i` of the store in. */
	add(i: number): void;
	rows(): R[];
};

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
	create(store: RecordStore): Aggregator<R>;
};

/** A view with one row per record (the records view). */
export type RecordView<R extends Row = Row> = ViewBase<R> & {
	readonly kind: 'record';
	/** The row of record `i`. */
	row(store: RecordStore, i: number): R;
	/** The value of one column of record `i`, for sorting, without building the row. */
	value(store: RecordStore, i: number, key: string): CellValue;
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

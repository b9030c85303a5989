/**
A view is a pure function of the records: an aggregator folded over them, and typed columns that say
how each field is shown. Print mode, exports and the TUI all use the same definitions, so a CSV export
and the screen can never disagree.
*/
import type {Diagnostic, TelemetryRecord} from '../model/records.js';

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
	add(record: TelemetryRecord): void;
	rows(): R[];
};

/** What a view may know besides the records (overview needs inputs and diagnostics). */
export type ViewContext = {
	readonly inputs: readonly InputSummary[];
	readonly diagnostics: readonly Diagnostic[];
	/** Diagnostics counted but not kept (the store keeps a bounded number). */
	readonly droppedDiagnostics: number;
	/** Records counted but not kept in memory (`--max-records`). */
	readonly droppedRecords: number;
};

export type InputSummary = {
	readonly name: string;
	readonly format: string | undefined;
	readonly bytes: number;
	readonly records: number;
	readonly status: 'reading' | 'done' | 'failed';
	readonly error?: string;
};

export type ViewDefinition<R extends Row = Row> = {
	readonly name: string;
	readonly title: string;
	/** One line for help and README. */
	readonly description: string;
	readonly columns: ReadonlyArray<Column<R>>;
	/** The column rows are counted by, used for share bars. */
	readonly countKey?: keyof R & string;
	/** Default sort: column and direction; absent when the rows' own order is the meaning (overview). */
	readonly sort?: {readonly key: keyof R & string; readonly descending: boolean};
	create(context: ViewContext): Aggregator<R>;
	/** The filter expression that narrows records to a row (drill-down), when a row stands for a group. */
	drill?(row: R): string;
};

/** Fold records through a view. */
export function computeView<R extends Row>(view: ViewDefinition<R>, records: Iterable<TelemetryRecord>, context: ViewContext): R[] {
	const agg = view.create(context);
	for (const r of records) agg.add(r);
	return agg.rows();
}

/** Count a key in a map. */
export function bump<K>(map: Map<K, number>, key: K, by = 1): void {
	map.set(key, (map.get(key) ?? 0) + by);
}

export const EMPTY_CONTEXT: ViewContext = {inputs: [], diagnostics: [], droppedDiagnostics: 0, droppedRecords: 0};

/** A view's default sort; the empty key keeps the rows' own order (every cell of `''` is empty, so all tie). */
export function defaultSort(view: {readonly sort?: {readonly key: string; readonly descending: boolean}}): {key: string; descending: boolean} {
	return view.sort ? {key: view.sort.key, descending: view.sort.descending} : {key: '', descending: false};
}

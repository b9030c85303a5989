/**
`--output table`: a boxed text table in the layout of @alcalzone/ink-table (borders, one space of
padding, numbers right-aligned), without its rule between rows, fitted to a width.

Fitting: when the natural table is wider than the terminal (`$COLUMNS`, else the terminal's width, else
80), the widest text cells are cut first (hosts in the middle, so the registrable domain stays; other
text at the end, with `…`), down to a readable minimum; if that is not enough, the least important
columns (the view's `priority`) are left out. Both are said under the table, with how to see it whole
(`--wide`). Numbers, sizes and times are never cut.

It is drawn here rather than by rendering ink-table itself: ink-table hashes every row and builds a
Yoga node per cell, which measured about 4 ms a row (7 s for 1,600 rows, minutes for a large log),
and it measures cells with `String.length`, which misaligns wide characters. This renderer is linear,
measures display width with string-width, and `test/output.test.ts` checks that its output is
ink-table's without the rules between rows, character for character, for plain-ASCII rows.
*/
import type {Column, Row} from '../views/types.js';
import {columnHeader, humanCell} from './cells.js';
import {cellWidth, cutCell, fitColumns, wrapWords} from './fit.js';
import type {ViewOutput} from './write.js';

export type Align = 'left' | 'right';

/** What the table needs to know of a column to fit it. */
export type TableColumn = {
	readonly header: string;
	readonly align: Align;
	/** Text that may be cut (numbers, sizes and times are not). */
	readonly flexible?: boolean;
	/** Where a cut goes: the end, or the middle of a host name. */
	readonly cut?: 'end' | 'host';
	/** Higher is left out first when even cut cells do not fit (0 = essential). */
	readonly priority?: number;
	/** Narrowest a cut text column gets. */
	readonly min?: number;
};

export type TableFit = {
	/** Indices of the columns shown, in order. */
	readonly shown: readonly number[];
	/** Width of every column including its two cells of padding (of shown columns). */
	readonly widths: readonly number[];
	/** Headers of the columns left out. */
	readonly hidden: readonly string[];
	/** Some cell is cut. */
	readonly cut: boolean;
};

/**
Choose columns and widths (`natural`: content + 2 padding) so that a line, borders included, is at most
`width` cells, with the same rule as the UI table (source/output/fit.ts `fitColumns`). Undefined width:
everything, as wide as it is.
*/
export function fitTable(columns: readonly TableColumn[], natural: readonly number[], width: number | undefined): TableFit {
	const all = columns.map((_, i) => i);
	if (width === undefined || natural.reduce((a, b) => a + b, 0) + columns.length + 1 <= width) return {shown: all, widths: natural.slice(), hidden: [], cut: false};
	// A line is │ cell │ cell │: content widths plus 3 cells between columns and 4 at the ends.
	const specs = columns.map((c, i) => {
		const content = natural[i]! - 2;
		return {key: String(i), min: c.flexible ? Math.min(content, c.min ?? 8) : content, natural: content, priority: c.priority ?? 0, flexible: c.flexible === true};
	});
	const fitted = fitColumns(specs, width - 4, 3);
	const widths = natural.slice();
	for (const f of fitted) widths[Number(f.key)] = f.width + 2;
	const shown = fitted.map((f) => Number(f.key));
	return {shown, widths, hidden: all.filter((i) => !shown.includes(i)).map((i) => columns[i]!.header), cut: fitted.some((f) => f.width + 2 < natural[Number(f.key)]!)};
}

/**
A box table drawn in two passes: `measure` every row's cells, then draw `top` (border and header), a
`line` per row, `bottom`, and the `note` that says what was cut or left out. `boxTable` does both
passes over an array; print mode streams.
*/
export function tableParts(
	input: readonly TableColumn[] | readonly string[],
	align: readonly Align[] = [],
	options: {readonly width?: number | undefined} = {},
): {
	measure(cells: readonly string[]): void;
	top(): string;
	line(cells: readonly string[]): string;
	bottom(): string;
	note(): string | undefined;
} {
	const columns: TableColumn[] = input.map((c, i) => (typeof c === 'string' ? {header: c, align: align[i] ?? 'left'} : c));
	// A loop, not Math.max(...cells): spreading 100,000+ arguments overflows the call stack.
	const natural = columns.map((c) => cellWidth(c.header) + 2);
	let fitted: TableFit | undefined;
	const fit = (): TableFit => (fitted ??= fitTable(columns, natural, options.width));
	const rule = (left: string, cross: string, right: string): string => {
		const {shown, widths} = fit();
		return left + shown.map((i) => '─'.repeat(widths[i]!)).join(cross) + right;
	};
	const line = (cells: readonly string[], header: boolean): string => {
		const {shown, widths} = fit();
		return `│${shown
			.map((i) => {
				const c = columns[i]!;
				const room = widths[i]! - 2;
				const raw = cells[i] ?? '';
				const width = cellWidth(raw);
				const cell = width > room ? cutCell(raw, room, header ? 'end' : (c.cut ?? 'end')) : raw;
				const spaces = widths[i]! - (cell === raw ? width : cellWidth(cell));
				return !header && c.align === 'right' ? `${' '.repeat(spaces - 1)}${cell} ` : ` ${cell}${' '.repeat(spaces - 1)}`;
			})
			.join('│')}│`;
	};
	return {
		measure(cells) {
			for (let i = 0; i < natural.length; i++) natural[i] = Math.max(natural[i]!, cellWidth(cells[i] ?? '') + 2);
		},
		top: () => `${rule('┌', '┬', '┐')}\n${line(columns.map((c) => c.header), true)}\n${rule('├', '┼', '┤')}`,
		line: (cells) => line(cells, false),
		bottom: () => rule('└', '┴', '┘'),
		note() {
			const {hidden, cut} = fit();
			if (hidden.length === 0 && !cut) return undefined;
			const what = [hidden.length > 0 ? `${hidden.length} column${hidden.length === 1 ? '' : 's'} left out (${hidden.join(', ')})` : '', cut ? 'long cells cut (…)' : ''].filter(Boolean).join(', ');
			return wrapWords(`(${what} to fit ${options.width} columns; --wide shows everything)`, options.width ?? 80).join('\n');
		},
	};
}

/** Draw rows (already text) with headers as a box table. */
export function boxTable(headers: readonly string[] | readonly TableColumn[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = [], width?: number): string {
	const parts = tableParts(headers, align, {width});
	for (const row of rows) parts.measure(row);
	const out = [parts.top()];
	for (const row of rows) out.push(parts.line(row));
	out.push(parts.bottom());
	const note = parts.note();
	if (note) out.push(note);
	return out.join('\n');
}

/** The table columns of a view's columns. */
export function tableColumns(columns: ReadonlyArray<Column<Row>>): TableColumn[] {
	return columns.map((c) => {
		const rigid = c.kind === 'number' || c.kind === 'bytes' || c.kind === 'time';
		return {header: columnHeader(c), align: c.kind === 'number' || c.kind === 'bytes' ? 'right' : 'left', flexible: !rigid, cut: c.cut ?? 'end', priority: c.priority ?? 0, min: c.minWidth ?? 8};
	});
}

export function toTable({view, rows}: ViewOutput, width?: number): string {
	if (rows.length === 0) return `${view.title}\n(no rows)`;
	const cells = rows.map((row) => view.columns.map((c) => humanCell(row[c.key], c.kind)));
	return `${view.title}\n${boxTable(tableColumns(view.columns), cells, [], width)}`;
}

/**
Table lines: header and the visible window of rows, fitted to the width. Only the rows in the window
are formatted, so the cost is the same for ten rows or a million.

Each line is: a two-cell cursor mark (`› ` on the cursor row), the fitted columns separated by a gap,
and, for views with a count column, a share column (bar and percentage of the total).
*/
import {humanCell} from '../../output/cells.js';
import type {Column, Row, ViewDefinition} from '../../views/types.js';
import type {RowList, SortState} from '../../views/query.js';
import {columnSpecs, fitColumns, SAMPLE_ROWS, type ColumnSpec} from './columns.js';
import {categoryTone, clipLine, padLine, partyTone, percent, shareBar, type Line, type Segment, type Tone} from './lines.js';
import {fit} from './text.js';
import type {Window} from '../state/window.js';

export const SHARE_KEY = '\u0000share';
const MARK_WIDTH = 2;

export type TableLayout = {
	readonly columns: ReadonlyArray<{readonly column: Column<Row> | undefined; readonly key: string; readonly width: number}>;
	readonly gap: number;
};

/** Choose the columns (and the share column) that fit `width`. */
export function layoutTable(view: ViewDefinition<Row>, rows: RowList, width: number): TableLayout {
	const gap = width >= 100 ? 2 : 1;
	const specs: ColumnSpec[] = columnSpecs(view.columns, rows.slice(0, SAMPLE_ROWS));
	// The share bar ranks just after the essential columns: it is what makes a frequency table readable.
	if (view.countKey) specs.push({key: SHARE_KEY, min: 4, natural: 16, priority: 0.5, flexible: true});
	const fitted = fitColumns(specs, width - MARK_WIDTH, gap);
	return {gap, columns: fitted.map((f) => ({column: view.columns.find((c) => c.key === f.key), key: f.key, width: f.width}))};
}

function isNumeric(column: Column<Row> | undefined): boolean {
	return column?.kind === 'number' || column?.kind === 'bytes';
}

function toneOf(column: Column<Row>, value: unknown): Tone | undefined {
	if (column.key === 'party') return partyTone(value);
	if (column.key === 'category') return categoryTone(value);
	return undefined;
}

/** The header line: column names, `▲`/`▼` on the sorted column. */
export function headerLine(layout: TableLayout, sort: SortState, width: number): Line {
	const parts: Segment[] = [{text: ' '.repeat(MARK_WIDTH)}];
	layout.columns.forEach((c, i) => {
		if (i > 0) parts.push({text: ' '.repeat(layout.gap)});
		const name = c.column ? c.column.header : 'Share';
		const mark = c.key === sort.key ? (sort.descending ? ' ▼' : ' ▲') : '';
		parts.push({text: fit(name + mark, c.width, isNumeric(c.column) ? 'right' : 'left'), bold: true, tone: 'title'});
	});
	return padLine(parts, width);
}

/** One row line. */
export function rowLine(layout: TableLayout, row: Row, options: {selected: boolean; countKey: string | undefined; countTotal: number; width: number}): Line {
	const {selected} = options;
	const parts: Segment[] = [{text: selected ? '› ' : '  ', inverse: selected, bold: selected}];
	layout.columns.forEach((c, i) => {
		if (i > 0) parts.push({text: ' '.repeat(layout.gap), inverse: selected});
		if (!c.column) {
			const value = options.countKey ? row[options.countKey] : undefined;
			const share = typeof value === 'number' && options.countTotal > 0 ? value / options.countTotal : 0;
			const pct = percent(share);
			const bar = c.width >= 9 ? `${shareBar(share, c.width - 5)} ` : '';
			parts.push({text: fit(bar + pct, c.width, 'right'), tone: 'accent', inverse: selected});
			return;
		}
		const value = row[c.column.key];
		parts.push({text: fit(humanCell(value, c.column.kind), c.width, isNumeric(c.column) ? 'right' : 'left'), tone: toneOf(c.column, value), inverse: selected});
	});
	return padLine(parts, options.width, {inverse: selected});
}

/** Header plus the rows of the window. */
export function tableLines(view: ViewDefinition<Row>, rows: RowList, layout: TableLayout, window: Window, sort: SortState, countTotal: number, width: number, empty = 'no rows'): Line[] {
	const lines: Line[] = [headerLine(layout, sort, width)];
	if (rows.length === 0) lines.push(clipLine([{text: `  (${empty})`, tone: 'muted'}], width));
	for (let i = window.start; i < window.end; i++) {
		lines.push(rowLine(layout, rows.at(i)!, {selected: i === window.cursor, countKey: view.countKey, countTotal, width}));
	}
	return lines;
}

/**
Table lines: header and the visible window of rows, fitted to the width. Only the rows in the window
are formatted, so the cost is the same for ten rows or a million.

Each line is: a two-cell cursor mark (`› ` on the cursor row), the fitted columns separated by a gap,
and, for views with a count column, a share column (bar and percentage of the total).
*/
import {columnHeader, humanCell} from '../../output/cells.js';
import type {Column, Row, ViewDefinition} from '../../views/types.js';
import type {RowList, SortState} from '../../views/query.js';
import {columnSpecs, fitColumns, SAMPLE_ROWS, type ColumnSpec} from './columns.js';
import {categoryTone, clipLine, padLine, partyTone, percent, shareBar, type Line, type Segment, type Tone} from './lines.js';
import {displayWidth, fit} from './text.js';
import {cutHost} from '../../output/fit.js';
import type {Window} from '../state/window.js';

export const SHARE_KEY = '\u0000share';
export const MARK_WIDTH = 2;

export type TableLayout = {
	readonly columns: ReadonlyArray<{readonly column: Column<Row> | undefined; readonly key: string; readonly width: number}>;
	readonly gap: number;
	/** Columns of the view not on screen (left out by the chooser or for want of width). */
	readonly hidden: number;
};

/** Room the header keeps at its end to say how many columns are not shown (` +12 (c)`). */
const HIDDEN_MARK_WIDTH = 8;

/**
Choose the columns (and the share column) that fit `width`: the view's columns as chosen (`columns`,
default: all of them). The sorted column is always kept, so its arrow is always on screen.
*/
export function layoutTable(view: ViewDefinition<Row>, rows: RowList, width: number, columns: ReadonlyArray<Column<Row>> = view.columns, sortKey?: string): TableLayout {
	const gap = width >= 100 ? 2 : 1;
	const specs: ColumnSpec[] = columnSpecs(columns, rows.slice(0, SAMPLE_ROWS)).map((spec) => (spec.key === sortKey ? {...spec, priority: 0} : spec));
	// The share bar ranks just after the essential columns: it is what makes a frequency table readable.
	if (view.countKey) specs.push({key: SHARE_KEY, min: 4, natural: 16, priority: 0.5, flexible: true});
	let fitted = fitColumns(specs, width - MARK_WIDTH, gap);
	const shownOf = (f: typeof fitted): number => f.filter((c) => c.key !== SHARE_KEY).length;
	if (shownOf(fitted) < view.columns.length) fitted = fitColumns(specs, width - MARK_WIDTH - HIDDEN_MARK_WIDTH, gap);
	return {gap, hidden: view.columns.length - shownOf(fitted), columns: fitted.map((f) => ({column: columns.find((c) => c.key === f.key), key: f.key, width: f.width}))};
}

function isNumeric(column: Column<Row> | undefined): boolean {
	return column?.kind === 'number' || column?.kind === 'bytes';
}

function toneOf(column: Column<Row>, value: unknown): Tone | undefined {
	if (column.key === 'party') return partyTone(value);
	if (column.key === 'category') return categoryTone(value);
	return undefined;
}

/** The header line: column names, `▲`/`▼` on the sorted column (never cut off), and how many columns are not shown. */
export function headerLine(layout: TableLayout, sort: SortState, width: number): Line {
	const parts: Segment[] = [{text: ' '.repeat(MARK_WIDTH)}];
	layout.columns.forEach((c, i) => {
		if (i > 0) parts.push({text: ' '.repeat(layout.gap)});
		const name = c.column ? columnHeader(c.column) : 'Share';
		const mark = c.key === sort.key ? (sort.descending ? ' ▼' : ' ▲') : '';
		// The header is cut before the arrow is.
		const text = mark && c.width > mark.length ? fit(name, c.width - mark.length).trimEnd() + mark : name + mark;
		parts.push({text: fit(text, c.width, isNumeric(c.column) ? 'right' : 'left'), bold: true, tone: 'title'});
	});
	if (layout.hidden > 0) {
		const used = parts.reduce((w, p) => w + displayWidth(p.text), 0);
		const note = `+${layout.hidden} (c)`;
		parts.push({text: ' '.repeat(Math.max(1, width - used - note.length))}, {text: note, tone: 'muted'});
	}
	return padLine(parts, width);
}

/** A cell's segment, split where it contains the search term so the match stands out. */
function marked(segment: Segment, search: string | undefined): Segment[] {
	if (!search) return [segment];
	const at = segment.text.toLowerCase().indexOf(search.toLowerCase());
	if (at === -1) return [segment];
	const end = at + search.length;
	return [{...segment, text: segment.text.slice(0, at)}, {...segment, text: segment.text.slice(at, end), tone: 'warn' as const, bold: true, inverse: !segment.inverse}, {...segment, text: segment.text.slice(end)}].filter((s) => s.text !== '');
}

/** One row line. */
export function rowLine(layout: TableLayout, row: Row, options: {selected: boolean; countKey: string | undefined; countTotal: number; width: number; search?: string | undefined}): Line {
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
		const text = humanCell(value, c.column.kind);
		const cut = c.column.cut === 'host' && displayWidth(text) > c.width ? cutHost(text, c.width) : text;
		parts.push(...marked({text: fit(cut, c.width, isNumeric(c.column) ? 'right' : 'left'), tone: toneOf(c.column, value), inverse: selected}, options.search));
	});
	return padLine(parts, options.width, {inverse: selected});
}

/** Header plus the rows of the window. */
export function tableLines(view: ViewDefinition<Row>, rows: RowList, layout: TableLayout, window: Window, sort: SortState, countTotal: number, width: number, empty = 'no rows', search?: string): Line[] {
	const lines: Line[] = [headerLine(layout, sort, width)];
	if (rows.length === 0) lines.push(clipLine([{text: `  (${empty})`, tone: 'muted'}], width));
	for (let i = window.start; i < window.end; i++) {
		lines.push(rowLine(layout, rows.at(i)!, {selected: i === window.cursor, countKey: view.countKey, countTotal, width, search}));
	}
	return lines;
}

/**
Fitting table columns to the terminal width. Each column says how narrow it may get (`min`), how wide
it would like to be (`natural`, from its header and content), whether it may be squeezed (`flexible`:
text, not numbers or times) and how essential it is (`priority`, 0 = essential).

Essential columns are always kept and get up to 30% of the width each; then the other columns are added
in priority order while they fit at a comfortable width (a flexible one may take what is left if that is
at least its minimum); whatever width remains goes to columns that still want more. So a narrow terminal
shows fewer columns that can be read rather than many that cannot. The result never exceeds the width.
*/
import type {Column, Row} from '../../views/types.js';
import {columnHeader, humanCell} from '../../output/cells.js';
import {displayWidth} from './text.js';

export {fitColumns, type ColumnSpec, type FittedColumn} from '../../output/fit.js';
import type {ColumnSpec} from '../../output/fit.js';

/** Room a header needs for the sort arrow (` ▲`). */
export const SORT_MARK_WIDTH = 2;
/** Rows measured for natural widths: the top of the table. */
export const SAMPLE_ROWS = 500;

/**
Column specs for a view's columns from its header and the rows' text. Callers pass only the first rows
(`SAMPLE_ROWS`, the top of the table), which keeps widths stable while scrolling and the cost fixed on a
million rows. Numbers, sizes and times are never squeezed below their natural width.
*/
export function columnSpecs(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[]): ColumnSpec[] {
	return columns.map((column) => {
		const header = displayWidth(columnHeader(column)) + SORT_MARK_WIDTH;
		let content = 0;
		for (const row of rows) {
			const w = displayWidth(humanCell(row[column.key], column.kind));
			if (w > content) content = w;
		}
		const rigid = column.kind === 'number' || column.kind === 'bytes' || column.kind === 'time';
		const natural = Math.min(Math.max(header, content), column.maxWidth ?? Number.POSITIVE_INFINITY);
		const min = rigid ? Math.max(content, header) : Math.min(natural, column.minWidth ?? 8);
		return {key: column.key, min, natural: Math.max(natural, min), priority: column.priority ?? 0, flexible: !rigid};
	});
}

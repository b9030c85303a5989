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
import {humanCell} from '../../output/cells.js';
import {displayWidth} from './text.js';

export type ColumnSpec = {
	readonly key: string;
	readonly min: number;
	readonly natural: number;
	readonly priority: number;
	readonly flexible: boolean;
};

export type FittedColumn = {readonly key: string; readonly width: number};

/** The most of the width one text column takes before lower-priority columns get a place. */
const SHARE_OF_WIDTH = 0.3;

/**
Choose columns and widths for `width` cells, with `gap` cells between columns. Columns come back in
the order given. At least one column is always kept (clipped to the width if it must be).
*/
export function fitColumns(specs: readonly ColumnSpec[], width: number, gap: number): FittedColumn[] {
	if (specs.length === 0 || width <= 0) return [];
	const order = specs.map((spec, index) => ({spec, index})).sort((a, b) => a.spec.priority - b.spec.priority || a.index - b.index);
	const cap = (spec: ColumnSpec): number => (spec.flexible ? Math.min(spec.natural, Math.max(spec.min, Math.floor(width * SHARE_OF_WIDTH))) : spec.natural);
	const chosen = new Map<number, number>();
	let used = 0;
	const room = (): number => width - used - (chosen.size > 0 ? gap : 0);
	const add = (index: number, w: number): void => {
		used += w + (chosen.size > 0 ? gap : 0);
		chosen.set(index, w);
	};
	// 1. Essential columns at their minimum, 2. grown toward their comfortable width.
	for (const {spec, index} of order) {
		if (spec.priority > 0) break;
		const w = Math.max(1, Math.min(spec.min, spec.natural));
		if (room() >= w) add(index, w);
	}
	for (const {spec, index} of order) {
		const current = chosen.get(index);
		if (current === undefined) continue;
		const grow = Math.max(0, Math.min(width - used, cap(spec) - current));
		chosen.set(index, current + grow);
		used += grow;
	}
	// 3. The others, in priority order, while they fit.
	for (const {spec, index} of order) {
		if (spec.priority <= 0 || chosen.has(index)) continue;
		const r = room();
		const want = cap(spec);
		if (r >= want) add(index, want);
		else if (spec.flexible && r >= Math.max(1, spec.min)) add(index, r);
	}
	if (chosen.size === 0) {
		const first = order[0]!;
		return [{key: first.spec.key, width: Math.max(1, Math.min(width, first.spec.natural))}];
	}
	// 4. Width left over goes to columns that still want more.
	for (const {spec, index} of order) {
		const current = chosen.get(index);
		if (current === undefined || used >= width) continue;
		const grow = Math.max(0, Math.min(width - used, spec.natural - current));
		chosen.set(index, current + grow);
		used += grow;
	}
	return [...chosen.entries()].sort((a, b) => a[0] - b[0]).map(([index, w]) => ({key: specs[index]!.key, width: w}));
}

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
		const header = displayWidth(column.header) + SORT_MARK_WIDTH;
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

/**
`--output table`: a boxed text table in the layout of @alcalzone/ink-table (borders, a rule between
rows, one space of padding, numbers right-aligned).

It is drawn here rather than by rendering ink-table itself: ink-table hashes every row and builds a
Yoga node per cell, which measured about 4 ms a row (7 s for 1,600 rows, minutes for a large log),
and it measures cells with `String.length`, which misaligns wide characters. This renderer is linear,
measures display width with string-width, and `test/output.test.ts` checks that its output is the same
as ink-table's, character for character, for plain-ASCII rows.
*/
import stringWidth from 'string-width';
import {humanCell} from './cells.js';
import type {ViewOutput} from './write.js';

export type Align = 'left' | 'right';

/**
A box table drawn in two passes: `measure` every row's cells, then draw `top`, a `between` rule and a
`line` per row, and `bottom`. `boxTable` does both passes over an array; print mode streams.
*/
export function tableParts(headers: readonly string[], align: readonly Align[]): {
	measure(cells: readonly string[]): void;
	top(): string;
	between(): string;
	line(cells: readonly string[]): string;
	bottom(): string;
} {
	// A loop, not Math.max(...cells): spreading 100,000+ arguments overflows the call stack.
	const widths = headers.map((h) => stringWidth(h) + 2);
	const rule = (left: string, cross: string, right: string): string => left + widths.map((w) => '─'.repeat(w)).join(cross) + right;
	const line = (cells: readonly string[], aligns: readonly Align[]): string =>
		`│${cells
			.map((cell, i) => {
				const spaces = widths[i]! - stringWidth(cell);
				return aligns[i] === 'right' ? `${' '.repeat(spaces - 1)}${cell} ` : ` ${cell}${' '.repeat(spaces - 1)}`;
			})
			.join('│')}│`;
	return {
		measure(cells) {
			for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i]!, stringWidth(cells[i] ?? '') + 2);
		},
		top: () => `${rule('┌', '┬', '┐')}\n${line(headers, headers.map(() => 'left'))}`,
		between: () => rule('├', '┼', '┤'),
		line: (cells) => line(cells, align),
		bottom: () => rule('└', '┴', '┘'),
	};
}

/** Draw rows (already text) with headers as a box table. */
export function boxTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[]): string {
	const parts = tableParts(headers, align);
	for (const row of rows) parts.measure(row);
	const out = [parts.top()];
	const between = parts.between();
	for (const row of rows) out.push(between, parts.line(row));
	out.push(parts.bottom());
	return out.join('\n');
}

export function toTable({view, rows}: ViewOutput): string {
	if (rows.length === 0) return `${view.title}\n(no rows)`;
	const headers = view.columns.map((c) => c.header);
	const align = view.columns.map((c): Align => (c.kind === 'number' || c.kind === 'bytes' ? 'right' : 'left'));
	const cells = rows.map((row) => view.columns.map((c) => humanCell(row[c.key], c.kind)));
	return `${view.title}\n${boxTable(headers, cells, align)}`;
}

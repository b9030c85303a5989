/**
The column chooser (`c`): every column of the view in the chosen order, shown `[x]` or hidden `[ ]`,
with the cursor on one; a shown column the width leaves no room for says so.
*/
import type {Row, ViewDefinition} from '../../views/types.js';
import type {ColumnChoice} from '../state/columns.js';
import {clipLine, padLine, type Line} from './lines.js';

/** Lines above the chooser's first column (its title and a blank line). */
export const CHOOSER_TOP = 2;
/** Where a column's `[x]` box is on its line: cells [start, end), after the cursor mark. */
export const CHOOSER_BOX: readonly [start: number, end: number] = [2, 5];

/** How many of the chooser's lines are scrolled off the top so that the cursor's column is on screen. */
export function chooserScroll(cursor: number, height: number): number {
	return Math.max(0, cursor + CHOOSER_TOP + 1 - height);
}

export function chooserLines(view: ViewDefinition<Row>, choice: ColumnChoice, cursor: number, onScreen: ReadonlySet<string>, width: number): Line[] {
	const headers = new Map(view.columns.map((c) => [c.key, c.header]));
	const lines: Line[] = [
		clipLine([{text: `Columns of ${view.title}`, bold: true, tone: 'title'}, {text: ' — Space shows or hides, K/J move, r resets, Enter closes; kept per view in the settings file', tone: 'muted'}], width),
		[],
	];
	choice.forEach((c, i) => {
		const selected = i === cursor;
		const header = headers.get(c.key) ?? c.key;
		const note = c.shown && !onScreen.has(c.key) ? '  (no room at this width: hide another, or widen the terminal)' : '';
		lines.push(padLine([{text: selected ? '› ' : '  ', inverse: selected, bold: selected}, {text: c.shown ? '[x] ' : '[ ] ', tone: c.shown ? 'ok' : 'muted', inverse: selected}, {text: header, inverse: selected, bold: selected}, {text: note, tone: 'warn', inverse: selected}], width, {inverse: selected}));
	});
	return lines;
}

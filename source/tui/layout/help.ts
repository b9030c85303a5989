/** Help lines, generated from the keymap (so the screen can never disagree with the keys). */
import {FILTER_FIELDS} from '../../views/filter.js';
import {VIEWS} from '../../views/registry.js';
import {helpSections, viewKeyOf} from '../keymap.js';
import {clipLine, type Line} from './lines.js';
import {fit} from './text.js';
import {wrapWords} from '../../output/fit.js';

/** How to select text while the UI has the mouse (also in the README). */
export const MOUSE_NOTE = 'Mouse: the wheel scrolls, a click selects a tab, a row or the sort column, a double click opens a row. To select text, hold Shift while dragging (most terminals; Option/Fn in some macOS ones), or start with --no-mouse.';

/** Every help line at `width` cells. */
export function helpLines(width: number): Line[] {
	const lines: Line[] = [[{text: 'Keys', bold: true, tone: 'title'}, {text: '   (Esc, q or ? closes this help)', tone: 'muted'}]];
	const keyWidth = 22;
	// A description wraps at word boundaries under itself (never cut off): the help scrolls instead.
	const entry = (left: string, text: string, tone: 'accent' | 'muted' = 'accent'): void => {
		const room = Math.max(20, width - keyWidth - 3);
		wrapWords(text, room).forEach((part, k) => lines.push([{text: `  ${fit(k === 0 ? left : '', keyWidth)} `, tone}, {text: part}]));
	};
	for (const section of helpSections()) {
		lines.push([]);
		lines.push([{text: section.title, bold: true, tone: 'title'}]);
		for (const e of section.entries) entry(e.keys.join(', '), e.description);
	}
	lines.push([]);
	for (const part of wrapWords(MOUSE_NOTE, width - 2)) lines.push([{text: `  ${part}`, tone: 'muted'}]);
	lines.push([]);
	lines.push([{text: 'Views', bold: true, tone: 'title'}]);
	VIEWS.forEach((v, i) => entry(`${viewKeyOf(i)} ${v.title}`, v.description));
	lines.push([]);
	lines.push([{text: 'Filter language', bold: true, tone: 'title'}]);
	for (const example of [
		['host:plex.tv', 'field contains value (any case)'],
		['host:=plex.tv', 'field equals value'],
		['!party:first', 'exclude'],
		['product:"Plex Web"', 'quote values with spaces'],
		['analytics', 'plain words match anywhere in the record'],
	] as const) {
		entry(example[0], example[1]);
	}
	lines.push([]);
	lines.push([{text: 'Filter fields', bold: true, tone: 'title'}]);
	for (const [field, what] of Object.entries(FILTER_FIELDS)) entry(`${field}:`, what);
	for (const part of wrapWords('Terms are ANDed. One filter narrows every view at once. Tab completes fields and values; an unknown field is an error.', width - 2)) lines.push([{text: `  ${part}`, tone: 'muted'}]);
	return lines.map((l) => clipLine(l, width));
}

/** Help lines, generated from the keymap (so the screen can never disagree with the keys). */
import {FILTER_FIELDS} from '../../views/filter.js';
import {VIEWS} from '../../views/registry.js';
import {helpSections, viewKeyOf} from '../keymap.js';
import {clipLine, type Line} from './lines.js';
import {fit} from './text.js';

/** Every help line at `width` cells. */
export function helpLines(width: number): Line[] {
	const lines: Line[] = [[{text: 'Keys', bold: true, tone: 'title'}, {text: '   (Esc, q or ? closes this help)', tone: 'muted'}]];
	const keyWidth = 22;
	for (const section of helpSections()) {
		lines.push([]);
		lines.push([{text: section.title, bold: true, tone: 'title'}]);
		for (const entry of section.entries) {
			lines.push([{text: `  ${fit(entry.keys.join(', '), keyWidth)} `, tone: 'accent'}, {text: entry.description}]);
		}
	}
	lines.push([]);
	lines.push([{text: 'Views', bold: true, tone: 'title'}]);
	VIEWS.forEach((v, i) => lines.push([{text: `  ${fit(`${viewKeyOf(i)} ${v.title}`, keyWidth)} `, tone: 'accent'}, {text: v.description}]));
	lines.push([]);
	lines.push([{text: 'Filter language', bold: true, tone: 'title'}]);
	for (const example of [
		['host:plex.tv', 'field contains value (any case)'],
		['host:=plex.tv', 'field equals value'],
		['!party:first', 'exclude'],
		['product:"Plex Web"', 'quote values with spaces'],
		['analytics', 'plain words match anywhere in the record'],
	] as const) {
		lines.push([{text: `  ${fit(example[0], keyWidth)} `, tone: 'accent'}, {text: example[1]}]);
	}
	lines.push([{text: `  fields: ${Object.keys(FILTER_FIELDS).join(' ')}`, tone: 'muted'}]);
	lines.push([{text: '  Terms are ANDed. One filter narrows every view at once.', tone: 'muted'}]);
	return lines.map((l) => clipLine(l, width));
}

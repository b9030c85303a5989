/**
Screen lines as data: a line is a list of segments, each a piece of text with an optional tone. Line
builders (table, overview, detail, help) are pure functions that return lines already fitted to a
width, so frame width is checked once here, and tests can assert layout without rendering.

Tones say what a piece of text IS (a third party, a warning); the theme decides its colour. Under
NO_COLOR the theme gives no colours at all, and every tone is also spelled out in the text itself
(`third`, `[2 Destinations]`, the `›` cursor mark), so nothing depends on colour.
*/
import {displayWidth, truncate} from './text.js';

export type Tone = 'first' | 'vendor' | 'third' | 'danger' | 'warn' | 'muted' | 'accent' | 'ok' | 'title';

export type Segment = {
	readonly text: string;
	readonly tone?: Tone | undefined;
	readonly bold?: boolean;
	readonly inverse?: boolean;
};

export type Line = readonly Segment[];

/** Width of a line in cells. */
export function lineWidth(line: Line): number {
	let w = 0;
	for (const s of line) w += displayWidth(s.text);
	return w;
}

/** Cut a line to `width` cells (the last visible segment gets the `…`). */
export function clipLine(line: Line, width: number): Line {
	const out: Segment[] = [];
	let used = 0;
	for (const s of line) {
		const w = displayWidth(s.text);
		if (used + w <= width) {
			out.push(s);
			used += w;
			continue;
		}
		const room = width - used;
		if (room > 0) out.push({...s, text: truncate(s.text, room)});
		break;
	}
	return out;
}

/** Pad a line with spaces to exactly `width` cells (clipping first if it is wider). */
export function padLine(line: Line, width: number, segment: Omit<Segment, 'text'> = {}): Line {
	const clipped = clipLine(line, width);
	const rest = width - lineWidth(clipped);
	return rest > 0 ? [...clipped, {...segment, text: ' '.repeat(rest)}] : clipped;
}

/** Split text into lines of at most `width` cells, by grapheme (for long URLs in the detail view). */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0) return [];
	if (displayWidth(text) <= width) return [text];
	const out: string[] = [];
	let current = '';
	let used = 0;
	for (const {segment} of new Intl.Segmenter('en', {granularity: 'grapheme'}).segment(text)) {
		const w = displayWidth(segment);
		if (used + w > width && current !== '') {
			out.push(current);
			current = '';
			used = 0;
		}
		if (w > width) continue; // a wide character in a one-cell column cannot be shown
		current += segment;
		used += w;
	}
	if (current !== '') out.push(current);
	return out;
}

/** The tone a party is shown in. */
export function partyTone(party: unknown): Tone | undefined {
	return party === 'first' ? 'first' : party === 'vendor' ? 'vendor' : party === 'third' ? 'third' : undefined;
}

/** The tone a category is shown in: tracking and ads stand out. */
export function categoryTone(category: unknown): Tone | undefined {
	switch (category) {
		case 'vendor-analytics':
		case 'crash-reporting':
			return 'warn';
		case 'ads':
			return 'danger';
		case 'media-server':
			return 'first';
		case 'unknown':
			return 'muted';
		default:
			return undefined;
	}
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A share bar `width` cells wide: full blocks, one partial block, light shade for the rest. */
export function shareBar(share: number, width: number): string {
	if (width <= 0) return '';
	const s = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
	const eighths = Math.round(s * width * 8);
	const full = Math.floor(eighths / 8);
	const part = EIGHTHS[eighths % 8] ?? '';
	const bar = '█'.repeat(full) + part;
	return bar + '░'.repeat(Math.max(0, width - displayWidth(bar)));
}

/** A percentage in at most 4 cells: `100%`, ` 42%`, `<1%`. */
export function percent(share: number): string {
	if (!Number.isFinite(share) || share <= 0) return '  0%';
	if (share < 0.01) return ' <1%';
	return `${Math.round(share * 100)}%`.padStart(4);
}

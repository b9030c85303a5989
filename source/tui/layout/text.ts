/**
Text fitted to terminal cells. Widths are DISPLAY widths (`string-width`): a CJK character or an emoji
takes two cells, combining marks none. Truncation never splits a wide character or a grapheme cluster
(a flag, a family emoji) and marks the cut with `…`, padding with a space where a wide character did
not fit, so a fitted cell is always exactly as wide as asked.
*/
import stringWidth from 'string-width';
import {cellWidth} from '../../output/fit.js';

const ASCII = /^[\u0020-\u007E]*$/;
const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});

/** Display width of a string in terminal cells (the print tables' measure: a fast path and a bounded cache). */
export function displayWidth(text: string): number {
	return cellWidth(text);
}

/** Cut a string to at most `width` cells, ending in `…` when something was cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (ASCII.test(text)) return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
	if (displayWidth(text) <= width) return text;
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = stringWidth(segment);
		if (used + w > width - 1) break;
		out += segment;
		used += w;
	}
	return `${out}…`;
}

/** Truncate and pad to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
	return align === 'right' ? pad + cut : cut + pad;
}

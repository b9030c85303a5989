/**
The Plex Media Server log format (`Plex Media Server.log` and its rotations; also the Scanner, DLNA
and Crash Uploader logs, which share the line grammar). See `parser.ts` for what becomes a record and
`patterns.ts` for the message grammar.
*/
import type {LineFormat} from '../types.js';
import {HEADER_RE} from './header.js';
import {createPmsParser} from './parser.js';
import {PMS_PATTERNS} from './patterns.js';

export {createPmsParser, type PmsLineParser, type PmsStats} from './parser.js';
export {PMS_PATTERNS, recognise, type PmsPattern} from './patterns.js';

/** How sure we are that the first lines are a PMS log: the first non-empty line decides (formats.md §0). */
function sniff(head: readonly string[]): number {
	const lines = head.filter((l) => l.trim() !== '').slice(0, 20);
	if (lines.length === 0) return 0;
	if (HEADER_RE.test(lines[0]!)) return 0.95;
	// A pasted excerpt may open with a continuation line; a later header still says PMS, less surely.
	return lines.some((l) => HEADER_RE.test(l)) ? 0.5 : 0;
}

export const pmsFormat: LineFormat = {
	kind: 'lines',
	name: 'pms',
	title: 'Plex Media Server log',
	sniff,
	samples: PMS_PATTERNS.flatMap((p) => p.samples.slice(0, 1).map(([line]) => line)),
	create: (ctx) => createPmsParser(ctx),
};

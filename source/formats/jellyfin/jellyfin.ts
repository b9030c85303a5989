/**
The Jellyfin server log format (`log_YYYYMMDD.log`, docker/journald console output): sniffing, the
parser factory and the real sample lines. The line grammar lives in `header.ts`, the message patterns
in `patterns.ts`; the engine they plug into is shared with Emby (`../emby/shared/engine.ts`).
*/
import type {LineFormat} from '../types.js';
import {createEngine} from '../emby/shared/engine.js';
import {jellyfinHeader} from './header.js';
import {JELLYFIN_PATTERNS, isPluginLine, pluginRecord} from './patterns.js';

/** How many head lines sniffing looks at. */
const SNIFF_LINES = 20;

/**
0.95 when the first non-empty line is a Jellyfin entry, less when only later head lines are (a file
that starts inside a stack trace), 0 when none is. A Jellyfin entry always opens with `[`, a time and a
three-letter level (`[INF]`), so Emby, PMS, HAR and access-log lines score 0.
*/
export function sniffJellyfin(head: readonly string[]): number {
	const lines = head.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
	if (lines.length === 0) return 0;
	let hits = 0;
	for (const l of lines) if (jellyfinHeader(l).kind === 'entry') hits++;
	if (hits === 0) return 0;
	if (jellyfinHeader(lines[0]!).kind === 'entry') return 0.95;
	return hits / lines.length >= 0.2 ? 0.6 : 0.3;
}

export const jellyfinFormat: LineFormat = {
	kind: 'lines',
	name: 'jellyfin',
	title: 'Jellyfin server log',
	sniff: sniffJellyfin,
	samples: JELLYFIN_PATTERNS.flatMap((p) => p.samples),
	create: (ctx) =>
		createEngine(ctx, {
			format: 'jellyfin',
			title: 'Jellyfin log',
			header: jellyfinHeader,
			patterns: JELLYFIN_PATTERNS,
			isPluginLine,
			pluginBuilder: pluginRecord,
		}),
};

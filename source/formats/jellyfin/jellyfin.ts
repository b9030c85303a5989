/**
The Jellyfin server log format (`log_YYYYMMDD.log`, docker/journald console output): sniffing, the
parser factory and the real sample lines. The line grammar lives in `header.ts`, the message patterns
in `patterns.ts`; the engine they plug into is shared with Emby (`../mediabrowser/`).
*/
import type {LineFormat} from '../types.js';
import {createEngine, sniffEntries} from '../mediabrowser/engine.js';
import {jellyfinHeader} from './header.js';
import {JELLYFIN_PATTERNS, isPluginLine, pluginRecord} from './patterns.js';

/**
0.95 when the first non-empty line is a Jellyfin entry, less when only later head lines are (a file
that starts inside a stack trace), 0 when none is. A Jellyfin entry always opens with `[`, a time and a
three-letter level (`[INF]`), so Emby, PMS, HAR and access-log lines score 0.
*/
export function sniffJellyfin(head: readonly string[]): number {
	return sniffEntries(head, jellyfinHeader);
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

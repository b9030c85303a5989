/**
The Emby server log format (`embyserver.txt`, rotated `embyserver-<n>.txt`): sniffing, the parser
factory and the real sample lines. Grammar in `header.ts`, message patterns in `patterns.ts`, the
engine in `../mediabrowser/` (shared with Jellyfin, which forked from Emby 3.5).
*/
import type {LineFormat} from '../types.js';
import {embyHeader} from './header.js';
import {EMBY_PATTERNS} from './patterns.js';
import {createEngine, sniffEntries} from '../mediabrowser/engine.js';

/**
0.95 when the first non-empty line is an Emby entry (`yyyy-MM-dd HH:mm:ss.fff Level Logger: …`), less
when only later head lines are, 0 when none is. Jellyfin lines open with `[`, `docker logs -t` output
with `yyyy-MM-ddT`, so they score 0 here.
*/
export function sniffEmby(head: readonly string[]): number {
	return sniffEntries(head, embyHeader);
}

export const embyFormat: LineFormat = {
	kind: 'lines',
	name: 'emby',
	title: 'Emby server log',
	sniff: sniffEmby,
	samples: EMBY_PATTERNS.flatMap((p) => p.samples),
	create: (ctx) => createEngine(ctx, {format: 'emby', title: 'Emby log', header: embyHeader, patterns: EMBY_PATTERNS}),
};

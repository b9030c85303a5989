/**
The Emby server log format (`embyserver.txt`, rotated `embyserver-<n>.txt`): sniffing, the parser
factory and the real sample lines. Grammar in `header.ts`, message patterns in `patterns.ts`, the
engine in `shared/engine.ts` (shared with Jellyfin, which forked from Emby 3.5).
*/
import type {LineFormat} from '../types.js';
import {embyHeader} from './header.js';
import {EMBY_PATTERNS} from './patterns.js';
import {createEngine} from './shared/engine.js';

const SNIFF_LINES = 20;

/**
0.95 when the first non-empty line is an Emby entry (`yyyy-MM-dd HH:mm:ss.fff Level Logger: …`), less
when only later head lines are, 0 when none is. Jellyfin lines open with `[`, `docker logs -t` output
with `yyyy-MM-ddT`, so they score 0 here.
*/
export function sniffEmby(head: readonly string[]): number {
	const lines = head.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
	if (lines.length === 0) return 0;
	let hits = 0;
	for (const l of lines) if (embyHeader(l).kind === 'entry') hits++;
	if (hits === 0) return 0;
	if (embyHeader(lines[0]!).kind === 'entry') return 0.95;
	return hits / lines.length >= 0.2 ? 0.6 : 0.3;
}

export const embyFormat: LineFormat = {
	kind: 'lines',
	name: 'emby',
	title: 'Emby server log',
	sniff: sniffEmby,
	samples: EMBY_PATTERNS.flatMap((p) => p.samples),
	create: (ctx) => createEngine(ctx, {format: 'emby', title: 'Emby log', header: embyHeader, patterns: EMBY_PATTERNS}),
};

/**
The Jellyfin server log format (`log_YYYYMMDD.log`, docker/journald console output): sniffing, the
parser factory and the real sample lines. The line grammar lives in `header.ts`, the message patterns
in `patterns.ts`; the engine they plug into is shared with Emby (`../mediabrowser/`).
*/
import type {LineFormat} from '../types.js';
import {mediaBrowserFormat} from '../mediabrowser/engine.js';
import {jellyfinHeader} from './header.js';
import {JELLYFIN_PATTERNS, isPluginLine, pluginRecord} from './patterns.js';

/**
A Jellyfin entry always opens with `[`, a time and a three-letter level (`[INF]`), so Emby, PMS, HAR and
access-log lines score 0 (a file that starts inside a stack trace scores less than one that starts with an entry).
*/
export const jellyfinFormat: LineFormat = mediaBrowserFormat('Jellyfin server log', {
	format: 'jellyfin',
	title: 'Jellyfin log',
	header: jellyfinHeader,
	patterns: JELLYFIN_PATTERNS,
	isPluginLine,
	pluginBuilder: pluginRecord,
});

export const sniffJellyfin = jellyfinFormat.sniff;

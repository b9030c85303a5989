/**
The Emby server log format (`embyserver.txt`, rotated `embyserver-<n>.txt`): sniffing, the parser
factory and the real sample lines. Grammar in `header.ts`, message patterns in `patterns.ts`, the
engine in `../mediabrowser/` (shared with Jellyfin, which forked from Emby 3.5).
*/
import type {LineFormat} from '../types.js';
import {embyHeader} from './header.js';
import {EMBY_PATTERNS} from './patterns.js';
import {mediaBrowserFormat} from '../mediabrowser/engine.js';

/**
Emby lines open with `yyyy-MM-dd HH:mm:ss.fff Level Logger: …`; Jellyfin lines open with `[`, `docker logs -t`
output with `yyyy-MM-ddT`, so they score 0 here.
*/
export const embyFormat: LineFormat = mediaBrowserFormat('Emby server log', {format: 'emby', title: 'Emby log', header: embyHeader, patterns: EMBY_PATTERNS});

export const sniffEmby = embyFormat.sniff;

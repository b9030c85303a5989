/**
The Jellyfin line grammar (formats.md §2.1–2.2): Serilog templates

- file:    `[2024-01-01 12:00:00.000 +01:00] [INF] [12] Source.Context: message`
- console: `[12:00:00.000] [INF] [12] Source.Context: message` (docker logs, journald; older builds
  print `[12:00:00]`)
- old template kept by upgraded installs (10.0–10.7): no `[ThreadId] SourceContext:` part.

Console lines carry only the time of day, so their records have no `time` unless a prefix gives the
date: `docker logs -t` puts an RFC 3339 UTC timestamp first, and that is used. A journald/syslog
prefix (`Apr 03 18:38:05 host jellyfin[640]: `) is removed but has no year, so the time stays unknown.
*/
import type {HeaderResult} from '../mediabrowser/engine.js';
import {isoOfMs, utcMillis} from '../mediabrowser/time.js';

const LEVELS: ReadonlySet<string> = new Set(['VRB', 'DBG', 'INF', 'WRN', 'ERR', 'FTL']);
const FILE_TS = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) ([+-])(\d{2}):(\d{2})$/;
const CONSOLE_TS = /^\d{2}:\d{2}:\d{2}(?:\.\d{3})?$/;
const DOCKER_PREFIX = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}) /;
const SYSLOG_PREFIX = /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} [^\s[]+ [\w.@/-]{1,64}\[\d{1,10}\]: /;
// SourceContext: a .NET type name (generic arity `1, nested +, <> in compiler names).
const SOURCE_CONTEXT = /[A-Za-z_][\w.`+<>]*: /y;

function fileTime(ts: string): string | undefined {
	const m = FILE_TS.exec(ts);
	if (!m) return undefined;
	const t = utcMillis(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!);
	if (t === undefined) return undefined;
	const offset = (m[8] === '-' ? -1 : 1) * (+m[9]! * 60 + +m[10]!) * 60_000;
	return isoOfMs(t - offset);
}

function dockerTime(m: RegExpExecArray): string | undefined {
	const ms = Number((m[7] ?? '0').slice(0, 3).padEnd(3, '0'));
	const t = utcMillis(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms);
	if (t === undefined) return undefined;
	const zone = m[8]!;
	const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
	return isoOfMs(t - offset);
}

/** Split a Jellyfin line into its header and message, or return the body for continuation tests. */
export function jellyfinHeader(text: string): HeaderResult {
	let body = text;
	let prefixTime: string | undefined;
	const c0 = text.charCodeAt(0);
	if (c0 >= 48 && c0 <= 57 && text.charCodeAt(10) === 84 /* T */) {
		const m = DOCKER_PREFIX.exec(text.slice(0, 48));
		if (m) {
			body = text.slice(m[0].length);
			prefixTime = dockerTime(m);
		}
	} else if (c0 >= 65 && c0 <= 90 && text.charCodeAt(3) === 32) {
		const m = SYSLOG_PREFIX.exec(text.slice(0, 200));
		if (m) body = text.slice(m[0].length);
	}
	if (body.charCodeAt(0) !== 91 /* [ */) return {kind: 'other', body};
	const close = body.indexOf(']', 1);
	if (close < 9 || close > 31) return {kind: 'other', body};
	const ts = body.slice(1, close);
	let time: string | undefined;
	if (CONSOLE_TS.test(ts)) time = prefixTime;
	else if (FILE_TS.test(ts)) time = fileTime(ts);
	else return {kind: 'other', body};
	// ` [INF]`
	if (body.charCodeAt(close + 1) !== 32 || body.charCodeAt(close + 2) !== 91 || body.charCodeAt(close + 6) !== 93) return {kind: 'other', body};
	const level = body.slice(close + 3, close + 6);
	if (!LEVELS.has(level)) return {kind: 'other', body};
	let pos = close + 7;
	if (pos < body.length) {
		if (body.charCodeAt(pos) !== 32) return {kind: 'other', body};
		pos++;
	}
	let thread: string | undefined;
	let logger: string | undefined;
	if (body.charCodeAt(pos) === 91) {
		const end = body.indexOf(']', pos);
		const tid = end === -1 ? '' : body.slice(pos + 1, end);
		if (/^\d{1,7}$/.test(tid) && (end + 1 === body.length || body.charCodeAt(end + 1) === 32)) {
			thread = tid;
			pos = Math.min(end + 2, body.length);
			// Only with a thread id: old-template messages like `Profile: "…"` would read as a source.
			SOURCE_CONTEXT.lastIndex = pos;
			const m = SOURCE_CONTEXT.exec(body);
			if (m) {
				logger = m[0].slice(0, -2);
				pos += m[0].length;
			}
		}
	}
	return {kind: 'entry', time, level, thread, logger, message: body.slice(pos)};
}

/**
The Emby `embyserver.txt` line grammar (formats.md §3.1):
`2020-09-23 08:33:16.725 Info HttpServer: message`. The logger name may contain spaces and colons
(`PlaybackReporting - EventMonitorEntryPoint`, `UserLibraryService-0HNMG3PC03GFG:00000001`), so it
runs to the first `": "`. Builds from 2015–2016 write four fractional digits.

Emby writes the server's local time without a zone. The parser reads it as UTC: times are right
relative to each other but may be off by the server's UTC offset.
*/
import type {HeaderResult} from '../mediabrowser/engine.js';
import {isoOfMs, utcMillis} from '../mediabrowser/time.js';

const HEAD = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3,4}) (Debug|Info|Warn|Error|Fatal) /;

/** Split an Emby line into its header and message, or return it for continuation tests. */
export function embyHeader(text: string): HeaderResult {
	const c0 = text.charCodeAt(0);
	if (c0 < 48 || c0 > 57 || text.charCodeAt(4) !== 45) return {kind: 'other', body: text};
	const m = HEAD.exec(text.slice(0, 40));
	if (!m) return {kind: 'other', body: text};
	const start = m[0].length;
	const colon = text.indexOf(': ', start);
	if (colon <= start) return {kind: 'other', body: text};
	const t = utcMillis(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number(m[7]!.slice(0, 3)));
	return {kind: 'entry', time: t === undefined ? undefined : isoOfMs(t), level: m[8]!, thread: undefined, logger: text.slice(start, colon), message: text.slice(colon + 2)};
}

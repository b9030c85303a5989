/**
The PMS line header: `Mon DD, YYYY HH:MM:SS(.mmm)? [thread] LEVEL - message` (formats.md §1.2), the
optional `[context]` prefixes of the message, and the local-time → UTC conversion.

Variants accepted (all seen in real lines): timestamps without milliseconds (2014–2016) and with them
(2017+); thread ids in long hex (`0x7fa0e43ff700`, Linux until ~1.31), short hex (`0x7f829a4aa8`, ARM),
macOS hex (`0x16b803000`) and decimal (`140101640850232`, 1.32+; `49768` on Windows 1.41); upper-case
levels with ` - ` (the file) and title-case or localised levels with an em dash (`Debug —`,
`Ladění —`, `Fehlersuche —`, pasted from Plex Web's log viewer, 2021–2026).
*/
import {monthIndex} from '../../model/time.js';

/** Anchored header grammar; group 1 is the thread id. The message follows `m[0]`. */
export const HEADER_RE = /^[A-Z][a-z]{2} \d{2}, \d{4} \d{2}:\d{2}:\d{2}(?:\.\d{3})? \[(0x[0-9a-fA-F]+|\d+)\] \S+ (?:-|\u2014) /;

/** The level word of a header line (tests and tools; the parser does not need it). */
export function headerLevel(line: string): string | undefined {
	return /^[^\]]*\] (\S+) (?:-|\u2014) /.exec(line)?.[1];
}

/** Starts like a PMS timestamp (used to tell a broken header from a continuation line). */
export const TIMESTAMP_START_RE = /^[A-Z][a-z]{2} \d{2}, \d{4} /;

/** Lines of other timestamped logs (syslog, ISO, bracketed ISO): never a PMS continuation. */
export const FOREIGN_LINE_RE = /^(?:\d{4}-\d{2}-\d{2}[ T]\d{2}:|\[\d{4}-\d{2}-\d{2} |\[\d{2}:\d{2}:\d{2}|[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} )/;

/**
Convert the header timestamp at the start of `line` to epoch milliseconds. PMS writes local time without
a zone; `offsetMinutes` is the server's GMT offset from the identity line (local = UTC + offset), or 0
when unknown, in which case the local time is kept as if it were UTC.
*/
export function headerTimeMs(line: string, offsetMinutes: number): number | undefined {
	const month = monthIndex(line.slice(0, 3));
	if (month === undefined) return undefined;
	const day = Number(line.slice(4, 6));
	const year = Number(line.slice(8, 12));
	const hour = Number(line.slice(13, 15));
	const minute = Number(line.slice(16, 18));
	const second = Number(line.slice(19, 21));
	const ms = line.charCodeAt(21) === 46 /* . */ ? Number(line.slice(22, 25)) : 0;
	if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
	return Date.UTC(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/** Parse a `GMT -05:00` / `GMT 03:00` / `GMT +05:30` offset into minutes east of UTC. */
export function parseGmtOffset(text: string): number | undefined {
	const m = /^([+-]?)(\d{1,2}):(\d{2})$/.exec(text.trim());
	if (!m) return undefined;
	const minutes = Number(m[2]) * 60 + Number(m[3]);
	if (minutes > 14 * 60) return undefined;
	return m[1] === '-' ? -minutes : minutes;
}

/** What the context prefixes of a message say. */
export type MessageContext = {
	/** The text of the context prefixes without brackets, joined by ` ` (`Req#26/HCl#1f`), or ''. */
	readonly ctx: string;
	/** The inbound request id (`Req#1bee` → `1bee`) of the first prefix, when present. */
	readonly reqId: string | undefined;
	/** The outbound HTTP client id (`HCl#14c` → `14c`), when present. */
	readonly hcl: string | undefined;
	/** The message after the context prefixes. */
	readonly rest: string;
};

const REQ_ID_RE = /^Req#([0-9a-f]+)/;
const HCL_RE = /HCl#([0-9a-f]+)/;

/**
Where the context prefixes of the message that starts at `start` in `text` end: the index of the message
after them. Works on indexes (no slice) so that the parser can test a message's first characters before it
cuts anything out of the line; `splitContext` and `contextAt` walk the same prefixes.

At most four prefixes are removed; `[Now]` is not a context but part of the `[Now] User is …` messages; a
context never holds another `[`, and one longer than 512 characters is not a context (this also keeps
the scan short on hostile lines).
*/
export function contextEnd(text: string, start: number): number {
	let at = start;
	for (let i = 0; i < 4 && text.charCodeAt(at) === 91 /* [ */; i++) {
		const close = text.indexOf('] ', at);
		if (close === -1 || close - at > 512) break;
		// `[Now] `, or another `[` inside (the last `[` before the `]` is not this one).
		if ((close === at + 4 && text.startsWith('Now', at + 1)) || text.lastIndexOf('[', close - 1) !== at) break;
		at = close + 2;
	}
	return at;
}

/**
The context of the message at `start` in `text` whose prefixes end at `end` (`contextEnd(text, start)`):
the prefixes' text without brackets joined by ` `, their ids, and the message after them.
*/
export function contextAt(text: string, start: number, end: number): MessageContext {
	const rest = text.slice(end);
	if (end === start) return {ctx: '', reqId: undefined, hcl: undefined, rest};
	let ctx = '';
	for (let at = start; at < end; ) {
		const close = text.indexOf('] ', at);
		const inner = text.slice(at + 1, close);
		ctx = ctx ? `${ctx} ${inner}` : inner;
		at = close + 2;
	}
	if (!ctx) return {ctx: '', reqId: undefined, hcl: undefined, rest};
	const req = REQ_ID_RE.exec(ctx);
	const hcl = ctx.includes('HCl#') ? HCL_RE.exec(ctx) : null;
	return {ctx, reqId: req?.[1], hcl: hcl?.[1], rest};
}

/** Split `[Req#50/PhotoTranscoder/HCl#2d] HTTP requesting …` into its context and the rest (`contextEnd`). */
export function splitContext(msg: string): MessageContext {
	return contextAt(msg, 0, contextEnd(msg, 0));
}

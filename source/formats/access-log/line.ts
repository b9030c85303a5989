/**
The grammar of one nginx/Apache access-log line (common, combined, vhost_combined and the variants
that put an X-Forwarded-For list first), split by hand so no regex ever scans a whole hostile line:

    [pre ]client[, client…] ident user [dd/Mon/yyyy:HH:MM:SS +zzzz] "request" status bytes[ "referer" "ua"][extra]

`pre` is either a vhost (Apache `%v` / `%v:%p`, nginx `$host`) or an X-Forwarded-For list, quoted or not
(formats.md §6.1; elastic/beats filebeat test logs). Everything after the User-Agent (nginx custom
`log_format`s append `$request_time`, `"$http_x_forwarded_for"` …) is kept as `extra`.
*/
import {dayExists, monthIndex} from '../../model/time.js';

/** A parsed access-log line; `undefined` fields were absent or `-`. */
export type AccessLine = {
	/** The client addresses in the client field (nginx `$remote_addr` may hold a comma list). */
	addresses: string[];
	/** An X-Forwarded-For list that precedes the client field, split on commas. */
	forwardedFor: string[] | undefined;
	/** The virtual host that precedes the client field (without its port). */
	vhost: string | undefined;
	vhostPort: number | undefined;
	user: string | undefined;
	/** Epoch ms (UTC), or undefined when the date is impossible. */
	timeMs: number | undefined;
	/** The request line as logged (`GET /x HTTP/1.1`, `-`, or empty). */
	request: string;
	status: number;
	/** Response body bytes (`$body_bytes_sent`, `%b`), undefined for `-`. */
	bytes: number | undefined;
	referer: string | undefined;
	userAgent: string | undefined;
	/** Whatever follows the User-Agent, trimmed. */
	extra: string;
};

// Fixed-length, sticky: tried only where ` [` occurs, so it costs O(1) per try.
const TIME = /\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "/y;
const STATUS_BYTES = / (\d{3}) (\d+|-)/y;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f:.]*$/;

/** True for a bare IPv4 or IPv6 address (no port). */
export function isIpAddress(value: string): boolean {
	return IPV4.test(value) || IPV6.test(value);
}

// Access logs write many lines a second: the last stamp read and its time, reused while it repeats.
let lastStamp = '';
let lastMs: number | undefined;

// The last minute read (`[dd/Mon/yyyy:HH:MM:` and ` +zzzz] "`) and its time at second 0: a stamp of that
// minute with seconds 00–59 is that time and its seconds (the zone's offset is whole minutes).
let minuteHead = '';
let minuteTail = '';
let minuteMs = 0;

function timeToMs(m: RegExpExecArray): number | undefined {
	const stamp = m[0];
	if (stamp === lastStamp) return lastMs;
	const tens = stamp.charCodeAt(19) - 48;
	if (minuteHead !== '' && tens <= 5 && stamp.startsWith(minuteHead) && stamp.endsWith(minuteTail)) {
		lastMs = minuteMs + (tens * 10 + stamp.charCodeAt(20) - 48) * 1000;
	} else {
		lastMs = stampToMs(m);
		const whole = lastMs !== undefined && tens <= 5;
		minuteHead = whole ? stamp.slice(0, 19) : '';
		minuteTail = whole ? stamp.slice(21) : '';
		minuteMs = whole ? lastMs! - Number(m[6]) * 1000 : 0;
	}
	lastStamp = stamp;
	return lastMs;
}

function stampToMs(m: RegExpExecArray): number | undefined {
	const month = monthIndex(m[2]!);
	if (month === undefined) return undefined;
	const [day, year, hour, minute, second, offH, offM] = [m[1], m[3], m[4], m[5], m[6], m[8], m[9]].map(Number) as [number, number, number, number, number, number, number];
	if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 || offM > 59) return undefined;
	const offset = (m[7] === '-' ? -1 : 1) * (offH * 60 + offM);
	const ms = Date.UTC(year, month, day, hour, minute, second) - offset * 60_000;
	// Date.UTC rolls 31 Feb over into March: reject what does not round-trip.
	return Number.isNaN(ms) || !dayExists(year, month, day) ? undefined : ms;
}

/**
Read a `"…"` string starting at `start` (the opening quote); backslash escapes are kept as logged.
`backslash` is the index of the line's first `\` at or after `start` (-1: none): before it, the closing
quote is the next `"`, found by indexOf.
*/
function quoted(line: string, start: number, backslash = line.indexOf('\\', start)): {value: string; end: number} | undefined {
	if (line.charCodeAt(start) !== 34) return undefined;
	if (backslash !== -1 && backslash < start) backslash = line.indexOf('\\', start);
	const close = line.indexOf('"', start + 1);
	if (close !== -1 && (backslash === -1 || backslash > close)) return {value: line.slice(start + 1, close), end: close + 1};
	for (let k = start + 1; k < line.length; k++) {
		const c = line.charCodeAt(k);
		if (c === 92) k++;
		else if (c === 34) return {value: line.slice(start + 1, k), end: k + 1};
	}
	return undefined;
}

const dash = (v: string | undefined): string | undefined => (v === undefined || v === '-' || v === '' ? undefined : v);

function splitList(value: string): string[] {
	if (value.indexOf(',') === -1) {
		const one = value.trim();
		return one === '' || one === '-' ? [] : [one];
	}
	return value
		.split(',')
		.map((s) => s.trim())
		.filter((s) => s !== '' && s !== '-');
}

/** Split `[pre ]addresses` (what precedes ident and user) into its parts; undefined when malformed. */
function splitHead(head: string): {pre: string | undefined; preQuoted: boolean; addresses: string} | undefined {
	if (head.charCodeAt(0) === 34) {
		const q = quoted(head, 0);
		if (!q || head.charCodeAt(q.end) !== 32) return undefined;
		const addresses = head.slice(q.end + 1);
		return addresses && !addresses.includes('"') ? {pre: q.value, preQuoted: true, addresses} : undefined;
	}
	// One token: the addresses alone (what the loop below gives for it).
	if (head.indexOf(' ') === -1) return head !== '' && !head.endsWith(',') && !head.includes('"') ? {pre: undefined, preQuoted: false, addresses: head} : undefined;
	// Tokens ending in `,` continue a list (`10.0.0.2, 10.0.0.1, 127.0.0.1`).
	const groups: string[] = [];
	let current = '';
	for (const token of head.split(' ')) {
		if (token === '') return undefined;
		current = current ? `${current} ${token}` : token;
		if (!token.endsWith(',')) {
			groups.push(current);
			current = '';
			if (groups.length > 2) return undefined;
		}
	}
	if (current || groups.length === 0 || head.includes('"')) return undefined;
	return groups.length === 1 ? {pre: undefined, preQuoted: false, addresses: groups[0]!} : {pre: groups[0], preQuoted: false, addresses: groups[1]!};
}

/** Parse one access-log line; undefined when it is not one. Linear in the line length. */
export function parseAccessLine(line: string): AccessLine | undefined {
	let at = line.indexOf(' [');
	let timeMs: number | undefined;
	let requestAt: number;
	// The stamp of the line before at the first ` [`: TIME would match it there, with the same time.
	if (at > 0 && lastStamp !== '' && line.startsWith(lastStamp, at + 1)) {
		timeMs = lastMs;
		requestAt = at + lastStamp.length;
	} else {
		let time: RegExpExecArray | null = null;
		while (at > 0) {
			TIME.lastIndex = at + 1;
			time = TIME.exec(line);
			if (time) break;
			at = line.indexOf(' [', at + 2);
		}
		if (!time) return undefined;
		timeMs = timeToMs(time);
		requestAt = TIME.lastIndex - 1;
	}
	const backslash = line.indexOf('\\', requestAt);

	// Before the time: [pre ]addresses ident user
	const prefix = line.slice(0, at);
	const userAt = prefix.lastIndexOf(' ');
	const identAt = userAt > 0 ? prefix.lastIndexOf(' ', userAt - 1) : -1;
	if (identAt <= 0) return undefined;
	const head = splitHead(prefix.slice(0, identAt));
	if (!head) return undefined;
	const addresses = splitList(head.addresses);
	if (addresses.length === 0) return undefined;

	let forwardedFor: string[] | undefined;
	let vhost: string | undefined;
	let vhostPort: number | undefined;
	if (head.pre !== undefined) {
		if (head.preQuoted || head.pre.includes(',') || isIpAddress(head.pre) || head.pre === '-') {
			forwardedFor = splitList(head.pre);
		} else {
			const colon = head.pre.lastIndexOf(':');
			const port = colon > 0 ? head.pre.slice(colon + 1) : '';
			if (/^\d{1,5}$/.test(port)) {
				vhost = head.pre.slice(0, colon);
				vhostPort = Number(port);
			} else {
				vhost = head.pre;
			}
		}
	}

	const request = quoted(line, requestAt, backslash);
	if (!request) return undefined;
	STATUS_BYTES.lastIndex = request.end;
	const sb = STATUS_BYTES.exec(line);
	if (!sb) return undefined;
	let pos = STATUS_BYTES.lastIndex;
	// The status/bytes pair must end the line or be followed by a space.
	if (pos < line.length && line.charCodeAt(pos) !== 32) return undefined;

	let referer: string | undefined;
	let userAgent: string | undefined;
	if (line.startsWith(' "', pos)) {
		const r = quoted(line, pos + 1, backslash);
		if (r) {
			referer = r.value;
			pos = r.end;
			if (line.startsWith(' "', pos)) {
				const u = quoted(line, pos + 1, backslash);
				if (u) {
					userAgent = u.value;
					pos = u.end;
				}
			}
		}
	}

	return {
		addresses,
		forwardedFor: forwardedFor && forwardedFor.length > 0 ? forwardedFor : undefined,
		vhost,
		vhostPort,
		user: dash(prefix.slice(userAt + 1)),
		timeMs,
		request: request.value,
		status: Number(sb[1]),
		bytes: sb[2] === '-' ? undefined : Number(sb[2]),
		referer: dash(referer),
		userAgent: dash(userAgent),
		extra: line.slice(pos).trim(),
	};
}

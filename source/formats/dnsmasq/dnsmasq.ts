/**
dnsmasq and Pi-hole `pihole.log` (formats.md §6.3) → ONE DNS `request` record per `query[…]` line,
joined with the lines that answer it.

A lookup is logged as several lines: `query[A] plex.tv from 192.168.1.5`, maybe `forwarded plex.tv to
1.1.1.1`, then one or more answer lines (`reply`/`cached`/`gravity blocked`/`/etc/pihole/gravity.list`
… `plex.tv is <answer>`). The parser keeps unanswered queries by name (or by the query serial of
`log-queries=extra`), marks them answered at their first answer line, and emits them when the answer
block ends: dnsmasq writes all the records of one reply together, so a CNAME chain (`reply a is
<CNAME>`, `gravity blocked b is 0.0.0.0`) belongs to the query that started the block, and a block
anywhere in the chain blocks the query. Unanswered queries are emitted after `WINDOW_SECONDS` or when
more than `MAX_PENDING` are waiting (bounded memory), and at the end, with `blocked` unset.

Time: classic syslog lines carry no year and no zone. Pass `referenceYear` (the year of the first line, or `referenceEnd`, the time the last line was written;
a month going backwards, Dec → Jan, moves to the next year) and optionally `utcOffsetMinutes` (the
Pi-hole's offset from UTC, default 0) in the parse options to get times; without a year records have
none. Lines with an RFC 3339 syslog stamp (rsyslog high-precision format) carry their own time.
*/
import {sniffByShare} from '../common/line-format.js';
import {PendingQueue} from '../common/pending.js';
import {lineDiagnostic, type Emit, type LineFormat, type ParseContext} from '../types.js';
import {dnsRecord, normalizeDnsName, NULL_ANSWERS} from './dns-record.js';
import {monthIndex, validTime} from '../../model/time.js';
import {isIpAddress} from '../../model/hosts.js';

/** An answer arriving more than this long after its query is not joined to it. */
export const WINDOW_SECONDS = 60;
/** At most this many unanswered queries are kept; the oldest is emitted unanswered beyond it. */
export const MAX_PENDING = 4096;
/** Longer lines are not dnsmasq lines (names are at most 253 characters). */
const MAX_LINE = 8192;


/** `Dec  3 21:37:11 [host ]dnsmasq[17086]: msg` — the syslog prefix. */
const SYSLOG = /^([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (?:(\S+) )?(dnsmasq|pihole-FTL)(-dhcp|-tftp|-script)?\[\d+\]: (.*)$/;
/** `2024-03-01T08:15:02.123+01:00 [host ]dnsmasq[17086]: msg` — rsyslog's RFC 3339 prefix. */
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (?:(\S+) )?(dnsmasq|pihole-FTL)(-dhcp|-tftp|-script)?\[\d+\]: (.*)$/;
/** `log-queries=extra` puts `<serial> <client>/<port> ` before each query message. */
const EXTRA = /^(\d+) (\S+)\/(\d+) /;

/** What one message says. */
export type DnsmasqEvent =
	| {type: 'query'; qtype: string; name: string; client: string}
	| {type: 'forwarded'; name: string; upstream: string}
	| {type: 'answer'; source: string; name: string; answer: string};

/** A message grammar as data: the tests check that every sample matches exactly one pattern. */
export type MessagePattern = {
	readonly name: string;
	readonly re: RegExp;
	/** The characters a match can start with (the message is tried only against patterns that fit its first). */
	readonly first: string;
	readonly samples: readonly string[];
	readonly build: (m: RegExpExecArray) => DnsmasqEvent;
};

export const MESSAGE_PATTERNS: readonly MessagePattern[] = [
	{
		name: 'query',
		first: 'q',
		re: /^query\[([^\]\s]{1,32})\] (\S+) from (\S+)$/,
		samples: ['query[A] classify-client.services.mozilla.com from 192.168.1.108', 'query[AAAA] plex.tv from 192.168.1.40', 'query[type=65] plex.tv from 192.168.1.40'],
		build: (m) => ({type: 'query', qtype: m[1]!, name: m[2]!, client: m[3]!}),
	},
	{
		name: 'forwarded',
		first: 'f',
		re: /^forwarded (\S+) to (\S+)$/,
		samples: ['forwarded classify-client.services.mozilla.com to 1.0.0.1'],
		build: (m) => ({type: 'forwarded', name: m[1]!, upstream: m[2]!}),
	},
	{
		// A hosts-style list answered: `/etc/pihole/gravity.list x is 0.0.0.0` (before FTL v5), `/etc/hosts`, `/etc/pihole/local.list`.
		name: 'answer-file',
		first: '/',
		re: /^(\/\S+) (\S+) is (.+)$/,
		samples: ['/etc/pihole/gravity.list browser.pipe.aria.microsoft.com is 0.0.0.0', '/etc/hosts router.lan is 192.168.1.1'],
		build: (m) => ({type: 'answer', source: m[1]!, name: m[2]!, answer: m[3]!}),
	},
	{
		// `reply`, `cached`, `cached-stale`, `config`, `internal`, `gravity blocked`, `regex blocked`,
		// `exactly blocked`, `special domain`, and unknown `<words> <domain> is <answer>` phrasings.
		name: 'answer',
		first: 'abcdefghijklmnopqrstuvwxyz',
		re: /^([a-z]+(?:[ -][a-z]+){0,2}) (\S+) is (.+)$/,
		samples: [
			'reply classify-client.services.mozilla.com is <CNAME>',
			'cached prod-classifyclient.normandy.prod.cloudops.mozgcp.net is 34.98.75.36',
			'internal pi.hole is 10.0.1.5',
			'gravity blocked gravity-blocked.test.pi-hole.net is 0.0.0.0',
			'regex blocked ads.example.com is 0.0.0.0',
			'cached-stale plex.tv is 52.17.0.1',
			'config use-application-dns.net is NXDOMAIN',
		],
		build: (m) => ({type: 'answer', source: m[1]!, name: m[2]!, answer: m[3]!}),
	},
];

/** Messages that carry no lookup (start-up, upstream and cache housekeeping, DNSSEC status). */
export const NOISE_PREFIXES: readonly string[] = [
	'started, version',
	'compile time options',
	'using ',
	'read ',
	'reading ',
	'cleared cache',
	'validation result is',
	'dnssec-query[',
	'dnssec retry',
	'failed to ',
	'config error',
	'Maximum number of concurrent',
	'cache size',
	'time ',
	'queries forwarded',
	'queries answered',
	'pool memory',
	'server ',
	'exiting on receipt',
	'inotify',
	'warning: ',
	'ignoring',
	'Rate-limiting',
	'possible DNS-rebind',
	'DNS service limited',
];

/** Answer sources that are filters: whatever they answer is a block (Pi-hole FTL v5+ phrasing). */
const BLOCKING_SOURCES: ReadonlySet<string> = new Set([
	'gravity blocked',
	'regex blocked',
	'exactly blocked',
	'regex blacklisted',
	'exactly blacklisted',
	'blacklisted',
	'denied',
	'exactly denied',
	'regex denied',
	'gravity denied',
	'blocked',
]);
/** Lists whose answers are blocks (pre-FTL-v5 Pi-hole). */
const BLOCKING_FILE = /(?:gravity|black|blacklist|regex)\.list$/;

/** Does this answer line mean the lookup was blocked? */
export function isBlockingAnswer(source: string, answer: string): boolean {
	if (BLOCKING_SOURCES.has(source)) return true;
	if (source.startsWith('/')) return BLOCKING_FILE.test(source) || NULL_ANSWERS.has(answer);
	// A null route from the cache, upstream (a filtering resolver) or dnsmasq's `address=/x/0.0.0.0`.
	return NULL_ANSWERS.has(answer);
}

/** The noise prefixes by their first character: a message is checked only against those that can match. */
const NOISE_BY_FIRST = new Map<number, string[]>();
for (const prefix of NOISE_PREFIXES) {
	const list = NOISE_BY_FIRST.get(prefix.charCodeAt(0));
	if (list) list.push(prefix);
	else NOISE_BY_FIRST.set(prefix.charCodeAt(0), [prefix]);
}

/** The patterns by the first character of the message, in their order (every `first` is ASCII). */
const PATTERNS_BY_FIRST: ReadonlyArray<readonly MessagePattern[]> = Array.from({length: 128}, (_, c) =>
	MESSAGE_PATTERNS.filter((p) => p.first.includes(String.fromCharCode(c))),
);
const NO_PATTERNS: readonly MessagePattern[] = [];

/** Classify one message: an event, `noise`, or `unknown`. */
export function classifyMessage(msg: string): DnsmasqEvent | 'noise' | 'unknown' {
	const first = msg.charCodeAt(0);
	const noise = NOISE_BY_FIRST.get(first);
	if (noise) for (const prefix of noise) if (msg.startsWith(prefix)) return 'noise';
	for (const pattern of PATTERNS_BY_FIRST[first] ?? NO_PATTERNS) {
		const m = pattern.re.exec(msg);
		if (m) return pattern.build(m);
	}
	return 'unknown';
}

type Pending = {
	key: string;
	name: string;
	client: string;
	line: number;
	/** Epoch ms. */
	time: number | undefined;
	/** Seconds since 1 January counted with 31-day months, for the window (the year is often unknown). */
	at: number;
	state: 'pending' | 'answered' | 'done';
	blocked: boolean;
	/** The first address answered (through any CNAME chain). */
	address?: string | undefined;
};

/** The answer lines of one reply, being read. */
type Block = {key: string; entries: Pending[]; expectChain: boolean};

/** `now` counts 31-day months, so a year wraps at this many seconds. */
const YEAR_SECONDS = 12 * 31 * 86_400;

function optionNumber(ctx: ParseContext, name: string): number | undefined {
	const v = ctx.options?.[name];
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A line's time and message; undefined when it is not a dnsmasq line. */
type Prefixed = {month: number; day: number; seconds: number; ms: number | undefined; message: string; dhcp: boolean};

/** Split a line into time and message by the syslog and RFC 3339 grammars (the reference for `fastPrefix`). */
function splitPrefix(text: string): Prefixed | undefined {
	const s = SYSLOG.exec(text);
	if (s) {
		const month = monthIndex(s[1]!)!;
		const day = Number(s[2]!.trim());
		const seconds = Number(s[3]) * 3600 + Number(s[4]) * 60 + Number(s[5]);
		return {month, day, seconds, ms: undefined, message: s[9]!, dhcp: s[8] !== undefined};
	}
	const r = RFC3339.exec(text);
	if (r) {
		const ms = Date.parse(r[1]!);
		if (Number.isNaN(ms)) return undefined;
		const d = new Date(ms);
		return {month: d.getUTCMonth(), day: d.getUTCDate(), seconds: d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds(), ms, message: r[5]!, dhcp: r[4] !== undefined};
	}
	return undefined;
}

/** `Mmm dd hh:mm:ss `, the syslog stamp as `SYSLOG` reads it; checked once per distinct stamp. */
const STAMP = /^[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} $/;
/** What `.` in `SYSLOG` does not match: a line holding one is left to the regex (which rejects it). */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;

/**
The last syslog stamp read and its fields: logs repeat the second. The stamp (with its trailing space) is
kept as two halves shorter than 13 characters, which V8 copies rather than slices: no line stays alive.
*/
type StampMemo = {head: string; tail: string; month: number; day: number; seconds: number};

const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;

/**
`splitPrefix` for the common shape, read by index: `Mmm dd hh:mm:ss dnsmasq[pid]: msg` (no host field);
undefined for any other line, which `splitPrefix` then reads — so the result is always `splitPrefix`'s.
*/
function fastPrefix(text: string, memo: StampMemo): Prefixed | undefined {
	if (text.length < 20 || text.charCodeAt(15) !== 32) return undefined;
	if (memo.head === '' || !text.startsWith(memo.head) || !text.startsWith(memo.tail, 8)) {
		const stamp = text.slice(0, 16);
		if (!STAMP.test(stamp)) return undefined;
		memo.head = text.slice(0, 8);
		memo.tail = text.slice(8, 16);
		memo.month = monthIndex(stamp.slice(0, 3))!;
		memo.day = (stamp.charCodeAt(4) === 32 ? 0 : digit(stamp, 4) * 10) + digit(stamp, 5);
		memo.seconds = (digit(stamp, 7) * 10 + digit(stamp, 8)) * 3600 + (digit(stamp, 10) * 10 + digit(stamp, 11)) * 60 + digit(stamp, 13) * 10 + digit(stamp, 14);
	}
	let p: number;
	const c = text.charCodeAt(16);
	if (c === 100 && text.startsWith('dnsmasq', 16)) p = 23;
	else if (c === 112 && text.startsWith('pihole-FTL', 16)) p = 26;
	else return undefined;
	let dhcp = false;
	if (text.charCodeAt(p) === 45) {
		if (text.startsWith('-dhcp', p) || text.startsWith('-tftp', p)) p += 5;
		else if (text.startsWith('-script', p)) p += 7;
		else return undefined;
		dhcp = true;
	}
	if (text.charCodeAt(p) !== 91) return undefined; // [
	const pid = ++p;
	for (let d = digit(text, p); d >= 0 && d <= 9; d = digit(text, p)) p++;
	if (p === pid || !text.startsWith(']: ', p)) return undefined;
	p += 3;
	// SYSLOG tries a host field first: in `… dnsmasq[1]: dnsmasq[2]: msg` the host is `dnsmasq[1]:`.
	if (text.startsWith('dnsmasq', p) || text.startsWith('pihole-FTL', p) || LINE_TERMINATOR.test(text)) return undefined;
	return {month: memo.month, day: memo.day, seconds: memo.seconds, ms: undefined, message: text.slice(p), dhcp};
}

/** Score the first lines: the share that are dnsmasq lines, 0 when none is. */
export function sniffDnsmasq(head: readonly string[]): number {
	return sniffByShare(head, (l) => l.length <= MAX_LINE && l.includes('[') && splitPrefix(l) !== undefined, 0.55, 0.4);
}

function createParser(ctx: ParseContext) {
	const referenceYear = optionNumber(ctx, 'referenceYear');
	const offsetMinutes = optionNumber(ctx, 'utcOffsetMinutes') ?? 0;
	// `referenceEnd` (ms, e.g. the file's modification time) is when the last line was written: the
	// first line's year is that year, or the one before when its month lies after the end's month.
	const referenceEnd = optionNumber(ctx, 'referenceEnd');
	let year = referenceYear;
	let lastMonth: number | undefined;
	const pending = new PendingQueue<Pending>(MAX_PENDING);
	let block: Block | undefined;
	const stampMemo: StampMemo = {head: '', tail: '', month: 0, day: 0, seconds: 0};
	/** The last syslog time computed (month, day, seconds → epoch ms): consecutive lines share the second. */
	let lastTime: {month: number; day: number; seconds: number; ms: number | undefined} | undefined;

	/** Emit a query; `blocked` is only known when an answer was seen. */
	const emitEntry = (entry: Pending, emit: Emit): void => {
		const answered = entry.state === 'answered';
		entry.state = 'done';
		emit.record(dnsRecord({source: 'dnsmasq', file: ctx.file, line: entry.line, name: entry.name, client: entry.client, timeMs: entry.time, blocked: answered ? entry.blocked : undefined, address: answered ? entry.address : undefined}));
	};
	const flushBlock = (emit: Emit): void => {
		if (!block) return;
		for (const entry of block.entries) emitEntry(entry, emit);
		block = undefined;
	};
	/** Emit unanswered queries that are too old (too many: `pending.push` hands back the oldest). */
	const evict = (now: number, emit: Emit): void => {
		for (let entry = pending.oldest(); entry; entry = pending.oldest()) {
			let age = now - entry.at;
			if (age < 0) age += YEAR_SECONDS;
			if (age <= WINDOW_SECONDS) break;
			pending.shift();
			emitEntry(entry, emit);
		}
	};

	const timeOf = (p: Prefixed): number | undefined => {
		if (p.ms !== undefined) return p.ms;
		// The same month as the last call: neither the year nor `lastMonth` can change, nor the result.
		if (lastTime && lastTime.month === p.month && lastTime.day === p.day && lastTime.seconds === p.seconds) return lastTime.ms;
		const ms = syslogTime(p);
		lastTime = {month: p.month, day: p.day, seconds: p.seconds, ms};
		return ms;
	};
	const syslogTime = (p: Prefixed): number | undefined => {
		if (year === undefined && referenceEnd !== undefined) {
			const end = new Date(referenceEnd);
			year = p.month > end.getUTCMonth() ? end.getUTCFullYear() - 1 : end.getUTCFullYear();
		}
		if (year === undefined) return undefined;
		if (lastMonth !== undefined && p.month < lastMonth - 6) year++;
		lastMonth = p.month;
		const ms = Date.UTC(year, p.month, p.day) + p.seconds * 1000 - offsetMinutes * 60_000;
		return validTime(ms) ? ms : undefined;
	};

	const onAnswer = (key: string, event: Extract<DnsmasqEvent, {type: 'answer'}>): Pending[] => {
		const blocked = isBlockingAnswer(event.source, event.answer);
		const cname = event.answer === '<CNAME>';
		const address = /^[0-9a-f.:]{2,64}$/i.test(event.answer) && isIpAddress(event.answer) ? event.answer : undefined;
		const list = pending.takeAll(key);
		if (list.length > 0) {
			for (const entry of list) {
				entry.state = 'answered';
				entry.blocked = blocked;
				entry.address = address;
			}
			return list;
		}
		if (block && (block.key === key || block.expectChain)) {
			if (blocked) for (const entry of block.entries) entry.blocked = true;
			if (address) for (const entry of block.entries) entry.address ??= address;
			block.expectChain = cname;
		}
		return [];
	};

	return {
		line(text: string, lineNo: number, emit: Emit): void {
			// A printable ASCII first character: not blank, no need to trim.
			const first = text.charCodeAt(0);
			if (!(first > 32 && first < 127) && text.trim() === '') return;
			const prefixed = text.length <= MAX_LINE ? (fastPrefix(text, stampMemo) ?? splitPrefix(text)) : undefined;
			if (!prefixed) {
				emit.diagnostic(lineDiagnostic(ctx, lineNo, 'dnsmasq.line.unparsed', 'not a dnsmasq/Pi-hole log line'));
				return;
			}
			if (prefixed.dhcp) return; // dnsmasq-dhcp/-tftp lines: leases, not lookups
			const now = prefixed.month * 31 * 86_400 + (prefixed.day - 1) * 86_400 + prefixed.seconds;
			let message = prefixed.message;
			let serial: string | undefined;
			const lead = message.charCodeAt(0);
			const extra = lead >= 48 && lead <= 57 ? EXTRA.exec(message) : null;
			if (extra) {
				serial = extra[1];
				message = message.slice(extra[0].length);
			}
			const event = classifyMessage(message);
			if (event === 'noise') return;
			if (event === 'unknown') {
				emit.diagnostic(lineDiagnostic(ctx, lineNo, 'dnsmasq.message.unknown', `unknown dnsmasq message: ${message.slice(0, 80)}`, 'info'));
				return;
			}
			const time = timeOf(prefixed);
			const name = normalizeDnsName(event.name);
			const key = serial !== undefined ? `#${serial}` : name;
			if (event.type === 'answer') {
				const started = onAnswer(key, event);
				if (started.length > 0) {
					flushBlock(emit);
					block = {key, entries: started, expectChain: event.answer === '<CNAME>'};
				}
				return;
			}
			flushBlock(emit);
			if (event.type === 'query') {
				const entry: Pending = {key, name, client: event.client, line: lineNo, time, at: now, state: 'pending', blocked: false};
				const oldest = pending.push(key, entry);
				if (oldest) emitEntry(oldest, emit);
			}
			evict(now, emit);
		},
		end(emit: Emit): void {
			flushBlock(emit);
			for (const entry of pending.drain()) emitEntry(entry, emit);
		},
	};
}

const SAMPLES = [
	'Dec  3 21:37:11 dnsmasq[17086]: query[A] classify-client.services.mozilla.com from 192.168.1.108',
	'Dec  3 21:37:11 dnsmasq[17086]: forwarded classify-client.services.mozilla.com to 1.0.0.1',
	'Dec  3 21:37:13 dnsmasq[17086]: /etc/pihole/gravity.list browser.pipe.aria.microsoft.com is 0.0.0.0',
	'Jun 26 20:46:34 dnsmasq[4110]: internal pi.hole is 10.0.1.5',
	'Jan  8 21:52:09 dnsmasq[318]: query[A] umwatson.events.data.microsoft.com from 192.168.117.69',
];

/** dnsmasq / Pi-hole `pihole.log`. */
export const dnsmasqFormat: LineFormat = {
	kind: 'lines',
	name: 'dnsmasq',
	title: 'dnsmasq / Pi-hole log',
	samples: SAMPLES,
	sniff: sniffDnsmasq,
	// The parser keeps its promise not to throw; ingest still contains a bug (a located
	// `parser.internal` diagnostic) rather than hide it here, so the fuzz tests would see it.
	create: (ctx) => createParser(ctx),
};

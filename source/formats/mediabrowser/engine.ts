/**
The MediaBrowser line engine, shared by the Emby and Jellyfin log parsers (both servers descend from
MediaBrowser; Jellyfin forked from Emby 3.5): header grammar → entry, message → the first pattern that
matches (patterns are data with their real sample lines), continuation lines, and the state that joins
lines into records (request/response pairs, the user policy before a stream decision, the Playback
Reporting plugin's field-per-line blocks).

A format supplies its header parser and its pattern list; everything else is shared. Like every parser
it does not catch its own exceptions: a bug-level throw inside a pattern is contained by the pipeline
(`parser.internal` at that line, the next line is read) and fails the fuzz tests.
*/
import {cutText, LIMITS, ownCopy, ownDeep} from '../../model/limits.js';
import type {Diagnostic, PlaybackRecord, RequestRecord, TelemetryRecord} from '../../model/records.js';
import {sniffLines} from '../common/line-format.js';
import {PendingQueue} from '../common/pending.js';
import type {Emit, LineParser, ParseContext} from '../types.js';
import {type RecordBase, requestRecord, streamFacts} from './records.js';

/** One log entry: the header fields and the message of its first line. */
export type LogEntry = {
	/** 1-based line of the entry's first line. */
	readonly lineNo: number;
	/** ISO-8601 UTC, when the header (or a prefix such as `docker logs -t`) gives a date. */
	readonly time: string | undefined;
	readonly level: string;
	/** Thread id (Jellyfin `[{ThreadId}]`); undefined for Emby and old Jellyfin templates. */
	readonly thread: string | undefined;
	/** Jellyfin `SourceContext` or Emby logger name. */
	readonly logger: string | undefined;
	readonly message: string;
};

/** What a format's header parser returns for a line: an entry head, or the text to test as a continuation. */
export type HeaderResult = {kind: 'entry'; time: string | undefined; level: string; thread: string | undefined; logger: string | undefined; message: string} | {kind: 'other'; body: string};

/** The state and outputs a pattern's `build` works with. */
export type PatternScope = {
	readonly format: string;
	readonly file: string;
	readonly entry: LogEntry;
	readonly state: LogState;
	/** Base fields for a record located at the entry's line. */
	base(): RecordBase;
	emit(record: TelemetryRecord): void;
};

/**
One message grammar. `start`/`contains` are the cheap pre-checks run before the regex; a message that
passes them but fails the regex "looks like telemetry" and, when `telemetry` is true, gets a
per-line diagnostic. Regexes must run in linear time: one unbounded group between literals.
*/
export type MessagePattern = {
	readonly name: string;
	readonly start?: string;
	readonly contains?: string;
	/** A cheap check in code, for shapes a literal cannot say (an executable path first). */
	readonly when?: (message: string) => boolean;
	readonly re: RegExp;
	/** False for known messages without telemetry (recognised so that they are not mistaken for it). */
	readonly telemetry: boolean;
	/** Report a message that passes the pre-checks but fails `re` (default: `telemetry`). */
	readonly reportMisses?: boolean;
	/** Real lines (whole lines, in the format's own grammar) that this pattern must match. */
	readonly samples: readonly string[];
	build?(m: RegExpExecArray, scope: PatternScope): void;
};

/** Messages longer than this are not run through pattern regexes (hostile or broken input). */
export const MAX_MESSAGE_LENGTH = 100_000;

/** Does the pattern's cheap pre-check accept the message? */
export function probe(pattern: MessagePattern, message: string): boolean {
	if (pattern.start !== undefined && !message.startsWith(pattern.start)) return false;
	if (pattern.contains !== undefined && !message.includes(pattern.contains)) return false;
	return pattern.when === undefined || pattern.when(message);
}

/** The patterns whose pre-check and regex both accept the message (tests require exactly one). */
export function matchingPatterns(patterns: readonly MessagePattern[], message: string): MessagePattern[] {
	return patterns.filter((p) => probe(p, message) && p.re.test(message));
}

// Stack traces and Emby error reports: indented lines, `--- End of …`, `*** Error Report ***`, and
// exception heads such as `System.Net.Http.HttpRequestException: …`.
const EXCEPTION_HEAD = /^(?:[A-Za-z_][\w.`+]*\.)?[A-Za-z_]\w*(?:Exception|Error)(?::|$| ---| \()/;

/**
How sure a head is a log of this header grammar: 0.95 when the first non-empty line is an entry, less
when only later head lines are (a file that starts inside a stack trace), 0 when none is.
*/
export function sniffEntries(head: readonly string[], header: (line: string) => HeaderResult): number {
	const lines = sniffLines(head);
	if (lines.length === 0) return 0;
	let hits = 0;
	for (const l of lines) if (header(l).kind === 'entry') hits++;
	if (hits === 0) return 0;
	if (header(lines[0]!).kind === 'entry') return 0.95;
	return hits / lines.length >= 0.2 ? 0.6 : 0.3;
}

/** Is this non-header line part of the previous entry (stack trace, error report, wrapped text)? */
export function isContinuation(body: string): boolean {
	if (body.length === 0) return true;
	const c = body.charCodeAt(0);
	if (c === 32 || c === 9) return true;
	if (body.startsWith('---') || body.startsWith('***') || body.startsWith('at ')) return true;
	return EXCEPTION_HEAD.test(body.length > 400 ? body.slice(0, 400) : body);
}

// `System.Net.Http.HttpRequestException: <reason> (dkanada.xyz:443)`: the host a failed request went to.
const HTTP_EXCEPTION_HOST = /HttpRequestException: .*\(([A-Za-z0-9.-]+\.[A-Za-z]{2,}):(\d{1,5})\)$/;

type UserContext = {user?: string; remoteIp?: string; lineNo: number};
type PluginGroup = {fields: Map<string, string>; entry: LogEntry};

/** How many lines a user-policy context stays attached to its thread. */
const CONTEXT_LINES = 50;
/** At most this many requests wait for their response line; the oldest is emitted alone beyond it. */
const MAX_PENDING_REQUESTS = 4096;
/** Same outbound URL within this many lines is one request logged twice (request + error). */
const OUTBOUND_REPEAT_LINES = 20;

/** Parser state that spans lines. One per parse. */
export class LogState {
	private readonly pending = new PendingQueue<RequestRecord>(MAX_PENDING_REQUESTS);
	private readonly contexts = new Map<string, UserContext>();
	private readonly groups = new Map<string, PluginGroup>();
	private readonly playSessions = new Set<string>();
	private lastOutbound: {url: string; lineNo: number} | undefined;
	/** A Profile/eligibility playback waiting for a `No direct play profiles found` line. */
	pendingEligibility: {record: PlaybackRecord; path: string} | undefined;
	/** Hosts the current entry already produced outbound requests for (exception continuation dedupe). */
	entryOutboundHosts = new Set<string>();

	constructor(private readonly emitRecord: (r: TelemetryRecord) => void) {}

	/** Remember what a user-policy / bitrate line said, for the next stream decision on the thread. */
	setContext(thread: string, lineNo: number, patch: {user?: string; remoteIp?: string}): void {
		const prev = this.contexts.get(thread);
		const fresh = prev && lineNo - prev.lineNo <= CONTEXT_LINES ? prev : {lineNo};
		this.contexts.set(thread, {...fresh, ...patch, lineNo});
	}

	/** Take (and forget) the context for a thread if it is recent. */
	takeContext(thread: string, lineNo: number): UserContext | undefined {
		const ctx = this.contexts.get(thread);
		this.contexts.delete(thread);
		return ctx && lineNo - ctx.lineNo <= CONTEXT_LINES ? ctx : undefined;
	}

	/** Add a field to the thread's Playback Reporting block; a repeated field starts a new block. */
	addPluginField(thread: string, entry: LogEntry, key: string, value: string, build: (g: PluginGroup) => TelemetryRecord | undefined): void {
		let g = this.groups.get(thread);
		if (g && g.fields.has(key)) {
			this.flushGroup(thread, build);
			g = undefined;
		}
		if (!g) {
			g = {fields: new Map(), entry};
			this.groups.set(thread, g);
		}
		g.fields.set(key, value);
	}

	private groupBuilder: ((g: PluginGroup) => TelemetryRecord | undefined) | undefined;

	/** The builder used when blocks are flushed by unrelated lines or at the end. */
	setGroupBuilder(build: (g: PluginGroup) => TelemetryRecord | undefined): void {
		this.groupBuilder = build;
	}

	flushGroup(thread: string, build = this.groupBuilder): void {
		const g = this.groups.get(thread);
		if (!g) return;
		this.groups.delete(thread);
		const r = build?.(g);
		if (r) this.emitRecord(r);
	}

	/** A request line: wait for its response line (joined on the URL). */
	addRequest(record: RequestRecord, bigKey: string): void {
		// What waits is cut to what a record keeps (thousands of 1 MB URLs would be gigabytes).
		// Copies, not views of the line: a short field sliced from a 1 MB line keeps the megabyte alive.
		const key = ownCopy(cutText(bigKey, LIMITS.url));
		// The oldest request never got its response line when too many wait: emitted alone.
		const oldest = this.pending.push(key, ownDeep({...record, url: cutText(record.url, LIMITS.url), path: cutText(record.path, LIMITS.url)}));
		if (oldest) this.emitRequest(oldest);
	}

	/** A response line: complete the oldest waiting request for the same URL, or emit the response alone. */
	addResponse(record: RequestRecord, bigKey: string): void {
		const key = cutText(bigKey, LIMITS.url);
		const joined = this.pending.take(key);
		if (joined) {
			if (record.status !== undefined) joined.status = record.status;
			if (joined.client === undefined && record.client !== undefined) joined.client = record.client;
			joined.method ??= record.method;
			this.emitRequest(joined);
			return;
		}
		this.emitRequest(record);
	}

	/** Emit a request, plus a playback record the first time a stream URL names its media. */
	emitRequest(record: RequestRecord): void {
		this.emitRecord(record);
		if (record.direction !== 'inbound') return;
		const facts = streamFacts(record.url);
		if (!facts) return;
		const {playSession, ...rest} = facts;
		const key = playSession ?? record.path;
		if (this.playSessions.has(key)) return;
		if (this.playSessions.size < 100_000) this.playSessions.add(key);
		const playback: PlaybackRecord = {kind: 'playback', source: record.source, origin: record.origin, identifiers: record.identifiers.filter((i) => i.kind !== 'device' || i.name !== 'User-Agent'), ...rest, evidence: 'stream URL in request line'};
		if (record.time !== undefined) playback.time = record.time;
		if (record.device) playback.device = record.device;
		if (!playback.identifiers.some((i) => i.kind === 'personal') && record.client) playback.identifiers.push({kind: 'personal', name: 'client IP', value: record.client});
		this.emitRecord(playback);
	}

	/** Emit an outbound request unless the same URL was just logged (request line, then its error). */
	outbound(b: RecordBase, url: string, method?: string): void {
		if (this.lastOutbound && this.lastOutbound.url === url && b.line - this.lastOutbound.lineNo <= OUTBOUND_REPEAT_LINES) return;
		this.lastOutbound = {url, lineNo: b.line};
		const rec = requestRecord(b, {method, url, direction: 'outbound'});
		this.entryOutboundHosts.add(rec.host);
		this.emitRecord(rec);
	}

	/** The input ended: emit everything still waiting. */
	end(): void {
		if (this.pendingEligibility) this.emitRecord(this.pendingEligibility.record);
		this.pendingEligibility = undefined;
		for (const record of this.pending.drain()) this.emitRequest(record);
		for (const thread of [...this.groups.keys()]) this.flushGroup(thread);
	}
}

/** What a format plugs into the engine. */
export type EngineSpec = {
	/** Record `source` and diagnostic code prefix (`jellyfin`, `emby`). */
	readonly format: string;
	/** Human name used in diagnostics. */
	readonly title: string;
	readonly header: (text: string) => HeaderResult;
	readonly patterns: readonly MessagePattern[];
	/** Messages that belong to a Playback Reporting block (they do not flush the thread's block). */
	readonly isPluginLine?: (message: string) => boolean;
	readonly pluginBuilder?: (format: string, file: string) => (g: PluginGroup) => TelemetryRecord | undefined;
};

export type {PluginGroup};

/** How many unparsed line numbers the summary diagnostic lists. */
const UNPARSED_LIST = 5;

/** Build a line parser from a format's header grammar and patterns. */
export function createEngine(ctx: ParseContext, spec: EngineSpec): LineParser {
	let out: Emit | undefined;
	const state = new LogState((r) => out?.record(r));
	if (spec.pluginBuilder) state.setGroupBuilder(spec.pluginBuilder(spec.format, ctx.file));
	let current: LogEntry | undefined;
	let unparsed = 0;
	const unparsedLines: number[] = [];
	const diag = (line: number, code: string, message: string, severity: Diagnostic['severity'] = 'warning'): void =>
		out?.diagnostic({severity, code: `${spec.format}.${code}`, message, origin: {file: ctx.file, line}});

	const handleEntry = (entry: LogEntry, emit: Emit): void => {
		const threadKey = entry.thread ?? '';
		const before = state.pendingEligibility;
		state.entryOutboundHosts = new Set();
		if (spec.isPluginLine && !spec.isPluginLine(entry.message)) state.flushGroup(threadKey);
		const scope: PatternScope = {
			format: spec.format,
			file: ctx.file,
			entry,
			state,
			base: () => ({source: spec.format, file: ctx.file, line: entry.lineNo, time: entry.time}),
			emit: (r) => emit.record(r),
		};
		const message = entry.message;
		if (message.length <= MAX_MESSAGE_LENGTH) {
			let suspect: MessagePattern | undefined;
			for (const p of spec.patterns) {
				if (!probe(p, message)) continue;
				const m = p.re.exec(message);
				if (m) {
					suspect = undefined;
					p.build?.(m, scope);
					break;
				}
				if (p.reportMisses ?? p.telemetry) suspect ??= p;
			}
			if (suspect) diag(entry.lineNo, 'line.unmatched', `line looks like ${suspect.name} but does not match its grammar`);
		} else if (spec.patterns.some((p) => (p.reportMisses ?? p.telemetry) && p.start !== undefined && message.startsWith(p.start))) {
			diag(entry.lineNo, 'line.unmatched', `line is ${message.length.toLocaleString('en-US')} characters long: too long to read as telemetry`);
		}
		if (before && state.pendingEligibility === before) {
			state.pendingEligibility = undefined;
			emit.record(before.record);
		}
	};

	return {
		line(text, lineNo, emit) {
			out = emit;
			const h = spec.header(text);
			if (h.kind === 'entry') {
				current = {lineNo, time: h.time, level: h.level, thread: h.thread, logger: h.logger, message: h.message};
				handleEntry(current, emit);
				return;
			}
			if (current && isContinuation(h.body)) {
				if (h.body.length <= MAX_MESSAGE_LENGTH && h.body.includes('HttpRequestException: ')) {
					const m = HTTP_EXCEPTION_HOST.exec(h.body.trimEnd());
					if (m && !state.entryOutboundHosts.has(m[1]!.toLowerCase())) {
						const port = Number(m[2]);
						const host = m[1]!.toLowerCase();
						const url = port === 443 ? `https://${host}/` : port === 80 ? `http://${host}/` : `http://${host}:${port}/`;
						state.outbound({source: spec.format, file: ctx.file, line: lineNo, time: current.time}, url);
					}
				}
				return;
			}
			if (h.body.trim() === '') return;
			unparsed++;
			if (unparsedLines.length < UNPARSED_LIST) unparsedLines.push(lineNo);
		},
		end(emit) {
			out = emit;
			state.end();
			if (unparsed > 0) {
				const more = unparsed > unparsedLines.length ? ', …' : '';
				diag(unparsedLines[0]!, 'line.unparsed', `${unparsed.toLocaleString('en-US')} line${unparsed === 1 ? '' : 's'} did not match the ${spec.title} grammar (first at line${unparsedLines.length === 1 ? '' : 's'} ${unparsedLines.join(', ')}${more})`);
			}
		},
	};
}

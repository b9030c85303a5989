/**
The PMS log parser: line header, dispatch to the message patterns, and the state that joins lines
into records.

Joining decisions (documented here because they decide what is counted):
- Inbound: a `Request:` line and its `Completed:` line become ONE request record, joined by the `#reqid`
  token (2021+) or, in older logs without it, by method + target. The record takes its time, client,
  user and device evidence from the Request line, status and bytes from the Completed line. A
  Completed line without a pending Request (the request predates the log) becomes a record on its own.
  At most 10,000 requests wait for their Completed line; beyond that the oldest is emitted without a
  status, as are all still pending at the end.
- Outbound: `HTTP requesting` and its response (`HTTP/1.1 (0.1s) 200 response from`, `HTTP 200
  response from`, `HTTP error requesting`, `HTTP simulating 408 after curl timeout`) become ONE record,
  joined by the `HCl#` id (2021+) or by method + URL (older logs). A response without a pending request
  (e.g. SSDP description fetches, whose request is logged as `Parsing SSDP schema for <url>`) becomes a
  record on its own; the SSDP line is held (one at a time) so that a following response for the same
  URL, or a timeout without a URL, joins it instead of producing a second record. Nothing is counted
  twice: each network request yields exactly one record.
- `Client [...] reporting timeline` and the `[Now] User/Device/Profile is` lines that follow it on the
  same thread become ONE device record; it is emitted at `[Now] Profile is`, when the thread logs
  something else, or at the end.

Times: PMS writes local time. The identity line's `GMT ±HH:MM` offset is applied to every timestamp
after it. Before an identity line (or without one) timestamps are kept as if they were UTC.
*/
import type {DeviceInfo, Identifier, PlaybackRecord, RequestRecord, TelemetryRecord} from '../../model/records.js';
import {mergeDevice} from '../common/client-params.js';
import {OWN_SERVER, type ServerFact} from '../../model/hosts.js';
import {splitUrl} from '../common/url.js';
import {transcodeRequestFacts} from '../common/transcode-request.js';
import {lineDiagnostic, type Emit, type LineParser, type ParseContext} from '../types.js';
import {contextAt, contextEnd, FOREIGN_LINE_RE, HEADER_RE, headerTimeMs, type MessageContext, TIMESTAMP_START_RE} from './header.js';
import {cutText, LIMITS, ownDeep} from '../../model/limits.js';
import {recogniseAt, requestEvidence, targetPairs, type InboundRequest, type PlaybackFacts, type PmsEvent} from './patterns.js';
import {own} from '../../model/own.js';
import {validTime} from '../../model/time.js';
import {BoundedMemo} from '../../model/memo.js';
import {PendingMap} from '../common/pending.js';

/** The port PMS listens on; `Request:` lines do not repeat it. */
export const PMS_PORT = 32400;
/** Pending joins kept before the oldest is emitted unmatched. */
export const MAX_PENDING = 10_000;
/** How many unparsed line numbers the summary diagnostic lists. */
const UNPARSED_EXAMPLES = 5;

/**
Cut what an event holds to what a record keeps (source/model/limits.ts) before it can wait in a join:
10,000 pending requests of a 1 MB target each would hold 10 GB, and their keys the same again.
*/
function boundEvent(event: PmsEvent): void {
	switch (event.type) {
		case 'inbound-request':
			boundRequest(event.request);
			return;
		case 'inbound-completed':
			event.target = cutText(event.target, LIMITS.url);
			return;
		case 'outbound-request':
		case 'outbound-response':
		case 'outbound-error':
		case 'ssdp-fetch':
			event.url = cutText(event.url, LIMITS.url);
			return;
		default:
	}
}

function boundRequest(r: InboundRequest): void {
	r.target = cutText(r.target, LIMITS.url);
	if (r.user !== undefined) r.user = cutText(r.user, LIMITS.text);
	if (r.app !== undefined) r.app = cutText(r.app, LIMITS.text);
	if (r.headers.length > LIMITS.list) r.headers = r.headers.slice(0, LIMITS.list);
	if (r.headers.length > 0) r.headers = r.headers.map(([n, v]) => [cutText(n, LIMITS.text), cutText(v, LIMITS.text)]);
}

/** Line counts, for tests and the summary diagnostic. */
export type PmsStats = {
	lines: number;
	/** Lines with a valid header. */
	parsed: number;
	/** Parsed lines that matched a telemetry pattern. */
	telemetry: number;
	/** Parsed lines that carry no telemetry (known no-telemetry patterns and all other messages). */
	noTelemetry: number;
	/** Lines without a header that belong to the previous message. */
	continuation: number;
	/** Lines that could not be parsed at all. */
	unparsed: number;
	/** Lines that looked like telemetry (prefix matched) but whose fields did not parse. */
	malformed: number;
	/** Empty lines. */
	blank: number;
};

export type PmsLineParser = LineParser & {readonly stats: Readonly<PmsStats>};

type PendingInbound = {line: number; timeMs: number | undefined; request: InboundRequest; extra: Identifier[]; device: DeviceInfo | undefined};
type PendingOutbound = {line: number; timeMs: number | undefined; method: string | undefined; url: string; extra: Identifier[]; server: DeviceInfo | undefined};
type PendingGroup = {line: number; timeMs: number | undefined; device: DeviceInfo; user: string | undefined; identifiers: Identifier[]; evidence: string[]};
type Banner = {line: number; timeMs: number | undefined; facts: PlaybackFacts};

/**
Query parameters, besides the X-Plex-* ones `clientEvidence` knows, that identify something. In PMS's
own outbound requests `Connection[][uri]` lists the server's LAN and public addresses (PUT plex.tv/devices/<id>); the
`me.plexapp.com/services/match` lookup sends the media file's name and hashes.
*/
const EXTRA_PARAMS: Readonly<Record<string, Identifier['kind']>> = {
	// 2014 signed transcoder URLs (PLAYz-Media-for-PLEX#62): the access key and its signature grant access.
	'x-plex-access-key': 'secret',
	'x-plex-access-code': 'secret',
	'connection[][uri]': 'personal',
	machineidentifier: 'identifier',
	filename: 'personal',
	plexhash: 'identifier',
	opensubtitleshash: 'identifier',
	asyncidentifier: 'identifier',
};

/** Identifiers for the parameters in `EXTRA_PARAMS` that `clientEvidence` does not know. */
function extraIdentifiers(pairs: ReadonlyArray<readonly [string, string]>, known: readonly Identifier[]): Identifier[] {
	const out: Identifier[] = [];
	for (const [name, value] of pairs) {
		const kind = own(EXTRA_PARAMS, name.toLowerCase());
		if (kind && value && !known.some((i) => i.name === name && i.value === value) && !out.some((i) => i.name === name && i.value === value)) out.push({kind, name, value});
	}
	return out;
}

/**
Cheap pre-check before decoding a query: every name `clientEvidence` or `EXTRA_PARAMS` reacts to
contains one of these (case-insensitive), also when nested and percent-encoded once.
*/
const MAY_IDENTIFY = /x-plex|x-emby|x-mediabrowser|x-connect|token|api[_-]?key|secret|passw|auth|cookie|connection|identifier|filename|hash/i;

function outboundIdentifiers(url: string): Identifier[] {
	if (!MAY_IDENTIFY.test(url)) return [];
	const pairs = targetPairs(url);
	if (pairs.length === 0) return [];
	const ids = requestEvidence(pairs).identifiers;
	return [...ids, ...extraIdentifiers(pairs, ids)];
}

/** What an outbound request's URL says: where it went and what it carried. */
type OutboundFacts = {readonly host: string; readonly path: string; readonly port?: number; readonly identifiers: readonly Identifier[]};

function outboundFactsOf(url: string): OutboundFacts {
	const parts = splitUrl(url);
	// Kept in a memo shared by every record of this URL: copies that share no memory with the line.
	return ownDeep({host: parts.host || url, path: parts.path || '/', port: parts.port, identifiers: outboundIdentifiers(url)});
}

/** PMS asks the same URLs again and again (plex.tv's APIs, image transcodes): each is split and read once. */
const outboundFacts = new BoundedMemo<OutboundFacts>(2048, 2048);

type Evidence = {readonly device: DeviceInfo | undefined; readonly identifiers: readonly Identifier[]};

/** What an inbound request's target says about the client (its query and a nested `url=`). */
function evidenceOfTarget(target: string): Evidence {
	if (!MAY_IDENTIFY.test(target)) return {device: undefined, identifiers: []};
	const pairs = targetPairs(target);
	if (pairs.length === 0) return {device: undefined, identifiers: []};
	const ev = requestEvidence(pairs);
	// Kept in a memo shared by every record of this target: copies that share no memory with the line.
	return ownDeep({device: ev.device, identifiers: [...ev.identifiers, ...extraIdentifiers(pairs, ev.identifiers)]});
}

const NO_EVIDENCE: Evidence = Object.freeze({device: undefined, identifiers: Object.freeze([]) as readonly Identifier[]});

/** Clients poll the same targets again and again: their evidence is worked out once per distinct target. */
const targetEvidence = new BoundedMemo<Evidence>(2048, 2048);

const STREAM_RE = /Stream #\d+:\d+.*?: (Video|Audio): ([A-Za-z0-9_]+)(.*)$/;

/** Create a parser for one input. Pure: all state lives in the returned object. */
const CERT = /^Subject name is \/CN=\*\.([0-9a-f]{16,64})\.plex\.direct\b/;
const PUBLIC_IP = /Got public IP from \S+: (\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+)\s*$/i;
const OWNED = /\/shared_sources\/owned\?machineIdentifier=([0-9a-f]{16,64})\b/;

/**
What a server's own log says about that server (source/classify/knowledge.ts): its certificate's
plex.direct hash, the public address it found, its machine identifier. The log is the user's own
server's, so these are the user's own.
*/
export function ownServerFact(context: string, rest: string, where: string | (() => string)): ServerFact | undefined {
	const at = (): string => (typeof where === 'string' ? where : where());
	if (context === 'CERT') {
		const m = CERT.exec(rest);
		return m ? {owner: 'own', product: 'plex', plexDirectHash: m[1], evidence: `the server's own certificate in its log, ${at()}`} : undefined;
	}
	if (rest.includes('Got public IP from ')) {
		const m = PUBLIC_IP.exec(rest);
		return m ? {owner: 'own', product: 'plex', hosts: [m[1]!], evidence: `the public address the server found for itself, ${at()}`} : undefined;
	}
	if (rest.includes('shared_sources/owned?')) {
		const m = OWNED.exec(rest);
		return m ? {owner: 'own', product: 'plex', machineIdentifier: m[1], evidence: `the server asking plex.tv about its own shares, ${at()}`} : undefined;
	}
	return undefined;
}

/**
Found in every message that `ownServerFact` takes a fact from (but a `CERT` context's), searched for from
`lastIndex`: one regex pass instead of two `includes`, the second text shortened to where it turns rare.
*/
const FACT_GATE = /Got public IP from |_sources\/owned\?/g;

export function createPmsParser(ctx: ParseContext): PmsLineParser {
	const stats: PmsStats = {lines: 0, parsed: 0, telemetry: 0, noTelemetry: 0, continuation: 0, unparsed: 0, malformed: 0, blank: 0};
	const unparsedLines: number[] = [];
	let offsetMinutes = 0;
	let seenHeader = false;
	let server: DeviceInfo | undefined;
	const inbound = new PendingMap<string, PendingInbound>(MAX_PENDING);
	const outbound = new PendingMap<string, PendingOutbound>(MAX_PENDING);
	let ssdp: PendingOutbound | undefined;
	const groups = new PendingMap<string, PendingGroup>(MAX_PENDING);
	/** Identifiers announced by `MyPlex: Sending Server Info` for the next plex.tv request on a thread. */
	const serverInfo = new Map<string, Identifier[]>();
	/** The last inbound request seen, for header-dump continuation lines. */
	let lastInbound: PendingInbound | undefined;
	/**
	The newest request, kept out of `inbound` until the next one comes: its Completed line nearly always
	follows it closely, and is then joined without building a key or hashing one. It counts against
	MAX_PENDING as if it were in `inbound`, and goes in there, in its turn, when the next request comes.
	*/
	let newest: PendingInbound | undefined;
	let banner: Banner | undefined;
	let lastWasInbound = false;
	const seenSsdp = new Set<string>();

	// Lines of the same second share their date arithmetic (most telemetry lines come in bursts).
	let cachedSecond = '';
	let cachedSecondMs: number | undefined;
	let cachedOffset = 0;
	function timeOf(text: string): number | undefined {
		const secondEnd = 21;
		if (cachedOffset !== offsetMinutes || text.length < secondEnd || !sameSecond(text)) {
			cachedSecond = text.slice(0, secondEnd);
			cachedOffset = offsetMinutes;
			const base = headerTimeMs(`${cachedSecond} `, offsetMinutes);
			cachedSecondMs = base;
		}
		if (cachedSecondMs === undefined) return undefined;
		// Only header lines come here: a `.` after the seconds is followed by three digits (HEADER_RE).
		return text.charCodeAt(secondEnd) === 46 /* . */ ? cachedSecondMs + (text.charCodeAt(22) - 48) * 100 + (text.charCodeAt(23) - 48) * 10 + (text.charCodeAt(24) - 48) : cachedSecondMs;
	}

	/** Does `text` start with `cachedSecond`? (The last digit first, where the seconds change; `startsWith` compares natively.) */
	function sameSecond(text: string): boolean {
		return cachedSecond !== '' && text.charCodeAt(20) === cachedSecond.charCodeAt(20) && text.startsWith(cachedSecond);
	}

	function emitRecord(emit: Emit, record: TelemetryRecord): void {
		emit.record(record);
	}

	// ---- inbound -------------------------------------------------------------------------------
	/** The request id itself (hex digits), else method and target (with a space, so never an id). */
	function inboundKey(reqId: string | undefined, method: string, target: string): string {
		return reqId ? reqId : `${method} ${target}`;
	}

	function emitInbound(emit: Emit, p: PendingInbound, done?: {status: number | undefined; bytes: number | undefined; line: number; timeMs: number | undefined}): void {
		const r = p.request;
		const q = r.target.indexOf('?');
		const path = q === -1 ? r.target : r.target.slice(0, q);
		const identifiers: Identifier[] = [];
		if (r.user) identifiers.push({kind: 'personal', name: 'user', value: r.user});
		let device = p.device;
		if (r.headers.length === 0) {
			// The common case: what the request says depends on its target alone (remembered per target);
			// a target without a query says nothing.
			const ev = q === -1 ? NO_EVIDENCE : targetEvidence.through(r.target, evidenceOfTarget);
			if (ev.identifiers.length > 0) identifiers.push(...ev.identifiers);
			if (ev.device) device = mergeDevice(ev.device, p.device);
		} else {
			const pairs = MAY_IDENTIFY.test(r.target) ? [...targetPairs(r.target), ...r.headers] : r.headers;
			const ev = requestEvidence(pairs);
			identifiers.push(...ev.identifiers, ...extraIdentifiers(pairs, ev.identifiers));
			device = mergeDevice(ev.device, p.device);
		}
		if (p.extra.length > 0) identifiers.push(...p.extra);
		if (r.app) device = mergeDevice(device, {product: r.app});
		const record: RequestRecord = {
			kind: 'request',
			source: 'pms',
			origin: {file: ctx.file, line: p.line},
			identifiers,
			method: r.method,
			url: `${r.tls ? 'https' : 'http'}://${OWN_SERVER}:${PMS_PORT}${r.target}`,
			host: OWN_SERVER,
			port: PMS_PORT,
			path,
			direction: 'inbound',
		};
		if (r.ip) record.client = r.ip;
		const time = p.timeMs ?? done?.timeMs;
		if (validTime(time)) record.timeMs = time;
		if (device) record.device = device;
		if (done?.status !== undefined) record.status = done.status;
		if (done?.bytes !== undefined) record.bytesReceived = done.bytes;
		emitRecord(emit, record);
		// A transcoder start names the resolution, bitrate and protocol the client asked for.
		const asked = path.includes('/transcode/universal/start') ? transcodeRequestFacts(path, targetPairs(r.target)) : undefined;
		if (asked) {
			const playback: PlaybackRecord = {kind: 'playback', source: 'pms', origin: record.origin, identifiers: [], evidence: 'PMS transcode request (what the client asked for)', ...asked};
			if (record.timeMs !== undefined) playback.timeMs = record.timeMs;
			if (r.user) playback.user = r.user;
			if (device) playback.device = device;
			emitRecord(emit, playback);
		}
	}

	/** Does `p` wait under the key of (`reqId`, `method`, `target`)? (`inboundKey` without building it.) */
	function sameKey(p: PendingInbound, reqId: string | undefined, method: string, target: string): boolean {
		const r = p.request;
		return r.reqId ? reqId === r.reqId : !reqId && method === r.method && target === r.target;
	}

	/** Take out the request waiting under the key of (`reqId`, `method`, `target`). */
	function takeInbound(reqId: string | undefined, method: string, target: string): PendingInbound | undefined {
		if (newest && sameKey(newest, reqId, method, target)) {
			const p = newest;
			newest = undefined;
			return p;
		}
		return inbound.size > 0 ? inbound.take(inboundKey(reqId, method, target)) : undefined;
	}

	function onInboundRequest(emit: Emit, request: InboundRequest, line: number, timeMs: number | undefined): void {
		const pending: PendingInbound = {line, timeMs, request, extra: [], device: undefined};
		// `PendingMap.put` with the newest request beside the map: the one waiting under the same key
		// goes out, then the oldest when MAX_PENDING wait.
		const same = takeInbound(request.reqId, request.method, request.target);
		if (same) emitInbound(emit, same);
		if (newest) inbound.set(inboundKey(newest.request.reqId, newest.request.method, newest.request.target), newest);
		const oldest = inbound.makeRoom();
		if (oldest) emitInbound(emit, oldest);
		newest = pending;
		lastInbound = pending;
	}

	function onInboundCompleted(emit: Emit, e: Extract<PmsEvent, {type: 'inbound-completed'}>, line: number, text: string): void {
		const pending = takeInbound(e.reqId, e.method, e.target);
		if (pending) {
			// The record has the Request line's time; this line's is read only when that one had none.
			emitInbound(emit, pending, {status: e.status, bytes: e.bytes, line, timeMs: pending.timeMs === undefined ? timeOf(text) : undefined});
			return;
		}
		const timeMs = timeOf(text);
		// The request predates the log (or its line was lost): the Completed line alone is the record.
		const alone: PendingInbound = {
			line,
			timeMs,
			request: {ip: e.ip ?? '', port: e.port ?? 0, network: undefined, method: e.method, target: e.target, reqId: e.reqId, tls: e.tls, user: undefined, app: undefined, headers: []},
			extra: [],
			device: undefined,
		};
		emitInbound(emit, alone, {status: e.status, bytes: e.bytes, line, timeMs});
	}

	// ---- outbound ------------------------------------------------------------------------------
	function emitOutbound(emit: Emit, p: PendingOutbound, status?: number, responseMethod?: string): void {
		const parts = outboundFacts.through(p.url, outboundFactsOf);
		const record: RequestRecord = {
			kind: 'request',
			source: 'pms',
			origin: {file: ctx.file, line: p.line},
			identifiers: [...parts.identifiers, ...p.extra],
			url: p.url,
			host: parts.host,
			path: parts.path,
			direction: 'outbound',
		};
		const method = p.method ?? responseMethod;
		if (method) record.method = method;
		if (parts.port !== undefined) record.port = parts.port;
		if (status !== undefined) record.status = status;
		const time = p.timeMs;
		if (validTime(time)) record.timeMs = time;
		if (p.server) record.device = p.server;
		emitRecord(emit, record);
	}

	/** The HTTP client id itself (hex digits), else method and URL (with a space, so never an id). */
	function outboundKey(hcl: string | undefined, method: string | undefined, url: string): string {
		return hcl ? hcl : `${method ?? ''} ${url}`;
	}

	function takeOutbound(hcl: string | undefined, method: string, url: string): PendingOutbound | undefined {
		if (hcl) return outbound.take(hcl);
		// A request line without a method waits under ` <url>`.
		return outbound.take(`${method} ${url}`) ?? outbound.take(` ${url}`);
	}

	function onOutboundRequest(emit: Emit, method: string | undefined, url: string, hcl: string | undefined, thread: string, line: number, timeMs: number | undefined): void {
		const extra: Identifier[] = [];
		const info = serverInfo.get(thread);
		if (info && /^https?:\/\/plex\.tv[/:?]/i.test(url)) {
			extra.push(...info);
			serverInfo.delete(thread);
		}
		outbound.put(outboundKey(hcl, method, url), {line, timeMs, method, url, extra, server}, (old) => emitOutbound(emit, old));
	}

	function onOutboundResult(emit: Emit, hcl: string | undefined, method: string, url: string, status: number | undefined, line: number, timeMs: number | undefined): void {
		const pending = takeOutbound(hcl, method, url);
		if (pending) {
			emitOutbound(emit, pending, status, method);
			return;
		}
		if (ssdp && ssdp.url === url) {
			const held = ssdp;
			ssdp = undefined;
			emitOutbound(emit, held, status, method);
			return;
		}
		emitOutbound(emit, {line, timeMs, method, url, extra: [], server}, status);
	}

	function onTimeout(emit: Emit, hcl: string | undefined, status: number): void {
		const pending = hcl ? outbound.take(hcl) : undefined;
		if (pending) {
			emitOutbound(emit, pending, status);
		} else if (ssdp) {
			// SSDP fetches are sequential on the NSB/SSDP thread: the timeout belongs to the held one.
			const held = ssdp;
			ssdp = undefined;
			emitOutbound(emit, held, status);
		}
	}

	function flushSsdp(emit: Emit): void {
		if (ssdp) emitOutbound(emit, ssdp);
		ssdp = undefined;
	}

	// ---- device groups -------------------------------------------------------------------------
	function emitGroup(emit: Emit, g: PendingGroup): void {
		const record: TelemetryRecord = {kind: 'device', source: 'pms', origin: {file: ctx.file, line: g.line}, device: g.device, identifiers: g.identifiers, evidence: g.evidence.join(' + ')};
		const time = g.timeMs;
		if (validTime(time)) record.timeMs = time;
		if (g.user) record.user = g.user;
		emitRecord(emit, record);
	}

	function closeGroup(emit: Emit, thread: string): void {
		const g = groups.get(thread);
		if (g) {
			groups.delete(thread);
			emitGroup(emit, g);
		}
	}

	function onDevice(emit: Emit, e: Extract<PmsEvent, {type: 'device'}>, thread: string, reqId: string | undefined, line: number, timeMs: number | undefined): void {
		let user = e.user;
		if (e.group === 'timeline' && reqId) {
			// The `/:/timeline` request that carried this report: share the user and the client id.
			const req = newest?.request.reqId === reqId ? newest : inbound.get(reqId);
			if (req) {
				user ??= req.request.user;
				req.extra.push(...e.identifiers);
				req.device = mergeDevice(req.device, e.device);
			}
		}
		if (e.group === undefined) {
			if (e.evidence === 'PMS SSDP discovery') {
				// Devices re-announce themselves every few seconds: one record per address and name.
				const key = e.identifiers.map((i) => i.value).join('\u0000');
				if (seenSsdp.has(key)) return;
				if (seenSsdp.size >= MAX_PENDING) seenSsdp.clear();
				seenSsdp.add(key);
			}
			const record: TelemetryRecord = {kind: 'device', source: 'pms', origin: {file: ctx.file, line}, device: e.device, identifiers: e.identifiers, evidence: e.evidence};
			if (validTime(timeMs)) record.timeMs = timeMs;
			if (user) record.user = user;
			emitRecord(emit, record);
			return;
		}
		let g = groups.get(thread);
		if (g && (e.group === 'timeline' || (e.group === 'now-user' && g.user !== undefined))) {
			closeGroup(emit, thread);
			g = undefined;
		}
		if (!g) {
			const oldest = groups.makeRoom();
			if (oldest) emitGroup(emit, oldest);
			g = {line, timeMs, device: {}, user: undefined, identifiers: [], evidence: []};
			groups.set(thread, g);
		}
		g.device = mergeDevice(g.device, e.device) ?? {};
		g.user ??= user;
		for (const id of e.identifiers) if (!g.identifiers.some((x) => x.name === id.name && x.value === id.value)) g.identifiers.push(id);
		if (!g.evidence.includes(e.evidence)) g.evidence.push(e.evidence);
		if (e.group === 'now-profile') closeGroup(emit, thread);
	}

	// ---- playback ------------------------------------------------------------------------------
	function emitPlayback(emit: Emit, facts: PlaybackFacts, identifiers: Identifier[], evidence: string, line: number, timeMs: number | undefined): void {
		const record: PlaybackRecord = {kind: 'playback', source: 'pms', origin: {file: ctx.file, line}, identifiers, evidence};
		for (const [k, v] of Object.entries(facts)) if (v !== undefined) (record as Record<string, unknown>)[k] = v;
		if (validTime(timeMs)) record.timeMs = timeMs;
		emitRecord(emit, record);
	}

	function closeBanner(emit: Emit): void {
		if (!banner) return;
		const b = banner;
		banner = undefined;
		if (b.facts.videoCodec || b.facts.audioCodec) emitPlayback(emit, b.facts, [], 'PMS transcoder input (ffmpeg banner)', b.line, b.timeMs);
	}

	function feedBanner(text: string): boolean {
		if (!banner) return false;
		const m = STREAM_RE.exec(text);
		if (!m) return false;
		const codec = m[2]!.toLowerCase();
		if (m[1] === 'Video' && !banner.facts.videoCodec) {
			banner.facts.videoCodec = codec;
			const size = /, (\d{2,5})x(\d{2,5})(?:[ ,]|$)/.exec(m[3]!);
			if (size) {
				banner.facts.width = Number(size[1]);
				banner.facts.height = Number(size[2]);
			}
		} else if (m[1] === 'Audio' && !banner.facts.audioCodec) banner.facts.audioCodec = codec;
		return true;
	}

	// ---- lines ---------------------------------------------------------------------------------
	function continuation(text: string, lineNo: number): void {
		if (text.trim() === '') {
			stats.blank++;
			return;
		}
		if (!seenHeader || TIMESTAMP_START_RE.test(text) || FOREIGN_LINE_RE.test(text)) {
			stats.unparsed++;
			if (unparsedLines.length < UNPARSED_EXAMPLES) unparsedLines.push(lineNo);
			return;
		}
		stats.continuation++;
		if (feedBanner(text)) return;
		// A verbose request's header dump wrapped onto its own line: ` / Name => value / …`.
		if (lastWasInbound && lastInbound && text.includes(' => ')) {
			for (const part of text.split(' / ')) {
				const arrow = part.indexOf(' => ');
				if (arrow > 0) lastInbound.request.headers.push([part.slice(0, arrow).trim(), part.slice(arrow + 4).trim()]);
			}
		}
	}

	function line(text: string, lineNo: number, emit: Emit): void {
		stats.lines++;
		if (!HEADER_RE.test(text)) {
			continuation(text, lineNo);
			return;
		}
		seenHeader = true;
		stats.parsed++;
		// The thread, the message and its context are found on indexes: most lines are noise, and for them
		// nothing is cut out of the line (the thread and the context's text only for the lines that need them).
		// HEADER_RE matched: `[` follows the timestamp (with or without milliseconds); the thread holds no `]`
		// and the level no space.
		const open = text.charCodeAt(21) === 46 /* . */ ? 26 : 22;
		const close = text.indexOf('] ', open);
		const msgStart = text.indexOf(' ', close + 2) + 3;
		const restStart = contextEnd(text, msgStart);
		let c: MessageContext | undefined;
		lastWasInbound = false;
		if (banner) {
			c = contextAt(text, msgStart, restStart);
			if (!(c.ctx === 'Transcoder' && feedBanner(c.rest))) closeBanner(emit);
		}
		if (groups.size > 0) {
			const thread = text.slice(open + 1, close);
			if (groups.has(thread) && !text.startsWith('[Now] ', restStart)) closeGroup(emit, thread);
		}
		// What ownServerFact reacts to: a context of `CERT` (its last prefix is `[CERT] `), or one of its two
		// texts in the message. The location is only written out for the rare line that states a fact.
		FACT_GATE.lastIndex = restStart;
		if ((restStart - msgStart >= 7 && text.startsWith('[CERT] ', restStart - 7)) || FACT_GATE.test(text)) {
			c ??= contextAt(text, msgStart, restStart);
			const fact = ownServerFact(c.ctx, c.rest, `${ctx.file}:${lineNo}`);
			if (fact) emit.learn?.(fact);
		}
		const rec = recogniseAt(text, restStart);
		if (!rec.hit) {
			if (rec.candidates > 0) {
				stats.malformed++;
				emit.diagnostic(lineDiagnostic(ctx, lineNo, 'pms.line.malformed', `line looks like a PMS telemetry message but its fields do not parse: ${text.slice(restStart, restStart + 120)}`));
			} else stats.noTelemetry++;
			return;
		}
		c ??= contextAt(text, msgStart, restStart);
		const thread = text.slice(open + 1, close);
		const {pattern, match} = rec.hit;
		if (pattern.telemetry) stats.telemetry++;
		else stats.noTelemetry++;
		// A builder that throws has a bug: not caught here (CONTRIBUTING.md, "A parser that throws") — the
		// pipeline reports it as `parser.internal` at this line, and the fuzz tests fail on it.
		let event: PmsEvent = pattern.build(match, c);
		if (event.type === 'none') return;
		boundEvent(event);
		// An event from a long line may wait in a join: hold copies, not views of the line (an address
		// sliced from a 1 MB line keeps the megabyte alive).
		if (text.length > 2 * LIMITS.text) event = ownDeep(event);
		// (A Completed line's time is read only when its record needs it.)
		const timeMs = event.type === 'inbound-completed' ? undefined : timeOf(text);
		switch (event.type) {
			case 'identity':
				if (event.offsetMinutes !== undefined) offsetMinutes = event.offsetMinutes;
				server = {product: 'Plex Media Server', version: event.version, ...(event.build ? {platform: event.build} : {})};
				return;
			case 'inbound-request':
				onInboundRequest(emit, event.request, lineNo, timeMs);
				lastWasInbound = true;
				return;
			case 'inbound-completed':
				onInboundCompleted(emit, event, lineNo, text);
				return;
			case 'outbound-request':
				onOutboundRequest(emit, event.method, event.url, c.hcl, thread, lineNo, timeMs);
				return;
			case 'outbound-response':
				onOutboundResult(emit, c.hcl, event.method, event.url, event.status, lineNo, timeMs);
				return;
			case 'outbound-error':
				onOutboundResult(emit, c.hcl, event.method, event.url, undefined, lineNo, timeMs);
				return;
			case 'outbound-timeout':
				onTimeout(emit, c.hcl, event.status);
				return;
			case 'ssdp-fetch':
				flushSsdp(emit);
				ssdp = {line: lineNo, timeMs, method: 'GET', url: event.url, extra: [], server};
				return;
			case 'connect': {
				const record: RequestRecord = {kind: 'request', source: 'pms', origin: {file: ctx.file, line: lineNo}, identifiers: [], method: 'CONNECT', url: event.port ? `${event.host}:${event.port}` : event.host, host: event.host.toLowerCase(), path: '/', direction: 'outbound'};
				if (event.port !== undefined) record.port = event.port;
				if (validTime(timeMs)) record.timeMs = timeMs;
				if (server) record.device = server;
				emitRecord(emit, record);
				return;
			}
			case 'server-info':
				if (serverInfo.size >= MAX_PENDING) serverInfo.clear();
				serverInfo.set(thread, event.identifiers);
				return;
			case 'crash-upload': {
				const parts = splitUrl(event.url);
				const record: RequestRecord = {kind: 'request', source: 'pms', origin: {file: ctx.file, line: lineNo}, identifiers: event.identifiers, method: 'POST', url: event.url, host: parts.host || event.url, path: parts.path || '/', direction: 'outbound', fields: event.fields};
				if (parts.port !== undefined) record.port = parts.port;
				if (validTime(timeMs)) record.timeMs = timeMs;
				const device = mergeDevice(event.device, server);
				if (device) record.device = device;
				emitRecord(emit, record);
				return;
			}
			case 'device':
				onDevice(emit, event, thread, c.reqId, lineNo, timeMs);
				return;
			case 'playback':
				emitPlayback(emit, event.facts, event.identifiers, event.evidence, lineNo, timeMs);
				return;
			case 'transcoder-input':
				banner = {line: lineNo, timeMs, facts: event.container ? {container: event.container} : {}};
				return;
		}
	}

	function end(emit: Emit): void {
		closeBanner(emit);
		flushSsdp(emit);
		for (const g of groups.values()) emitGroup(emit, g);
		groups.clear();
		const pendingIn = [...inbound.values()];
		if (newest) pendingIn.push(newest);
		newest = undefined;
		inbound.clear();
		const pendingOut = [...outbound.values()];
		outbound.clear();
		for (const p of pendingIn) emitInbound(emit, p);
		for (const p of pendingOut) emitOutbound(emit, p);
		if (stats.unparsed > 0) {
			const where = unparsedLines.join(', ') + (stats.unparsed > unparsedLines.length ? ', …' : '');
			emit.diagnostic({
				severity: 'warning',
				code: 'pms.lines.unparsed',
				message: `${stats.unparsed.toLocaleString('en-US')} of ${stats.lines.toLocaleString('en-US')} lines are not PMS log lines (no timestamp header and not a continuation), e.g. line ${where}; ${stats.noTelemetry.toLocaleString('en-US')} parsed lines carry no telemetry`,
				origin: {file: ctx.file, line: unparsedLines[0] ?? 1},
			});
		}
	}

	return {
		get stats() {
			return stats;
		},
		line,
		end,
	};
}

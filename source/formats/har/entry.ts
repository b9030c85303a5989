/**
One HAR entry → a `request` record, plus `playback` records when the entry carries playback evidence
(PMS session/metadata responses, Plex analytics events, Jellyfin/Emby `/Sessions`).

Tolerates what exporters really write (formats.md §5.2): missing or null fields, -1 sizes, `content {}`,
status 0 (no response: the record has no `status`), entries without `response`, lower-case header names
(HTTP/2), websockets (`_webSocketMessages`: message sizes counted, data not kept), bodies the scanner
dropped because they were too long (their length still counts), cache hits (Chrome `_fromCache`, Safari
`_fetchType: Memory Cache`: the record stays, with 0 bytes each way).
*/
import type {DeviceInfo, Identifier, PlaybackRecord, RequestRecord, TelemetryRecord} from '../../model/records.js';
import {clientEvidence, mergeDevice} from '../common/client-params.js';
import {splitUrl} from '../common/url.js';
import {transcodeRequestFacts} from '../common/transcode-request.js';
import {CarriedValues} from '../common/carried.js';
import {isIpAddress, isLocalName, isPrivateAddress, plexDirect} from '../../model/hosts.js';
import {isSecretParam} from '../../privacy/redact.js';
import {droppedStringLength} from '../json/array-scanner.js';
import {analyticsEvidence, isAnalyticsRequest} from './analytics.js';
import {isSessionsPath, jellyfinPlayback} from './jellyfin.js';
import {pmsEndpoint, pmsPlayback, type PlaybackBase} from './pms.js';
import {serverFacts} from './servers.js';
import type {ServerFact} from '../../model/hosts.js';
import {asList, asObject, asString, knownSize, utf8Length} from './values.js';

export type EntryProblem = {severity: 'error' | 'warning' | 'info'; code: string; message: string};

export type EntryResult = {
	records: TelemetryRecord[];
	problems: EntryProblem[];
	/** Bodies the scanner dropped (too long to read) and their total length in bytes. */
	dropped: {count: number; bytes: number};
	/** What the entry shows about whose servers are whose (plex.tv server list, /identity, /web). */
	facts: ServerFact[];
};

/** A body as the entry holds it: decoded text, or only the length of a dropped one. */
type Body = {text: string | undefined; droppedBytes: number | undefined; mimeType: string | undefined};

/** Nested URLs in these parameters are decoded and searched again (PMS `/photo/:/transcode?url=`). */
const NESTED_URL_PARAMS = new Set(['url', 'uri', 'redirect', 'redirect_uri', 'return_to', 'returnto']);

/** HTTP/2 header names are lower case; show the usual spelling for the ones we report. */
function headerName(name: string): string {
	if (name !== name.toLowerCase()) return name;
	if (!name.startsWith('x-') && name !== 'authorization' && name !== 'cookie' && name !== 'proxy-authorization') return name;
	return name.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}

/** `startedDateTime` → ISO UTC. Charles and Firefox write local offsets; a missing zone is taken as UTC. */
export function isoTime(value: unknown): string | undefined {
	const s = asString(value);
	if (!s || s.length > 64) return undefined;
	const zoned = /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(s) || !/^\d{4}-\d\d-\d\dT\d/.test(s) ? s : `${s}Z`;
	const ms = Date.parse(zoned);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function pairsOf(list: unknown): Array<[string, string]> {
	const out: Array<[string, string]> = [];
	for (const item of asList(list)) {
		const o = asObject(item);
		const name = typeof o?.['name'] === 'string' ? o['name'] : undefined;
		if (!name) continue;
		const value = o?.['value'];
		out.push([name, typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)]);
	}
	return out;
}

/** `target.push(...items)` without spreading: a page can send 100,000+ parameters, more than a call takes arguments. */
function append<T>(target: T[], items: readonly T[]): void {
	for (const item of items) target.push(item);
}

/** Query pairs, plus the pairs of URLs nested in `url=`-like parameters (decoded once more each level). */
function queryPairs(query: Array<[string, string]>, depth = 0): Array<[string, string]> {
	const out = [...query];
	if (depth >= 3) return out;
	for (const [name, value] of query) {
		if (!NESTED_URL_PARAMS.has(name.toLowerCase()) || !value.includes('?')) continue;
		append(out, queryPairs(splitUrl(value).query, depth + 1));
	}
	return out;
}

function body(textValue: unknown, encoding: unknown, mimeType: unknown): Body {
	const mime = asString(mimeType);
	if (typeof textValue !== 'string' || textValue === '') return {text: undefined, droppedBytes: undefined, mimeType: mime};
	const dropped = droppedStringLength(textValue);
	const base64 = encoding === 'base64';
	if (dropped !== undefined) return {text: undefined, droppedBytes: base64 ? Math.floor((dropped * 3) / 4) : dropped, mimeType: mime};
	if (!base64) return {text: textValue, droppedBytes: undefined, mimeType: mime};
	try {
		return {text: Buffer.from(textValue, 'base64').toString('utf8'), droppedBytes: undefined, mimeType: mime};
	} catch {
		return {text: undefined, droppedBytes: undefined, mimeType: mime};
	}
}

function parseJson(text: string | undefined): unknown {
	if (!text) return undefined;
	const t = text.trimStart();
	if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
	try {
		return JSON.parse(t);
	} catch {
		return undefined;
	}
}

const idKey = (id: Identifier): string => `${id.name}\u0000${id.value}`;

/** Secret-named fields anywhere in a JSON body (`authToken`, `password`, `api_key`…). */
function secretFields(value: unknown, out: Identifier[], budget: {n: number}, depth = 0): void {
	if (depth > 10 || budget.n <= 0) return;
	budget.n--;
	if (Array.isArray(value)) {
		for (const v of value) secretFields(v, out, budget, depth + 1);
		return;
	}
	const o = asObject(value);
	if (!o) return;
	for (const [k, v] of Object.entries(o)) {
		if ((typeof v === 'string' && v !== '') || typeof v === 'number') {
			if (isSecretParam(k, String(v))) out.push({kind: 'secret', name: k, value: String(v)});
		} else secretFields(v, out, budget, depth + 1);
	}
}

/** Cookies as `name=value` secrets named `Cookie`: from `cookies[]`, or from the Cookie header when that is empty. */
function cookieIdentifiers(cookies: Array<[string, string]>, headers: Array<[string, string]>): Identifier[] {
	let pairs = cookies.map(([n, v]) => `${n}=${v}`);
	if (pairs.length === 0) {
		for (const [name, value] of headers) {
			if (name.toLowerCase() !== 'cookie') continue;
			for (const part of value.split(';')) {
				const p = part.trim();
				if (p) pairs.push(p);
			}
		}
	}
	pairs = [...new Set(pairs)];
	return pairs.map((value) => ({kind: 'secret', name: 'Cookie', value}));
}

/**
`inbound` when the request stays on the user's network (a private address or a local name),
`outbound` otherwise. A port proves nothing (anyone can listen on 32400) and a `*.plex.direct` name may
be a friend's server, so both are left undecided here; the classifier's party says whose they are.
*/
export function direction(host: string): RequestRecord['direction'] {
	if (host === '') return undefined;
	if (isPrivateAddress(host) || isLocalName(host)) return 'inbound';
	if (plexDirect(host)) return undefined;
	return 'outbound';
}

function mimeOf(value: string | undefined): string | undefined {
	if (!value) return undefined;
	const m = value.split(';')[0]!.trim().toLowerCase();
	return m === '' || m === 'x-unknown' ? undefined : m;
}

/** Sum of websocket message sizes by direction; the data itself is not kept. */
function webSocketBytes(messages: unknown): {sent: number; received: number; count: number} {
	let sent = 0;
	let received = 0;
	let count = 0;
	for (const m of asList(messages)) {
		const o = asObject(m);
		if (!o) continue;
		count++;
		const data = o['data'];
		const dropped = droppedStringLength(data);
		let size = dropped ?? (typeof data === 'string' ? utf8Length(data) : 0);
		if (o['opcode'] === 2 && typeof data === 'string' && dropped === undefined) size = Math.floor((data.length * 3) / 4);
		if (o['type'] === 'send') sent += size;
		else received += size;
	}
	return {sent, received, count};
}

/** Convert one entry. Never throws on odd shapes; returns problems instead. */
export function entryRecords(entry: unknown, index: number, file: string): EntryResult {
	const result: EntryResult = {records: [], problems: [], dropped: {count: 0, bytes: 0}, facts: []};
	const e = asObject(entry);
	const req = asObject(e?.['request']);
	const url = asString(req?.['url']);
	if (!e || !req || !url) {
		result.problems.push({severity: 'warning', code: 'har.entry.no-request', message: !e ? 'entry is not an object' : 'entry has no request URL'});
		return result;
	}
	const res = asObject(e['response']);
	const origin = {file, entry: index};
	const time = isoTime(e['startedDateTime']);
	const method = asString(req['method']);
	const parts = splitUrl(url);
	const headers = pairsOf(req['headers']);
	let host = parts.host;
	if (!host) {
		const hostHeader = headers.find(([n]) => n.toLowerCase() === 'host' || n === ':authority')?.[1];
		if (hostHeader) host = splitUrl(`http://${hostHeader}`).host;
	}

	// Identifiers: headers and query parameters (also nested in url=), form fields, JSON body secrets, cookies.
	const postData = asObject(req['postData']);
	const reqBody = body(postData?.['text'], postData?.['encoding'], postData?.['mimeType']);
	const pairs: Array<[string, string]> = [];
	for (const [name, value] of headers) if (name.toLowerCase() !== 'cookie') pairs.push([headerName(name), value]);
	append(pairs, queryPairs(parts.query));
	append(pairs, pairsOf(postData?.['params']));
	if (reqBody.text && mimeOf(reqBody.mimeType) === 'application/x-www-form-urlencoded') append(pairs, splitUrl(`?${reqBody.text}`).query);
	const evidence = clientEvidence(pairs);
	const identifiers: Identifier[] = [...evidence.identifiers];
	// Identifiers by name and value, so that adding body secrets and analytics ids is linear (it was
	// secrets × identifiers: 200 k identifier headers and 5 k token fields took 13.8 s).
	const seenIds = new Set(identifiers.map(idKey));
	const addId = (id: Identifier): void => {
		const key = idKey(id);
		if (seenIds.has(key)) return;
		seenIds.add(key);
		identifiers.push(id);
	};
	let device: DeviceInfo | undefined = evidence.device;
	const reqJson = parseJson(reqBody.text);
	if (reqJson !== undefined) {
		const secrets: Identifier[] = [];
		secretFields(reqJson, secrets, {n: 10_000});
		for (const s of secrets) addId(s);
	}
	const harCookies = pairsOf(req['cookies']);
	for (const c of cookieIdentifiers(harCookies, headers)) {
		identifiers.push(c);
		seenIds.add(idKey(c));
	}
	// What else the request carried, for the identifier ledger (fingerprinted, never kept).
	let carried: CarriedValues | undefined;
	if (direction(host) !== 'inbound') {
		carried = new CarriedValues();
		carried.headers(headers);
		if (harCookies.length > 0) carried.cookies(harCookies);
		else for (const [name, value] of headers) if (name.toLowerCase() === 'cookie') carried.cookieHeader(value);
		carried.pairs('form', pairsOf(postData?.['params']));
		if (reqJson !== undefined) carried.json(reqJson);
		else if (reqBody.text && mimeOf(reqBody.mimeType) === 'application/x-www-form-urlencoded') carried.pairs('form', splitUrl(`?${reqBody.text}`).query);
		else if (reqBody.text) carried.text(reqBody.text);
	}

	// Sizes (formats.md §5.2): _transferSize > headers+body > content.size; negative is unknown.
	const content = asObject(res?.['content']);
	const resBody = body(content?.['text'], content?.['encoding'], content?.['mimeType']);
	for (const b of [reqBody, resBody]) {
		if (b.droppedBytes !== undefined) {
			result.dropped.count++;
			result.dropped.bytes += b.droppedBytes;
		}
	}
	const reqHeaders = knownSize(req['headersSize']);
	const reqBodySize = knownSize(req['bodySize']);
	let bytesSent: number | undefined;
	if (reqHeaders !== undefined && reqBodySize !== undefined) bytesSent = reqHeaders + reqBodySize;
	else if (reqBodySize !== undefined && reqBodySize > 0) bytesSent = reqBodySize;
	else if (reqBody.text !== undefined) bytesSent = utf8Length(reqBody.text);
	else if (reqBody.droppedBytes !== undefined) bytesSent = reqBody.droppedBytes;
	const resHeaders = knownSize(res?.['headersSize']);
	const resBodySize = knownSize(res?.['bodySize']);
	let bytesReceived = knownSize(res?.['_transferSize']);
	if (bytesReceived === undefined && resHeaders !== undefined && resBodySize !== undefined) bytesReceived = resHeaders + resBodySize;
	if (bytesReceived === undefined && resBodySize !== undefined && resBodySize > 0) bytesReceived = resBodySize;
	bytesReceived ??= knownSize(content?.['size']) ?? resBody.droppedBytes;
	const ws = e['_webSocketMessages'];
	if (Array.isArray(ws)) {
		const w = webSocketBytes(ws);
		bytesSent = (bytesSent ?? 0) + w.sent;
		bytesReceived = (bytesReceived ?? 0) + w.received;
	}

	// Served from the browser cache (Chrome `_fromCache`, Safari `_fetchType`): nothing went over the wire.
	const fetchType = asString(e['_fetchType']);
	if (asString(e['_fromCache']) || fetchType === 'Memory Cache' || fetchType === 'Disk Cache') {
		bytesSent = 0;
		bytesReceived = 0;
	}

	const status = knownSize(res?.['status']);
	const record: RequestRecord = {
		kind: 'request',
		source: 'har',
		origin,
		identifiers,
		url,
		host,
		path: parts.path,
	};
	if (time) record.time = time;
	if (method) record.method = method;
	if (parts.port !== undefined) record.port = parts.port;
	if (carried && carried.values.length > 0) record.carried = carried.values;
	if (status !== undefined && status > 0) record.status = Math.round(status);
	if (bytesSent !== undefined) record.bytesSent = bytesSent;
	if (bytesReceived !== undefined) record.bytesReceived = bytesReceived;
	// Chrome writes `[2001:db8::1]` for IPv6; an empty string when the response came from a cache.
	const server = asString(e['serverIPAddress'])?.replace(/^\[|\]$/g, '');
	if (server && /^[0-9a-f.:]{2,64}$/i.test(server) && isIpAddress(server)) record.serverAddress = server;
	const mime = mimeOf(resBody.mimeType);
	if (mime) record.mimeType = mime;
	const dir = direction(host);
	if (dir) record.direction = dir;

	const base: PlaybackBase = {source: 'har', origin, ...(time ? {time} : {})};
	const playback: PlaybackRecord[] = [];
	if (isAnalyticsRequest(host, parts.path) && reqJson !== undefined) {
		const a = analyticsEvidence(reqJson, base);
		if (a.events.length > 0) record.event = a.events.join(', ');
		if (a.fields.length > 0) record.fields = a.fields;
		for (const id of a.identifiers) addId(id);
		device = mergeDevice(device, a.device);
		playback.push(...a.playback);
	} else if (isAnalyticsRequest(host, parts.path) && reqBody.droppedBytes !== undefined) {
		result.problems.push({severity: 'warning', code: 'har.body.too-long', message: `analytics body of ${reqBody.droppedBytes} bytes was too long to read`});
	}
	const endpoint = pmsEndpoint(parts.path);
	if (endpoint && status !== undefined && status < 300) {
		if (resBody.text) playback.push(...pmsPlayback(endpoint, resBody.text, base));
		else if (resBody.droppedBytes !== undefined) result.problems.push({severity: 'warning', code: 'har.body.too-long', message: `${endpoint} response of ${resBody.droppedBytes} bytes was too long to read; its playback evidence is missing`});
	} else if (isSessionsPath(parts.path) && resBody.text) {
		playback.push(...jellyfinPlayback(parseJson(resBody.text), base));
	}
	const asked = parts.path.includes('/transcode/universal/start') ? transcodeRequestFacts(parts.path, parts.query) : undefined;
	if (device) record.device = device;
	if (asked) playback.push({kind: 'playback', ...base, identifiers: [], evidence: 'PMS transcode request (what the client asked for)', ...asked, ...(device ? {device} : {})});
	append(result.facts, serverFacts(host, method, parts.path, status, resBody.text, mime, `${file} entry #${index}`));
	result.records.push(record, ...playback);
	return result;
}

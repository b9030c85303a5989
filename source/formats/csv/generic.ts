/**
Generic CSV/TSV with a header row (`--type csv`): exports from proxies, firewalls, DNS filters,
spreadsheets. Column names are matched to record fields by common aliases (case, spaces, underscores,
dashes and dots ignored: `Client IP`, `client_ip`, `clientIp` are one name); `--map column=field`
(arriving as `ctx.options.map`) overrides or adds mappings, and `ignore` drops a column.

A row gives a `request` record when the header has a host or URL column, and a `playback` record when
it has media columns (container, codecs, resolution, size, bitrate, decision); both when it has both.
Device columns (platform, product, device, device name) attach to whichever records the row gives.
Times: epoch seconds or milliseconds, or ISO-like dates (no offset means UTC). The delimiter (comma,
tab, semicolon) is detected from the header.
*/
import type {DeviceInfo, Identifier, Origin, PlaybackRecord, RequestRecord} from '../../model/records.js';
import {normalizeResolution} from '../../model/records.js';
import type {ByteFormat, Emit, ParseContext} from '../types.js';
import {clientEvidence, mergeDevice} from '../common/client-params.js';
import {splitUrl} from '../common/url.js';
import {csvByteParser} from './parser.js';
import type {Reporter} from './report.js';
import {detectDelimiter, splitCsvLine} from './stream.js';
import {readDecision, readNonNegative, readPositiveInt, readResolution, readText, readTime, type Read} from './values.js';

const NAME = 'csv';

/** The fields a column can be mapped to with `--map column=field`. `ignore` drops the column. */
export const GENERIC_CSV_FIELDS = [
	'host', 'url', 'path', 'port', 'client', 'time', 'method', 'status', 'bytesReceived', 'bytesSent', 'mimeType', 'userAgent',
	'container', 'videoCodec', 'audioCodec', 'resolution', 'width', 'height', 'bitrate', 'decision',
	'platform', 'product', 'device', 'deviceName', 'user', 'title', 'mediaType', 'ignore',
] as const;
export type GenericCsvField = (typeof GENERIC_CSV_FIELDS)[number];

/**
Column-name aliases per field, normalised (lower case, letters and digits only), best first: when two
columns match one field, the one with the earlier alias wins. `bytes_sent` is deliberately absent: nginx
means "sent to the client", others mean "sent by the client"; map it explicitly.
*/
export const COLUMN_ALIASES: Readonly<Record<Exclude<GenericCsvField, 'ignore'>, readonly string[]>> = {
	host: ['host', 'hostname', 'domain', 'server', 'servername', 'sni', 'desthost', 'dsthost', 'destinationhost', 'destination'],
	url: ['url', 'uri', 'requesturl', 'requesturi', 'request', 'fullurl'],
	path: ['path', 'requestpath', 'urlpath'],
	port: ['port', 'destport', 'dstport', 'destinationport', 'serverport'],
	client: ['client', 'clientip', 'clientaddress', 'clientaddr', 'srcip', 'sourceip', 'sourceaddress', 'src', 'source', 'remoteaddr', 'remoteip', 'ipaddress', 'ip'],
	time: ['timestamp', 'datetime', 'time', 'date', 'ts', 'eventtime', 'starttime', 'started'],
	method: ['method', 'httpmethod', 'requestmethod', 'verb'],
	status: ['status', 'statuscode', 'httpstatus', 'responsecode', 'responsestatus'],
	bytesReceived: ['bytes', 'size', 'responsebytes', 'responsesize', 'contentlength', 'bytesreceived'],
	bytesSent: ['requestbytes', 'requestsize'],
	mimeType: ['mimetype', 'contenttype', 'mime'],
	userAgent: ['useragent', 'httpuseragent', 'ua'],
	container: ['container', 'mediacontainer'],
	videoCodec: ['videocodec', 'vcodec', 'codec'],
	audioCodec: ['audiocodec', 'acodec'],
	resolution: ['resolution', 'videoresolution', 'res'],
	width: ['width', 'videowidth'],
	height: ['height', 'videoheight'],
	bitrate: ['bitrate', 'bitratekbps', 'kbps'],
	decision: ['decision', 'transcodedecision', 'playmethod', 'playbackmethod'],
	platform: ['platform', 'os'],
	product: ['product', 'clientname', 'app', 'application', 'clientapp'],
	device: ['device', 'devicetype', 'model'],
	deviceName: ['devicename', 'player'],
	user: ['user', 'username', 'account'],
	title: ['title', 'fulltitle', 'itemname', 'mediatitle'],
	mediaType: ['mediatype', 'itemtype'],
};

/** Column name → alias key: lower case, letters and digits only. */
export function normalizeColumn(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

const ALIAS_FIELD = new Map<string, {field: GenericCsvField; rank: number}>();
for (const [field, aliases] of Object.entries(COLUMN_ALIASES)) {
	aliases.forEach((alias, rank) => {
		if (!ALIAS_FIELD.has(alias)) ALIAS_FIELD.set(alias, {field: field as GenericCsvField, rank});
	});
}

function fieldOf(name: string): GenericCsvField | undefined {
	const lower = name.toLowerCase();
	return GENERIC_CSV_FIELDS.find((f) => f.toLowerCase() === lower);
}

/**
Check a `--map` option: returns an error message naming the valid fields when a target is not one of
`GENERIC_CSV_FIELDS` (case-insensitive), else `undefined`.
*/
export function validateColumnMap(map: Readonly<Record<string, string>>): string | undefined {
	for (const [column, field] of Object.entries(map)) {
		if (fieldOf(field) === undefined) return `unknown field "${field}" in --map ${column}=${field}; valid fields: ${GENERIC_CSV_FIELDS.join(', ')}`;
	}
	return undefined;
}

const MEDIA_FIELDS: ReadonlySet<GenericCsvField> = new Set(['container', 'videoCodec', 'audioCodec', 'resolution', 'width', 'height', 'bitrate', 'decision']);

/** Field → column index for a header; `--map` entries (by exact or normalised column name) win. */
export function mapColumns(names: readonly string[], map: Readonly<Record<string, string>> = {}): {columns: Map<GenericCsvField, number>; unknownColumns: string[]} {
	const forced = new Map<number, GenericCsvField>();
	const unknownColumns: string[] = [];
	for (const [column, target] of Object.entries(map)) {
		const field = fieldOf(target);
		if (!field) continue;
		let i = names.indexOf(column);
		if (i < 0) i = names.findIndex((n) => normalizeColumn(n) === normalizeColumn(column));
		if (i < 0) unknownColumns.push(column);
		else forced.set(i, field);
	}
	const columns = new Map<GenericCsvField, number>();
	for (const [i, field] of forced) if (field !== 'ignore' && !columns.has(field)) columns.set(field, i);
	const forcedFields = new Set(columns.keys());
	// Auto-mapped columns: the best-ranked alias wins; a field set by --map is never replaced.
	const rankOf = new Map<GenericCsvField, number>();
	names.forEach((name, i) => {
		if (forced.has(i)) return;
		const hit = ALIAS_FIELD.get(normalizeColumn(name));
		if (!hit || forcedFields.has(hit.field)) return;
		const rank = rankOf.get(hit.field);
		if (rank === undefined || hit.rank < rank) {
			rankOf.set(hit.field, hit.rank);
			columns.set(hit.field, i);
		}
	});
	return {columns, unknownColumns};
}

/** Sniff: a header row whose names are all name-like and at least one is a known column. Low score on purpose. */
export function sniffGenericCsv(head: readonly string[]): number {
	const first = head[0];
	if (first === undefined || first.length > 8192) return 0;
	const c = first.trimStart().charCodeAt(0);
	if (c === 0x7b || c === 0x5b || c === 0x23) return 0; // JSON, Zeek `#fields`
	const names = splitCsvLine(first, detectDelimiter(first)).map((n) => n.trim());
	if (names.length < 2) return 0;
	if (!names.every((n) => n.length > 0 && n.length <= 64 && /^[A-Za-z][A-Za-z0-9 _.()#/%-]*$/.test(n))) return 0;
	return names.some((n) => ALIAS_FIELD.has(normalizeColumn(n))) ? 0.3 : 0;
}

function optionMap(ctx: ParseContext): Record<string, string> {
	const raw = ctx.options?.map;
	if (raw === null || typeof raw !== 'object') return {};
	return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

type Cells = {get(field: GenericCsvField): string | undefined};

function requestRecord(row: Cells, origin: Origin, report: Reporter): RequestRecord | undefined {
	const rawUrl = row.get('url');
	let host = row.get('host')?.toLowerCase();
	let path = row.get('path');
	let url = rawUrl;
	let port: number | undefined;
	// `192.168.1.10:32400` in a host column: split the port off (not IPv6, which has more colons).
	const hostPort = host ? /^([^:\s]+):(\d{1,5})$/.exec(host) : null;
	if (hostPort) {
		host = hostPort[1];
		port = Number(hostPort[2]);
	}
	let query: Array<[string, string]> = [];
	if (rawUrl) {
		// `plex.tv/api/v2/ping`: a URL without a scheme still names its host.
		const bare = !/^[a-z][a-z0-9+.-]*:\/\//i.test(rawUrl) && /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?::\d+)?(?:[/?#]|$)/i.test(rawUrl);
		const parts = splitUrl(bare ? `http://${rawUrl}` : rawUrl);
		query = parts.query;
		if (parts.host) {
			host ??= parts.host;
			if (!bare) port ??= parts.port;
		}
		path ??= parts.path;
		if (!parts.host && host) url = `${hostPort?.[0] ?? host}${rawUrl.startsWith('/') ? '' : '/'}${rawUrl}`;
	}
	if (!host) {
		report.report(origin, 'csv.row.no-host', 'row has no host or absolute URL; no request record', 'info');
		return undefined;
	}
	const authority = hostPort?.[0] ?? host;
	url ??= path ? `${authority}${path.startsWith('/') ? '' : '/'}${path}` : authority;
	// A path column may carry the query string: keep it in the URL, read its parameters, cut it from the path.
	const q = path?.search(/[?#]/) ?? -1;
	if (path !== undefined && q >= 0) {
		if (!rawUrl) query = splitUrl(path).query;
		path = path.slice(0, q);
	}
	const evidence = clientEvidence(query);
	const record: RequestRecord = {kind: 'request', source: NAME, origin, identifiers: evidence.identifiers, url, host, path: path ?? ''};
	if (evidence.device) record.device = evidence.device;
	const portCell = number(row, 'port', readPositiveInt, 'a port', origin, report);
	if (portCell !== undefined || port !== undefined) record.port = portCell ?? port;
	const method = row.get('method');
	if (method) record.method = method.toUpperCase();
	const status = number(row, 'status', readPositiveInt, 'an HTTP status', origin, report);
	if (status !== undefined) record.status = status;
	const received = number(row, 'bytesReceived', readNonNegative, 'a byte count', origin, report);
	if (received !== undefined) record.bytesReceived = received;
	const sent = number(row, 'bytesSent', readNonNegative, 'a byte count', origin, report);
	if (sent !== undefined) record.bytesSent = sent;
	const mime = row.get('mimeType');
	if (mime) record.mimeType = mime;
	const client = row.get('client');
	if (client) {
		record.client = client;
		record.identifiers.push({kind: 'personal', name: 'client', value: client});
	}
	return record;
}

function playbackRecord(row: Cells, origin: Origin, report: Reporter): PlaybackRecord | undefined {
	const record: PlaybackRecord = {kind: 'playback', source: NAME, origin, identifiers: [], evidence: 'CSV columns'};
	const container = row.get('container');
	if (container) record.container = container;
	const videoCodec = row.get('videoCodec');
	if (videoCodec) record.videoCodec = videoCodec;
	const audioCodec = row.get('audioCodec');
	if (audioCodec) record.audioCodec = audioCodec;
	const width = number(row, 'width', readPositiveInt, 'a width in pixels', origin, report);
	const height = number(row, 'height', readPositiveInt, 'a height in pixels', origin, report);
	const res = checked(row, 'resolution', readResolution(row.get('resolution')), 'a resolution', origin, report);
	const w = width ?? res?.width;
	const h = height ?? res?.height;
	if (w) record.width = w;
	if (h) record.height = h;
	const resolution = res?.resolution ?? (w || h ? normalizeResolution({width: w, height: h}) : undefined);
	if (resolution) record.resolution = resolution;
	const bitrate = number(row, 'bitrate', readNonNegative, 'a bitrate (kbps)', origin, report);
	if (bitrate !== undefined) record.bitrateKbps = bitrate;
	const decision = checked(row, 'decision', readDecision(row.get('decision')), 'a playback decision (direct play, copy, transcode)', origin, report);
	if (decision) record.decision = decision;
	if (!(record.container || record.videoCodec || record.audioCodec || record.resolution || record.width || record.height || record.bitrateKbps !== undefined || record.decision)) return undefined;
	const title = row.get('title');
	if (title) record.title = title;
	// `Movie`, `Episode` (Jellyfin) → `movie`, `episode` as Plex and Tautulli write them.
	const mediaType = row.get('mediaType')?.toLowerCase();
	if (mediaType) record.mediaType = mediaType;
	return record;
}

function checked<T>(row: Cells, field: GenericCsvField, value: Read<T>, what: string, origin: Origin, report: Reporter): T | undefined {
	if (value === null) {
		report.report(origin, 'csv.row.bad-value', `${field} is not ${what}: ${JSON.stringify((row.get(field) ?? '').slice(0, 60))}`);
		return undefined;
	}
	return value;
}

function number(row: Cells, field: GenericCsvField, read: (v: unknown) => Read<number>, what: string, origin: Origin, report: Reporter): number | undefined {
	return checked(row, field, read(row.get(field)), what, origin, report);
}

/** What a row says about the device and the person, shared by its records. */
function deviceAndPeople(row: Cells): {device: DeviceInfo | undefined; identifiers: Identifier[]; user: string | undefined} {
	const device: DeviceInfo = {};
	const identifiers: Identifier[] = [];
	for (const [field, key] of [['platform', 'platform'], ['product', 'product'], ['device', 'device']] as const) {
		const value = row.get(field);
		if (value) {
			device[key] = value;
			identifiers.push({kind: 'device', name: field, value});
		}
	}
	const name = row.get('deviceName');
	if (name) {
		device.name = name;
		identifiers.push({kind: 'personal', name: 'deviceName', value: name});
	}
	const ua = row.get('userAgent');
	if (ua) identifiers.push({kind: 'device', name: 'User-Agent', value: ua});
	const user = row.get('user');
	if (user) identifiers.push({kind: 'personal', name: 'user', value: user});
	return {device: Object.keys(device).length > 0 ? device : undefined, identifiers, user};
}

export const genericCsvFormat: ByteFormat = {
	kind: 'bytes',
	name: NAME,
	title: 'CSV/TSV with a header row',
	sniff: sniffGenericCsv,
	samples: [
		'timestamp,client_ip,method,url,status,bytes',
		'Time\tClient\tDomain\tStatus',
		'date;device;platform;container;video_codec;resolution;bitrate',
	],
	create(ctx: ParseContext) {
		const map = optionMap(ctx);
		let columns = new Map<GenericCsvField, number>();
		let requests = false;
		let media = false;
		let cells: string[] = [];
		const row: Cells = {
			get(field) {
				const i = columns.get(field);
				return i === undefined ? undefined : readText(cells[i]);
			},
		};
		return csvByteParser(ctx, {
			header(names, origin, report) {
				const invalid = validateColumnMap(map);
				if (invalid) report.report(origin, 'csv.map.invalid', invalid, 'error');
				const mapped = mapColumns(names, map);
				columns = mapped.columns;
				for (const column of mapped.unknownColumns) report.report(origin, 'csv.map.unknown-column', `--map names column "${column}", which the header does not have`, 'error');
				requests = columns.has('host') || columns.has('url');
				media = [...columns.keys()].some((f) => MEDIA_FIELDS.has(f));
				if (!requests && !media) {
					report.report(origin, 'csv.columns.none', `no host/url column and no media column in the header (${names.slice(0, 12).join(', ')}); map one with --map column=field (fields: ${GENERIC_CSV_FIELDS.join(', ')})`, 'error');
				}
			},
			row(values, origin, emit: Emit, report) {
				cells = values;
				const time = checked(row, 'time', readTime(row.get('time')), 'a time', origin, report);
				const people = deviceAndPeople(row);
				const finish = <R extends RequestRecord | PlaybackRecord>(record: R): R => {
					if (time) record.time = time;
					const device = mergeDevice(record.device, people.device);
					if (device) record.device = device;
					record.identifiers.push(...people.identifiers);
					return record;
				};
				if (requests) {
					const record = requestRecord(row, origin, report);
					if (record) emit.record(finish(record));
				}
				if (media) {
					const record = playbackRecord(row, origin, report);
					if (record) {
						if (people.user) record.user = people.user;
						emit.record(finish(record));
					}
				}
			},
		});
	},
};

/** Random telemetry records and filter expressions for property tests, and stores built from them. */
import {createHash} from 'node:crypto';
import fc from 'fast-check';
import {createClassifier} from '../../source/classify/classify.js';
import type {DeviceInfo, Identifier, TelemetryRecord} from '../../source/model/records.js';
import {storeRecord} from '../../source/pipeline/ingest.js';
import {RecordStore, type StoreOptions} from '../../source/store/store.js';
import type {Context} from './reference.js';

const classifier = createClassifier();

// ---- random records ----------------------------------------------------------------------------------

const HOSTS = ['crashreport.plexapp.com', 'relay-1.plex.bz', 'plex.tv', 'analytics.plex.tv', 'metrics.plex.tv', 'together.plex.tv', 'www.google-analytics.com', 'cdn.flashtalking.com', 'tracker.example.com', '192.168.1.20', 'this-server', 'sentry.io', 'sonos.plex.tv', 'Metrics.Plex.tv', '1-2-3-4.abcdef0123.plex.direct', 'd1abc.cloudfront.net', 'd2xyz.cloudfront.net'];
const DEVICES: DeviceInfo[] = [
	{product: 'Plex Web', platform: 'Chrome', device: 'Linux', clientId: 'abc123def456'},
	{product: 'Plex for Roku', platform: 'Roku', model: '4800X'},
	{name: 'Living room'},
	{product: 'Jellyfin Web', platform: 'Firefox', vendor: 'Mozilla', screenResolution: '1920x1080'},
];
const IDS: Identifier[] = [
	{kind: 'secret', name: 'X-Plex-Token', value: 'tokentokentoken1'},
	{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'abc123def456'},
	{kind: 'identifier', name: 'uid', value: 'abc123def456'},
	{kind: 'personal', name: 'postalCode', value: '10001'},
	{kind: 'device', name: 'X-Plex-Platform', value: 'Chrome'},
	{kind: 'identifier', name: 'cid', value: '555.666'},
];
const EVENTS = ['playback:itemstart', 'client:view', 'ad:impression', 'library:scan', 'nominatim:reverse'];
const PATHS = [
	'/api/v2/geoip', '/library/sections/1', '/:/timeline', '/collect', '/api/v2/user/webhooks', '/x',
	// Learned identifiers (from IDS) carried under other names and encodings, for the ledger.
	'/p/abc123def456/pixel.gif', '/collect?uid=abc123def456&v=2', `/e?h=${createHash('md5').update('abc123def456').digest('hex').toUpperCase()}`,
	`/e?b=${encodeURIComponent(Buffer.from('abc123def456').toString('base64'))}`, `/geo?zip=${encodeURIComponent(encodeURIComponent('10001'))}`, '/g/collect?cid=555.666',
];
const FIELDS = ['properties.videoCodec', 'context.device.model', 'properties.title', 'postalCode'];

export const recordArb: fc.Arbitrary<TelemetryRecord> = fc.oneof(
	{weight: 6, arbitrary: fc.record({
		host: fc.constantFrom(...HOSTS), port: fc.option(fc.constantFrom(443, 32400, 8096), {nil: undefined}), path: fc.constantFrom(...PATHS),
		method: fc.option(fc.constantFrom('GET', 'POST', 'DNS'), {nil: undefined}), status: fc.option(fc.constantFrom(200, 404, 0), {nil: undefined}),
		event: fc.option(fc.constantFrom(...EVENTS), {nil: undefined}), fields: fc.option(fc.subarray(FIELDS, {minLength: 1}), {nil: undefined}),
		blocked: fc.option(fc.boolean(), {nil: undefined}), client: fc.option(fc.constantFrom('192.168.1.30', '10.0.0.7'), {nil: undefined}),
		bytesSent: fc.option(fc.nat({max: 5000}), {nil: undefined}), bytesReceived: fc.option(fc.constantFrom(0, 17, 5e9), {nil: undefined}),
		device: fc.option(fc.constantFrom(...DEVICES), {nil: undefined}), ids: fc.subarray(IDS), time: fc.option(fc.integer({min: 0, max: 50}), {nil: undefined}),
		line: fc.nat({max: 30}), file: fc.constantFrom('a.log', 'b.har'), server: fc.option(fc.constantFrom('142.250.1.1', '2001:db8::1', '192.168.1.20'), {nil: undefined}),
	}).map((r): TelemetryRecord => ({
		kind: 'request', source: r.file.endsWith('har') ? 'har' : 'pms', origin: r.file.endsWith('har') ? {file: r.file, entry: r.line} : {file: r.file, line: r.line + 1},
		url: `https://${r.host}${r.path}`, host: r.host, path: r.path, identifiers: r.ids,
		...(r.port === undefined ? {} : {port: r.port}), ...(r.method === undefined ? {} : {method: r.method}), ...(r.status === undefined ? {} : {status: r.status}),
		...(r.event === undefined ? {} : {event: r.event}), ...(r.fields === undefined ? {} : {fields: r.fields}), ...(r.blocked === undefined ? {} : {blocked: r.blocked}),
		...(r.client === undefined ? {} : {client: r.client}), ...(r.bytesSent === undefined ? {} : {bytesSent: r.bytesSent}), ...(r.bytesReceived === undefined ? {} : {bytesReceived: r.bytesReceived}),
		...(r.device === undefined ? {} : {device: r.device}), ...(r.time === undefined ? {} : {time: new Date(Date.UTC(2024, 0, 1) + r.time * 61_000).toISOString()}),
		...(r.server === undefined ? {} : {serverAddress: r.server}),
	}))},
	{weight: 2, arbitrary: fc.record({
		container: fc.option(fc.constantFrom('mkv', 'mp4'), {nil: undefined}), videoCodec: fc.option(fc.constantFrom('hevc', 'h264'), {nil: undefined}),
		audioCodec: fc.option(fc.constantFrom('aac', 'eac3'), {nil: undefined}), resolution: fc.option(fc.constantFrom('4K', '1080p', 'SD'), {nil: undefined}),
		decision: fc.option(fc.constantFrom('transcode', 'directplay'), {nil: undefined}), videoDecision: fc.option(fc.constantFrom('transcode', 'copy'), {nil: undefined}),
		host: fc.option(fc.constantFrom(...HOSTS), {nil: undefined}), device: fc.option(fc.constantFrom(...DEVICES), {nil: undefined}), ids: fc.subarray(IDS),
		title: fc.option(fc.constantFrom('Movie', 'Show'), {nil: undefined}), time: fc.option(fc.integer({min: 0, max: 50}), {nil: undefined}),
	}).map((r): TelemetryRecord => ({
		kind: 'playback', source: 'har', origin: {file: 'b.har', entry: 3}, evidence: 'test', identifiers: r.ids,
		...Object.fromEntries(Object.entries(r).filter(([k, v]) => v !== undefined && k !== 'ids' && k !== 'time')),
		...(r.time === undefined ? {} : {time: new Date(Date.UTC(2024, 0, 1) + r.time * 61_000).toISOString()}),
	}) as TelemetryRecord)},
	{weight: 1, arbitrary: fc.record({device: fc.constantFrom(...DEVICES), ids: fc.subarray(IDS)}).map((r): TelemetryRecord => ({kind: 'device', source: 'pms', origin: {file: 'a.log', line: 9}, device: r.device, identifiers: r.ids, evidence: 'seen'}))},
	{weight: 1, arbitrary: fc.record({
		setting: fc.constantFrom(['sendCrashReports', '0'], ['sendCrashReports', '1'], ['plexMetricsUrl', 'https://metrics.plex.tv'], ['plexMetricsUrl', 'http://localhost'], ['FriendlyName', 'Den'], ['RelayEnabled', '0']),
		host: fc.option(fc.constantFrom('metrics.plex.tv', 'sentry.io'), {nil: undefined}), line: fc.nat({max: 9}), ids: fc.subarray(IDS),
	}).map((r): TelemetryRecord => ({kind: 'setting', source: 'plex-preferences', origin: {file: 'Preferences.xml', line: r.line + 1}, product: 'plex', name: r.setting[0]!, value: r.setting[1]!, evidence: `the ${r.setting[0]} setting`, identifiers: r.ids, ...(r.host ? {host: r.host} : {})}))},
);

const termArb = fc.oneof(
	fc.tuple(fc.constantFrom('host', 'domain', 'org', 'party', 'category', 'device', 'product', 'platform', 'kind', 'source', 'file', 'event', 'client', 'method', 'status', 'path', 'container', 'codec', 'resolution', 'decision', 'identifier', 'policy', 'blocked'), fc.constantFrom('plex', 'third', 'vendor', 'first', 'a', 'roku', 'chrome', 'request', 'playback', 'har', '200', 'geoip', 'hevc', '4k', 'transcode', 'token', 'location', 'device', 'content', 'ads', 'true', 'false', 'abc', 'x-plex', 'plex.tv', 'b.har', '192', 'cloudfront.net', 'plex.direct', 'd1abc.cloudfront.net')),
	fc.constantFrom('plex', 'GET', 'playback', 'entry', 'secret').map((w) => [undefined, w] as const),
).chain(([field, value]) => fc.record({negate: fc.boolean(), exact: fc.boolean()}).map(({negate, exact}) => `${negate ? '!' : ''}${field ? `${field}:${exact ? '=' : ''}` : ''}${value}`));
export const filterArb = fc.array(termArb, {maxLength: 3}).map((terms) => terms.join(' '));

/** Raw records beside their finalised twins, per store built here (the ledger's reference needs the raw values). */
const PAIRS = new WeakMap<RecordStore, Array<{raw: TelemetryRecord; final: TelemetryRecord}>>();

/** Record a raw record and its finalised twin for a store filled outside `build`. */
export function pairUp(store: RecordStore, raw: TelemetryRecord, final: TelemetryRecord): void {
	const pairs = PAIRS.get(store) ?? [];
	pairs.push({raw, final});
	PAIRS.set(store, pairs);
}

export function contextOf(store: RecordStore): Context {
	return {
		pairs: PAIRS.get(store) ?? [],
		inputs: store.inputs,
		diagnostics: store.diagnostics,
		counts: store.diagnosticCounts,
		dropped: store.droppedDiagnostics,
	};
}

export function build(raws: readonly TelemetryRecord[], options: StoreOptions = {}): {store: RecordStore; records: TelemetryRecord[]} {
	const store = new RecordStore({spool: true, ...options});
	const records = raws.map((r) => storeRecord(r, store, r.origin.file, {classifier, showSecrets: false}));
	PAIRS.set(store, raws.map((raw, k) => ({raw, final: records[k]!})));
	return {store, records};
}

/**
Store `raws` into `store` in steps — up to each cut (record counts, in any order), then the rest — and
call `check` after each step with the records stored so far: queries that continue while records arrive.
*/
export function storeInSteps(store: RecordStore, raws: readonly TelemetryRecord[], cuts: number[], check: (records: TelemetryRecord[]) => void): void {
	const records: TelemetryRecord[] = [];
	for (const cut of [...cuts.sort((a, b) => a - b), raws.length]) {
		while (records.length < Math.min(cut, raws.length)) {
			const raw = raws[records.length]!;
			const final = storeRecord(raw, store, raw.origin.file, {classifier, showSecrets: false});
			records.push(final);
			pairUp(store, raw, final);
		}
		check(records);
	}
}

/**
The query layer against the plain reference (test/helpers/reference.ts): random record sets × random
filters × every view give identical rows from the columnar store and from brute force over record
objects — also when records arrive between queries and when queries run in time-boxed steps.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import type {DeviceInfo, Identifier, TelemetryRecord} from '../source/model/records.js';
import {finalizeRecord} from '../source/pipeline/finalize.js';
import {RecordStore} from '../source/store/store.js';
import {QueryEngine, type Query} from '../source/views/query.js';
import {VIEWS} from '../source/views/registry.js';
import {isIsoTime, sortIndices, sortRows} from '../source/views/sort.js';
import {defaultSort, type CellValue, type Row} from '../source/views/types.js';
import {referenceRows, sortRows as referenceSort, type Context} from './helpers/reference.js';
import {fillStore, manyRequests, playback, sessionRecords} from './helpers/ui-records.js';

const classifier = createClassifier();

// ---- random records ----------------------------------------------------------------------------------

const HOSTS = ['plex.tv', 'analytics.plex.tv', 'metrics.plex.tv', 'together.plex.tv', 'www.google-analytics.com', 'cdn.flashtalking.com', 'tracker.example.com', '192.168.1.20', 'this-server', 'sentry.io', 'sonos.plex.tv'];
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
const PATHS = ['/api/v2/geoip', '/library/sections/1', '/:/timeline', '/collect', '/api/v2/user/webhooks', '/x'];
const FIELDS = ['properties.videoCodec', 'context.device.model', 'properties.title', 'postalCode'];

const recordArb: fc.Arbitrary<TelemetryRecord> = fc.oneof(
	{weight: 6, arbitrary: fc.record({
		host: fc.constantFrom(...HOSTS), port: fc.option(fc.constantFrom(443, 32400, 8096), {nil: undefined}), path: fc.constantFrom(...PATHS),
		method: fc.option(fc.constantFrom('GET', 'POST', 'DNS'), {nil: undefined}), status: fc.option(fc.constantFrom(200, 404, 0), {nil: undefined}),
		event: fc.option(fc.constantFrom(...EVENTS), {nil: undefined}), fields: fc.option(fc.subarray(FIELDS, {minLength: 1}), {nil: undefined}),
		blocked: fc.option(fc.boolean(), {nil: undefined}), client: fc.option(fc.constantFrom('192.168.1.30', '10.0.0.7'), {nil: undefined}),
		bytesSent: fc.option(fc.nat({max: 5000}), {nil: undefined}), bytesReceived: fc.option(fc.constantFrom(0, 17, 5e9), {nil: undefined}),
		device: fc.option(fc.constantFrom(...DEVICES), {nil: undefined}), ids: fc.subarray(IDS), time: fc.option(fc.integer({min: 0, max: 50}), {nil: undefined}),
		line: fc.nat({max: 30}), file: fc.constantFrom('a.log', 'b.har'),
	}).map((r): TelemetryRecord => ({
		kind: 'request', source: r.file.endsWith('har') ? 'har' : 'pms', origin: r.file.endsWith('har') ? {file: r.file, entry: r.line} : {file: r.file, line: r.line + 1},
		url: `https://${r.host}${r.path}`, host: r.host, path: r.path, identifiers: r.ids,
		...(r.port === undefined ? {} : {port: r.port}), ...(r.method === undefined ? {} : {method: r.method}), ...(r.status === undefined ? {} : {status: r.status}),
		...(r.event === undefined ? {} : {event: r.event}), ...(r.fields === undefined ? {} : {fields: r.fields}), ...(r.blocked === undefined ? {} : {blocked: r.blocked}),
		...(r.client === undefined ? {} : {client: r.client}), ...(r.bytesSent === undefined ? {} : {bytesSent: r.bytesSent}), ...(r.bytesReceived === undefined ? {} : {bytesReceived: r.bytesReceived}),
		...(r.device === undefined ? {} : {device: r.device}), ...(r.time === undefined ? {} : {time: new Date(Date.UTC(2024, 0, 1) + r.time * 61_000).toISOString()}),
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
);

const termArb = fc.oneof(
	fc.tuple(fc.constantFrom('host', 'org', 'party', 'category', 'device', 'product', 'platform', 'kind', 'source', 'file', 'event', 'client', 'method', 'status', 'path', 'container', 'codec', 'resolution', 'decision', 'identifier', 'policy', 'blocked'), fc.constantFrom('plex', 'third', 'vendor', 'first', 'a', 'roku', 'chrome', 'request', 'playback', 'har', '200', 'geoip', 'hevc', '4k', 'transcode', 'token', 'location', 'device', 'content', 'ads', 'true', 'false', 'abc', 'x-plex', 'plex.tv', 'b.har', '192')),
	fc.constantFrom('plex', 'GET', 'playback', 'entry', 'secret').map((w) => [undefined, w] as const),
).chain(([field, value]) => fc.record({negate: fc.boolean(), exact: fc.boolean()}).map(({negate, exact}) => `${negate ? '!' : ''}${field ? `${field}:${exact ? '=' : ''}` : ''}${value}`));
const filterArb = fc.array(termArb, {maxLength: 3}).map((terms) => terms.join(' '));

function contextOf(store: RecordStore): Context {
	return {inputs: store.inputs, diagnostics: store.diagnostics, counts: store.diagnosticCounts, dropped: store.droppedDiagnostics};
}

function build(raws: readonly TelemetryRecord[]): {store: RecordStore; records: TelemetryRecord[]} {
	const store = new RecordStore({spool: true});
	const records = raws.map((r) => finalizeRecord(r, {classifier, showSecrets: false}));
	for (const r of records) store.add(r, r.origin.file);
	return {store, records};
}

const snapshot = (rows: {slice(): Row[]}): Row[] => rows.slice();

describe('the query layer equals the brute-force reference', () => {
	it('random records × random filters × every view (and a random sort)', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {maxLength: 40}), filterArb, fc.nat(), fc.boolean(), (raws, filter, col, descending) => {
				const {store, records} = build(raws);
				const engine = new QueryEngine(store);
				for (const view of VIEWS) {
					expect(snapshot(engine.run({view: view.name, filter}).rows), `${view.name} / ${filter}`).toEqual(referenceRows(records, contextOf(store), view.name, filter));
					const sort = {key: view.columns[col % view.columns.length]!.key, descending};
					expect(snapshot(engine.run({view: view.name, filter, sort}).rows), `${view.name} / ${filter} / ${sort.key}`).toEqual(referenceRows(records, contextOf(store), view.name, filter, sort));
				}
				store.close();
			}),
			{numRuns: 250},
		);
	});

	it('records arriving between queries: each query continues and stays equal', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {minLength: 1, maxLength: 40}), fc.array(fc.nat({max: 40}), {maxLength: 4}), filterArb, fc.nat({max: VIEWS.length - 1}), (raws, cuts, filter, v) => {
				const store = new RecordStore({spool: true});
				const engine = new QueryEngine(store);
				const view = VIEWS[v]!.name;
				const records: TelemetryRecord[] = [];
				for (const cut of [...cuts.sort((a, b) => a - b), raws.length]) {
					while (records.length < Math.min(cut, raws.length)) {
						const r = finalizeRecord(raws[records.length]!, {classifier, showSecrets: false});
						records.push(r);
						store.add(r, r.origin.file);
					}
					expect(snapshot(engine.run({view, filter}).rows)).toEqual(referenceRows(records, contextOf(store), view, filter));
				}
				store.close();
			}),
			{numRuns: 150},
		);
	});

	it('every README-style filter gives the same counts as the reference on a realistic session', () => {
		const {store, records} = build(sessionRecords());
		const engine = new QueryEngine(store);
		for (const filter of ['party:third', '!host:plex.tv', 'host:analytics', 'device:roku', 'kind:playback', 'policy:location', 'policy:device', 'identifier:x-plex', 'plex', '"Plex Web"', 'path:/library', 'category:vendor-analytics !event:itemend']) {
			for (const view of VIEWS) expect(snapshot(engine.run({view: view.name, filter}).rows)).toEqual(referenceRows(records, contextOf(store), view.name, filter));
		}
	});
});

describe('time-boxed steps', () => {
	it('reach the same rows as one unbounded call (budget 0: one step per call)', () => {
		const store = fillStore(new RecordStore({spool: true}), [...sessionRecords(), ...manyRequests(40_000)]);
		const queries: Query[] = [
			{view: 'records', filter: '', sort: {key: 'time', descending: false}},
			{view: 'records', filter: 'party:third', sort: {key: 'summary', descending: true}},
			{view: 'destinations', filter: 'plex', sort: {key: 'requests', descending: true}},
			{view: 'identifiers', filter: '!kind:device', sort: {key: 'count', descending: true}},
		];
		for (const query of queries) {
			const engine = new QueryEngine(store);
			let result = engine.run(query, 0);
			let calls = 1;
			while (result.pending) {
				result = engine.run(query, 0);
				calls++;
			}
			expect(calls, query.filter).toBeGreaterThan(1);
			expect(snapshot(result.rows)).toEqual(snapshot(new QueryEngine(store).run(query).rows));
		}
	});

	it('merges in steps when new records sort before most of the old ones (newest first input)', () => {
		const store = fillStore(new RecordStore({spool: true}), [...manyRequests(40_000)].reverse());
		const query: Query = {view: 'records', filter: '', sort: {key: 'time', descending: false}};
		const engine = new QueryEngine(store);
		let result = engine.run(query, 0);
		let calls = 1;
		while (result.pending) {
			// Rows shown while pending are always a sorted prefix of the final order's records.
			const shown = result.rows.slice(0, 2000).map((r) => r['time'] as string);
			expect([...shown].sort()).toEqual(shown);
			result = engine.run(query, 0);
			calls++;
		}
		expect(calls).toBeGreaterThan(3);
		const times = result.rows.slice().map((r) => r['time'] as string);
		expect(times).toEqual([...times].sort());
		expect(times).toHaveLength(40_000);
	});
});

describe('rows and records', () => {
	it('gives the record behind a records-view row, for the detail', () => {
		const {store} = build(sessionRecords());
		const engine = new QueryEngine(store);
		const rows = engine.run({view: 'records', filter: 'kind:playback'}).rows;
		expect(rows.length).toBe(3);
		expect(store.record(engine.recordIndexOf(rows.at(0))!).kind).toBe('playback');
		expect(rows.at(3)).toBeUndefined();
		expect(rows.at(-1)).toEqual(rows.at(2));
		expect(rows.slice(1)).toHaveLength(2);
	});

	it('keeps the records view right when a record has no host', () => {
		const store = fillStore(new RecordStore({spool: true}), [playback({host: undefined})]);
		const rows = new QueryEngine(store).run({view: 'records', filter: '', sort: {key: 'destination', descending: false}}).rows;
		expect(rows.at(0)?.['destination']).toBe('');
	});

	it('counts records and matches for the status line', () => {
		const {store} = build(sessionRecords());
		const result = new QueryEngine(store).run({view: 'destinations', filter: 'kind:playback'});
		expect(result).toMatchObject({matched: 3, total: 15, filtered: true});
	});
});

describe('sorting', () => {
	// One kind of empty cell per run: the reference compares undefined with '' by input order only.
	const cell = (empty: '' | undefined): fc.Arbitrary<CellValue> =>
		fc.oneof(
			fc.constant(empty),
			fc.integer({min: -5, max: 5}),
			fc.constantFrom('a', 'A', 'b', 'B10', 'b9', 'é', 'e', 'plex.tv', 'Plex.tv', '-x', '_y', '10', '9', '例'),
			fc.date({min: new Date(0), max: new Date(4e12), noInvalidDate: true}).map((d) => d.toISOString()),
		);
	const listCell = fc.array(fc.constantFrom('a', 'b', 'c'), {maxLength: 3});

	it('sortRows gives exactly the order of the plain reference sort', () => {
		const rowsArb = fc.constantFrom('' as const, undefined).chain((empty) => fc.array(fc.record({v: cell(empty), l: listCell, i: fc.nat()}), {maxLength: 60}));
		fc.assert(
			fc.property(rowsArb, fc.boolean(), fc.constantFrom('v', 'l'), (rows, descending, key) => {
				expect(sortRows(rows as unknown as Row[], key, descending)).toEqual(referenceSort(rows as unknown as Row[], key, descending));
			}),
			{numRuns: 300},
		);
	});

	it('sortIndices is stable and offsets indices by the base', () => {
		expect(sortIndices(['b', 'a', 'B', 'a'], 10, false)).toEqual([11, 13, 10, 12]);
		expect(sortIndices(['b', 'a', 'B', 'a'], 0, true)).toEqual([0, 2, 1, 3]);
		expect(sortIndices([3, undefined, 1, ''], 0, true)).toEqual([0, 2, 1, 3]);
		expect(sortIndices(['', undefined, 'a'], 0, false)).toEqual([2, 0, 1]);
		expect(sortIndices(['x', 'y', 'z'], 5, false)).toEqual([5, 6, 7]);
	});

	it.each([
		['2024-05-02T09:49:48.507Z', true],
		['2024-05-02T09:49:48Z', true],
		['2024-05-02T09:49:48.5Z', true],
		['2024-05-02 09:49:48', false],
		['2024-05-02T09:49:48.Z', false],
		['2024-05-02T09:49:48+01:00', false],
		['x024-05-02T09:49:48.507Z', false],
	] as const)('isIsoTime(%s) is %s', (s, expected) => {
		expect(isIsoTime(s)).toBe(expected);
	});

	it('default sorts are the view definitions own', () => {
		for (const view of VIEWS) expect(defaultSort(view).key).toBe(view.sort?.key ?? '');
	});
});

import {describe, expect, it} from 'vitest';
import {normalizeResolution} from '../source/model/records.js';
import {destinationsView, type DestinationRow} from '../source/views/destinations.js';
import {devicesView, type DeviceRow} from '../source/views/media.js';
import {parseFilter} from '../source/views/filter.js';
import {QueryEngine} from '../source/views/query.js';
import {sortRows} from '../source/views/sort.js';
import {allRecords, device, playback, request, storeOf, viewRows} from './helpers/records.js';
import {matchesFilter} from './helpers/reference.js';

const SAMPLE = [
	request('plex.tv', {time: '2024-01-01T10:00:00.000Z', bytesSent: 100, bytesReceived: 1000, identifiers: [{kind: 'secret', name: 'X-Plex-Token', value: 'tok123456789'}, {kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'client-abc-123'}], device: {product: 'Plex Web', platform: 'Chrome', device: 'Linux'}}),
	request('plex.tv', {time: '2024-01-01T09:00:00.000Z', bytesSent: 50, device: {product: 'Plex Web', platform: 'Chrome', device: 'Linux'}}),
	request('analytics.plex.tv', {method: 'POST', event: 'playback:itemstart', time: '2024-01-01T10:05:00.000Z', device: {product: 'Plex for Roku', platform: 'Roku', device: 'Roku Ultra'}}),
	request('cdn.flashtalking.com', {client: '192.168.1.30', blocked: true}),
	request('tracker.example.com', {client: '192.168.1.31'}),
	playback({container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', resolution: '1080p', decision: 'directplay', device: {product: 'Plex Web', platform: 'Chrome'}}),
	playback({container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', resolution: '1080p', decision: 'transcode'}),
	playback({container: 'mkv', videoCodec: 'hevc', audioCodec: 'eac3', resolution: '4K'}),
	device({device: {product: 'Plex for Roku', platform: 'Roku', device: 'Roku Ultra'}}),
];

describe('views over records', () => {
	const store = storeOf(SAMPLE);

	it('destinations: one row per host with counts, bytes, span, identifiers (secrets first) and classification', () => {
		const rows = viewRows(store, 'destinations') as unknown as DestinationRow[];
		expect(rows.map((r) => r.host)).toEqual(['plex.tv', 'analytics.plex.tv', 'cdn.flashtalking.com', 'tracker.example.com']);
		const plex = rows[0]!;
		expect(plex).toMatchObject({organization: 'Plex Inc.', category: 'vendor-api', party: 'vendor', requests: 2, bytesSent: 150, bytesReceived: 1000, firstSeen: '2024-01-01T09:00:00.000Z', lastSeen: '2024-01-01T10:00:00.000Z'});
		expect(plex.identifiers).toEqual(['X-Plex-Token (secret)', 'X-Plex-Client-Identifier (identifier)']);
		expect(rows.find((r) => r.host === 'analytics.plex.tv')).toMatchObject({category: 'vendor-analytics', events: ['playback:itemstart']});
		expect(rows.find((r) => r.host === 'cdn.flashtalking.com')).toMatchObject({category: 'ads', party: 'third', blocked: 1, clients: 1});
		expect(rows.find((r) => r.host === 'tracker.example.com')).toMatchObject({category: 'unknown', party: 'third'});
	});

	it('formats, resolutions and devices count what the records say', () => {
		expect(viewRows(store, 'formats')).toEqual([
			{container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', count: 2, transcodes: 1},
			{container: 'mkv', videoCodec: 'hevc', audioCodec: 'eac3', count: 1, transcodes: 0},
		]);
		expect(viewRows(store, 'resolutions')).toEqual([{resolution: '1080p', count: 2}, {resolution: '4K', count: 1}]);
		const devices = viewRows(store, 'devices');
		expect(devices).toContainEqual({product: 'Plex Web', platform: 'Chrome', device: 'Linux', count: 2, destinations: 1});
		expect(devices).toContainEqual({product: 'Plex for Roku', platform: 'Roku', device: 'Roku Ultra', count: 2, destinations: 1});
	});

	it('rows as records arrive equal rows of a fresh query over the same records', () => {
		const growing = storeOf([]);
		const engine = new QueryEngine(growing);
		for (const r of allRecords(store)) {
			growing.add(r, 'test');
			engine.run({view: 'destinations', filter: ''});
		}
		expect(engine.rows('destinations')).toEqual(viewRows(store, 'destinations'));
	});

	it('a filter narrows every view at once', () => {
		const third = viewRows(store, 'destinations', 'party:third').map((r) => r.host);
		expect(third).toEqual(['cdn.flashtalking.com', 'tracker.example.com']);
		expect(viewRows(store, 'devices', 'host:analytics')).toHaveLength(1);
		expect(viewRows(store, 'formats', 'resolution:4k')).toEqual([{container: 'mkv', videoCodec: 'hevc', audioCodec: 'eac3', count: 1, transcodes: 0}]);
		expect(viewRows(store, 'destinations', '!host:plex.tv').map((r) => r.host)).toEqual(['cdn.flashtalking.com', 'tracker.example.com']);
	});

	it('drill-down filters select exactly the rows records', () => {
		for (const row of viewRows(store, 'destinations')) {
			const filter = parseFilter(destinationsView.drill!(row as unknown as DestinationRow));
			expect(allRecords(store).filter((r) => matchesFilter(filter, r)).length).toBe(row['requests']);
			expect(new QueryEngine(store).count(filter.text)).toBe(row['requests']);
		}
	});

	it('the overview names inputs, span, counts and a verdict', () => {
		const rows = viewRows(store, 'overview');
		expect(rows).toContainEqual({section: 'records', item: 'requests', value: '5'});
		expect(rows).toContainEqual({section: 'time', item: 'span', value: '2024-01-01T09:00:00.000Z → 2024-01-01T10:05:00.000Z'});
		expect(rows.find((r) => r['item'] === 'left the network')?.['value']).toBe('2 vendor hosts (1 analytics), 2 third-party hosts (1 ads) received traffic.');
		// The verdict starts with the identifiers that reached a third party (none here: the third parties got none).
		expect(rows.find((r) => r['section'] === 'verdict')).toEqual({section: 'verdict', item: 'identifiers', value: 'No identifier reached a third party.'});
	});
});

describe('one device, one row', () => {
	it('records of one client identifier are one device, across inputs, named by the richest description', () => {
		const roku = {clientId: 'b7c1d2e3f4a5b6c7d8e9f0a1', platform: 'Roku'};
		const store = storeOf([
			request('plex.tv', {origin: {file: 'session.har', entry: 1}, device: {...roku, product: 'Plex for Roku', device: 'Roku Ultra', model: '4800X', version: '8.2.1'}}),
			device({origin: {file: 'Plex Media Server.log', line: 812}, device: {...roku, name: 'Living room'}}),
			request('analytics.plex.tv', {origin: {file: 'Plex Media Server.log', line: 900}, device: {clientId: roku.clientId}}),
			request('plex.tv', {device: {product: 'Plex Web', platform: 'Chrome', device: 'Linux'}}),
		]);
		const rows = viewRows(store, 'devices');
		expect(rows).toHaveLength(2);
		expect(rows[0]).toMatchObject({product: 'Plex for Roku', platform: 'Roku', device: 'Roku Ultra', count: 3, destinations: 2});
		// The client identifier is masked, the same way in every input.
		expect(rows[0]!['clientId']).toMatch(/^b7c1…#[0-9a-f]{6}$/);
		expect(JSON.stringify(rows)).not.toContain(roku.clientId);
		// Its drill-down selects exactly its records.
		expect(new QueryEngine(store).count(devicesView.drill!(rows[0] as unknown as DeviceRow))).toBe(3);
	});
});

describe('filter language', () => {
	const one = storeOf([request('analytics.plex.tv', {device: {product: 'Plex Web', platform: 'Chrome'}, event: 'client:view'})]);
	const r = one.record(0);
	it.each([
		['host:plex.tv', true],
		['host:=plex.tv', false],
		['host:=analytics.plex.tv', true],
		['party:vendor', true],
		['party:third', false],
		['category:vendor-analytics', true],
		['product:"Plex Web"', true],
		['device:chrome', true],
		['!host:analytics', false],
		['event:client', true],
		['analytics', true],
		['nothing-like-this', false],
		['party:vendor !category:ads', true],
		['', true],
	] as const)('%s → %s', (expr, expected) => {
		expect(new QueryEngine(one).count(expr)).toBe(expected ? 1 : 0);
		expect(matchesFilter(parseFilter(expr), r)).toBe(expected);
	});
});

describe('sortRows', () => {
	it('sorts numbers and text, both directions, empty values last, stable', () => {
		const rows = [{a: 2, b: 'x'}, {a: undefined, b: 'y'}, {a: 10, b: 'z'}, {a: 2, b: 'w'}];
		expect(sortRows(rows, 'a', false).map((r) => r.b)).toEqual(['x', 'w', 'z', 'y']);
		expect(sortRows(rows, 'a', true).map((r) => r.b)).toEqual(['z', 'x', 'w', 'y']);
		expect(sortRows([{h: 'b10'}, {h: 'b9'}, {h: 'A'}], 'h', false).map((r) => r.h)).toEqual(['A', 'b9', 'b10']);
	});
});

describe('normalizeResolution', () => {
	it.each([
		[{label: 'sd'}, 'SD'], [{label: '480'}, '480p'], [{label: '576'}, '576p'], [{label: '720p'}, '720p'], [{label: '1080'}, '1080p'],
		[{label: '2k'}, '2K'], [{label: '4k'}, '4K'], [{width: 1920, height: 800}, '1080p'], [{width: 1280, height: 544}, '720p'],
		[{width: 3840, height: 1608}, '4K'], [{width: 720, height: 576}, '576p'], [{width: 720, height: 480}, '480p'], [{width: 640, height: 360}, 'SD'],
		[{height: 2160}, '4K'], [{}, undefined],
	] as const)('%o → %s', (input, expected) => {
		expect(normalizeResolution(input)).toBe(expected);
	});
});

/**
Fixture records for UI tests: realistic request / playback / device records of a Plex Web session
(hosts, headers and attributes as in ../shared/docs/telemetry-facts.md), finalised through the real
pipeline (`storeRecord`: finalise — sanitise, redact, mask, classify — and the ledger's raw material) into a real `RecordStore`.
*/
import {createClassifier} from '../../source/classify/classify.js';
import type {DeviceInfo, Identifier, PlaybackRecord, RequestRecord, TelemetryRecord} from '../../source/model/records.js';
import {storeRecord} from '../../source/pipeline/ingest.js';
import {RecordStore} from '../../source/store/store.js';

const classifier = createClassifier();
// The session's own server: as plex.tv's server list (owned) in the same capture would show it.
classifier.knowledge.learn({owner: 'own', plexDirectHash: '2fd7cb1625624bea8ad994d4060602a8', evidence: 'plex.tv server list says owned (test fixture)'});

export const PLEX_WEB: DeviceInfo = {product: 'Plex Web', version: '4.145.1', platform: 'Chrome', platformVersion: '131.0', device: 'Linux', clientId: 'k3p9x2m7q1w8e5r4t6y0u2i9', name: 'Alice laptop'};
export const ROKU: DeviceInfo = {product: 'Plex for Roku', version: '8.2.1', platform: 'Roku', platformVersion: '12.5', device: 'Roku Ultra', model: '4800X', clientId: 'b7c1d2e3f4a5b6c7d8e9f0a1'};

const TOKEN: Identifier = {kind: 'secret', name: 'X-Plex-Token', value: 'xRtY7uIoP9aSdF2gHjK4'};
const clientIds = (d: DeviceInfo): Identifier[] => (d.clientId ? [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: d.clientId}] : []);

let entry = 0;

/** The next HAR entry of the session: its source, origin and time (a second after `startMs` per entry so far). */
function nextEntry(startMs: number): Pick<RequestRecord, 'source' | 'origin' | 'time'> {
	const index = entry++;
	return {source: 'har', origin: {file: 'plex-web-session.har', entry: index}, time: new Date(startMs + index * 1000).toISOString()};
}

/** A request record, as a HAR parser would emit it (raw: unmasked, unclassified). */
export function request(host: string, path: string, extra: Partial<RequestRecord> = {}): RequestRecord {
	return {
		kind: 'request',
		...nextEntry(Date.UTC(2024, 4, 2, 9, 49, 48)),
		method: 'GET',
		url: `https://${host}${path}`,
		host,
		path: path.split('?')[0] ?? path,
		status: 200,
		bytesSent: 512,
		bytesReceived: 2048,
		device: PLEX_WEB,
		identifiers: [TOKEN, ...clientIds(PLEX_WEB)],
		direction: 'outbound',
		...extra,
	};
}

/** A playback record derived from an analytics event or a session. */
export function playback(extra: Partial<PlaybackRecord> = {}): PlaybackRecord {
	return {
		kind: 'playback',
		...nextEntry(Date.UTC(2024, 4, 2, 9, 50, 0)),
		container: 'mkv',
		videoCodec: 'hevc',
		audioCodec: 'eac3',
		resolution: '4K',
		width: 3840,
		height: 2160,
		bitrateKbps: 24000,
		decision: 'transcode',
		evidence: 'analytics playback:itemstart',
		host: 'analytics.plex.tv',
		device: PLEX_WEB,
		identifiers: clientIds(PLEX_WEB),
		...extra,
	};
}

/** A realistic small session: own server, Plex cloud, analytics, a third party, playbacks, two devices. */
export function sessionRecords(): TelemetryRecord[] {
	entry = 0;
	const own = '192-168-1-96.2fd7cb1625624bea8ad994d4060602a8.plex.direct';
	return [
		request('plex.tv', '/api/v2/user?X-Plex-Token=xRtY7uIoP9aSdF2gHjK4'),
		request('plex.tv', '/api/v2/resources'),
		request('clients.plex.tv', '/api/v2/features'),
		request(own, '/library/sections', {port: 32400}),
		request(own, '/library/metadata/1234', {port: 32400}),
		request(own, '/video/:/transcode/universal/start.mpd', {port: 32400}),
		request('analytics.plex.tv', '/collect/event', {method: 'POST', event: 'playback:itemstart', fields: ['properties.videoCodec', 'properties.videoResolution']}),
		request('analytics.plex.tv', '/collect/event', {method: 'POST', event: 'playback:itemend'}),
		request('www.google-analytics.com', '/g/collect?v=2&tid=G-XXXX&cid=555.666', {identifiers: [{kind: 'identifier', name: 'cid', value: '555.666'}]}),
		request('metadata.provider.plex.tv', '/library/metadata/5d776', {device: ROKU, identifiers: clientIds(ROKU)}),
		request('epg.provider.plex.tv', '/lineups', {device: ROKU, identifiers: clientIds(ROKU)}),
		playback(),
		playback({container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', resolution: '1080p', width: 1920, height: 1080, decision: 'directplay', bitrateKbps: 8000}),
		playback({container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', resolution: '720p', width: 1280, height: 720, decision: 'copy', device: ROKU, identifiers: clientIds(ROKU), host: undefined, evidence: '/status/sessions'}),
		{kind: 'device', source: 'pms', origin: {file: 'Plex Media Server.log', line: 812}, time: '2024-05-02T09:51:10.000Z', device: ROKU, identifiers: clientIds(ROKU), evidence: '[Now] User/Device/Profile is'},
	];
}

/** Finalise raw records (as the pipeline does) and add them to a store. */
export function fillStore(store: RecordStore, raws: readonly TelemetryRecord[], input = 'plex-web-session.har'): RecordStore {
	const summary = store.input(input);
	summary.format = 'har';
	for (const raw of raws) storeRecord(raw, store, input, {classifier, showSecrets: false});
	return store;
}

/** A store holding `sessionRecords()`, its input marked as read. */
export function sessionStore(options: {raws?: readonly TelemetryRecord[]} = {}): RecordStore {
	const store = fillStore(new RecordStore({spool: true}), options.raws ?? sessionRecords());
	const input = store.input('plex-web-session.har');
	input.status = 'done';
	input.bytes = 48_213;
	store.changed();
	return store;
}

/** Many distinct-ish request records, cheaply (for windowing and streaming tests). */
export function* manyRequests(n: number): Generator<RequestRecord> {
	const hosts = ['plex.tv', 'analytics.plex.tv', 'clients.plex.tv', 'www.google-analytics.com', 'metadata.provider.plex.tv', 'images.plex.tv'];
	for (let i = 0; i < n; i++) {
		yield {
			kind: 'request',
			source: 'pms',
			origin: {file: 'big.log', line: i + 1},
			time: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
			method: 'GET',
			url: `https://${hosts[i % hosts.length]}/x/${i}`,
			host: hosts[i % hosts.length]!,
			path: `/x/${i}`,
			status: 200,
			identifiers: [],
		};
	}
}

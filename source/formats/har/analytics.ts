/**
Plex client analytics: `POST https://analytics.plex.tv/collect/event` with a `text/plain` JSON body
(telemetry-facts.md §1a, §2). A body is one event object, an array of them, or an object with an
`events` array (batched). Fields: `event`, `deviceIdentifier` (= X-Plex-Client-Identifier), `userId`,
`sessionIdentifier`, `context.device{product,version,platform,platformVersion,device,model,
screenResolution,…}`, `interaction`, `properties` (for `playback:itemstart`: `container`,
`videoCodec`, `audioCodec`, `bitrate`, `videoDecision`, `audioDecision`, `protocol`, `type`, …).

The request record gets the event name(s) and the list of body fields that carried a value; a
`playback:*` event also becomes a playback record (the played format, sent to Plex).
*/
import type {DeviceInfo, Identifier, PlaybackRecord} from '../../model/records.js';
import {normalizeResolution} from '../../model/records.js';
import {compact, overallDecision, streamFields, toDecision, withFormat, type PlaybackBase} from './pms.js';
import {asList, asNumber, asObject, asString, positiveInt, type Obj} from './values.js';

export const ANALYTICS_HOST = 'analytics.plex.tv';

/** True for a Plex analytics event upload. */
export function isAnalyticsRequest(host: string, path: string): boolean {
	return host === ANALYTICS_HOST && path.startsWith('/collect/event');
}

export type AnalyticsEvidence = {
	/** Event names, unique, in order. */
	events: string[];
	/** Body fields that carried a value (`properties.videoCodec`, `context.device.model`), sorted. */
	fields: string[];
	identifiers: Identifier[];
	device: DeviceInfo | undefined;
	playback: PlaybackRecord[];
};

const MAX_FIELDS = 200;

/** The events of a body: one object, an array, or `{events: [...]}`. */
function eventsOf(body: unknown): Obj[] {
	const o = asObject(body);
	const list = o ? (Array.isArray(o['events']) ? o['events'] : [o]) : asList(body);
	return list.map(asObject).filter((x): x is Obj => x !== undefined).slice(0, 1000);
}

/** Collect dotted paths of leaves that hold a value (arrays contribute `[]`). */
function leafPaths(value: unknown, prefix: string, out: Set<string>, depth: number): void {
	if (out.size >= MAX_FIELDS || depth > 8) return;
	if (Array.isArray(value)) {
		for (const v of value.slice(0, 50)) leafPaths(v, `${prefix}[]`, out, depth + 1);
		return;
	}
	const o = asObject(value);
	if (o) {
		for (const [k, v] of Object.entries(o)) leafPaths(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
		return;
	}
	if (value === null || value === undefined || value === '') return;
	if (prefix) out.add(prefix);
}

const DEVICE_FIELDS: ReadonlyArray<[string, keyof DeviceInfo | undefined]> = [
	['product', 'product'],
	['version', 'version'],
	['platform', 'platform'],
	['platformVersion', 'platformVersion'],
	['device', 'device'],
	['model', 'model'],
	['vendor', 'vendor'],
	['screenResolution', 'screenResolution'],
	['layout', undefined],
	['protocol', undefined],
];

const ID_FIELDS: ReadonlyArray<[string, Identifier['kind']]> = [
	['deviceIdentifier', 'identifier'],
	['userId', 'identifier'],
	['sessionIdentifier', 'identifier'],
	['playbackSessionIdentifier', 'identifier'],
	['machineIdentifier', 'identifier'],
];

/** Read an analytics body (already parsed JSON). */
export function analyticsEvidence(body: unknown, base: PlaybackBase): AnalyticsEvidence {
	const events: string[] = [];
	const fields = new Set<string>();
	const identifiers: Identifier[] = [];
	const seen = new Set<string>();
	let device: DeviceInfo | undefined;
	const playback: PlaybackRecord[] = [];
	const add = (kind: Identifier['kind'], name: string, value: unknown): void => {
		const v = asString(value);
		if (!v) return;
		const key = `${name}\u0000${v}`;
		if (seen.has(key)) return;
		seen.add(key);
		identifiers.push({kind, name, value: v});
	};

	for (const event of eventsOf(body)) {
		const name = asString(event['event']);
		if (name && !events.includes(name)) events.push(name);
		leafPaths(event, '', fields, 0);
		for (const [field, kind] of ID_FIELDS) add(kind, field, event[field]);
		const ctx = asObject(asObject(event['context'])?.['device']);
		const eventDevice: DeviceInfo = {clientId: asString(event['deviceIdentifier'])};
		if (ctx) {
			for (const [field, key] of DEVICE_FIELDS) {
				add('device', `context.device.${field}`, ctx[field]);
				if (key) eventDevice[key] = asString(ctx[field]);
			}
		}
		const thisDevice = compact(eventDevice);
		device ??= thisDevice;
		if (name?.startsWith('playback:')) {
			const record = playbackFromEvent(event, name, thisDevice, base);
			if (record) playback.push(record);
		}
	}
	for (const record of playback) record.identifiers = identifiers.filter((i) => i.kind !== 'device');
	return {events, fields: [...fields].sort(), identifiers, device, playback};
}

function playbackFromEvent(event: Obj, name: string, device: DeviceInfo | undefined, base: PlaybackBase): PlaybackRecord | undefined {
	const p = asObject(event['properties']) ?? {};
	const width = positiveInt(p['width']) ?? positiveInt(p['videoWidth']);
	const height = positiveInt(p['height']) ?? positiveInt(p['videoHeight']);
	const stream = streamFields(p);
	const bitrate = asNumber(p['bitrate']);
	return withFormat({
		kind: 'playback',
		...base,
		device,
		identifiers: [],
		...stream,
		resolution: normalizeResolution({label: asString(p['videoResolution']) ?? asString(p['resolution']), width, height}),
		width,
		height,
		bitrateKbps: bitrate !== undefined && bitrate >= 0 ? bitrate : undefined,
		decision: toDecision(p['decision']) ?? overallDecision(stream.videoDecision, stream.audioDecision),
		mediaType: asString(p['type']),
		user: asString(event['userId']),
		host: ANALYTICS_HOST,
		evidence: `analytics ${name}`,
	});
}

/**
Playback evidence in Plex Media Server responses seen in a HAR: `/status/sessions` (what is playing
now, on which player, for which user, direct play or transcode), `/library/metadata/<id>` (the file's
format) and `/transcode/sessions` (what the transcoder produces). PMS answers in XML by default and in
JSON with `Accept: application/json` (Plex Web); both become the same JSON-shaped objects here.
Attribute names: telemetry-facts.md §4 (python-plexapi `plexapi/media.py`).
*/
import type {Decision, DeviceInfo, Identifier, PlaybackRecord} from '../../model/records.js';
import {normalizeResolution} from '../../model/records.js';
import {asList, asNumber, asObject, asString, first, positiveInt, sameNamed, type Obj} from './values.js';
import {parseXml, xmlToObject} from './xml.js';

/** Which PMS endpoint a path is, and how records from it are labelled. */
export function pmsEndpoint(path: string): string | undefined {
	if (path.endsWith('/status/sessions')) return '/status/sessions';
	if (path.endsWith('/transcode/sessions')) return '/transcode/sessions';
	const m = /\/library\/metadata\/\d+$/.exec(path);
	return m ? '/library/metadata' : undefined;
}

/** Map PMS/analytics decision words to the model's decisions; `burn`, `ignore` and unknown words are dropped. */
export function toDecision(value: unknown): Decision | undefined {
	const s = asString(value)?.toLowerCase().replace(/[\s_-]/g, '');
	if (s === 'directplay') return 'directplay';
	if (s === 'copy' || s === 'directstream') return 'copy';
	if (s === 'transcode') return 'transcode';
	return undefined;
}

/** The overall decision from the video and audio ones: any transcode wins, then copy, then direct play. */
export function overallDecision(video: Decision | undefined, audio: Decision | undefined): Decision | undefined {
	if (video === 'transcode' || audio === 'transcode') return 'transcode';
	if (video === 'copy' || audio === 'copy') return 'copy';
	if (video === 'directplay' && (audio === 'directplay' || audio === undefined)) return 'directplay';
	return undefined;
}

/** The stream fields Plex names alike in a transcode session and in an analytics event's properties. */
export function streamFields(o: Obj): Pick<PlaybackRecord, 'container' | 'videoCodec' | 'audioCodec' | 'videoDecision' | 'audioDecision' | 'protocol'> {
	return {
		...sameNamed(o, ['container', 'videoCodec', 'audioCodec', 'protocol']),
		videoDecision: toDecision(o['videoDecision']),
		audioDecision: toDecision(o['audioDecision']),
	};
}

/** The parts of a playback record that come from the HAR entry, not from the body. */
export type PlaybackBase = Pick<PlaybackRecord, 'source' | 'origin' | 'time'>;

/** Parse a PMS response body (JSON or XML text) into its `MediaContainer` object. */
export function mediaContainer(body: string): Obj | undefined {
	const trimmed = body.trimStart();
	if (trimmed.startsWith('{')) {
		try {
			return asObject(asObject(JSON.parse(trimmed))?.['MediaContainer']);
		} catch {
			return undefined;
		}
	}
	if (!trimmed.startsWith('<')) return undefined;
	const root = parseXml(trimmed);
	const container = root.children.find((e) => e.name === 'MediaContainer');
	if (!container) return undefined;
	// Children of the XML container (Video, Track, Episode…) are JSON's `Metadata`; TranscodeSession stays.
	const out: Obj = {...container.attrs};
	const metadata: Obj[] = [];
	const transcode: Obj[] = [];
	for (const child of container.children) (child.name === 'TranscodeSession' ? transcode : metadata).push(xmlToObject(child));
	out['Metadata'] = metadata;
	out['TranscodeSession'] = transcode;
	return out;
}

/** Playback records from a PMS response of the given endpoint. */
export function pmsPlayback(endpoint: string, body: string, base: PlaybackBase): PlaybackRecord[] {
	const container = mediaContainer(body);
	if (!container) return [];
	const evidence = `${endpoint} response`;
	const out: PlaybackRecord[] = [];
	if (endpoint === '/transcode/sessions') {
		for (const ts of asList(container['TranscodeSession'])) {
			const record = fromTranscodeSession(asObject(ts), base, evidence);
			if (record) out.push(record);
		}
		return out;
	}
	for (const item of asList(container['Metadata']).slice(0, 1000)) {
		const record = fromItem(asObject(item), base, evidence);
		if (record) out.push(record);
	}
	return out;
}

function fromTranscodeSession(ts: Obj | undefined, base: PlaybackBase, evidence: string): PlaybackRecord | undefined {
	if (!ts) return undefined;
	const width = positiveInt(ts['width']);
	const height = positiveInt(ts['height']);
	const stream = streamFields(ts);
	return withFormat({
		kind: 'playback',
		...base,
		identifiers: [],
		...stream,
		width,
		height,
		resolution: normalizeResolution({width, height}),
		decision: overallDecision(stream.videoDecision, stream.audioDecision),
		evidence,
	});
}

/** Pick the selected element of a list, or the first. */
function selected(list: unknown): Obj | undefined {
	const items = asList(list);
	for (const x of items) {
		const o = asObject(x);
		if (o && (o['selected'] === true || o['selected'] === '1' || o['selected'] === 1)) return o;
	}
	return asObject(items[0]);
}

function stream(streams: unknown[], type: number): Obj | undefined {
	let fallback: Obj | undefined;
	for (const s of streams) {
		const o = asObject(s);
		if (!o || asNumber(o['streamType']) !== type) continue;
		if (o['selected'] === true || o['selected'] === '1' || o['selected'] === 1) return o;
		fallback ??= o;
	}
	return fallback;
}

function fromItem(item: Obj | undefined, base: PlaybackBase, evidence: string): PlaybackRecord | undefined {
	if (!item) return undefined;
	const media = selected(item['Media']);
	const part = selected(media?.['Part']);
	const streams = asList(part?.['Stream']);
	const video = stream(streams, 1);
	const audio = stream(streams, 2);
	const ts = first(item['TranscodeSession']);
	const player = first(item['Player']);
	const user = first(item['User']);
	const session = first(item['Session']);

	const width = positiveInt(media?.['width']) ?? positiveInt(video?.['width']) ?? positiveInt(ts?.['width']);
	const height = positiveInt(media?.['height']) ?? positiveInt(video?.['height']) ?? positiveInt(ts?.['height']);
	const videoDecision = toDecision(ts?.['videoDecision']) ?? toDecision(video?.['decision']);
	const audioDecision = toDecision(ts?.['audioDecision']) ?? toDecision(audio?.['decision']);
	const bitrate = asNumber(media?.['bitrate']);

	const identifiers: Identifier[] = [];
	const add = (kind: Identifier['kind'], name: string, value: unknown): void => {
		const v = asString(value);
		if (v) identifiers.push({kind, name, value: v});
	};
	add('identifier', 'Player machineIdentifier', player?.['machineIdentifier']);
	add('personal', 'Player title', player?.['title']);
	add('personal', 'Player address', player?.['address']);
	add('personal', 'Player remotePublicAddress', player?.['remotePublicAddress']);
	add('identifier', 'User id', user?.['id']);
	add('personal', 'User title', user?.['title']);
	add('identifier', 'Session id', session?.['id']);

	const title = asString(item['title']);
	const show = asString(item['grandparentTitle']);
	return withFormat({
		kind: 'playback',
		...base,
		device: playerDevice(player),
		identifiers,
		container: asString(media?.['container']) ?? asString(part?.['container']) ?? asString(ts?.['container']),
		videoCodec: asString(media?.['videoCodec']) ?? asString(video?.['codec']) ?? asString(ts?.['videoCodec']),
		audioCodec: asString(media?.['audioCodec']) ?? asString(audio?.['codec']) ?? asString(ts?.['audioCodec']),
		resolution: normalizeResolution({label: asString(media?.['videoResolution']), width, height}),
		width,
		height,
		bitrateKbps: bitrate !== undefined && bitrate >= 0 ? bitrate : undefined,
		videoDecision,
		audioDecision,
		decision: toDecision(part?.['decision']) ?? overallDecision(videoDecision, audioDecision),
		protocol: asString(ts?.['protocol']) ?? asString(media?.['protocol']) ?? asString(part?.['protocol']),
		mediaType: asString(item['type']),
		title: show && title ? `${show} — ${title}` : title,
		user: asString(user?.['title']),
		evidence,
	});
}

function playerDevice(player: Obj | undefined): DeviceInfo | undefined {
	if (!player) return undefined;
	const device: DeviceInfo = {
		...sameNamed(player, ['product', 'version', 'platform', 'platformVersion', 'device', 'model', 'vendor']),
		name: asString(player['title']),
		clientId: asString(player['machineIdentifier']),
	};
	return compact(device);
}

/** Drop undefined fields (golden files and `toEqual` stay readable); undefined when nothing is left. */
export function compact<T extends object>(value: T): T | undefined {
	const out: Record<string, unknown> = {};
	let any = false;
	for (const [k, v] of Object.entries(value)) {
		if (v === undefined) continue;
		out[k] = v;
		any = true;
	}
	return any ? (out as T) : undefined;
}

/** Keep a playback record only when it says something about the format; strip undefined fields. */
export function withFormat(record: PlaybackRecord): PlaybackRecord | undefined {
	const r = record;
	if (!r.container && !r.videoCodec && !r.audioCodec && !r.resolution && !r.decision && !r.videoDecision && !r.audioDecision && !r.protocol) return undefined;
	return compact(r);
}

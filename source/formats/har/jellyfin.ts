/**
Playback evidence in a Jellyfin/Emby `GET /Sessions` JSON response (an array of SessionInfoDto):
`NowPlayingItem` (with `MediaSources[].MediaStreams[]`), `TranscodingInfo`, `PlayState.PlayMethod`
and the client fields. Field names: telemetry-facts.md §5 (jellyfin/jellyfin `SessionInfoDto.cs`,
`TranscodingInfo.cs`, `PlayerStateInfo.cs`).
*/
import type {Decision, Identifier, PlaybackRecord} from '../../model/records.js';
import {normalizeResolution} from '../../model/records.js';
import {compact, overallDecision, withFormat, type PlaybackBase} from './pms.js';
import {asList, asNumber, asObject, asString, first, positiveInt, type Obj} from './values.js';

/** `/Sessions`, `/emby/Sessions`, `/jellyfin/Sessions` (case-insensitive). */
export function isSessionsPath(path: string): boolean {
	return /\/sessions$/i.test(path) && !path.endsWith('/status/sessions') && !path.endsWith('/transcode/sessions');
}

function playMethod(value: unknown): Decision | undefined {
	const s = asString(value)?.toLowerCase();
	return s === 'directplay' ? 'directplay' : s === 'directstream' ? 'copy' : s === 'transcode' ? 'transcode' : undefined;
}

function direct(value: unknown): Decision | undefined {
	return value === true ? 'copy' : value === false ? 'transcode' : undefined;
}

/** Playback records from a `/Sessions` body (parsed JSON). */
export function jellyfinPlayback(body: unknown, base: PlaybackBase): PlaybackRecord[] {
	const out: PlaybackRecord[] = [];
	for (const raw of asList(body).slice(0, 1000)) {
		const s = asObject(raw);
		const item = asObject(s?.['NowPlayingItem']);
		if (!s || !item) continue;
		const record = fromSession(s, item, base);
		if (record) out.push(record);
	}
	return out;
}

function fromSession(s: Obj, item: Obj, base: PlaybackBase): PlaybackRecord | undefined {
	const source = first(item['MediaSources']);
	const streams = asList(source?.['MediaStreams'] ?? item['MediaStreams']).map(asObject);
	const video = streams.find((x) => x?.['Type'] === 'Video');
	const audio = streams.find((x) => x?.['Type'] === 'Audio');
	const tc = asObject(s['TranscodingInfo']);
	const method = playMethod(asObject(s['PlayState'])?.['PlayMethod']);
	const videoDecision = tc ? direct(tc['IsVideoDirect']) : method === 'directplay' ? 'directplay' : undefined;
	const audioDecision = tc ? direct(tc['IsAudioDirect']) : method === 'directplay' ? 'directplay' : undefined;
	const width = positiveInt(tc?.['Width']) ?? positiveInt(video?.['Width']);
	const height = positiveInt(tc?.['Height']) ?? positiveInt(video?.['Height']);
	const bitrate = asNumber(tc?.['Bitrate']) ?? asNumber(source?.['Bitrate']);
	const identifiers: Identifier[] = [];
	const add = (kind: Identifier['kind'], name: string, value: unknown): void => {
		const v = asString(value);
		if (v) identifiers.push({kind, name, value: v});
	};
	add('identifier', 'DeviceId', s['DeviceId']);
	add('personal', 'DeviceName', s['DeviceName']);
	add('identifier', 'UserId', s['UserId']);
	add('personal', 'UserName', s['UserName']);
	add('personal', 'RemoteEndPoint', s['RemoteEndPoint']);
	add('identifier', 'Session Id', s['Id']);
	const title = asString(item['Name']);
	const series = asString(item['SeriesName']);
	return withFormat({
		kind: 'playback',
		...base,
		device: compact({product: asString(s['Client']), version: asString(s['ApplicationVersion']), device: asString(s['DeviceType']), name: asString(s['DeviceName']), clientId: asString(s['DeviceId'])}),
		identifiers,
		container: asString(tc?.['Container']) ?? asString(source?.['Container']) ?? asString(item['Container']),
		videoCodec: asString(tc?.['VideoCodec']) ?? asString(video?.['Codec']),
		audioCodec: asString(tc?.['AudioCodec']) ?? asString(audio?.['Codec']),
		resolution: normalizeResolution({width, height}),
		width,
		height,
		// Jellyfin reports bits per second.
		bitrateKbps: bitrate !== undefined && bitrate >= 0 ? Math.round(bitrate / 1000) : undefined,
		videoDecision,
		audioDecision,
		decision: method ?? overallDecision(videoDecision, audioDecision),
		mediaType: asString(item['Type'])?.toLowerCase(),
		title: series && title ? `${series} — ${title}` : title,
		user: asString(s['UserName']),
		evidence: '/Sessions response',
	});
}

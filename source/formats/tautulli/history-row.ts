/**
One Tautulli watch-history row → one `playback` record. Shared by the `get_history` JSON reader and
the history CSV reader; a row is read through a getter so CSV rows need not become objects.

Field names are Tautulli's own (Tautulli/Tautulli `plexpy/webserve.py::get_history` docstring and
`plexpy/datafactory.py::get_datatables_history`; the database columns of `session_history` and
`session_history_media_info` in `plexpy/__init__.py`; `get_stream_data`):
- `get_history` rows carry who and where: `started`/`date` (epoch seconds), `user`, `friendly_name`,
  `user_id`, `ip_address`, `machine_id`, `player`, `product`, `platform`, `full_title`, `media_type`,
  `live`, `transcode_decision`. They carry NO codec, container or resolution.
- Media columns are read when a row has them (a database export, or rows merged with
  `get_stream_data`): `container`, `video_codec`, `audio_codec`, `bitrate`, `video_full_resolution`,
  `video_resolution`, `video_width`/`video_height` (else `width`/`height`), `video_decision`,
  `audio_decision`, `product_version`, `platform_version`.

Decision on resolution: every format field of the record (container, codecs, resolution, width,
height, bitrate) describes the SOURCE media as stored on the server, so one record never mixes the file's
1080p with a transcode's 720×306. What reached the device is summarised by `decision`
(`transcode_decision`) and `videoDecision`/`audioDecision`; the `stream_*` columns (the delivered
format) are not mapped, because the record model has one set of format fields.
*/
import {normalizeResolution, type DeviceInfo, type Identifier, type Origin, type PlaybackRecord} from '../../model/records.js';
import {readDecision, readNonNegative, readPositiveInt, readResolution, readText, readTime, setTexts, type Read} from '../csv/values.js';
import {own} from '../../model/own.js';

/** Reads one named field of the current row (JSON value, or CSV cell text). */
export type RowGetter = (name: string) => unknown;

/** A value of the row that could not be read; the record is still produced without it. */
export type RowProblem = {code: string; message: string};

/**
Tautulli renames some platform strings before showing them (`PLATFORM_NAME_OVERRIDES`, `plexpy/common.py`
@9ae6cb5293a7); `get_history` applies it, database exports do not, so apply it here too.
*/
export const PLATFORM_NAME_OVERRIDES: Readonly<Record<string, string>> = {
	Konvergo: 'Plex Media Player',
	'Mystery 3': 'Playstation 3',
	'Mystery 4': 'Playstation 4',
	'Mystery 5': 'Xbox 360',
	WebMAF: 'Playstation 4',
};

/** The history columns this module reads: sniffers use them to recognise a history CSV header. */
export const HISTORY_FIELDS = [
	'date', 'started', 'stopped', 'user', 'friendly_name', 'user_id', 'ip_address', 'machine_id', 'player', 'product',
	'product_version', 'platform', 'platform_version', 'full_title', 'title', 'media_type', 'live', 'transcode_decision',
	'video_decision', 'audio_decision', 'container', 'video_codec', 'audio_codec', 'bitrate', 'video_full_resolution',
	'video_resolution', 'video_width', 'video_height', 'width', 'height',
] as const;

export type HistoryRowResult = {record: PlaybackRecord | undefined; problems: RowProblem[]};

/** Build the playback record of one history row. Never throws. */
export function historyRowRecord(get: RowGetter, source: string, origin: Origin): HistoryRowResult {
	const problems: RowProblem[] = [];
	const check = <T>(name: string, value: Read<T>, what: string): T | undefined => {
		if (value === null) {
			problems.push({code: 'tautulli.history.bad-value', message: `${name} is not ${what}: ${JSON.stringify(clip(get(name)))}`});
			return undefined;
		}
		return value;
	};
	const identifiers: Identifier[] = [];
	const id = (kind: Identifier['kind'], name: string): string | undefined => {
		const value = readText(get(name));
		if (value !== undefined) identifiers.push({kind, name, value});
		return value;
	};

	// `started` is when the (first) play began; `date` is the latest start of a grouped row.
	const timeField = has(get('started')) ? 'started' : 'date';
	const time = check(timeField, readTime(get(timeField)), 'a time (epoch seconds)');

	const user = id('personal', 'user');
	id('personal', 'friendly_name');
	id('identifier', 'user_id');
	id('personal', 'ip_address');

	const device: DeviceInfo = {};
	const product = id('device', 'product');
	if (product) device.product = product;
	const rawPlatform = readText(get('platform'));
	if (rawPlatform) {
		device.platform = own(PLATFORM_NAME_OVERRIDES, rawPlatform) ?? rawPlatform;
		identifiers.push({kind: 'device', name: 'platform', value: rawPlatform});
	}
	const player = id('personal', 'player');
	if (player) device.name = player;
	const machineId = id('identifier', 'machine_id');
	if (machineId) device.clientId = machineId;
	const version = readText(get('product_version'));
	if (version) device.version = version;
	const platformVersion = readText(get('platform_version'));
	if (platformVersion) device.platformVersion = platformVersion;

	const record: PlaybackRecord = {kind: 'playback', source, origin, identifiers, evidence: 'Tautulli history'};
	if (time) record.time = time;
	if (Object.keys(device).length > 0) record.device = device;
	if (user) record.user = user;

	const decision = check('transcode_decision', readDecision(get('transcode_decision')), 'a transcode decision');
	if (decision) record.decision = decision;
	const videoDecision = check('video_decision', readDecision(get('video_decision')), 'a transcode decision');
	if (videoDecision) record.videoDecision = videoDecision;
	const audioDecision = check('audio_decision', readDecision(get('audio_decision')), 'a transcode decision');
	if (audioDecision) record.audioDecision = audioDecision;

	const title = readText(get('full_title')) ?? readText(get('title'));
	if (title) record.title = title;
	const live = readText(get('live'));
	const mediaType = live === '1' || live === 'true' ? 'live' : readText(get('media_type'));
	if (mediaType) record.mediaType = mediaType;

	setTexts(record, {container: get('container'), videoCodec: get('video_codec'), audioCodec: get('audio_codec')});
	const bitrate = check('bitrate', readNonNegative(get('bitrate')), 'a bitrate (kbps)');
	if (bitrate !== undefined && bitrate > 0) record.bitrateKbps = bitrate;
	const widthName = has(get('video_width')) ? 'video_width' : 'width';
	const heightName = has(get('video_height')) ? 'video_height' : 'height';
	const width = check(widthName, readPositiveInt(get(widthName)), 'a width in pixels');
	const height = check(heightName, readPositiveInt(get(heightName)), 'a height in pixels');
	if (width) record.width = width;
	if (height) record.height = height;
	const label = has(get('video_full_resolution')) ? 'video_full_resolution' : 'video_resolution';
	const res = check(label, readResolution(get(label)), 'a resolution');
	const resolution = res?.resolution ?? (width || height ? normalizeResolution({width, height}) : undefined);
	if (resolution) record.resolution = resolution;

	const says = record.time ?? record.user ?? record.device ?? record.decision ?? record.title ?? record.container ?? record.videoCodec ?? record.resolution;
	return {record: says === undefined ? undefined : record, problems};
}

function has(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

function clip(value: unknown): unknown {
	return typeof value === 'string' && value.length > 60 ? `${value.slice(0, 60)}…` : value;
}

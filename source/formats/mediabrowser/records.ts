/**
Record builders shared by the Jellyfin and Emby parsers (Jellyfin forked from Emby 3.5, and both keep
the same request, stream-URL and playback vocabulary; telemetry-facts.md §5).

- Requests: inbound requests reach the user's own server (`OWN_SERVER`, port 8096 unless the URL says
  otherwise); outbound requests go to the URL's host. Identifiers come from the query and the headers
  through `clientEvidence` (X-Emby-*, `Authorization: MediaBrowser …`, `api_key`/`ApiKey`) plus the
  MediaBrowser stream parameters `DeviceId`, `UserId`, `PlaySessionId`.
- Playback from stream URLs (`/videos/<id>/stream.mkv?Static=true&VideoCodec=…`, `master.m3u8?…`).
- Playback from ffmpeg jobs.
Values stay raw: `finalizeRecord` redacts and masks them downstream.
*/
import type {DeviceInfo, Decision, Identifier, PlaybackRecord, RequestRecord} from '../../model/records.js';
import {normalizeResolution} from '../../model/records.js';
import {clientEvidence, mergeDevice} from '../common/client-params.js';
import {OWN_SERVER} from '../../model/hosts.js';
import {splitUrl} from '../common/url.js';
import {codecOfEncoder, containerOf, type FfmpegJob} from './ffmpeg.js';
import {own} from '../../model/own.js';

/** The port Jellyfin and Emby listen on by default (HTTP). */
export const DEFAULT_SERVER_PORT = 8096;

/** Where a record came from: its format, the input and line, and the entry's time. */
export type RecordBase = {source: string; file: string; line: number; time: string | undefined};

function base(b: RecordBase): {source: string; origin: {file: string; line: number}; time?: string} {
	return b.time === undefined ? {source: b.source, origin: {file: b.file, line: b.line}} : {time: b.time, source: b.source, origin: {file: b.file, line: b.line}};
}

/** MediaBrowser stream/query parameters that identify a device, user or session (lower case). */
const MB_QUERY_IDS: Readonly<Record<string, {kind: Identifier['kind']; device?: keyof DeviceInfo}>> = {
	deviceid: {kind: 'identifier', device: 'clientId'},
	userid: {kind: 'identifier'},
	playsessionid: {kind: 'identifier'},
};

/** Device info and identifiers from query parameters and headers (raw values). */
export function evidenceOf(pairs: ReadonlyArray<readonly [string, string]>): {device: DeviceInfo | undefined; identifiers: Identifier[]} {
	const {device, identifiers} = clientEvidence(pairs);
	let dev = device;
	const seen = new Set(identifiers.map((i) => `${i.name}\u0000${i.value}`));
	for (const [name, value] of pairs) {
		const lower = name.toLowerCase();
		const spec = own(MB_QUERY_IDS, lower);
		if (lower === 'user-agent' || lower === 'useragent') {
			if (value && !seen.has(`User-Agent\u0000${value}`)) {
				seen.add(`User-Agent\u0000${value}`);
				identifiers.push({kind: 'device', name: 'User-Agent', value});
			}
			continue;
		}
		if (!spec || value === '' || seen.has(`${name}\u0000${value}`)) continue;
		seen.add(`${name}\u0000${value}`);
		identifiers.push({kind: spec.kind, name, value});
		if (spec.device) dev = mergeDevice(dev, {[spec.device]: value});
	}
	return {device: dev, identifiers};
}

export type RequestInput = {
	method?: string | undefined;
	url: string;
	status?: number | undefined;
	/** The client address as logged (inbound only). */
	client?: string | undefined;
	direction: 'inbound' | 'outbound';
	/** Request headers as logged (name, value). */
	headers?: ReadonlyArray<readonly [string, string]> | undefined;
};

/** A request record from a logged URL. Inbound requests are attributed to `OWN_SERVER`. */
export function requestRecord(b: RecordBase, r: RequestInput): RequestRecord {
	const u = splitUrl(r.url);
	const {device, identifiers} = evidenceOf([...u.query, ...(r.headers ?? [])]);
	const inbound = r.direction === 'inbound';
	const host = inbound ? OWN_SERVER : u.host || 'unknown';
	const port = inbound ? (u.scheme ? u.port : undefined) ?? DEFAULT_SERVER_PORT : u.port;
	const rec: RequestRecord = {kind: 'request', ...base(b), identifiers, url: r.url, host, path: u.path || '/', direction: r.direction};
	if (device) rec.device = device;
	if (r.method) rec.method = r.method;
	if (port !== undefined) rec.port = port;
	if (r.status !== undefined) rec.status = r.status;
	if (r.client) rec.client = r.client;
	return rec;
}

/** `PlayMethod` / `play_method` values → the record's decision. */
export function decisionOfPlayMethod(method: string | undefined): Decision | undefined {
	switch (method?.toLowerCase()) {
		case 'directplay':
			return 'directplay';
		case 'directstream':
		case 'remux':
			return 'copy';
		case 'transcode':
			return 'transcode';
		default:
			return undefined;
	}
}

/** The file name without directories and extension (Windows or POSIX path). */
export function titleOfPath(path: string): string | undefined {
	const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
	const dot = name.lastIndexOf('.');
	const title = (dot > 0 ? name.slice(0, dot) : name).trim();
	return title || undefined;
}

/** The lower-case file extension of a path, if it has a short one. */
export function extensionOf(path: string): string | undefined {
	const m = /\.([A-Za-z0-9]{1,5})$/.exec(path);
	return m?.[1]?.toLowerCase();
}

// `stream[.ext]` (progressive), `universal[.ext]` (audio), or HLS: playlists and `hls1/<name>/<n>.ts` segments.
const STREAM_PATH = /\/(?:videos|audio)\/[^/]+\/(?:(?:stream|universal)(?:\.([A-Za-z0-9]+))?|((?:master|main|live)\.m3u8|hls1?\/[^/]+\/[^/]+\.(?:ts|mp4|m4s)))$/i;

function queryValue(query: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
	const lower = name.toLowerCase();
	for (const [k, v] of query) if (k.toLowerCase() === lower && v !== '') return v;
	return undefined;
}

function positiveInt(value: string | undefined): number | undefined {
	if (value === undefined || !/^\d{1,6}$/.test(value)) return undefined;
	const n = Number(value);
	return n > 0 ? n : undefined;
}

/**
Playback facts in a MediaBrowser stream URL (`/videos/<id>/stream.mkv?Static=true&VideoCodec=hevc…`,
`/videos/<id>/master.m3u8?…&TranscodeReasons=…`, `/audio/<id>/stream.flac?Static=true`). Returns
undefined for other URLs and for stream URLs that say nothing about the media (no codec, no `Static`).
`Static=true` is direct play (the file as it is); `TranscodeReasons` means a transcode; otherwise the
decision is left open. A comma list in `VideoCodec` (the codecs the client accepts) gives its first
entry, the one the server prefers.
*/
export function streamFacts(url: string): Omit<PlaybackRecord, 'kind' | 'source' | 'origin' | 'identifiers' | 'evidence'> & {playSession?: string} | undefined {
	const cleaned = url.startsWith('media:') ? url.slice(6) : url;
	const u = splitUrl(cleaned);
	const m = STREAM_PATH.exec(u.path);
	if (!m) return undefined;
	const q = u.query;
	const isStatic = queryValue(q, 'Static')?.toLowerCase() === 'true';
	const videoCodec = queryValue(q, 'VideoCodec')?.split(',')[0];
	const audioCodec = queryValue(q, 'AudioCodec')?.split(',')[0];
	const reasons = queryValue(q, 'TranscodeReasons');
	if (!isStatic && !videoCodec && !audioCodec && !reasons) return undefined;
	const out: ReturnType<typeof streamFacts> & object = {};
	const ext = m[1]?.toLowerCase() ?? queryValue(q, 'Container')?.split(',')[0]?.toLowerCase();
	if (m[2]) {
		out.protocol = 'hls';
		const seg = queryValue(q, 'SegmentContainer') ?? /\.(ts|mp4|m4s)$/i.exec(m[2])?.[1];
		if (seg) out.container = seg.toLowerCase();
	} else if (ext) {
		out.container = ext;
	}
	if (videoCodec) out.videoCodec = videoCodec.toLowerCase();
	if (audioCodec) out.audioCodec = audioCodec.toLowerCase();
	const width = positiveInt(queryValue(q, 'Width'));
	const height = positiveInt(queryValue(q, 'Height'));
	if (width) out.width = width;
	if (height) out.height = height;
	const resolution = normalizeResolution({width, height});
	if (resolution) out.resolution = resolution;
	const vb = Number(queryValue(q, 'VideoBitrate') ?? NaN);
	const ab = Number(queryValue(q, 'AudioBitrate') ?? NaN);
	if (Number.isFinite(vb) || Number.isFinite(ab)) out.bitrateKbps = Math.round(((Number.isFinite(vb) ? vb : 0) + (Number.isFinite(ab) ? ab : 0)) / 1000);
	if (isStatic) out.decision = 'directplay';
	else if (reasons && reasons !== '0') out.decision = 'transcode';
	const ps = queryValue(q, 'PlaySessionId');
	if (ps) out.playSession = ps;
	return out;
}

/** A playback record from an ffmpeg job, or undefined when the job is not a playback (thumbnails, probes). */
export function ffmpegPlayback(b: RecordBase, job: FfmpegJob, evidence: string): PlaybackRecord | undefined {
	if (job.stillImage || (!job.videoEncoder && !job.audioEncoder)) return undefined;
	const rec: PlaybackRecord = {kind: 'playback', ...base(b), identifiers: [], evidence};
	const vCopy = job.videoEncoder === 'copy';
	const aCopy = job.audioEncoder === 'copy';
	if (job.videoEncoder) {
		rec.videoDecision = vCopy ? 'copy' : 'transcode';
		if (!vCopy) rec.videoCodec = codecOfEncoder(job.videoEncoder);
	}
	if (job.audioEncoder) {
		rec.audioDecision = aCopy ? 'copy' : 'transcode';
		if (!aCopy) rec.audioCodec = codecOfEncoder(job.audioEncoder);
	}
	rec.decision = rec.videoDecision === 'transcode' || rec.audioDecision === 'transcode' ? 'transcode' : 'copy';
	const {container, protocol} = containerOf(job);
	if (container) rec.container = container;
	if (protocol) rec.protocol = protocol;
	if (job.width) rec.width = job.width;
	if (job.height) rec.height = job.height;
	const resolution = normalizeResolution({width: job.width, height: job.height});
	if (resolution && !vCopy && job.videoEncoder) rec.resolution = resolution;
	if (job.videoBitrate !== undefined && !vCopy) rec.bitrateKbps = Math.round((job.videoBitrate + (job.audioBitrate ?? 0)) / 1000);
	else if (!job.videoEncoder && job.audioBitrate !== undefined) rec.bitrateKbps = Math.round(job.audioBitrate / 1000);
	if (job.input && !/^[a-z][a-z0-9+.-]*:\/\//i.test(job.input)) {
		const title = titleOfPath(job.input);
		if (title) rec.title = title;
	}
	return rec;
}

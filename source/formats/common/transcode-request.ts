/**
What a client asks the Plex transcoder for: `/video/:/transcode/universal/start…` (also `/music/…`,
`/photo/…` do not count: a photo thumbnail is not playback). Plex Web and the apps send the wanted
resolution (`videoResolution=1920x1080`), the bitrate ceiling (`maxVideoBitrate=8000`, kbps), the
streaming protocol (`protocol=dash|hls|http`) and whether direct play or direct stream is allowed.
The same request reaches a HAR (the browser's side) and the PMS log (`Request: … GET /video/:/transcode…`),
so both parsers use this one reading. Only `start` counts: `decision` carries the same parameters
just before it, and counting both would double every playback.
*/
import type {PlaybackRecord} from '../../model/records.js';
import {normalizeResolution} from '../../model/records.js';

const START = /\/(video|music)\/:\/transcode\/universal\/start(?:\.\w{1,5})?$/;

export type TranscodeRequestFacts = Partial<Pick<PlaybackRecord, 'protocol' | 'resolution' | 'width' | 'height' | 'bitrateKbps' | 'decision' | 'mediaType'>>;

/** Whether a request path is a transcoder start (the one request per playback that carries the asked-for format). */
export function isTranscodeStart(path: string): boolean {
	return START.test(path);
}

/** `1920x1080` (also `1920X1080`, `1920*1080`) → width and height; anything else → undefined. */
function size(text: string | undefined): {width: number; height: number} | undefined {
	const m = text === undefined ? null : /^(\d{2,5})[x*X](\d{2,5})$/.exec(text.trim());
	if (!m) return undefined;
	const width = Number(m[1]);
	const height = Number(m[2]);
	return width > 0 && height > 0 ? {width, height} : undefined;
}

/**
The playback facts of a transcoder start request, from its (already decoded) query pairs, or undefined
when the path is not one or the request names nothing about the format.
*/
export function transcodeRequestFacts(path: string, pairs: ReadonlyArray<readonly [string, string]>): TranscodeRequestFacts | undefined {
	const m = START.exec(path);
	if (!m) return undefined;
	const get = (name: string): string | undefined => {
		for (const [k, v] of pairs) if (k === name) return v;
		return undefined;
	};
	const facts: TranscodeRequestFacts = {mediaType: m[1] === 'music' ? 'track' : 'video'};
	const protocol = get('protocol')?.toLowerCase();
	if (protocol && /^[a-z0-9-]{1,12}$/.test(protocol)) facts.protocol = protocol;
	const wanted = size(get('videoResolution'));
	if (wanted) {
		facts.width = wanted.width;
		facts.height = wanted.height;
		const resolution = normalizeResolution(wanted);
		if (resolution) facts.resolution = resolution;
	}
	const bitrate = Number(get('maxVideoBitrate') ?? get('musicBitrate'));
	if (Number.isFinite(bitrate) && bitrate > 0 && bitrate < 10_000_000) facts.bitrateKbps = bitrate;
	// Both off forces a transcode. A request that allows direct play or direct stream says nothing about
	// what PMS then chose, so it sets no decision.
	if (get('directPlay') === '0' && get('directStream') === '0') facts.decision = 'transcode';
	return facts.protocol || facts.resolution || facts.bitrateKbps !== undefined ? facts : undefined;
}

/**
The transcoder command line PMS logs as `Job running: …` (formats.md §1.3): which codecs, bitrates,
resolution and container the Plex Transcoder was asked to produce.

Two generations are handled:
- 2016 (IPTV.bundle#28): every argument single-quoted, environment first, `'-map' '0:v:0' '-codec:0' 'copy'`.
- 2019+ (e.g. a 2024 `plex-dash-jobs` fixture): bare arguments, double quotes around paths,
  `FFMPEG_EXTERNAL_LIBS='…' X_PLEX_TOKEN=… "/usr/lib/plexmediaserver/Plex Transcoder" -codec:0 hevc -codec:1 aac … -i "<file>" … -map 0:0 -codec:0 copy … -codec:1 aac -b:1 256k -f dash`.
`-codec:N` before `-i` names the decoder of input stream N; after `-i` it names the encoder of output
stream N (`copy` = direct stream of that track).
*/
import {normalizeResolution, type Decision, type PlaybackRecord} from '../../model/records.js';

/**
The next index at or after `from` of one character in `text`, remembered: a line is searched for each
character once from left to right however many arguments it has (a hostile line stays linear).
*/
class NextOf {
	private at = -1;
	constructor(
		private readonly text: string,
		private readonly char: string,
	) {}

	from(i: number): number {
		if (this.at !== this.text.length && this.at < i) {
			const found = this.text.indexOf(this.char, i);
			this.at = found === -1 ? this.text.length : found;
		}
		return this.at;
	}
}

/** Split a shell-like command line: single and double quotes, backslash escapes inside double quotes. Bounded. */
export function splitArgv(text: string, maxArgs = 2000): string[] {
	const out: string[] = [];
	let i = 0;
	const n = text.length;
	const space = new NextOf(text, ' ');
	const single = new NextOf(text, "'");
	const double = new NextOf(text, '"');
	const backslash = new NextOf(text, '\\');
	while (i < n && out.length < maxArgs) {
		while (i < n && text.charCodeAt(i) === 32) i++;
		if (i >= n) break;
		let arg = '';
		while (i < n && text.charCodeAt(i) !== 32) {
			const c = text.charCodeAt(i);
			if (c === 39 /* ' */) {
				const end = single.from(i + 1);
				arg += text.slice(i + 1, end);
				i = end === n ? n : end + 1;
			} else if (c === 34 /* " */) {
				// Up to the closing quote; a backslash takes the character after it as it is.
				i++;
				while (i < n) {
					const stop = Math.min(double.from(i), backslash.from(i));
					arg += text.slice(i, stop);
					i = stop;
					if (i >= n || text.charCodeAt(i) === 34) break;
					if (i + 1 < n) i++;
					arg += text[i];
					i++;
				}
				i++;
			} else {
				// A bare run, to the next space or quote, in one slice.
				const stop = Math.min(space.from(i), single.from(i), double.from(i));
				arg += text.slice(i, stop);
				i = stop;
			}
		}
		out.push(arg);
	}
	return out;
}

const VIDEO_CODECS = /^(?:h264|hevc|h265|mpeg2video|mpeg4|mpeg1video|vc1|vp8|vp9|av1|wmv\d|msmpeg4\w*|mjpeg|theora|prores|libx264|libx265|libvpx(?:-vp9)?|libaom-av1|libsvtav1|(?:h264|hevc|av1|vp9|mpeg2|mjpeg)_\w+)$/;
const AUDIO_CODECS = /^(?:aac|ac3|eac3|eac3_eae|truehd|dts|dca|mp2|mp3|libmp3lame|opus|libopus|vorbis|libvorbis|flac|alac|wmav\d|wmapro|pcm_\w+|libfdk_aac|aac_\w+|ac3_\w+|mlp)$/;
const SUBTITLE_CODECS = /^(?:ass|ssa|srt|subrip|webvtt|mov_text|dvd_subtitle|dvb_subtitle|hdmv_pgs_subtitle|text|xsub)$/;

/** `libx264` → `h264`, `hevc_vaapi` → `hevc`, `libmp3lame` → `mp3`, `eac3_eae` → `eac3`. */
export function normalizeCodec(codec: string): string {
	const c = codec.toLowerCase();
	if (c === 'libx264' || c.startsWith('h264_')) return 'h264';
	if (c === 'libx265' || c === 'h265' || c.startsWith('hevc_')) return 'hevc';
	if (c === 'libmp3lame') return 'mp3';
	if (c === 'libfdk_aac' || c.startsWith('aac_')) return 'aac';
	if (c === 'libopus') return 'opus';
	if (c === 'libvorbis') return 'vorbis';
	if (c === 'libvpx-vp9' || c.startsWith('vp9_')) return 'vp9';
	if (c === 'libvpx') return 'vp8';
	if (c === 'libaom-av1' || c === 'libsvtav1' || c.startsWith('av1_')) return 'av1';
	if (c === 'eac3_eae') return 'eac3';
	if (c === 'dca') return 'dts';
	return c;
}

function kindOf(codec: string | undefined): 'video' | 'audio' | 'subtitle' | undefined {
	if (!codec) return undefined;
	const c = codec.toLowerCase();
	if (VIDEO_CODECS.test(c)) return 'video';
	if (AUDIO_CODECS.test(c)) return 'audio';
	if (SUBTITLE_CODECS.test(c)) return 'subtitle';
	return undefined;
}

/** `640k` → 640, `8329k` → 8329, `2M` → 2000, `256000` → 256 (kbps). */
function kbps(value: string): number | undefined {
	const m = KBPS.exec(value);
	if (!m) return undefined;
	const n = Number(m[1]);
	const unit = m[2]!.toLowerCase();
	return unit === 'k' ? n : unit === 'm' ? n * 1000 : n / 1000;
}

// The argument grammar, compiled once (a regex literal in a function makes a new object on every call).
const KBPS = /^(\d+(?:\.\d+)?)([kKmM]?)$/;
/** How the transcoder's path ends (`…/Plex Transcoder`, `…\\Plex Transcoder.exe`, 2016's `Plex New Transcoder`). */
const TRANSCODER_ENDS = ['Plex Transcoder', 'Plex New Transcoder', 'Plex Transcoder.exe', 'Plex New Transcoder.exe'];
const CODEC_ARG = /^-(?:codec|c):(\d+)$/;
const RATE_ARG = /^-(?:b|maxrate):(\d+)$/;
const SIZE = /^(\d+)x(\d+)$/;
const SCALE_WH = /scale=w=(\d+):h=(\d+)/;
const SCALE = /scale=(\d+):(\d+)/;
const MAP_STREAM = /^\d+:(\d+)$/;

type Track = {decoder?: string; encoder?: string; map?: string; bitrate?: number};

/** The playback fields a transcoder command line gives (no `kind`/`source`/`origin`: the caller adds them). */
export type TranscodeFacts = Pick<PlaybackRecord, 'container' | 'videoCodec' | 'audioCodec' | 'width' | 'height' | 'resolution' | 'bitrateKbps' | 'videoDecision' | 'audioDecision' | 'decision' | 'protocol'>;

/**
Read a `Job running:` argument list. Returns undefined when the job is not a transcoder (PMS also runs
the tuner service, the crash uploader, …) or names no output track.
*/
export function transcodeFacts(args: readonly string[]): TranscodeFacts | undefined {
	const exe = args.findIndex((a) => TRANSCODER_ENDS.some((end) => a.endsWith(end)));
	if (exe === -1) return undefined;
	const tracks = new Map<number, Track>();
	const track = (n: number): Track => {
		let t = tracks.get(n);
		if (!t) {
			t = {};
			tracks.set(n, t);
		}
		return t;
	};
	const inputDecoders = new Map<number, string>();
	const maps: string[] = [];
	let seenInput = false;
	let format: string | undefined;
	let segmentFormat: string | undefined;
	let width: number | undefined;
	let height: number | undefined;
	for (let i = exe + 1; i < args.length; i++) {
		const a = args[i]!;
		const v = args[i + 1];
		if (a === '-i') {
			seenInput = true;
			i++;
			continue;
		}
		// Options start with `-`: other arguments are not tried against the option patterns.
		const dash = a.charCodeAt(0) === 45;
		const codec = dash ? CODEC_ARG.exec(a) : null;
		if (codec && v !== undefined) {
			const idx = Number(codec[1]);
			if (seenInput) track(idx).encoder = v;
			else inputDecoders.set(idx, v);
			i++;
			continue;
		}
		if (!seenInput) continue;
		const rate = dash ? RATE_ARG.exec(a) : null;
		if (rate && v !== undefined) {
			const k = kbps(v);
			const t = track(Number(rate[1]));
			if (k !== undefined && (t.bitrate === undefined || a.startsWith('-maxrate'))) t.bitrate = k;
			i++;
		} else if (a === '-map' && v !== undefined) {
			maps.push(v);
			i++;
		} else if (a === '-f' && v !== undefined) {
			format = v;
			i++;
		} else if (a === '-segment_format' && v !== undefined) {
			segmentFormat = v;
			i++;
		} else if (a === '-s' && v !== undefined) {
			const m = SIZE.exec(v);
			if (m) [width, height] = [Number(m[1]), Number(m[2])];
			i++;
		} else if ((a === '-filter_complex' || a.startsWith('-filter:') || a === '-vf') && v !== undefined) {
			const m = SCALE_WH.exec(v) ?? SCALE.exec(v);
			if (m) [width, height] = [Number(m[1]), Number(m[2])];
			i++;
		}
	}
	const out: TranscodeFacts = {};
	const decisions: Decision[] = [];
	let total = 0;
	let haveRate = false;
	for (const [idx, t] of [...tracks.entries()].sort((a, b) => a[0] - b[0])) {
		if (!t.encoder) continue;
		const map = maps[idx];
		const input = map && MAP_STREAM.test(map) ? inputDecoders.get(Number(map.split(':')[1])) : inputDecoders.get(idx);
		const copy = t.encoder === 'copy';
		const kind = map?.includes(':v') ? 'video' : map?.includes(':a') ? 'audio' : kindOf(copy ? input : t.encoder) ?? kindOf(input);
		const codec = copy ? input : t.encoder;
		const decision: Decision = copy ? 'copy' : 'transcode';
		if (kind === 'video' && out.videoDecision === undefined) {
			out.videoDecision = decision;
			if (codec) out.videoCodec = normalizeCodec(codec);
			decisions.push(decision);
		} else if (kind === 'audio' && out.audioDecision === undefined) {
			out.audioDecision = decision;
			if (codec) out.audioCodec = normalizeCodec(codec);
			decisions.push(decision);
		} else continue;
		if (t.bitrate !== undefined) {
			total += t.bitrate;
			haveRate = true;
		}
	}
	if (decisions.length === 0) return undefined;
	out.decision = decisions.includes('transcode') ? 'transcode' : 'copy';
	if (haveRate) out.bitrateKbps = Math.round(total);
	if (width && height) {
		out.width = width;
		out.height = height;
		out.resolution = normalizeResolution({width, height});
	}
	if (format === 'dash') {
		out.protocol = 'dash';
		out.container = 'mp4';
	} else if (format === 'hls' || (format === 'segment' && segmentFormat)) {
		out.protocol = 'hls';
		out.container = segmentFormat ?? 'mpegts';
	} else if (format) {
		out.protocol = 'http';
		out.container = format === 'matroska' ? 'mkv' : format;
	}
	return out;
}

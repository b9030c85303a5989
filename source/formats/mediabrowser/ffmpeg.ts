/**
What an ffmpeg command line logged by a media server says about a stream: input, output codecs,
bitrates, output size and container. Shared by Jellyfin (`TranscodeManager` / `TranscodingJobHelper`
log `{Filename} {Arguments}`) and Emby (3.x logs the bare command line under `App:`, 4.x logs
`ProcessRun '<name>' Execute: <path> <args>`).

Only double quotes group words (`-i file:"/media/a b.mkv"`, `-vf "scale=…"`); backslashes are kept as
they are because Windows paths and ffmpeg filter escapes (`iw\,ih`) both use them.
*/
import {own} from '../../model/own.js';

/** Split a command line into words: whitespace separates, double quotes group (and are removed). */
export function splitArgs(text: string): string[] {
	const out: string[] = [];
	let word = '';
	let inWord = false;
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 34 /* " */) {
			quoted = !quoted;
			inWord = true;
		} else if (!quoted && (c === 32 || c === 9)) {
			if (inWord) out.push(word);
			word = '';
			inWord = false;
		} else {
			word += text[i];
			inWord = true;
		}
	}
	if (inWord) out.push(word);
	return out;
}

/** The parts of an ffmpeg invocation that describe the produced stream. */
export type FfmpegJob = {
	/** The first `-i` value, without a `file:` prefix. */
	input: string | undefined;
	/** Encoder names as given (`hevc_qsv`, `libfdk_aac`, `copy`). */
	videoEncoder: string | undefined;
	audioEncoder: string | undefined;
	/** Bits per second from `-b:v` / `-ab`, `-b:a`. */
	videoBitrate: number | undefined;
	audioBitrate: number | undefined;
	width: number | undefined;
	height: number | undefined;
	/** The output `-f` (the last one after the first `-i`). */
	format: string | undefined;
	/** `-hls_segment_type` (`mpegts`, `fmp4`). */
	segmentType: string | undefined;
	/** True for single-frame jobs (thumbnails, trickplay): not a playback. */
	stillImage: boolean;
};

const VIDEO_CODEC_OPTS = new Set(['-codec:v:0', '-codec:v', '-c:v', '-c:v:0', '-vcodec']);
const AUDIO_CODEC_OPTS = new Set(['-codec:a:0', '-codec:a', '-c:a', '-c:a:0', '-acodec']);
const VIDEO_BITRATE_OPTS = new Set(['-b:v', '-b:v:0']);
const AUDIO_BITRATE_OPTS = new Set(['-ab', '-b:a', '-b:a:0']);
const FILTER_OPTS = new Set(['-vf', '-filter:v', '-filter:v:0', '-filter_complex']);

/** `5673431`, `192k`, `8M` → bits per second. */
export function parseBitrate(value: string | undefined): number | undefined {
	if (!value) return undefined;
	const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(value);
	if (!m) return undefined;
	const n = Number(m[1]);
	const unit = m[2]?.toLowerCase();
	return Math.round(unit === 'k' ? n * 1000 : unit === 'm' ? n * 1_000_000 : n);
}

/**
The output size a filter chain asks for. Handles fixed sizes (`scale=1280:720`, `scale_vaapi=w=1920:h=800`,
`vpp_qsv=w=…:h=…`, `scale=trunc(1280/2)*2:trunc(720/2)*2`) and Jellyfin's bounding box
(`scale=trunc(min(max(iw\,ih*a)\,min(1920\,1080*a))/2)*2:…`, i.e. at most 1920×1080).
*/
export function sizeFromFilters(filters: string): {width?: number; height?: number} {
	const box = /min\((\d{2,5})\\?,(\d{2,5})\*a\)/.exec(filters);
	if (box) return {width: Number(box[1]), height: Number(box[2])};
	const wh = /(?:^|[=:,])w=(\d{2,5}):h=(\d{2,5})/.exec(filters);
	if (wh) return {width: Number(wh[1]), height: Number(wh[2])};
	const trunc = /trunc\((\d{2,5})\/2\)\*2:trunc\((\d{2,5})\/2\)\*2/.exec(filters);
	if (trunc) return {width: Number(trunc[1]), height: Number(trunc[2])};
	const fixed = /(?:^|[,;\]])(?:scale|scale_[a-z]+|vpp_[a-z]+)=(\d{2,5}):(-?\d{1,5})(?=$|[:,;[])/.exec(filters);
	if (fixed) {
		const height = Number(fixed[2]);
		return height > 0 ? {width: Number(fixed[1]), height} : {width: Number(fixed[1])};
	}
	return {};
}

/** Read the stream description out of ffmpeg's arguments (without the executable). */
export function parseFfmpegArgs(args: readonly string[]): FfmpegJob {
	const job: FfmpegJob = {
		input: undefined,
		videoEncoder: undefined,
		audioEncoder: undefined,
		videoBitrate: undefined,
		audioBitrate: undefined,
		width: undefined,
		height: undefined,
		format: undefined,
		segmentType: undefined,
		stillImage: false,
	};
	for (let i = 0; i < args.length; i++) {
		const opt = args[i]!;
		if (opt.charCodeAt(0) !== 45 /* - */) continue;
		if (opt === '-vframes' || opt === '-frames:v' || opt === '-frames:v:0') {
			job.stillImage = true;
			continue;
		}
		const value = args[i + 1];
		if (value === undefined) break;
		if (opt === '-i') {
			if (job.input === undefined) job.input = value.startsWith('file:') ? value.slice(5) : value;
		} else if (VIDEO_CODEC_OPTS.has(opt)) {
			job.videoEncoder ??= value;
		} else if (AUDIO_CODEC_OPTS.has(opt)) {
			job.audioEncoder ??= value;
		} else if (VIDEO_BITRATE_OPTS.has(opt)) {
			job.videoBitrate ??= parseBitrate(value);
		} else if (AUDIO_BITRATE_OPTS.has(opt)) {
			job.audioBitrate ??= parseBitrate(value);
		} else if (opt === '-s') {
			const m = /^(\d{2,5})x(\d{2,5})$/.exec(value);
			if (m) {
				job.width = Number(m[1]);
				job.height = Number(m[2]);
			}
		} else if (FILTER_OPTS.has(opt)) {
			if (job.width === undefined && job.height === undefined) {
				const size = sizeFromFilters(value);
				job.width = size.width;
				job.height = size.height;
			}
		} else if (opt === '-f') {
			if (job.input !== undefined) job.format = value;
		} else if (opt === '-hls_segment_type') {
			job.segmentType = value;
		} else {
			continue;
		}
		i++;
	}
	if (job.format === 'image2' || job.format === 'mjpeg') job.stillImage = true;
	return job;
}

const ENCODER_CODECS: ReadonlyArray<readonly [RegExp, string]> = [
	[/^(?:libx264|libopenh264|h264(?:_[a-z0-9]+)?)$/, 'h264'],
	[/^(?:libx265|hevc(?:_[a-z0-9]+)?|h265(?:_[a-z0-9]+)?)$/, 'hevc'],
	[/^(?:libvpx-vp9|vp9(?:_[a-z0-9]+)?)$/, 'vp9'],
	[/^(?:libvpx|vp8(?:_[a-z0-9]+)?)$/, 'vp8'],
	[/^(?:libsvtav1|libaom-av1|librav1e|av1(?:_[a-z0-9]+)?)$/, 'av1'],
	[/^(?:libfdk_aac|aac(?:_[a-z0-9]+)?)$/, 'aac'],
	[/^(?:libmp3lame|mp3(?:_[a-z0-9]+)?)$/, 'mp3'],
	[/^(?:libopus|opus)$/, 'opus'],
	[/^(?:libvorbis|vorbis)$/, 'vorbis'],
	[/^(?:eac3|ac3|flac|alac|truehd|dts)$/, ''],
];

/** An encoder name to the codec it produces (`hevc_qsv` → `hevc`, `libfdk_aac` → `aac`). */
export function codecOfEncoder(encoder: string): string {
	const e = encoder.toLowerCase();
	for (const [re, codec] of ENCODER_CODECS) if (re.test(e)) return codec || e;
	return e;
}

const FORMAT_CONTAINERS: Readonly<Record<string, string>> = {
	matroska: 'mkv',
	mpegts: 'ts',
	mp4: 'mp4',
	mov: 'mov',
	webm: 'webm',
	adts: 'aac',
	mp3: 'mp3',
	flac: 'flac',
	ogg: 'ogg',
	opus: 'opus',
	wav: 'wav',
};

/** The delivered container and protocol: `-f hls` with `-hls_segment_type fmp4` → `mp4` over `hls`. */
export function containerOf(job: FfmpegJob): {container?: string; protocol?: string} {
	if (job.format === 'hls') return {protocol: 'hls', container: job.segmentType === 'fmp4' ? 'mp4' : 'ts'};
	if (job.format === 'dash') return {protocol: 'dash'};
	if (job.format === undefined) return {};
	return {container: own(FORMAT_CONTAINERS, job.format) ?? job.format};
}

/**
Message patterns that Jellyfin inherited from Emby and that both logs still share: the Emby-era HTTP
response line, the StreamBuilder eligibility lines, `HttpClientManager GET: <url>`, ffmpeg command
lines, and outbound `METHOD <url>` lines. Each factory takes the format's own sample lines, so each
format's pattern list stays self-checking (every pattern has a sample in that format's grammar).
*/
import type {PlaybackRecord} from '../../model/records.js';
import type {MessagePattern, PatternScope} from './engine.js';
import {parseFfmpegArgs, splitArgs} from './ffmpeg.js';
import {extensionOf, ffmpegPlayback, requestRecord, titleOfPath} from './records.js';

/** Serilog `{Message}` renders strings in double quotes with `\"` escapes; `:lj` and Emby do not. */
export function unquote(value: string): string {
	if (value.length >= 2 && value.charCodeAt(0) === 34 && value.charCodeAt(value.length - 1) === 34) return value.slice(1, -1).replace(/\\"/g, '"');
	return value;
}

/** A quoted (`"…"` with `\"` escapes) or bare value; bare values end at `stop`. */
export const QUOTED = String.raw`"(?:[^"\\]|\\.)*"`;

/** Strip the `. ` / `.` that Emby puts after a URL, and surrounding quotes. */
export function cleanUrl(raw: string): string {
	let url = raw.trim();
	if (url.endsWith('.')) url = url.slice(0, -1);
	return unquote(url);
}

/** Parse Emby 4.8+ request headers `Accept=*\/*, Connection=keep-alive, User-Agent=Mozilla/5.0 (…), …`. */
export function parseHeaderList(text: string): Array<[string, string]> {
	const out: Array<[string, string]> = [];
	// A new header starts after ", " with `Name=`; values may contain ", " themselves (gzip, deflate).
	const parts = text.split(/, (?=[A-Za-z][A-Za-z0-9-]{0,63}=)/);
	const MB_FIELDS = /^(?:Client|Device|DeviceId|Version|Token|UserId)=/;
	for (const part of parts) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const last = out[out.length - 1];
		// `Authorization=MediaBrowser Client="…", Device="…", …` keeps its fields.
		if (last && /^(?:x-emby-)?authorization$/i.test(last[0]) && MB_FIELDS.test(part)) {
			last[1] += `, ${part}`;
			continue;
		}
		out.push([part.slice(0, eq), part.slice(eq + 1)]);
	}
	return out;
}

/** `HTTP Response 200 to 192.168.1.29. Time: 3425ms (slow). http://…` (Emby ≤4.7, Jellyfin ≤10.4). */
export function httpResponseOld(samples: readonly string[]): MessagePattern {
	return {
		name: 'HTTP response (Emby-era)',
		start: 'HTTP Response ',
		re: /^HTTP Response (\d{3}) to "?([^"\s]+?)"?\. Time(?: \(slow\))?: (\S+?)(?:ms)?(?: \(slow\))?\. (.+)$/,
		telemetry: true,
		samples,
		build(m, s) {
			let tail = m[4]!;
			const conn = tail.lastIndexOf(' ConnectionId: ');
			if (conn !== -1) tail = tail.slice(0, conn);
			const url = cleanUrl(tail);
			s.state.addResponse(requestRecord(s.base(), {url, status: Number(m[1]), client: m[2], direction: 'inbound'}), url);
		},
	};
}

/** `Profile: "Unknown Profile", Path: "…", isEligibleForDirectPlay: True, isEligibleForDirectStream: True` (StreamBuilder, Emby 3 / Jellyfin ≤10.4). */
export function profileEligibility(samples: readonly string[]): MessagePattern {
	return {
		name: 'StreamBuilder eligibility',
		start: 'Profile: ',
		re: new RegExp(String.raw`^Profile: (${QUOTED}|[^,]*), Path: (${QUOTED}|.*?), isEligibleForDirectPlay: (\w+), isEligibleForDirectStream: (\w+)$`),
		telemetry: true,
		samples,
		build(m, s) {
			const path = unquote(m[2]!);
			const rec = eligibilityRecord(s, unquote(m[1]!), path, 'StreamBuilder eligibility (Profile/isEligibleForDirectPlay)');
			if (/^false$/i.test(m[3]!) && /^false$/i.test(m[4]!)) rec.decision = 'transcode';
			// Two eligibility lines in a row: the first one got no verdict line.
			if (s.state.pendingEligibility) s.emit(s.state.pendingEligibility.record);
			s.state.pendingEligibility = {record: rec, path};
		},
	};
}

/** `Profile: Unknown Profile, No direct play profiles found for Path: …`: the eligibility line above ends in a transcode. */
export function noDirectPlayProfile(samples: readonly string[]): MessagePattern {
	return {
		name: 'StreamBuilder no direct play profile',
		start: 'Profile: ',
		re: new RegExp(String.raw`^Profile: (${QUOTED}|[^,]*), No direct play profiles found for Path: (.*)$`),
		telemetry: true,
		samples,
		build(m, s) {
			const path = unquote(m[2]!);
			const pending = s.state.pendingEligibility;
			s.state.pendingEligibility = undefined;
			if (pending && pending.path === path) {
				pending.record.decision = 'transcode';
				pending.record.evidence = 'StreamBuilder eligibility + no direct play profile';
				s.emit(pending.record);
				return;
			}
			if (pending) s.emit(pending.record);
			const rec = eligibilityRecord(s, unquote(m[1]!), path, 'StreamBuilder no direct play profile');
			rec.decision = 'transcode';
			s.emit(rec);
		},
	};
}

function eligibilityRecord(s: PatternScope, profile: string, path: string, evidence: string): PlaybackRecord {
	const b = s.base();
	const rec: PlaybackRecord = {kind: 'playback', source: b.source, origin: {file: b.file, line: b.line}, identifiers: [], evidence};
	if (b.time !== undefined) rec.time = b.time;
	if (profile) rec.identifiers.push({kind: 'device', name: 'Profile', value: profile});
	const container = extensionOf(path);
	if (container) rec.container = container;
	const title = titleOfPath(path);
	if (title) rec.title = title;
	applyContext(s, rec);
	return rec;
}

/** Attach the user / client IP that a `User policy for …` or `RemoteClientBitrateLimit` line gave the thread. */
export function applyContext(s: PatternScope, rec: PlaybackRecord): void {
	const ctx = s.state.takeContext(s.entry.thread ?? '', s.entry.lineNo);
	if (!ctx) return;
	if (ctx.user) rec.user = ctx.user;
	if (ctx.remoteIp) rec.identifiers.push({kind: 'personal', name: 'RemoteIP', value: ctx.remoteIp});
}

/** `HttpClientManager GET: https://api.themoviedb.org/3/…` (Emby 3.x, Jellyfin 10.0–10.5). */
export function httpClientManager(samples: readonly string[]): MessagePattern {
	return {
		name: 'HttpClientManager outbound request',
		start: 'HttpClientManager ',
		re: /^HttpClientManager ([A-Z]+): (\S+)$/,
		telemetry: true,
		samples,
		build(m, s) {
			s.state.outbound(s.base(), m[2]!, m[1]);
		},
	};
}

/** `POST https://connect.emby.media/service/user/authenticate` (Emby 4.x `HttpClient:` and plugins). */
export function methodUrl(samples: readonly string[]): MessagePattern {
	return {
		name: 'outbound METHOD URL',
		contains: ' http',
		re: /^(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS) (https?:\/\/\S+)$/,
		telemetry: true,
		// ' http' is in many ordinary messages: a miss is not worth a diagnostic.
		reportMisses: false,
		samples,
		build(m, s) {
			s.state.outbound(s.base(), m[2]!, m[1]);
		},
	};
}

// The executable: a quoted path, a Windows path, a POSIX path, or bare `ffmpeg`; then arguments.
const FFMPEG_COMMAND = /^(?:"([^"]*?ffmpeg(?:\.exe)?)"|([A-Za-z]:\\[^"]*?\\ffmpeg(?:\.exe)?|\/\S*?\/ffmpeg|ffmpeg(?:\.exe)?)) ("?-.*)$/;

/** Cheap check for an ffmpeg command line (executable first, then options). */
export function looksLikeFfmpegCommand(message: string): boolean {
	const c = message.charCodeAt(0);
	return message.includes('ffmpeg') && message.includes(' -') && (c === 34 || c === 47 || c === 102 || (message.charCodeAt(1) === 58 && message.charCodeAt(2) === 92));
}

/** Playback (and an outbound request for a remote input) from an ffmpeg command line. */
export function buildFfmpeg(command: string, s: PatternScope, evidence: string): boolean {
	const m = FFMPEG_COMMAND.exec(command);
	if (!m) return false;
	let args = m[3]!;
	// Jellyfin's file template renders the arguments as one quoted string with \" inside.
	if (args.length >= 2 && args.charCodeAt(0) === 34 && args.charCodeAt(args.length - 1) === 34) args = unquote(args);
	const job = parseFfmpegArgs(splitArgs(args));
	const rec = ffmpegPlayback(s.base(), job, evidence);
	if (rec) s.emit(rec);
	if (job.input && /^https?:\/\//i.test(job.input)) s.state.outbound(s.base(), job.input, 'GET');
	return true;
}

/** An ffmpeg command line logged on its own (Jellyfin TranscodeManager, Emby 3 `App:`). */
export function ffmpegCommand(samples: readonly string[], evidence: string): MessagePattern {
	return {
		name: 'ffmpeg command line',
		when: looksLikeFfmpegCommand,
		re: FFMPEG_COMMAND,
		telemetry: true,
		samples,
		build(_m, s) {
			buildFfmpeg(s.entry.message, s, evidence);
		},
	};
}

/**
The PMS message patterns, as data: each has a name, the literal prefixes that dispatch to it, an
anchored regex over the message (after its `[context]` prefixes), real sample lines with their source,
and a pure builder that turns a match into a typed event. The parser (`parser.ts`) owns all state
(request joining, pending groups); patterns never see it.

A pattern with `fallback: true` is used only when no other pattern of its prefix group matched (e.g.
the many `MDE:` texts that carry nothing). A line whose prefix matched but no pattern did "looks like
telemetry but fails" and gets a per-line diagnostic.
*/
import type {DeviceInfo, Identifier, PlaybackRecord} from '../../model/records.js';
import {clientEvidence} from '../common/client-params.js';
import {parseQuery} from '../common/url.js';
import {parseGmtOffset, type MessageContext} from './header.js';
import {splitArgv, transcodeFacts, type TranscodeFacts} from './transcoder.js';
import {own} from '../../model/own.js';
import {ownCopy} from '../../model/limits.js';
import {BoundedMemo} from '../../model/memo.js';

/** Facts about one inbound request line (`Request:`), before joining. */
export type InboundRequest = {
	ip: string;
	port: number;
	network: string | undefined;
	method: string;
	/** Origin-form target as logged (path and query). */
	target: string;
	reqId: string | undefined;
	tls: boolean;
	user: string | undefined;
	app: string | undefined;
	/** Verbose builds: ` / Name => value` header pairs. */
	headers: Array<[string, string]>;
};

/** What a pattern's builder says a message means. */
export type PmsEvent =
	| {type: 'identity'; version: string; build: string | undefined; offsetMinutes: number | undefined}
	| {type: 'inbound-request'; request: InboundRequest}
	| {type: 'inbound-completed'; ip: string | undefined; port: number | undefined; status: number | undefined; method: string; target: string; reqId: string | undefined; tls: boolean; bytes: number | undefined}
	| {type: 'outbound-request'; method: string | undefined; url: string}
	| {type: 'outbound-response'; method: string; url: string; status: number}
	| {type: 'outbound-error'; method: string; url: string; reason: string | undefined}
	| {type: 'outbound-timeout'; status: number}
	| {type: 'ssdp-fetch'; url: string}
	| {type: 'connect'; host: string; port: number | undefined; via: string}
	| {type: 'server-info'; identifiers: Identifier[]}
	| {type: 'crash-upload'; url: string; identifiers: Identifier[]; device: DeviceInfo | undefined; fields: string[]}
	| {type: 'device'; group: 'timeline' | 'now-user' | 'now-device' | 'now-profile' | undefined; device: DeviceInfo; user: string | undefined; identifiers: Identifier[]; evidence: string}
	| {type: 'playback'; facts: PlaybackFacts; identifiers: Identifier[]; evidence: string}
	| {type: 'transcoder-input'; container: string | undefined}
	| {type: 'none'};

/** Playback fields a message can state (the parser adds kind, source, origin, time). */
export type PlaybackFacts = Partial<Pick<PlaybackRecord, 'container' | 'videoCodec' | 'audioCodec' | 'resolution' | 'width' | 'height' | 'bitrateKbps' | 'videoDecision' | 'audioDecision' | 'decision' | 'protocol' | 'mediaType' | 'title' | 'user'>> & TranscodeFacts;

/** A real line and where it was published. */
export type Sample = readonly [line: string, source: string];

export type PmsPattern = {
	readonly name: string;
	/** Literal starts of the message (after context prefixes) that dispatch to this pattern. */
	readonly prefixes: readonly string[];
	readonly re: RegExp;
	/** True when lines of this shape carry telemetry (records or joined state). */
	readonly telemetry: boolean;
	/** Used only when no other pattern of the same prefix group matched. */
	readonly fallback?: boolean;
	readonly samples: readonly Sample[];
	build(m: RegExpExecArray, c: MessageContext): PmsEvent;
};

const NONE: PmsEvent = {type: 'none'};

/** `[::ffff:1.2.3.4]` → `::ffff:1.2.3.4` (IPv6 addresses are bracketed before `:port`). */
function unbracket(ip: string): string {
	return ip.charCodeAt(0) === 91 /* [ */ && ip.charCodeAt(ip.length - 1) === 93 /* ] */ ? ip.slice(1, -1) : ip;
}

/** Plex metadata types (`type=N` in the API and in `Statistics:` lines). */
const MEDIA_TYPES: Readonly<Record<string, string>> = {'1': 'movie', '2': 'show', '3': 'season', '4': 'episode', '8': 'artist', '9': 'album', '10': 'track', '12': 'clip', '13': 'photo', '14': 'photoalbum', '15': 'playlist'};

// The flags' grammar, compiled once (a regex literal in a function makes a new object on every call).
const RANGE_SUFFIX = /\s*\(range: [^)]*\)\s*$/;
const REQ_ID = /(?:^| )#([0-9a-f]+)(?= |$)/;
const TLS_FLAG = / TLS(?= |$)/;
const TOKEN_USER = / Token \(([^()]*)\)(?: \((.*)\))?\s*$/;

/** Parse the flags after `(N live)` on a `Request:` line. */
export function parseRequestFlags(flags: string): Pick<InboundRequest, 'reqId' | 'tls' | 'user' | 'app' | 'headers'> {
	let head = flags;
	const headers: Array<[string, string]> = [];
	// Verbose builds append ` / Name => value` pairs (googlecast#94, clusterplex#193).
	const dump = flags.indexOf(' / ');
	if (dump !== -1 && /^[A-Za-z][\w-]* => /.test(flags.slice(dump + 3, dump + 80))) {
		head = flags.slice(0, dump);
		for (const part of flags.slice(dump + 3).split(' / ')) {
			const arrow = part.indexOf(' => ');
			if (arrow > 0) headers.push([part.slice(0, arrow), part.slice(arrow + 4).trim()]);
		}
	}
	if (head.includes('(range: ')) head = head.replace(RANGE_SUFFIX, '');
	const reqId = head.includes('#') ? REQ_ID.exec(head)?.[1] : undefined;
	const tls = head.includes(' TLS') && TLS_FLAG.test(head);
	const token = head.includes(' Token (') ? TOKEN_USER.exec(head) : null;
	const user = token?.[1] ? token[1] : undefined;
	const app = token?.[2] && !token[2].startsWith('range:') ? token[2] : undefined;
	return {reqId, tls, user, app, headers};
}

type RequestFlags = Pick<InboundRequest, 'reqId' | 'tls' | 'user' | 'app' | 'headers'>;

/** The flags after a leading request id: they repeat from request to request (`TLS GZIP Signed-in Token (user)`). */
const LEADING_REQ_ID = /^ #([0-9a-f]+)(?= |$)/;
const flagsAfterId = new BoundedMemo<RequestFlags>(1024, 256);

/** What `flagsAfterId` keeps: copies of the user and the app (slices of a line would keep the line alive). */
function ownFlags(flags: string): RequestFlags {
	const f = parseRequestFlags(flags);
	const user = f.user === undefined ? undefined : ownCopy(f.user);
	return {reqId: f.reqId, tls: f.tls, user, app: f.app === undefined ? undefined : ownCopy(f.app), headers: f.headers};
}

/**
`parseRequestFlags`, remembered by the text after a leading `#id` (each request has its own id; the
rest repeats). The leading id is the one `parseRequestFlags` would find (the first), and what follows it
reads the same without it. A header dump is parsed afresh each time (its list is the request's own).
*/
export function requestFlags(flags: string): RequestFlags {
	const lead = flags.charCodeAt(1) === 35 /* # */ ? LEADING_REQ_ID.exec(flags) : null;
	if (!lead || flags.length - lead[0].length > flagsAfterId.maxKey || flags.includes(' / ')) return parseRequestFlags(flags);
	const rest = flagsAfterId.through(flags.slice(lead[0].length), ownFlags);
	return {reqId: lead[1], tls: rest.tls, user: rest.user, app: rest.app, headers: []};
}

/** `platform=webOS, platformVersion=7.3.0, device=webOS 7.3.0, model=funnyclient` → device fields. */
function profileDevice(text: string): DeviceInfo {
	const device: DeviceInfo = {};
	for (const part of text.split(', ')) {
		const eq = part.indexOf('=');
		if (eq < 1) continue;
		const key = part.slice(0, eq).trim();
		const value = part.slice(eq + 1).trim();
		if (!value) continue;
		if (key === 'platform' || key === 'platformVersion' || key === 'device' || key === 'model' || key === 'product' || key === 'version') device[key] = value;
	}
	return device;
}

function deviceIdentifiers(device: DeviceInfo): Identifier[] {
	const ids: Identifier[] = [];
	for (const [name, value] of Object.entries(device)) if (value) ids.push({kind: name === 'name' ? 'personal' : name === 'clientId' ? 'identifier' : 'device', name, value});
	return ids;
}

/** The crash uploader's `--name=value` arguments (PMS 1.41 Windows, see the sample). */
function crashUpload(args: readonly string[]): PmsEvent {
	const opts = new Map<string, string>();
	for (const a of args) {
		const m = /^--([A-Za-z]+)=(.*)$/s.exec(a);
		if (m) opts.set(m[1]!, m[2]!);
	}
	const url = opts.get('sentryUrl') ?? opts.get('url');
	if (!url) return NONE;
	const identifiers: Identifier[] = [];
	const fields: string[] = [];
	const kinds: Readonly<Record<string, Identifier['kind']>> = {userId: 'personal', serverUuid: 'identifier', sentryKey: 'secret', platform: 'device', platformVersion: 'device', vendor: 'device', model: 'device', device: 'device', version: 'device'};
	for (const [name, value] of opts) {
		if (name === 'sentryUrl' || name === 'url' || name === 'directory') continue;
		fields.push(name);
		const kind = own(kinds, name);
		if (kind && value) identifiers.push({kind, name, value});
	}
	const device: DeviceInfo = {product: 'Plex Crash Uploader'};
	for (const key of ['version', 'platform', 'platformVersion', 'vendor', 'model', 'device'] as const) {
		const v = opts.get(key);
		if (v) device[key] = v;
	}
	return {type: 'crash-upload', url, identifiers, device, fields};
}

export const PMS_PATTERNS: readonly PmsPattern[] = [
	{
		name: 'server-identity',
		prefixes: ['Plex Media Server v'],
		re: /^Plex Media Server v(\S+) - (.*?)(?: - build: (\S+)(?: \S+)?)?(?: - GMT ([+-]?\d{1,2}:\d{2}))?\s*$/,
		telemetry: true,
		samples: [
			['Feb 06, 2026 12:48:39.648 [136529588505400] INFO - Plex Media Server v1.43.0.10467-2b1ba6e69 - Ubuntu ASUSTeK COMPUTER INC. PRIME H310M-A R2.0 x86_64 - build: linux-x86_64 debian - GMT -05:00', 'PMS 1.43, plex-media-server-1.43-startup.log line 1'],
			['May 01, 2019 18:48:46.234 [0x7f70a5bfe700] INFO - Plex Media Server v1.14.1.5488-cc260c476 - ubuntu PC x86_64 - build: linux-ubuntu-x86_64 ubuntu - GMT 03:00', 'PMS 1.14, kitsu-plex-scrobbler#18'],
			['Jan 30, 2025 19:23:31.128 [35324] INFO - Plex Media Server v1.41.3.9314-a0bfb8370 - ASUS System Product Name x64-x64 - build: windows-x86_64 windows - GMT -06:00', 'PMS 1.41.3 Windows, user-posted log (2025)'],
		],
		build: (m) => ({type: 'identity', version: m[1]!, build: m[3], offsetMinutes: m[4] === undefined ? undefined : parseGmtOffset(m[4])}),
	},
	{
		name: 'inbound-request',
		prefixes: ['Request: ['],
		// The live count is not captured (nothing reads it; every capture is a string made per line).
		re: /^Request: \[(\[?[0-9a-fA-F:.]+\]?):(\d+)(?: \(([^()]*(?:\([^()]*\))?)\))?\] ([A-Z]+) (\S+) \(\d+ live\)(.*)$/,
		telemetry: true,
		samples: [
			['Oct 05, 2014 17:48:11 [0x108f7e000] DEBUG - Request: [192.168.1.210:55218] GET /video/:/transcode/segmented/start.m3u8?quality=10&3g=0&url=http%3A%2F%2F192.168.1.38%3A32400%2Flibrary%2Fparts%2F15655&X-Plex-Access-Key=BWSV622WQARJQHWA1KNQ&X-Plex-Access-Time=1412549280&X-Plex-Access-Code=iiA6%2BLrTjvbaTt2oI2NK%2FH4VBta2ZRGukxu9lZDOYT8%3D (26 live)', '2014, PLAYz-Media-for-PLEX#62'],
			['Oct 28, 2018 14:44:17.421 [0x7fa0f0bff700] DEBUG - Request: [192.168.0.25:60953 (WAN)] GET / (6 live) GZIP', '2018, linuxserver/docker-plex#142'],
			['Jan 28, 2022 14:43:07.722 [0x7f08f83bbb38] DEBUG - Request: [127.0.0.1:52464 (Loopback)] GET /photo/:/transcode?format=png&height=260&url=http%3A%2F%2F127%2E0%2E0%2E1%3A32400%2F%3A%2Fresources%2Fdlna-icon-260%2Epng&width=260 (5 live) Signed-in Token (mennovanderhurk) (range: bytes=0-) ', '2022, Kaiede/PlexPlaylistHost#9'],
			['Jan 12, 2022 13:42:43.691 [0x7f82b01aa8] DEBUG - Request: [192.168.1.89:61687 (Subnet)] GET /:/prefs (10 live) TLS GZIP Signed-in Token (Flavio_59) / Accept => application/xml / Host => 192-168-1-96.2fd7cb1625624bea8ad994d4060602a8.plex.direct:32400 / User-Agent => Plex; 1.39.1.2763-300bb607; Windows 10 Version 2009 / X-Plex-Client-Identifier => msmy7vq7wxjdzu42rml5mges / X-Plex-Client-Profile-Name => Plex Desktop / X-Plex-Device-Name => Net-Hunter / X-Plex-Model => standalone / X-Plex-Platform => windows / X-Plex-Platform-Version => 10.0.22000', '2022 verbose header dump, guirem/plugin-googlecast#94 (header list shortened)'],
			['Feb 06, 2026 12:48:45.868 [136529439558456] DEBUG - Request: [192.168.1.208:48045 (Subnet)] GET /library/sections/50/all?type=1&includeCollections=1&includeExternalMedia=1&includeAdvanced=1&includeMeta=1 (6 live) #2a Page 0-49 GZIP Signed-in Token (Briadin)', 'PMS 1.43, plex-media-server-1.43-startup.log line 390'],
			['Feb 14, 2026 13:13:52.645 [140513386416952] Ladění — Request: [192.168.2.45:45582 (Allowed Network (WAN))] GET /livetv/sessions/87a4a7e1-8c52-49fa-b7f5-ae8202602d75/f58823826a49f288-com-plexapp-android/04893.ts (31 live) #455872 TLS Signed-in', '2026 Czech level, edde746/plezy#199'],
			['May 02, 2026 09:49:48.507 [278559438758112] Debug — Request: [203.0.113.7:51234 (WAN)] GET /library/sections/4/all (5 live) #683d3 Page 0-0 GZIP Signed-in Token ([USER]) (Plex Auth App (Chrome))', '2026 client-app suffix, narenh/CanopyPlus-Setup#1 (ip:port placeholder filled)'],
		],
		build: (m) => {
			const {reqId, tls, user, app, headers} = requestFlags(m[6]!);
			const request: InboundRequest = {ip: unbracket(m[1]!), port: Number(m[2]), network: m[3], method: m[4]!, target: m[5]!, reqId, tls, user, app, headers};
			return {type: 'inbound-request', request};
		},
	},
	{
		name: 'inbound-request-no-data',
		prefixes: ["Request: didn't get any data from "],
		re: /^Request: didn't get any data from (\S+): (.*)$/,
		telemetry: false,
		samples: [["Feb 06, 2026 13:01:54.533 [136529580047160] DEBUG - Request: didn't get any data from [::ffff:54.87.112.51]:22278: End of file", 'PMS 1.43, plex-media-server-1.43-startup.log line 1183']],
		build: () => NONE,
	},
	{
		name: 'inbound-completed',
		prefixes: ['Completed: [', 'Completed after connection close: ['],
		// Neither the live count nor the duration is captured (nothing reads them).
		re: /^Completed(?: after connection close)?: \[([^\]]+):(\d+)\] (-?\d+) ([A-Z]+) (\S+) \(\d+ live\)(.*?) \d+ms (\d+) bytes(?: \(pipelined: \d+\))?(?: \(range: [^)]*\))?\s*$/,
		telemetry: true,
		samples: [
			['Oct 28, 2018 14:44:17.006 [0x7fa0f03fe700] DEBUG - Completed: [192.168.0.25:60953] 200 GET /web/common/img/backgrounds/preset-light.770a0981b66e038d3ffffbcc4f5a26a4.png (6 live) GZIP 2ms 42165 bytes (pipelined: 7)', '2018, linuxserver/docker-plex#142'],
			['Mar 18, 2023 13:51:19.896 [0x7f4579e62b38] DEBUG - Completed: [127.0.0.1:54674] 200 POST /video/:/transcode/session/875a95c7bc0072ef-com-plexapp-android/307e3bd1-e2a3-448f-960b-23f25aa9b8ff/progress/log?level=3&message=Loading%20external%20lib (19 live) #1bee 0ms 195 bytes (pipelined: 1) (range: bytes=0-) ', '2023, pabloromeo/clusterplex#207 (message shortened)'],
			['Feb 06, 2026 12:48:39.813 [136529580047160] DEBUG - Completed: [192.168.1.208:18113] 503 GET /media/providers (2 live) #1 GZIP 0ms 436 bytes (pipelined: 1)', 'PMS 1.43, plex-media-server-1.43-startup.log'],
			['Feb 06, 2026 13:05:45.322 [136529580047160] DEBUG - Completed after connection close: [192.168.1.208:35401] -3 GET /:/websockets/notifications (3 live) #28 GZIP 1019484ms 8432 bytes', 'PMS 1.43, plex-media-server-1.43-startup.log line 1331 (websocket closed)'],
			['Feb 14, 2026 13:13:52.646 [140514157157176] Ladění — Completed: [192.168.2.45:45582] 200 GET /livetv/sessions/87a4a7e1-8c52-49fa-b7f5-ae8202602d75/f58823826a49f288-com-plexapp-android/04893.ts (31 live) #455872 TLS 1ms 278804 bytes (pipelined: 7219)', '2026 Czech level, edde746/plezy#199'],
		],
		build: (m) => {
			const status = Number(m[3]);
			return {
				type: 'inbound-completed',
				ip: unbracket(m[1]!),
				port: Number(m[2]),
				// `-3` is PMS's code for a websocket closed by the client, not an HTTP status.
				status: status >= 100 && status <= 599 ? status : undefined,
				method: m[4]!,
				target: m[5]!,
				reqId: m[6]!.includes('#') ? REQ_ID.exec(m[6]!)?.[1] : undefined,
				tls: m[6]!.includes(' TLS') && TLS_FLAG.test(m[6]!),
				bytes: Number(m[7]),
			};
		},
	},
	{
		name: 'inbound-completed-2014',
		prefixes: ['Completed request: '],
		re: /^Completed request: ([A-Z]+) (\S+): (\d{3})$/,
		telemetry: true,
		samples: [['Oct 05, 2014 17:48:06 [0x10f140000] VERBOSE - Completed request: GET /video/:/transcode/segmented/start.m3u8?quality=10&3g=0&url=http%3A%2F%2F192.168.1.38%3A32400%2Flibrary%2Fparts%2F15655: 401', '2014, PLAYz-Media-for-PLEX#62']],
		build: (m) => ({type: 'inbound-completed', ip: undefined, port: undefined, status: Number(m[3]), method: m[1]!, target: m[2]!, reqId: undefined, tls: false, bytes: undefined}),
	},
	{
		name: 'outbound-request',
		prefixes: ['HTTP requesting '],
		re: /^HTTP requesting (?:to: )?(?:([A-Z]+) )?(\S+)\s*$/,
		telemetry: true,
		samples: [
			['Jan 03, 2015 22:13:40 [0x7f739fbfe700] DEBUG - HTTP requesting to: http://127.0.0.1:38168/video/tvheadend-ng/:/function/PlayVideo?function_args=Y2VyZWFsMQ', '2015, realriot/tvheadend-ng.bundle#21 (query shortened)'],
			['Oct 28, 2018 14:44:00.343 [0x7fa0e77fe700] DEBUG - HTTP requesting GET https://plex.tv/api/v2/release_channels?X-Plex-Token=', '2018, linuxserver/docker-plex#142'],
			['Feb 06, 2026 12:48:39.728 [136529450105656] DEBUG - [HCl#1] HTTP requesting GET https://plex.tv/api/v2/server/access_tokens?auth_token=xxxxxxxxxxxxxxxxxxxx', 'PMS 1.43, plex-media-server-1.43-startup.log line 60'],
			['Feb 06, 2026 12:49:04.465 [136529371749176] DEBUG - [Req#50/PhotoTranscoder/HCl#2d] HTTP requesting GET https://images.plex.tv/photo?height=336&width=225&minSize=1&upscale=1&url=http%3A%2F%2F192%2E168%2E1%2E71%3A9999%2Fscene%2F900616%2Fscreenshot', 'PMS 1.43, plex-media-server-1.43-startup.log line 601'],
			['Aug 04, 2025 20:35:21.069 [0x16bc63000] DEBUG - [Req#3d1/HCl#14c] HTTP requesting GET https://plex.tv/api/v2/user', 'PMS 1.41 macOS, CodyBerenson/PGMA-Modernized#332 (telemetry-facts.md §3; path completed)'],
		],
		build: (m) => ({type: 'outbound-request', method: m[1], url: m[2]!}),
	},
	{
		name: 'outbound-response',
		prefixes: ['HTTP/', 'HTTP 1', 'HTTP 2', 'HTTP 3', 'HTTP 4', 'HTTP 5'],
		re: /^HTTP(?:\/[\d.]+)? (?:\([\d.]+s\) )?(\d{3}) response from ([A-Z]+) (\S+)(?: \(reused\))?\s*$/,
		telemetry: true,
		samples: [
			['Dec 24, 2017 15:33:24.453 [0x7fadc0ffc700] DEBUG - HTTP 200 response from GET http://127.0.0.1:34595/video/iptv/playvideo.m3u8?url=x', '2017, Cigaras/IPTV.bundle#164 (query shortened)'],
			['Oct 16, 2017 23:27:50.469 [0x7f491fbff700] DEBUG - HTTP 200 response from GET https://plex.tv/updater/products/1/check.xml?build=linux-ubuntu-x86_64&channel=16&distribution=ubuntu&version=1.9.4.4325-1bf240a65', '2017, Plex forum post "Network is delayed at startup" (telemetry-facts.md §3)'],
			['Jan 28, 2022 14:42:52.593 [0x7f08f83bbb38] DEBUG - HTTP/1.1 (0.1s) 200 response from GET http://127.0.0.1:38205/music/playlisthost/:/function/PlaylistMenu?function_args=Y2VyZWFsMQoxCmRpY3QKMgpzMjIKL3BsYXlsaXN0cy8zMzUxNC9pdGVtc3MzCmtleXM4CmRpdmVyc2VuczUKdGl0bGVyMAo_ (reused)', '2022, Kaiede/PlexPlaylistHost#9'],
			['Feb 06, 2026 12:48:39.853 [136529445886776] DEBUG - [HttpClient/HCl#1] HTTP/1.1 (0.1s) 200 response from GET https://plex.tv/api/v2/server/access_tokens?auth_token=xxxxxxxxxxxxxxxxxxxx', 'PMS 1.43, plex-media-server-1.43-startup.log line 79'],
			['Feb 06, 2026 12:49:04.627 [136529445886776] DEBUG - [HttpClient/HCl#2e] HTTP/2.0 (0.2s) 400 response from GET https://images.plex.tv/photo?height=336&width=225&minSize=1&upscale=1&url=http%3A%2F%2F192%2E168%2E1%2E71%3A9999%2Fscene%2F900618%2Fscreenshot', 'PMS 1.43, plex-media-server-1.43-startup.log line 604'],
		],
		build: (m) => ({type: 'outbound-response', status: Number(m[1]), method: m[2]!, url: m[3]!}),
	},
	{
		name: 'outbound-error',
		prefixes: ['HTTP error requesting '],
		re: /^HTTP error requesting ([A-Z]+) (\S+)(?: (.*))?$/,
		telemetry: true,
		samples: [
			["Oct 16, 2017 23:27:45.235 [0x7f492dffe700] WARN - HTTP error requesting GET https://plex.tv/servers/baa4d0baa6fa4a7827eacab9bf56a7a0c374c1c2/access_tokens.xml?auth_token=xxxxxxxxxxxxxxxxxxxx&includeProfiles=1&includeProviders=1 (0, No error) (Couldn't resolve host 'plex.tv')", '2017, Plex forum post "Network is delayed at startup"'],
			["Oct 16, 2017 23:27:47.304 [0x7f492e7ff700] WARN - HTTP error requesting PUT https://plex.tv/devices/baa4d0baa6fa4a7827eacab9bf56a7a0c374c1c2?Connection[][uri]=http://192.168.0.6:32400&httpsEnabled=1&httpsRequired=0&X-Plex-Token=xxxxxxxxxxxxxxxxxxxx (0, No error) (Couldn't resolve host 'plex.tv')", '2017, Plex forum post "Network is delayed at startup" (telemetry-facts.md §3)'],
		],
		build: (m) => ({type: 'outbound-error', method: m[1]!, url: m[2]!, reason: m[3]}),
	},
	{
		name: 'outbound-timeout',
		prefixes: ['HTTP simulating '],
		re: /^HTTP simulating (\d{3}) after (.+)$/,
		telemetry: true,
		samples: [['Feb 06, 2026 12:48:55.674 [136529445886776] DEBUG - [HttpClient/HCl#7] HTTP simulating 408 after curl timeout', 'PMS 1.43, plex-media-server-1.43-startup.log line 531']],
		build: (m) => ({type: 'outbound-timeout', status: Number(m[1])}),
	},
	{
		name: 'plugin-reply',
		prefixes: ['HTTP reply status '],
		re: /^HTTP reply status (\d+), with (\d+) bytes of content\.$/,
		telemetry: false,
		samples: [['Jan 28, 2022 14:42:52.593 [0x7f08f83bbb38] DEBUG - [com.plexapp.plugins.playlisthost] HTTP reply status 200, with 16983 bytes of content.', '2022, Kaiede/PlexPlaylistHost#9 (plug-in host reply; the HCl lines carry the request)']],
		build: () => NONE,
	},
	{
		name: 'ssdp-fetch',
		prefixes: ['Parsing SSDP schema for '],
		re: /^Parsing SSDP schema for (\S+)$/,
		telemetry: true,
		samples: [['Feb 06, 2026 12:48:40.669 [136529426520888] DEBUG - [NSB/SSDP] Parsing SSDP schema for http://10.10.10.113:5000/ssdp/desc-DSM-eth4.xml', 'PMS 1.43, plex-media-server-1.43-startup.log line 137']],
		build: (m) => ({type: 'ssdp-fetch', url: m[1]!}),
	},
	{
		name: 'ssdp-arrived',
		prefixes: ['SSDP arrived: '],
		re: /^SSDP arrived: (\S+) \((.*)\)$/,
		telemetry: true,
		samples: [['Feb 06, 2026 13:11:27.654 [136529426520888] DEBUG - [NSB/SSDP] SSDP arrived: 192.168.1.240 (Bedroom TV)', 'PMS 1.43, plex-media-server-1.43-startup.log']],
		build: (m) => ({type: 'device', group: undefined, device: {name: m[2]!}, user: undefined, identifiers: [{kind: 'personal', name: 'SSDP address', value: m[1]!}, {kind: 'personal', name: 'SSDP friendly name', value: m[2]!}], evidence: 'PMS SSDP discovery'}),
	},
	{
		name: 'socket-connect',
		prefixes: ['Resolving '],
		re: /^Resolving (\S+) port (\d+)$/,
		telemetry: true,
		samples: [['Feb 06, 2026 12:48:40.851 [136529580047160] DEBUG - [EventSourceClient/pubsub/45.79.211.188:443] Resolving 45.79.211.188 port 443', 'PMS 1.43, plex-media-server-1.43-startup.log line 280 (pubsub event stream)']],
		build: (m, c) => ({type: 'connect', host: m[1]!, port: Number(m[2]), via: c.ctx.split('/').slice(0, 2).join('/') || 'socket'}),
	},
	{
		name: 'pubsub-ping',
		prefixes: ['Time to connect to '],
		re: /^Time to connect to (\S+) was (\d+) ms\.$/,
		telemetry: true,
		samples: [['Feb 06, 2026 12:48:46.619 [136529397570360] DEBUG - [PubsubServerManager/process] Time to connect to 45.56.116.228 was 53 ms.', 'PMS 1.43, plex-media-server-1.43-startup.log line 418']],
		build: (m, c) => ({type: 'connect', host: m[1]!, port: undefined, via: c.ctx.split('/')[0] || 'ping'}),
	},
	{
		name: 'server-info',
		prefixes: ['MyPlex: Sending Server Info to myPlex ('],
		re: /^MyPlex: Sending Server Info to myPlex \(user=([^,]*), ip=([^,]*), port=(\d*)\)$/,
		telemetry: true,
		samples: [['Feb 06, 2026 12:49:00.355 [136529584286520] DEBUG - MyPlex: Sending Server Info to myPlex (user=redacted@example.invalid, ip=104.171.250.43, port=37777)', 'PMS 1.43, plex-media-server-1.43-startup.log line 567']],
		build: (m) => {
			const identifiers: Identifier[] = [];
			if (m[1]) identifiers.push({kind: 'personal', name: 'myPlex user', value: m[1]});
			if (m[2]) identifiers.push({kind: 'personal', name: 'public IP', value: m[2]});
			if (m[3] && m[3] !== '0') identifiers.push({kind: 'identifier', name: 'public port', value: m[3]});
			return {type: 'server-info', identifiers};
		},
	},
	{
		name: 'myplex-cached',
		prefixes: ['MyPlex: using cached data for request for '],
		re: /^MyPlex: using cached data for request for (\S+)$/,
		telemetry: false,
		samples: [['Feb 06, 2026 12:48:39.671 [136529695025808] DEBUG - MyPlex: using cached data for request for https://plex.tv/api/v2/server/users/features', 'PMS 1.43 (answered from cache: no network traffic)']],
		build: () => NONE,
	},
	{
		name: 'document-download',
		prefixes: ['Downloading document ', 'Computed media url for item '],
		re: /^(?:Downloading document|Computed media url for item \d+:) (\S+)$/,
		telemetry: false,
		samples: [
			['Feb 06, 2026 12:48:45.894 [136529371749176] DEBUG - [Req#26] Downloading document https://plex.tv/updater/products/5/check.xml?build=linux-x86_64&channel=16&distribution=debian&version=1.43.0.10467-2b1ba6e69', 'PMS 1.43 (the HCl line that follows is the request)'],
			['Feb 06, 2026 12:49:04.464 [136529371749176] DEBUG - [Req#50/PhotoTranscoder/Req#58] Computed media url for item 841662: https://images.plex.tv/photo?height=336&width=225&minSize=1&upscale=1&url=http%3A%2F%2F192%2E168%2E1%2E71%3A9999%2Fscene%2F900616%2Fscreenshot', 'PMS 1.43 (the HCl line that follows is the request)'],
		],
		build: () => NONE,
	},
	{
		name: 'timeline',
		prefixes: ['Client ['],
		re: /^Client \[([^\]]+)\] reporting timeline state (\w+)(?:, progress of (\d+)\/(\d+)ms)?(.*)$/,
		telemetry: true,
		samples: [
			['Jan 12, 2022 13:42:24.403 [0x7f829a4aa8] DEBUG - Client [0mysqobo3vpvjatpnks6ubu4] reporting timeline state playing, progress of 139000/187000ms for guid=, playbackTime=139168ms ratingKey=80906 url=, key=/library/metadata/80906, containerKey=, metadataId=80906, source=', '2022, guirem/plugin-googlecast#94'],
			['Feb 14, 2026 13:14:06.855 [140513311898424] Ladění — [Req#455de3] Client [wtc6gwnn3i6yi4iflnlyqoiy] reporting timeline state stopped, progress of 17083/900000ms for guid=, playbackTime=17083ms ratingKey=133276 url=, key=/livetv/sessions/ae71d39b-0f81-4675-8a80-f8e578153389, containerKey=, metadataId=133276, source=', '2026 Czech level, edde746/plezy#199'],
		],
		build: (m) => ({
			type: 'device',
			group: 'timeline',
			device: {clientId: m[1]!},
			user: undefined,
			identifiers: [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: m[1]!}],
			evidence: `PMS timeline report (${m[2]})`,
		}),
	},
	{
		name: 'now-user',
		prefixes: ['[Now] User is '],
		re: /^\[Now\] User is (.+) \(ID: (\d+)\)$/,
		telemetry: true,
		samples: [['Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] User is Flavio_59 (ID: 1)', '2022, guirem/plugin-googlecast#94']],
		build: (m) => ({type: 'device', group: 'now-user', device: {}, user: m[1]!, identifiers: [{kind: 'personal', name: 'user', value: m[1]!}, {kind: 'identifier', name: 'account ID', value: m[2]!}], evidence: 'PMS [Now] session'}),
	},
	{
		name: 'now-device',
		prefixes: ['[Now] Device is '],
		re: /^\[Now\] Device is ([^()]*?) \((.*)\)\.$/,
		telemetry: true,
		samples: [['Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] Device is windows (Net-Hunter).', '2022, guirem/plugin-googlecast#94']],
		build: (m) => ({type: 'device', group: 'now-device', device: {platform: m[1]!, name: m[2]!}, user: undefined, identifiers: [{kind: 'device', name: 'platform', value: m[1]!}, {kind: 'personal', name: 'device name', value: m[2]!}], evidence: 'PMS [Now] session'}),
	},
	{
		name: 'now-profile',
		prefixes: ['[Now] Profile is '],
		re: /^\[Now\] Profile is (.+)$/,
		telemetry: true,
		samples: [['Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] Profile is Plex Desktop', '2022, guirem/plugin-googlecast#94']],
		build: (m) => ({type: 'device', group: 'now-profile', device: {}, user: undefined, identifiers: [{kind: 'device', name: 'client profile', value: m[1]!}], evidence: 'PMS [Now] session'}),
	},
	{
		name: 'now-other',
		prefixes: ['[Now] '],
		re: /^\[Now\] (.*)$/,
		telemetry: false,
		fallback: true,
		samples: [
			['Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] Updated play state for /library/metadata/80906.', '2022, guirem/plugin-googlecast#94'],
			['Oct 28, 2017 16:32:11.297 [0x7faebaffd700] DEBUG - [Now] Adding 0 sessions.', '2017, d8ahazard/Phlex#138'],
		],
		build: () => NONE,
	},
	{
		name: 'statistics-playback',
		prefixes: ['Statistics: ('],
		re: /^Statistics: \(([^)]*)\) Reporting active playback in state (\w+) of type (\w+) \(([^)]*)\) for account (\d+)$/,
		telemetry: true,
		samples: [['Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - Statistics: (msmy7vq7wxjdzu42rml5mges) Reporting active playback in state 0 of type 10 (scrobble: 0) for account 1', '2022, guirem/plugin-googlecast#94']],
		build: (m) => {
			const identifiers: Identifier[] = [{kind: 'identifier', name: 'account ID', value: m[5]!}];
			if (m[1]) identifiers.unshift({kind: 'identifier', name: 'X-Plex-Client-Identifier', value: m[1]});
			const mediaType = own(MEDIA_TYPES, m[3]!) ?? (/^\d+$/.test(m[3]!) ? undefined : m[3]);
			return {type: 'playback', facts: mediaType ? {mediaType} : {}, identifiers, evidence: `PMS statistics: active playback (state ${m[2]}, type ${m[3]})`};
		},
	},
	{
		name: 'scrobble',
		prefixes: ['Library item ', 'Play progress on '],
		re: /^(?:Library item (\d+) '(.*)' got (?:un)?played by account (\d+)!|Play progress on (\d+) '(.*)' - got played (\d+) ms by account (\d+)!)$/,
		telemetry: true,
		samples: [
			["Jan 20, 2015 12:33:39 [0x7f7372ffd700] DEBUG - Play progress on 14044 'Down The Line' - got played 30033 ms by account 1!", '2015, jesseward/plex-lastfm-scrobbler#27'],
			["Sep 16, 2015 10:08:04 [0x7f7372ffd700] DEBUG - Library item 107202 'When We Die' got played by account 1!", '2015 message as quoted by a Last.fm scrobbler test (header rebuilt)'],
		],
		build: (m) => ({type: 'playback', facts: {title: m[2] ?? m[5]!}, identifiers: [{kind: 'identifier', name: 'account ID', value: m[3] ?? m[7]!}], evidence: m[1] ? 'PMS scrobble (played)' : 'PMS play progress'}),
	},
	{
		name: 'mde-selected-protocol',
		prefixes: ['MDE: '],
		re: /^MDE: (?:([^:]+): )?Selected protocol (\w+); container: (\w+)$/,
		telemetry: true,
		samples: [
			['Oct 15, 2021 18:33:50.366 [0x7f59cde6fb38] DEBUG - [Transcode] MDE: Selected protocol http; container: mp3', '2021, Tautulli/Tautulli#1525'],
			['Aug 07, 2025 12:44:43.824 [126762437438264] DEBUG - [Req#9d90d/Transcode] MDE: Selected protocol hls; container: mkv', '2025, nzbdav-dev/nzbdav#14'],
			['Jul 28, 2024 20:14:14.594 [140732705370336] Fehlersuche — [Req#18ae1/Grabber/2-6950d1d65ece9482-com-plexapp-android] MDE: Selected protocol hls; container: mpegts', '2024 German level, Threadfin/Threadfin#309'],
		],
		build: (m) => ({type: 'playback', facts: {protocol: m[2]!, container: m[3]!, ...(m[1] ? {title: m[1]} : {})}, identifiers: [], evidence: 'PMS MDE: selected protocol'}),
	},
	{
		name: 'mde-no-direct-play-profile',
		prefixes: ['MDE: '],
		re: /^MDE: (?:([^:]+): )?no direct play (video|audio|photo) profile exists for (\w+)\/(\w+)\/(\w+)$/,
		telemetry: true,
		samples: [['Dec 24, 2017 15:33:24.454 [0x7fadc0ffc700] DEBUG - MDE: M+ ACCION HD: no direct play video profile exists for hls/mpegts/h264', '2017, Cigaras/IPTV.bundle#164']],
		build: (m) => {
			const facts: PlaybackFacts = {protocol: m[3]!, container: m[4]!};
			if (m[2] === 'video') facts.videoCodec = m[5]!;
			else if (m[2] === 'audio') facts.audioCodec = m[5]!;
			if (m[1]) facts.title = m[1];
			return {type: 'playback', facts, identifiers: [], evidence: `PMS MDE: no direct play ${m[2]} profile`};
		},
	},
	{
		name: 'mde-direct-play-disabled',
		prefixes: ['MDE: '],
		re: /^MDE: (?:([^:]+): )?Direct Play is disabled$/,
		telemetry: true,
		samples: [
			['Dec 24, 2017 15:33:24.454 [0x7fadc0ffc700] DEBUG - MDE: M+ ACCION HD: Direct Play is disabled', '2017, Cigaras/IPTV.bundle#164'],
			['Oct 15, 2021 18:33:50.366 [0x7f59cde6fb38] DEBUG - [Transcode] MDE: tv.plex.agents: Direct Play is disabled', '2021, Tautulli/Tautulli#1525'],
		],
		build: (m) => ({type: 'playback', facts: m[1] ? {title: m[1]} : {}, identifiers: [], evidence: 'PMS MDE: direct play disabled'}),
	},
	{
		name: 'mde-other',
		prefixes: ['MDE: '],
		re: /^MDE: (.*)$/,
		telemetry: false,
		fallback: true,
		samples: [
			['Dec 24, 2017 15:33:24.454 [0x7fadc0ffc700] DEBUG - MDE: analyzing media item -1', '2017, Cigaras/IPTV.bundle#164'],
			['Aug 07, 2025 12:44:43.824 [126762437438264] DEBUG - [Req#9d90d/Transcode] MDE: analyzing media item 141000', '2025, nzbdav-dev/nzbdav#14'],
		],
		build: () => NONE,
	},
	{
		name: 'job-running',
		prefixes: ['Job running: '],
		re: /^Job running: (.*)$/,
		telemetry: true,
		samples: [
			["Mar 02, 2016 12:29:37 [0x7000002a0000] DEBUG - Job running: XDG_CACHE_HOME='/Users/ksh/Library/Caches/PlexMediaServer/' '/Applications/Plex Media Server.app/Contents/Resources/Plex New Transcoder' '-noaccurate_seek' '-i' 'http://speedy.example.com:8000/live/3493.ts' '-map' '0:v:0' '-codec:0' 'copy' '-map' '0:a:0' '-codec:1' 'ac3' '-channel_layout:1' '5.1' '-b:1' '640k' '-segment_format' 'mpegts' '-f' 'segment' '-progressurl' 'http://127.0.0.1:32400/video/:/transcode/session/p7cj645pufczy/progress'", '2016 macOS, Cigaras/IPTV.bundle#28 (shortened)'],
			['Feb 06, 2026 12:48:40.669 [136529424378680] DEBUG - [ChildProcessMonitor/JobRunner] Job running: "/usr/lib/plexmediaserver/Plex Tuner Service" /usr/lib/plexmediaserver/Resources/Tuner/Private /usr/lib/plexmediaserver/Resources/Tuner/Shared 1.43.0.10467-2b1ba6e69 32600', 'PMS 1.43, plex-media-server-1.43-startup.log line 139 (not a transcoder)'],
			['Jan 30, 2025 19:23:31.622 [59948] DEBUG - [JobRunner] Job running: "C:\\Program Files\\Plex\\Plex Media Server\\CrashUploader.exe" "--directory=C:\\Users\\user\\AppData\\Local\\Plex Media Server\\Crash Reports\\1.41.3.9314-a0bfb8370" --version=1.41.3.9314-a0bfb8370 --platform=Windows "--platformVersion=10.0 (Build 19045)" --serverUuid=ea387404b0114bb0ca9998e219350751b55dbfdd --userId=redacted@example.invalid --sentryUrl=https://o17675.ingest.sentry.io/api/1233455/ --sentryKey=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx --vendor=ASUS --model=x64-x64 "--device=System Product Name" --sessionStatus=crashed --sessionStart=1738286611 --sessionDuration=0', 'PMS 1.41.3 Windows, user-posted log (2025; user name and e-mail replaced)'],
		],
		build: (m) => {
			const args = splitArgv(m[1]!);
			if (args.some((a) => a.endsWith('CrashUploader') || a.endsWith('CrashUploader.exe'))) return crashUpload(args);
			const facts = transcodeFacts(args);
			if (!facts) return NONE;
			// 2019+ transcoder jobs get the server token in the environment (`X_PLEX_TOKEN=…`).
			const token = args.find((a) => a.startsWith('X_PLEX_TOKEN='))?.slice(13);
			return {type: 'playback', facts, identifiers: token ? [{kind: 'secret', name: 'X_PLEX_TOKEN', value: token}] : [], evidence: 'PMS transcoder job'};
		},
	},
	{
		name: 'client-profile-missing',
		prefixes: ['Unable to find client profile for device;'],
		re: /^Unable to find client profile for device;(.*)$/,
		telemetry: true,
		samples: [['Jun 17, 2023 22:44:03.450 [140101634362168] ERROR - [Req#6925c] Unable to find client profile for device;platform=webOS, platformVersion=7.3.0, device=webOS 7.3.0, model=funnyclient', '2023, hagfelsh/lnav_formats plex-logs.json sample']],
		build: (m) => {
			const device = profileDevice(m[1]!);
			return {type: 'device', group: undefined, device, user: undefined, identifiers: deviceIdentifiers(device), evidence: 'PMS client profile lookup'};
		},
	},
	{
		name: 'transcoder-input',
		prefixes: ['Input #'],
		re: /^Input #\d+, ([\w,]+), from '(.*)':$/,
		telemetry: true,
		samples: [["Mar 02, 2016 12:29:37 [0x700000b53000] INFO - [Transcoder] Input #0, mpegts, from 'http://speedy.example.com:8000/live/3493.ts':", '2016, Cigaras/IPTV.bundle#28 (ffmpeg banner start; Stream lines follow as continuations)']],
		build: (m) => ({type: 'transcoder-input', container: m[1]!.split(',')[0]}),
	},
	{
		name: 'transcode-session',
		prefixes: ['Started session successfully: ', 'Jobs: ', 'Streaming Resource: '],
		re: /^(?:Started session successfully: \S+|Jobs: .*|Streaming Resource: .*)$/,
		telemetry: false,
		samples: [
			['Mar 18, 2023 13:51:20.024 [0x7f457703db38] DEBUG - [Req#124e/Transcode/875a95c7bc0072ef-com-plexapp-android] Started session successfully: 875a95c7bc0072ef-com-plexapp-android', '2023, pabloromeo/clusterplex#207'],
			["Mar 18, 2023 13:51:20.024 [0x7f457a0abb38] DEBUG - Jobs: '/usr/lib/plexmediaserver/Plex Transcoder' exit code for process 1995 is 1 (failure)", '2023, pabloromeo/clusterplex#207'],
			['Nov 04, 2025 04:58:48.990 [140380393249592] ERROR - [Req#1d452b] Streaming Resource: Cannot make a decision because either the file is unplayable or the client provided bad data', '2025, edde746/plezy#26'],
		],
		build: () => NONE,
	},
];

/** The dispatch key of a message at `start`: its first two characters (every prefix has at least two). */
function firstTwo(text: string, start: number): number {
	return (text.charCodeAt(start) << 16) | text.charCodeAt(start + 1);
}

/**
Patterns grouped by the first two characters of their prefixes (in `PMS_PATTERNS` order), for the hot-path
dispatch: a message that starts like no prefix is turned away with one lookup, and one that does is tested
against few prefixes (`He…` is not tested against the eleven `HTTP…` ones).
*/
const BY_FIRST_TWO = new Map<number, PmsPattern[]>();
for (const p of PMS_PATTERNS) {
	for (const prefix of p.prefixes) {
		const key = firstTwo(prefix, 0);
		const list = BY_FIRST_TWO.get(key) ?? [];
		if (!list.includes(p)) list.push(p);
		BY_FIRST_TWO.set(key, list);
	}
}

/** What `recognise` found for one message. */
export type Recognition = {
	/** Patterns whose prefix matched the message (the line "looks like" them). */
	candidates: number;
	/** The pattern and match that recognise the message, or undefined. */
	hit: {pattern: PmsPattern; match: RegExpExecArray} | undefined;
	/** Every non-fallback pattern that matched (only filled with `all`; tests check there is at most one). */
	matched: PmsPattern[];
};

const NO_MATCHES: PmsPattern[] = Object.freeze([]) as unknown as PmsPattern[];
const NO_CANDIDATES: Recognition = Object.freeze({candidates: 0, hit: undefined, matched: []}) as Recognition;

function prefixMatches(p: PmsPattern, rest: string): boolean {
	for (const prefix of p.prefixes) if (rest.startsWith(prefix)) return true;
	return false;
}

/**
Find the pattern for a message (after its context prefixes). Cheap for messages no prefix starts.
Without `all`, the first non-fallback match wins (the sample test proves they are exclusive).
*/
export function recognise(rest: string, all = false): Recognition {
	const list = BY_FIRST_TWO.get(firstTwo(rest, 0));
	if (!list) return NO_CANDIDATES;
	let candidates = 0;
	let hit: Recognition['hit'];
	let fallback: Recognition['hit'];
	// Only `all` lists every match; the hot path makes no list.
	const matched: PmsPattern[] = all ? [] : NO_MATCHES;
	for (const p of list) {
		if (!prefixMatches(p, rest)) continue;
		candidates++;
		const m = p.re.exec(rest);
		if (!m) continue;
		if (p.fallback) {
			fallback ??= {pattern: p, match: m};
		} else {
			if (all) matched.push(p);
			hit ??= {pattern: p, match: m};
			if (!all) break;
		}
	}
	return {candidates, hit: hit ?? fallback, matched};
}

/**
`recognise(text.slice(start))` for the parser's hot path: the prefixes are tested in place, and the message
is cut out of the line only when one matches (most PMS lines match none).
*/
export function recogniseAt(text: string, start: number): Recognition {
	const list = BY_FIRST_TWO.get(firstTwo(text, start));
	if (!list) return NO_CANDIDATES;
	let rest: string | undefined;
	let candidates = 0;
	let fallback: Recognition['hit'];
	for (const p of list) {
		if (!prefixMatchesAt(p, text, start)) continue;
		candidates++;
		rest ??= text.slice(start);
		const m = p.re.exec(rest);
		if (!m) continue;
		if (!p.fallback) return {candidates, hit: {pattern: p, match: m}, matched: NO_MATCHES};
		fallback ??= {pattern: p, match: m};
	}
	return candidates === 0 ? NO_CANDIDATES : {candidates, hit: fallback, matched: NO_MATCHES};
}

function prefixMatchesAt(p: PmsPattern, text: string, start: number): boolean {
	for (const prefix of p.prefixes) if (text.startsWith(prefix, start)) return true;
	return false;
}

/** Query pairs of an origin-form target, including those of a nested `url=` parameter (tokens hide there). */
export function targetPairs(target: string): Array<[string, string]> {
	const q = target.indexOf('?');
	if (q === -1) return [];
	const pairs = parseQuery(target.slice(q + 1));
	const nested: Array<[string, string]> = [];
	for (const [name, value] of pairs) {
		if (name.toLowerCase() !== 'url') continue;
		const inner = value.indexOf('?');
		if (inner !== -1) nested.push(...parseQuery(value.slice(inner + 1)));
	}
	return nested.length ? [...pairs, ...nested] : pairs;
}

/** Device and identifiers from a request's query parameters and header dump. */
export function requestEvidence(pairs: Array<[string, string]>): {device: DeviceInfo | undefined; identifiers: Identifier[]} {
	if (pairs.length === 0) return {device: undefined, identifiers: []};
	return clientEvidence(pairs);
}

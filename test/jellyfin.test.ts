import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {embyFormat, sniffEmby} from '../source/formats/emby/emby.js';
import {isContinuation} from '../source/formats/mediabrowser/engine.js';
import {jellyfinHeader} from '../source/formats/jellyfin/header.js';
import {jellyfinFormat, sniffJellyfin} from '../source/formats/jellyfin/jellyfin.js';
import {JELLYFIN_PATTERNS} from '../source/formats/jellyfin/patterns.js';
import type {ParseResult} from '../source/formats/run.js';
import {type LineCase, mediaBrowserTests, parseValid} from './helpers/parse.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/jellyfin/', import.meta.url));

const parse = (input: string, file = 'test.log', chunkSize?: number): ParseResult => parseValid(jellyfinFormat, input, file, chunkSize);


const cases: LineCase[] = [
	{
		description: 'Emby-era HTTP response line (console, no thread id)',
		notes: 'jellyfin#478, 10.0 (2019): console time only, so no record time',
		input: '[15:40:03] [INF] HTTP Response 200 to 192.168.1.29. Time: 3425ms (slow). http://192.168.1.7:8096/emby/Items/8106f3337dfeac95e2aa66a7f33599f7/PlaybackInfo?UserId=f0bc9760acfd474090252fc1a6eeb8da&StartTimeTicks=0',
		expected: [{kind: 'request', time: undefined, direction: 'inbound', host: 'this-server', port: 8096, status: 200, client: '192.168.1.29', path: '/emby/Items/8106f3337dfeac95e2aa66a7f33599f7/PlaybackInfo', identifiers: [{kind: 'identifier', name: 'UserId', value: 'f0bc9760acfd474090252fc1a6eeb8da'}]}],
	},
	{
		description: 'quoted HTTP response with a transcoding segment URL',
		notes: 'jellyfin#2064, 10.4 file template without thread id (2019); the issue elides parts with ...',
		input: '[2019-11-26 20:52:23.806 +01:00] [WRN] HTTP Response 200 to "10.0.0.158". Time (slow): 0:00:00.6706032. "https://.../videos/.../hls1/main/282.ts?...VideoCodec=h264&AudioCodec=aac&...&TranscodeReasons=SubtitleCodecNotSupported"',
		expected: [
			{kind: 'request', time: '2019-11-26T19:52:23.806Z', status: 200, client: '10.0.0.158', host: 'this-server', port: 443, path: '/videos/.../hls1/main/282.ts'},
			// The elision `?...VideoCodec=` makes that parameter `...VideoCodec`, so only the audio codec is read.
			{kind: 'playback', videoCodec: undefined, audioCodec: 'aac', decision: 'transcode', protocol: 'hls', container: 'ts', evidence: 'stream URL in request line'},
		],
	},
	{
		description: 'slow HTTP response (file template)',
		notes: 'jellyfin#5079 (2021)',
		input: '[2021-01-22 18:10:31.456 +00:00] [WRN] [12] Jellyfin.Server.Middleware.ResponseTimeMiddleware: Slow HTTP Response from "http://localhost:8096/Sessions/Capabilities/Full" to "127.0.0.1" in 0:00:10.2305006 with Status Code 204',
		expected: [{kind: 'request', time: '2021-01-22T18:10:31.456Z', host: 'this-server', port: 8096, path: '/Sessions/Capabilities/Full', status: 204, client: '127.0.0.1', direction: 'inbound'}],
	},
	{
		description: 'slow HTTP response in the old template kept after an upgrade',
		notes: 'jellyfin#7348, 10.7.7 (2022)',
		input: '[2022-02-21 12:18:51.566 -05:00] [WRN] Slow HTTP Response from "http://192.x.x.x/Items/70de05f19a446bd74d2cc8ff9b424572/Images/Primary?fillHeight=427" to "192.x.x.x" in 0:00:00.9899466 with Status Code 200',
		expected: [{kind: 'request', time: '2022-02-21T17:18:51.566Z', status: 200, client: '192.x.x.x', path: '/Items/70de05f19a446bd74d2cc8ff9b424572/Images/Primary'}],
	},
	{
		description: 'slow HTTP response behind an HTTPS reverse proxy',
		notes: 'jellyfin#10760 (2023)',
		input: '[2023-12-22 08:16:58.867 +00:00] [WRN] [55] Jellyfin.Server.Middleware.ResponseTimeMiddleware: Slow HTTP Response from "https://xxxx.top/Sessions/Playing/Progress" to "192.168.0.23" in 0:00:02.3194721 with Status Code 204',
		expected: [{kind: 'request', host: 'this-server', port: 443, status: 204, client: '192.168.0.23'}],
	},
	{
		description: 'slow HTTP response in the console rendering (bare strings)',
		notes: 'derived: console template {Message:lj} renders the same template without quotes',
		input: '[20:02:00.123] [WRN] [47] Jellyfin.Api.Middleware.ResponseTimeMiddleware: Slow HTTP Response from http://192.168.1.10:8096/Items/1?api_key=k1 to 192.168.1.41 in 00:00:00.5512345 with Status Code 200',
		expected: [{kind: 'request', time: undefined, client: '192.168.1.41', status: 200, identifiers: [{kind: 'secret', name: 'api_key', value: 'k1'}]}],
	},
	{
		description: 'WebSocket request, bare address',
		notes: 'jellyfin-androidtv#4018, 10.9 (2024)',
		input: '[2024-09-23 19:03:41.936 +02:00] [INF] [19] Emby.Server.Implementations.HttpServer.WebSocketManager: WS 10.0.1.1 request',
		expected: [{kind: 'request', method: 'GET', path: '/socket', client: '10.0.1.1', host: 'this-server', port: 8096, time: '2024-09-23T17:03:41.936Z'}],
	},
	{
		description: 'WebSocket request, quoted address',
		notes: 'jellyfin#16612, 10.11.8 (2026)',
		input: '[2026-04-10 13:09:04.377 +02:00] [INF] [7] Emby.Server.Implementations.HttpServer.WebSocketManager: WS "172.22.0.1" request',
		expected: [{kind: 'request', client: '172.22.0.1'}],
	},
	{
		description: 'user policy + bitrate limit + StreamBuilder decision on one thread → one playback with user and IP',
		notes: 'Swiftfin#796, 10.8 (2023)',
		input: [
			'[2023-09-13 08:46:49.456 -05:00] [INF] [63] Jellyfin.Api.Helpers.MediaInfoHelper: User policy for "family". EnablePlaybackRemuxing: True EnableVideoPlaybackTranscoding: True EnableAudioPlaybackTranscoding: True',
			'[2023-09-13 08:46:49.456 -05:00] [INF] [63] Jellyfin.Api.Helpers.MediaInfoHelper: RemoteClientBitrateLimit: 6000000, RemoteIp: "192.168.1.220", IsInLocalNetwork: True',
			'[2023-09-13 08:46:49.456 -05:00] [INF] [63] Jellyfin.Api.Helpers.MediaInfoHelper: StreamBuilder.BuildVideoItem( Profile="Anonymous Profile", Path="/data/movies/MOVIE_FOLDER/MOVIENAME.mp4", AudioStreamIndex=null, SubtitleStreamIndex=null ) => ( PlayMethod=DirectPlay, TranscodeReason=0 ) "media:/videos/b99ff45b-bb2c-725a-e62b-0c1327a7c05d/stream.mov?MediaSourceId=b99ff45bbb2c725ae62b0c1327a7c05d&Static=true&VideoCodec=h264&AudioCodec=aac&AudioStreamIndex=3&api_key=<token>&Tag=a3f6d9eb3f5c89a7f82f5d45471fe95d"',
		].join('\n'),
		expected: [
			{
				kind: 'playback',
				origin: {file: 'test.log', line: 3},
				time: '2023-09-13T13:46:49.456Z',
				user: 'family',
				decision: 'directplay',
				container: 'mov',
				videoCodec: 'h264',
				audioCodec: 'aac',
				title: 'MOVIENAME',
				identifiers: [
					{kind: 'device', name: 'Profile', value: 'Anonymous Profile'},
					{kind: 'secret', name: 'api_key', value: '<token>'},
					{kind: 'personal', name: 'RemoteIP', value: '192.168.1.220'},
				],
			},
		],
	},
	{
		description: 'StreamBuilder direct play of a 4K HEVC file',
		notes: 'jellyfin#8369, 10.8 (2022)',
		input: '[2022-09-07 03:08:15.434 +02:00] [INF] [81] Jellyfin.Api.Helpers.MediaInfoHelper: StreamBuilder.BuildVideoItem( Profile="AndroidTV-ExoPlayer", Path="G:\\Documentaries\\Cheetah Plains [2160p HEVC HDR10][5.1 EAC3][WEB-DL].mkv", AudioStreamIndex=null, SubtitleStreamIndex=null ) => ( PlayMethod=DirectPlay, TranscodeReason=0 ) "media:/videos/02badd77-b530-29fc-71f4-acdab450ef9f/stream.mkv?MediaSourceId=02badd77b53029fc71f4acdab450ef9f&Static=true&VideoCodec=hevc&AudioCodec=eac3&api_key=<token>"',
		expected: [{kind: 'playback', decision: 'directplay', container: 'mkv', videoCodec: 'hevc', audioCodec: 'eac3', title: 'Cheetah Plains [2160p HEVC HDR10][5.1 EAC3][WEB-DL]', evidence: 'StreamBuilder.BuildVideoItem decision'}],
	},
	{
		description: 'StreamBuilder transcode in the console rendering (bare values, comma in path)',
		notes: 'shape of the jellyfin#10407 console fragment (PlayMethod=Transcode, unquoted master.m3u8 URL, VideoCodec list)',
		input: '[07:41:02] [INF] [33] Jellyfin.Api.Helpers.MediaInfoHelper: StreamBuilder.BuildVideoItem( Profile=Jellyfin Web, Path=/media/Show, Part 1/E01.mkv, AudioStreamIndex=1, SubtitleStreamIndex=-1 ) => ( PlayMethod=Transcode, TranscodeReason=ContainerBitrateExceedsLimit ) media:/videos/ab/master.m3u8?DeviceId=d1&VideoCodec=hevc,h264,h264&AudioCodec=ac3&VideoBitrate=5000000&AudioBitrate=640000&Width=1920&Height=800&PlaySessionId=p1&TranscodeReasons=ContainerBitrateExceedsLimit',
		expected: [{kind: 'playback', decision: 'transcode', protocol: 'hls', videoCodec: 'hevc', audioCodec: 'ac3', bitrateKbps: 5640, width: 1920, height: 800, resolution: '1080p', title: 'E01', device: {clientId: 'd1'}}],
	},
	{
		description: 'old-template user policy + Profile eligibility line',
		notes: 'jellyfin#1603, 10.3 (2019): no thread ids, Emby-era StreamBuilder wording',
		input: [
			'[2019-08-06 20:46:24.360 +02:00] [INF] User policy for "Alex". EnablePlaybackRemuxing: True EnableVideoPlaybackTranscoding: False EnableAudioPlaybackTranscoding: False',
			'[2019-08-06 20:46:24.361 +02:00] [INF] Profile: "Unknown Profile", Path: "I:\\Media\\Movies\\2160P\\The Dark Knight (2008)\\The Dark Knight (2008) - [REMUX 2160P].mkv", isEligibleForDirectPlay: True, isEligibleForDirectStream: True',
		].join('\n'),
		expected: [{kind: 'playback', user: 'Alex', container: 'mkv', title: 'The Dark Knight (2008) - [REMUX 2160P]', decision: undefined, origin: {file: 'test.log', line: 2}}],
	},
	{
		description: 'playback stopped reported by app (≤10.11)',
		notes: 'Swiftfin#796, 10.8 (2023)',
		input: '[2023-09-13 08:59:52.664 -05:00] [INF] [49] Emby.Server.Implementations.Session.SessionManager: Playback stopped reported by app "Jellyfin tvOS" "1.0.1" playing "MOVIENAME". Stopped at "3070000" ms',
		expected: [{kind: 'playback', device: {product: 'Jellyfin tvOS', version: '1.0.1'}, title: 'MOVIENAME', evidence: 'SessionManager playback stopped'}],
	},
	{
		description: 'playback stopped, web client',
		notes: 'jellyfin#16612, 10.11.8 (2026)',
		input: '[2026-04-10 13:09:04.215 +02:00] [INF] [26] Emby.Server.Implementations.Session.SessionManager: Playback stopped reported by app "Jellyfin Web" "10.11.8" playing "Teenage Kix". Stopped at "0" ms',
		expected: [{kind: 'playback', device: {product: 'Jellyfin Web', version: '10.11.8'}, title: 'Teenage Kix', time: '2026-04-10T11:09:04.215Z'}],
	},
	{
		description: 'playback started / stopped (12.0 templates)',
		notes: 'rendered from the v12.0 SessionManager templates; no published line yet',
		input: [
			'[2026-01-10 20:00:00.000 +01:00] [INF] [21] Emby.Server.Implementations.Session.SessionManager: User "alice" started playback of \'"Big Buck Bunny"\' ("Jellyfin Web" "12.0.0")',
			"[20:41:12.345] [INF] [33] Emby.Server.Implementations.Session.SessionManager: User alice stopped playback of 'Big Buck Bunny' at 596000ms (Jellyfin Web 12.0.0)",
		].join('\n'),
		expected: [
			{kind: 'playback', user: 'alice', title: 'Big Buck Bunny', device: {product: 'Jellyfin Web', version: '12.0.0'}, evidence: 'SessionManager playback started'},
			{kind: 'playback', user: 'alice', title: 'Big Buck Bunny', device: {product: 'Jellyfin Web', version: '12.0.0'}, evidence: 'SessionManager playback stopped'},
		],
	},
	{
		description: 'Playback Reporting plugin block → one playback with client and device',
		notes: 'jellyfin-androidtv#1976 (2022)',
		input: [
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : play_method          = "DirectPlay"',
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : e.ClientName         = "Android TV"',
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : e.DeviceName         = "Den TV"',
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : ItemType             = "Episode"',
		].join('\n'),
		expected: [{kind: 'playback', device: {product: 'Android TV', name: 'Den TV'}, decision: 'directplay', mediaType: 'episode', time: '2022-08-14T08:26:38.264Z', origin: {file: 'test.log', line: 1}}],
	},
	{
		description: 'ffmpeg command line, file template (quoted, \\" inside)',
		notes: 'jellyfin-webos#259, 10.9 (2024): QSV HEVC transcode to HLS',
		input: '[2024-10-21 20:12:56.265 +02:00] [INF] [21] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: "/usr/lib/jellyfin-ffmpeg/ffmpeg" "-analyzeduration 200M -i file:\\"/data/media/tv/Nichijou/Nichijou - S01E17 - Episode 17 Bluray-1080p.mkv\\" -map 0:0 -map 0:1 -codec:v:0 hevc_qsv -b:v 5673431 -maxrate 5673431 -vf \\"setparams=color_primaries=bt709,scale_vaapi=format=nv12:extra_hw_frames=24\\" -codec:a:0 libfdk_aac -ac 2 -ab 256000 -f hls -hls_segment_type mpegts -y \\"/cache/transcodes/ae8a.m3u8\\""',
		expected: [{kind: 'playback', decision: 'transcode', videoDecision: 'transcode', audioDecision: 'transcode', videoCodec: 'hevc', audioCodec: 'aac', protocol: 'hls', container: 'ts', bitrateKbps: 5929, resolution: undefined, title: 'Nichijou - S01E17 - Episode 17 Bluray-1080p'}],
	},
	{
		description: 'ffmpeg command line, console template (raw), audio copied',
		notes: 'shared samples, 10.10 console (rkmpp)',
		input: '[07:59:56] [INF] [91] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: /usr/lib/jellyfin-ffmpeg/ffmpeg -i file:"/media/shows/Fringe S02E23 Over There (2) (1080p x265 Joy).m4v" -codec:v:0 h264_rkmpp -b:v 4500690 -vf "setparams=color_primaries=bt709,scale_rkrga=format=nv12:afbc=1" -codec:a:0 copy -f hls -hls_segment_type mpegts -y "/config/data/transcodes/79a4.m3u8"',
		expected: [{kind: 'playback', videoCodec: 'h264', videoDecision: 'transcode', audioDecision: 'copy', audioCodec: undefined, decision: 'transcode', bitrateKbps: 4501, title: 'Fringe S02E23 Over There (2) (1080p x265 Joy)'}],
	},
	{
		description: 'ffmpeg with a Jellyfin bounding-box scale filter → resolution',
		notes: 'derived: Jellyfin software scale filter for a 1920×1080 limit',
		input: '[2024-03-02 20:01:12.900 +01:00] [INF] [46] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: /usr/lib/jellyfin-ffmpeg/ffmpeg -i file:"/m/a.mkv" -codec:v:0 libx264 -b:v 3000000 -vf "scale=trunc(min(max(iw\\,ih*a)\\,min(1280\\,720*a))/2)*2:trunc(min(max(iw/a\\,ih)\\,min(1280/a\\,720))/2)*2" -codec:a:0 aac -ab 128000 -f hls -hls_segment_type fmp4 -y "/t/x.m3u8"',
		expected: [{kind: 'playback', width: 1280, height: 720, resolution: '720p', container: 'mp4', protocol: 'hls', bitrateKbps: 3128}],
	},
	{
		description: 'Emby-era HttpClientManager outbound request under journald',
		notes: 'jellyfin#1193, 10.3 (2019): syslog prefix removed; the error line right after is the same request',
		input: [
			'Apr 03 18:38:05 Media dotnet[25787]: [18:38:05] [INF] HttpClientManager GET: https://api.themoviedb.org/3/tv/82812?api_key=4219e299c89411838049ab0dab19ebd5&language=en',
			'Apr 03 18:38:05 Media dotnet[25787]: [18:38:05] [ERR] Error ProtocolError getting response from https://api.themoviedb.org/3/tv/82812?api_key=4219e299c89411838049ab0dab19ebd5&language=en',
			'Apr 03 18:38:05 Media dotnet[25787]: System.Net.WebException: The remote server returned an error: (404) Not Found.',
			'Apr 03 18:38:05 Media dotnet[25787]:    at System.Net.HttpWebRequest.EndGetResponse(IAsyncResult asyncResult)',
		].join('\n'),
		expected: [{kind: 'request', direction: 'outbound', method: 'GET', host: 'api.themoviedb.org', port: 443, path: '/3/tv/82812', time: undefined, identifiers: [{kind: 'secret', name: 'api_key', value: '4219e299c89411838049ab0dab19ebd5'}]}],
	},
	{
		description: 'plugin manifest fetch error, quoted URL, exception to the same host',
		notes: 'Kuschel-code/JellyfinUpscalerPlugin#24 (2026) line; exception shape from dkanada/jellyfin-plugin-intros#38',
		input: [
			'[2026-01-13 08:58:31.177 +11:00] [ERR] [148] Emby.Server.Implementations.Updates.InstallationManager: An error occurred while accessing the plugin manifest: "https://raw.githubusercontent.com/StergiosBinopoulos/jellyfin-plugin-bettermix/refs/heads/main/manifest.json"',
			'System.Net.Http.HttpRequestException: The requested name is valid, but no data of the requested type was found. (raw.githubusercontent.com:443)',
			' ---> System.Net.Sockets.SocketException (11004): The requested name is valid, but no data of the requested type was found.',
		].join('\n'),
		expected: [{kind: 'request', direction: 'outbound', host: 'raw.githubusercontent.com', path: '/StergiosBinopoulos/jellyfin-plugin-bettermix/refs/heads/main/manifest.json', time: '2026-01-12T21:58:31.177Z'}],
	},
	{
		description: 'plugin manifest fetch error, console',
		notes: 'jellyfin/jellyfin-plugin-transcodekiller#5, 10.9.3 (2024)',
		input: '[13:08:59] [ERR] [17] Emby.Server.Implementations.Updates.InstallationManager: An error occurred while accessing the plugin manifest: https://raw.githubusercontent.com/crobibero/jellyfin-plugin-transcodekiller/master/manifest.json',
		expected: [{kind: 'request', direction: 'outbound', host: 'raw.githubusercontent.com', method: 'GET'}],
	},
	{
		description: 'a destination named only by an exception',
		notes: 'jellyfin#6398 (2021): the host a provider tried to reach',
		input: ['[2021-08-05 10:00:00.000 +08:00] [ERR] [20] MediaBrowser.Providers.Studios.StudiosImageProvider: Error fetching studio posters', 'System.Net.Http.HttpRequestException: 请求的名称有效，但是找不到请求的类型的数据。 (raw.githubusercontent.com:443)'].join('\n'),
		expected: [{kind: 'request', direction: 'outbound', host: 'raw.githubusercontent.com', url: 'https://raw.githubusercontent.com/', port: 443, origin: {file: 'test.log', line: 2}, time: '2021-08-05T02:00:00.000Z'}],
	},
	{
		description: '.NET HttpClient logging (when raised to Information): one request for start + send',
		notes: 'message text from MattMckenzy/Homehook#3 (.NET Microsoft.Extensions.Http)',
		input: [
			'[2024-03-02 20:00:09.001 +01:00] [INF] [30] System.Net.Http.HttpClient.Default.LogicalHandler: Start processing HTTP request GET https://api.themoviedb.org/3/movie/603?api_key=abc',
			'[2024-03-02 20:00:09.002 +01:00] [INF] [30] System.Net.Http.HttpClient.Default.ClientHandler: Sending HTTP request GET https://api.themoviedb.org/3/movie/603?api_key=abc',
			'[2024-03-02 20:00:09.180 +01:00] [INF] [30] System.Net.Http.HttpClient.Default.ClientHandler: Received HTTP response headers after 177.8ms - 200',
		].join('\n'),
		expected: [{kind: 'request', direction: 'outbound', host: 'api.themoviedb.org', method: 'GET', origin: {file: 'test.log', line: 1}}],
	},
	{
		description: 'docker logs -t prefix gives console lines their date',
		notes: 'docker logs --timestamps output (RFC 3339 UTC, nanoseconds)',
		input: '2024-03-02T19:01:10.500123456Z [19:01:10] [INF] [44] Emby.Server.Implementations.HttpServer.WebSocketManager: WS 192.168.1.40 request',
		expected: [{kind: 'request', time: '2024-03-02T19:01:10.500Z', client: '192.168.1.40'}],
	},
	{
		description: 'known messages without telemetry give nothing',
		notes: 'jellyfin#1603, #2064, #7385, androidtv#4018 and the shared samples',
		input: [
			'[2019-08-06 20:45:51.721 +02:00] [INF] Setting range response values for "I:\\Media\\x.mkv". RangeRequest: "bytes=0-" Content-Length: "1", Content-Range: "bytes 0-0/1"',
			'[2019-11-26 20:52:53.605 +01:00] [INF] Transcoding kill timer stopped for JobId "29a6" PlaySessionId "ea33". Killing transcoding',
			'[2022-03-04 20:58:19.958 +00:00] [INF] [36] MediaBrowser.MediaEncoding.Encoder.MediaEncoder: Found ffmpeg version "4.4.1"',
			'[2024-10-21 20:12:23.634 +02:00] [INF] [1] Main: Kestrel is listening on "0.0.0.0"',
			'[07:59:56] [ERR] [16] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: FFmpeg exited with code 1',
			'[2024-09-23 19:04:59.158 +02:00] [INF] [18] Jellyfin.Plugin.PlaybackReporting.Data.PlaybackTracker: PlaybackTracker : Adding Start Event : "2024-09-23T19:04:59.1582181+02:00"',
			'[2024-03-02 20:01:13.100 +01:00] [INF] [46] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: /usr/lib/jellyfin-ffmpeg/ffmpeg -ss 00:10:00.000 -i file:"/m/a.mkv" -threads 0 -v quiet -vframes 1 -vf "scale=320:-2" -f image2 "/cache/images/a.jpg"',
			'[2024-03-02 20:30:03.000 +01:00] [INF] [72] Emby.Server.Implementations.HttpServer.WebSocketManager: WS "192.168.1.40" closed',
		].join('\n'),
		expected: [],
	},
];


describe('jellyfin: diagnostics', () => {
	it('reports a telemetry-looking line that fails its grammar, once, at its line', () => {
		const {records, diagnostics} = parse('[2024-03-02 20:31:00.000 +01:00] [INF] [80] X: StreamBuilder.BuildVideoItem( Profile="Broken\n[2024-03-02 20:31:00.000 +01:00] [INF] [80] X: WS 1.2.3.4 request');
		expect(diagnostics).toEqual([{severity: 'warning', code: 'jellyfin.line.unmatched', message: 'line looks like StreamBuilder decision but does not match its grammar', origin: {file: 'test.log', line: 1}}]);
		expect(records).toMatchObject([{kind: 'request', client: '1.2.3.4', origin: {line: 2}}]);
	});

	it('summarises unparsed lines in one diagnostic with the first line numbers', () => {
		const lines = ['garbage 1', '[2024-03-02 20:40:00.000 +01:00] [INF] [81] A.B: fine', 'garbage 3', 'garbage 4', 'garbage 5', 'garbage 6', 'garbage 7', 'garbage 8'];
		const {diagnostics} = parse(lines.join('\n'));
		expect(diagnostics).toEqual([{severity: 'warning', code: 'jellyfin.line.unparsed', message: '7 lines did not match the Jellyfin log grammar (first at lines 1, 3, 4, 5, 6, …)', origin: {file: 'test.log', line: 1}}]);
	});

	it('treats stack traces as continuations, not unparsed lines', () => {
		const input = ['[2024-03-02 20:00:05.220 +01:00] [ERR] [17] A.B: failed', 'System.IO.IOException: disk', ' ---> System.Exception: inner', '   at A.B.C()', '   --- End of inner exception stack trace ---', 'Microsoft.Data.Sqlite.SqliteException (0x80004005): SQLite Error 5', ''].join('\n');
		expect(parse(input).diagnostics).toEqual([]);
		for (const l of ['System.IO.IOException: disk', '   at A.B.C()', '--- End of stack trace from previous location ---']) expect(isContinuation(l), l).toBe(true);
		expect(isContinuation('garbage 1')).toBe(false);
	});
});

const PMS_LINE = 'Jan 05, 2024 10:00:00.123 [0x7f1e2b7fe640] DEBUG - Request: [192.168.1.20:51234 (Subnet)] GET /library/sections (8 live) #2f Signed-in Token (alice)';
const NGINX_LINE = '192.168.1.10 - - [05/Jan/2024:10:00:00 +0000] "GET /web/index.html HTTP/1.1" 200 1234 "-" "Mozilla/5.0"';
const HAR_HEAD = ['{', '  "log": {', '    "version": "1.2",'];
const DNSMASQ_LINE = 'Jan  5 10:00:00 dnsmasq[1234]: query[A] plex.tv from 192.168.1.20';

describe('jellyfin: sniff', () => {
	it('recognises the file, console, old, docker and journald forms', () => {
		expect(sniffJellyfin(['[2024-01-01 12:00:00.000 +01:00] [INF] [12] Main: Jellyfin version: 10.9.0'])).toBe(0.95);
		expect(sniffJellyfin(['[12:00:00] [INF] [12] Main: started'])).toBe(0.95);
		expect(sniffJellyfin(['[2022-02-21 12:18:51.566 -05:00] [WRN] Slow HTTP Response'])).toBe(0.95);
		expect(sniffJellyfin(['2024-03-02T19:01:10.500123456Z [19:01:10] [INF] [44] A: b'])).toBe(0.95);
		expect(sniffJellyfin(['Oct 01 18:33:23 cozyserver jellyfin[640]: [18:33:23] [ERR] [9] A: b'])).toBe(0.95);
		expect(sniffJellyfin(['   at X.Y()', '[12:00:00] [INF] [12] Main: started'])).toBe(0.6);
	});

	it('returns 0 for Emby, PMS, HAR, nginx and dnsmasq lines, and Emby returns 0 for Jellyfin', () => {
		for (const head of [embyFormat.samples.slice(0, 3), [PMS_LINE], [NGINX_LINE], HAR_HEAD, [DNSMASQ_LINE], ['']]) expect(sniffJellyfin(head), head[0]).toBe(0);
		for (const s of jellyfinFormat.samples) expect(sniffEmby([s]), s).toBe(0);
	});
});

// The golden files (test/fixtures/jellyfin/*.expected.json) are checked by test/formats-registry.test.ts.
describe('jellyfin: fixtures', () => {
	it('the server fixture gives the records its lines describe', () => {
		const {records} = parse(readFileSync(`${FIXTURES}server.log`, 'utf8'));
		const outbound = records.filter((r) => r.kind === 'request' && r.direction === 'outbound').map((r) => (r.kind === 'request' ? r.host : ''));
		expect(outbound).toEqual(['repo.jellyfin.org', 'image.tmdb.org', 'api.themoviedb.org']);
		const playback = records.filter((r) => r.kind === 'playback');
		expect(playback.map((p) => p.evidence)).toEqual(['StreamBuilder.BuildVideoItem decision', 'Jellyfin ffmpeg command line (TranscodeManager)', 'Playback Reporting plugin StartPlaybackTimer', 'SessionManager playback stopped']);
		expect(playback[2]).toMatchObject({device: {product: 'Jellyfin Media Player', name: "Bob's Laptop"}, decision: 'transcode', videoDecision: 'transcode', videoCodec: 'h264', audioDecision: 'copy', mediaType: 'movie', title: 'Sintel'});
	});
});

const HEAD = '[2024-03-02 20:00:00.000 +01:00] [INF] [1] A.B: ';
const HOSTILE = [
	`[${'1'.repeat(1e6)}`,
	HEAD + 'a'.repeat(1e6),
	// Messages under MAX_MESSAGE_LENGTH reach the regexes: every pattern's worst shape.
	HEAD + `HTTP Response 200 to ${'a'.repeat(90_000)}`,
	HEAD + `HTTP Response 200 to a. Time: ${'1'.repeat(90_000)}`,
	HEAD + `Slow HTTP Response from "${'\\"'.repeat(45_000)}`,
	HEAD + `Playback stopped reported by app ${'a '.repeat(45_000)}`,
	HEAD + `Playback stopped reported by app ${'a playing '.repeat(9_000)}`,
	HEAD + `User ${'a started playback of \''.repeat(3_000)}`,
	HEAD + `User policy for ${'a. '.repeat(30_000)}`,
	HEAD + `StreamBuilder.BuildVideoItem( Profile=${', Path='.repeat(11_000)}`,
	HEAD + `StreamBuilder.BuildVideoItem( Profile="${'\\'.repeat(90_000)}`,
	HEAD + `/usr/lib/ffmpeg ${'-i '.repeat(30_000)}`,
	HEAD + `/${'a/'.repeat(45_000)}ffmpeg -x`,
	HEAD + `"${'ffmpeg'.repeat(15_000)} -i`,
	HEAD + `StartPlaybackTimer : ${'a'.repeat(90_000)}`,
	HEAD + `An error occurred while accessing the plugin manifest: "${'h'.repeat(90_000)}`,
	`${HEAD}x\nSystem.Net.Http.HttpRequestException: ${'('.repeat(90_000)}`,
	`${HEAD}x\n   ${' at'.repeat(300_000)}`,
	`Apr 03 18:38:05 ${'a'.repeat(1e6)}`,
	`2024-03-02T19:01:10.5Z ${'['.repeat(1e6)}`,
];

// Lines that each give at least one record on their own, whatever surrounds them.
const STANDALONE = [
	'[2021-01-22 18:10:31.456 +00:00] [WRN] [12] Jellyfin.Server.Middleware.ResponseTimeMiddleware: Slow HTTP Response from "http://localhost:8096/Sessions/Capabilities/Full" to "127.0.0.1" in 0:00:10.2305006 with Status Code 204',
	'[2024-09-23 19:03:41.936 +02:00] [INF] [19] Emby.Server.Implementations.HttpServer.WebSocketManager: WS 10.0.1.1 request',
	'[2023-09-13 08:59:52.664 -05:00] [INF] [49] Emby.Server.Implementations.Session.SessionManager: Playback stopped reported by app "Jellyfin tvOS" "1.0.1" playing "MOVIENAME". Stopped at "3070000" ms',
	'[13:08:59] [ERR] [17] Emby.Server.Implementations.Updates.InstallationManager: An error occurred while accessing the plugin manifest: https://raw.githubusercontent.com/crobibero/jellyfin-plugin-transcodekiller/master/manifest.json',
	'[07:59:56] [INF] [91] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: /usr/lib/jellyfin-ffmpeg/ffmpeg -i file:"/m/a.m4v" -codec:v:0 h264_rkmpp -b:v 4500690 -codec:a:0 copy -f hls -y "/t/a.m3u8"',
	'[2022-09-07 03:08:15.434 +02:00] [INF] [81] Jellyfin.Api.Helpers.MediaInfoHelper: StreamBuilder.BuildVideoItem( Profile="AndroidTV-ExoPlayer", Path="G:\\a.mkv", AudioStreamIndex=null, SubtitleStreamIndex=null ) => ( PlayMethod=DirectPlay, TranscodeReason=0 ) "media:/videos/02ba/stream.mkv?Static=true&VideoCodec=hevc&AudioCodec=eac3"',
];

// The tests every MediaBrowser-family log has (test/helpers/parse.ts), on this format's inputs.
mediaBrowserTests({
	format: jellyfinFormat,
	header: jellyfinHeader,
	patterns: JELLYFIN_PATTERNS,
	sniff: sniffJellyfin,
	parse,
	cases,
	fixture: {path: `${FIXTURES}server.log`, chunkSize: 7},
	shared: {
		file: 'jellyfin-log-lines-from-issues.log',
		expect(records) {
			const devices = records.flatMap((r) => (r.device ? [r.device] : []));
			expect(devices).toEqual(expect.arrayContaining([{product: 'Android TV', name: 'Den TV'}, {product: 'Jellyfin tvOS', version: '1.0.1'}, {product: 'Jellyfin Web', version: '10.11.8'}]));
			const playback = records.filter((r) => r.kind === 'playback');
			expect(playback).toEqual(
				expect.arrayContaining([
					expect.objectContaining({decision: 'directplay', videoCodec: 'hevc', audioCodec: 'eac3', container: 'mkv'}),
					expect.objectContaining({decision: 'directplay', videoCodec: 'h264', audioCodec: 'aac', container: 'mov', user: 'family'}),
					expect.objectContaining({user: 'Alex', container: 'mkv'}),
					expect.objectContaining({decision: 'transcode', videoCodec: 'hevc', audioCodec: 'aac', protocol: 'hls', bitrateKbps: 5929}),
					expect.objectContaining({decision: 'transcode', videoCodec: 'h264', audioDecision: 'copy'}),
				]),
			);
			const clients = records.flatMap((r) => (r.kind === 'request' && r.client ? [r.client] : []));
			expect(clients.sort()).toEqual(['10.0.1.1', '127.0.0.1', '172.22.0.1', '192.168.0.23', '192.168.1.29', '192.x.x.x']);
			expect(records.every((r) => r.kind !== 'request' || r.host === 'this-server')).toBe(true);
		},
	},
	hostile: HOSTILE,
	standalone: STANDALONE,
});

/**
Jellyfin message patterns as data (formats.md §2.3): what each telemetry message looks like, the real
lines it was written from, and the records it yields. Samples are whole lines from public issues
(`../shared/samples/jellyfin-log-lines-from-issues.log` and the issues named beside them); the tests
check that every sample matches exactly one pattern and every pattern has a sample.

Both renderings are accepted: the file template's `{Message}` (strings in double quotes, `True`) and
the console's `{Message:lj}` (bare strings, `true`).
*/
import type {Identifier, PlaybackRecord, TelemetryRecord} from '../../model/records.js';
import {splitUrl} from '../common/url.js';
import type {MessagePattern, PatternScope, PluginGroup} from '../mediabrowser/engine.js';
import {QUOTED, applyContext, ffmpegCommand, httpClientManager, httpResponseOld, profileEligibility, unquote} from '../mediabrowser/patterns.js';
import {decisionOfPlayMethod, evidenceOf, extensionOf, requestRecord, streamFacts, titleOfPath} from '../mediabrowser/records.js';

function playback(s: PatternScope, evidence: string): PlaybackRecord {
	const b = s.base();
	const rec: PlaybackRecord = {kind: 'playback', source: b.source, origin: {file: b.file, line: b.line}, identifiers: [], evidence};
	if (b.time !== undefined) rec.time = b.time;
	return rec;
}

function clientDevice(rec: PlaybackRecord, client: string, version: string | undefined): void {
	rec.device = version ? {product: client, version} : {product: client};
	rec.identifiers.push({kind: 'device', name: 'Client', value: client});
	if (version) rec.identifiers.push({kind: 'device', name: 'Version', value: version});
}

/**
The build of a 12.0 SessionManager line `User {0} started|stopped playback of '{1}' … ({client} {version})`:
the user and the title are groups 1 and 2, the client and its version the groups from `client` on.
*/
function sessionPlayback(evidence: string, client: number): NonNullable<MessagePattern['build']> {
	return (m, s) => {
		const rec = playback(s, evidence);
		rec.user = unquote(m[1]!);
		rec.title = unquote(m[2]!);
		clientDevice(rec, unquote(m[client]!), unquote(m[client + 1]!));
		s.emit(rec);
	};
}

/** Known messages without telemetry; listed so that real logs read as fully understood. */
const QUIET: MessagePattern[] = [
	{
		name: 'range response',
		start: 'Setting range response values for ',
		re: /^Setting range response values for /,
		telemetry: false,
		// jellyfin#1603 (2019, old template)
		samples: ['[2019-08-06 20:45:51.721 +02:00] [INF] Setting range response values for "I:\\Media\\Movies\\2160P\\The Dark Knight (2008)\\The Dark Knight (2008) - [REMUX 2160P].mkv". RangeRequest: "bytes=0-" Content-Length: "60777407863", Content-Range: "bytes 0-60777407862/60777407863"'],
	},
	{
		name: 'transcode kill timer',
		start: 'Transcoding kill timer stopped for JobId ',
		re: /^Transcoding kill timer stopped for JobId /,
		telemetry: false,
		// jellyfin#2064 (2019)
		samples: ['[2019-11-26 20:52:53.605 +01:00] [INF] Transcoding kill timer stopped for JobId "29a639e45a8e45039d227a596f7ea535" PlaySessionId "ea332bdd00e94a16a5624bf7f0232e8c". Killing transcoding'],
	},
	{
		name: 'ffmpeg version',
		start: 'Found ffmpeg version ',
		re: /^Found ffmpeg version /,
		telemetry: false,
		samples: ['[2022-03-04 20:58:19.958 +00:00] [INF] [36] MediaBrowser.MediaEncoding.Encoder.MediaEncoder: Found ffmpeg version "4.4.1"'],
	},
	{
		name: 'Kestrel listening',
		start: 'Kestrel is listening on ',
		re: /^Kestrel is listening on /,
		telemetry: false,
		samples: ['[2024-10-21 20:12:23.634 +02:00] [INF] [1] Main: Kestrel is listening on "0.0.0.0"'],
	},
	{
		name: 'ffmpeg exit',
		start: 'FFmpeg exited with code ',
		re: /^FFmpeg exited with code -?\d+$/,
		telemetry: false,
		samples: ['[07:59:56] [ERR] [16] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: FFmpeg exited with code 1'],
	},
	{
		name: 'Playback Reporting tracker',
		start: 'PlaybackTracker : ',
		re: /^PlaybackTracker : /,
		telemetry: false,
		// jellyfin-androidtv#4018 (2024)
		samples: ['[2024-09-23 19:04:59.158 +02:00] [INF] [18] Jellyfin.Plugin.PlaybackReporting.Data.PlaybackTracker: PlaybackTracker : Adding Start Event : "2024-09-23T19:04:59.1582181+02:00"'],
	},
	{
		name: '.NET HttpClient response',
		contains: 'HTTP re',
		re: /^(?:Received HTTP response headers|End processing HTTP request) after [\d.]+ms - \d{3}$/,
		telemetry: false,
		// Microsoft.Extensions.Http messages as quoted in MattMckenzy/Homehook#3 (a .NET app talking to
		// Jellyfin); the Jellyfin line prefix is added here because the issue shows another app's prefix.
		samples: ['[2021-06-01 10:00:00.000 +00:00] [INF] [14] System.Net.Http.HttpClient.Default.ClientHandler: Received HTTP response headers after 63.6519ms - 200'],
	},
];

/** Messages that carry telemetry. */
const TELEMETRY: MessagePattern[] = [
	httpResponseOld([
		// jellyfin#478 (2019, 10.0 console, Emby-era request logging)
		'[15:40:03] [INF] HTTP Response 200 to 192.168.1.29. Time: 3425ms (slow). http://192.168.1.7:8096/emby/Items/8106f3337dfeac95e2aa66a7f33599f7/PlaybackInfo?UserId=f0bc9760acfd474090252fc1a6eeb8da&StartTimeTicks=0&IsPlayback=true&AutoOpenLiveStream=true&MaxStreamingBitrate=140000000',
		// jellyfin#2064 (2019, 10.4 file template without thread id; the issue elides parts with ...)
		'[2019-11-26 20:52:23.806 +01:00] [WRN] HTTP Response 200 to "10.0.0.158". Time (slow): 0:00:00.6706032. "https://.../videos/.../hls1/main/282.ts?...VideoCodec=h264&AudioCodec=aac&...&TranscodeReasons=SubtitleCodecNotSupported"',
	]),
	{
		name: 'slow HTTP response',
		start: 'Slow HTTP Response from ',
		re: new RegExp(String.raw`^Slow HTTP Response from (${QUOTED}|\S+) to ("[^"]*"|\S+) in (\S+) with Status Code (\d{3})$`),
		telemetry: true,
		samples: [
			// jellyfin#5079 (2021)
			'[2021-01-22 18:10:31.456 +00:00] [WRN] [12] Jellyfin.Server.Middleware.ResponseTimeMiddleware: Slow HTTP Response from "http://localhost:8096/Sessions/Capabilities/Full" to "127.0.0.1" in 0:00:10.2305006 with Status Code 204',
			// jellyfin#7348 (2022, 10.7.7 old template kept after upgrade)
			'[2022-02-21 12:18:51.566 -05:00] [WRN] Slow HTTP Response from "http://192.x.x.x/Items/70de05f19a446bd74d2cc8ff9b424572/Images/Primary?fillHeight=427&fillWidth=320&quality=96&tag=e966d8dc32b2e21b2d03f9a39a5e6884" to "192.x.x.x" in 0:00:00.9899466 with Status Code 200',
			// jellyfin#10760 (2023)
			'[2023-12-22 08:16:58.867 +00:00] [WRN] [55] Jellyfin.Server.Middleware.ResponseTimeMiddleware: Slow HTTP Response from "https://xxxx.top/Sessions/Playing/Progress" to "192.168.0.23" in 0:00:02.3194721 with Status Code 204',
		],
		build(m, s) {
			s.state.emitRequest(requestRecord(s.base(), {url: unquote(m[1]!), status: Number(m[4]), client: unquote(m[2]!), direction: 'inbound'}));
		},
	},
	{
		name: 'WebSocket',
		start: 'WS ',
		re: /^WS ("[^"]*"|\S+) (request|closed)$/,
		telemetry: true,
		samples: [
			// jellyfin-androidtv#4018 (2024, 10.9 file template with :lj rendering)
			'[2024-09-23 19:03:41.936 +02:00] [INF] [19] Emby.Server.Implementations.HttpServer.WebSocketManager: WS 10.0.1.1 request',
			// jellyfin#16612 (2026, 10.11.8)
			'[2026-04-10 13:09:04.377 +02:00] [INF] [7] Emby.Server.Implementations.HttpServer.WebSocketManager: WS "172.22.0.1" request',
		],
		build(m, s) {
			if (m[2] !== 'request') return;
			// The line names no path; `/socket` is where Jellyfin clients open their WebSocket.
			s.state.emitRequest(requestRecord(s.base(), {method: 'GET', url: '/socket', client: unquote(m[1]!), direction: 'inbound'}));
		},
	},
	{
		name: 'user policy',
		start: 'User policy for ',
		re: new RegExp(String.raw`^User policy for (${QUOTED}|.+?)\. EnablePlaybackRemuxing: (\w+) EnableVideoPlaybackTranscoding: (\w+) EnableAudioPlaybackTranscoding: (\w+)$`),
		telemetry: true,
		samples: [
			// jellyfin#1603 (2019, old template)
			'[2019-08-06 20:46:24.360 +02:00] [INF] User policy for "Alex". EnablePlaybackRemuxing: True EnableVideoPlaybackTranscoding: False EnableAudioPlaybackTranscoding: False',
			// Swiftfin#796 (2023, 10.8)
			'[2023-09-13 08:46:49.456 -05:00] [INF] [63] Jellyfin.Api.Helpers.MediaInfoHelper: User policy for "family". EnablePlaybackRemuxing: True EnableVideoPlaybackTranscoding: True EnableAudioPlaybackTranscoding: True',
			// jellyfin-androidtv#4018 (2024, 10.9: bare strings, lower-case booleans)
			'[2024-09-23 19:04:58.562 +02:00] [INF] [18] Jellyfin.Api.Helpers.MediaInfoHelper: User policy for anym001. EnablePlaybackRemuxing: true EnableVideoPlaybackTranscoding: true EnableAudioPlaybackTranscoding: true',
			// jellyfin#16612 (2026, 10.11.8)
			'[2026-04-10 13:09:05.980 +02:00] [INF] [13] Jellyfin.Api.Helpers.MediaInfoHelper: User policy for "rafael". EnablePlaybackRemuxing: True EnableVideoPlaybackTranscoding: True EnableAudioPlaybackTranscoding: True',
		],
		build(m, s) {
			s.state.setContext(s.entry.thread ?? '', s.entry.lineNo, {user: unquote(m[1]!)});
		},
	},
	{
		name: 'remote client bitrate limit',
		start: 'RemoteClientBitrateLimit: ',
		re: /^RemoteClientBitrateLimit: (\d+), RemoteI[Pp]: ("[^"]*"|[^,\s]*), IsInLocalNetwork: (\w+)$/,
		telemetry: true,
		samples: [
			// Swiftfin#796 (2023, 10.8 spells RemoteIp)
			'[2023-09-13 08:46:49.456 -05:00] [INF] [63] Jellyfin.Api.Helpers.MediaInfoHelper: RemoteClientBitrateLimit: 6000000, RemoteIp: "192.168.1.220", IsInLocalNetwork: True',
			// jellyfin-androidtv#4018 (2024, 10.9)
			'[2024-09-23 19:04:58.562 +02:00] [INF] [18] Jellyfin.Api.Helpers.MediaInfoHelper: RemoteClientBitrateLimit: 40000000, RemoteIP: 10.0.1.1, IsInLocalNetwork: true',
		],
		build(m, s) {
			const ip = unquote(m[2]!);
			if (ip) s.state.setContext(s.entry.thread ?? '', s.entry.lineNo, {remoteIp: ip});
		},
	},
	{
		name: 'StreamBuilder decision',
		start: 'StreamBuilder.Build',
		re: new RegExp(String.raw`^StreamBuilder\.Build(Video|Audio)Item\( Profile=(${QUOTED}|[^,]*), Path=(${QUOTED}|.*?), AudioStreamIndex=([^,]*), SubtitleStreamIndex=(\S*) \) => \( PlayMethod=(\w*), TranscodeReason=([^)]*) \) ?(.*)$`),
		telemetry: true,
		samples: [
			// jellyfin#8369 (2022, 10.8)
			'[2022-09-07 03:08:15.434 +02:00] [INF] [81] Jellyfin.Api.Helpers.MediaInfoHelper: StreamBuilder.BuildVideoItem( Profile="AndroidTV-ExoPlayer", Path="G:\\Documentaries\\TV Shows\\Earth at Night in Color\\Season 1\\Earth at Night in Color - S01E06 (2020-12-04) - Cheetah Plains [2160p HEVC HDR10][5.1 EAC3][WEB-DL].mkv", AudioStreamIndex=null, SubtitleStreamIndex=null ) => ( PlayMethod=DirectPlay, TranscodeReason=0 ) "media:/videos/02badd77-b530-29fc-71f4-acdab450ef9f/stream.mkv?MediaSourceId=02badd77b53029fc71f4acdab450ef9f&Static=true&VideoCodec=hevc&AudioCodec=eac3&AudioStreamIndex=1&SubtitleStreamIndex=2&api_key=<token>&SubtitleMethod=Embed&Tag=8db68c3dc368a0004c5526af014f4efb"',
			// Swiftfin#796 (2023, 10.8)
			'[2023-09-13 08:46:49.456 -05:00] [INF] [63] Jellyfin.Api.Helpers.MediaInfoHelper: StreamBuilder.BuildVideoItem( Profile="Anonymous Profile", Path="/data/movies/MOVIE_FOLDER/MOVIENAME.mp4", AudioStreamIndex=null, SubtitleStreamIndex=null ) => ( PlayMethod=DirectPlay, TranscodeReason=0 ) "media:/videos/b99ff45b-bb2c-725a-e62b-0c1327a7c05d/stream.mov?MediaSourceId=b99ff45bbb2c725ae62b0c1327a7c05d&Static=true&VideoCodec=h264&AudioCodec=aac&AudioStreamIndex=3&api_key=<token>&Tag=a3f6d9eb3f5c89a7f82f5d45471fe95d"',
		],
		build(m, s) {
			const rec = playback(s, `StreamBuilder.Build${m[1]}Item decision`);
			const profile = unquote(m[2]!);
			const path = unquote(m[3]!);
			const url = unquote(m[8]!.trim());
			const decision = decisionOfPlayMethod(m[6]);
			if (decision) rec.decision = decision;
			if (profile) rec.identifiers.push({kind: 'device', name: 'Profile', value: profile});
			const facts = url ? streamFacts(url) : undefined;
			if (facts) {
				const {playSession: _ps, decision: _d, ...rest} = facts;
				Object.assign(rec, rest);
			}
			rec.container ??= extensionOf(path);
			if (rec.container === undefined) delete rec.container;
			const title = titleOfPath(path);
			if (title) rec.title = title;
			if (url) {
				const {identifiers, device} = evidenceOf(splitUrl(url.startsWith('media:') ? url.slice(6) : url).query);
				rec.identifiers.push(...identifiers);
				if (device) rec.device = device;
			}
			applyContext(s, rec);
			s.emit(rec);
		},
	},
	profileEligibility([
		// jellyfin#1603 (2019, old template; Emby-era StreamBuilder wording)
		'[2019-08-06 20:46:24.361 +02:00] [INF] Profile: "Unknown Profile", Path: "I:\\Media\\Movies\\2160P\\The Dark Knight (2008)\\The Dark Knight (2008) - [REMUX 2160P].mkv", isEligibleForDirectPlay: True, isEligibleForDirectStream: True',
	]),
	{
		name: 'playback stopped (≤10.11)',
		start: 'Playback stopped reported by app ',
		// Bounded name/title lengths keep the three-group match linear on hostile lines.
		re: new RegExp(String.raw`^Playback stopped reported by app (${QUOTED}|.{1,200}?) ("[^"]*"|\S+) playing (${QUOTED}|.{1,2000}?)\. Stopped at "?(\d+)"? ms$`),
		telemetry: true,
		samples: [
			// Swiftfin#796 (2023, 10.8)
			'[2023-09-13 08:59:52.664 -05:00] [INF] [49] Emby.Server.Implementations.Session.SessionManager: Playback stopped reported by app "Jellyfin tvOS" "1.0.1" playing "MOVIENAME". Stopped at "3070000" ms',
			// jellyfin#16612 (2026, 10.11.8)
			'[2026-04-10 13:09:04.215 +02:00] [INF] [26] Emby.Server.Implementations.Session.SessionManager: Playback stopped reported by app "Jellyfin Web" "10.11.8" playing "Teenage Kix". Stopped at "0" ms',
		],
		build(m, s) {
			const rec = playback(s, 'SessionManager playback stopped');
			clientDevice(rec, unquote(m[1]!), unquote(m[2]!));
			rec.title = unquote(m[3]!);
			s.emit(rec);
		},
	},
	{
		name: 'playback started (12.0)',
		start: 'User ',
		contains: ' started playback of ',
		re: new RegExp(String.raw`^User (${QUOTED}|.{1,200}?) started playback of '(${QUOTED}|.{0,2000}?)' \((${QUOTED}|.{1,200}?) ("[^"]*"|\S+)\)$`),
		telemetry: true,
		// No published line yet (first in v12.0-rc1). Rendered from the SessionManager template
		// `User {0} started playback of '{1}' ({2} {3})` in the file form ({Message} quotes strings).
		samples: ['[2026-01-10 20:00:00.000 +01:00] [INF] [21] Emby.Server.Implementations.Session.SessionManager: User "alice" started playback of \'"Big Buck Bunny"\' ("Jellyfin Web" "12.0.0")'],
		build: sessionPlayback('SessionManager playback started', 3),
	},
	{
		name: 'playback stopped (12.0)',
		start: 'User ',
		contains: ' stopped playback of ',
		re: new RegExp(String.raw`^User (${QUOTED}|.{1,200}?) stopped playback of '(${QUOTED}|.{0,2000}?)' at "?(\d+)"?ms \((${QUOTED}|.{1,200}?) ("[^"]*"|\S+)\)$`),
		telemetry: true,
		// No published line yet; rendered from `User {0} stopped playback of '{1}' at {2}ms ({3} {4})`
		// in the console form ({Message:lj}: bare strings).
		samples: ["[20:41:12.345] [INF] [33] Emby.Server.Implementations.Session.SessionManager: User alice stopped playback of 'Big Buck Bunny' at 596000ms (Jellyfin Web 12.0.0)"],
		build: sessionPlayback('SessionManager playback stopped', 4),
	},
	{
		name: 'Playback Reporting field',
		start: 'StartPlaybackTimer : ',
		re: /^StartPlaybackTimer : ([\w.]+) *= (.*)$/,
		telemetry: true,
		samples: [
			// jellyfin-androidtv#1976 (2022)
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : play_method          = "DirectPlay"',
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : e.ClientName         = "Android TV"',
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : e.DeviceName         = "Den TV"',
			'[2022-08-14 01:26:38.264 -07:00] [INF] [32] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: StartPlaybackTimer : ItemType             = "Episode"',
		],
		build(m, s) {
			s.state.addPluginField(s.entry.thread ?? '', s.entry, m[1]!, unquote(m[2]!.trim()), pluginRecord(s.format, s.file));
		},
	},
	{
		name: 'Playback Reporting remote end point',
		start: 'session.RemoteEndPoint : ',
		re: /^session\.RemoteEndPoint : ("[^"]*"|\S*)$/,
		telemetry: true,
		// Swiftfin#796 (2023)
		samples: ['[2023-09-13 08:47:07.690 -05:00] [INF] [140] Jellyfin.Plugin.PlaybackReporting.EventMonitorEntryPoint: session.RemoteEndPoint : "192.168.1.220"'],
		build(m, s) {
			s.state.addPluginField(s.entry.thread ?? '', s.entry, 'session.RemoteEndPoint', unquote(m[1]!), pluginRecord(s.format, s.file));
		},
	},
	ffmpegCommand(
		[
			// jellyfin-webos#259 (2024, file template: path and arguments quoted, \" inside)
			'[2024-10-21 20:12:56.265 +02:00] [INF] [21] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: "/usr/lib/jellyfin-ffmpeg/ffmpeg" "-analyzeduration 200M -probesize 1G -init_hw_device vaapi=va:,kernel_driver=i915,driver=iHD -init_hw_device qsv=qs@va -filter_hw_device qs -hwaccel vaapi -hwaccel_output_format vaapi -noautorotate -i file:\\"/data/media/tv/Nichijou - My Ordinary Life/Nichijou - My Ordinary Life - S01E17 - Episode 17 Bluray-1080p.mkv\\" -noautoscale -map_metadata -1 -map_chapters -1 -threads 0 -map 0:0 -map 0:1 -map -0:s -codec:v:0 hevc_qsv -tag:v:0 hvc1 -low_power 1 -preset veryfast -b:v 5673431 -maxrate 5673431 -bufsize 11346862 -profile:v:0 main -level 41 -g:v:0 72 -keyint_min:v:0 72 -vf \\"setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709,scale_vaapi=format=nv12:extra_hw_frames=24,hwmap=derive_device=qsv,format=qsv\\" -codec:a:0 libfdk_aac -ac 2 -ab 256000 -copyts -avoid_negative_ts disabled -max_muxing_queue_size 2048 -f hls -max_delay 5000000 -hls_time 3 -hls_segment_type mpegts -start_number 0 -hls_segment_filename \\"/cache/transcodes/ae8a6140fb385d57f33d41a09080b69b%d.ts\\" -hls_playlist_type vod -hls_list_size 0 -y \\"/cache/transcodes/ae8a6140fb385d57f33d41a09080b69b.m3u8\\""',
			// console template (:lj: raw command line)
			'[07:59:56] [INF] [91] MediaBrowser.MediaEncoding.Transcoding.TranscodeManager: /usr/lib/jellyfin-ffmpeg/ffmpeg -analyzeduration 200M -probesize 1G -ss 00:00:12.000 -init_hw_device rkmpp=rk -hwaccel rkmpp -hwaccel_output_format drm_prime -afbc rga -noautorotate -i file:"/media/shows/Fringe Season 2/Fringe S02E23 Over There (2) (1080p x265 Joy).m4v" -noautoscale -map_metadata -1 -map_chapters -1 -threads 0 -map 0:0 -map 0:1 -map -0:s -codec:v:0 h264_rkmpp -b:v 4500690 -maxrate 4500690 -bufsize 9001380 -g:v:0 72 -keyint_min:v:0 72 -vf "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709,scale_rkrga=format=nv12:afbc=1" -codec:a:0 copy -copyts -avoid_negative_ts disabled -max_muxing_queue_size 2048 -f hls -max_delay 5000000 -hls_time 3 -hls_segment_type mpegts -start_number 4 -hls_segment_filename "/config/data/transcodes/79a47b0b5b71cacde99f08639a3ed731%d.ts" -hls_playlist_type vod -hls_list_size 0 -y "/config/data/transcodes/79a47b0b5b71cacde99f08639a3ed731.m3u8"',
		],
		'Jellyfin ffmpeg command line (TranscodeManager)',
	),
	httpClientManager([
		// jellyfin#1193 (2019, 10.3 under journald: syslog prefix, console template, Emby-era HttpClientManager)
		'Apr 03 18:38:05 Media dotnet[25787]: [18:38:05] [INF] HttpClientManager GET: https://api.themoviedb.org/3/tv/82812?api_key=4219e299c89411838049ab0dab19ebd5&append_to_response=credits,images,keywords,external_ids,videos,content_ratings&language=en&include_image_language=en,null',
	]),
	{
		name: 'HttpClientManager error',
		start: 'Error ',
		contains: ' getting response from ',
		re: /^Error (\w+) getting response from (https?:\/\/\S+)$/,
		telemetry: true,
		// jellyfin#1193 (2019)
		samples: ['Apr 03 18:38:05 Media dotnet[25787]: [18:38:05] [ERR] Error ProtocolError getting response from https://api.themoviedb.org/3/tv/82812?api_key=4219e299c89411838049ab0dab19ebd5&append_to_response=credits,images,keywords,external_ids,videos,content_ratings&language=en&include_image_language=en,null'],
		build(m, s) {
			s.state.outbound(s.base(), m[2]!, 'GET');
		},
	},
	{
		name: 'plugin manifest error',
		start: 'An error occurred while accessing the plugin manifest: ',
		re: /^An error occurred while accessing the plugin manifest: ("https?:\/\/[^"]*"|https?:\/\/\S+)$/,
		telemetry: true,
		samples: [
			// Kuschel-code/JellyfinUpscalerPlugin#24 (2026, file template)
			'[2026-01-13 08:58:31.177 +11:00] [ERR] [148] Emby.Server.Implementations.Updates.InstallationManager: An error occurred while accessing the plugin manifest: "https://raw.githubusercontent.com/StergiosBinopoulos/jellyfin-plugin-bettermix/refs/heads/main/manifest.json"',
			// jellyfin/jellyfin-plugin-transcodekiller#5 (2024, 10.9.3 console)
			'[13:08:59] [ERR] [17] Emby.Server.Implementations.Updates.InstallationManager: An error occurred while accessing the plugin manifest: https://raw.githubusercontent.com/crobibero/jellyfin-plugin-transcodekiller/master/manifest.json',
		],
		build(m, s) {
			s.state.outbound(s.base(), unquote(m[1]!), 'GET');
		},
	},
	{
		name: 'plugin manifest deserialise error',
		start: 'Failed to deserialize the plugin manifest retrieved from ',
		re: /^Failed to deserialize the plugin manifest retrieved from ("https?:\/\/[^"]*"|https?:\/\/\S+)$/,
		telemetry: true,
		// TheIntroDB/jellyfin-plugin#5 (2026); the issue quotes `[ERR] Failed to …` without the time,
		// which is added here.
		samples: ['[2026-04-18 09:00:00.000 +00:00] [ERR] [30] Emby.Server.Implementations.Updates.InstallationManager: Failed to deserialize the plugin manifest retrieved from "https://raw.githubusercontent.com/TheIntroDB/jellyfin-plugin/main/manifest.json"'],
		build(m, s) {
			s.state.outbound(s.base(), unquote(m[1]!), 'GET');
		},
	},
	{
		name: '.NET HttpClient request',
		contains: 'HTTP request ',
		re: /^(?:Start processing|Sending) HTTP request ([A-Z]+) (\S+)$/,
		telemetry: true,
		// Logged only when `System.Net.Http.HttpClient` is raised to Information (Jellyfin's default
		// logging.json keeps it at Warning). Message text as quoted in MattMckenzy/Homehook#3; the
		// Jellyfin prefix is added here.
		samples: ['[2021-06-01 10:00:00.000 +00:00] [INF] [14] System.Net.Http.HttpClient.Default.LogicalHandler: Start processing HTTP request GET http://192.168.0.51:8096/Users/f4eaf1eb7eb14ee582c9512658c6ccfb/Items?recursive=true&fields=DateCreated%2cPath&filters=IsNotFolder&searchTerm=handmaid'],
		build(m, s) {
			s.state.outbound(s.base(), m[2]!, m[1]);
		},
	},
];

/** Every Jellyfin message pattern; known quiet messages first so that they are never reported. */
export const JELLYFIN_PATTERNS: readonly MessagePattern[] = [...QUIET, ...TELEMETRY];

/** Messages that belong to a Playback Reporting plugin block. */
export function isPluginLine(message: string): boolean {
	return message.startsWith('StartPlaybackTimer : ') || message.startsWith('session.RemoteEndPoint : ');
}

/**
One playback record from a Playback Reporting plugin block (`StartPlaybackTimer : key = value` lines,
jellyfin-plugin-playbackreporting `EventMonitorEntryPoint`). `play_method` may carry codecs:
`Transcode (v:h264 a:direct)` where `direct` means the stream is passed through.
*/
export function pluginRecord(format: string, file: string): (g: PluginGroup) => TelemetryRecord | undefined {
	return (g) => {
		const f = g.fields;
		const client = f.get('e.ClientName');
		const deviceName = f.get('e.DeviceName');
		const method = f.get('play_method');
		const itemName = f.get('ItemName');
		const itemType = f.get('ItemType');
		if (!client && !deviceName && !method && !itemName && !itemType) return undefined;
		const identifiers: Identifier[] = [];
		const rec: PlaybackRecord = {kind: 'playback', source: format, origin: {file, line: g.entry.lineNo}, identifiers, evidence: 'Playback Reporting plugin StartPlaybackTimer'};
		if (g.entry.time !== undefined) rec.time = g.entry.time;
		if (client || deviceName) {
			rec.device = {};
			if (client) {
				rec.device.product = client;
				identifiers.push({kind: 'device', name: 'ClientName', value: client});
			}
			if (deviceName) {
				rec.device.name = deviceName;
				identifiers.push({kind: 'personal', name: 'DeviceName', value: deviceName});
			}
		}
		const userId = f.get('event_user_id') ?? f.get('session_user_id');
		if (userId) identifiers.push({kind: 'identifier', name: 'UserId', value: userId});
		const remote = f.get('session.RemoteEndPoint');
		if (remote) identifiers.push({kind: 'personal', name: 'RemoteEndPoint', value: remote});
		if (method) {
			const m = /^(\w+)(?: \(v:(\S*) a:(\S*)\))?/.exec(method);
			const decision = decisionOfPlayMethod(m?.[1]);
			if (decision) rec.decision = decision;
			if (m?.[2]) {
				rec.videoDecision = m[2] === 'direct' ? 'copy' : 'transcode';
				if (m[2] !== 'direct') rec.videoCodec = m[2].toLowerCase();
			}
			if (m?.[3]) {
				rec.audioDecision = m[3] === 'direct' ? 'copy' : 'transcode';
				if (m[3] !== 'direct') rec.audioCodec = m[3].toLowerCase();
			}
		}
		if (itemName) rec.title = itemName;
		if (itemType) rec.mediaType = itemType.toLowerCase();
		return rec;
	};
}

/**
Emby message patterns as data (formats.md §3.2–3.3): the three generations of HTTP request/response
lines, StreamBuilder eligibility, ffmpeg command lines (Emby 3 `App:`, Emby 4 `ProcessRun … Execute:`)
and outbound `METHOD <url>` lines (`HttpClient: POST https://connect.emby.media/…`). Samples are whole
real lines from public issues (`../shared/samples/emby-log-lines-from-issues.log` and the issues named
beside them); the tests check that every sample matches exactly one pattern and every pattern has one.

Emby's own log export replaces tokens with `x_secret<N>_x` and host names with `host<N>`; those values
are kept as they are.
*/
import type {MessagePattern} from '../mediabrowser/engine.js';
import {buildFfmpeg, cleanUrl, ffmpegCommand, httpResponseOld, methodUrl, noDirectPlayProfile, parseHeaderList, profileEligibility} from '../mediabrowser/patterns.js';
import {requestRecord} from '../mediabrowser/records.js';

/** Known messages without telemetry. */
const QUIET: MessagePattern[] = [
	{
		name: 'ffmpeg capability probe',
		start: 'Running ',
		re: /^Running \S*ffmpeg\S* -(?:encoders|decoders|hwaccels|version|filters|codecs|protocols|formats)$/,
		telemetry: false,
		// MediaBrowser/Emby#3029 (2017)
		samples: ['2017-11-20 08:04:54.283 Info MediaEncoder: Running /usr/bin/ffmpeg -encoders'],
	},
	{
		name: 'encoder available',
		start: 'Encoder available: ',
		re: /^Encoder available: \S+$/,
		telemetry: false,
		samples: ['2017-11-20 08:04:54.316 Info MediaEncoder: Encoder available: libx264'],
	},
	{
		name: 'ffmpeg path',
		start: 'FFMpeg: ',
		re: /^FFMpeg: /,
		telemetry: false,
		// metatube-community/jellyfin-plugin-metatube#573 (2025)
		samples: ['2025-10-25 05:29:38.042 Info FfmpegManager: FFMpeg: /bin/ffmpeg'],
	},
	{
		name: 'process exit',
		start: 'ProcessRun ',
		re: /^ProcessRun '[^']*' Process exited with code -?\d+$/,
		telemetry: false,
		// MediaBrowser/Emby.Releases#67 (2020)
		samples: ['2020-09-23 08:33:16.726 Info NvidiaCodecProvider: ProcessRun \'ffdetect_nvencdec\' Process exited with code 1'],
	},
];

const TELEMETRY: MessagePattern[] = [
	httpResponseOld([
		// MediaBrowser/Emby.Channels#31 (2016, four fractional digits)
		'2016-02-25 15:08:11.2888 Info HttpServer: HTTP Response 200 to ::1. Time: 512ms. http://localhost:8096/emby/Items/d67ff9078e6c4f36d1091cc7b9709437/PlaybackInfo?UserId=1714c12e5fb94e6a87cc86bf18cdbcc9&StartTimeTicks=0',
		// MediaBrowser/Emby.Releases#67 (2020, 4.5: `. ConnectionId: …` after the URL)
		'2020-09-23 08:33:16.725 Info HttpServer: HTTP Response 200 to 192.168.100.165. Time: 2ms. http://192.168.100.15:8096/emby/Users/513d57ad945c4c32a381f1a3a1c051fb. ConnectionId: 0HM2VH9VU2BKI',
	]),
	{
		name: 'HTTP request (Emby ≤4.7)',
		start: 'HTTP ',
		re: /^HTTP ([A-Z]+) (.+?)\. UserAgent: (.*)$/,
		telemetry: true,
		samples: [
			// MediaBrowser/Emby.Channels#31 (2016)
			'2016-02-25 15:08:11.4928 Info HttpServer: HTTP GET http://localhost:8096/emby/videos/d67ff9078e6c4f36d1091cc7b9709437/stream.mkv?DeviceId=759ad204adcf557a9a241a8e521eec154a0adb79&MediaSourceId=de819203c5a6990891d0ae5d9248d10b&VideoCodec=h264&AudioCodec=mp3&VideoBitrate=7680000&AudioBitrate=320000&MaxAudioChannels=6&Level=41&Profile=high&PlaySessionId=6b15bb490ebf46218a55fd735ea38ce4&api_key=1144807600274bd8a340735a1c2cd71a. UserAgent: Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/48.0.2564.116 Safari/537.36',
			// MediaBrowser/Emby.Releases#67 (2020)
			'2020-09-23 08:33:16.724 Info HttpServer: HTTP GET http://192.168.100.15:8096/emby/Users/513d57ad945c4c32a381f1a3a1c051fb. UserAgent: Mozilla/5.0 (Linux; Android 10; CLT-L29 Build/HUAWEICLT-L29; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/85.0.4183.101 Mobile Safari/537.36',
		],
		build(m, s) {
			const url = cleanUrl(m[2]!);
			const headers: Array<[string, string]> = m[3] ? [['User-Agent', m[3].trim()]] : [];
			s.state.addRequest(requestRecord(s.base(), {method: m[1], url, direction: 'inbound', headers}), url);
		},
	},
	{
		name: 'HTTP request (Emby 4.8+)',
		start: 'http/',
		re: /^http\/([\d.]+) ([A-Z]+) (.+?)\. Source Ip: ([^,]*)(?:, (.*))?$/,
		telemetry: true,
		samples: [
			// MediaBrowser/Emby#3913 (2025, logged headers; hosts anonymised by Emby as hostN)
			'2025-07-09 11:16:31.973 Info Server: http/1.1 GET http://host3:8096/emby/videos/55172/hls1/main/1.ts?PlaySessionId=72767b949c1c42d6b8f3220b2aba396b. Source Ip: host4, Accept=*/*, Connection=keep-alive, Host=host5, User-Agent=Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0, Accept-Encoding=gzip, deflate, Accept-Language=pl,en-US;q=0.7,en;q=0.3, Referer=host6, DNT=1, Sec-GPC=1',
			// honue/MediaInfoKeeper#18 (2026, 4.9.3: UserAgent form, unescaped spaces in the URL)
			'2026-06-22 14:06:22.626 Debug UserLibraryService-0HNMG3PC03GFG:00000001: http/1.1 GET http://192.168.1.122:8096/emby/Users/734f6bb61f0d4912b82310d1c49530d5/Items/315092?fields=ShareLevel&ExcludeFields=VideoChapters,VideoMediaSources,MediaStreams&X-Emby-Client=Emby Web&X-Emby-Device-Name=Chrome Windows&X-Emby-Device-Id=da2e3de9-9942-4b2b-97df-535a64a7244b&X-Emby-Client-Version=4.9.3.0&X-Emby-Token=x_secret2_x&X-Emby-Language=zh-cn. Source Ip: 192.168.1.122, UserAgent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36',
		],
		build(m, s) {
			const url = cleanUrl(m[3]!);
			const tail = m[5] ?? '';
			const headers: Array<[string, string]> = tail.startsWith('UserAgent: ') ? [['User-Agent', tail.slice(11).trim()]] : parseHeaderList(tail);
			s.state.addRequest(requestRecord(s.base(), {method: m[2], url, client: m[4]!.trim(), direction: 'inbound', headers}), url);
		},
	},
	{
		name: 'HTTP response (Emby 4.8+)',
		start: 'http/',
		re: /^http\/([\d.]+) Response (\d{3}) to (\S+?)\. Time: (\d+)ms\. ([A-Z]+) (.+)$/,
		telemetry: true,
		samples: [
			// MediaBrowser/Emby#3913 (2025)
			'2025-07-09 11:16:31.870 Info Server: http/1.1 Response 200 to host4. Time: 586ms. GET http://host3:8096/emby/videos/55172/hls1/main/0.ts?PlaySessionId=72767b949c1c42d6b8f3220b2aba396b',
			// honue/MediaInfoKeeper#18 (2026; the line ends in ". ")
			// firestaerter3/emby-xtream#25 (2026, response headers after the URL; the issue elides parts with ...)
			'2026-04-26 23:58:15.651 Info HlsSegmentService-0HNL3D3MOENA4:00000001: http/1.1 Response 204 to host1. Time: 2ms. POST http://host2/emby/Videos/ActiveEncodings/Delete?...  Headers: Connection=close, Date=..., Server=UPnP/1.0 DLNADOC/1.50, ...',
			'2026-06-22 14:06:22.630 Debug UserLibraryService-0HNMG3PC03GFG:00000001: http/1.1 Response 200 to 192.168.1.122. Time: 3ms. GET http://192.168.1.122:8096/emby/Users/734f6bb61f0d4912b82310d1c49530d5/Items/315092?fields=ShareLevel&ExcludeFields=VideoChapters,VideoMediaSources,MediaStreams&X-Emby-Client=Emby Web&X-Emby-Device-Name=Chrome Windows&X-Emby-Device-Id=da2e3de9-9942-4b2b-97df-535a64a7244b&X-Emby-Client-Version=4.9.3.0&X-Emby-Token=x_secret2_x&X-Emby-Language=zh-cn. ',
		],
		build(m, s) {
			let tail = m[6]!;
			// `…/Delete?…  Headers: Connection=close, …` (response headers; firestaerter3/emby-xtream#25)
			const h = tail.indexOf(' Headers: ');
			if (h !== -1) tail = tail.slice(0, h);
			const url = cleanUrl(tail);
			s.state.addResponse(requestRecord(s.base(), {method: m[5], url, status: Number(m[2]), client: m[3], direction: 'inbound'}), url);
		},
	},
	profileEligibility([
		// MediaBrowser/Emby#1356 (2015, Emby 3: bare values)
		'2015-12-24 22:23:20.4659 Info App: Profile: Unknown Profile, Path: /pool/Movies/Hollygrove (2015) (BR-Rip)/Hollygrove (BR-Rip).mkv, isEligibleForDirectPlay: True, isEligibleForDirectStream: True',
	]),
	noDirectPlayProfile([
		// MediaBrowser/Emby#1356 (2015)
		'2015-12-24 22:23:20.4659 Info App: Profile: Unknown Profile, No direct play profiles found for Path: /pool/Movies/Hollygrove (2015) (BR-Rip)/Hollygrove (BR-Rip).mkv',
	]),
	ffmpegCommand(
		[
			// MediaBrowser/Emby.Channels#31 (2016; the issue truncates the line with ...)
			'2016-02-25 15:08:11.4928 Info App: C:\\Users\\...\\ffmpeg\\20160131\\ffmpeg.exe -fflags +genpts -i "http://usher.twitch.tv/..." -sn -codec:v:0 libx264 -force_key_frames expr:gte(t,n_forced*5) -pix_fmt ...',
		],
		'Emby ffmpeg command line',
	),
	{
		name: 'ProcessRun execute',
		start: 'ProcessRun ',
		re: /^ProcessRun '([^']*)' Execute: (.+)$/,
		telemetry: true,
		// MediaBrowser/Emby.Releases#67 (2020, 4.5: hardware detection, not a playback)
		samples: ['2020-09-23 08:33:16.721 Info NvidiaCodecProvider: ProcessRun \'ffdetect_nvencdec\' Execute: /opt/emby-server/bin/ffdetect -hide_banner -show_program_version -loglevel 48 -show_error -show_log 40 nvencdec -print_format json '],
		build(m, s) {
			// Emby 4 runs transcodes the same way (assumed, formats.md §3.3); only ffmpeg jobs are playback.
			buildFfmpeg(m[2]!.trim(), s, `Emby ffmpeg command line (ProcessRun '${m[1]}')`);
		},
	},
	methodUrl([
		// Emby 4.2.1 log in a public write-up on brute-force logging (2019): Emby Connect sign-in
		'2019-08-25 18:55:02.632 Info HttpClient: POST https://connect.emby.media/service/user/authenticate',
		// honue/MediaInfoKeeper#6 (2026, a plugin logging the licence check it intercepts)
		'2026-03-16 14:49:06.814 Info MediaInfoKeeper: POST https://mb3admin.com/admin/service/registration/validate',
	]),
];

/** Every Emby message pattern; known quiet messages first so that they are never reported. */
export const EMBY_PATTERNS: readonly MessagePattern[] = [...QUIET, ...TELEMETRY];

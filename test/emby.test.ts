import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {embyHeader} from '../source/formats/emby/header.js';
import {embyFormat, sniffEmby} from '../source/formats/emby/emby.js';
import {EMBY_PATTERNS} from '../source/formats/emby/patterns.js';
import {isContinuation} from '../source/formats/mediabrowser/engine.js';
import {parseHeaderList} from '../source/formats/mediabrowser/patterns.js';
import {sniffJellyfin} from '../source/formats/jellyfin/jellyfin.js';
import type {ParseResult} from '../source/formats/run.js';
import {type LineCase, mediaBrowserTests, parseValid} from './helpers/parse.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/emby/', import.meta.url));

const parse = (input: string, file = 'embyserver.txt', chunkSize?: number): ParseResult => parseValid(embyFormat, input, file, chunkSize);



const cases: LineCase[] = [
	{
		description: 'HTTP response, first generation (four fractional digits)',
		notes: 'MediaBrowser/Emby.Channels#31, Emby 3.0 (2016); Emby writes local time, read as UTC',
		input: '2016-02-25 15:08:11.2888 Info HttpServer: HTTP Response 200 to ::1. Time: 512ms. http://localhost:8096/emby/Items/d67ff9078e6c4f36d1091cc7b9709437/PlaybackInfo?UserId=1714c12e5fb94e6a87cc86bf18cdbcc9&StartTimeTicks=0',
		expected: [{kind: 'request', time: '2016-02-25T15:08:11.288Z', host: 'this-server', port: 8096, status: 200, client: '::1', direction: 'inbound', path: '/emby/Items/d67ff9078e6c4f36d1091cc7b9709437/PlaybackInfo', method: undefined}],
	},
	{
		description: 'HTTP request, first generation: a progressive stream → request + playback',
		notes: 'MediaBrowser/Emby.Channels#31 (2016); no response line follows, so the request is emitted at the end',
		input: '2016-02-25 15:08:11.4928 Info HttpServer: HTTP GET http://localhost:8096/emby/videos/d67ff9078e6c4f36d1091cc7b9709437/stream.mkv?DeviceId=759ad204adcf557a9a241a8e521eec154a0adb79&MediaSourceId=de819203c5a6990891d0ae5d9248d10b&VideoCodec=h264&AudioCodec=mp3&VideoBitrate=7680000&AudioBitrate=320000&MaxAudioChannels=6&Level=41&Profile=high&PlaySessionId=6b15bb490ebf46218a55fd735ea38ce4&api_key=1144807600274bd8a340735a1c2cd71a. UserAgent: Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/48.0.2564.116 Safari/537.36',
		expected: [
			{
				kind: 'request',
				method: 'GET',
				status: undefined,
				path: '/emby/videos/d67ff9078e6c4f36d1091cc7b9709437/stream.mkv',
				device: {clientId: '759ad204adcf557a9a241a8e521eec154a0adb79'},
				identifiers: [
					{kind: 'secret', name: 'api_key', value: '1144807600274bd8a340735a1c2cd71a'},
					{kind: 'identifier', name: 'DeviceId', value: '759ad204adcf557a9a241a8e521eec154a0adb79'},
					{kind: 'identifier', name: 'PlaySessionId', value: '6b15bb490ebf46218a55fd735ea38ce4'},
					{kind: 'device', name: 'User-Agent', value: 'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/48.0.2564.116 Safari/537.36'},
				],
			},
			{kind: 'playback', container: 'mkv', videoCodec: 'h264', audioCodec: 'mp3', bitrateKbps: 8000, decision: undefined, evidence: 'stream URL in request line'},
		],
	},
	{
		description: 'HTTP request + response, 4.5 generation (ConnectionId) → one joined request',
		notes: 'MediaBrowser/Emby.Releases#67 (2020)',
		input: [
			'2020-09-23 08:33:16.724 Info HttpServer: HTTP GET http://192.168.100.15:8096/emby/Users/513d57ad945c4c32a381f1a3a1c051fb. UserAgent: Mozilla/5.0 (Linux; Android 10; CLT-L29 Build/HUAWEICLT-L29; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/85.0.4183.101 Mobile Safari/537.36',
			'2020-09-23 08:33:16.725 Info HttpServer: HTTP Response 200 to 192.168.100.165. Time: 2ms. http://192.168.100.15:8096/emby/Users/513d57ad945c4c32a381f1a3a1c051fb. ConnectionId: 0HM2VH9VU2BKI',
		].join('\n'),
		expected: [{kind: 'request', method: 'GET', status: 200, client: '192.168.100.165', url: 'http://192.168.100.15:8096/emby/Users/513d57ad945c4c32a381f1a3a1c051fb', origin: {file: 'embyserver.txt', line: 1}, time: '2020-09-23T08:33:16.724Z'}],
	},
	{
		description: 'X-Emby-* query parameters with spaces in a first-generation request',
		notes: 'MediaBrowser/Emby.Releases#67 (2020, 4.5.0.50 web client)',
		input: '2020-09-23 09:23:55.659 Info HttpServer: HTTP GET http://192.168.100.15:8096/emby/Users/513d57ad945c4c32a381f1a3a1c051fb?X-Emby-Client=Emby Web&X-Emby-Device-Name=Firefox&X-Emby-Device-Id=5fa50f85-dd75-4aab-b212-f642ecca9300&X-Emby-Client-Version=4.5.0.50. UserAgent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:80.0) Gecko/20100101 Firefox/80.0',
		expected: [{kind: 'request', device: {product: 'Emby Web', name: 'Firefox', clientId: '5fa50f85-dd75-4aab-b212-f642ecca9300', version: '4.5.0.50'}}],
	},
	{
		description: '4.8+ request with logged headers + its response → one request with User-Agent',
		notes: 'MediaBrowser/Emby#3913 (2025; hosts anonymised by Emby as hostN)',
		input: [
			'2025-07-09 11:16:31.973 Info Server: http/1.1 GET http://host3:8096/emby/videos/55172/hls1/main/1.ts?PlaySessionId=72767b949c1c42d6b8f3220b2aba396b. Source Ip: host4, Accept=*/*, Connection=keep-alive, Host=host5, User-Agent=Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0, Accept-Encoding=gzip, deflate, Accept-Language=pl,en-US;q=0.7,en;q=0.3, Referer=host6, DNT=1, Sec-GPC=1',
			'2025-07-09 11:16:31.976 Info Server: http/1.1 Response 200 to host4. Time: 2ms. GET http://host3:8096/emby/videos/55172/hls1/main/1.ts?PlaySessionId=72767b949c1c42d6b8f3220b2aba396b',
		].join('\n'),
		expected: [
			{
				kind: 'request',
				method: 'GET',
				status: 200,
				client: 'host4',
				port: 8096,
				identifiers: [
					{kind: 'identifier', name: 'PlaySessionId', value: '72767b949c1c42d6b8f3220b2aba396b'},
					{kind: 'device', name: 'User-Agent', value: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'},
				],
			},
		],
	},
	{
		description: '4.8+ request with UserAgent and X-Emby-* in the URL + its response',
		notes: 'honue/MediaInfoKeeper#18 (2026, 4.9.3; token already replaced by Emby as x_secret2_x)',
		input: [
			'2026-06-22 14:06:22.626 Debug UserLibraryService-0HNMG3PC03GFG:00000001: http/1.1 GET http://192.168.1.122:8096/emby/Users/734f6bb61f0d4912b82310d1c49530d5/Items/315092?fields=ShareLevel&X-Emby-Client=Emby Web&X-Emby-Device-Name=Chrome Windows&X-Emby-Device-Id=da2e3de9-9942-4b2b-97df-535a64a7244b&X-Emby-Client-Version=4.9.3.0&X-Emby-Token=x_secret2_x&X-Emby-Language=zh-cn. Source Ip: 192.168.1.122, UserAgent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/149.0.0.0 Safari/537.36',
			'2026-06-22 14:06:22.630 Debug UserLibraryService-0HNMG3PC03GFG:00000001: http/1.1 Response 200 to 192.168.1.122. Time: 3ms. GET http://192.168.1.122:8096/emby/Users/734f6bb61f0d4912b82310d1c49530d5/Items/315092?fields=ShareLevel&X-Emby-Client=Emby Web&X-Emby-Device-Name=Chrome Windows&X-Emby-Device-Id=da2e3de9-9942-4b2b-97df-535a64a7244b&X-Emby-Client-Version=4.9.3.0&X-Emby-Token=x_secret2_x&X-Emby-Language=zh-cn. ',
		].join('\n'),
		expected: [
			{
				kind: 'request',
				status: 200,
				client: '192.168.1.122',
				device: {product: 'Emby Web', name: 'Chrome Windows', clientId: 'da2e3de9-9942-4b2b-97df-535a64a7244b', version: '4.9.3.0'},
				identifiers: expect.arrayContaining([{kind: 'secret', name: 'X-Emby-Token', value: 'x_secret2_x'}, {kind: 'personal', name: 'X-Emby-Device-Name', value: 'Chrome Windows'}]) as never,
			},
		],
	},
	{
		description: '4.8+ response with response headers after the URL',
		notes: 'firestaerter3/emby-xtream#25 (2026; the issue elides parts with ...)',
		input: '2026-04-26 23:58:15.651 Info HlsSegmentService-0HNL3D3MOENA4:00000001: http/1.1 Response 204 to host1. Time: 2ms. POST http://host2/emby/Videos/ActiveEncodings/Delete?...  Headers: Connection=close, Date=..., Server=UPnP/1.0 DLNADOC/1.50, ...',
		// The URL ends with the elision; its last `.` is read as Emby's separator.
		expected: [{kind: 'request', method: 'POST', status: 204, client: 'host1', port: 80, path: '/emby/Videos/ActiveEncodings/Delete'}],
	},
	{
		description: 'MediaBrowser Authorization among logged request headers',
		notes: 'derived: the Emby#3913 header list with an X-Emby-Authorization header as Emby Theater sends it (telemetry-facts §5)',
		input: '2024-05-04 10:00:00.000 Info Server: http/1.1 POST http://192.168.1.20:8096/emby/Items/123/PlaybackInfo?UserId=user-1. Source Ip: 192.168.1.88, Accept=application/json, X-Emby-Authorization=MediaBrowser Client="Emby Theater", Device="Living Room PC", DeviceId="theater-dev-3", Version="3.0.20", Token="tok-theater", Accept-Encoding=gzip, deflate',
		expected: [
			{
				kind: 'request',
				method: 'POST',
				client: '192.168.1.88',
				device: {product: 'Emby Theater', name: 'Living Room PC', clientId: 'theater-dev-3', version: '3.0.20'},
				identifiers: expect.arrayContaining([{kind: 'secret', name: 'X-Emby-Authorization Token', value: 'tok-theater'}, {kind: 'identifier', name: 'UserId', value: 'user-1'}]) as never,
			},
		],
	},
	{
		description: 'StreamBuilder eligibility then "no direct play profiles" → one transcode playback',
		notes: 'MediaBrowser/Emby#1356, Emby 3.0 (2015)',
		input: [
			'2015-12-24 22:23:20.4659 Info App: Profile: Unknown Profile, Path: /pool/Movies/Hollygrove (2015) (BR-Rip)/Hollygrove (BR-Rip).mkv, isEligibleForDirectPlay: True, isEligibleForDirectStream: True',
			'2015-12-24 22:23:20.4659 Info App: Profile: Unknown Profile, No direct play profiles found for Path: /pool/Movies/Hollygrove (2015) (BR-Rip)/Hollygrove (BR-Rip).mkv',
		].join('\n'),
		expected: [{kind: 'playback', decision: 'transcode', container: 'mkv', title: 'Hollygrove (BR-Rip)', evidence: 'StreamBuilder eligibility + no direct play profile', identifiers: [{kind: 'device', name: 'Profile', value: 'Unknown Profile'}], origin: {file: 'embyserver.txt', line: 1}}],
	},
	{
		description: 'bare ffmpeg command line under App: (Emby 3) → transcode + the remote input as a destination',
		notes: 'MediaBrowser/Emby.Channels#31 (2016; the issue truncates the line with ...)',
		input: '2016-02-25 15:08:11.4928 Info App: C:\\Users\\...\\ffmpeg\\20160131\\ffmpeg.exe -fflags +genpts -i "http://usher.twitch.tv/..." -sn -codec:v:0 libx264 -force_key_frames expr:gte(t,n_forced*5) -pix_fmt ...',
		expected: [
			{kind: 'playback', decision: 'transcode', videoDecision: 'transcode', videoCodec: 'h264', title: undefined, evidence: 'Emby ffmpeg command line'},
			{kind: 'request', direction: 'outbound', method: 'GET', host: 'usher.twitch.tv', port: 80},
		],
	},
	{
		description: 'ProcessRun ffmpeg (Emby 4) with a fixed scale → 720p transcode',
		notes: 'derived: the Emby.Releases#67 ProcessRun form with an ffmpeg job (formats.md §3.3: assumed for transcodes)',
		input: "2024-05-04 10:00:01.000 Info App: ProcessRun 'ffmpeg-transcode-5c1f' Execute: /opt/emby-server/bin/ffmpeg -i \"/mnt/Movies/Tears of Steel.mkv\" -c:v:0 libx264 -b:v 3616000 -vf scale=1280:720 -c:a:0 aac -b:a 192000 -f hls -hls_segment_type mpegts -y \"/tmp/5c1f.m3u8\"",
		expected: [{kind: 'playback', decision: 'transcode', videoCodec: 'h264', audioCodec: 'aac', width: 1280, height: 720, resolution: '720p', bitrateKbps: 3808, protocol: 'hls', container: 'ts', title: 'Tears of Steel'}],
	},
	{
		description: 'ProcessRun of a non-ffmpeg tool gives nothing',
		notes: 'MediaBrowser/Emby.Releases#67 (2020, ffdetect hardware probe)',
		input: "2020-09-23 08:33:16.721 Info NvidiaCodecProvider: ProcessRun 'ffdetect_nvencdec' Execute: /opt/emby-server/bin/ffdetect -hide_banner -show_program_version -loglevel 48 -show_error -show_log 40 nvencdec -print_format json ",
		expected: [],
	},
	{
		description: 'Emby Connect sign-in through HttpClient',
		notes: 'Emby 4.2.1 log in a public write-up on brute-force logging (2019)',
		input: '2019-08-25 18:55:02.632 Info HttpClient: POST https://connect.emby.media/service/user/authenticate',
		expected: [{kind: 'request', direction: 'outbound', method: 'POST', host: 'connect.emby.media', port: 443, path: '/service/user/authenticate', time: '2019-08-25T18:55:02.632Z'}],
	},
	{
		description: 'licence check to mb3admin.com logged by a plugin',
		notes: 'honue/MediaInfoKeeper#6 (2026, 4.9.3)',
		input: '2026-03-16 14:49:06.814 Info MediaInfoKeeper: POST https://mb3admin.com/admin/service/registration/validate',
		expected: [{kind: 'request', direction: 'outbound', host: 'mb3admin.com', path: '/admin/service/registration/validate'}],
	},
	{
		description: 'error report continuation (tab-indented) naming a host',
		notes: 'shape of honue/MediaInfoKeeper#6 error report (2026); a refused connection names its host',
		input: ['2026-03-16 14:49:07.217 Error Plugin: Error checking registration status of GenreCleaner', '\t*** Error Report ***', '\tVersion: 4.9.3.0', '\tSystem.Net.Http.HttpRequestException: Connection refused (mb3admin.com:443)', '\t   at Emby.Server.Implementations.HttpClientManager.CoreHttpClientManager.SendAsyncInternal(HttpRequestOptions options, String httpMethod)', '\t'].join('\n'),
		expected: [{kind: 'request', direction: 'outbound', host: 'mb3admin.com', url: 'https://mb3admin.com/', origin: {file: 'embyserver.txt', line: 4}}],
	},
	{
		description: 'known messages without telemetry give nothing',
		notes: 'MediaBrowser/Emby#3029 (2017), Emby.Releases#67 (2020), metatube#573 (2025)',
		input: [
			'2017-11-20 08:04:54.283 Info MediaEncoder: Running /usr/bin/ffmpeg -encoders',
			'2017-11-20 08:04:54.316 Info MediaEncoder: Encoder available: libx264',
			"2020-09-23 08:33:16.726 Info NvidiaCodecProvider: ProcessRun 'ffdetect_nvencdec' Process exited with code 1",
			'2025-10-25 05:29:38.042 Info FfmpegManager: FFMpeg: /bin/ffmpeg',
			'2018-12-28 00:00:00.007 Error AUTH-ERROR: 1.1.1.1 - Invalid username or password entered.',
		].join('\n'),
		expected: [],
	},
];

describe('emby: grammar and diagnostics', () => {
	it('header lists keep MediaBrowser fields and comma values together', () => {
		expect(parseHeaderList('Accept-Encoding=gzip, deflate, Authorization=MediaBrowser Client="A", Device="B", DeviceId="C", User-Agent=X (Y, Z)')).toEqual([
			['Accept-Encoding', 'gzip, deflate'],
			['Authorization', 'MediaBrowser Client="A", Device="B", DeviceId="C"'],
			['User-Agent', 'X (Y, Z)'],
		]);
	});

	it('reads logger names with spaces and colons up to the first ": "', () => {
		expect(embyHeader('2026-06-22 14:06:22.626 Debug UserLibraryService-0HNMG3PC03GFG:00000001: http/1.1 GET x')).toMatchObject({kind: 'entry', logger: 'UserLibraryService-0HNMG3PC03GFG:00000001', message: 'http/1.1 GET x', level: 'Debug'});
		expect(embyHeader('2022-01-01 00:00:00.000 Info PlaybackReporting - EventMonitorEntryPoint: x')).toMatchObject({kind: 'entry', logger: 'PlaybackReporting - EventMonitorEntryPoint'});
		expect(embyHeader('2022-01-01 00:00:00.000 Verbose A: x').kind).toBe('other');
	});

	it('reports a telemetry-looking line that fails its grammar, and summarises unparsed lines', () => {
		const {diagnostics} = parse(['2024-05-04 10:05:00.000 Info Server: http/1.1 GET http://192.168.1.20:8096/emby/broken', 'not an Emby line', '\tindented, but before any entry'].join('\n'));
		expect(diagnostics).toEqual([
			{severity: 'warning', code: 'emby.line.unmatched', message: 'line looks like HTTP request (Emby 4.8+) but does not match its grammar', origin: {file: 'embyserver.txt', line: 1}},
			{severity: 'warning', code: 'emby.line.unparsed', message: '1 line did not match the Emby log grammar (first at line 2)', origin: {file: 'embyserver.txt', line: 2}},
		]);
	});

	it('treats error reports as continuations', () => {
		for (const l of ['\t*** Error Report ***', '    Version: 4.2.1.0', '\tSource: Emby.Server.Implementations', '']) expect(isContinuation(l), l).toBe(true);
	});
});

describe('emby: sniff', () => {
	it('recognises embyserver.txt lines, and tells Jellyfin apart both ways', () => {
		expect(sniffEmby(['2020-09-23 08:33:16.725 Info HttpServer: HTTP Response 200 to 192.168.100.165. Time: 2ms. http://x/'])).toBe(0.95);
		expect(sniffEmby(['\t*** Error Report ***', '2020-09-23 08:33:16.725 Info App: x'])).toBe(0.6);
		for (const s of embyFormat.samples) expect(sniffJellyfin([s]), s).toBe(0);
		for (const head of [
			['[2024-01-01 12:00:00.000 +01:00] [INF] [12] Main: x'],
			['2024-03-02T19:01:10.500123456Z [19:01:10] [INF] [44] A: b'],
			['Jan 05, 2024 10:00:00.123 [0x7f1e2b7fe640] DEBUG - Request: [192.168.1.20:51234 (Subnet)] GET /library/sections'],
			['192.168.1.10 - - [05/Jan/2024:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"'],
			['{', '  "log": {'],
			['1704448800.123    120 192.168.1.20 TCP_MISS/200 1234 GET http://plex.tv/ - HIER_DIRECT/1.2.3.4 text/html'],
		])
			expect(sniffEmby(head), head[0]).toBe(0);
	});
});

// The golden file (test/fixtures/emby/*.expected.json) is checked by test/formats-registry.test.ts.
describe('emby: fixtures', () => {
	it('the fixture gives the destinations, devices and playbacks its lines describe', () => {
		const {records} = parse(readFileSync(`${FIXTURES}embyserver.txt`, 'utf8'));
		const outbound = records.flatMap((r) => (r.kind === 'request' && r.direction === 'outbound' ? [r.host] : []));
		expect(outbound).toEqual(['www.mb3admin.com', 'api.themoviedb.org', 'www.mb3admin.com']);
		const devices = records.flatMap((r) => (r.kind === 'request' && r.device?.product ? [r.device.product] : []));
		expect(devices).toEqual(['Emby for Android', 'Emby Theater']);
		const decisions = records.flatMap((r) => (r.kind === 'playback' ? [r.decision ?? 'unknown'] : []));
		expect(decisions).toEqual(['directplay', 'transcode', 'copy', 'transcode', 'unknown', 'transcode']);
	});
});

const HEAD = '2024-05-04 10:00:00.000 Info Server: ';
const HOSTILE = [
	'2'.repeat(1e6),
	`2024-05-04 10:00:00.000 Info ${'a'.repeat(1e6)}`,
	`2024-05-04 10:00:00.000 Info ${': '.repeat(5e5)}`,
	HEAD + 'a'.repeat(1e6),
	HEAD + `HTTP GET ${'a. '.repeat(30_000)}`,
	HEAD + `HTTP Response 200 to ${'a'.repeat(90_000)}`,
	HEAD + `HTTP Response 200 to a. Time: 1ms. ${' ConnectionId: '.repeat(6_000)}`,
	HEAD + `http/1.1 GET ${'x. Source Ip: '.repeat(6_000)}`,
	HEAD + `http/1.1 Response 200 to ${'a'.repeat(90_000)}`,
	HEAD + `http/1.1 GET u. Source Ip: h, ${'A=b, '.repeat(18_000)}`,
	HEAD + `Profile: ${', Path: '.repeat(11_000)}`,
	HEAD + `Profile: "${'\\'.repeat(90_000)}`,
	HEAD + `ProcessRun '' Execute: /a/ffmpeg ${'"-i '.repeat(20_000)}`,
	HEAD + `C:\\${'\\ffmpeg'.repeat(12_000)} -i`,
	HEAD + `GET https://${'a'.repeat(90_000)}`,
	`${HEAD}x\n\tSystem.Net.Http.HttpRequestException: ${'(a.b:1'.repeat(15_000)}`,
];

const STANDALONE = [
	'2016-02-25 15:08:11.2888 Info HttpServer: HTTP Response 200 to ::1. Time: 512ms. http://localhost:8096/emby/Items/d67f/PlaybackInfo?UserId=1714&StartTimeTicks=0',
	'2025-07-09 11:16:31.870 Info Server: http/1.1 Response 200 to host4. Time: 586ms. GET http://host3:8096/emby/videos/55172/hls1/main/0.ts?PlaySessionId=7276',
	'2019-08-25 18:55:02.632 Info HttpClient: POST https://connect.emby.media/service/user/authenticate',
	'2026-03-16 14:49:06.814 Info MediaInfoKeeper: POST https://mb3admin.com/admin/service/registration/validate',
	"2024-05-04 10:00:01.000 Info App: ProcessRun 'ffmpeg-1' Execute: /opt/emby-server/bin/ffmpeg -i \"/m/a.mkv\" -c:v:0 libx264 -c:a:0 aac -f hls -y \"/t/a.m3u8\"",
];

// The tests every MediaBrowser-family log has (test/helpers/parse.ts), on this format's inputs.
mediaBrowserTests({
	format: embyFormat,
	header: embyHeader,
	patterns: EMBY_PATTERNS,
	sniff: sniffEmby,
	parse,
	cases,
	fixture: {path: `${FIXTURES}embyserver.txt`, chunkSize: 5},
	shared: {
		file: 'emby-log-lines-from-issues.log',
		expect(records) {
			expect(records.flatMap((r) => (r.device ? [r.device] : []))).toEqual(expect.arrayContaining([{product: 'Emby Web', name: 'Chrome Windows', clientId: 'da2e3de9-9942-4b2b-97df-535a64a7244b', version: '4.9.3.0'}]));
			const playback = records.filter((r) => r.kind === 'playback');
			expect(playback).toEqual(
				expect.arrayContaining([
					expect.objectContaining({decision: 'transcode', container: 'mkv', title: 'Hollygrove (BR-Rip)'}),
					expect.objectContaining({videoCodec: 'h264', audioCodec: 'mp3', container: 'mkv', bitrateKbps: 8000}),
				]),
			);
			const clients = records.flatMap((r) => (r.kind === 'request' && r.client ? [r.client] : []));
			expect([...new Set(clients)].sort()).toEqual(['192.168.1.122', '192.168.100.165', '::1', 'host4']);
			// Lines 12–13 and 15–16 are request/response pairs: 8 HTTP lines are 6 requests.
			expect(records.filter((r) => r.kind === 'request')).toHaveLength(6);
		},
	},
	hostile: HOSTILE,
	standalone: STANDALONE,
});

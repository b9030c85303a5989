/**
PMS log parser: the message patterns (every sample recognised by exactly one pattern), one table case
per real line variant of formats.md §1 (line(s) → expected record fields, with the source in `notes`),
sniffing, and the transcoder command-line reader.
*/
import {describe, expect, it, vi} from 'vitest';
import {telemetryRecordSchema, type TelemetryRecord} from '../source/model/records.js';
import {parseAll} from '../source/formats/run.js';
import {pmsFormat} from '../source/formats/pms/index.js';
import {contextAt, contextEnd, HEADER_RE, headerLevel, headerTimeMs, parseGmtOffset, splitContext} from '../source/formats/pms/header.js';
import {PMS_PATTERNS, recognise, recogniseAt} from '../source/formats/pms/patterns.js';
import {splitArgv, transcodeFacts} from '../source/formats/pms/transcoder.js';
import {ingestFiles} from './helpers/ingest-files.js';
import {shownTime} from './helpers/shown-time.js';

function parse(lines: readonly string[]) {
	const result = parseAll(pmsFormat, lines.join('\n'), {file: 'test.log'});
	for (const r of result.records) telemetryRecordSchema.parse(r);
	return result;
}

describe('PMS message patterns', () => {
	const samples = PMS_PATTERNS.flatMap((p) => p.samples.map(([line, source]) => ({pattern: p.name, line, source})));

	it.each(samples)('$pattern: $source', ({pattern, line}) => {
		const head = HEADER_RE.exec(line);
		expect(head, 'header grammar').not.toBeNull();
		const c = splitContext(line.slice(head![0].length));
		const rec = recognise(c.rest, true);
		expect(rec.matched.length, 'non-fallback patterns matching').toBeLessThanOrEqual(1);
		expect(rec.hit?.pattern.name).toBe(pattern);
	});

	it('recogniseAt (in place, as the parser calls it) finds what recognise finds on the message cut out', () => {
		const messages = [...samples.map((s) => s.line.slice(HEADER_RE.exec(s.line)![0].length)), 'Completed: [x', 'HTTP 2', 'H', '', 'MDE: x', '[Now] Profile is', 'Held transaction'];
		for (const msg of messages) {
			const c = splitContext(msg);
			const cut = recognise(c.rest);
			const lead = `Feb 06, 2026 12:48:39.648 [1] DEBUG - ${msg.slice(0, msg.length - c.rest.length)}`;
			const inPlace = recogniseAt(`${lead}${c.rest}`, lead.length);
			const seen = (r: ReturnType<typeof recognise>) => ({candidates: r.candidates, hit: r.hit?.pattern.name, match: r.hit && [...r.hit.match]});
			expect(seen(inPlace), msg).toEqual(seen(cut));
		}
	});

	it('every prefix has two characters at least (the dispatch key)', () => {
		for (const p of PMS_PATTERNS) for (const prefix of p.prefixes) expect(prefix.length, p.name).toBeGreaterThanOrEqual(2);
	});

	it('every pattern has at least one sample and a unique name', () => {
		for (const p of PMS_PATTERNS) expect(p.samples.length, p.name).toBeGreaterThan(0);
		expect(new Set(PMS_PATTERNS.map((p) => p.name)).size).toBe(PMS_PATTERNS.length);
	});

	it('every pattern sample parses without diagnostics, and telemetry patterns yield what they promise', () => {
		for (const p of PMS_PATTERNS)
			for (const [line, source] of p.samples) {
				const {diagnostics} = parse([line]);
				expect(diagnostics, `${p.name}: ${source}`).toEqual([]);
			}
	});
});

describe('PMS header', () => {
	type Case = {description: string; notes: string; line: string; thread: string; level: string; iso: string};
	const cases: Case[] = [
		{description: 'no milliseconds, long hex thread', notes: '2014, PLAYz-Media-for-PLEX#62', line: 'Oct 05, 2014 17:48:11 [0x108f7e000] DEBUG - x', thread: '0x108f7e000', level: 'DEBUG', iso: '2014-10-05T17:48:11.000Z'},
		{description: 'milliseconds, short hex (ARM)', notes: '2022, googlecast#94', line: 'Jan 12, 2022 13:42:24.403 [0x7f829a4aa8] DEBUG - x', thread: '0x7f829a4aa8', level: 'DEBUG', iso: '2022-01-12T13:42:24.403Z'},
		{description: 'decimal thread id', notes: 'PMS 1.43 (2026)', line: 'Feb 06, 2026 12:48:39.648 [136529588505400] INFO - x', thread: '136529588505400', level: 'INFO', iso: '2026-02-06T12:48:39.648Z'},
		{description: 'short decimal thread id (Windows)', notes: 'PMS 1.41.3 Windows (2025)', line: 'Jan 30, 2025 19:23:31.128 [35324] INFO - x', thread: '35324', level: 'INFO', iso: '2025-01-30T19:23:31.128Z'},
		{description: 'title-case level with em dash', notes: '2023, clusterplex#193', line: 'Jan 03, 2023 10:49:55.422 [0x7f76f486cb38] Verbose — x', thread: '0x7f76f486cb38', level: 'Verbose', iso: '2023-01-03T10:49:55.422Z'},
		{description: 'Czech level with em dash', notes: '2026, plezy#199', line: 'Feb 14, 2026 13:13:52.645 [140513386416952] Ladění — x', thread: '140513386416952', level: 'Ladění', iso: '2026-02-14T13:13:52.645Z'},
	];
	it.each(cases)('$description ($notes)', ({line, thread, level, iso}) => {
		const m = HEADER_RE.exec(line);
		expect(m?.[1]).toBe(thread);
		expect(headerLevel(line)).toBe(level);
		expect(new Date(headerTimeMs(line, 0)!).toISOString()).toBe(iso);
	});

	it('reads GMT offsets', () => {
		expect(parseGmtOffset('-05:00')).toBe(-300);
		expect(parseGmtOffset('03:00')).toBe(180);
		expect(parseGmtOffset('+05:30')).toBe(330);
		expect(parseGmtOffset('25:00')).toBeUndefined();
	});

	it('splits context prefixes, but not [Now]', () => {
		expect(splitContext('[Req#50/PhotoTranscoder/HCl#2d] HTTP requesting GET x')).toMatchObject({reqId: '50', hcl: '2d', rest: 'HTTP requesting GET x'});
		expect(splitContext('[Req#10] [com.plexapp.system] Sending command')).toMatchObject({reqId: '10', hcl: undefined, rest: 'Sending command'});
		expect(splitContext('[Now] User is x (ID: 1)').rest).toBe('[Now] User is x (ID: 1)');
	});

	it('finds the context on indexes as splitContext does: empty prefixes, [Now], nested [, at most four, 512 characters', () => {
		const cases: Array<[string, string, string]> = [
			['[] [CERT] Subject', 'CERT', 'Subject'],
			['[CERT] [] Subject', 'CERT ', 'Subject'],
			['[a] [Now] User is x', 'a', '[Now] User is x'],
			['[a[b] x', '', '[a[b] x'],
			['[a] [b[c] x', 'a', '[b[c] x'],
			['[1] [2] [3] [4] [5] x', '1 2 3 4', '[5] x'],
			[`[${'x'.repeat(511)}] y`, 'x'.repeat(511), 'y'],
			[`[${'x'.repeat(512)}] y`, '', `[${'x'.repeat(512)}] y`],
			['[a]x', '', '[a]x'],
			['[a] ', 'a', ''],
			['plain', '', 'plain'],
		];
		for (const [msg, ctx, rest] of cases) {
			expect(splitContext(msg), msg).toMatchObject({ctx, rest});
			const line = `Feb 06, 2026 12:48:39.648 [1] DEBUG - ${msg}`;
			const start = line.length - msg.length;
			const end = contextEnd(line, start);
			expect(line.slice(end), msg).toBe(rest);
			expect(contextAt(line, start, end), msg).toEqual(splitContext(msg));
		}
	});
});

type Case = {description: string; notes: string; input: string[]; expected: Array<Partial<Record<string, unknown>>>; diagnostics?: number};

const IDENTITY_EST = 'Feb 06, 2026 12:48:39.648 [136529588505400] INFO - Plex Media Server v1.43.0.10467-2b1ba6e69 - Ubuntu ASUSTeK COMPUTER INC. PRIME H310M-A R2.0 x86_64 - build: linux-x86_64 debian - GMT -05:00';
const PMS_143 = {product: 'Plex Media Server', version: '1.43.0.10467-2b1ba6e69', platform: 'linux-x86_64'};

const cases: Case[] = [
	// ---- inbound ------------------------------------------------------------------------------
	{
		description: '2014 request without network class or #id, signed transcoder URL',
		notes: 'PLAYz-Media-for-PLEX#62; the X-Plex-Access-Key/Code pair grants access',
		input: ['Oct 05, 2014 17:48:11 [0x108f7e000] DEBUG - Request: [192.168.1.210:55218] GET /video/:/transcode/segmented/start.m3u8?quality=10&X-Plex-Access-Key=BWSV622WQARJQHWA1KNQ&X-Plex-Access-Code=iiA6%2BLrT (26 live)'],
		expected: [{kind: 'request', direction: 'inbound', host: 'this-server', port: 32400, method: 'GET', path: '/video/:/transcode/segmented/start.m3u8', client: '192.168.1.210', time: '2014-10-05T17:48:11.000Z', status: undefined, identifiers: [{kind: 'secret', name: 'X-Plex-Access-Key', value: 'BWSV622WQARJQHWA1KNQ'}, {kind: 'secret', name: 'X-Plex-Access-Code', value: 'iiA6+LrT'}]}],
	},
	{
		description: '2014 "Completed request" without a Request line',
		notes: 'PLAYz-Media-for-PLEX#62',
		input: ['Oct 05, 2014 17:48:06 [0x10f140000] VERBOSE - Completed request: GET /video/:/transcode/segmented/start.m3u8?quality=10: 401'],
		expected: [{kind: 'request', direction: 'inbound', method: 'GET', path: '/video/:/transcode/segmented/start.m3u8', status: 401, client: undefined}],
	},
	{
		description: '2018 Request + Completed joined by method and target (no #id)',
		notes: 'linuxserver/docker-plex#142',
		input: [
			'Oct 28, 2018 14:44:17.421 [0x7fa0f0bff700] DEBUG - Request: [192.168.0.25:60953 (WAN)] GET / (6 live) GZIP',
			'Oct 28, 2018 14:44:17.423 [0x7fa0f0bff700] DEBUG - Completed: [192.168.0.25:60953] 401 GET / (6 live) GZIP 0ms 416 bytes (pipelined: 8)',
		],
		expected: [{kind: 'request', origin: {file: 'test.log', line: 1}, time: '2018-10-28T14:44:17.421Z', url: 'http://this-server:32400/', status: 401, bytesReceived: 416, client: '192.168.0.25'}],
	},
	{
		description: '1.43 Request + Completed joined by #id, user from Token (…)',
		notes: 'PMS 1.43 startup log; local time GMT -05:00',
		input: [
			IDENTITY_EST,
			'Feb 06, 2026 12:48:45.834 [136529439558456] DEBUG - Request: [192.168.1.208:18113 (Subnet)] GET /status/sessions (4 live) #24 GZIP Signed-in Token (Briadin)',
			'Feb 06, 2026 12:48:45.835 [136529439558456] DEBUG - Request: [192.168.1.208:48045 (Subnet)] GET /status/sessions (5 live) #25 TLS GZIP Signed-in Token (Briadin)',
			'Feb 06, 2026 12:48:45.836 [136529371749176] DEBUG - Completed: [192.168.1.208:48045] 200 GET /status/sessions (5 live) #25 TLS GZIP 1ms 2436 bytes (pipelined: 1)',
			'Feb 06, 2026 12:48:45.837 [136529371749176] DEBUG - Completed: [192.168.1.208:18113] 200 GET /status/sessions (5 live) #24 GZIP 3ms 545 bytes (pipelined: 1)',
		],
		expected: [
			{origin: {file: 'test.log', line: 3}, url: 'https://this-server:32400/status/sessions', status: 200, bytesReceived: 2436, time: '2026-02-06T17:48:45.835Z', identifiers: [{kind: 'personal', name: 'user', value: 'Briadin'}]},
			{origin: {file: 'test.log', line: 2}, url: 'http://this-server:32400/status/sessions', status: 200, bytesReceived: 545, time: '2026-02-06T17:48:45.834Z'},
		],
	},
	{
		description: 'Czech em-dash Request + Completed, network class with nested parentheses',
		notes: '2026, edde746/plezy#199',
		input: [
			'Feb 14, 2026 13:13:52.645 [140513386416952] Ladění — Request: [192.168.2.45:45582 (Allowed Network (WAN))] GET /livetv/sessions/87a4a7e1/04893.ts (31 live) #455872 TLS Signed-in',
			'Feb 14, 2026 13:13:52.646 [140514157157176] Ladění — Completed: [192.168.2.45:45582] 200 GET /livetv/sessions/87a4a7e1/04893.ts (31 live) #455872 TLS 1ms 278804 bytes (pipelined: 7219)',
		],
		expected: [{path: '/livetv/sessions/87a4a7e1/04893.ts', status: 200, bytesReceived: 278804, client: '192.168.2.45', identifiers: []}],
	},
	{
		description: 'verbose header dump gives the device and identifiers',
		notes: '2022, guirem/plugin-googlecast#94 (header list shortened)',
		input: ['Jan 12, 2022 13:42:43.691 [0x7f82b01aa8] DEBUG - Request: [192.168.1.89:61687 (Subnet)] GET /:/prefs (10 live) TLS GZIP Signed-in Token (Flavio_59) / Accept => application/xml / User-Agent => Plex; 1.39.1.2763-300bb607; Windows 10 Version 2009 / X-Plex-Client-Identifier => msmy7vq7wxjdzu42rml5mges / X-Plex-Device-Name => Net-Hunter / X-Plex-Model => standalone / X-Plex-Platform => windows / X-Plex-Platform-Version => 10.0.22000 / X-Plex-Product => Plex for Windows'],
		expected: [{
			device: {clientId: 'msmy7vq7wxjdzu42rml5mges', name: 'Net-Hunter', model: 'standalone', platform: 'windows', platformVersion: '10.0.22000', product: 'Plex for Windows'},
			identifiers: [
				{kind: 'personal', name: 'user', value: 'Flavio_59'},
				{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'msmy7vq7wxjdzu42rml5mges'},
				{kind: 'personal', name: 'X-Plex-Device-Name', value: 'Net-Hunter'},
				{kind: 'device', name: 'X-Plex-Model', value: 'standalone'},
				{kind: 'device', name: 'X-Plex-Platform', value: 'windows'},
				{kind: 'device', name: 'X-Plex-Platform-Version', value: '10.0.22000'},
				{kind: 'device', name: 'X-Plex-Product', value: 'Plex for Windows'},
			],
		}],
	},
	{
		description: 'a verbose header dump wrapped onto a continuation line still belongs to its request',
		notes: 'continuation handling (formats.md §1.2); shape of the googlecast#94 dump',
		input: [
			'Jan 12, 2022 13:42:43.691 [0x7f82b01aa8] DEBUG - Request: [192.168.1.89:61687 (Subnet)] GET /:/prefs (10 live) TLS GZIP Signed-in Token (Flavio_59) / Accept => application/xml',
			' / X-Plex-Client-Identifier => msmy7vq7wxjdzu42rml5mges / X-Plex-Product => Plex for Windows',
		],
		expected: [{device: {clientId: 'msmy7vq7wxjdzu42rml5mges', product: 'Plex for Windows'}}],
	},
	{
		description: 'a timeout whose request is not in the log yields no record',
		notes: 'PMS 1.43 startup log line 531 (HCl#7 has no request line)',
		input: ['Feb 06, 2026 12:48:55.674 [136529445886776] DEBUG - [HttpClient/HCl#7] HTTP simulating 408 after curl timeout'],
		expected: [],
	},
	{
		description: 'client-app suffix after Token (…)',
		notes: '2026, narenh/CanopyPlus-Setup#1 (telemetry-facts.md §3; address filled in)',
		input: ['May 02, 2026 09:49:48.507 [278559438758112] Debug — Request: [203.0.113.7:51234 (WAN)] GET /library/sections/4/all (5 live) #683d3 Page 0-0 GZIP Signed-in Token (someone) (Plex Auth App (Chrome))'],
		expected: [{device: {product: 'Plex Auth App (Chrome)'}, identifiers: [{kind: 'personal', name: 'user', value: 'someone'}]}],
	},
	{
		description: 'token nested in the url= parameter of a photo transcode',
		notes: 'PMS 1.43 startup log line 589 (PMS masks the value as x…)',
		input: ['Feb 06, 2026 12:49:04.461 [136529371749176] DEBUG - Request: [192.168.1.208:36834 (Subnet)] GET /photo/:/transcode?width=480&height=719&url=%2Flibrary%2Fmetadata%2F841662%2Fthumb%2F1770399686%3FX-Plex-Token%3Dxxxxxxxxxxxxxxxxxxxx (11 live) #50 TLS GZIP Signed-in Token (Briadin)'],
		expected: [{identifiers: [{kind: 'personal', name: 'user', value: 'Briadin'}, {kind: 'secret', name: 'X-Plex-Token', value: 'xxxxxxxxxxxxxxxxxxxx'}]}],
	},
	{
		description: 'websocket "Completed after connection close" with code -3 is not a status',
		notes: 'PMS 1.43 startup log line 1331',
		input: ['Feb 06, 2026 13:05:45.322 [136529580047160] DEBUG - Completed after connection close: [192.168.1.208:35401] -3 GET /:/websockets/notifications (3 live) #28 GZIP 1019484ms 8432 bytes'],
		expected: [{path: '/:/websockets/notifications', status: undefined, bytesReceived: 8432}],
	},
	// ---- outbound -----------------------------------------------------------------------------
	{
		description: '2015 "HTTP requesting to:" without a method',
		notes: 'realriot/tvheadend-ng.bundle#21',
		input: ['Jan 03, 2015 22:13:40 [0x7f739fbfe700] DEBUG - HTTP requesting to: http://127.0.0.1:38168/video/tvheadend-ng/:/function/PlayVideo?function_args=Y2V'],
		expected: [{direction: 'outbound', host: '127.0.0.1', port: 38168, method: undefined, status: undefined, path: '/video/tvheadend-ng/:/function/PlayVideo'}],
	},
	{
		description: '2017 request and "HTTP 200 response from" joined by method + URL',
		notes: 'Plex forum 2017 (telemetry-facts.md §3), request line reconstructed from the same thread',
		input: [
			'Oct 16, 2017 23:27:49.001 [0x7f491fbff700] DEBUG - HTTP requesting GET https://plex.tv/updater/products/1/check.xml?build=linux-ubuntu-x86_64&channel=16',
			'Oct 16, 2017 23:27:49.100 [0x7f491fbff700] DEBUG - Auth: Came in with a super-token, authorization succeeded.',
			'Oct 16, 2017 23:27:50.469 [0x7f491fbff700] DEBUG - HTTP 200 response from GET https://plex.tv/updater/products/1/check.xml?build=linux-ubuntu-x86_64&channel=16',
		],
		expected: [{host: 'plex.tv', port: 443, method: 'GET', status: 200, path: '/updater/products/1/check.xml', time: '2017-10-16T23:27:49.001Z', origin: {file: 'test.log', line: 1}}],
	},
	{
		description: '2017 request and "HTTP error requesting" become one record without status',
		notes: 'Plex forum "Network is delayed at startup" (2017)',
		input: [
			'Oct 16, 2017 23:27:45.234 [0x7f492dffe700] DEBUG - HTTP requesting GET https://plex.tv/servers/baa4d0baa6fa4a7827eacab9bf56a7a0c374c1c2/access_tokens.xml?auth_token=xxxxxxxxxxxxxxxxxxxx&includeProfiles=1',
			"Oct 16, 2017 23:27:45.235 [0x7f492dffe700] WARN - HTTP error requesting GET https://plex.tv/servers/baa4d0baa6fa4a7827eacab9bf56a7a0c374c1c2/access_tokens.xml?auth_token=xxxxxxxxxxxxxxxxxxxx&includeProfiles=1 (0, No error) (Couldn't resolve host 'plex.tv')",
		],
		expected: [{host: 'plex.tv', status: undefined, identifiers: [{kind: 'secret', name: 'auth_token', value: 'xxxxxxxxxxxxxxxxxxxx'}]}],
	},
	{
		description: 'HTTP error requesting PUT /devices: server addresses and token',
		notes: 'Plex forum 2017 (telemetry-facts.md §3)',
		input: ["Oct 16, 2017 23:27:47.304 [0x7f492e7ff700] WARN - HTTP error requesting PUT https://plex.tv/devices/baa4d0baa6fa4a7827eacab9bf56a7a0c374c1c2?Connection[][uri]=http://192.168.0.6:32400&httpsEnabled=1&X-Plex-Token=xxxxxxxxxxxxxxxxxxxx (0, No error) (Couldn't resolve host 'plex.tv')"],
		expected: [{method: 'PUT', host: 'plex.tv', path: '/devices/baa4d0baa6fa4a7827eacab9bf56a7a0c374c1c2', identifiers: [{kind: 'secret', name: 'X-Plex-Token', value: 'xxxxxxxxxxxxxxxxxxxx'}, {kind: 'personal', name: 'Connection[][uri]', value: 'http://192.168.0.6:32400'}]}],
	},
	{
		description: '1.43 HCl request and response joined by HCl id; server identity and GMT offset applied',
		notes: 'PMS 1.43 startup log lines 1, 60, 79',
		input: [
			IDENTITY_EST,
			'Feb 06, 2026 12:48:39.728 [136529450105656] DEBUG - [HCl#1] HTTP requesting GET https://plex.tv/api/v2/server/access_tokens?auth_token=xxxxxxxxxxxxxxxxxxxx',
			'Feb 06, 2026 12:48:39.853 [136529445886776] DEBUG - [HttpClient/HCl#1] HTTP/1.1 (0.1s) 200 response from GET https://plex.tv/api/v2/server/access_tokens?auth_token=xxxxxxxxxxxxxxxxxxxx',
		],
		expected: [{host: 'plex.tv', status: 200, time: '2026-02-06T17:48:39.728Z', origin: {file: 'test.log', line: 2}, device: PMS_143}],
	},
	{
		description: 'HCl request that times out ("HTTP simulating 408")',
		notes: 'PMS 1.43 startup log lines 540, 563',
		input: [
			'Feb 06, 2026 12:48:57.347 [136529584286520] DEBUG - [HCl#29] HTTP requesting GET https://104-171-250-43.3d85b42aedcd45b78c6aa78510eb6de6.plex.direct:37777/identity',
			'Feb 06, 2026 12:49:00.351 [136529445886776] DEBUG - [HttpClient/HCl#29] HTTP simulating 408 after curl timeout',
		],
		expected: [{host: '104-171-250-43.3d85b42aedcd45b78c6aa78510eb6de6.plex.direct', port: 37777, status: 408}],
	},
	{
		description: 'SSDP description fetch: the "Parsing SSDP schema" line and the response are one request',
		notes: 'PMS 1.43 startup log (request not logged as HTTP requesting)',
		input: [
			'Feb 06, 2026 13:11:27.654 [136529426520888] DEBUG - [NSB/SSDP] Parsing SSDP schema for http://192.168.1.144:8008/ssdp/device-desc.xml',
			'Feb 06, 2026 13:11:27.656 [136529445886776] DEBUG - [HttpClient/HCl#103] HTTP/1.1 (0.0s) 200 response from GET http://192.168.1.144:8008/ssdp/device-desc.xml (reused)',
			'Feb 06, 2026 13:11:27.670 [136529426520888] DEBUG - [NSB/SSDP] Parsing SSDP schema for http://10.10.10.115:5000/ssdp/desc-DSM-eth1.xml',
			'Feb 06, 2026 13:11:42.686 [136529445886776] DEBUG - [HttpClient/HCl#106] HTTP simulating 408 after curl timeout',
		],
		expected: [
			{host: '192.168.1.144', status: 200, origin: {file: 'test.log', line: 1}},
			{host: '10.10.10.115', status: 408, origin: {file: 'test.log', line: 3}},
		],
	},
	{
		description: 'a response without a logged request is a record of its own',
		notes: '2022, Kaiede/PlexPlaylistHost#9',
		input: ['Jan 28, 2022 14:42:52.593 [0x7f08f83bbb38] DEBUG - HTTP/1.1 (0.1s) 200 response from GET http://127.0.0.1:38205/music/playlisthost/:/function/PlaylistMenu?function_args=Y2 (reused)'],
		expected: [{host: '127.0.0.1', method: 'GET', status: 200}],
	},
	{
		description: '"Sending Server Info to myPlex" identifiers go with the next plex.tv request on the thread',
		notes: 'PMS 1.43 startup log lines 567-569',
		input: [
			'Feb 06, 2026 12:49:00.355 [136529584286520] DEBUG - MyPlex: Sending Server Info to myPlex (user=redacted@example.invalid, ip=104.171.250.43, port=37777)',
			'Feb 06, 2026 12:49:00.355 [136529584286520] DEBUG - [HCl#2a] HTTP requesting POST https://plex.tv/servers.xml?auth_token=xxxxxxxxxxxxxxxxxxxx',
			'Feb 06, 2026 12:49:00.460 [136529445886776] DEBUG - [HttpClient/HCl#2a] HTTP/1.1 (0.1s) 201 response from POST https://plex.tv/servers.xml?auth_token=xxxxxxxxxxxxxxxxxxxx (reused)',
		],
		expected: [{method: 'POST', host: 'plex.tv', status: 201, identifiers: [{kind: 'secret', name: 'auth_token', value: 'xxxxxxxxxxxxxxxxxxxx'}, {kind: 'personal', name: 'myPlex user', value: 'redacted@example.invalid'}, {kind: 'personal', name: 'public IP', value: '104.171.250.43'}, {kind: 'identifier', name: 'public port', value: '37777'}]}],
	},
	{
		description: 'pubsub event-stream connection and pubsub server pings',
		notes: 'PMS 1.43 startup log lines 280, 418',
		input: [
			'Feb 06, 2026 12:48:40.851 [136529580047160] DEBUG - [EventSourceClient/pubsub/45.79.211.188:443] Resolving 45.79.211.188 port 443',
			'Feb 06, 2026 12:48:46.619 [136529397570360] DEBUG - [PubsubServerManager/process] Time to connect to 45.56.116.228 was 53 ms.',
		],
		expected: [
			{method: 'CONNECT', host: '45.79.211.188', port: 443, direction: 'outbound'},
			{method: 'CONNECT', host: '45.56.116.228', port: undefined, direction: 'outbound'},
		],
	},
	{
		description: 'crash uploader job: destination, identifiers and the fields it sends',
		notes: 'PMS 1.41.3 Windows user-posted log (2025; e-mail replaced). Contradicts "no Sentry evidence" in telemetry-facts.md',
		input: [PMS_PATTERNS.find((p) => p.name === 'job-running')!.samples[2]![0]],
		expected: [{kind: 'request', method: 'POST', host: 'o17675.ingest.sentry.io', path: '/api/1233455/', direction: 'outbound', device: {product: 'Plex Crash Uploader', version: '1.41.3.9314-a0bfb8370', platform: 'Windows', platformVersion: '10.0 (Build 19045)', vendor: 'ASUS', model: 'x64-x64', device: 'System Product Name'}}],
	},
	// ---- devices ------------------------------------------------------------------------------
	{
		description: 'timeline report + [Now] User/Device/Profile → one device record',
		notes: '2022, guirem/plugin-googlecast#94',
		input: [
			'Jan 12, 2022 13:42:24.403 [0x7f829a4aa8] DEBUG - Client [0mysqobo3vpvjatpnks6ubu4] reporting timeline state playing, progress of 139000/187000ms for guid=, playbackTime=139168ms ratingKey=80906 url=, key=/library/metadata/80906, containerKey=, metadataId=80906, source=',
			'Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] User is Flavio_59 (ID: 1)',
			'Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] Device is windows (Net-Hunter).',
			'Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] Profile is Plex Desktop',
			'Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - [Now] Updated play state for /library/metadata/80906.',
		],
		expected: [{kind: 'device', origin: {file: 'test.log', line: 1}, user: 'Flavio_59', device: {clientId: '0mysqobo3vpvjatpnks6ubu4', platform: 'windows', name: 'Net-Hunter'}, evidence: 'PMS timeline report (playing) + PMS [Now] session'}],
	},
	{
		description: 'timeline report inside a /:/timeline request: user from the request, client id onto the request',
		notes: '2026, edde746/plezy#199',
		input: [
			'Feb 14, 2026 13:14:06.855 [140513311898424] Ladění — Request: [192.168.2.97:41754 (Allowed Network (WAN))] GET /:/timeline?ratingKey=133276&state=stopped (28 live) #455de3 TLS GZIP Signed-in Token (Makhuta)',
			'Feb 14, 2026 13:14:06.855 [140513311898424] Ladění — [Req#455de3] Client [wtc6gwnn3i6yi4iflnlyqoiy] reporting timeline state stopped, progress of 17083/900000ms for guid=, playbackTime=17083ms ratingKey=133276 url=, key=/livetv/sessions/ae71d39b, containerKey=, metadataId=133276, source=',
			'Feb 14, 2026 13:14:06.856 [140514157157176] Ladění — Completed: [192.168.2.97:41754] 200 GET /:/timeline?ratingKey=133276&state=stopped (28 live) #455de3 TLS GZIP 0ms 199 bytes (pipelined: 3)',
		],
		expected: [
			{kind: 'request', status: 200, device: {clientId: 'wtc6gwnn3i6yi4iflnlyqoiy'}, identifiers: [{kind: 'personal', name: 'user', value: 'Makhuta'}, {kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'wtc6gwnn3i6yi4iflnlyqoiy'}]},
			{kind: 'device', user: 'Makhuta', device: {clientId: 'wtc6gwnn3i6yi4iflnlyqoiy'}, evidence: 'PMS timeline report (stopped)'},
		],
	},
	{
		description: 'client profile lookup names the device',
		notes: '2023, hagfelsh/lnav_formats sample',
		input: ['Jun 17, 2023 22:44:03.450 [140101634362168] ERROR - [Req#6925c] Unable to find client profile for device;platform=webOS, platformVersion=7.3.0, device=webOS 7.3.0, model=funnyclient'],
		expected: [{kind: 'device', device: {platform: 'webOS', platformVersion: '7.3.0', device: 'webOS 7.3.0', model: 'funnyclient'}}],
	},
	{
		description: 'SSDP discovery: one device record per address and name',
		notes: 'PMS 1.43 startup log',
		input: [
			'Feb 06, 2026 13:11:27.654 [136529426520888] DEBUG - [NSB/SSDP] SSDP arrived: 192.168.1.240 (Bedroom TV)',
			'Feb 06, 2026 13:11:42.654 [136529426520888] DEBUG - [NSB/SSDP] SSDP arrived: 192.168.1.240 (Bedroom TV)',
		],
		expected: [{kind: 'device', device: {name: 'Bedroom TV'}, evidence: 'PMS SSDP discovery'}],
	},
	// ---- playback -----------------------------------------------------------------------------
	{
		description: 'statistics line: active playback of a track',
		notes: '2022, guirem/plugin-googlecast#94',
		input: ['Jan 12, 2022 13:42:24.407 [0x7f829a4aa8] DEBUG - Statistics: (msmy7vq7wxjdzu42rml5mges) Reporting active playback in state 0 of type 10 (scrobble: 0) for account 1'],
		expected: [{kind: 'playback', mediaType: 'track', identifiers: [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'msmy7vq7wxjdzu42rml5mges'}, {kind: 'identifier', name: 'account ID', value: '1'}]}],
	},
	{
		description: 'old scrobble line names the title',
		notes: '2015, jesseward/plex-lastfm-scrobbler#27',
		input: ["Jan 20, 2015 12:33:39 [0x7f7372ffd700] DEBUG - Play progress on 14044 'Down The Line' - got played 30033 ms by account 1!"],
		expected: [{kind: 'playback', title: 'Down The Line', evidence: 'PMS play progress'}],
	},
	{
		description: 'MDE selected protocol and container (German level)',
		notes: '2024, Threadfin/Threadfin#309',
		input: ['Jul 28, 2024 20:14:14.594 [140732705370336] Fehlersuche — [Req#18ae1/Grabber/2-6950d1d65ece9482-com-plexapp-android] MDE: Selected protocol hls; container: mpegts'],
		expected: [{kind: 'playback', protocol: 'hls', container: 'mpegts', evidence: 'PMS MDE: selected protocol'}],
	},
	{
		description: 'MDE: no direct play profile names protocol, container and codec',
		notes: '2017, Cigaras/IPTV.bundle#164',
		input: ['Dec 24, 2017 15:33:24.454 [0x7fadc0ffc700] DEBUG - MDE: M+ ACCION HD: no direct play video profile exists for hls/mpegts/h264'],
		expected: [{kind: 'playback', protocol: 'hls', container: 'mpegts', videoCodec: 'h264', title: 'M+ ACCION HD'}],
	},
	{
		description: 'MDE: analyzing media item carries nothing',
		notes: '2025, nzbdav-dev/nzbdav#14',
		input: ['Aug 07, 2025 12:44:43.824 [126762437438264] DEBUG - [Req#9d90d/Transcode] MDE: analyzing media item 141000'],
		expected: [],
	},
	{
		description: '2016 transcoder job: video copied, audio to AC3 640k, HLS segments',
		notes: '2016 macOS, Cigaras/IPTV.bundle#28',
		input: [PMS_PATTERNS.find((p) => p.name === 'job-running')!.samples[0]![0]],
		expected: [{kind: 'playback', evidence: 'PMS transcoder job', videoDecision: 'copy', audioDecision: 'transcode', decision: 'transcode', audioCodec: 'ac3', bitrateKbps: 640, protocol: 'hls', container: 'mpegts'}],
	},
	{
		description: '2019+ transcoder job: input decoders before -i, DASH output, token in the environment',
		notes: 'shape of a 2024 plex-dash-jobs fixture line (public Go test), shortened',
		input: [`Nov 02, 2024 21:10:05.120 [140101640850232] DEBUG - [Req#1a2b/Transcode] Job running: FFMPEG_EXTERNAL_LIBS='/config/Codecs/' X_PLEX_TOKEN=xxxxxxxxxxxxxxxxxxxx "/usr/lib/plexmediaserver/Plex Transcoder" -codec:0 hevc -codec:1 aac -ss 495 -noaccurate_seek -i "/library/tv/Show/Season 01/Show - S01E07.mkv" -map 0:0 -codec:0 copy -filter_complex "[0:1] aresample=async=1:ochl='stereo'[0]" -map "[0]" -codec:1 aac -b:1 256k -f dash -seg_duration 5`],
		expected: [{kind: 'playback', videoCodec: 'hevc', videoDecision: 'copy', audioCodec: 'aac', audioDecision: 'transcode', decision: 'transcode', bitrateKbps: 256, protocol: 'dash', container: 'mp4', identifiers: [{kind: 'secret', name: 'X_PLEX_TOKEN', value: 'xxxxxxxxxxxxxxxxxxxx'}]}],
	},
	{
		description: 'transcoder ffmpeg banner: Input line plus Stream continuation lines',
		notes: '2016, Cigaras/IPTV.bundle#28 (banner lines without a header)',
		input: [
			"Mar 02, 2016 12:29:37 [0x700000b53000] INFO - [Transcoder] Input #0, mpegts, from 'http://speedy.example.com:8000/live/3493.ts':",
			'  Duration: N/A, start: 14191.579667, bitrate: N/A',
			'    Stream #0:0[0x100], 127, 1/90000: Video: mpeg2video (Main) ([2][0][0][0] / 0x0002), yuv420p(tv), 720x576 [SAR 16:15 DAR 4:3], 25 fps',
			'    Stream #0:1[0x101](spa), 127, 1/90000: Audio: mp2 ([3][0][0][0] / 0x0003), 48000 Hz, stereo, s16p, 192 kb/s',
			'Mar 02, 2016 12:29:38 [0x700000b53000] DEBUG - Auth: Came in with a super-token, authorization succeeded.',
		],
		expected: [{kind: 'playback', container: 'mpegts', videoCodec: 'mpeg2video', audioCodec: 'mp2', width: 720, height: 576, origin: {file: 'test.log', line: 1}}],
	},
];

describe('PMS parser: one case per real line variant', () => {
	it.each(cases)('$description ($notes)', ({input, expected, diagnostics}) => {
		const result = parse(input);
		expect(result.diagnostics).toHaveLength(diagnostics ?? 0);
		expect(result.records).toHaveLength(expected.length);
		expected.forEach((want, i) => {
			const got = shownTime(result.records[i]!) as TelemetryRecord & Record<string, unknown>;
			for (const [key, value] of Object.entries(want)) {
				if (value === undefined) expect(got[key], key).toBeUndefined();
				else expect(got[key], key).toEqual(value);
			}
		});
	});
});

describe('PMS parser: state and diagnostics', () => {
	it('emits pending requests without status at the end, in line order', () => {
		const {records} = parse([
			'Feb 06, 2026 12:48:45.834 [1] DEBUG - Request: [192.168.1.208:1 (Subnet)] GET /a (4 live) #1 GZIP',
			'Feb 06, 2026 12:48:45.835 [1] DEBUG - Request: [192.168.1.208:2 (Subnet)] GET /b (4 live) #2 GZIP',
		]);
		expect(records.map((r) => (r.kind === 'request' ? [r.path, r.status] : []))).toEqual([['/a', undefined], ['/b', undefined]]);
	});

	it('bounds the pending-join map: the oldest request is emitted unmatched', () => {
		const lines: string[] = [];
		for (let i = 0; i < 10_001; i++) lines.push(`Feb 06, 2026 12:48:45.834 [1] DEBUG - Request: [10.0.0.1:${i} (Subnet)] GET /x${i} (4 live) #${i.toString(16)} GZIP`);
		const parser = pmsFormat.create({file: 't'});
		const out: TelemetryRecord[] = [];
		const emit = {record: (r: TelemetryRecord) => void out.push(r), diagnostic: () => {}};
		lines.forEach((l, i) => parser.line(l, i + 1, emit));
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({path: '/x0'});
		parser.end(emit);
		expect(out).toHaveLength(10_001);
	});

	it('joins Completed lines to the newest request and to older waiting ones alike, in the order of their Completed lines', () => {
		const h = (ms: number) => `Feb 06, 2026 12:48:45.${String(ms).padStart(3, '0')} [1] DEBUG - `;
		const result = parse([
			`${h(1)}Request: [10.0.0.1:1 (Subnet)] GET /a (4 live) #a GZIP`,
			`${h(2)}Request: [10.0.0.1:2 (Subnet)] GET /b (4 live) #b GZIP`,
			`${h(3)}Completed: [10.0.0.1:1] 201 GET /a (4 live) #a GZIP 0ms 1 bytes`,
			`${h(4)}Completed: [10.0.0.1:2] 202 GET /b (4 live) #b GZIP 0ms 2 bytes`,
			// Asked again under the same id before an answer: the first goes out unanswered, the second is joined.
			`${h(5)}Request: [10.0.0.1:3 (Subnet)] GET /c (4 live) #c GZIP`,
			`${h(6)}Request: [10.0.0.1:3 (Subnet)] GET /c2 (4 live) #c GZIP`,
			`${h(7)}Completed: [10.0.0.1:3] 203 GET /c2 (4 live) #c GZIP 0ms 3 bytes`,
			// Without ids, by method and target; the newest and an older one still waiting at the end.
			`${h(8)}Request: [10.0.0.1:4 (Subnet)] GET /d (4 live) GZIP`,
			`${h(9)}Request: [10.0.0.1:5 (Subnet)] GET /e (4 live) GZIP`,
			`${h(10)}Completed: [10.0.0.1:4] 204 GET /d (4 live) GZIP 0ms 4 bytes`,
			`${h(11)}Request: [10.0.0.1:6 (Subnet)] GET /f (4 live) GZIP`,
			`${h(12)}Request: [10.0.0.1:7 (Subnet)] GET /g (4 live) GZIP`,
		]);
		const seen = result.records.map((r) => (r.kind === 'request' ? [r.path, r.status, shownTime(r).time?.slice(20, 23)] : []));
		expect(seen).toEqual([
			['/a', 201, '001'],
			['/b', 202, '002'],
			['/c', undefined, '005'],
			['/c2', 203, '006'],
			['/d', 204, '008'],
			['/e', undefined, '009'],
			['/f', undefined, '011'],
			['/g', undefined, '012'],
		]);
	});

	it('a Request: line whose fields do not parse gets one located diagnostic; the lines around it still parse', () => {
		const result = parse([
			'Oct 28, 2018 14:44:17.421 [0x7fa0f0bff700] DEBUG - Request: [192.168.0.25:60953 (WAN)] GET / (6 live) GZIP',
			'Oct 28, 2018 14:44:17.422 [0x7fa0f0bff700] DEBUG - Request: [not an address] GET',
			'Oct 28, 2018 14:44:17.423 [0x7fa0f0bff700] DEBUG - Completed: [192.168.0.25:60953] 401 GET / (6 live) GZIP 0ms 416 bytes (pipelined: 8)',
		]);
		expect(result.diagnostics).toEqual([expect.objectContaining({code: 'pms.line.malformed', origin: {file: 'test.log', line: 2}})]);
		expect(result.records).toEqual([expect.objectContaining({status: 401})]);
	});

	it('does not catch its own bug: a builder that throws fails parseAll, and ingest reports it at that line and reads on', async () => {
		const connect = PMS_PATTERNS.find((p) => p.name === 'socket-connect')!;
		const [line] = connect.samples[0]!;
		const lines = [line, line.replace('45.79.211.188 port', 'boom.example port'), line.replace('45.79.211.188 port', '10.0.0.9 port')];
		const build = connect.build;
		const spy = vi.spyOn(connect, 'build').mockImplementation((m, c) => {
			if (m[1] === 'boom.example') throw new Error('builder bug');
			return build(m, c);
		});
		try {
			expect(() => parse(lines)).toThrow('builder bug');
			const {store} = await ingestFiles({'Plex Media Server.log': `${lines.join('\n')}\n`});
			expect(store.diagnostics.filter((d) => d.severity === 'error')).toEqual([
				{severity: 'error', code: 'parser.internal', message: 'internal parser error: builder bug', origin: {file: expect.stringMatching(/Plex Media Server\.log$/), line: 2}},
			]);
			expect(Array.from({length: store.size}, (_, i) => store.record(i)).map((r) => r.kind === 'request' && r.host)).toEqual(['45.79.211.188', '10.0.0.9']);
		} finally {
			spy.mockRestore();
		}
	});

	it('reports lines that are not PMS lines once, with the first line numbers; continuations are not reported', () => {
		const result = parse([
			'garbage before the log',
			'Oct 28, 2018 14:44:17.421 [0x7fa0f0bff700] DEBUG - Auth: ok',
			'  an indented continuation',
			'2024-01-01 10:00:00.000 Info App: an Emby line',
			'Oct 28, 2018 broken header',
		]);
		expect(result.diagnostics).toHaveLength(1);
		expect(result.diagnostics[0]).toMatchObject({code: 'pms.lines.unparsed', origin: {file: 'test.log', line: 1}});
		expect(result.diagnostics[0]!.message).toContain('3 of 5 lines');
		expect(result.diagnostics[0]!.message).toContain('line 1, 4, 5');
	});

	it('counts parsed, telemetry, no-telemetry and continuation lines', () => {
		const parser = pmsFormat.create({file: 't'}) as ReturnType<typeof pmsFormat.create> & {stats: Record<string, number>};
		const emit = {record: () => {}, diagnostic: () => {}};
		['Oct 28, 2018 14:44:17.421 [0x1] DEBUG - Auth: ok', 'Oct 28, 2018 14:44:17.421 [0x1] DEBUG - Request: [1.2.3.4:5] GET / (1 live)', ' cont', ''].forEach((l, i) => parser.line(l, i + 1, emit));
		parser.end(emit);
		expect(parser.stats).toMatchObject({lines: 4, parsed: 2, telemetry: 1, noTelemetry: 1, continuation: 1, blank: 1, unparsed: 0, malformed: 0});
	});
});

describe('pmsFormat.sniff', () => {
	it('recognises every sample', () => {
		for (const s of pmsFormat.samples) expect(pmsFormat.sniff([s]), s).toBeGreaterThan(0.9);
	});
	it('returns 0 for other formats', () => {
		const others = [
			'[2023-12-22 08:16:58.867 +00:00] [WRN] [55] Jellyfin.Server.Middleware.ResponseTimeMiddleware: Slow HTTP Response',
			'2020-09-23 08:33:16.725 Info HttpServer: HTTP Response 200 to 192.168.100.165. Time: 2ms.',
			'Feb  6 12:48:39 dnsmasq[123]: query[A] plex.tv from 192.168.1.2',
			'{"log": {"entries": []}}',
			'1612345678.123    100 192.168.1.2 TCP_MISS/200 1234 GET http://plex.tv/ - HIER_DIRECT/1.2.3.4 text/html',
		];
		for (const o of others) expect(pmsFormat.sniff([o]), o).toBe(0);
	});
});

describe('transcoder command line', () => {
	it('splits quoted arguments', () => {
		expect(splitArgv(`A='x y' "/p q/Plex Transcoder" -i "a \\"b\\"" 'c'`)).toEqual(['A=x y', '/p q/Plex Transcoder', '-i', 'a "b"', 'c']);
		// Unterminated quotes, a backslash at the very end, quotes glued to bare text, runs of spaces.
		expect(splitArgv(`a'b c'd "e\\"f"g 'h`)).toEqual(['ab cd', 'e"fg', 'h']);
		expect(splitArgv(`x  "y z\\`)).toEqual(['x', 'y z\\']);
		expect(splitArgv(`"a\\\\b" "" '' c"d e"'f'`)).toEqual(['a\\b', '', '', 'cd ef']);
		expect(splitArgv('a b c d', 2)).toEqual(['a', 'b']);
	});
	it('reads a scaled H.264 transcode', () => {
		const args = splitArgv('"/usr/lib/plexmediaserver/Plex Transcoder" -codec:0 h264 -codec:1 eac3 -i /m.mkv -filter_complex "[0:0]scale=w=1280:h=720:force_divisible_by=4[0]" -map "[0]" -codec:0 libx264 -maxrate:0 4000k -map 0:1 -codec:1 aac -b:1 192k -f dash');
		expect(transcodeFacts(args)).toEqual({videoCodec: 'h264', videoDecision: 'transcode', audioCodec: 'aac', audioDecision: 'transcode', decision: 'transcode', bitrateKbps: 4192, width: 1280, height: 720, resolution: '720p', protocol: 'dash', container: 'mp4'});
	});
	it('ignores jobs that are not the transcoder', () => {
		expect(transcodeFacts(splitArgv('"/usr/lib/plexmediaserver/Plex Tuner Service" /a /b 32600'))).toBeUndefined();
	});
});

describe('playback facts from a transcode session (what the client asked for, what the source is)', () => {
	const lines = [
		'Mar 14, 2025 19:02:11.100 [0x7f1] DEBUG - Request: [192.168.1.50:51234 (Subnet)] GET /video/:/transcode/universal/decision?path=%2Flibrary%2Fmetadata%2F5012&protocol=dash&directPlay=0&directStream=1&videoResolution=1920x1080&maxVideoBitrate=8000 (12 live) TLS GZIP Signed-in Token (someone)',
		'Mar 14, 2025 19:02:11.200 [0x7f1] DEBUG - Request: [192.168.1.50:51234 (Subnet)] GET /video/:/transcode/universal/start.mpd?hasMDE=1&path=%2Flibrary%2Fmetadata%2F5012&protocol=dash&directPlay=0&directStream=0&videoResolution=1920x1080&maxVideoBitrate=8000&X-Plex-Product=Plex%20Web&X-Plex-Platform=Chrome (12 live) TLS GZIP Signed-in Token (someone)',
		'Mar 14, 2025 19:02:11.300 [0x7f1] DEBUG - [Req#1a2/Transcode] MDE: Big Buck Bunny: no direct play video profile exists for dash/mkv/hevc',
		'Mar 14, 2025 19:02:11.400 [0x7f1] DEBUG - Request: [192.168.1.50:51234 (Subnet)] GET /photo/:/transcode?width=320&height=180&url=%2Flibrary%2Fmetadata%2F5012%2Fthumb (12 live) TLS GZIP Signed-in Token (someone)',
	];
	const playback = parse(lines).records.filter((r) => r.kind === 'playback');

	it('the transcoder start (not the decision before it, not a thumbnail) gives resolution, bitrate and protocol, with its line', () => {
		const asked = playback.filter((r) => r.evidence.startsWith('PMS transcode request'));
		expect(asked).toHaveLength(1);
		expect(asked[0]).toMatchObject({resolution: '1080p', width: 1920, height: 1080, bitrateKbps: 8000, protocol: 'dash', decision: 'transcode', origin: {line: 2}, device: {product: 'Plex Web'}});
	});

	it('the MDE line names the source container and video codec', () => {
		expect(playback.find((r) => r.evidence.startsWith('PMS MDE'))).toMatchObject({container: 'mkv', videoCodec: 'hevc', protocol: 'dash', title: 'Big Buck Bunny', origin: {line: 3}});
	});
});

/**
The nasty-input corpus. Small cases are committed under `test/corpus/files/` (written once by
`npx tsx test/corpus/generate.ts`, then read and checked by hand); big cases (MBs) are built at run time
by `BIG` below into a temporary folder, so the repository stays small. `expectations.json` says what
the CLI must do with each: exit code, records, and stderr substrings.
*/
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {fileURLToPath} from 'node:url';
import {scenario} from '../fixtures/pcap/generate.js';
import {frame, LINKTYPE, pcapFile, pcapngFile} from '../helpers/pcap-build.js';

const E = '\u001b';
const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

const dns = (i: number, name = `host${i}.example.com`): string => `Mar  1 20:15:${String(i % 60).padStart(2, '0')} dnsmasq[612]: query[A] ${name} from 192.168.1.40`;
const dnsLines = (n: number, from = 0): string => Array.from({length: n}, (_, i) => dns(from + i)).join('\n') + '\n';
const PMS = 'Feb 06, 2026 12:48:45.834 [136529439558456] DEBUG - ';
const pmsRequest = (i: number): string => `${PMS}Request: [192.168.1.208:${1000 + i} (Subnet)] GET /library/metadata/${i}?X-Plex-Product=Plex%20Web&X-Plex-Client-Identifier=client${i} (4 live) #a${i} GZIP`;
const har = (entries: unknown[]): string => JSON.stringify({log: {version: '1.2', creator: {name: 'corpus', version: '1'}, entries}}, null, 2);
const entry = (url: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({startedDateTime: '2025-03-14T19:02:11.000Z', request: {method: 'GET', url, headers: [], ...extra}, response: {status: 200, content: {size: 10, mimeType: 'application/json'}}});
const nginx = (i: number, ua: string): string => `192.168.1.${40 + (i % 10)} - - [01/Mar/2024:20:15:${String(i % 60).padStart(2, '0')} +0100] "GET /library/sections/${i}?X-Plex-Product=Plex%20Web HTTP/1.1" 200 ${100 + i} "-" "${ua}"`;
const JF = (t: string, msg: string): string => `[2024-03-02 20:0${t}.000 +01:00] [INF] [30] ${msg}`;
const jfRequest = (i: number): string => JF(`${i % 10}:09`, `System.Net.Http.HttpClient.Default.LogicalHandler: Start processing HTTP request GET https://api${i}.themoviedb.org/3/movie/${i}?api_key=0123456789abcdef0123456789abcdef`);

/** A few seconds of the capture fixtures' home network, as Ethernet records (test/fixtures/pcap/generate.ts). */
const lanRecords = (n: number) => scenario().slice(0, n).map((p) => ({time: p.time, data: frame(p, LINKTYPE.ETHERNET)}));
const smallPcapng = (): Buffer => pcapngFile([{interfaces: [{linkType: LINKTYPE.ETHERNET}], packets: lanRecords(40).map((r) => ({...r, iface: 0}))}]);

/** Committed cases: name → bytes. */
export const SMALL: Record<string, string | Buffer> = {
	'escape-laden.har': har([
		entry(`https://plex.tv/api/v2/user?X-Plex-Device-Name=${encodeURIComponent(`${E}[31mRed${E}[0m`)}`, {headers: [{name: 'User-Agent', value: `Mozilla${E}]0;pwned\u0007${E}[2J`}, {name: 'X-Plex-Device-Name', value: `Phone${E}]8;;https://evil.example/${E}\\click${E}]8;;${E}\\`}]}),
		entry(`https://analytics.plex.tv/collect/event`, {method: 'POST', postData: {mimeType: 'text/plain', text: JSON.stringify({event: 'playback:itemstart', deviceIdentifier: `id${E}]52;c;ZXZpbA==\u0007`, context: {device: {product: `Plex\u202eWeb`, model: `m\u009b31m`}}, properties: {container: `mkv${E}P+q\u0007`, videoCodec: 'h264'}})}}),
		entry(`https://evil${E}[1m.example.com/\u202egnp.exe`),
	]),
	'truncated-mid-string.har': har([entry('https://plex.tv/a'), entry('https://plex.tv/b'), entry('https://plex.tv/c'), entry('https://plex.tv/d-this-one-is-cut')]).replace(/d-this-one-is-cut[\s\S]*$/, 'd-this-one-is-c'),
	'entries-not-array.har': '{"log": {"version": "1.2", "creator": {"name": "x"}, "entries": {"0": {"request": {"url": "https://plex.tv/"}}}}}\n',
	'entries-null.har': '{"log": {"version": "1.2", "creator": {"name": "x"}, "entries": null}}\n',
	'invalid-entry.har': har([entry('https://plex.tv/a'), {marker: 'BROKEN'}, entry('https://plex.tv/c')]).replace('"marker": "BROKEN"', '"request": {"url": "https://plex.tv/b" oops}'),
	'bom-crlf.har': `\ufeff${har([entry('https://plex.tv/a'), entry('https://clients.plex.tv/b')]).replace(/\n/g, '\r\n')}`,
	'pms-crlf-mixed-encodings.log': Buffer.concat([
		Buffer.from(`${pmsRequest(1)}\r\n${pmsRequest(2)}\r\n`),
		// A Latin-1 device name in an otherwise UTF-8 log (a client sent it; PMS logged the bytes).
		Buffer.from(`${PMS}[Now] Device is Salon de Ren`, 'utf8'),
		Buffer.from([0xe9]),
		Buffer.from(` (Android TV).\r\n${PMS}[Now] User is Ren\u00e9e (ID: 1)\r\n${pmsRequest(3)}\r\n${pmsRequest(4)}\r\n`, 'utf8'),
	]),
	'nginx-64kb-ua.log': [nginx(1, 'Mozilla/5.0'), nginx(2, `Mozilla/5.0 (${'A'.repeat(64 * 1024)})`), nginx(3, 'Roku/DVP-12.5'), nginx(4, `x${'" '.repeat(100)}`)].join('\n') + '\n',
	'access-log-line-separators.log': [nginx(1, 'Mozilla/5.0 (a\u2028b)'), nginx(2, 'Plex\rWeb'), nginx(3, 'UA\u2029x')].join('\n') + '\n',
	'dnsmasq-nul-in-head.log': `${dns(1)}\n${dns(2, 'evil\u0000name.example.com')}\n${dns(3)}\n`,
	'csv-unterminated-quote-line3.csv': ['timestamp,client_ip,method,url,status,bytes', ...Array.from({length: 99}, (_, i) => (i === 1 ? `1709884801,192.168.1.20,GET,"https://plex.tv/never-closes,200,1` : `17098848${String(i).padStart(2, '0')},192.168.1.20,GET,https://h${i}.example.com/p,200,${i}`))].join('\n') + '\n',
	'csv-stray-quote.csv': ['timestamp,client_ip,method,url,status,bytes', '1709884800,192.168.1.20,GET,https://a.example/,200,1', '"', '1709884802,192.168.1.20,GET,https://b.example/,200,2', '1709884803,192.168.1.20,GET,"https://c.example/q?a=1,2",200,3', '1709884804,192.168.1.20,GET,https://d.example/,200,4'].join('\n') + '\n',
	'tautulli-history-truncated.json': JSON.stringify({response: {result: 'success', message: null, data: {recordsFiltered: 3, recordsTotal: 3, data: [0, 1, 2].map((i) => ({date: 1709931000 + i, started: 1709931000 + i, stopped: 1709932000 + i, user: `user${i}`, friendly_name: `User ${i}`, platform: 'Android', product: 'Plex for Android (TV)', player: 'SHIELD', ip_address: '192.168.1.31', media_type: 'movie', full_title: `Film ${i}`, transcode_decision: 'direct play', container: 'mkv', video_codec: 'hevc', video_resolution: '4k', audio_codec: 'eac3'}))}}}).slice(0, -120),
	'zero-byte.log': '',
	'only-whitespace.log': ' \n\t\n   \r\n\n',
	'only-bom.log': '\ufeff',
	'utf16le-bom.log': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(dnsLines(3), 'utf16le')]),
	'utf16be-no-bom.log': Buffer.from(dnsLines(3), 'utf16le').swap16(),
	'latin1-occasional.log': Buffer.concat([Buffer.from(dnsLines(2)), Buffer.from('Mar  1 20:15:09 dnsmasq[612]: query[A] caf'), Buffer.from([0xe9]), Buffer.from('.example.com from 192.168.1.40\n'), Buffer.from(dnsLines(2, 5))]),
	'mostly-invalid.log': Buffer.from(Array.from({length: 3000}, (_, i) => (i % 4 === 0 ? 0x20 : 0x80 + ((i * 7) % 0x40)))),
	'random-binary.bin': Buffer.from(Array.from({length: 2048}, (_, i) => (i * 2654435761) % 256)),
	'text-named.log.gz': dnsLines(4),
	'gzip-of-har.har.gz': gzipSync(har([entry('https://plex.tv/a'), entry('https://analytics.plex.tv/collect/event')])),
	'adguard-broken-lines.json': [
		'{"IP":"192.168.1.40","T":"2024-03-01T20:15:02.123+01:00","QH":"plex.tv","QT":"A","QC":"IN","CP":"","Result":{},"Elapsed":21843}',
		'{"IP":"192.168.1.40","T":"2024-03-01T20:15:03.004+01:00","QH":"analytics.plex.tv","QT":"A"',
		'not json at all',
		'{"IP":"192.168.1.40","T":"2024-03-01T20:15:04.5+01:00","QH":"cdn.flashtalking.com","QT":"A","QC":"IN","CP":"","Result":{"IsFiltered":true,"Reason":8},"Elapsed":51002}',
		'{"IP":1,"T":null,"QH":["not","a","string"]}',
		'{"IP":"192.168.1.52","T":"2024-03-01T20:15:05.001+01:00","QH":"www.google.com","QT":"A","QC":"IN","CP":"doh","Result":{},"Elapsed":402113}',
	].join('\n') + '\n',
	'zeek-headers-only.log': '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tquery\n#types\ttime\tstring\taddr\tstring\n',
	'emby-control-chars.txt': [
		`2020-09-23 08:33:16.724 Info HttpServer: HTTP GET http://192.168.100.15:8096/emby/Users/513d?X-Emby-Device-Name=Pix${E}[5mel&X-Emby-Client=Emby\u0007 for Android. UserAgent: Dalvik${E}]0;t\u0007/2.1.0`,
		`2020-09-23 08:33:16.725 Info HttpServer: HTTP Response 200 to 192.168.100.165. Time: 2ms. http://192.168.100.15:8096/emby/Users/513d?X-Emby-Device-Name=Pix${E}[5mel&X-Emby-Client=Emby\u0007 for Android`,
		'2019-08-25 18:55:02.632 Info HttpClient: POST https://connect.emby.media/service/user/authenticate',
	].join('\n') + '\n',
	'squid-garbage-between.log': [
		'1157689320.327   2864 10.105.21.199 TCP_MISS/200 10182 GET http://www.goonernews.com/ badeyek DIRECT/207.58.145.61 text/html',
		'\u0001\u0002garbage \u00ff\u00fe',
		'1157689337.481      4 10.105.47.218 TCP_DENIED/407 1661 GET http://hi5.com/ - NONE/- text/html',
		'1157689337.481 not squid',
		'1157689340.100     12 10.105.47.218 TCP_MISS/200 512 POST http://analytics.plex.tv/collect/event alice DIRECT/1.2.3.4 application/json',
	].join('\n') + '\n',
	'jellyfin-unclosed-brackets.log': [jfRequest(1), '[2024-03-02 20:01:10.500 +01:00] [INF] [', '[[[[[[[[[[[[', jfRequest(2), '[2024-03-02 20:01:10.500 +01:00] [ERR] [17] X: "unterminated', jfRequest(3)].join('\n') + '\n',
	'tautulli-library-broken-element.json': JSON.stringify(
		[
			{ratingKey: 1, title: 'A', addedAt: '2024-05-14T21:03:11', durationHuman: '2 hrs', media: [{container: 'mkv', videoCodec: 'hevc', videoResolution: '4k', parts: [{file: '/a.mkv'}]}]},
			{marker: 1},
			{ratingKey: 3, title: 'C', addedAt: '2024-05-14T21:03:11', durationHuman: '1 hr', media: [{container: 'mp4', videoCodec: 'h264', videoResolution: '1080', parts: [{file: '/c.mp4'}]}]},
		],
		null,
		4,
	).replace('"marker": 1', '"title": "B", oops'),
	'har-no-log.har': '{"notlog": {"entries": [{"request": {"url": "https://plex.tv/"}}]}}\n',
	'pms-formula-names.log': [`${PMS}[Now] User is =HYPERLINK("http://evil.example") (ID: 1)`, `${PMS}[Now] Device is +cmd|calc (@SUM).`, `${PMS}[Now] Profile is -2+3`, pmsRequest(9)].join('\n') + '\n',
	'capture-cut-mid-packet.pcap': pcapFile(lanRecords(40), {linkType: LINKTYPE.ETHERNET}).subarray(0, -100),
	'capture.pcapng.gz': gzipSync(smallPcapng()),
	'capture-damaged-block.pcapng': (() => {
		const file = Buffer.from(smallPcapng());
		// The 11th block's length becomes 3 (not a multiple of 4): the reader resyncs at the next block.
		let at = 0;
		for (let i = 0; i < 10; i++) at += file.readUInt32LE(at + 4);
		file.writeUInt32LE(3, at + 4);
		return file;
	})(),
	'tautulli-history-csv-escapes.csv': (() => {
		const [header, row1, row2] = readFileSync(join(FIXTURES, 'tautulli', 'history.csv'), 'utf8').split('\n');
		// A user and a player name with terminal escapes, then a row cut in the middle (the export was interrupted).
		return [header, row1, row2!.replace('grandpa_ted', `grandpa${E}[2J_ted`).replace('PS4', `PS4${E}]0;pwned\u0007`), row1!.slice(0, 60)].join('\n');
	})(),
	'tautulli-library-csv-cut.csv': (() => {
		const text = readFileSync(join(FIXTURES, 'tautulli', 'Library - Movies - All [1].20240309123000.csv'), 'utf8');
		// Cut at two thirds, inside a row (rows hold quoted line breaks): the rows before it are read.
		return text.slice(0, Math.floor((text.length * 2) / 3));
	})(),
	'plex-preferences-unclosed.xml': [
		'<?xml version="1.0" encoding="utf-8"?>\n<Preferences MachineIdentifier="0f1e2d3c4b5a69788796a5b4c3d2e1f001234567"',
		` FriendlyName="nas${E}[31m-red${E}[0m" sendCrashReports="0" PublishServerOnPlexOnlineKey="1"`,
		' customConnections="https://plex.example.net:32401" ManualPortMappingPort="32401',
	].join(''),
	'server-settings-escapes.xml': [
		'<?xml version="1.0" encoding="utf-8"?>',
		'<ServerConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
		`  <ServerName>den${E}]8;;https://evil.example/${E}\\server</ServerName>`,
		'  <EnableMetrics>false</EnableMetrics>',
		'  <PluginRepositories><RepositoryInfo><Url>https://repo.jellyfin.org/files/plugin/manifest.json</Url></RepositoryInfo></PluginRepositories>',
		'  <QuickConnectAvailable>true</Quick',
	].join('\n'),
	'capture-header-only.pcap': pcapFile([], {linkType: LINKTYPE.ETHERNET}),
	'capture-cut-in-header.pcap': pcapFile([], {linkType: LINKTYPE.ETHERNET}).subarray(0, 10),
	'capture-unknown-link.pcap': pcapFile(lanRecords(3), {linkType: 147}),
};

/** Generated at run time (too big to commit): name → builder. */
export const BIG: Record<string, () => string | Buffer> = {
	'deeply-nested-100k.har': () => `{"log": {"version": "1.2", "entries": [${'['.repeat(100_000)}${']'.repeat(100_000)}, ${JSON.stringify(entry('https://plex.tv/after-nesting'))}]}}`,
	'deeply-nested-unclosed.har': () => `{"log": {"version": "1.2", "entries": [${JSON.stringify(entry('https://plex.tv/before'))}, {"a": ${'['.repeat(100_000)}`,
	'base64-body-10mb.har': () => har([{...entry('https://plex.tv/video.mp4'), response: {status: 200, content: {size: 7_500_000, mimeType: 'video/mp4', encoding: 'base64', text: Buffer.alloc(7_500_000, 7).toString('base64')}}}, entry('https://plex.tv/after-the-body')]),
	'jellyfin-1mb-exception.log': () =>
		[jfRequest(1), '[2024-03-02 20:00:05.220 +01:00] [ERR] [17] Emby.Server.Implementations.Updates.InstallationManager: An error occurred while accessing the plugin manifest: "https://repo.jellyfin.org/files/plugin/manifest.json"', 'System.Net.Http.HttpRequestException: Name or service not known (repo.jellyfin.org:443)', ...Array.from({length: 12_000}, (_, i) => `   at System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync(String host, Int32 port, HttpRequestMessage initialRequest) frame ${i}`), jfRequest(2), jfRequest(3)].join('\n') + '\n',
	'pms-nul-run-after-head.log': () => Buffer.concat([Buffer.from(Array.from({length: 800}, (_, i) => pmsRequest(i)).join('\n') + '\n'), Buffer.alloc(8192, 0), Buffer.from('\n' + Array.from({length: 10}, (_, i) => pmsRequest(1000 + i)).join('\n') + '\n')]),
	'dnsmasq-200k-lines.log.gz': () => gzipSync(dnsLines(200_000)),
	'truncated.log.gz': () => {
		const packed = gzipSync(dnsLines(50_000));
		return packed.subarray(0, Math.floor(packed.length * 0.5));
	},
	'one-line-5mb.log': () => `${dns(1)}\n${dns(2)}\nMar  1 20:15:03 dnsmasq[612]: query[A] ${'x'.repeat(5 * 1024 * 1024)}\n${dns(4)}\n`,
};

export const FILES_DIR = fileURLToPath(new URL('./files/', import.meta.url));

/** Write the committed cases (run by hand when the corpus changes; review the diff). */
export function writeSmall(dir = FILES_DIR): void {
	mkdirSync(dir, {recursive: true});
	for (const [name, content] of Object.entries(SMALL)) writeFileSync(join(dir, name), content);
}

/** Write the big cases into `dir`. */
export function writeBig(dir: string): void {
	mkdirSync(dir, {recursive: true});
	for (const [name, build] of Object.entries(BIG)) writeFileSync(join(dir, name), build());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeSmall();

/**
Hostile strings, and every format's own fixtures with those strings put into every string field the
format carries. A hostile input is built from a real-shaped fixture so that the records it should give
are known: the same fixture with an empty payload is the clean twin, and both must give as many records.

Payloads hold no space, tab, newline, quote or comma, so that tokenised formats (logs, TSV) still split
into the same fields; what they carry is what a terminal acts on.
*/
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import Papa from 'papaparse';
import {clientHello, dhcpRequest, dnsAnswer, dnsQuery, type Endpoint, frame, type Framed, httpRequest, LINKTYPE, mdnsAnnouncement, pcapFile, TcpConversation, udpPackets} from '../helpers/pcap-build.js';
import {ROOT} from './harness.js';

export type Payload = {readonly name: string; readonly text: string};

/** Strings that act on a terminal, one attack each. */
export const PAYLOADS: readonly Payload[] = [
	{name: 'CSI colour', text: '\u001b[31mRED\u001b[0m'},
	{name: 'CSI cursor and clear screen', text: '\u001b[2J\u001b[H\u001b[10A\u001bc\u001b[?1049h'},
	{name: 'OSC 8 hyperlink', text: '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\'},
	{name: 'OSC 52 clipboard write', text: '\u001b]52;c;cm0gLXJmIH4K\u0007'},
	{name: 'OSC 0 window title', text: '\u001b]0;pwned\u0007'},
	{name: 'DCS', text: '\u001bP+q544e\u001b\\'},
	{name: 'unterminated OSC', text: '\u001b]2;never-terminated'},
	{name: '8-bit C1 CSI, OSC, DCS, NEL', text: '\u009b31m\u009d0;t\u009c\u0090q\u009c\u0085x'},
	{name: 'bidi overrides and isolates', text: '\u202egnp.exe\u202c\u2066x\u2069\u2067\u2068\u202a\u202b\u202d\u200e\u200f\u061c'},
	{name: 'NUL BEL backspace DEL', text: 'a\u0000b\u0007c\u0008d\u007fe'},
	{name: 'lone surrogates', text: '\ud800x\udfff'},
	{name: 'line and paragraph separators', text: 'a\u2028b\u2029c'},
	{name: 'percent-encoded escapes', text: '%1B%5B31m%1B%5D0%3Bt%07%C2%9B%E2%80%AE'},
];

/** A raw NUL anywhere in the first 64 KiB makes a text input binary (refused); JSON formats escape it. */
export function withoutNul(s: string): string {
	return s.replace(/\u0000/g, '');
}

function read(rel: string): string {
	return readFileSync(join(ROOT, rel), 'utf8').replace(/^\uFEFF/, '');
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Keys whose values decide how the rest is read (times, encodings, numbers kept as text): left alone. */
const STRUCTURAL_KEYS = new Set(['startedDateTime', 'mimeType', 'encoding', 'httpVersion', 'method', 'version', 'T', 'ts', 'date', 'started', 'stopped', 'addedAt', '_path', 'QT', 'QC', 'Answer', 'event_type']);

/** Put `p` at the end of a URL (the last query value, or the path); a host with `p` is added separately. */
export function injectUrl(url: string, p: string): string {
	const m = /^([a-z]+:\/\/)([^/?#:]*)(.*)$/i.exec(url);
	if (!m) return `${p}${url}${p}`;
	return `${m[1]}${m[2]}${m[3]}${p}`;
}

/**
Put `p` into every string of a JSON value: appended to plain strings, into URLs, into every XML attribute
of an XML body (also as numeric character references), and recursively into JSON carried as a string.
*/
export function injectJson(value: unknown, p: string, key = ''): unknown {
	if (typeof value === 'string') {
		if (STRUCTURAL_KEYS.has(key) || value === '' || /^[\d.:+\-]+$/.test(value)) return value;
		const t = value.trimStart();
		if (t.startsWith('{') || t.startsWith('[')) {
			try {
				return JSON.stringify(injectJson(JSON.parse(t), p));
			} catch {
				// not JSON after all: a plain string
			}
		}
		if (t.startsWith('<')) return value.replace(/="([^"]*)"/g, (_m, v: string) => `="${v}${xmlEscape(p)}&#x1B;]0;xml&#7;&#155;"`);
		if (/^[a-z]+:\/\//i.test(value)) return injectUrl(value, p);
		return `${value}${p}`;
	}
	if (Array.isArray(value)) return value.map((v) => injectJson(v, p, key));
	if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, injectJson(v, p, k)]));
	return value;
}

/** Every cell that is text (not a number, time or empty) gets `p` appended; the header row stays. */
function injectCsv(text: string, p: string, delimiter?: string): string {
	const parsed = Papa.parse<string[]>(text, {skipEmptyLines: true, ...(delimiter ? {delimiter} : {})});
	const [header, ...rows] = parsed.data;
	const numeric = /^[\d\s.:+\-TZ/]*$/;
	const out = rows.map((row) => row.map((cell) => (numeric.test(cell) ? cell : `${cell}${p}`)));
	return Papa.unparse({fields: header!, data: out}, {delimiter: parsed.meta.delimiter, newline: '\n', quotes: true});
}

/** A host name cannot hold URL delimiters: a server logs the host it parsed. */
const hostSafe = (p: string): string => p.replace(/[/?#:@]/g, '');

/** Line rules: put `p` into quoted strings, query values and after `=`-style fields. */
// Numbers and booleans are grammar, not text.
const NUMERIC = /^(?:[\d\s.:,+\-]*|true|false)$/i;
function injectQuoted(line: string, p: string): string {
	// Whole command lines (`"-analyzeduration …"`) and the program path are grammar, not values.
	return line.replace(/"([^"\\]*)"/g, (m, v: string) => (NUMERIC.test(v) || v.startsWith('-') || v.endsWith('/ffmpeg') ? m : `"${v}${p}"`));
}
function injectQuery(line: string, p: string): string {
	return line.replace(/([?&][A-Za-z0-9_.-]+=)([^&\s"]*)/g, (m, k: string, v: string) => (NUMERIC.test(v) ? m : `${k}${p}${v}`));
}

export type HostileFormat = {
	/** The format name the CLI must detect. */
	readonly format: string;
	/** File name (extension matters only to people). */
	readonly file: string;
	/** The input with `p` put into every string field (`p = ''` gives the clean twin); binary formats give bytes. */
	build(p: string): string | Buffer;
};

/** `text` cut (by characters) to at most `max` UTF-8 bytes. */
function fit(text: string, max: number): string {
	let out = text;
	while (Buffer.byteLength(out) > max) out = out.slice(0, -1);
	return out;
}

/** A DNS label (at most 63 bytes) holding `p`. */
const label = (prefix: string, p: string): string => fit(`${prefix}${hostSafe(p).replace(/\./g, '')}`, 60);

/**
A capture whose every name-bearing field holds `p`: a DHCP host name, an mDNS name, DNS names, a TLS
server name, and an HTTP request's path, Host, User-Agent and X-Plex-* headers.
*/
function hostileCapture(p: string): Buffer {
	const tv = {ip: '192.168.1.40', port: 40000, mac: '5c:aa:fd:10:20:30'};
	const at = (port: number) => ({...tv, port});
	const resolver = {ip: '192.168.1.1', port: 53, mac: '02:00:00:00:00:fe'};
	const t = Date.UTC(2025, 2, 14, 19, 2, 0);
	const packets: Framed[] = [];
	const add = (client: Endpoint, server: Endpoint, list: Array<{time: number; ip: Uint8Array; fromClient: boolean}>) => packets.push(...list.map((x) => ({...x, client, server})));
	const name = `${label('a', p)}.plex.tv`;
	add(at(68), {ip: '255.255.255.255', port: 67}, udpPackets(at(68), {ip: '255.255.255.255', port: 67}, t, [{fromClient: true, payload: dhcpRequest(tv.mac, fit(`TV${p}`, 200), fit(`android-dhcp-12${p}`, 200))}]));
	add(at(5353), {ip: '224.0.0.251', port: 5353}, udpPackets(at(5353), {ip: '224.0.0.251', port: 5353}, t + 10, [{fromClient: true, payload: mdnsAnnouncement(label('m', p), tv.ip)}]));
	add(at(40001), resolver, udpPackets(at(40001), resolver, t + 20, [{fromClient: true, payload: dnsQuery(1, name, 'A')}, {fromClient: false, payload: dnsAnswer(1, name, 'A', ['52.17.198.46'])}]));
	const tls = new TcpConversation(at(40002), {ip: '52.17.198.46', port: 443}, t + 30).send(true, clientHello(`sni${hostSafe(p)}.plex.tv`)).close();
	add(tls.client, tls.server, tls.packets);
	const http = new TcpConversation(at(40003), {ip: '192.168.1.5', port: 32400, mac: 'b8:27:eb:00:00:05'}, t + 60).send(true, httpRequest('GET', `/library/sections${p}?X-Plex-Token=tok${p}`, [
		['Host', `h${hostSafe(p)}.plex.direct:32400`],
		['User-Agent', `Plex/10.14.0 (Android 13; Pixel 7)${p}`],
		['X-Plex-Product', `Plex${p}`],
		['X-Plex-Device-Name', `Phone${p}`],
	])).close();
	add(http.client, http.server, http.packets);
	return pcapFile(packets.map((x) => ({time: x.time, data: frame(x, LINKTYPE.ETHERNET)})), {linkType: LINKTYPE.ETHERNET});
}

const lines = (text: string, f: (line: string) => string): string =>
	text
		.split('\n')
		.map((l) => (l.trim() === '' ? l : f(l)))
		.join('\n');

/** One entry per format, built from that format's fixtures. */
export const HOSTILE_FORMATS: readonly HostileFormat[] = [
	{
		format: 'har',
		file: 'session.har',
		build: (p) => {
			const har = JSON.parse(read('samples/plex-web-session.har')) as {log: {entries: unknown[]}};
			const hostile = injectJson(har, p) as {log: {entries: unknown[]}};
			// Plus a request whose host itself carries the payload.
			hostile.log.entries.push({startedDateTime: '2025-03-14T19:03:00.000Z', request: {method: 'GET', url: `https://evil${hostSafe(p)}.example.com/p?X-Plex-Device-Name=${encodeURIComponent(p.replace(/[\ud800-\udfff]/g, "\ufffd"))}`, headers: [{name: 'User-Agent', value: `UA${p}`}, {name: 'X-Plex-Product', value: `Plex${p}`}]}, response: {status: 200, content: {size: 1}}});
			return JSON.stringify(hostile, null, 1);
		},
	},
	{
		format: 'pms',
		file: 'Plex Media Server.log',
		build: (p) =>
			lines(read('test/fixtures/pms/mixed-generations.log'), (l) =>
				injectQuery(l.replace(/(https?:\/\/)([^/\s:]+)/g, `$1$2${hostSafe(p)}`), p)
					.replace(/\b(User is |Device is |Profile is |SSDP arrived: \S+ \(|user=|Started session successfully: )/g, `$1${p}`)
					// PMS writes the client identifier inside [ ]: one holding "]" cannot be told apart.
					.replace(/\bClient \[/g, `Client [${p.replace(/\]/g, '')}`)
					.replace(/ (GET|POST|PUT|DELETE|HEAD) \//g, ` $1 /${p}`)
					.replace(/'([^']*)' got played/g, `'$1${p}' got played`).replace(/ from 'http:\/\/([^':/]+)/g, ` from 'http://$1${hostSafe(p)}`),
			),
	},
	{format: 'jellyfin', file: 'jellyfin.log', build: (p) => lines(read('test/fixtures/jellyfin/server.log'), (l) => injectQuery(injectQuoted(l.replace(/(https?:\/\/)([^/\s:"]+)/g, `$1$2${hostSafe(p)}`), p), p))},
	{
		format: 'emby',
		file: 'embyserver.txt',
		build: (p) => lines(read('test/fixtures/emby/embyserver.txt'), (l) => injectQuery(injectQuoted(l.replace(/(https?:\/\/)([^/\s:"]+)/g, `$1$2${hostSafe(p)}`), p), p).replace(/(UserAgent: |User-Agent=)/g, `$1${p}`)),
	},
	{
		format: 'access-log',
		file: 'access.log',
		// Apache escapes backslash and quote inside quoted fields; a raw backslash before a quote would end no field.
		build: (raw) => {
			const p = raw.replace(/[\\"]/g, '\\$&');
			return lines(read('test/fixtures/access-log/nginx-plex-proxy.log'), (l) => injectQuery(injectQuoted(l, p), p).replace(/^([a-z][\w.-]*)(:\d+ )/, `$1${hostSafe(p)}$2`).replace(/"(GET|POST|PUT|HEAD) \//, `"$1 /${p}`));
		},
	},
	{
		format: 'squid',
		file: 'squid-access.log',
		build: (p) =>
			[
				'1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 badeyek DIRECT/209.73.177.115 -',
				'1157689320.327   2864 10.105.21.199 TCP_MISS/200 10182 GET http://www.goonernews.com/ badeyek DIRECT/207.58.145.61 text/html',
				'1157689337.481      4 10.105.47.218 TCP_DENIED/407 1661 GET http://hi5.com/ - NONE/- text/html',
				'1157689340.100     12 10.105.47.218 TCP_MISS/200 512 GET http://analytics.plex.tv/collect/event?X-Plex-Device-Name=x alice DIRECT/1.2.3.4 application/json',
			]
				.map((l) => l.replace(/(CONNECT |GET )(\S+?)((?::\d+)? )/, `$1$2${hostSafe(p)}$3`).replace(/ (badeyek|alice) /, ` $1${p} `).replace(/ (\S+\/\S+)$/, ` $1${p}`))
				.join('\n'),
	},
	{
		format: 'dnsmasq',
		file: 'pihole.log',
		build: (p) => lines(read('test/fixtures/dnsmasq/pihole-plex-lan.log'), (l) => l.replace(/(query\[\w+\] |forwarded |reply |cached |blocked |is |gravity blocked |config |regex blacklisted |exactly blacklisted )(\S+)/g, `$1${p}$2`).replace(/: (\S+)$/, `: $1${p}`)),
	},
	{format: 'adguard', file: 'querylog.json', build: (p) => lines(read('test/fixtures/adguard/querylog.json'), (l) => safeJsonLine(l, p))},
	{
		format: 'zeek',
		file: 'dns.log',
		build: (p) =>
			lines(read('test/fixtures/zeek/dns.log'), (l) =>
				l.startsWith('#')
					? l
					: l
							.split('\t')
							.map((f, i) => (i === 0 || /^[\d.,:-]*$/.test(f) || f === '(empty)' || /^[TF]$/.test(f) ? f : `${f}${p}`))
							.join('\t'),
			),
	},
	{format: 'zeek', file: 'zeek-json.log', build: (p) => lines(read('test/fixtures/zeek/dns-json.log'), (l) => safeJsonLine(l, p))},
	{format: 'csv', file: 'proxy-export.csv', build: (p) => injectCsv(read('test/fixtures/csv/proxy-export.csv'), p)},
	{format: 'csv', file: 'playback.tsv', build: (p) => injectCsv(read('test/fixtures/csv/playback.tsv'), p, '\t')},
	{format: 'tautulli-history', file: 'history-api.json', build: (p) => JSON.stringify(injectJson(JSON.parse(read('test/fixtures/tautulli/history-api.json')), p))},
	{format: 'tautulli-history-csv', file: 'history.csv', build: (p) => injectCsv(read('test/fixtures/tautulli/history.csv'), p)},
	{format: 'tautulli-library', file: 'library.json', build: (p) => JSON.stringify(injectJson(JSON.parse(read('test/fixtures/tautulli/Library - Movies - All [1].20240309123512.json')), p), null, 4)},
	{format: 'tautulli-library-csv', file: 'library.csv', build: (p) => injectCsv(read('test/fixtures/tautulli/Library - Movies - All [1].20240309123000.csv'), p)},
	{format: 'pcap', file: 'capture.pcap', build: hostileCapture},
];

/** A JSON line with `p` in its strings; a line that is not JSON (a deliberate fixture error) stays. */
function safeJsonLine(line: string, p: string): string {
	try {
		return JSON.stringify(injectJson(JSON.parse(line), p));
	} catch {
		return line;
	}
}

import {describe, expect, it} from 'vitest';
import {telemetryRecordSchema, type RequestRecord} from '../source/model/records.js';
import {parseAll} from '../source/formats/run.js';
import {accessLogFormat} from '../source/formats/access-log/access-log.js';
import {parseAccessLine, type AccessLine} from '../source/formats/access-log/line.js';
import {squidFormat} from '../source/formats/access-log/squid.js';
import {OWN_SERVER} from '../source/model/hosts.js';

type LineCase = {description: string; notes: string; input: string; expected: Partial<AccessLine> | undefined};

const BEATS_NGINX = 'elastic/beats filebeat/module/nginx/access/test/test.log';
const BEATS_APACHE = 'elastic/beats filebeat/module/apache/access/test/test.log';

const lineCases: LineCase[] = [
	{
		description: 'combined with a client list in $remote_addr',
		notes: BEATS_NGINX,
		input: '10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] "GET /ocelot HTTP/1.1" 200 571 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0"',
		expected: {addresses: ['10.0.0.2', '10.0.0.1', '127.0.0.1'], forwardedFor: undefined, vhost: undefined, timeMs: Date.parse('2016-12-07T10:05:07.000Z'), request: 'GET /ocelot HTTP/1.1', status: 200, bytes: 571, referer: undefined, extra: ''},
	},
	{
		description: 'combined with a trailing "$http_x_forwarded_for"',
		notes: BEATS_NGINX,
		input: '172.17.0.1 - - [29/May/2017:19:02:48 +0000] "GET /stringpatch HTTP/1.1" 404 612 "-" "Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2" "-"',
		expected: {addresses: ['172.17.0.1'], status: 404, bytes: 612, userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2', extra: '"-"'},
	},
	{
		description: 'a quoted X-Forwarded-For list before the client',
		notes: BEATS_NGINX,
		input: '"10.5.102.222, 199.96.1.1, 204.246.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET /assets/xxxx?q=100 HTTP/1.1" 200 25507 "-" "Amazon CloudFront"',
		expected: {addresses: ['10.2.1.185'], forwardedFor: ['10.5.102.222', '199.96.1.1', '204.246.1.1'], vhost: undefined, userAgent: 'Amazon CloudFront'},
	},
	{
		description: 'an unquoted IPv6 X-Forwarded-For list before the client',
		notes: BEATS_NGINX,
		input: '2a03:0000:10ff:f00f:0000:0000:0:8000, 10.225.192.17 10.2.2.121 - - [30/Dec/2016:06:47:09 +0000] "GET /test.html HTTP/1.1" 404 8571 "-" "Mozilla/5.0 (compatible; Facebot 1.0; https://developers.facebook.com/docs/sharing/webmasters/crawler)"',
		expected: {addresses: ['10.2.2.121'], forwardedFor: ['2a03:0000:10ff:f00f:0000:0000:0:8000', '10.225.192.17']},
	},
	{
		description: 'an empty request (400)',
		notes: BEATS_NGINX,
		input: '127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "" 400 0 "-" "-"',
		expected: {request: '', status: 400, bytes: 0, referer: undefined, userAgent: undefined, timeMs: Date.parse('2018-04-12T07:48:40.000Z')},
	},
	{
		description: 'common format (no referer, no User-Agent), IPv6 loopback',
		notes: BEATS_APACHE,
		input: '::1 - - [26/Dec/2016:16:16:29 +0200] "GET /favicon.ico HTTP/1.1" 404 209',
		expected: {addresses: ['::1'], request: 'GET /favicon.ico HTTP/1.1', status: 404, bytes: 209, referer: undefined, userAgent: undefined, extra: ''},
	},
	{
		description: 'a "-" request with 408 and no body size',
		notes: BEATS_APACHE,
		input: '::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -',
		expected: {request: '-', status: 408, bytes: undefined},
	},
	{
		description: 'a host name as the client (HostnameLookups On)',
		notes: BEATS_APACHE,
		input: 'monitoring-server - - [29/May/2017:19:02:48 +0000] "GET /status HTTP/1.1" 200 612 "-" "Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2" "-"',
		expected: {addresses: ['monitoring-server'], vhost: undefined, forwardedFor: undefined},
	},
	{
		description: 'vhost_combined',
		notes: BEATS_APACHE,
		input: 'vhost1.domaine.fr 123.123.123.123 - - [04/Jul/2019:09:20:46 +0200] "GET / HTTP/1.1" 200 32953 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.100 Safari/537.36"',
		expected: {addresses: ['123.123.123.123'], vhost: 'vhost1.domaine.fr', vhostPort: undefined, forwardedFor: undefined},
	},
	{
		description: "Apache's default vhost_combined `%v:%p`",
		notes: 'Apache httpd default `LogFormat "%v:%p %h %l %u %t …" vhost_combined`; own line',
		input: 'plex.example.net:443 203.0.113.7 - bob [01/Mar/2024:20:15:10 +0100] "GET /web/index.html HTTP/1.1" 200 8121 "-" "-"',
		expected: {addresses: ['203.0.113.7'], vhost: 'plex.example.net', vhostPort: 443, user: 'bob'},
	},
	{
		description: 'an escaped quote inside the User-Agent',
		notes: 'Apache escapes `"` as `\\"`; own line',
		input: '192.168.1.5 - - [01/Mar/2024:20:15:10 +0100] "GET / HTTP/1.1" 200 1 "-" "Evil \\"quoted\\" agent" 0.001',
		expected: {userAgent: 'Evil \\"quoted\\" agent', extra: '0.001'},
	},
	{description: 'a PMS log line', notes: 'formats.md §1 (clusterplex#207)', input: "Mar 18, 2023 13:51:20.024 [0x7f457a0abb38] DEBUG - Jobs: '/usr/lib/plexmediaserver/Plex Transcoder' exit code for process 1995 is 1 (failure)", expected: undefined},
	{description: 'an nginx error-log line', notes: 'own line', input: '2024/03/01 20:15:10 [error] 1234#1234: *5 connect() failed (111: Connection refused)', expected: undefined},
	{description: 'a status that is not three digits', notes: 'own line', input: '1.2.3.4 - - [01/Mar/2024:20:15:10 +0100] "GET / HTTP/1.1" 2000 1', expected: undefined},
	{description: 'an unterminated request', notes: 'truncated line', input: '1.2.3.4 - - [01/Mar/2024:20:15:10 +0100] "GET / HTTP/1.1', expected: undefined},
];

describe('parseAccessLine', () => {
	it.each(lineCases)('$description', ({input, expected}) => {
		const parsed = parseAccessLine(input);
		if (expected === undefined) expect(parsed).toBeUndefined();
		else expect(parsed).toMatchObject(expected);
	});

	it('drops impossible dates but keeps the line', () => {
		expect(parseAccessLine('1.2.3.4 - - [31/Feb/2024:20:15:10 +0100] "GET / HTTP/1.1" 200 1')?.timeMs).toBeUndefined();
		expect(parseAccessLine('1.2.3.4 - - [29/Feb/2024:23:30:00 -0130] "GET / HTTP/1.1" 200 1')?.timeMs).toBe(Date.parse('2024-03-01T01:00:00.000Z'));
	});
});

type RecordCase = {description: string; notes: string; input: string; expected: Partial<RequestRecord>};

const recordCases: RecordCase[] = [
	{
		description: 'the real client is the first X-Forwarded-For address',
		notes: BEATS_NGINX,
		input: '"10.5.102.222, 199.96.1.1, 204.246.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET /assets/xxxx?q=100 HTTP/1.1" 200 25507 "-" "Amazon CloudFront"',
		expected: {client: '10.5.102.222', host: OWN_SERVER, path: '/assets/xxxx', url: '/assets/xxxx?q=100', method: 'GET', status: 200, bytesReceived: 25507, direction: 'inbound', identifiers: [{kind: 'personal', name: 'X-Forwarded-For', value: '10.5.102.222, 199.96.1.1, 204.246.1.1, 10.2.1.185'}]},
	},
	{
		description: 'a vhost becomes the host',
		notes: BEATS_APACHE,
		input: 'vhost1.domaine.fr 123.123.123.123 - - [04/Jul/2019:09:20:46 +0200] "GET / HTTP/1.1" 200 32953 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.100 Safari/537.36"',
		expected: {host: 'vhost1.domaine.fr', client: '123.123.123.123', device: {product: 'Chrome', version: '75.0.3770.100', platform: 'Linux'}},
	},
	{
		description: 'X-Plex-* parameters give the device and identifiers; the token is a secret',
		notes: 'own line in the shape of a Plex Web request through nginx',
		input: '192.168.1.20 - - [01/Mar/2024:20:15:10 +0100] "GET /hubs?X-Plex-Product=Plex%20Web&X-Plex-Client-Identifier=abc&X-Plex-Token=tok HTTP/1.1" 200 10 "-" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36"',
		expected: {
			device: {product: 'Plex Web', clientId: 'abc', platform: 'Windows', platformVersion: '10'},
			identifiers: [
				{kind: 'device', name: 'X-Plex-Product', value: 'Plex Web'},
				{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'abc'},
				{kind: 'secret', name: 'X-Plex-Token', value: 'tok'},
			],
		},
	},
	{
		description: 'a Jellyfin api_key is a secret',
		notes: 'own line in the shape of a Jellyfin stream request',
		input: '192.168.1.20 - - [01/Mar/2024:20:15:10 +0100] "GET /Videos/1/stream?Static=true&api_key=k123 HTTP/1.1" 206 10 "-" "Kodi/20.1 (Linux; Android 9; BRAVIA 4K VH2) Version/20.1"',
		expected: {identifiers: [{kind: 'secret', name: 'api_key', value: 'k123'}], device: {product: 'Kodi', version: '20.1', platform: 'Android', platformVersion: '9', model: 'BRAVIA 4K VH2'}},
	},
	{
		description: 'a proxied absolute-form request names its own host and leaves the direction open',
		notes: 'own line: nginx used as a forward proxy',
		input: '192.168.1.20 - - [01/Mar/2024:20:15:10 +0100] "GET http://metrics.plex.tv:8080/collect?x=1 HTTP/1.1" 204 0 "-" "-"',
		expected: {host: 'metrics.plex.tv', port: 8080, path: '/collect', direction: undefined},
	},
	{
		description: 'a CONNECT request names host and port',
		notes: 'own line: forward-proxy tunnel',
		input: '192.168.1.20 - - [01/Mar/2024:20:15:10 +0100] "CONNECT analytics.plex.tv:443 HTTP/1.1" 200 5120 "-" "-"',
		expected: {host: 'analytics.plex.tv', port: 443, method: 'CONNECT', path: '', direction: undefined},
	},
	{
		description: 'an unreadable request keeps its status and no method',
		notes: BEATS_APACHE,
		input: '127.0.0.1 - - [02/Feb/2019:05:38:45 +0100] "-" 408 152 "-" "-"',
		expected: {method: undefined, path: '', url: '', status: 408, bytesReceived: 152, host: OWN_SERVER},
	},
];

describe('accessLogFormat records', () => {
	it.each(recordCases)('$description', ({input, expected}) => {
		const {records, diagnostics} = parseAll(accessLogFormat, input);
		expect(diagnostics).toEqual([]);
		expect(records).toHaveLength(1);
		telemetryRecordSchema.parse(records[0]);
		expect(records[0]).toMatchObject({kind: 'request', source: 'access-log', origin: {file: 'input', line: 1}});
		for (const [key, value] of Object.entries(expected)) expect({key, value: (records[0] as Record<string, unknown>)[key]}).toEqual({key, value});
	});

	it('reports garbage with its line and keeps the neighbours', () => {
		const good = '192.168.1.20 - - [01/Mar/2024:20:15:10 +0100] "GET /identity HTTP/1.1" 200 10';
		const {records, diagnostics} = parseAll(accessLogFormat, `${good}\nnot a log line\n\n${good}\n`);
		expect(records.map((r) => r.origin.line)).toEqual([1, 4]);
		expect(diagnostics).toEqual([{severity: 'warning', code: 'access-log.line.unparsed', message: 'not an nginx/Apache access-log line', origin: {file: 'input', line: 2}}]);
	});
});

describe('squidFormat', () => {
	const squidCases: RecordCase[] = [
		{
			description: 'a CONNECT tunnel',
			notes: 'elastic/beats x-pack/filebeat/module/squid/log/test/access1.log',
			input: '1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 badeyek DIRECT/209.73.177.115 -',
			expected: {time: '2006-09-08T04:21:52.049Z', host: 'login.yahoo.com', port: 443, method: 'CONNECT', url: 'login.yahoo.com:443', status: 200, bytesReceived: 19763, client: '10.105.21.199', direction: 'outbound', mimeType: undefined, identifiers: [{kind: 'personal', name: 'user', value: 'badeyek'}]},
		},
		{
			description: 'a denied GET',
			notes: 'elastic/beats x-pack/filebeat/module/squid/log/test/access1.log',
			input: '1157689337.481      4 10.105.47.218 TCP_DENIED/407 1661 GET http://hi5.com/ - NONE/- text/html',
			expected: {host: 'hi5.com', port: 80, path: '/', status: 407, mimeType: 'text/html', identifiers: []},
		},
	];
	it.each(squidCases)('$description', ({input, expected}) => {
		const {records} = parseAll(squidFormat, input);
		expect(records).toHaveLength(1);
		telemetryRecordSchema.parse(records[0]);
		for (const [key, value] of Object.entries(expected)) expect({key, value: (records[0] as Record<string, unknown>)[key]}).toEqual({key, value});
	});
});

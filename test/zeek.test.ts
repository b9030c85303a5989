import {describe, expect, it} from 'vitest';
import {telemetryRecordSchema, type RequestRecord} from '../source/model/records.js';
import {parseAll} from '../source/formats/run.js';
import {staysOnLan, unescapeZeek, zeekFormat} from '../source/formats/zeek/zeek.js';

const header = (path: string, fields: string[]): string[] => [
	'#separator \\x09',
	'#set_separator\t,',
	'#empty_field\t(empty)',
	'#unset_field\t-',
	`#path\t${path}`,
	'#open\t2024-03-01-20-15-00',
	`#fields\t${fields.join('\t')}`,
	`#types\t${fields.map(() => 'string').join('\t')}`,
];
const DNS_FIELDS = 'ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto trans_id rtt query qclass qclass_name qtype qtype_name rcode rcode_name AA TC RD RA Z answers TTLs rejected'.split(' ');
/** The zeek/zeek-docs log-formats.rst dns.log row, rendered there with spaces; tabs here. */
const DOCS_DNS_ROW = '1591367999.305988 CazOhH2qDUiJTWMCY 192.168.4.76 36844 192.168.4.1 53 udp 19671 0.066852 testmyids.com 1 C_INTERNET 1 A 0 NOERROR F F T T 0 31.3.245.133 3600.000000 F'.split(' ').join('\t');

function parse(lines: string[]) {
	const result = parseAll(zeekFormat, lines.join('\n'));
	for (const r of result.records) telemetryRecordSchema.parse(r);
	return {...result, records: result.records as RequestRecord[]};
}

type RowCase = {description: string; notes: string; input: string[]; expected: Array<Partial<RequestRecord>>};

const rowCases: RowCase[] = [
	{
		description: 'dns.log row',
		notes: 'zeek/zeek-docs log-formats.rst',
		input: [...header('dns', DNS_FIELDS), DOCS_DNS_ROW],
		expected: [{method: 'DNS', host: 'testmyids.com', url: 'dns://testmyids.com', path: '', client: '192.168.4.76', blocked: false, time: '2020-06-05T14:39:59.305Z', direction: 'outbound'}],
	},
	{
		description: 'conn.log row',
		notes: 'brimdata/zed conn.log (zeek-conn-tsv.log)',
		input: [
			...header('conn', 'ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes tunnel_parents'.split(' ')),
			'1521911720.607031\tCpQfkTi8xytq87HW2\t10.164.94.120\t36729\t10.47.3.200\t80\ttcp\thttp\t0.006238\t325\t263\tRSTO\t-\t-\t0\tShADTdftR\t10\t1186\t6\t854\t-',
		],
		expected: [{method: 'CONN', host: '10.47.3.200', port: 80, url: 'tcp://10.47.3.200:80', path: '', client: '10.164.94.120', bytesSent: 325, bytesReceived: 263, direction: undefined}],
	},
	{
		description: 'http.log row with a WebSocket upgrade',
		notes: 'brimdata/zed zqd/testdata/http.log (zeek-http-tsv.log)',
		input: [
			...header('http', 'ts uid id.orig_h id.orig_p id.resp_h id.resp_p trans_depth method host uri referrer version user_agent origin request_body_len response_body_len status_code status_msg info_code info_msg tags username password proxied orig_fuids orig_filenames orig_mime_types resp_fuids resp_filenames resp_mime_types'.split(' ')),
			'1501770877.501001\tCOiEJd1Vy4S95ipJce\t192.168.0.5\t50798\t54.148.114.85\t80\t1\tGET\tsandbox.kaazing.net\t/echo?.kl=Y\t-\t1.1\tMozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:54.0) Gecko/20100101 Firefox/54.0\thttp://kaazing.org\t0\t0\t101\tWeb Socket Protocol Handshake\t101\tWeb Socket Protocol Handshake\t(empty)\t-\t-\t-\t-\t-\t-\t-\t-\t-',
		],
		expected: [
			{
				method: 'GET',
				host: 'sandbox.kaazing.net',
				port: 80,
				url: 'http://sandbox.kaazing.net/echo?.kl=Y',
				path: '/echo',
				status: 101,
				bytesSent: 0,
				bytesReceived: 0,
				client: '192.168.0.5',
				direction: 'outbound',
				device: {product: 'Firefox', version: '54.0', platform: 'macOS', platformVersion: '10.12'},
			},
		],
	},
	{
		description: 'ssl.log row without SNI falls back to the responder address',
		notes: 'own row; Zeek 6 ssl.log fields',
		input: [...header('ssl', 'ts uid id.orig_h id.orig_p id.resp_h id.resp_p version cipher curve server_name resumed established'.split(' ')), '1709320510.0003\tCYz1\t192.168.1.52\t51302\t2001:db8::10\t443\tTLSv12\t-\t-\t-\tF\tT'],
		expected: [{method: 'TLS', host: '2001:db8::10', url: 'tls://[2001:db8::10]:443', port: 443}],
	},
	{
		description: 'a null-route answer set is a block; unset answers leave it unknown',
		notes: 'own rows: a filtering resolver answered 0.0.0.0; a query without reply',
		input: [
			...header('dns', DNS_FIELDS),
			DOCS_DNS_ROW.replace('testmyids.com', 'analytics.plex.tv').replace('31.3.245.133', '0.0.0.0'),
			'1591367999.4\tCx\t192.168.4.76\t36845\t192.168.4.1\t53\tudp\t19672\t-\tmetrics.plex.tv\t1\tC_INTERNET\t1\tA\t-\t-\tF\tF\tT\tF\t0\t-\t-\tF',
		],
		expected: [
			{host: 'analytics.plex.tv', blocked: true},
			{host: 'metrics.plex.tv', blocked: undefined},
		],
	},
	{
		description: 'escaped bytes in a field are decoded',
		notes: 'Zeek escapes the separator and non-printables as \\xHH',
		input: [...header('dns', DNS_FIELDS), DOCS_DNS_ROW.replace('testmyids.com', 'odd\\x09name.example')],
		expected: [{host: 'odd\tname.example'}],
	},
];

describe('zeekFormat rows', () => {
	it.each(rowCases)('$description', ({input, expected}) => {
		const {records, diagnostics} = parse(input);
		expect(diagnostics).toEqual([]);
		expect(records).toHaveLength(expected.length);
		expected.forEach((fields, i) => {
			for (const [key, value] of Object.entries(fields)) expect({i, key, value: (records[i] as Record<string, unknown>)[key]}).toEqual({i, key, value});
		});
	});
});

describe('zeekFormat headers', () => {
	it('a new header block mid-stream replaces the field positions', () => {
		const reordered = [...DNS_FIELDS].reverse();
		const row = DOCS_DNS_ROW.split('\t').reverse().join('\t');
		const {records, diagnostics} = parse([...header('dns', DNS_FIELDS), DOCS_DNS_ROW, ...header('dns', reordered), row]);
		expect(diagnostics).toEqual([]);
		expect(records.map((r) => [r.origin.line, r.host, r.client])).toEqual([
			[9, 'testmyids.com', '192.168.4.76'],
			[18, 'testmyids.com', '192.168.4.76'],
		]);
	});

	it('rows after #close or before any #fields are reported once and skipped', () => {
		const {records, diagnostics} = parse([...header('dns', DNS_FIELDS), DOCS_DNS_ROW, '#close\t2024-03-01-21-00-00', DOCS_DNS_ROW, DOCS_DNS_ROW]);
		expect(records).toHaveLength(1);
		expect(diagnostics.map((d) => [d.origin.line, d.code])).toEqual([[11, 'zeek.fields.missing']]);
	});

	it('a row with the wrong number of fields is reported and its neighbours kept', () => {
		const {records, diagnostics} = parse([...header('dns', DNS_FIELDS), DOCS_DNS_ROW, 'short\trow', DOCS_DNS_ROW]);
		expect(records.map((r) => r.origin.line)).toEqual([9, 11]);
		expect(diagnostics.map((d) => [d.origin.line, d.code])).toEqual([[10, 'zeek.line.field-count']]);
	});

	it('a custom separator and unset marker are honoured', () => {
		const lines = ['#separator |', '#unset_field|NONE', '#path|dns', `#fields|${DNS_FIELDS.join('|')}`, DOCS_DNS_ROW.split('\t').join('|').replace('31.3.245.133', 'NONE')];
		const {records} = parse(lines);
		expect(records.map((r) => [r.host, r.blocked])).toEqual([['testmyids.com', false]]);
	});

	it('rows of logs that carry no request are skipped with one note', () => {
		const {records, diagnostics} = parse([...header('weird', ['ts', 'uid', 'name']), '1.0\tC1\tbad_HTTP_request', '1.1\tC2\tbad_HTTP_request']);
		expect(records).toEqual([]);
		expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['zeek.path.skipped', 'info']]);
	});
});

describe('zeekFormat JSON rows', () => {
	it('reads Zeek JSON (philhagen gist shape) and infers the log from its fields', () => {
		const line = '{"ts":1602265824.123071,"uid":"CHFRflzsgM15k9et4","id.orig_h":"192.168.75.169","id.orig_p":57221,"id.resp_h":"192.168.75.1","id.resp_p":53,"proto":"udp","trans_id":27478,"query":"www.sansgear.com","qtype_name":"A","rcode_name":"NOERROR","answers":["vhost1.identityvector.com","70.32.97.206"],"TTLs":[3600.0,3600.0],"rejected":false}';
		const {records, diagnostics} = parse([line]);
		expect(diagnostics).toEqual([]);
		expect(records.map((r) => [r.method, r.host, r.client, r.blocked, r.time])).toEqual([['DNS', 'www.sansgear.com', '192.168.75.169', false, '2020-10-09T17:50:24.123Z']]);
	});
});

describe('helpers', () => {
	it('unescapes \\xHH', () => {
		expect(unescapeZeek('\\x09')).toBe('\t');
		expect(unescapeZeek('plain')).toBe('plain');
	});
	it('a responder stays on the LAN when its address is private, broadcast, multicast or unspecified', () => {
		for (const ip of ['10.47.3.200', '192.168.1.10', '172.20.0.1', '100.64.0.1', 'fd00::1', '::1', '255.255.255.255', '224.0.0.251', '239.255.255.250', '::']) {
			expect(staysOnLan(ip), ip).toBe(true);
		}
		for (const ip of ['54.148.114.85', '172.32.0.1', '2606:4700::6810:1463', '240.0.0.1']) expect(staysOnLan(ip), ip).toBe(false);
	});
});

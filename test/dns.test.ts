import {describe, expect, it} from 'vitest';
import {telemetryRecordSchema, type TelemetryRecord} from '../source/model/records.js';
import {parseAll} from '../source/formats/run.js';
import {classifyMessage, dnsmasqFormat, isBlockingAnswer, MAX_PENDING, MESSAGE_PATTERNS, NOISE_PREFIXES} from '../source/formats/dnsmasq/dnsmasq.js';
import {normalizeDnsName} from '../source/formats/dnsmasq/dns-record.js';
import {adguardFormat, isBlockedResult} from '../source/formats/adguard/adguard.js';
import {shownTime} from './helpers/shown-time.js';

/** What a DNS record says, in one line per record, for compact expectations. */
type Lookup = {line: number; host: string; client?: string; blocked?: boolean; time?: string};
const summary = (records: TelemetryRecord[]): Lookup[] =>
	records.map((r) => {
		telemetryRecordSchema.parse(r);
		if (r.kind !== 'request') throw new Error('expected request records');
		expect(r).toMatchObject({method: 'DNS', url: `dns://${r.host}`, path: '', direction: 'outbound'});
		const out: Lookup = {line: r.origin.line!, host: r.host};
		if (r.client !== undefined) out.client = r.client;
		if (r.blocked !== undefined) out.blocked = r.blocked;
		const {time} = shownTime(r);
		if (time !== undefined) out.time = time;
		return out;
	});

const PIHOLE_ISSUES = 'dnsmasq-pihole-log-lines-from-issues.log';

describe('dnsmasq message patterns', () => {
	it('every sample matches exactly one pattern, and every pattern has a sample', () => {
		for (const pattern of MESSAGE_PATTERNS) {
			expect(pattern.samples.length, pattern.name).toBeGreaterThan(0);
			for (const sample of pattern.samples) {
				const matching = MESSAGE_PATTERNS.filter((p) => p.re.test(sample)).map((p) => p.name);
				expect({sample, matching}).toEqual({sample, matching: [pattern.name]});
			}
		}
	});

	it("a pattern's `first` lists every character its matches can start with (messages are tried only against those)", () => {
		for (const pattern of MESSAGE_PATTERNS) {
			for (const sample of pattern.samples) {
				expect(pattern.first, `${pattern.name}: ${sample}`).toContain(sample[0]);
				// The same message under any other first character: a match must start with a listed one.
				for (let c = 0; c < 256; c++) {
					const message = String.fromCharCode(c) + sample.slice(1);
					if (pattern.re.test(message)) expect(pattern.first, `${pattern.name}: ${JSON.stringify(message)}`).toContain(message[0]);
				}
			}
			expect(classifyMessage(`X${pattern.samples[0]!.slice(1)}`), pattern.name).toBe('unknown');
		}
	});

	type NoiseCase = {description: string; notes: string; input: string};
	const noise: NoiseCase[] = [
		{description: 'start-up', notes: `${PIHOLE_ISSUES} (pi-hole/FTL#1111)`, input: 'started, version pi-hole-2.86 cachesize 10000'},
		{description: 'upstream', notes: `${PIHOLE_ISSUES} (pi-hole/pi-hole#4541)`, input: 'using nameserver 192.168.117.1#53'},
		{description: 'hosts file read', notes: `${PIHOLE_ISSUES} (pi-hole/pi-hole#4541)`, input: 'read /etc/hosts - 5 addresses'},
		{description: 'DNSSEC status (looks like an answer)', notes: `${PIHOLE_ISSUES} (pi-hole/pi-hole#4353)`, input: 'validation result is INSECURE'},
	];
	it.each(noise)('noise: $description', ({input}) => {
		expect(NOISE_PREFIXES.some((p) => input.startsWith(p))).toBe(true);
		expect(classifyMessage(input)).toBe('noise');
	});

	type BlockCase = {description: string; notes: string; source: string; answer: string; expected: boolean};
	const blocks: BlockCase[] = [
		{description: 'FTL v5+ gravity block', notes: 'pi-hole/FTL test_suite.bats', source: 'gravity blocked', answer: '0.0.0.0', expected: true},
		{description: 'FTL gravity block in NXDOMAIN mode', notes: 'BLOCKINGMODE=NXDOMAIN', source: 'gravity blocked', answer: 'NXDOMAIN', expected: true},
		{description: 'regex block', notes: 'FTL regex deny list', source: 'regex blocked', answer: '::', expected: true},
		{description: 'pre-FTL-v5 gravity.list', notes: `${PIHOLE_ISSUES} (kboghdady/youTube_ads_4_pi-hole#20)`, source: '/etc/pihole/gravity.list', answer: '0.0.0.0', expected: true},
		{description: 'pre-FTL-v5 black.list', notes: 'Pi-hole v4 blacklist file', source: '/etc/pihole/black.list', answer: '192.168.1.2', expected: true},
		{description: 'local.list (the Pi-hole itself)', notes: 'Pi-hole v4 local.list', source: '/etc/pihole/local.list', answer: '192.168.1.2', expected: false},
		{description: 'a hosts file null route', notes: 'hosts-file blocking', source: '/etc/hosts', answer: '0.0.0.0', expected: true},
		{description: 'upstream reply', notes: PIHOLE_ISSUES, source: 'reply', answer: '34.98.75.36', expected: false},
		{description: 'upstream null route (filtering resolver)', notes: 'FTL "upstream blocked" status', source: 'reply', answer: '0.0.0.0', expected: true},
		{description: 'real NXDOMAIN', notes: 'nonexistent name', source: 'reply', answer: 'NXDOMAIN', expected: false},
		{description: 'config NXDOMAIN (local=/lan/)', notes: 'dnsmasq config answer', source: 'config', answer: 'NXDOMAIN', expected: false},
		{description: 'internal', notes: `${PIHOLE_ISSUES} (pi-hole/FTL#1111)`, source: 'internal', answer: '10.0.1.5', expected: false},
	];
	it.each(blocks)('block decision: $description', ({source, answer, expected}) => {
		expect(isBlockingAnswer(source, answer)).toBe(expected);
	});
});

type SequenceCase = {description: string; notes: string; input: string[]; options?: Record<string, unknown>; expected: Lookup[]};

const P = 'Mar  1 20:15:02 dnsmasq[612]: ';
const sequences: SequenceCase[] = [
	{
		description: 'query, forward, CNAME chain: one record, answered',
		notes: `${PIHOLE_ISSUES} (kboghdady/youTube_ads_4_pi-hole#20)`,
		input: [
			'Dec  3 21:37:11 dnsmasq[17086]: query[A] classify-client.services.mozilla.com from 192.168.1.108',
			'Dec  3 21:37:11 dnsmasq[17086]: forwarded classify-client.services.mozilla.com to 1.0.0.1',
			'Dec  3 21:37:11 dnsmasq[17086]: reply classify-client.services.mozilla.com is <CNAME>',
			'Dec  3 21:37:11 dnsmasq[17086]: reply prod-classifyclient.normandy.prod.cloudops.mozgcp.net is 34.98.75.36',
		],
		expected: [{line: 1, host: 'classify-client.services.mozilla.com', client: '192.168.1.108', blocked: false}],
	},
	{
		description: 'pre-FTL-v5 gravity.list block',
		notes: `${PIHOLE_ISSUES} (kboghdady/youTube_ads_4_pi-hole#20)`,
		input: ['Dec  3 21:37:13 dnsmasq[17086]: query[A] browser.pipe.aria.microsoft.com from 192.168.1.108', 'Dec  3 21:37:13 dnsmasq[17086]: /etc/pihole/gravity.list browser.pipe.aria.microsoft.com is 0.0.0.0'],
		expected: [{line: 1, host: 'browser.pipe.aria.microsoft.com', client: '192.168.1.108', blocked: true}],
	},
	{
		description: 'a block deep in the CNAME chain blocks the query',
		notes: 'FTL CNAME inspection (status 9–11); own lines',
		input: [`${P}query[A] www.googletagmanager.com from 192.168.1.52`, `${P}reply www.googletagmanager.com is <CNAME>`, `${P}regex blocked www-googletagmanager.l.google.com is 0.0.0.0`],
		expected: [{line: 1, host: 'www.googletagmanager.com', client: '192.168.1.52', blocked: true}],
	},
	{
		description: 'two clients asking the same name get one record each',
		notes: 'dnsmasq merges duplicate queries upstream; own lines',
		input: [`${P}query[A] plex.tv from 192.168.1.40`, `${P}query[A] PLEX.tv. from 192.168.1.52`, `${P}forwarded plex.tv to 1.1.1.1`, `${P}reply plex.tv is 52.17.198.46`],
		expected: [
			{line: 1, host: 'plex.tv', client: '192.168.1.40', blocked: false},
			{line: 2, host: 'plex.tv', client: '192.168.1.52', blocked: false},
		],
	},
	{
		description: 'an answer of a later block does not leak into an earlier one',
		notes: 'interleaved lookups; own lines',
		input: [`${P}query[A] a.example from 192.168.1.5`, `${P}forwarded a.example to 1.1.1.1`, `${P}query[A] b.example from 192.168.1.6`, `${P}gravity blocked b.example is 0.0.0.0`, `${P}reply a.example is 93.184.215.14`],
		expected: [
			{line: 3, host: 'b.example', client: '192.168.1.6', blocked: true},
			{line: 1, host: 'a.example', client: '192.168.1.5', blocked: false},
		],
	},
	{
		description: 'log-queries=extra joins by the query serial',
		notes: 'dnsmasq `log-queries=extra` prefix `<serial> <client>/<port>`; own lines',
		input: [
			`${P}7 192.168.1.40/51234 query[A] metrics.plex.tv from 192.168.1.40`,
			`${P}8 192.168.1.52/40001 query[A] metrics.plex.tv from 192.168.1.52`,
			`${P}7 192.168.1.40/51234 forwarded metrics.plex.tv to 1.1.1.1`,
			`${P}8 192.168.1.52/40001 gravity blocked metrics.plex.tv is 0.0.0.0`,
			`${P}7 192.168.1.40/51234 reply metrics.plex.tv is 20.73.12.5`,
		],
		expected: [
			{line: 2, host: 'metrics.plex.tv', client: '192.168.1.52', blocked: true},
			{line: 1, host: 'metrics.plex.tv', client: '192.168.1.40', blocked: false},
		],
	},
	{
		description: 'an unanswered query is emitted after the window, with blocked unset',
		notes: `${PIHOLE_ISSUES} (pi-hole/pi-hole#4541): the forward has no reply`,
		input: ['Jan  8 21:52:09 dnsmasq[318]: query[A] umwatson.events.data.microsoft.com from 192.168.117.69', 'Jan  8 21:52:09 dnsmasq[318]: forwarded umwatson.events.data.microsoft.com to 8.8.8.8', 'Jan  8 21:54:00 dnsmasq[318]: query[A] pi.hole from 192.168.117.69', 'Jan  8 21:54:00 dnsmasq[318]: internal pi.hole is 192.168.117.2'],
		expected: [
			{line: 1, host: 'umwatson.events.data.microsoft.com', client: '192.168.117.69'},
			{line: 3, host: 'pi.hole', client: '192.168.117.69', blocked: false},
		],
	},
	{
		description: 'an answer after the window is not joined',
		notes: 'own lines',
		input: [`${P}query[A] slow.example from 192.168.1.5`, 'Mar  1 20:17:02 dnsmasq[612]: query[A] other.example from 192.168.1.5', 'Mar  1 20:17:02 dnsmasq[612]: reply slow.example is 1.2.3.4'],
		expected: [
			{line: 1, host: 'slow.example', client: '192.168.1.5'},
			{line: 2, host: 'other.example', client: '192.168.1.5'},
		],
	},
	{
		description: 'times with a reference year, a UTC offset and a year change',
		notes: 'own lines; syslog stamps have no year',
		input: ['Dec 31 23:59:59 dnsmasq[612]: query[A] a.example from 192.168.1.5', 'Jan  1 00:00:01 dnsmasq[612]: query[A] b.example from 192.168.1.5'],
		options: {referenceYear: 2023, utcOffsetMinutes: -300},
		expected: [
			{line: 1, host: 'a.example', client: '192.168.1.5', time: '2024-01-01T04:59:59.000Z'},
			{line: 2, host: 'b.example', client: '192.168.1.5', time: '2024-01-01T05:00:01.000Z'},
		],
	},
	{
		description: 'an RFC 3339 syslog stamp carries its own time and a host name',
		notes: 'rsyslog RSYSLOG_FileFormat; own lines',
		input: ['2024-03-01T20:15:02.123456+01:00 pihole dnsmasq[612]: query[AAAA] plex.tv from 192.168.1.40', '2024-03-01T20:15:02.130001+01:00 pihole dnsmasq[612]: cached plex.tv is 2a05:d018::1'],
		expected: [{line: 1, host: 'plex.tv', client: '192.168.1.40', blocked: false, time: '2024-03-01T19:15:02.123Z'}],
	},
];

describe('dnsmasqFormat joins queries with their answers', () => {
	it.each(sequences)('$description', ({input, options, expected}) => {
		const {records, diagnostics} = parseAll(dnsmasqFormat, input.join('\n'), {file: 'input', ...(options && {options})});
		expect(diagnostics).toEqual([]);
		expect(summary(records)).toEqual(expected);
	});

	it('without a reference year, syslog lines give no time', () => {
		const {records} = parseAll(dnsmasqFormat, `${P}query[A] plex.tv from 192.168.1.40`);
		expect(records[0]?.time).toBeUndefined();
	});

	it('keeps at most MAX_PENDING unanswered queries (bounded memory), emitting the oldest', () => {
		const n = MAX_PENDING + 10;
		const lines = Array.from({length: n}, (_, i) => `${P}query[A] host${i}.example from 192.168.1.5`);
		const emitted: number[] = [];
		const parser = dnsmasqFormat.create({file: 'input'});
		const emit = {record: (r: TelemetryRecord) => void emitted.push(r.origin.line!), diagnostic: () => {}};
		lines.forEach((line, i) => parser.line(line, i + 1, emit));
		// Before the end, the oldest overflowed queries are already out, in order.
		expect(emitted).toEqual(Array.from({length: n - MAX_PENDING}, (_, i) => i + 1));
		parser.end(emit);
		expect(emitted).toHaveLength(n);
	});

	it('reports lines that are not dnsmasq lines and unknown messages, and skips DHCP lines', () => {
		const input = [`${P}query[A] plex.tv from 192.168.1.40`, 'garbage', 'Mar  1 20:15:06 dnsmasq-dhcp[612]: DHCPACK(eth0) 192.168.1.52 3a:f1:09:7c:22:1b phone', `${P}frobnicated`, `${P}reply plex.tv is 52.17.198.46`].join('\n');
		const {records, diagnostics} = parseAll(dnsmasqFormat, input);
		expect(summary(records)).toEqual([{line: 1, host: 'plex.tv', client: '192.168.1.40', blocked: false}]);
		expect(diagnostics.map((d) => [d.origin.line, d.code, d.severity])).toEqual([
			[2, 'dnsmasq.line.unparsed', 'warning'],
			[4, 'dnsmasq.message.unknown', 'info'],
		]);
	});

	it('normalises names', () => {
		expect(normalizeDnsName('Plex.TV.')).toBe('plex.tv');
		expect(normalizeDnsName('.')).toBe('.');
	});
});

describe('adguardFormat', () => {
	type ReasonCase = {description: string; notes: string; input: unknown; expected: boolean};
	const reasons: ReasonCase[] = [
		{description: 'FilteredBlockList (3)', notes: 'AdGuardHome internal/filtering/reason.go', input: {IsFiltered: true, Reason: 3}, expected: true},
		{description: 'FilteredSafeBrowsing (4)', notes: 'reason.go', input: {IsFiltered: true, Reason: 4}, expected: true},
		{description: 'FilteredParental (5)', notes: 'reason.go', input: {IsFiltered: true, Reason: 5}, expected: true},
		{description: 'FilteredBlockedService (8)', notes: 'reason.go', input: {IsFiltered: true, Reason: 8}, expected: true},
		{description: 'FilteredSafeSearch (7) answers another address', notes: 'reason.go', input: {IsFiltered: true, Reason: 7, IPList: ['216.239.38.120']}, expected: false},
		{description: 'NotFilteredAllowList (1)', notes: 'reason.go', input: {IsFiltered: false, Reason: 1}, expected: false},
		{description: 'RewrittenRule (11) to a LAN address', notes: 'reason.go', input: {Reason: 11, IPList: ['192.168.1.10']}, expected: false},
		{description: 'RewrittenRule (11) to NXDOMAIN', notes: '$dnsrewrite=NXDOMAIN blocking rule', input: {Reason: 11, DNSRewriteResult: {RCode: 3}}, expected: true},
		{description: 'RewrittenAutoHosts (10) to 0.0.0.0', notes: 'hosts-style null route', input: {Reason: 10, IPList: ['0.0.0.0']}, expected: true},
		{description: 'legacy entry without Reason', notes: 'decode_test.go "all_right_old_rule" keys', input: {IsFiltered: true, Rule: '||an.yandex.', FilterID: 1}, expected: true},
		{description: 'empty result', notes: 'unfiltered entry', input: {}, expected: false},
		{description: 'not an object', notes: 'hostile', input: 'Reason', expected: false},
	];
	it.each(reasons)('blocked: $description', ({input, expected}) => {
		expect(isBlockedResult(input)).toBe(expected);
	});

	it('reads the decode_test.go sample: client id and ECS are identifiers', () => {
		const line =
			'{"IP":"127.0.0.1","CID":"cli42","T":"2020-11-25T18:55:56.519796+03:00","QH":"an.yandex.ru","QT":"A","QC":"IN","CP":"","ECS":"1.2.3.0/24","Answer":"Qz+BgAABAAEAAAAAAmFuBnlhbmRleAJydQAAAQABwAwAAQABAAAACgAEAAAAAA==","Cached":true,"AD":true,"Result":{"IsFiltered":true,"Reason":3,"IPList":["127.0.0.2"],"Rules":[{"FilterListID":42,"Text":"||an.yandex.ru","IP":"127.0.0.2"},{"FilterListID":43,"Text":"||an2.yandex.ru","IP":"127.0.0.3"}],"CanonName":"example.com","ServiceName":"example.org","DNSRewriteResult":{"RCode":0,"Response":{"1":["127.0.0.2"]}}},"Upstream":"https://some.upstream","Elapsed":837429}';
		const {records, diagnostics} = parseAll(adguardFormat, line);
		expect(diagnostics).toEqual([]);
		expect(summary(records)).toEqual([{line: 1, host: 'an.yandex.ru', client: '127.0.0.1', blocked: true, time: '2020-11-25T15:55:56.519Z'}]);
		expect(records[0]?.identifiers).toEqual([
			{kind: 'identifier', name: 'CID', value: 'cli42'},
			{kind: 'personal', name: 'ECS', value: '1.2.3.0/24'},
		]);
	});

	it('reports lines that are not entries and keeps the neighbours', () => {
		const good = '{"IP":"192.168.1.40","T":"2024-03-01T20:15:02+01:00","QH":"plex.tv","Result":{}}';
		const {records, diagnostics} = parseAll(adguardFormat, [good, '{"IP":"1.2.3.4","T":"x"', 'null', '{"QH":42}', good].join('\n'));
		expect(records.map((r) => r.origin.line)).toEqual([1, 5]);
		expect(diagnostics.map((d) => d.origin.line)).toEqual([2, 3, 4]);
	});
});

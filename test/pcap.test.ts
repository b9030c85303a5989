/**
Packet captures: the committed fixtures are what test/fixtures/pcap/generate.ts builds; a golden of the
views (`UPDATE_GOLDEN=1 npx vitest run test/pcap.test.ts` rewrites it: read the diff; the records goldens
are test/formats-registry.test.ts's); every link type and file layout gives the same requests; and the parts one by one: the reader's
framing and damage handling, TLS and QUIC server names (RFC 9001's own test packet), HTTP, DNS,
devices, bounded tables, gzip and detection through the real pipeline.
*/
import {createHmac, randomBytes} from 'node:crypto';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {detectMagic} from '../source/detect/detect.js';
import {Budget, grouped, headEnd, latin1} from '../source/formats/pcap/bytes.js';
import {deviceFromVendorClass, VENDOR_CLASSES} from '../source/formats/pcap/dhcp.js';
import {HttpRequestReader, type HttpRequest} from '../source/formats/pcap/http.js';
import {MAX_FLOWS, pcapFormat} from '../source/formats/pcap/index.js';
import {clientInitialKeys, hmacSha256, QuicHelloReader} from '../source/formats/pcap/quic.js';
import {captureMagic, CaptureReader, type CapturedPacket, type ReaderProblem, type ReaderSink} from '../source/formats/pcap/reader.js';
import {parseClientHello, TlsHelloReader} from '../source/formats/pcap/tls.js';
import {FORMATS} from '../source/formats/registry.js';
import {parseAll, type ParseResult} from '../source/formats/run.js';
import {resolveInputs} from '../source/input/sources.js';
import {formatOrigin, telemetryRecordSchema, type RequestRecord, type TelemetryRecord} from '../source/model/records.js';
import {finalizeRecord} from '../source/pipeline/finalize.js';
import {setMaskKey} from '../source/privacy/mask.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {destinationsView, type DestinationRow} from '../source/views/destinations.js';
import {identifiersView, type IdentifierRow} from '../source/views/identifiers.js';
import {devicesView, type DeviceRow} from '../source/views/media.js';
import {allRecords, foldView} from './helpers/records.js';
import {tmpDir} from './corpus/harness.js';
import {DIR, fixtures, MACS, START} from './fixtures/pcap/generate.js';
import {
	bytesOf, clientHello, cryptoFrame, dnsAnswer, dnsQuery, frame, type Framed, ip, LINKTYPE, pcapFile, pcapngFile, quicInitial, TcpConversation, udpPackets,
} from './helpers/pcap-build.js';
import {FULL, itLarge} from './helpers/tier.js';

/** RFC 9001 Appendix A.2: the protected client Initial packet (1,200 bytes), whose ClientHello names example.com. */
const RFC9001_CLIENT_INITIAL = [
	'c000000001088394c8f03e5157080000449e7b9aec34d1b1c98dd7689fb8ec11',
	'd242b123dc9bd8bab936b47d92ec356c0bab7df5976d27cd449f63300099f399',
	'1c260ec4c60d17b31f8429157bb35a1282a643a8d2262cad67500cadb8e7378c',
	'8eb7539ec4d4905fed1bee1fc8aafba17c750e2c7ace01e6005f80fcb7df6212',
	'30c83711b39343fa028cea7f7fb5ff89eac2308249a02252155e2347b63d58c5',
	'457afd84d05dfffdb20392844ae812154682e9cf012f9021a6f0be17ddd0c208',
	'4dce25ff9b06cde535d0f920a2db1bf362c23e596d11a4f5a6cf3948838a3aec',
	'4e15daf8500a6ef69ec4e3feb6b1d98e610ac8b7ec3faf6ad760b7bad1db4ba3',
	'485e8a94dc250ae3fdb41ed15fb6a8e5eba0fc3dd60bc8e30c5c4287e53805db',
	'059ae0648db2f64264ed5e39be2e20d82df566da8dd5998ccabdae053060ae6c',
	'7b4378e846d29f37ed7b4ea9ec5d82e7961b7f25a9323851f681d582363aa5f8',
	'9937f5a67258bf63ad6f1a0b1d96dbd4faddfcefc5266ba6611722395c906556',
	'be52afe3f565636ad1b17d508b73d8743eeb524be22b3dcbc2c7468d54119c74',
	'68449a13d8e3b95811a198f3491de3e7fe942b330407abf82a4ed7c1b311663a',
	'c69890f4157015853d91e923037c227a33cdd5ec281ca3f79c44546b9d90ca00',
	'f064c99e3dd97911d39fe9c5d0b23a229a234cb36186c4819e8b9c5927726632',
	'291d6a418211cc2962e20fe47feb3edf330f2c603a9d48c0fcb5699dbfe58964',
	'25c5bac4aee82e57a85aaf4e2513e4f05796b07ba2ee47d80506f8d2c25e50fd',
	'14de71e6c418559302f939b0e1abd576f279c4b2e0feb85c1f28ff18f58891ff',
	'ef132eef2fa09346aee33c28eb130ff28f5b766953334113211996d20011a198',
	'e3fc433f9f2541010ae17c1bf202580f6047472fb36857fe843b19f5984009dd',
	'c324044e847a4f4a0ab34f719595de37252d6235365e9b84392b061085349d73',
	'203a4a13e96f5432ec0fd4a1ee65accdd5e3904df54c1da510b0ff20dcc0c77f',
	'cb2c0e0eb605cb0504db87632cf3d8b4dae6e705769d1de354270123cb11450e',
	'fc60ac47683d7b8d0f811365565fd98c4c8eb936bcab8d069fc33bd801b03ade',
	'a2e1fbc5aa463d08ca19896d2bf59a071b851e6c239052172f296bfb5e724047',
	'90a2181014f3b94a4e97d117b438130368cc39dbb2d198065ae3986547926cd2',
	'162f40a29f0c3c8745c0f50fba3852e566d44575c29d39a03f0cda721984b6f4',
	'40591f355e12d439ff150aab7613499dbd49adabc8676eef023b15b65bfc5ca0',
	'6948109f23f350db82123535eb8a7433bdabcb909271a6ecbcb58b936a88cd4e',
	'8f2e6ff5800175f113253d8fa9ca8885c2f552e657dc603f252e1a8e308f76f0',
	'be79e2fb8f5d5fbbe2e30ecadd220723c8c0aea8078cdfcb3868263ff8f09400',
	'54da48781893a7e49ad5aff4af300cd804a6b6279ab3ff3afb64491c85194aab',
	'760d58a606654f9f4400e8b38591356fbf6425aca26dc85244259ff2b19c41b9',
	'f96f3ca9ec1dde434da7d2d392b905ddf3d1f9af93d1af5950bd493f5aa731b4',
	'056df31bd267b6b90a079831aaf579be0a39013137aac6d404f518cfd4684064',
	'7e78bfe706ca4cf5e9c5453e9f7cfd2b8b4c8d169a44e55c88d4a9a7f9474241',
	'e221af44860018ab0856972e194cd934',
].join('');

const FILES = fixtures();
const parse = (bytes: Uint8Array, file = 'capture', chunk = 64 * 1024): ParseResult => {
	const result = parseAll(pcapFormat, bytes, {file}, chunk);
	for (const r of result.records) telemetryRecordSchema.parse(r);
	return result;
};
const requests = (r: ParseResult): RequestRecord[] => r.records.filter((x): x is RequestRecord => x.kind === 'request');
/** What a request says, without where it was found (offsets differ between layouts). */
const gist = (r: RequestRecord): string => [r.method, r.url, r.port, r.bytesSent, r.bytesReceived, r.status, r.blocked, r.client, r.time].map((v) => v ?? '').join(' ');

describe('capture fixtures', () => {
	it('the committed files are what generate.ts writes (regenerate with npx tsx test/fixtures/pcap/generate.ts)', () => {
		for (const [name, bytes] of Object.entries(FILES)) expect(readFileSync(join(DIR, name)).equals(bytes), name).toBe(true);
	});

	// The records goldens (<capture>.expected.json) are checked by test/formats-registry.test.ts; the other
	// layouts are held to the Ethernet one by the equivalence test below.
	it('the views of the Ethernet capture match their golden file (destinations, devices, identifiers; masked)', () => {
		const classifier = createClassifier();
		// Masks are keyed per user: a fixed test key keeps the golden's masks the same from run to run.
		setMaskKey(Buffer.alloc(32, 7));
		const records = parse(FILES['lan-ethernet.pcap']!).records.map((r) => finalizeRecord(r, {classifier, showSecrets: false}));
		const views = {
			destinations: foldView<DestinationRow>(destinationsView, records),
			devices: foldView<DeviceRow>(devicesView, records),
			identifiers: foldView<IdentifierRow>(identifiersView, records),
		};
		const path = join(DIR, 'lan-ethernet.views.expected.json');
		const actual = JSON.parse(JSON.stringify(views)) as unknown;
		if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) writeFileSync(path, JSON.stringify(actual, null, '\t') + '\n');
		expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
		// What the golden must show, said here so a regenerated golden cannot quietly lose it.
		const dest = (host: string) => views.destinations.find((d) => d.host === host);
		expect(dest('plex.tv')).toMatchObject({category: 'vendor-api', party: 'vendor', clients: 2});
		expect(dest('analytics.plex.tv')).toMatchObject({category: 'vendor-analytics'});
		expect(dest('www.google-analytics.com')).toMatchObject({category: 'ads'});
		expect(dest('securepubads.g.doubleclick.net')).toMatchObject({blocked: 1});
		expect(dest('metrics.plex.tv')?.bytesReceived).toBe(300);
		expect(dest('192.168.1.5')).toMatchObject({category: 'media-server', party: 'first'});
		expect(dest('203.0.113.7')).toMatchObject({party: 'third', bytesSent: 53, bytesReceived: 200});
		expect(views.devices.map((d) => [d.product, d.platform])).toContainEqual(['Safari', 'iOS']);
		expect(JSON.stringify(views)).not.toMatch(/5c:aa:fd|8a:3b:4c|xFAKEtoken|Living-Room-TV|Annes-iPhone|9F3B6C2A/);
	});

	it('every link type and file layout gives the same requests (Ethernet+VLAN, both pcap byte orders and precisions, SLL, SLL2, raw IP, BSD loopback, pcapng)', () => {
		const base = requests(parse(FILES['lan-ethernet.pcap']!)).map(gist).sort();
		expect(base.length).toBe(20);
		for (const name of ['lan-ethernet-be-ns.pcap', 'lan-sll.pcap', 'lan-sll2.pcap', 'lan-raw.pcap', 'lan-null.pcap', 'lan.pcapng']) {
			expect(requests(parse(FILES[name]!)).map(gist).sort(), name).toEqual(base);
		}
	});

	it('links with a MAC give a device per MAC (named by DHCP and mDNS); raw IP gives devices by address, tied to the MAC by DHCP', () => {
		const devices = (name: string) => parse(FILES[name]!).records.filter((r) => r.kind === 'device');
		for (const name of ['lan-ethernet.pcap', 'lan-sll.pcap', 'lan-sll2.pcap']) {
			const d = devices(name);
			expect(d.map((x) => x.identifiers[0]?.value).sort(), name).toEqual([MACS.tv, MACS.phone].sort());
			expect(d.map((x) => x.device?.name).sort()).toEqual(['Annes-iPhone', 'Living-Room-TV']);
		}
		const raw = devices('lan-raw.pcap');
		// The TV asked for its address by DHCP: its later packets (no MAC on raw IP) find its MAC.
		expect(raw.find((x) => x.device?.name === 'Living-Room-TV')?.identifiers).toEqual([{kind: 'identifier', name: 'MAC', value: MACS.tv}]);
		expect(raw.find((x) => x.device?.name === 'Annes-iPhone')?.identifiers).toEqual([{kind: 'personal', name: 'IP address', value: '192.168.1.41'}]);
	});

	it('every record and diagnostic is located at a packet and byte offset', () => {
		for (const [name, bytes] of Object.entries(FILES)) {
			const result = parse(bytes, name);
			for (const r of result.records) expect(r.origin, name).toMatchObject({packet: expect.any(Number), offset: expect.any(Number)});
			for (const d of result.diagnostics) expect(formatOrigin(d.origin), name).toMatch(/ (?:packet \d+ )?at byte offset \d+$|^[^ ]+$/);
		}
		const damaged = parse(FILES['damaged.pcap']!, 'damaged.pcap');
		expect(damaged.diagnostics.map((d) => `${formatOrigin(d.origin)}: ${d.code}`)).toEqual([
			'damaged.pcap packet 7 at byte offset 911: pcap.damage',
			'damaged.pcap packet 7 at byte offset 981: pcap.resync',
			'damaged.pcap packet 13 at byte offset 4710: pcap.cut',
			'damaged.pcap packet 8 at byte offset 1051: pcap.snaplen',
		]);
	});

	it('chunk boundaries change nothing (1 byte, odd sizes, whole)', () => {
		for (const name of ['lan-ethernet.pcap', 'lan.pcapng', 'damaged.pcap', 'odd.pcapng']) {
			const whole = parse(FILES[name]!, name, 1 << 20);
			for (const chunk of [1, 7, 1000]) expect(parse(FILES[name]!, name, chunk), `${name} in ${chunk}-byte chunks`).toEqual(whole);
		}
	});

	it('plain Uint8Array chunks read as Buffers do (stdin, gzip and files give Buffers; other callers may not)', () => {
		for (const name of ['lan-ethernet.pcap', 'lan.pcapng', 'damaged.pcap']) {
			const whole = parse(FILES[name]!, name, 1 << 20);
			// A plain Uint8Array over a larger ArrayBuffer, at an offset: the reader must view exactly its bytes.
			const backing = new Uint8Array(FILES[name]!.length + 16);
			backing.set(FILES[name]!, 8);
			const plain = new Uint8Array(backing.buffer, 8, FILES[name]!.length);
			expect(Buffer.isBuffer(plain)).toBe(false);
			for (const chunk of [7, 1000, 1 << 20]) expect(parse(plain, name, chunk), `${name} as Uint8Array in ${chunk}-byte chunks`).toEqual(whole);
		}
	});
});

describe('the established-flow fast path', () => {
	const GET_A = Buffer.from('GET /a HTTP/1.1\r\nHost: api.example.io\r\n\r\n');
	const RESPONSE_A = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 20000\r\n\r\n'), bytesOf('body', 20_000)]);
	const datagrams = Array.from({length: 40}, (_, i) => ({fromClient: i % 3 !== 0, payload: bytesOf(`d${i}`, 200 + i)}));
	const quicHello = clientHello('media.example.tv', {record: false});
	const dcid = bytesOf('fast-dcid', 8);
	const initial = (pn: number, from: number, to?: number): Buffer => quicInitial(dcid, Buffer.alloc(0), pn, cryptoFrame(from, quicHello.subarray(from, to)));
	const quicDatagrams = [
		...[initial(0, 0, 900), initial(1, 900)].map((payload) => ({fromClient: true, payload})),
		...Array.from({length: 12}, (_, i) => ({fromClient: i % 4 === 0, payload: bytesOf(`q${i}`, 1200)})),
	];
	/**
	Interleaved flows, each packet 4 ms after the last, in runs of `run` packets from each in turn (so the flow
	of the packet before changes at different places): a TLS download, a kept-alive HTTP connection whose
	second request arrives mid-transfer, an upload ended by a reset, QUIC whose ClientHello spans two Initials,
	UDP both ways; then 70 s of silence (a sweep ends the UDP flows) and the same UDP port pair again.
	*/
	const packets = (run: number): Framed[] => {
		const tv = {ip: '192.168.1.40', port: 50_001, mac: MACS.tv};
		const phone = {ip: '192.168.1.41', port: 50_002, mac: MACS.phone};
		const tls = new TcpConversation(tv, {ip: '203.0.113.7', port: 443}, START, {seed: 1});
		tls.send(true, clientHello('cdn.example.org')).send(false, bytesOf('video', 40_000)).close();
		const http = new TcpConversation(phone, {ip: '198.51.100.9', port: 80}, START, {seed: 2})
			.send(true, GET_A)
			.send(false, RESPONSE_A)
			.send(true, Buffer.from('GET /b HTTP/1.1\r\nHost: api.example.io\r\n\r\n'))
			.send(false, bytesOf('more', 9000))
			.close();
		const upload = new TcpConversation({...tv, port: 50_003}, {ip: '203.0.113.8', port: 8443}, START, {seed: 3}).send(true, bytesOf('upload', 30_000)).reset();
		const voice = {client: {...phone, port: 50_004}, server: {ip: '203.0.113.9', port: 3478}};
		const video = {client: {...tv, port: 50_005}, server: {ip: '203.0.113.10', port: 443}};
		const streams: Framed[][] = [
			tls.packets.map((p) => ({...p, client: tls.client, server: tls.server})),
			http.packets.map((p) => ({...p, client: http.client, server: http.server})),
			upload.packets.map((p) => ({...p, client: upload.client, server: upload.server})),
			udpPackets(voice.client, voice.server, START, datagrams).map((p) => ({...p, ...voice})),
			udpPackets(video.client, video.server, START, quicDatagrams).map((p) => ({...p, ...video})),
		];
		const out: Framed[] = [];
		while (streams.some((s) => s.length > 0)) for (const s of streams) out.push(...s.splice(0, run));
		const timed = out.map((p, i) => ({...p, time: START + i * 4}));
		// The same UDP port pair again after a sweep ended its flow: 9 s of datagrams, 55 s of silence (one
		// sweep on another flow's packet: the flow is idle 55 s, not more), then more of them.
		let t = START + out.length * 4 + 70_000;
		const again = udpPackets(voice.client, voice.server, START, datagrams.slice(0, 31)).map((p) => ({...p, ...voice, time: (t += 300)}));
		t += 55_000;
		const ntp = {client: {...tv, port: 50_006}, server: {ip: '203.0.113.11', port: 123}};
		const other = udpPackets(ntp.client, ntp.server, START, [{fromClient: true, payload: bytesOf('ntp', 48)}]).map((p) => ({...p, ...ntp, time: t}));
		const more = udpPackets(voice.client, voice.server, START, datagrams.slice(31)).map((p) => ({...p, ...voice, time: (t += 300)}));
		return [...timed, ...again, ...other, ...more];
	};
	const captures = (run: number): Array<[string, Buffer]> => {
		const list = packets(run);
		const layouts = [LINKTYPE.ETHERNET, LINKTYPE.SLL, LINKTYPE.SLL2, LINKTYPE.RAW, LINKTYPE.NULL].map((link): [string, Buffer] => [
			`link type ${link}, runs of ${run}`,
			pcapFile(list.map((p) => ({time: p.time, data: frame(p, link)})), {linkType: link}),
		]);
		const ng = list.map((p) => ({time: p.time, data: frame(p, LINKTYPE.ETHERNET), iface: 0}));
		layouts.push([`pcapng, runs of ${run}`, pcapngFile([{interfaces: [{linkType: LINKTYPE.ETHERNET}], packets: ng}])]);
		return layouts;
	};
	/** The pcap format with the fast path's packets counted in `taken`, or with the fast path off. */
	const withFastPath = (on: boolean, taken: {count: number}): typeof pcapFormat => ({
		...pcapFormat,
		create: (ctx) => {
			const parser = pcapFormat.create(ctx) as ReturnType<typeof pcapFormat.create> & ReaderSink;
			const counted = parser.counted!.bind(parser);
			parser.counted = on ? (...args) => counted(...args) && ++taken.count > 0 : () => false;
			return parser;
		},
	});
	const udpSum = (list: typeof datagrams, fromClient: boolean): number =>
		list.filter((d) => d.fromClient === fromClient).reduce((n, d) => n + d.payload.length, 0);
	/** Every flow with its payload bytes each way: what the conversations above sent. */
	const expected = [
		`GET api.example.io 200 ${2 * GET_A.length}/${RESPONSE_A.length + 9000}`,
		'GET api.example.io  /',
		'TCP 203.0.113.8  30000/0',
		`TLS cdn.example.org  ${clientHello('cdn.example.org').length}/40000`,
		`QUIC media.example.tv  ${udpSum(quicDatagrams, true)}/${udpSum(quicDatagrams, false)}`,
		`UDP 203.0.113.9  ${udpSum(datagrams, true)}/${udpSum(datagrams, false)}`,
		`UDP 203.0.113.9  ${udpSum(datagrams, true)}/${udpSum(datagrams, false)}`,
		'UDP 203.0.113.11  48/0',
	].sort();
	const counts = (r: RequestRecord): string => `${r.method} ${r.host} ${r.status ?? ''} ${r.bytesSent ?? ''}/${r.bytesReceived ?? ''}`;

	it('counts most packets of established flows and gives the records and diagnostics of the general path, for every link type', () => {
		// Five interleavings in the slow tier, two in the unit tier.
		for (const run of FULL ? [1, 2, 3, 5, 8] : [1, 5]) {
			for (const [name, bytes] of captures(run)) {
				const general = parseAll(withFastPath(false, {count: 0}), bytes, {file: name});
				expect(requests(general).map(counts).sort(), name).toEqual(expected);
				for (const chunk of [7, 1 << 20]) {
					const taken = {count: 0};
					expect(parseAll(withFastPath(true, taken), bytes, {file: name}, chunk), `${name} in ${chunk}-byte chunks`).toEqual(general);
					expect(taken.count, name).toBeGreaterThan(80);
				}
			}
		}
	});
});

describe('Latin-1 text and HTTP heads (native)', () => {
	it('latin1: one byte, one code point U+0000–U+00FF (not windows-1252), clamped to the bytes there', () => {
		const all = Uint8Array.from({length: 256}, (_, i) => i);
		expect(latin1(all, 0, 256)).toBe(String.fromCharCode(...all));
		// 0x80–0x9f are C1 controls in Latin-1 (windows-1252 would give €, ‚, …).
		expect(latin1(all, 0x80, 0x83)).toBe('\u0080\u0081\u0082');
		expect(latin1(all, 250, 300)).toBe('\u00fa\u00fb\u00fc\u00fd\u00fe\u00ff');
		expect(latin1(all, 10, 10)).toBe('');
		expect(latin1(all, 20, 10)).toBe('');
		expect(latin1(all.subarray(65, 70), 1, 3)).toBe('BC');
	});

	it('headEnd: the first blank line wholly inside [from, end), else -1', () => {
		const b = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n\r\n', 'latin1');
		const first = b.indexOf('\r\n\r\n');
		expect(headEnd(b, 0, b.length)).toBe(first);
		expect(headEnd(new Uint8Array(b), 0, b.length)).toBe(first);
		expect(headEnd(b, 0, first + 4)).toBe(first);
		expect(headEnd(b, 0, first + 3)).toBe(-1);
		expect(headEnd(b, first + 1, b.length)).toBe(b.indexOf('\r\n\r\n', first + 1));
		expect(headEnd(b, b.length - 2, b.length)).toBe(-1);
	});

	it('grouped: the text toLocaleString(\'en-US\') gives, without ICU, for every kind of number', () => {
		const numbers = [0, -0, 1, -1, 12, 999, 1000, -1000, 65_535, 1_048_576, 999_999, 1_000_000, 2_147_483_647, -2_147_483_648];
		numbers.push(Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 0.5, 1234.5678, Number.NaN, Number.POSITIVE_INFINITY);
		for (let digits = 1; digits <= 16; digits++) numbers.push(Number('9'.repeat(digits)), Number(`1${'0'.repeat(digits - 1)}`));
		for (const n of numbers) expect(grouped(n), String(n)).toBe(n.toLocaleString('en-US'));
	});
});

describe('QUIC key derivation', () => {
	it('hmacSha256 (one-shot hashes) equals createHmac for keys of 0–64 bytes and any data', () => {
		for (let k = 0; k <= 64; k += 4) {
			for (const n of [0, 1, 20, 55, 56, 63, 64, 65, 300]) {
				const key = randomBytes(k);
				const data = randomBytes(n);
				expect(hmacSha256(key, data).toString('hex')).toBe(createHmac('sha256', key).update(data).digest('hex'));
			}
		}
	});
});

describe('the reader', () => {
	const read = (bytes: Uint8Array): {packets: Array<Pick<CapturedPacket, 'linkType' | 'number' | 'offset' | 'wireLength' | 'cut'> & {time: number; length: number}>; problems: ReaderProblem[]} => {
		const packets: Array<Pick<CapturedPacket, 'linkType' | 'number' | 'offset' | 'wireLength' | 'cut'> & {time: number; length: number}> = [];
		const problems: ReaderProblem[] = [];
		const reader = new CaptureReader({packet: (p) => packets.push({linkType: p.linkType, number: p.number, offset: p.offset, wireLength: p.wireLength, cut: p.cut, time: p.timeMs, length: p.end - p.start}), problem: (p) => problems.push(p)});
		reader.push(bytes);
		reader.end();
		return {packets, problems};
	};

	it('recognises the four pcap magics and pcapng, nothing else', () => {
		for (const [le, nanos] of [[true, false], [false, false], [true, true], [false, true]] as const) expect(captureMagic(pcapFile([], {linkType: 1, littleEndian: le, nanos}))).toBe(1);
		expect(captureMagic(pcapngFile([{interfaces: [], packets: []}]))).toBe(1);
		expect(captureMagic(pcapngFile([{littleEndian: false, interfaces: [], packets: []}]))).toBe(1);
		for (const text of ['{"log":', 'Mar  1 20:15:02 dnsmasq', '\u001f\u008b', '\n\r\r\n\u0000\u0000\u0000\u0000abcd']) expect(captureMagic(Buffer.from(text))).toBe(0);
		expect(detectMagic(FILES['lan.pcapng']!, FORMATS)?.name).toBe('pcap');
		expect(detectMagic(Buffer.from('#separator \\x09\n'), FORMATS)).toBeUndefined();
	});

	it('reads µs and ns timestamps in both byte orders exactly', () => {
		const data = Buffer.alloc(60, 1);
		for (const [le, nanos] of [[true, false], [false, false], [true, true], [false, true]] as const) {
			const {packets} = read(pcapFile([{time: START + 123.456, data}], {linkType: 1, littleEndian: le, nanos}));
			expect(packets).toEqual([{linkType: 1, number: 1, offset: 24, wireLength: 60, cut: false, time: START + 123.456, length: 60}]);
		}
	});

	it('pcapng: per-interface link type and resolution, simple packet blocks, unknown blocks skipped, several sections', () => {
		const nrb = Buffer.alloc(16);
		nrb.writeUInt32LE(4, 0);
		nrb.writeUInt32LE(16, 4);
		nrb.writeUInt32LE(16, 12);
		const file = pcapngFile([
			{interfaces: [{linkType: 1}, {linkType: 101, tsresol: 9}], extraBlocks: [nrb], packets: [{time: START + 1, data: Buffer.alloc(61), iface: 0}, {time: START + 2, data: Buffer.alloc(20), iface: 1}, {time: 0, data: Buffer.alloc(40), iface: 0, simple: true}]},
			{littleEndian: false, interfaces: [{linkType: 113, tsresol: 3}], packets: [{time: START + 3, data: Buffer.alloc(30), iface: 0}]},
		]);
		const {packets, problems} = read(file);
		expect(problems).toEqual([]);
		// Nanoseconds since 1970 do not fit a double exactly: compare to the microsecond.
		expect(packets.map((p) => [p.number, p.linkType, p.length, Math.round(p.time * 1000) / 1000])).toEqual([[1, 1, 61, START + 1], [2, 101, 20, START + 2], [3, 1, 40, Number.NaN], [4, 113, 30, START + 3]]);
	});

	it('a header that cannot be right is skipped to the next plausible record, located', () => {
		const records = Array.from({length: 5}, (_, i) => ({time: START + i, data: Buffer.alloc(50 + i, i)}));
		const file = pcapFile(records, {linkType: 1});
		const bad = Buffer.from(file);
		bad.writeUInt32LE(2_000_000, 24 + 66 + 4); // record 2's fraction: 2 s of microseconds
		const {packets, problems} = read(bad);
		expect(packets.map((p) => p.length)).toEqual([50, 52, 53, 54]);
		expect(problems.map((p) => [p.code, p.packet, p.offset])).toEqual([['pcap.damage', 2, 90], ['pcap.resync', 2, 157]]);
	});

	it('a capture cut anywhere reads every whole packet and says where it was cut', () => {
		const file = pcapFile(Array.from({length: 3}, (_, i) => ({time: START + i, data: Buffer.alloc(40, i)})), {linkType: 1});
		for (let cut = 25; cut < file.length; cut++) {
			const {packets, problems} = read(file.subarray(0, cut));
			const whole = Math.floor((cut - 24) / 56);
			expect(packets.filter((p) => !p.cut).length, `cut at ${cut}`).toBe(whole);
			const inside = (cut - 24) % 56;
			expect(problems.length, `cut at ${cut}`).toBe(inside === 0 ? 0 : 1);
			if (inside) expect(problems[0]).toMatchObject({code: 'pcap.cut', packet: whole + 1, offset: 24 + whole * 56});
		}
	});

	it('not a capture, empty, or only a header: one located error, no throw', () => {
		expect(read(Buffer.from('hello world, not a capture')).problems.map((p) => p.code)).toEqual(['pcap.magic']);
		expect(read(Buffer.alloc(0)).problems.map((p) => p.code)).toEqual(['pcap.empty']);
		expect(read(pcapFile([], {linkType: 1}).subarray(0, 10)).problems.map((p) => p.code)).toEqual(['pcap.header.cut']);
	});
});

describe('server names', () => {
	it('TLS: the ClientHello split at every byte still gives its SNI; not-a-hello fails', () => {
		const hello = clientHello('analytics.plex.tv');
		expect(hello.length).toBeGreaterThan(1460);
		for (let cut = 1; cut < hello.length; cut += 7) {
			const reader = new TlsHelloReader(new Budget(1 << 20));
			const first = reader.push(hello.subarray(0, cut));
			expect(first, `cut at ${cut}`).toBe('more');
			expect(reader.push(hello.subarray(cut)), `cut at ${cut}`).toEqual({sni: 'analytics.plex.tv'});
		}
		expect(new TlsHelloReader(new Budget(1 << 20)).push(Buffer.from('\u0017\u0003\u0003\u0000\u0005hello'))).toBe('fail');
		expect(parseClientHello(clientHello(undefined, {record: false}))).toEqual({sni: undefined});
	});

	it('QUIC: RFC 9001 Appendix A — its keys, and its protected client Initial decrypts to SNI example.com', () => {
		const keys = clientInitialKeys(Buffer.from('8394c8f03e515708', 'hex'), 1)!;
		expect([keys.key.toString('hex'), keys.iv.toString('hex'), keys.hp.toString('hex')]).toEqual(['1f369613dd76d5467730efcbe3b1a22d', 'fa044b2f42a3fd3b46fb255c', '9f50449e04a0e810283a1e9933adedd2']);
		const packet = Buffer.from(RFC9001_CLIENT_INITIAL, 'hex');
		expect(packet.length).toBe(1200);
		expect(new QuicHelloReader(new Budget(1 << 20)).push(packet, 0, packet.length)).toEqual({sni: 'example.com'});
		// One flipped ciphertext bit: the AEAD tag no longer matches, nothing is read.
		const flipped = Buffer.from(packet);
		flipped[600]! ^= 1;
		expect(new QuicHelloReader(new Budget(1 << 20)).push(flipped, 0, flipped.length)).toBe('more');
	});
});

describe('HTTP requests', () => {
	it('reads kept-alive requests, skips bodies by Content-Length, and heads split anywhere', () => {
		const stream = Buffer.concat([
			Buffer.from('GET /a HTTP/1.1\r\nHost: x\r\nUser-Agent: UA\r\n\r\n'),
			Buffer.from('POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nGET /no HTT'),
			Buffer.from('GET /c?q=1 HTTP/1.1\r\nHost: y:8080\r\n\r\n'),
		]);
		for (let cut = 1; cut < stream.length; cut++) {
			const seen: HttpRequest[] = [];
			const reader = new HttpRequestReader(new Budget(1 << 20), (r) => seen.push(r));
			reader.push(stream.subarray(0, cut));
			reader.push(stream.subarray(cut));
			expect(seen.map((r) => `${r.method} ${r.target}`), `cut at ${cut}`).toEqual(['GET /a', 'POST /b', 'GET /c?q=1']);
		}
	});
});

describe('DHCP vendor classes', () => {
	it.each(VENDOR_CLASSES.flatMap((r) => r.samples))('%s names a platform', (sample) => {
		expect(deviceFromVendorClass(sample)?.platform).toBeTruthy();
	});
});

describe('bounded memory', () => {
	const client = (i: number) => ({ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: 40000 + (i % 20000), mac: '02:11:22:33:44:55'});

	itLarge(`more open flows than the table holds (${MAX_FLOWS.toLocaleString('en-US')}): the oldest end early, every flow still gives its record, and one located warning says so`, () => {
		const n = MAX_FLOWS + 2000;
		const records = [];
		for (let i = 0; i < n; i++) {
			const c = client(i);
			records.push({time: START + i, data: frame({time: START + i, fromClient: true, client: c, server: {ip: '203.0.113.50', port: 443}, ip: ip({src: c.ip, dst: '203.0.113.50'}, {proto: 6, segment: synSegment(c.port)})}, LINKTYPE.ETHERNET)});
		}
		const result = parse(pcapFile(records, {linkType: 1}));
		expect(requests(result).length).toBe(n);
		const warning = result.diagnostics.find((d) => d.code === 'pcap.flows.evicted');
		expect(warning?.origin.packet).toBe(MAX_FLOWS + 1);
	});

	it('idle flows end by capture time: a flow quiet for minutes is emitted before later traffic', () => {
		const a = udpPackets({ip: '192.168.1.9', port: 5000}, {ip: '198.51.100.1', port: 9999}, START, [{fromClient: true, payload: Buffer.from('a')}]);
		const b = udpPackets({ip: '192.168.1.9', port: 5001}, {ip: '198.51.100.2', port: 9999}, START + 5 * 60_000, [{fromClient: true, payload: Buffer.from('b')}, {fromClient: true, payload: Buffer.from('c')}]);
		const file = pcapFile([...a, ...b].map((p) => ({time: p.time, data: p.ip})), {linkType: LINKTYPE.RAW});
		const hosts: string[] = [];
		const parser = pcapFormat.create({file: 'x'});
		const emit = {record: (r: TelemetryRecord) => void (r.kind === 'request' && hosts.push(r.host)), diagnostic: () => {}};
		// Feed everything but the last packet: the first flow must already be out.
		parser.chunk(file.subarray(0, file.length - 16 - b[1]!.ip.length), emit);
		expect(hosts).toEqual(['198.51.100.1']);
		parser.chunk(file.subarray(file.length - 16 - b[1]!.ip.length), emit);
		parser.end(emit);
		expect(hosts).toEqual(['198.51.100.1', '198.51.100.2']);
	});

	itLarge('reassembly shares one budget: thousands of half-sent ClientHellos do not hold more than it', () => {
		const hello = clientHello('x.example');
		const packets = [];
		for (let i = 0; i < 12_000; i++) {
			const c = new TcpConversation(client(i), {ip: '203.0.113.60', port: 443}, START + i, {seed: i});
			c.send(true, hello.subarray(0, 1448));
			packets.push(...c.packets.filter((p) => p.fromClient).map((p) => ({time: p.time, data: p.ip})));
		}
		const result = parse(pcapFile(packets, {linkType: LINKTYPE.RAW}));
		expect(requests(result).length).toBe(12_000);
		expect(result.diagnostics.map((d) => d.code)).toContain('pcap.reassembly.budget');
	});
});

function synSegment(port: number): Buffer {
	const seg = Buffer.alloc(20);
	seg.writeUInt16BE(port, 0);
	seg.writeUInt16BE(443, 2);
	seg.writeUInt32BE(1, 4);
	seg[12] = 0x50;
	seg[13] = 0x02;
	return seg;
}

describe('through the real pipeline', () => {
	async function ingest(paths: string[], stdin?: Buffer) {
		const input = Object.assign(Readable.from(stdin ? [stdin] : []), {isTTY: stdin === undefined});
		const {sources, problems} = await resolveInputs(paths, {stdin: input, follow: false});
		const store = new RecordStore({spool: true});
		await ingestAll(sources, problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: false});
		return store;
	}

	it('is detected by its magic number, plain, gzip-compressed and on stdin, with the same records', async () => {
		const dir = tmpDir('ttui-pcap-');
		const plain = join(dir, 'lan.pcapng');
		const gz = join(dir, 'lan.pcapng.gz');
		writeFileSync(plain, FILES['lan.pcapng']!);
		writeFileSync(gz, gzipSync(FILES['lan.pcapng']!));
		const a = await ingest([plain]);
		const b = await ingest([gz]);
		const c = await ingest([], gzipSync(FILES['lan.pcapng']!));
		expect(a.inputs[0]).toMatchObject({format: 'pcap', status: 'done'});
		expect(b.inputs[0]).toMatchObject({format: 'pcap', status: 'done'});
		expect(c.inputs[0]).toMatchObject({format: 'pcap', status: 'done'});
		expect(a.size).toBeGreaterThan(20);
		expect(b.size).toBe(a.size);
		expect(c.size).toBe(a.size);
		// The pipeline masks what the parser left raw.
		expect(JSON.stringify(allRecords(a))).not.toMatch(/5c:aa:fd|192\.168\.1\.40"|xFAKEtoken/);
	});

	it('random binary is still refused as binary, and a text log is not taken for a capture', async () => {
		const dir = tmpDir('ttui-pcap-');
		writeFileSync(join(dir, 'noise.bin'), bytesOf('noise', 4096));
		writeFileSync(join(dir, 'dns.pcap'), Buffer.from('Mar  1 20:15:02 dnsmasq[612]: query[A] plex.tv from 192.168.1.40\n'));
		const store = await ingest([join(dir, 'noise.bin'), join(dir, 'dns.pcap')]);
		expect(store.inputs.map((i) => [i.status, i.format])).toEqual([['failed', undefined], ['done', 'dnsmasq']]);
	});

	it('a DNS answer names a later connection that carries no name itself', () => {
		const dnsClient = {ip: '192.168.1.9', port: 5353 + 1};
		const resolver = {ip: '192.168.1.1', port: 53};
		const lookups = udpPackets(dnsClient, resolver, START, [{fromClient: true, payload: dnsQuery(7, 'chat.example.net', 'A')}, {fromClient: false, payload: dnsAnswer(7, 'chat.example.net', 'A', ['198.51.100.77'])}]);
		const flow = new TcpConversation({ip: '192.168.1.9', port: 41000}, {ip: '198.51.100.77', port: 5222}, START + 10).send(true, Buffer.from('<stream>')).close();
		const file = pcapFile([...lookups, ...flow.packets].map((p) => ({time: p.time, data: p.ip})), {linkType: LINKTYPE.RAW});
		const result = parse(file);
		expect(requests(result).map((r) => `${r.method} ${r.url}`)).toEqual(['DNS dns://chat.example.net', 'TCP tcp://chat.example.net:5222']);
	});
});

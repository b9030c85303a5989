/**
The capture reader's own DNS decoding (source/formats/pcap/dns.ts `decodeDns`: the common query and answer
read without dns-packet) against dns-packet's reading of the same bytes: for messages dns-packet builds
(compressed and not, CNAME chains, IPv6 answers, EDNS), the same messages damaged byte by byte and cut
short, and arbitrary bytes, every field the capture reader uses is the same, and a message one rejects
the other rejects too.
*/
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {decodeCommon, decodeDns, decodeWithLibrary, type DnsMessage, FALLBACK} from '../source/formats/pcap/dns.js';
import {runs} from './helpers/tier.js';

/** What the capture reader reads of a message (index.ts `dns`: id, QR, opcode, the first question, the answers). */
const used = (m: DnsMessage | undefined): unknown =>
	m && {
		id: m.id,
		qr: m.flag_qr,
		opcode: m.opcode,
		questions: (m.questions ?? []).map((q) => q.name),
		answers: (m.answers ?? []).map((a) => [a.name, a.type, a.type === 'A' || a.type === 'AAAA' || a.type === 'CNAME' ? a.data : undefined]),
	};

const same = (bytes: Uint8Array): void => {
	expect(used(decodeDns(bytes, 0, bytes.length))).toEqual(used(decodeWithLibrary(bytes, 0, bytes.length)));
};

/** A name in DNS wire form (length-prefixed labels, a zero byte). */
const wireName = (name: string): Buffer =>
	Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);

/** RFC 1035 name compression, which dns-packet's encoder does not do: later names point at the first question's. */
function compressed(id: number, name: string, cnameLabel: string, addresses: string[]): Buffer {
	const parts: Buffer[] = [Buffer.from([id >> 8, id & 0xff, 0x81, 0x80, 0, 1, 0, addresses.length + 1, 0, 0, 0, 0])];
	parts.push(wireName(name), Buffer.from([0, 1, 0, 1]));
	// CNAME: owner → pointer to offset 12, target = a label then the same pointer.
	const target = Buffer.concat([Buffer.from([cnameLabel.length]), Buffer.from(cnameLabel, 'latin1'), Buffer.from([0xc0, 12])]);
	parts.push(Buffer.from([0xc0, 12, 0, 5, 0, 1, 0, 0, 1, 44, 0, target.length]), target);
	const cnameAt = 12 + wireName(name).length + 4 + 12;
	for (const a of addresses) {
		const ip = a.split('.').map(Number);
		parts.push(Buffer.from([0xc0 | (cnameAt >> 8), cnameAt & 0xff, 0, 1, 0, 1, 0, 0, 1, 44, 0, 4, ...ip]));
	}
	return Buffer.concat(parts);
}

const label = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
const domain = fc.array(label, {minLength: 1, maxLength: 5}).map((l) => l.join('.'));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc.array(fc.oneof(fc.constant(0), fc.nat(0xffff)), {minLength: 8, maxLength: 8}).map((g) => g.map((x) => x.toString(16)).join(':'));
// A query for A, AAAA or HTTPS (65, which dns-packet 5.6 names `UNKNOWN_65`), with or without an EDNS OPT record; an
// answer (CNAME, A, AAAA) as dns-packet writes it (uncompressed); an answer with compressed names.
const OPT = {type: 'OPT', name: '.', udpPayloadSize: 1232} as dnsPacket.Answer;
const query = fc.record({id: fc.nat(0xffff), name: domain, type: fc.constantFrom('A', 'AAAA', 'UNKNOWN_65'), edns: fc.boolean()});
const answer = fc.record({id: fc.nat(0xffff), name: domain, cname: fc.option(domain), v4: fc.array(ipv4, {maxLength: 4}), v6: fc.array(ipv6, {maxLength: 3})});
const message = fc.oneof(
	query.map(({id, name, type, edns}) =>
		dnsPacket.encode({type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{type: type as 'A', name}], additionals: edns ? [OPT] : []}),
	),
	answer.map(({id, name, cname, v4, v6}) => {
		const answers: dnsPacket.Answer[] = cname ? [{type: 'CNAME', name, data: cname}] : [];
		for (const a of v4) answers.push({type: 'A', name: cname ?? name, data: a});
		for (const a of v6) answers.push({type: 'AAAA', name: cname ?? name, data: a});
		const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE;
		return dnsPacket.encode({type: 'response', id, flags, questions: [{type: 'A', name}], answers});
	}),
	fc
		.record({id: fc.nat(0xffff), name: domain, cname: label, v4: fc.array(ipv4, {minLength: 1, maxLength: 3})})
		.map(({id, name, cname, v4}) => compressed(id, name, cname, v4)),
);

describe('DNS messages: the reader\'s decoding and dns-packet\'s agree', () => {
	it('on well-formed queries and answers (and takes them without dns-packet)', () => {
		fc.assert(
			fc.property(message, (bytes) => {
				same(bytes);
				const common = decodeCommon(bytes, 0, bytes.length);
				expect(common === FALLBACK ? 'fell back to dns-packet' : common).toBeDefined();
				expect(common).not.toBe(FALLBACK);
			}),
			runs(2000),
		);
	});

	it('on the same messages damaged, cut short or grown', () => {
		fc.assert(
			fc.property(message, fc.array(fc.tuple(fc.nat(), fc.nat(255)), {maxLength: 4}), fc.nat(), fc.boolean(), (bytes, edits, cut, shorten) => {
				const b = Buffer.from(bytes);
				for (const [at, value] of edits) b[at % b.length] = value;
				same(b);
				same(shorten ? b.subarray(0, cut % (b.length + 1)) : Buffer.concat([b, Buffer.from([cut & 0xff, 0, 0])]));
			}),
			runs(5000),
		);
	});

	it('on arbitrary bytes', () => {
		fc.assert(
			fc.property(fc.uint8Array({minLength: 0, maxLength: 80}), (bytes) => same(bytes)),
			runs(3000),
		);
	});

	it('on the edge cases: the root name, a pointer to itself, a name of 254 and 255 bytes, a non-ASCII label, an A answer of the wrong length', () => {
		const root = dnsPacket.encode({type: 'query', id: 1, questions: [{type: 'A', name: '.'}]});
		same(root);
		const forward = Buffer.from([0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1]);
		same(forward);
		expect(decodeDns(forward, 0, forward.length)).toBeUndefined();
		// Labels of 63, 63, 63 and 62 bytes: 255 with their length bytes, one more than dns-packet takes; 61 fits.
		const long = dnsPacket.encode({type: 'query', id: 2, questions: [{type: 'A', name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}`}]});
		same(long);
		expect(decodeDns(long, 0, long.length)).toBeUndefined();
		const longest = dnsPacket.encode({type: 'query', id: 2, questions: [{type: 'A', name: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`}]});
		same(longest);
		expect(decodeCommon(longest, 0, longest.length)).toMatchObject({questions: [{name: expect.stringMatching(/^a{63}\.b{63}\.c{63}\.d{61}$/)}]});
		const utf8 = Buffer.from(dnsPacket.encode({type: 'query', id: 3, questions: [{type: 'A', name: 'caf\u00e9.example'}]}));
		same(utf8);
		expect(decodeDns(utf8, 0, utf8.length)?.questions?.[0]?.name).toBe('caf\u00e9.example');
		const a = Buffer.from(dnsPacket.encode({type: 'response', id: 4, questions: [{type: 'A', name: 'x.example'}], answers: [{type: 'A', name: 'x.example', data: '10.0.0.1'}]}));
		a[a.length - 5] = 5;
		same(a);
	});

	it('reads a message inside a larger buffer (a packet) at its offset', () => {
		const m = compressed(7, 'plex.tv', 'edge', ['1.2.3.4']);
		const packet = Buffer.concat([Buffer.alloc(42, 0xc0), m, Buffer.alloc(5)]);
		expect(used(decodeDns(packet, 42, 42 + m.length))).toEqual(used(decodeWithLibrary(m, 0, m.length)));
		expect(decodeDns(packet, 42, 42 + m.length)?.answers?.map((x) => ('data' in x ? x.data : undefined))).toEqual(['edge.plex.tv', '1.2.3.4']);
	});
});

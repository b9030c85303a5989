/**
DNS messages on the wire (UDP and TCP port 53, mDNS on 5353), decoded with `dns-packet`: the lookups a
client made, the addresses each answer gave (so a later connection to one of them is named), and the
names devices announce for themselves over mDNS.
*/
import {createRequire} from 'node:module';
import type dnsPacket from 'dns-packet';
import {NULL_ANSWERS, normalizeDnsName} from '../dnsmasq/dns-record.js';
import {ByteQueue, type Budget, latin1} from './bytes.js';

export type DnsMessage = dnsPacket.DecodedPacket & {rcode?: string; opcode?: string};

/** dns-packet, loaded on the first DNS message: inputs that are not captures never pay for it. */
let library: typeof dnsPacket | undefined;
const dns = (): typeof dnsPacket => (library ??= createRequire(import.meta.url)('dns-packet') as typeof dnsPacket);

/**
Decode one DNS message; undefined when it is not one (dns-packet throws on malformed input). The common
message (a standard query or its answer: names without non-ASCII bytes, A, AAAA, CNAME and option-less
OPT records) is decoded here (`decodeCommon`); any other goes to dns-packet.
*/
export function decodeDns(b: Uint8Array, at: number, end: number): DnsMessage | undefined {
	if (end - at < 12) return undefined;
	const common = decodeCommon(b, at, end);
	if (common !== FALLBACK) return common;
	return decodeWithLibrary(b, at, end);
}

/** dns-packet's reading of the message (the reference `decodeCommon` is tested against). */
export function decodeWithLibrary(b: Uint8Array, at: number, end: number): DnsMessage | undefined {
	if (end - at < 12) return undefined;
	try {
		return dns().decode(Buffer.from(b.buffer, b.byteOffset + at, end - at)) as DnsMessage;
	} catch {
		return undefined;
	}
}

const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;

/** `decodeCommon` cannot tell what dns-packet would make of the message. */
export const FALLBACK = 0;

const TYPE_A = 1;
const TYPE_CNAME = 5;
const TYPE_AAAA = 28;
const TYPE_OPT = 41;
/** Question types read here, with dns-packet's names for them (5.6 does not know HTTPS, 65). */
const QUESTION_TYPES: ReadonlyMap<number, string> = new Map([[TYPE_A, 'A'], [TYPE_CNAME, 'CNAME'], [TYPE_AAAA, 'AAAA'], [65, 'UNKNOWN_65']]);

/** The end offset of the name `decodeName` read last (past its pointer, if any). */
let nameEnd = 0;

/**
A name at `pos` of the message `b[base, end)`, as dns-packet's `name.decode` gives it (labels joined by
dots, `.` for the root), or undefined where dns-packet would throw (past the end, a pointer not to
earlier data, more than 254 bytes, a reserved label type) or where it would decode a byte as UTF-8 (a
non-ASCII byte: FALLBACK). Sets `nameEnd`.
*/
function decodeName(b: Uint8Array, base: number, end: number, pos: number): string | undefined | typeof FALLBACK {
	let out = '';
	let labels = 0;
	let total = 0;
	let offset = pos;
	let oldOffset = pos;
	let jumped = false;
	for (;;) {
		if (offset >= end) return undefined;
		const len = b[offset++]!;
		if (len === 0) break;
		if ((len & 0xc0) === 0) {
			if (offset + len > end) return undefined;
			total += len + 1;
			if (total > 254) return undefined;
			for (let i = offset; i < offset + len; i++) if (b[i]! >= 0x80) return FALLBACK;
			const label = latin1(b, offset, offset + len);
			out = labels++ === 0 ? label : `${out}.${label}`;
			offset += len;
		} else if ((len & 0xc0) === 0xc0) {
			if (offset + 1 > end) return undefined;
			const jump = base + (((len << 8) | b[offset]!) - 0xc000);
			if (jump >= oldOffset) return undefined;
			if (!jumped) nameEnd = offset + 1;
			offset = jump;
			oldOffset = jump;
			jumped = true;
		} else return undefined;
	}
	if (!jumped) nameEnd = offset;
	return labels === 0 ? '.' : out;
}

/** The question and answer fields this module reads, decoded as dns-packet decodes them; FALLBACK when unsure. */
export function decodeCommon(b: Uint8Array, at: number, end: number): DnsMessage | undefined | typeof FALLBACK {
	const flags = u16(b, at + 2);
	// Opcode QUERY only (dns-packet names the others; the caller skips them).
	if (((flags >> 11) & 0xf) !== 0) return FALLBACK;
	const qd = u16(b, at + 4);
	const an = u16(b, at + 6);
	const ns = u16(b, at + 8);
	const ar = u16(b, at + 10);
	if (qd > 4 || an > 64 || ns > 0 || ar > 1) return FALLBACK;
	let pos = at + 12;
	const questions: Array<{name: string; type: string; class: string}> = [];
	for (let i = 0; i < qd; i++) {
		const name = decodeName(b, at, end, pos);
		if (name === undefined || name === FALLBACK) return name;
		pos = nameEnd;
		if (pos + 4 > end) return undefined;
		const type = u16(b, pos);
		const klass = u16(b, pos + 2);
		const typeName = QUESTION_TYPES.get(type);
		if (typeName === undefined || klass !== 1) return FALLBACK;
		questions.push({name, type: typeName, class: 'IN'});
		pos += 4;
	}
	const answers: Array<{name: string; type: string; data: string}> = [];
	for (let i = 0; i < an + ar; i++) {
		const name = decodeName(b, at, end, pos);
		if (name === undefined || name === FALLBACK) return name;
		pos = nameEnd;
		if (pos + 10 > end) return FALLBACK;
		const type = u16(b, pos);
		const rdlength = u16(b, pos + 8);
		const data = pos + 10;
		if (data + rdlength > end) return FALLBACK;
		if (i >= an) {
			// The additional record: an EDNS OPT without options (the root's name, nothing after it).
			if (type !== TYPE_OPT || name !== '.' || rdlength !== 0) return FALLBACK;
			pos = data;
			continue;
		}
		if (u16(b, pos + 2) !== 1) return FALLBACK;
		if (type === TYPE_A && rdlength === 4) answers.push({name, type: 'A', data: `${b[data]}.${b[data + 1]}.${b[data + 2]}.${b[data + 3]}`});
		else if (type === TYPE_AAAA && rdlength === 16) answers.push({name, type: 'AAAA', data: ipv6Codec(b, data)});
		else if (type === TYPE_CNAME) {
			const target = decodeName(b, at, end, data);
			if (target === undefined || target === FALLBACK || nameEnd !== data + rdlength) return FALLBACK;
			answers.push({name, type: 'CNAME', data: target});
		} else return FALLBACK;
		pos = data + rdlength;
	}
	return {id: u16(b, at), flag_qr: (flags & 0x8000) !== 0, opcode: 'QUERY', questions, answers} as unknown as DnsMessage;
}

/** An IPv6 address as dns-packet's codec (@leichtgewicht/ip-codec) writes it: the first run of zero groups as `::`. */
function ipv6Codec(b: Uint8Array, at: number): string {
	let result = '';
	for (let i = 0; i < 16; i += 2) {
		if (i !== 0) result += ':';
		result += ((b[at + i]! << 8) | b[at + i + 1]!).toString(16);
	}
	return result.replace(/(^|:)0(:0)*:0(:|$)/, '$1::$3').replace(/:{3,4}/, '::');
}

/** The first question's name, normalised (`Plex.TV.` → `plex.tv`). */
export function questionName(m: DnsMessage): string | undefined {
	const q = m.questions?.[0];
	return q?.name ? normalizeDnsName(q.name) : undefined;
}

/** The A/AAAA addresses of a response's answer section. */
export function answerAddresses(m: DnsMessage): string[] {
	const out: string[] = [];
	for (const a of m.answers ?? []) if ((a.type === 'A' || a.type === 'AAAA') && typeof a.data === 'string') out.push(a.data.toLowerCase());
	return out;
}

/** A filtering resolver's answer: addresses, all of them null routes. */
export function isBlockedAnswer(addresses: readonly string[]): boolean {
	return addresses.length > 0 && addresses.every((a) => NULL_ANSWERS.has(a));
}

/** What an mDNS response says about its sender: its host name (`name.local`) and a service instance name. */
export function mdnsNames(m: DnsMessage): {host: string | undefined; instance: string | undefined} {
	let host: string | undefined;
	let instance: string | undefined;
	for (const a of [...(m.answers ?? []), ...(m.additionals ?? [])]) {
		// The owner's spelling is kept (`Annes-iPhone.local`): it is a name, not a lookup.
		const name = (a.name ?? '').replace(/\.$/, '');
		if (!host && (a.type === 'A' || a.type === 'AAAA') && /\.local$/i.test(name)) host = name.slice(0, -'.local'.length);
		else if (!host && a.type === 'SRV' && typeof a.data === 'object' && a.data && 'target' in a.data) {
			const target = String(a.data.target).replace(/\.$/, '');
			if (/\.local$/i.test(target)) host = target.slice(0, -'.local'.length);
		}
		if (!instance && a.type === 'PTR' && typeof a.data === 'string') {
			// `Living Room._googlecast._tcp.local`: the instance label is what the owner named the device.
			const m2 = /^(.+?)\._[a-z0-9-]+\._(?:tcp|udp)\.local\.?$/i.exec(a.data);
			if (m2 && !m2[1]!.startsWith('_')) instance = m2[1];
		}
	}
	return {host: host || undefined, instance};
}

/** DNS over TCP: messages with a 2-byte length prefix, possibly split over segments. */
export class DnsTcpReader {
	private readonly queue: ByteQueue;

	constructor(budget: Budget, private readonly onMessage: (message: Uint8Array) => void) {
		this.queue = new ByteQueue(budget, 65_537);
	}

	/** False when the stream cannot be read on (a message larger than the queue, or the budget). */
	push(bytes: Uint8Array): boolean {
		if (!this.queue.push(bytes)) return false;
		let b = this.queue.view();
		while (b.length >= 2) {
			const size = (b[0]! << 8) | b[1]!;
			if (b.length < 2 + size) break;
			this.onMessage(b.subarray(2, 2 + size));
			this.queue.consume(2 + size);
			b = this.queue.view();
		}
		return true;
	}

	release(): void {
		this.queue.release();
	}
}

/**
Build packets and capture files for tests, fixtures and the benchmark: IPv4/IPv6 with TCP/UDP (valid
checksums), the link layers the reader decodes, pcap (both byte orders, µs or ns) and pcapng (several
interfaces and sections), and the payloads the parser reads: DNS (dns-packet), TLS ClientHello, QUIC
Initial (really encrypted, RFC 9001), HTTP/1 requests, DHCP and mDNS.

Everything is deterministic: the same calls give the same bytes.
*/
import {createCipheriv, createHash} from 'node:crypto';
import dnsPacket from 'dns-packet';
import {clientInitialKeys} from '../../source/formats/pcap/quic.js';

/** An IP packet (IPv4 or IPv6 header included) at a capture time. */
export type IpPacket = {time: number; ip: Uint8Array; wire?: number};

/** Deterministic filler bytes. */
export function bytesOf(seed: string, length: number): Buffer {
	const out = Buffer.alloc(length);
	let block = Buffer.alloc(0);
	for (let i = 0; i < length; i++) {
		if (i % 32 === 0) block = createHash('sha256').update(`${seed}:${i}`).digest();
		out[i] = block[i % 32]!;
	}
	return out;
}

function parseIp(ip: string): Buffer {
	if (!ip.includes(':')) return Buffer.from(ip.split('.').map(Number));
	const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
	const groups = (s: string | undefined): number[] => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
	const h = groups(head);
	const t = groups(tail);
	const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
	const out = Buffer.alloc(16);
	all.forEach((g, i) => out.writeUInt16BE(g, i * 2));
	return out;
}

export function mac(text: string): Buffer {
	return Buffer.from(text.split(':').map((h) => Number.parseInt(h, 16)));
}

function sum16(buffers: Buffer[]): number {
	let sum = 0;
	for (const b of buffers) {
		for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
	}
	while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
	return ~sum & 0xffff;
}

type L4 = {proto: number; segment: Buffer};

function transportChecksum(src: Buffer, dst: Buffer, l4: L4, at: number): void {
	const pseudo =
		src.length === 4
			? Buffer.concat([src, dst, Buffer.from([0, l4.proto, l4.segment.length >> 8, l4.segment.length & 0xff])])
			: Buffer.concat([src, dst, Buffer.from([0, 0, l4.segment.length >> 8, l4.segment.length & 0xff, 0, 0, 0, l4.proto])]);
	l4.segment.writeUInt16BE(0, at);
	// Odd lengths: the checksum pads with a zero byte, which sum16 does by reading past the end as 0.
	l4.segment.writeUInt16BE(sum16([pseudo, l4.segment]) || 0xffff, at);
}

export type TcpOptions = {sport: number; dport: number; seq: number; ack?: number; flags: string; payload?: Uint8Array; window?: number};

export function tcp(o: TcpOptions): L4 {
	const payload = Buffer.from(o.payload ?? []);
	const seg = Buffer.alloc(20 + payload.length);
	seg.writeUInt16BE(o.sport, 0);
	seg.writeUInt16BE(o.dport, 2);
	seg.writeUInt32BE(o.seq >>> 0, 4);
	seg.writeUInt32BE((o.ack ?? 0) >>> 0, 8);
	seg[12] = 5 << 4;
	const f = o.flags;
	seg[13] = (f.includes('F') ? 1 : 0) | (f.includes('S') ? 2 : 0) | (f.includes('R') ? 4 : 0) | (f.includes('P') ? 8 : 0) | (f.includes('A') ? 16 : 0);
	seg.writeUInt16BE(o.window ?? 64_240, 14);
	payload.copy(seg, 20);
	return {proto: 6, segment: seg};
}

export function udp(sport: number, dport: number, payload: Uint8Array): L4 {
	const seg = Buffer.alloc(8 + payload.length);
	seg.writeUInt16BE(sport, 0);
	seg.writeUInt16BE(dport, 2);
	seg.writeUInt16BE(seg.length, 4);
	Buffer.from(payload).copy(seg, 8);
	return {proto: 17, segment: seg};
}

export type IpOptions = {src: string; dst: string; id?: number; ttl?: number; fragment?: {offset: number; more: boolean}; extensions?: Array<{next?: number; type: number; length: number}>};

/** Wrap a transport segment in IPv4 or IPv6 (by the address form), checksums filled. */
export function ip(o: IpOptions, l4: L4): Buffer {
	const src = parseIp(o.src);
	const dst = parseIp(o.dst);
	const seg = Buffer.from(l4.segment);
	transportChecksum(src, dst, {proto: l4.proto, segment: seg}, l4.proto === 6 ? 16 : 6);
	if (src.length === 4) {
		const h = Buffer.alloc(20);
		h[0] = 0x45;
		h.writeUInt16BE(20 + seg.length, 2);
		h.writeUInt16BE(o.id ?? 0x1234, 4);
		const frag = o.fragment ? ((o.fragment.more ? 0x2000 : 0) | (o.fragment.offset >> 3)) : 0x4000;
		h.writeUInt16BE(frag, 6);
		h[8] = o.ttl ?? 64;
		h[9] = l4.proto;
		src.copy(h, 12);
		dst.copy(h, 16);
		h.writeUInt16BE(sum16([h]), 10);
		return Buffer.concat([h, seg]);
	}
	// IPv6 with optional extension headers (hop-by-hop 0, destination options 60: 8 bytes each of zeros).
	const exts = o.extensions ?? [];
	const extBytes: Buffer[] = [];
	let next = l4.proto;
	for (let i = exts.length - 1; i >= 0; i--) {
		const e = Buffer.alloc(exts[i]!.length);
		e[0] = next;
		e[1] = exts[i]!.length / 8 - 1;
		if (exts[i]!.length >= 8) e[2] = 1; // a PadN option
		if (exts[i]!.length >= 8) e[3] = exts[i]!.length - 4;
		extBytes.unshift(e);
		next = exts[i]!.type;
	}
	const body = Buffer.concat([...extBytes, seg]);
	const h = Buffer.alloc(40);
	h[0] = 0x60;
	h.writeUInt16BE(body.length, 4);
	h[6] = next;
	h[7] = o.ttl ?? 64;
	src.copy(h, 8);
	dst.copy(h, 24);
	return Buffer.concat([h, body]);
}

// Link layers ------------------------------------------------------------------------------------------

export type Frame = {src?: string | undefined; dst?: string | undefined; vlan?: number[] | undefined};

const etherTypeOf = (packet: Uint8Array): number => (packet[0]! >> 4 === 6 ? 0x86dd : 0x0800);

export function ethernet(packet: Uint8Array, f: Frame): Buffer {
	const tags = (f.vlan ?? []).map((id, i, all) => {
		const t = Buffer.alloc(4);
		t.writeUInt16BE(id & 0x0fff, 0);
		t.writeUInt16BE(i === all.length - 1 ? etherTypeOf(packet) : 0x8100, 2);
		return t;
	});
	const type = Buffer.alloc(2);
	type.writeUInt16BE(tags.length > 0 ? (f.vlan!.length > 1 ? 0x88a8 : 0x8100) : etherTypeOf(packet));
	return Buffer.concat([mac(f.dst ?? '00:00:00:00:00:00'), mac(f.src ?? '00:00:00:00:00:00'), type, ...tags, Buffer.from(packet)]);
}

/** Linux cooked v1: packet type 0 (to us) or 4 (outgoing), ARPHRD_ETHER, the sender's MAC. */
export function sll(packet: Uint8Array, f: Frame, outgoing: boolean): Buffer {
	const h = Buffer.alloc(16);
	h.writeUInt16BE(outgoing ? 4 : 0, 0);
	h.writeUInt16BE(1, 2);
	h.writeUInt16BE(6, 4);
	mac(f.src ?? '00:00:00:00:00:00').copy(h, 6);
	h.writeUInt16BE(etherTypeOf(packet), 14);
	return Buffer.concat([h, Buffer.from(packet)]);
}

/** Linux cooked v2. */
export function sll2(packet: Uint8Array, f: Frame, outgoing: boolean): Buffer {
	const h = Buffer.alloc(20);
	h.writeUInt16BE(etherTypeOf(packet), 0);
	h.writeUInt32BE(2, 4);
	h.writeUInt16BE(1, 8);
	h[10] = outgoing ? 4 : 0;
	h[11] = 6;
	mac(f.src ?? '00:00:00:00:00:00').copy(h, 12);
	return Buffer.concat([h, Buffer.from(packet)]);
}

/** BSD loopback: the address family in the capturing host's byte order (AF_INET6 is 30 on macOS). */
export function nullLink(packet: Uint8Array, littleEndian: boolean): Buffer {
	const h = Buffer.alloc(4);
	const family = packet[0]! >> 4 === 6 ? 30 : 2;
	if (littleEndian) h.writeUInt32LE(family);
	else h.writeUInt32BE(family);
	return Buffer.concat([h, Buffer.from(packet)]);
}

// Capture files ------------------------------------------------------------------------------------------

export type PacketRecord = {time: number; data: Uint8Array; wire?: number | undefined};

export const LINKTYPE = {NULL: 0, ETHERNET: 1, RAW: 101, SLL: 113, SLL2: 276} as const;

/** A classic pcap file. `time` in ms (fractions kept to the precision). */
export function pcapFile(records: readonly PacketRecord[], o: {linkType: number; littleEndian?: boolean; nanos?: boolean; snaplen?: number}): Buffer {
	const le = o.littleEndian ?? true;
	const w32 = (b: Buffer, v: number, at: number): void => void (le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at));
	const w16 = (b: Buffer, v: number, at: number): void => void (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
	const h = Buffer.alloc(24);
	w32(h, o.nanos ? 0xa1b23c4d : 0xa1b2c3d4, 0);
	w16(h, 2, 4);
	w16(h, 4, 6);
	w32(h, o.snaplen ?? 262_144, 16);
	w32(h, o.linkType, 20);
	const parts = [h];
	for (const r of records) {
		const rh = Buffer.alloc(16);
		const seconds = Math.floor(r.time / 1000);
		const frac = o.nanos ? Math.round((r.time - seconds * 1000) * 1e6) : Math.round((r.time - seconds * 1000) * 1e3);
		w32(rh, seconds, 0);
		w32(rh, frac, 4);
		w32(rh, r.data.length, 8);
		w32(rh, r.wire ?? r.data.length, 12);
		parts.push(rh, Buffer.from(r.data));
	}
	return Buffer.concat(parts);
}

export type NgInterface = {linkType: number; snaplen?: number; tsresol?: number; name?: string};
export type NgPacket = PacketRecord & {iface: number; simple?: boolean};
export type NgSection = {littleEndian?: boolean; interfaces: NgInterface[]; packets: NgPacket[]; extraBlocks?: Buffer[]};

const pad4 = (n: number): number => (n + 3) & ~3;

/** A pcapng file of one or more sections. */
export function pcapngFile(sections: readonly NgSection[]): Buffer {
	const parts: Buffer[] = [];
	for (const section of sections) {
		const le = section.littleEndian ?? true;
		const block = (type: number, body: Buffer): Buffer => {
			const length = 12 + pad4(body.length);
			const b = Buffer.alloc(length);
			const w = (v: number, at: number): void => void (le ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at));
			w(type, 0);
			w(length, 4);
			body.copy(b, 8);
			w(length, length - 4);
			return b;
		};
		const u32 = (v: number): Buffer => {
			const b = Buffer.alloc(4);
			if (le) b.writeUInt32LE(v >>> 0);
			else b.writeUInt32BE(v >>> 0);
			return b;
		};
		const u16 = (v: number): Buffer => {
			const b = Buffer.alloc(2);
			if (le) b.writeUInt16LE(v);
			else b.writeUInt16BE(v);
			return b;
		};
		const option = (code: number, value: Buffer): Buffer => Buffer.concat([u16(code), u16(value.length), value, Buffer.alloc(pad4(value.length) - value.length)]);
		// Section header: byte-order magic, version 1.0, section length unknown (-1).
		parts.push(block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff), option(4, Buffer.from('telemetry-tui test')), option(0, Buffer.alloc(0))])));
		for (const iface of section.interfaces) {
			const options = [option(2, Buffer.from(iface.name ?? 'eth0'))];
			if (iface.tsresol !== undefined) options.push(option(9, Buffer.from([iface.tsresol])));
			options.push(option(0, Buffer.alloc(0)));
			parts.push(block(1, Buffer.concat([u16(iface.linkType), u16(0), u32(iface.snaplen ?? 262_144), ...options])));
		}
		for (const extra of section.extraBlocks ?? []) parts.push(extra);
		for (const p of section.packets) {
			const data = Buffer.from(p.data);
			const padded = Buffer.concat([data, Buffer.alloc(pad4(data.length) - data.length)]);
			if (p.simple) {
				parts.push(block(3, Buffer.concat([u32(p.wire ?? data.length), padded])));
				continue;
			}
			const tsresol = section.interfaces[p.iface]?.tsresol ?? 6;
			// Whole milliseconds scaled exactly (a double cannot hold nanoseconds since 1970).
			const units = tsresol >= 3 ? BigInt(Math.round(p.time)) * 10n ** BigInt(tsresol - 3) : BigInt(Math.round(p.time / 10 ** (3 - tsresol)));
			parts.push(block(6, Buffer.concat([u32(p.iface), u32(Number(units >> 32n)), u32(Number(units & 0xffffffffn)), u32(data.length), u32(p.wire ?? data.length), padded, option(0, Buffer.alloc(0))])));
		}
	}
	return Buffer.concat(parts);
}

// Payloads ------------------------------------------------------------------------------------------------

export function dnsQuery(id: number, name: string, type: 'A' | 'AAAA' | 'HTTPS' = 'A'): Buffer {
	return dnsPacket.encode({type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{type: type as 'A', name}]});
}

export function dnsAnswer(id: number, name: string, type: 'A' | 'AAAA', addresses: string[], cname?: string): Buffer {
	const answers: dnsPacket.Answer[] = [];
	let owner = name;
	if (cname) {
		answers.push({type: 'CNAME', name, ttl: 300, data: cname});
		owner = cname;
	}
	for (const a of addresses) answers.push({type, name: owner, ttl: 300, data: a});
	return dnsPacket.encode({type: 'response', id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE, questions: [{type, name}], answers});
}

/** An mDNS announcement: `host.local` A record, and a service instance PTR. */
export function mdnsAnnouncement(host: string, address: string, instance?: string): Buffer {
	const answers: dnsPacket.Answer[] = [{type: 'A', name: `${host}.local`, ttl: 120, data: address}];
	if (instance) answers.push({type: 'PTR', name: '_airplay._tcp.local', ttl: 4500, data: `${instance}._airplay._tcp.local`});
	return dnsPacket.encode({type: 'response', id: 0, flags: dnsPacket.AUTHORITATIVE_ANSWER, answers});
}

/** A DHCPREQUEST with host name (12) and vendor class (60). */
export function dhcpRequest(clientMac: string, hostName: string | undefined, vendorClass: string | undefined, requested?: string, xid = 0x3903f326): Buffer {
	const b = Buffer.alloc(240);
	b[0] = 1;
	b[1] = 1;
	b[2] = 6;
	b.writeUInt32BE(xid, 4);
	mac(clientMac).copy(b, 28);
	Buffer.from([0x63, 0x82, 0x53, 0x63]).copy(b, 236);
	const options: number[] = [53, 1, 3];
	if (requested) options.push(50, 4, ...requested.split('.').map(Number));
	if (hostName) options.push(12, Buffer.byteLength(hostName), ...Buffer.from(hostName));
	if (vendorClass) options.push(60, Buffer.byteLength(vendorClass), ...Buffer.from(vendorClass));
	options.push(55, 4, 1, 3, 6, 15, 255);
	return Buffer.concat([b, Buffer.from(options)]);
}

/**
A TLS 1.3 ClientHello record (or the bare handshake message for QUIC) naming `sni`, with a hybrid
post-quantum key share like current Chrome, so it is ~1.8 KB: more than one TCP segment.
*/
export function clientHello(sni: string | undefined, o: {record?: boolean; seed?: string} = {}): Buffer {
	const u16 = (v: number): Buffer => Buffer.from([v >> 8, v & 0xff]);
	const ext = (type: number, body: Buffer): Buffer => Buffer.concat([u16(type), u16(body.length), body]);
	const list16 = (body: Buffer): Buffer => Buffer.concat([u16(body.length), body]);
	const seed = o.seed ?? sni ?? 'none';
	const exts: Buffer[] = [];
	if (sni !== undefined) {
		const name = Buffer.from(sni);
		exts.push(ext(0, list16(Buffer.concat([Buffer.from([0]), u16(name.length), name]))));
	}
	exts.push(ext(10, list16(Buffer.from([0x11, 0xec, 0x00, 0x1d, 0x00, 0x17]))));
	exts.push(ext(16, list16(Buffer.from([2, 0x68, 0x32, 8, ...Buffer.from('http/1.1')]))));
	exts.push(ext(43, Buffer.from([4, 0x03, 0x04, 0x03, 0x03])));
	const mlkem = Buffer.concat([u16(0x11ec), u16(1216), bytesOf(`${seed}:mlkem`, 1216)]);
	const x25519 = Buffer.concat([u16(0x001d), u16(32), bytesOf(`${seed}:x25519`, 32)]);
	exts.push(ext(51, list16(Buffer.concat([mlkem, x25519]))));
	// GREASE'd Encrypted Client Hello and padding, as Chrome sends them: the hello ends up ~1.8 KB.
	exts.push(ext(0xfe0d, bytesOf(`${seed}:ech`, 282)));
	exts.push(ext(21, Buffer.alloc(120)));
	const body = Buffer.concat([
		Buffer.from([0x03, 0x03]),
		bytesOf(`${seed}:random`, 32),
		Buffer.from([32]),
		bytesOf(`${seed}:session`, 32),
		list16(Buffer.from([0x13, 0x01, 0x13, 0x02, 0x13, 0x03, 0xc0, 0x2b, 0xc0, 0x2f])),
		Buffer.from([1, 0]),
		list16(Buffer.concat(exts)),
	]);
	const handshake = Buffer.concat([Buffer.from([1, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
	if (o.record === false) return handshake;
	return Buffer.concat([Buffer.from([0x16, 0x03, 0x01]), u16(handshake.length), handshake]);
}

export function httpRequest(method: string, target: string, headers: Array<[string, string]>, body = ''): Buffer {
	const lines = [`${method} ${target} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`)];
	if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
	return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

function varint(v: number): Buffer {
	if (v < 64) return Buffer.from([v]);
	if (v < 16_384) return Buffer.from([0x40 | (v >> 8), v & 0xff]);
	const b = Buffer.alloc(4);
	b.writeUInt32BE((0x80000000 | v) >>> 0);
	return b;
}

/** A CRYPTO frame carrying `data` at `offset` of the crypto stream. */
export function cryptoFrame(offset: number, data: Buffer): Buffer {
	return Buffer.concat([Buffer.from([0x06]), varint(offset), varint(data.length), data]);
}

/** A client Initial packet (QUIC v1), protected as RFC 9001 says, padded to 1200 bytes. */
export function quicInitial(dcid: Buffer, scid: Buffer, packetNumber: number, frames: Buffer): Buffer {
	const keys = clientInitialKeys(dcid, 1)!;
	const pnLength = 2;
	const headerBase = Buffer.concat([Buffer.from([0xc0 | (pnLength - 1)]), Buffer.from([0, 0, 0, 1]), Buffer.from([dcid.length]), dcid, Buffer.from([scid.length]), scid, Buffer.from([0])]);
	// Pad the payload so the datagram is at least 1200 bytes.
	const overhead = headerBase.length + 2 + pnLength + 16;
	const payload = Buffer.concat([frames, Buffer.alloc(Math.max(0, 1200 - overhead - frames.length))]);
	const lengthField = varint(pnLength + payload.length + 16);
	const pn = Buffer.from([(packetNumber >> 8) & 0xff, packetNumber & 0xff]);
	const header = Buffer.concat([headerBase, lengthField, pn]);
	const nonce = Buffer.from(keys.iv);
	nonce[10]! ^= pn[0]!;
	nonce[11]! ^= pn[1]!;
	const gcm = createCipheriv('aes-128-gcm', keys.key, nonce);
	gcm.setAAD(header);
	const sealed = Buffer.concat([gcm.update(payload), gcm.final(), gcm.getAuthTag()]);
	const pnOffset = header.length - pnLength;
	const ecb = createCipheriv('aes-128-ecb', keys.hp, null);
	ecb.setAutoPadding(false);
	const mask = ecb.update(sealed.subarray(4 - pnLength, 20 - pnLength));
	const protectedHeader = Buffer.from(header);
	protectedHeader[0]! ^= mask[0]! & 0x0f;
	for (let i = 0; i < pnLength; i++) protectedHeader[pnOffset + i]! ^= mask[1 + i]!;
	return Buffer.concat([protectedHeader, sealed]);
}

// Conversations -------------------------------------------------------------------------------------------

export type Endpoint = {ip: string; port: number; mac?: string};

/** A TCP connection: handshake, data each way (cut to the MSS), FIN, with times advancing. */
export class TcpConversation {
	private cseq: number;
	private sseq: number;
	readonly packets: Array<IpPacket & {fromClient: boolean}> = [];
	time: number;

	constructor(readonly client: Endpoint, readonly server: Endpoint, start: number, o: {handshake?: boolean; seed?: number} = {}) {
		this.time = start;
		this.cseq = 1_000_000 + (o.seed ?? 0) * 7919;
		this.sseq = 3_000_000_000 + (o.seed ?? 0) * 104_729;
		if (o.handshake !== false) {
			this.push(true, 'S', this.cseq, 0, Buffer.alloc(0));
			this.cseq++;
			this.push(false, 'SA', this.sseq, this.cseq, Buffer.alloc(0));
			this.sseq++;
			this.push(true, 'A', this.cseq, this.sseq, Buffer.alloc(0));
		}
	}

	private push(fromClient: boolean, flags: string, seq: number, ack: number, payload: Buffer): void {
		const [a, b] = fromClient ? [this.client, this.server] : [this.server, this.client];
		this.time += 1;
		this.packets.push({time: this.time, fromClient, ip: ip({src: a.ip, dst: b.ip}, tcp({sport: a.port, dport: b.port, seq, ack, flags, payload}))});
	}

	/** Send `data` from one side in segments of at most `mss` bytes. `order` reorders the segments (indices). */
	send(fromClient: boolean, data: Buffer, o: {mss?: number; order?: number[]} = {}): this {
		const mss = o.mss ?? 1448;
		const segments: Array<{seq: number; payload: Buffer}> = [];
		let seq = fromClient ? this.cseq : this.sseq;
		for (let i = 0; i < data.length; i += mss) {
			segments.push({seq, payload: data.subarray(i, i + mss)});
			seq = (seq + Math.min(mss, data.length - i)) >>> 0;
		}
		const order = o.order ?? segments.map((_, i) => i);
		for (const i of order) this.push(fromClient, 'PA', segments[i]!.seq, fromClient ? this.sseq : this.cseq, segments[i]!.payload);
		if (fromClient) this.cseq = seq;
		else this.sseq = seq;
		this.push(!fromClient, 'A', fromClient ? this.sseq : this.cseq, seq, Buffer.alloc(0));
		return this;
	}

	close(): this {
		this.push(true, 'FA', this.cseq, this.sseq, Buffer.alloc(0));
		this.cseq++;
		this.push(false, 'FA', this.sseq, this.cseq, Buffer.alloc(0));
		this.sseq++;
		this.push(true, 'A', this.cseq, this.sseq, Buffer.alloc(0));
		return this;
	}

	reset(): this {
		this.push(true, 'R', this.cseq, 0, Buffer.alloc(0));
		return this;
	}
}

/** A UDP exchange: datagrams each way. */
export function udpPackets(client: Endpoint, server: Endpoint, start: number, datagrams: Array<{fromClient: boolean; payload: Buffer}>): Array<IpPacket & {fromClient: boolean}> {
	return datagrams.map((d, i) => {
		const [a, b] = d.fromClient ? [client, server] : [server, client];
		return {time: start + i + 1, fromClient: d.fromClient, ip: ip({src: a.ip, dst: b.ip}, udp(a.port, b.port, d.payload))};
	});
}

/** Frame IP packets for a link type, with MACs from the endpoints (client or server side). */
export type Framed = IpPacket & {fromClient: boolean; client: Endpoint; server: Endpoint};

export function frame(p: Framed, linkType: number, o: {vlan?: number[]; gatewayMac?: string; nullLittleEndian?: boolean} = {}): Buffer {
	const gateway = o.gatewayMac ?? '02:00:00:00:00:fe';
	const src = p.fromClient ? p.client.mac : (p.server.mac ?? gateway);
	const dst = p.fromClient ? (p.server.mac ?? gateway) : p.client.mac;
	switch (linkType) {
		case LINKTYPE.ETHERNET:
			return ethernet(p.ip, {src, dst, vlan: o.vlan});
		case LINKTYPE.SLL:
			return sll(p.ip, {src}, p.fromClient);
		case LINKTYPE.SLL2:
			return sll2(p.ip, {src}, p.fromClient);
		case LINKTYPE.NULL:
			return nullLink(p.ip, o.nullLittleEndian ?? true);
		case LINKTYPE.RAW:
			return Buffer.from(p.ip);
		default:
			throw new Error(`no framing for link type ${linkType}`);
	}
}

/**
Packet decoding, from the link layer to TCP/UDP: one mutable `Decoded` is filled per packet (no
allocation on the hot path), with offsets into the reader's buffer (the packet is `b[start, end)`)
rather than copies or views.

Link types are data (`LINK_TYPES`): Ethernet with 802.1Q/802.1ad tags, Linux cooked capture v1 and v2,
raw IPv4/IPv6, and BSD loopback (NULL, with the address family in the capturing host's byte order, and
OpenBSD LOOP in network order). IPv4 fragments are counted, not reassembled (the first fragment still
gives its transport header); IPv6 extension headers are walked.
*/

export type Decoded = {
	/** Offset of the link-layer source address (6 bytes) when the link has a usable MAC, else -1. */
	srcMac: number;
	/** Offset of the destination MAC (Ethernet only), else -1. */
	dstMac: number;
	/** 4 or 6; 0 when the packet is not IP (ARP, LLDP, …). */
	ip: 0 | 4 | 6;
	/** Offsets of the source and destination addresses (4 or 16 bytes). */
	src: number;
	dst: number;
	/** IP protocol of the transport header (6 TCP, 17 UDP, others ignored). */
	proto: number;
	/** Offset of the transport header. */
	l4: number;
	/** End of the IP packet within the captured bytes (the IP length or the captured end, the smaller). */
	end: number;
	/** Transport payload length by the IP header (what was on the wire, even when the capture cut it). */
	payloadWire: number;
	/** Offset of the transport payload. */
	payload: number;
	srcPort: number;
	dstPort: number;
	/**
	TCP flags and sequence number. The sequence number is kept as a signed 32-bit integer (compare two
	with `(a - b) | 0`): read unsigned, half of them would not fit a small integer, and the first such one
	would change this object's field from integer to double and throw away the compiled packet path.
	*/
	flags: number;
	seq: number;
	/** An IPv4 fragment (or IPv6 fragment header): 1 first fragment, 2 later fragment, 0 none. */
	fragment: 0 | 1 | 2;
};

export const newDecoded = (): Decoded => ({srcMac: -1, dstMac: -1, ip: 0, src: 0, dst: 0, proto: 0, l4: 0, end: 0, payloadWire: 0, payload: 0, srcPort: 0, dstPort: 0, flags: 0, seq: 0, fragment: 0});

export const TCP = 6;
export const UDP = 17;
export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const ACK = 0x10;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100]);

/** What a link layer gives: the network layer's offset (sets `d.ip`), or -1 when the packet is not IP. */
export type LinkDecoder = (b: Uint8Array, at: number, end: number, d: Decoded) => number;

/**
Follow an EtherType (the 2-byte field at `typeAt`, the payload at `next`), skipping 802.1Q/802.1ad
tags (each 4 bytes at the start of the payload: tag control, then the next EtherType).
*/
function etherType(b: Uint8Array, typeAt: number, next: number, end: number, d: Decoded): number {
	let type = (b[typeAt]! << 8) | b[typeAt + 1]!;
	if (type === ETHERTYPE_IPV4) {
		d.ip = 4;
		return next;
	}
	while (VLAN_TAGS.has(type) && next + 4 <= end) {
		type = (b[next + 2]! << 8) | b[next + 3]!;
		next += 4;
	}
	if (type === ETHERTYPE_IPV4) d.ip = 4;
	else if (type === ETHERTYPE_IPV6) d.ip = 6;
	else return -1;
	return next;
}

const ethernet: LinkDecoder = (b, at, end, d) => {
	if (end - at < 14) return -1;
	d.dstMac = at;
	d.srcMac = at + 6;
	return etherType(b, at + 12, at + 14, end, d);
};

/** Linux cooked v1: packet type, ARPHRD type, address length, 8 address bytes, protocol. */
const sll: LinkDecoder = (b, at, end, d) => {
	if (end - at < 16) return -1;
	const hatype = (b[at + 2]! << 8) | b[at + 3]!;
	const alen = (b[at + 4]! << 8) | b[at + 5]!;
	if (hatype === 1 && alen === 6) d.srcMac = at + 6;
	return etherType(b, at + 14, at + 16, end, d);
};

/** Linux cooked v2: protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 address bytes. */
const sll2: LinkDecoder = (b, at, end, d) => {
	if (end - at < 20) return -1;
	const hatype = (b[at + 8]! << 8) | b[at + 9]!;
	if (hatype === 1 && b[at + 11] === 6) d.srcMac = at + 12;
	return etherType(b, at, at + 20, end, d);
};

/** The IP version from the first nibble (raw IP links carry no link header). */
const raw: LinkDecoder = (b, at, end, d) => {
	if (end - at < 1) return -1;
	const v = b[at]! >> 4;
	if (v === 4) d.ip = 4;
	else if (v === 6) d.ip = 6;
	else return -1;
	return at;
};

/** AF_INET6 differs by system: 10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS. */
const AF_INET6: ReadonlySet<number> = new Set([10, 24, 28, 30]);

/** BSD loopback: a 4-byte address family in the capturing host's byte order (which the file does not say). */
const nullLink: LinkDecoder = (b, at, end, d) => {
	if (end - at < 4) return -1;
	const le = b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
	const be = (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
	const family = le >>> 0 <= 0xffff ? le : be;
	if (family === 2) d.ip = 4;
	else if (AF_INET6.has(family)) d.ip = 6;
	else return -1;
	return at + 4;
};

/** OpenBSD LOOP: the family in network byte order. */
const loop: LinkDecoder = (b, at, end, d) => {
	if (end - at < 4) return -1;
	const family = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
	if (family === 2) d.ip = 4;
	else if (AF_INET6.has(family)) d.ip = 6;
	else return -1;
	return at + 4;
};

/** LINKTYPE_* values this reader decodes (tcpdump.org/linktypes.html), with their names for messages. */
export const LINK_TYPES: ReadonlyMap<number, {name: string; decode: LinkDecoder}> = new Map([
	[0, {name: 'BSD loopback (NULL)', decode: nullLink}],
	[1, {name: 'Ethernet', decode: ethernet}],
	[12, {name: 'raw IP (DLT_RAW)', decode: raw}],
	[14, {name: 'raw IP (OpenBSD DLT_RAW)', decode: raw}],
	[101, {name: 'raw IP', decode: raw}],
	[108, {name: 'OpenBSD loopback', decode: loop}],
	[113, {name: 'Linux cooked capture (SLL)', decode: sll}],
	[228, {name: 'raw IPv4', decode: raw}],
	[229, {name: 'raw IPv6', decode: raw}],
	[276, {name: 'Linux cooked capture v2 (SLL2)', decode: sll2}],
]);

/**
Where the IPv4 header of a packet starts, for the packets whose link header says IPv4 at a fixed place
(Ethernet without VLAN tags, Linux cooked v1 and v2, raw IP, BSD and OpenBSD loopback): the offset the
link's decoder above gives them; -1 for any other packet (which `decodePacket` then reads). Used by the
established-flow fast path, which does not follow a link decoder through a function value.
*/
export function ipv4Offset(b: Uint8Array, start: number, end: number, linkType: number): number {
	let at: number;
	switch (linkType) {
		case 1:
			if (b[start + 12] !== 0x08 || b[start + 13] !== 0x00) return -1;
			at = start + 14;
			break;
		case 113:
			if (b[start + 14] !== 0x08 || b[start + 15] !== 0x00) return -1;
			at = start + 16;
			break;
		case 276:
			if (b[start] !== 0x08 || b[start + 1] !== 0x00) return -1;
			at = start + 20;
			break;
		case 12:
		case 14:
		case 101:
		case 228:
		case 229:
			at = start;
			break;
		case 0:
			// The family, 2, in either byte order (`nullLink`).
			if (b[start + 1] !== 0 || b[start + 2] !== 0 || (b[start] === 2 ? b[start + 3] !== 0 : b[start] !== 0 || b[start + 3] !== 2)) return -1;
			at = start + 4;
			break;
		case 108:
			if (b[start] !== 0 || b[start + 1] !== 0 || b[start + 2] !== 0 || b[start + 3] !== 2) return -1;
			at = start + 4;
			break;
		default:
			return -1;
	}
	return end - at >= 20 && b[at]! >> 4 === 4 ? at : -1;
}

/** IPv6 extension headers that are walked (hop-by-hop, routing, destination options, mobility, HIP, shim6). */
const IPV6_EXTENSIONS: ReadonlySet<number> = new Set([0, 43, 60, 135, 139, 140]);

/**
Decode the packet `b[start, end)` (captured with link type `link`) into `d`. Returns false when it is
not IPv4/IPv6 or is too short for its headers; `d.proto` is 6 or 17 only when the transport header was
read. Every offset set in `d` is into `b`.
*/
export function decodePacket(link: LinkDecoder, b: Uint8Array, start: number, end: number, d: Decoded): boolean {
	d.srcMac = -1;
	d.dstMac = -1;
	d.ip = 0;
	d.proto = 0;
	d.fragment = 0;
	const at = link(b, start, end, d);
	if (at < 0) return false;
	const version: number = d.ip;
	return version === 4 ? ipv4(b, at, end, d) : ipv6(b, at, end, d);
}

function ipv4(b: Uint8Array, at: number, end: number, d: Decoded): boolean {
	if (end < at + 20 || b[at]! >> 4 !== 4) return false;
	const ihl = (b[at]! & 0x0f) * 4;
	const total = (b[at + 2]! << 8) | b[at + 3]!;
	if (ihl < 20 || total < ihl) return false;
	d.src = at + 12;
	d.dst = at + 16;
	d.l4 = at + ihl;
	d.end = Math.min(end, at + total);
	const frag = ((b[at + 6]! << 8) | b[at + 7]!) & 0x3fff;
	if (frag !== 0) d.fragment = (frag & 0x1fff) === 0 ? 1 : 2;
	return transport(b, b[at + 9]!, total - ihl, d);
}

function ipv6(b: Uint8Array, at: number, end: number, d: Decoded): boolean {
	if (end < at + 40 || b[at]! >> 4 !== 6) return false;
	d.src = at + 8;
	d.dst = at + 24;
	let length = (b[at + 4]! << 8) | b[at + 5]!;
	// A jumbogram says 0: the captured bytes are all we know.
	if (length === 0) length = end - at - 40;
	d.end = Math.min(end, at + 40 + length);
	let next = b[at + 6]!;
	let pos = at + 40;
	for (let hops = 0; hops < 16; hops++) {
		if (IPV6_EXTENSIONS.has(next)) {
			if (pos + 2 > d.end) return true;
			const size = (b[pos + 1]! + 1) * 8;
			next = b[pos]!;
			pos += size;
			length -= size;
		} else if (next === 44) {
			// Fragment header: 8 bytes; offset 0 is the first fragment.
			if (pos + 8 > d.end) return true;
			d.fragment = (((b[pos + 2]! << 8) | b[pos + 3]!) & 0xfff8) === 0 ? 1 : 2;
			next = b[pos]!;
			pos += 8;
			length -= 8;
		} else if (next === 51) {
			// Authentication header: its length is in 4-byte units, minus 2.
			if (pos + 2 > d.end) return true;
			const size = (b[pos + 1]! + 2) * 4;
			next = b[pos]!;
			pos += size;
			length -= size;
		} else break;
	}
	d.l4 = pos;
	return transport(b, next, length, d);
}

/** Read the TCP or UDP header at `d.l4`; `length` is the transport length by the IP header. */
function transport(b: Uint8Array, proto: number, length: number, d: Decoded): boolean {
	d.proto = 0;
	if (d.fragment === 2) return true;
	const at = d.l4;
	if (proto === TCP) {
		if (d.end < at + 20) return true;
		const header = (b[at + 12]! >> 4) * 4;
		if (header < 20) return true;
		d.srcPort = (b[at]! << 8) | b[at + 1]!;
		d.dstPort = (b[at + 2]! << 8) | b[at + 3]!;
		d.seq = (b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!;
		d.flags = b[at + 13]!;
		d.payload = Math.min(at + header, d.end);
		d.payloadWire = Math.max(0, length - header);
		d.proto = TCP;
	} else if (proto === UDP) {
		if (d.end < at + 8) return true;
		d.srcPort = (b[at]! << 8) | b[at + 1]!;
		d.dstPort = (b[at + 2]! << 8) | b[at + 3]!;
		d.payload = at + 8;
		d.payloadWire = Math.max(0, length - 8);
		d.flags = 0;
		d.seq = 0;
		d.proto = UDP;
	}
	return true;
}

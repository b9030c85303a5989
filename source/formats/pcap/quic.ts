/**
QUIC Initial packets (RFC 9000, RFC 9001 §5, QUIC v2 RFC 9369): their protection uses keys derived
from the client's Destination Connection ID and a published salt, so anyone on the path can read
them — and the ClientHello they carry names the server (SNI). This module removes the header
protection (AES-128-ECB over a sample of the ciphertext), decrypts the payload (AES-128-GCM), and
reassembles the CRYPTO frames (Chrome sends them out of order, and a post-quantum ClientHello spans
two Initial packets) until the ClientHello is whole. Everything uses node:crypto; nothing is stored
beyond one hello per flow.
*/
import * as crypto from 'node:crypto';
import {type Cipher, createCipheriv, createDecipheriv, createHmac} from 'node:crypto';
import {type Budget, varint} from './bytes.js';
import {type HelloResult, MAX_HELLO, parseClientHello} from './tls.js';

type Version = {salt: Buffer; prefix: string; initialType: number};

/** Versions whose Initial packets are read: v1 and v2 (the salts and labels of RFC 9001 §5.2 and RFC 9369 §3.3). */
export const QUIC_VERSIONS: ReadonlyMap<number, Version> = new Map([
	[0x00000001, {salt: Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex'), prefix: 'quic', initialType: 0}],
	[0x6b3343cf, {salt: Buffer.from('0dede3def700a6db819381be6e269dcbf9bd2ed9', 'hex'), prefix: 'quicv2', initialType: 1}],
]);

export type InitialKeys = {key: Buffer; iv: Buffer; hp: Buffer};

/** One-shot SHA-256 (`crypto.hash`, Node 20.12+), when this Node has it. */
const oneShot = (crypto as {hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer}).hash;
const IPAD = Buffer.alloc(64, 0x36);
const OPAD = Buffer.alloc(64, 0x5c);

/**
HMAC-SHA256 (RFC 2104) of `data` under `key` (at most 64 bytes: a salt or a secret here). Built on one-shot
hashes: `createHmac` costs 37–59 µs a call on this OpenSSL 3.0 build (it looks the MAC up each time),
two one-shot hashes about 10 µs, for the same bytes.
*/
export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
	if (!oneShot || key.length > 64) return createHmac('sha256', key).update(data).digest();
	const inner = Buffer.allocUnsafe(64 + data.length);
	const outer = Buffer.allocUnsafe(64 + 32);
	for (let i = 0; i < 64; i++) {
		const k = i < key.length ? key[i]! : 0;
		inner[i] = k ^ IPAD[i]!;
		outer[i] = k ^ OPAD[i]!;
	}
	inner.set(data, 64);
	outer.set(oneShot('sha256', inner, 'buffer'), 64);
	return oneShot('sha256', outer, 'buffer');
}

/** The HkdfLabel of each label and length, made once (the same few for every connection). */
const labels = new Map<string, Buffer>();

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for outputs of at most one hash block. */
function expandLabel(secret: Buffer, label: string, length: number): Buffer {
	const id = `${label}/${length}`;
	let info = labels.get(id);
	if (!info) {
		const full = Buffer.from(`tls13 ${label}`, 'latin1');
		info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0, 1])]);
		labels.set(id, info);
	}
	return hmacSha256(secret, info).subarray(0, length);
}

const keyCache = new Map<string, InitialKeys>();

/** The client's Initial keys for a Destination Connection ID (RFC 9001 §5.2). */
export function clientInitialKeys(dcid: Uint8Array, version: number): InitialKeys | undefined {
	const v = QUIC_VERSIONS.get(version);
	if (!v) return undefined;
	const cacheKey = `${version}:${Buffer.from(dcid).toString('hex')}`;
	const hit = keyCache.get(cacheKey);
	if (hit) return hit;
	const initial = hmacSha256(v.salt, dcid);
	const client = expandLabel(initial, 'client in', 32);
	const keys = {key: expandLabel(client, `${v.prefix} key`, 16), iv: expandLabel(client, `${v.prefix} iv`, 12), hp: expandLabel(client, `${v.prefix} hp`, 16)};
	if (keyCache.size >= 256) keyCache.clear();
	keyCache.set(cacheKey, keys);
	return keys;
}

// Header protection is AES-ECB over one 16-byte block, which keeps no state from block to block: one cipher
// per key serves every Initial of a connection (making a cipher costs far more than using it).
const headerCiphers = new WeakMap<InitialKeys, Cipher>();

function headerMask(keys: InitialKeys): Cipher {
	let ecb = headerCiphers.get(keys);
	if (!ecb) {
		ecb = createCipheriv('aes-128-ecb', keys.hp, null);
		ecb.setAutoPadding(false);
		headerCiphers.set(keys, ecb);
	}
	return ecb;
}

/** True when a UDP payload starts with a long-header packet of a version read here. */
export function looksLikeQuic(b: Uint8Array, at: number, end: number): boolean {
	if (end - at < 7 || (b[at]! & 0xc0) !== 0xc0) return false;
	const version = ((b[at + 1]! << 24) | (b[at + 2]! << 16) | (b[at + 3]! << 8) | b[at + 4]!) >>> 0;
	return QUIC_VERSIONS.has(version);
}

export type Unprotected = {
	/** The decrypted frames, or undefined when the packet is not a client Initial or does not decrypt. */
	payload: Buffer | undefined;
	/** Where the next coalesced packet starts; -1 when the rest of the datagram cannot be split. */
	next: number;
};

/** Remove the protection of the long-header packet at `at` in a datagram ending at `end`. */
export function unprotectInitial(d: Uint8Array, at: number, end: number): Unprotected {
	const none = {payload: undefined, next: -1};
	if (end - at < 7 || (d[at]! & 0x80) === 0) return none;
	const version = ((d[at + 1]! << 24) | (d[at + 2]! << 16) | (d[at + 3]! << 8) | d[at + 4]!) >>> 0;
	const v = QUIC_VERSIONS.get(version);
	if (!v) return none;
	let p = at + 5;
	const dcidLen = d[p]!;
	if (dcidLen > 20 || p + 1 + dcidLen >= end) return none;
	const dcid = d.subarray(p + 1, p + 1 + dcidLen);
	p += 1 + dcidLen;
	const scidLen = d[p]!;
	if (scidLen > 20) return none;
	p += 1 + scidLen;
	const type = (d[at]! >> 4) & 0x03;
	const initial = type === v.initialType;
	if (initial) {
		const token = varint(d, p, end);
		if (!token) return none;
		p += token[1] + token[0];
	} else if (type === (v.initialType + 3) % 4) return none; // Retry: no length field
	const length = varint(d, p, end);
	if (!length) return none;
	const pnOffset = p + length[1];
	const packetEnd = pnOffset + length[0];
	if (packetEnd > end) return none;
	if (!initial) return {payload: undefined, next: packetEnd};
	const keys = clientInitialKeys(dcid, version);
	if (!keys || pnOffset + 4 + 16 > packetEnd) return {payload: undefined, next: packetEnd};
	const mask = headerMask(keys).update(d.subarray(pnOffset + 4, pnOffset + 20));
	const first = d[at]! ^ (mask[0]! & 0x0f);
	const pnLength = (first & 0x03) + 1;
	const header = Buffer.from(d.subarray(at, pnOffset + pnLength));
	header[0] = first;
	const nonce = Buffer.from(keys.iv);
	for (let i = 0; i < pnLength; i++) {
		header[pnOffset - at + i] = d[pnOffset + i]! ^ mask[1 + i]!;
		// The packet number (big-endian) is XORed into the end of the IV.
		nonce[12 - pnLength + i]! ^= header[pnOffset - at + i]!;
	}
	const tagAt = packetEnd - 16;
	if (tagAt < pnOffset + pnLength) return {payload: undefined, next: packetEnd};
	try {
		const gcm = createDecipheriv('aes-128-gcm', keys.key, nonce);
		gcm.setAAD(header);
		gcm.setAuthTag(d.subarray(tagAt, packetEnd));
		const payload = Buffer.concat([gcm.update(d.subarray(pnOffset + pnLength, tagAt)), gcm.final()]);
		return {payload, next: packetEnd};
	} catch {
		return {payload: undefined, next: packetEnd};
	}
}

const ZEROS = new Uint8Array(2048);

/**
Walk the frames of an Initial payload and hand each CRYPTO frame's (offset, data) to `crypto`. Only
the frames an Initial may carry are understood (RFC 9000 §12.4); anything else ends the walk.
*/
export function cryptoFrames(f: Uint8Array, crypto: (offset: number, data: Uint8Array) => void): void {
	let p = 0;
	const end = f.length;
	const skip = (count: number): boolean => {
		for (let i = 0; i < count; i++) {
			const v = varint(f, p, end);
			if (!v) return false;
			p += v[1];
		}
		return true;
	};
	while (p < end) {
		const type = f[p]!;
		p++;
		if (type === 0x00) {
			// PADDING: as a rule it fills the packet to its end (to 1200 bytes). Checked natively at once, not by
			// a turn of this loop a byte (a thousand turns a packet, before the JIT has compiled the loop).
			const rest = end - p;
			if (rest <= ZEROS.length && Buffer.compare(f.subarray(p, end), ZEROS.subarray(0, rest)) === 0) return;
			continue;
		}
		if (type === 0x01) continue; // PING
		if (type === 0x02 || type === 0x03) {
			// ACK: largest, delay, range count, first range, then (gap, range) pairs; ECN counts for 0x03.
			if (!skip(2)) return;
			const count = varint(f, p, end);
			if (!count) return;
			p += count[1];
			if (!skip(1 + 2 * count[0] + (type === 0x03 ? 3 : 0))) return;
			continue;
		}
		if (type === 0x06) {
			const offset = varint(f, p, end);
			if (!offset) return;
			p += offset[1];
			const length = varint(f, p, end);
			if (!length) return;
			p += length[1];
			if (p + length[0] > end) return;
			crypto(offset[0], f.subarray(p, p + length[0]));
			p += length[0];
			continue;
		}
		return; // CONNECTION_CLOSE or anything unexpected: nothing more to learn
	}
}

/** Client datagrams looked at before giving up on a flow's hello. */
const MAX_DATAGRAMS = 8;

/** Collects the CRYPTO stream of a flow's client Initial packets until its ClientHello is whole. */
export class QuicHelloReader {
	private readonly pieces: Array<{offset: number; data: Uint8Array}> = [];
	private held = 0;
	private datagrams = 0;

	constructor(private readonly budget: Budget) {}

	push(d: Uint8Array, at: number, end: number): HelloResult | 'more' | 'fail' {
		if (++this.datagrams > MAX_DATAGRAMS) return 'fail';
		let p = at;
		let sawQuic = false;
		while (p >= 0 && p < end && end - p >= 7 && (d[p]! & 0x80) !== 0) {
			const {payload, next} = unprotectInitial(d, p, end);
			if (next === -1) break;
			sawQuic = true;
			if (payload) cryptoFrames(payload, (offset, data) => this.add(offset, data));
			p = next;
		}
		if (!sawQuic && this.pieces.length === 0) return 'fail';
		const hello = this.hello();
		if (hello === 'fail') return 'fail';
		return hello ?? 'more';
	}

	private add(offset: number, data: Uint8Array): void {
		if (offset + data.length > MAX_HELLO || data.length === 0) return;
		if (this.budget.used + data.length > this.budget.limit) {
			this.budget.refused++;
			return;
		}
		this.budget.used += data.length;
		this.held += data.length;
		this.pieces.push({offset, data: Uint8Array.from(data)});
	}

	/** The hello once the stream from offset 0 is whole; undefined while it is not. */
	private hello(): HelloResult | 'fail' | undefined {
		if (this.pieces.length === 0) return undefined;
		this.pieces.sort((a, b) => a.offset - b.offset);
		let contiguous = 0;
		for (const piece of this.pieces) {
			if (piece.offset > contiguous) break;
			contiguous = Math.max(contiguous, piece.offset + piece.data.length);
		}
		if (contiguous < 4) return undefined;
		const stream = new Uint8Array(contiguous);
		for (const piece of this.pieces) if (piece.offset < contiguous) stream.set(piece.data.subarray(0, contiguous - piece.offset), piece.offset);
		if (stream[0] !== 1) return 'fail';
		const size = 4 + ((stream[1]! << 16) | (stream[2]! << 8) | stream[3]!);
		if (size > MAX_HELLO) return 'fail';
		if (contiguous < size) return undefined;
		return parseClientHello(stream.subarray(0, size)) ?? 'fail';
	}

	release(): void {
		this.budget.used -= this.held;
		this.held = 0;
		this.pieces.length = 0;
	}
}

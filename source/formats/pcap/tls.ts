/**
The server name (SNI) a TLS client asks for, from its ClientHello: on TCP from the TLS records (a
ClientHello may be split over several TCP segments and, rarely, several records), in QUIC from the
CRYPTO stream (no record layer). With Encrypted Client Hello the name seen is the outer (public) one.
*/
import {ByteQueue, type Budget, latin1} from './bytes.js';

/** The largest ClientHello read (post-quantum key shares make them ~2 KB; anything near this is not a hello). */
export const MAX_HELLO = 64 * 1024;

export type HelloResult = {sni: string | undefined};

/**
Parse a ClientHello handshake message (type 1, 3-byte length, body). Undefined when it is not a
well-formed ClientHello; `sni` undefined when it names no server.
*/
export function parseClientHello(m: Uint8Array): HelloResult | undefined {
	if (m.length < 4 || m[0] !== 1) return undefined;
	const end = Math.min(m.length, 4 + ((m[1]! << 16) | (m[2]! << 8) | m[3]!));
	let at = 4 + 2 + 32;
	if (at + 1 > end) return undefined;
	at += 1 + m[at]!; // session id
	if (at + 2 > end) return undefined;
	at += 2 + ((m[at]! << 8) | m[at + 1]!); // cipher suites
	if (at + 1 > end) return undefined;
	at += 1 + m[at]!; // compression methods
	if (at === end) return {sni: undefined}; // no extensions (SSL 3 style)
	if (at + 2 > end) return undefined;
	const extEnd = Math.min(end, at + 2 + ((m[at]! << 8) | m[at + 1]!));
	at += 2;
	while (at + 4 <= extEnd) {
		const type = (m[at]! << 8) | m[at + 1]!;
		const len = (m[at + 2]! << 8) | m[at + 3]!;
		const body = at + 4;
		if (body + len > extEnd) return undefined;
		if (type === 0) return {sni: serverName(m, body, body + len)};
		at = body + len;
	}
	return {sni: undefined};
}

/** The first host_name entry of a server_name extension body. */
function serverName(m: Uint8Array, at: number, end: number): string | undefined {
	if (at + 2 > end) return undefined;
	const listEnd = Math.min(end, at + 2 + ((m[at]! << 8) | m[at + 1]!));
	let p = at + 2;
	while (p + 3 <= listEnd) {
		const type = m[p]!;
		const len = (m[p + 1]! << 8) | m[p + 2]!;
		if (p + 3 + len > listEnd) return undefined;
		if (type === 0 && len > 0) return latin1(m, p + 3, p + 3 + len).toLowerCase().replace(/\.$/, '');
		p += 3 + len;
	}
	return undefined;
}

/** True when a TCP stream starts like a TLS handshake record (type 22, version 3.x). */
export function looksLikeTls(b: Uint8Array, at: number, end: number): boolean {
	return end - at >= 3 && b[at] === 0x16 && b[at + 1] === 0x03 && b[at + 2]! <= 0x04;
}

/**
Collects the client's TLS records until its ClientHello is whole. `push` returns the result, `'more'`
while it needs bytes, or `'fail'` when the stream is not a ClientHello (or too big to hold).
*/
export class TlsHelloReader {
	/** Raw stream bytes not yet split into records. */
	private readonly raw: ByteQueue;
	/** Handshake bytes from the records so far. */
	private readonly hs: ByteQueue;

	constructor(budget: Budget) {
		this.raw = new ByteQueue(budget, MAX_HELLO + 5);
		this.hs = new ByteQueue(budget, MAX_HELLO);
	}

	push(bytes: Uint8Array): HelloResult | 'more' | 'fail' {
		// The common case: the first segment holds the whole record and the whole hello; read it in place.
		if (this.raw.length === 0 && this.hs.length === 0) {
			const direct = this.direct(bytes);
			if (direct) return direct;
		}
		if (!this.raw.push(bytes)) return 'fail';
		for (;;) {
			const raw = this.raw.view();
			if (raw.length < 5) return 'more';
			if (raw[0] !== 0x16) return 'fail';
			const len = (raw[3]! << 8) | raw[4]!;
			if (raw.length < 5 + len) return 'more';
			// The common split: one record holding the whole hello, over two or three segments. Read it where
			// it is rather than copy it into a second queue.
			if (this.hs.length === 0 && len >= 4 && raw[5] === 1) {
				const size = 4 + ((raw[6]! << 16) | (raw[7]! << 8) | raw[8]!);
				if (size <= len) return parseClientHello(raw.subarray(5, 5 + size)) ?? 'fail';
			}
			if (!this.hs.push(raw.subarray(5, 5 + len))) return 'fail';
			this.raw.consume(5 + len);
			const hs = this.hs.view();
			if (hs.length < 4) continue;
			if (hs[0] !== 1) return 'fail';
			const size = 4 + ((hs[1]! << 16) | (hs[2]! << 8) | hs[3]!);
			if (size > MAX_HELLO) return 'fail';
			if (hs.length >= size) return parseClientHello(hs.subarray(0, size)) ?? 'fail';
		}
	}

	private direct(b: Uint8Array): HelloResult | undefined {
		if (b.length < 9 || b[0] !== 0x16) return undefined;
		const len = (b[3]! << 8) | b[4]!;
		const size = 4 + ((b[6]! << 16) | (b[7]! << 8) | b[8]!);
		if (b[5] !== 1 || 5 + len > b.length || size > len) return undefined;
		return parseClientHello(b.subarray(5, 5 + size));
	}

	release(): void {
		this.raw.release();
		this.hs.release();
	}
}

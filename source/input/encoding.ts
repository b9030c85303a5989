/**
Text encoding checks on raw bytes. This tool reads UTF-8. A file with occasional invalid sequences (a
Latin-1 device name in an otherwise UTF-8 log) is read with U+FFFD in their place and one warning that
counts them; a file that is mostly not UTF-8, or is UTF-16, is refused with a message saying so.

The common case costs one native `isUtf8` call per chunk; only chunks that fail it are walked byte by
byte to count the invalid sequences (each maximal invalid subpart counts once, as the decoder replaces it).
*/
import {isUtf8} from 'node:buffer';

/** UTF-16 by its byte-order mark, or by NULs in every other byte of ASCII-range text. */
export function utf16Kind(bytes: Uint8Array): 'little-endian' | 'big-endian' | undefined {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'little-endian';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'big-endian';
	const n = Math.min(bytes.length, 512) & ~1;
	if (n < 8) return undefined;
	let evenNul = 0;
	let oddNul = 0;
	for (let i = 0; i < n; i += 2) {
		if (bytes[i] === 0) evenNul++;
		if (bytes[i + 1] === 0) oddNul++;
	}
	const pairs = n / 2;
	if (oddNul >= pairs * 0.9 && evenNul <= pairs * 0.1) return 'little-endian';
	if (evenNul >= pairs * 0.9 && oddNul <= pairs * 0.1) return 'big-endian';
	return undefined;
}

/** Length of the prefix of `b` that ends on a character boundary (an incomplete last sequence excluded). */
function completeLength(b: Uint8Array): number {
	const n = b.length;
	for (let k = 1; k <= 3 && k <= n; k++) {
		const c = b[n - k]!;
		if (c < 0x80) return n;
		if (c >= 0xc0) {
			const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			return need > k ? n - k : n;
		}
	}
	return n;
}

/** Invalid sequences in `b` (complete input) and the index of the first; walks byte by byte. */
export function scanInvalidUtf8(b: Uint8Array): {count: number; first: number} {
	let count = 0;
	let first = -1;
	const bad = (i: number): void => {
		count++;
		if (first === -1) first = i;
	};
	let i = 0;
	const n = b.length;
	while (i < n) {
		const c = b[i]!;
		if (c < 0x80) {
			i++;
			continue;
		}
		let need: number;
		let lo = 0x80;
		let hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) need = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c === 0xe0) lo = 0xa0;
			if (c === 0xed) hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c === 0xf0) lo = 0x90;
			if (c === 0xf4) hi = 0x8f;
		} else {
			bad(i);
			i++;
			continue;
		}
		let j = 1;
		for (; j <= need && i + j < n; j++) {
			const d = b[i + j]!;
			if (d < (j === 1 ? lo : 0x80) || d > (j === 1 ? hi : 0xbf)) break;
		}
		if (j <= need) {
			// A maximal invalid subpart (the valid start of a sequence that breaks off) is one replacement.
			bad(i);
			i += j;
		} else i += need + 1;
	}
	return {count, first};
}

/** Counts invalid UTF-8 across chunks (a character may be split between two). */
export class Utf8Counter {
	private carry: Uint8Array = new Uint8Array(0);
	/** Bytes checked before the current chunk. */
	private offset = 0;
	/** Invalid sequences so far. */
	count = 0;
	/** Byte offset of the first invalid sequence, or -1. */
	first = -1;

	/**
	Check the next chunk. Returns the index in `chunk` of this chunk's first invalid sequence when it is
	the first of the input (negative when it began in the bytes carried from the chunk before), else undefined.
	*/
	push(chunk: Uint8Array): number | undefined {
		const carried = this.carry.length;
		const data = carried > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
		const end = completeLength(data);
		// A copy (Uint8Array's `slice`; Buffer's is a view): the chunk's buffer may be reused for the next read.
		this.carry = Uint8Array.prototype.slice.call(data, end);
		const body = data.subarray(0, end);
		let found: number | undefined;
		if (!isUtf8(body)) {
			const {count, first} = scanInvalidUtf8(body);
			this.count += count;
			if (this.first === -1 && first !== -1) {
				this.first = this.offset + first;
				found = first - carried;
			}
		}
		this.offset += body.length;
		return found;
	}

	/** The input ended: an incomplete last sequence is one more invalid one. */
	end(): boolean {
		if (this.carry.length === 0) return false;
		this.count++;
		const firstHere = this.first === -1;
		if (firstHere) this.first = this.offset;
		this.carry = new Uint8Array(0);
		return firstHere;
	}
}

/** The message for a file with occasional invalid sequences. */
export function invalidUtf8Message(count: number, where: string): string {
	return `${count.toLocaleString('en-US')} invalid UTF-8 ${count === 1 ? 'sequence was' : 'sequences were'} read as U+FFFD (${where}); is this file in another encoding?`;
}

/** Share of the head that must be invalid UTF-8 for the input to be refused as not text. */
export const MOSTLY_INVALID = 0.3;

/**
Small byte helpers for the protocol readers: a growable queue for bytes that arrive in pieces (a
ClientHello over two TCP segments, an HTTP header block, a DNS message over TCP), charged against a
budget shared by every flow, so that reassembly stays bounded however many flows wait for more.
*/

/** Bytes held by all queues together; a queue that would exceed it gives up. */
export class Budget {
	used = 0;
	/** Times a queue gave up for the budget (reported once at the end). */
	refused = 0;
	constructor(readonly limit: number) {}
}

export class ByteQueue {
	private buf = new Uint8Array(0);
	private size = 0;

	constructor(
		private readonly budget: Budget,
		/** The most this queue holds: past it, `push` fails. */
		private readonly cap: number,
	) {}

	get length(): number {
		return this.size;
	}

	/** The bytes held (a view: valid until the next push or consume). */
	view(): Uint8Array {
		return this.buf.subarray(0, this.size);
	}

	/** Append a copy of `bytes`; false (and nothing appended) when the cap or the budget would be exceeded. */
	push(bytes: Uint8Array): boolean {
		const need = this.size + bytes.length;
		if (need > this.cap) return false;
		if (need > this.buf.length) {
			const grow = Math.min(this.cap, Math.max(need, this.buf.length * 2, 2048));
			if (this.budget.used + grow - this.buf.length > this.budget.limit) {
				this.budget.refused++;
				return false;
			}
			const next = new Uint8Array(grow);
			next.set(this.buf.subarray(0, this.size));
			this.budget.used += grow - this.buf.length;
			this.buf = next;
		}
		this.buf.set(bytes, this.size);
		this.size = need;
		return true;
	}

	/** Drop the first `n` bytes. */
	consume(n: number): void {
		if (n >= this.size) {
			this.size = 0;
			return;
		}
		this.buf.copyWithin(0, n, this.size);
		this.size -= n;
	}

	/** Give the memory back (the queue is done). */
	release(): void {
		this.budget.used -= this.buf.length;
		this.buf = new Uint8Array(0);
		this.size = 0;
	}
}

/**
An integer with its thousands grouped as `toLocaleString('en-US')` writes it (`2,147,483,647`), without
ICU: the first `toLocaleString` of a thread loads the locale data, 84 ms of CPU that the end of a capture
(device evidence, counts in diagnostics) otherwise pays. Other numbers go to `toLocaleString`.
*/
export function grouped(n: number): string {
	if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
	const digits = String(Math.abs(n));
	let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
	for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
	return n < 0 ? `-${out}` : out;
}

// Node's native Latin-1 decoder (what `buffer.toString('latin1')` runs): one byte, one code point, for any
// Uint8Array. A JS loop or `String.fromCharCode(...bytes)` costs far more until the JIT has optimised it,
// and the code that names flows runs a few thousand times a capture: mostly before that.
const latin1Slice = (Buffer.prototype as unknown as {latin1Slice(this: Uint8Array, start: number, end: number): string}).latin1Slice;

/** Bytes as Latin-1 text (protocol fields are ASCII; anything else is kept visible, never decoded as UTF-8 escapes). */
export function latin1(b: Uint8Array, start: number, end: number): string {
	const stop = Math.min(end, b.length);
	if (start >= stop) return '';
	return latin1Slice.call(b, Math.max(0, start), stop);
}

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const indexOfBytes = Buffer.prototype.indexOf as (this: Uint8Array, value: Uint8Array, from: number) => number;

/** Where `\r\n\r\n` (the end of an HTTP head) starts in `b[from, end)`; -1 when it is not wholly there. */
export function headEnd(b: Uint8Array, from: number, end: number): number {
	const start = Math.max(0, from);
	if (end - start < 4) return -1;
	// Native search (memmem), not a byte loop: the same answer, without waiting for the JIT.
	return indexOfBytes.call(end < b.length ? b.subarray(0, end) : b, HEAD_END, start);
}

/** Read a QUIC variable-length integer at `at`: [value, bytes], or undefined when cut. */
export function varint(b: Uint8Array, at: number, end: number): [number, number] | undefined {
	if (at >= end) return undefined;
	const first = b[at]!;
	const size = 1 << (first >> 6);
	if (at + size > end) return undefined;
	let v = first & 0x3f;
	for (let i = 1; i < size; i++) v = v * 256 + b[at + i]!;
	return [v, size];
}

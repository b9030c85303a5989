/**
A byte-level streaming scanner that finds one JSON array inside a document (by key path) and hands out
its elements one at a time, parsed with `JSON.parse`.

Why not `JSON.parse` on the whole document: HAR files of a video session reach gigabytes (base64 video
segments in `response.content.text`); V8 cannot hold a string above ~512 Mi characters
(`ERR_STRING_TOO_LONG`), and parsing one object of that size needs several times its size in heap.
This scanner works on raw bytes and keeps only the element being read, so memory is bounded by the
largest element; strings above `maxStringBytes` inside an element are never copied or decoded: they
are replaced in the element's bytes by a short placeholder (see `droppedStringLength`).

What it tracks: string state (quotes, backslash escapes), nesting, keys on the way to the array, a
UTF-8 BOM, and chunk boundaries anywhere (inside a multi-byte character, an escape, a key). Multi-byte
UTF-8 sequences never contain ASCII bytes, so structural characters can be found byte by byte; each
element is decoded once (TextDecoder) and parsed once.

Outside the target array the scanner is lenient (it only follows strings and brackets). Inside it,
an element that `JSON.parse` rejects is reported with its index and skipped; the next ones are kept.
Damage that unbalances brackets or quotes cannot be located by any scanner: everything up to the point
where the brackets balance again is lost, and the end reports truncation.
*/

/**
Where the array is: its key path, matched as a suffix of the path from the root (or from the root when
anchored), and never below another object under the path's first key (`log.creator.log.entries` is not
the HAR's `log.entries`).
*/
export type ArrayScanOptions = {
	/** Keys leading to the array, e.g. `['log', 'entries']` (HAR) or `['response', 'data', 'data']` (Tautulli). */
	readonly path: readonly string[];
	/** When true the path must start at the root object; otherwise it may sit at any depth (HAR wrappers). */
	readonly anchored?: boolean;
	/** Strings longer than this (bytes between the quotes) are dropped from elements. Default 256 KiB. */
	readonly maxStringBytes?: number;
	/** Elements larger than this after dropping long strings are skipped and reported. Default 64 MiB. */
	readonly maxElementBytes?: number;
};

/** What went wrong, located by element index where there is one. */
export type ScanProblem =
	| {kind: 'empty'}
	| {kind: 'not-json'; found: string}
	| {kind: 'not-found'; reason?: string}
	| {kind: 'invalid-element'; index: number; message: string}
	| {kind: 'element-too-large'; index: number; bytes: number}
	| {kind: 'stray'; index: number; found: string}
	/** The input ended inside the array; `complete` elements were read, `partial` is true when an element was cut. */
	| {kind: 'truncated'; complete: number; partial: boolean};

/** Receives elements and problems, synchronously, in input order. */
export type ScanHandler = {
	element(value: unknown, index: number): void;
	problem(problem: ScanProblem): void;
};

/** The prefix of the placeholder that replaces a dropped string; the byte length of the original follows. */
export const DROPPED_PREFIX = '\u0000dropped:';

/**
If `value` is a placeholder for a string the scanner dropped, the dropped string's byte length (the
JSON text between the quotes, escapes included); otherwise undefined.
*/
export function droppedStringLength(value: unknown): number | undefined {
	if (typeof value !== 'string' || !value.startsWith(DROPPED_PREFIX)) return undefined;
	const n = Number(value.slice(DROPPED_PREFIX.length));
	return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const SEARCH = 0;
const BETWEEN = 1;
const ELEMENT = 2;
const DONE = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Element kinds: a container (object/array), a string, or a bare literal (number, true, null). */
const CONTAINER = 0;
const STRING = 1;
const LITERAL = 2;

const MAX_KEY_BYTES = 256;
const MAX_SEARCH_DEPTH = 4096;
const INITIAL_BUFFER = 64 * 1024;
const BOM = [0xef, 0xbb, 0xbf];

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Streams one JSON array out of a document; see the module comment. */
export class JsonArrayScanner {
	private readonly path: readonly string[];
	private readonly anchored: boolean;
	private readonly maxString: number;
	private readonly maxElement: number;

	private phase = SEARCH;
	/** Absolute offset of the current chunk's first byte (for the BOM). */
	private offset = 0;
	private started = false;

	// Search: containers on the way down, the key each sits under, and key capture.
	private readonly frameIsObject: boolean[] = [];
	private readonly frameKey: Array<string | null> = [];
	private expectKey = false;
	private lastKey: string | null = null;
	private capture: number[] | null = null;

	// String state, shared by all phases.
	private inString = false;
	private escape = false;
	/** Bytes of the current string so far (content only). */
	private strLen = 0;
	/** Offset in `buf` (counting not-yet-copied bytes) of the current string's opening quote. */
	private strStart = 0;
	private dropping = false;

	// Element state.
	private index = 0;
	private depth = 0;
	private kind = CONTAINER;
	private buf = new Uint8Array(INITIAL_BUFFER);
	private len = 0;
	private tooLarge = false;
	private tooLargeBytes = 0;

	constructor(options: ArrayScanOptions) {
		this.path = options.path;
		this.anchored = options.anchored ?? false;
		this.maxString = options.maxStringBytes ?? 256 * 1024;
		this.maxElement = options.maxElementBytes ?? 64 * 1024 * 1024;
	}

	/** Number of complete elements handed out (or skipped as invalid) so far. */
	get elements(): number {
		return this.index;
	}

	/** True once the target array has been found. */
	get found(): boolean {
		return this.arrayFound;
	}

	private arrayFound = false;

	/** Feed the next chunk. */
	push(chunk: Uint8Array, handler: ScanHandler): void {
		// Buffer#indexOf (memchr) finds closing quotes about twice as fast as Uint8Array#indexOf.
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
		let i = 0;
		const n = bytes.length;
		while (i < n && this.phase !== DONE) {
			if (this.phase === SEARCH) i = this.search(bytes, i, handler);
			else if (this.phase === BETWEEN) i = this.between(bytes, i, handler);
			else i = this.element(bytes, i, handler);
		}
		this.offset += n;
	}

	/** The input ended: report what is missing. */
	end(handler: ScanHandler): void {
		if (this.phase === SEARCH) {
			handler.problem(this.started ? {kind: 'not-found'} : {kind: 'empty'});
		} else if (this.phase === BETWEEN || this.phase === ELEMENT) {
			handler.problem({kind: 'truncated', complete: this.index, partial: this.phase === ELEMENT});
		}
		this.phase = DONE;
		this.resetElement();
	}

	// ---- search: walk the document until the array's opening bracket ----

	private search(b: Uint8Array, start: number, h: ScanHandler): number {
		let i = start;
		const n = b.length;
		if (this.inString) {
			i = this.searchString(b, i);
			if (this.inString) return n;
		}
		for (; i < n; i++) {
			const c = b[i]!;
			if (!this.started) {
				if (isSpace(c)) continue;
				const abs = this.offset + i;
				if (abs < 3 && c === BOM[abs]) continue;
				this.started = true;
				if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
					h.problem({kind: 'not-json', found: printable(b, i)});
					this.phase = DONE;
					return n;
				}
			}
			if (c === QUOTE) {
				const top = this.frameIsObject.length - 1;
				this.capture = this.expectKey && top >= 0 && this.frameIsObject[top] ? [] : null;
				this.inString = true;
				this.escape = false;
				i = this.searchString(b, i + 1);
				if (this.inString) return n;
				i--; // the loop's i++ moves past the closing quote's successor correctly
			} else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
				const top = this.frameIsObject.length - 1;
				const key = top >= 0 && this.frameIsObject[top] ? this.lastKey : null;
				if (c === OPEN_BRACKET && this.matches(key)) {
					this.phase = BETWEEN;
					this.arrayFound = true;
					return i + 1;
				}
				if (this.frameIsObject.length >= MAX_SEARCH_DEPTH) {
					h.problem({kind: 'not-found', reason: `nesting deeper than ${MAX_SEARCH_DEPTH} levels`});
					this.phase = DONE;
					return n;
				}
				this.frameIsObject.push(c === OPEN_BRACE);
				this.frameKey.push(key);
				this.expectKey = c === OPEN_BRACE;
				this.lastKey = null;
			} else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
				this.frameIsObject.pop();
				this.frameKey.pop();
				this.expectKey = false;
			} else if (c === COMMA) {
				const top = this.frameIsObject.length - 1;
				this.expectKey = top >= 0 && this.frameIsObject[top] === true;
			} else if (c === COLON) {
				this.expectKey = false;
			}
		}
		return n;
	}

	/** Continue a string in the search phase from `i`; returns the index after the closing quote. */
	private searchString(b: Uint8Array, i: number): number {
		const q = this.closingQuote(b, i);
		const end = q === -1 ? b.length : q;
		if (this.capture) {
			for (let k = i; k < end && this.capture.length <= MAX_KEY_BYTES; k++) this.capture.push(b[k]!);
		}
		if (q === -1) return b.length;
		this.inString = false;
		if (this.capture) {
			this.lastKey = this.capture.length > MAX_KEY_BYTES ? null : decodeKey(this.capture);
			this.capture = null;
			this.expectKey = false;
		}
		return q + 1;
	}

	/** Does an array under `key`, inside the current frames, sit at the target path? */
	private matches(key: string | null): boolean {
		const p = this.path;
		const last = p.length - 1;
		if (last < 0 || key !== p[last]) return false;
		const frames = this.frameKey.length;
		// p[last - 1] is the key of the innermost frame, p[0] the key of the frame `last` levels up.
		if (frames < last + 1) return false;
		if (this.anchored && frames !== last + 1) return false;
		for (let j = 1; j <= last; j++) {
			if (this.frameKey[frames - j] !== p[last - j]) return false;
		}
		// The outermost match only: a `log.entries` inside `log.creator` (or any object under a `log`) is a
		// decoy, never the capture.
		for (let j = 0; j < frames - last; j++) if (this.frameKey[j] === p[0]) return false;
		return true;
	}

	// ---- between elements: whitespace, commas, the next element or the closing bracket ----

	private between(b: Uint8Array, start: number, h: ScanHandler): number {
		const n = b.length;
		for (let i = start; i < n; i++) {
			const c = b[i]!;
			if (isSpace(c) || c === COMMA) continue;
			if (c === CLOSE_BRACKET) {
				this.phase = DONE;
				return n;
			}
			this.phase = ELEMENT;
			this.len = 0;
			this.tooLarge = false;
			this.tooLargeBytes = 0;
			if (c === OPEN_BRACE || c === OPEN_BRACKET) {
				this.kind = CONTAINER;
				this.depth = 0;
				return i;
			}
			if (c === QUOTE) {
				this.kind = STRING;
				return i;
			}
			if (c === CLOSE_BRACE || c === COLON) {
				h.problem({kind: 'stray', index: this.index, found: String.fromCharCode(c)});
				this.phase = BETWEEN;
				continue;
			}
			this.kind = LITERAL;
			return i;
		}
		return n;
	}

	// ---- inside an element: copy its bytes (minus long strings) until it closes ----

	private element(b: Uint8Array, start: number, h: ScanHandler): number {
		const n = b.length;
		let i = start;
		/** Start of the bytes of this chunk not yet copied into `buf`. */
		let seg = start;
		if (this.kind === LITERAL) {
			for (; i < n; i++) {
				const c = b[i]!;
				if (c === COMMA || c === CLOSE_BRACKET || c === CLOSE_BRACE || isSpace(c)) {
					this.finish(b, seg, i, h);
					return i;
				}
			}
			this.flush(b, seg, n);
			return n;
		}
		for (;;) {
			if (this.inString) {
				const from = i;
				const q = this.closingQuote(b, i);
				const end = q === -1 ? n : q;
				this.strLen += end - from;
				if (!this.dropping && this.strLen > this.maxString) {
					// Keep what precedes the string, forget the string itself (also its opening quote).
					this.flush(b, seg, from);
					this.len = this.strStart;
					this.dropping = true;
				}
				if (this.dropping) seg = end;
				if (q === -1) {
					this.flush(b, seg, n);
					return n;
				}
				this.inString = false;
				i = q + 1;
				if (this.dropping) {
					this.dropping = false;
					this.append(`"\\u0000dropped:${this.strLen}"`);
					seg = i;
				}
				if (this.kind === STRING) {
					this.finish(b, seg, i, h);
					return i;
				}
			}
			let depth = this.depth;
			for (; i < n; i++) {
				const c = b[i]!;
				if (c === QUOTE) break;
				if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
				else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
					depth--;
					if (depth <= 0) {
						this.depth = 0;
						this.finish(b, seg, i + 1, h);
						return i + 1;
					}
				}
			}
			this.depth = depth;
			if (i >= n) {
				this.flush(b, seg, n);
				return n;
			}
			// A string starts at i.
			this.inString = true;
			this.escape = false;
			this.strLen = 0;
			this.strStart = this.len + (i - seg);
			i++;
		}
	}

	/**
	Find the closing quote of the current string, starting at `from`. Returns -1 when the chunk ends first,
	remembering whether it ended inside an escape. Backslash runs are counted only within this chunk: a
	run cut by the chunk boundary leaves `escape` set, and the next chunk starts by skipping one byte.
	*/
	private closingQuote(b: Uint8Array, from: number): number {
		const n = b.length;
		let p = from;
		if (this.escape) {
			if (p >= n) return -1;
			this.escape = false;
			p++;
		}
		for (;;) {
			const q = p < n ? b.indexOf(QUOTE, p) : -1;
			let k = (q === -1 ? n : q) - 1;
			let run = 0;
			while (k >= p && b[k] === BACKSLASH) {
				run++;
				k--;
			}
			if (q === -1) {
				this.escape = (run & 1) === 1;
				return -1;
			}
			if ((run & 1) === 0) return q;
			p = q + 1;
		}
	}

	/** Copy `b[from, to)` into the element buffer (unless the element is being skipped as too large). */
	private flush(b: Uint8Array, from: number, to: number): void {
		if (to <= from) return;
		if (this.tooLarge) {
			this.tooLargeBytes += to - from;
			return;
		}
		const need = this.len + (to - from);
		if (need > this.maxElement) {
			this.tooLarge = true;
			this.tooLargeBytes = need;
			this.len = 0;
			return;
		}
		this.reserve(need);
		this.buf.set(b.subarray(from, to), this.len);
		this.len = need;
	}

	private append(text: string): void {
		const bytes = encoder.encode(text);
		if (this.tooLarge) return;
		this.reserve(this.len + bytes.length);
		this.buf.set(bytes, this.len);
		this.len += bytes.length;
	}

	private reserve(need: number): void {
		if (need <= this.buf.length) return;
		let size = this.buf.length * 2;
		while (size < need) size *= 2;
		const next = new Uint8Array(size);
		next.set(this.buf.subarray(0, this.len));
		this.buf = next;
	}

	/** The element ends at `b[end]` (exclusive): decode, parse and hand it out. */
	private finish(b: Uint8Array, seg: number, end: number, h: ScanHandler): void {
		const index = this.index++;
		this.phase = BETWEEN;
		if (this.tooLarge) {
			h.problem({kind: 'element-too-large', index, bytes: this.tooLargeBytes + (end - seg)});
			this.resetElement();
			return;
		}
		let bytes: Uint8Array;
		if (this.len === 0) bytes = b.subarray(seg, end);
		else {
			this.flush(b, seg, end);
			bytes = this.buf.subarray(0, this.len);
		}
		let value: unknown;
		let ok = false;
		try {
			value = JSON.parse(decoder.decode(bytes));
			ok = true;
		} catch (error) {
			h.problem({kind: 'invalid-element', index, message: error instanceof Error ? error.message : String(error)});
		}
		this.resetElement();
		if (ok) h.element(value, index);
	}

	private resetElement(): void {
		this.len = 0;
		this.depth = 0;
		this.inString = false;
		this.escape = false;
		this.dropping = false;
		this.tooLarge = false;
		this.tooLargeBytes = 0;
		// Give back the memory of one huge element.
		if (this.buf.length > 8 * 1024 * 1024) this.buf = new Uint8Array(INITIAL_BUFFER);
	}
}

function decodeKey(bytes: number[]): string {
	const raw = decoder.decode(Uint8Array.from(bytes));
	if (!raw.includes('\\')) return raw;
	try {
		return JSON.parse(`"${raw}"`) as string;
	} catch {
		return raw;
	}
}

/** A short printable excerpt at `i` for messages. */
function printable(b: Uint8Array, i: number): string {
	return decoder.decode(b.subarray(i, i + 16)).replace(/[^\x20-\x7e]/g, '?');
}

/** Scan a whole in-memory input (tests, small documents). */
export function scanArray(input: Uint8Array, options: ArrayScanOptions, chunkSize = 1024 * 1024): {elements: Array<{index: number; value: unknown}>; problems: ScanProblem[]} {
	const elements: Array<{index: number; value: unknown}> = [];
	const problems: ScanProblem[] = [];
	const handler: ScanHandler = {element: (value, index) => void elements.push({index, value}), problem: (p) => void problems.push(p)};
	const scanner = new JsonArrayScanner(options);
	for (let i = 0; i < input.length; i += chunkSize) scanner.push(input.subarray(i, i + chunkSize), handler);
	scanner.end(handler);
	return {elements, problems};
}

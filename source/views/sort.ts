/**
Ordering rows and records: one implementation for the screen, print mode and exports.

Empty cells sort last in both directions and tie with each other; numbers compare as numbers, lists by
length, text with one shared collator (numeric, case-insensitive), and ISO-8601 timestamps of the same
shape as plain strings (where collation and code-unit order agree, and comparing is much cheaper).
Sorts are stable: ties keep their input order.
*/
import type {CellValue, Row} from './types.js';

const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

/**
The collator's order of printable ASCII, as ranks (0: not printable ASCII), read off the collator
itself at start-up: its primary weights put space and punctuation first, then symbols, digits, and
letters with case ignored. With them, `asciiCompare` orders two ASCII strings exactly as the collator
does — digit runs as numbers, leading zeros ignored — several times faster; host names, paths and most
of what is sorted are ASCII. Anything else goes to the collator.
*/
const ASCII_RANK = (() => {
	const rank = new Uint8Array(128);
	const chars = Array.from({length: 95}, (_, k) => String.fromCharCode(32 + k)).sort(collator.compare);
	let r = 0;
	chars.forEach((ch, k) => {
		if (k === 0 || collator.compare(chars[k - 1]!, ch) !== 0) r++;
		rank[ch.charCodeAt(0)] = r;
	});
	return rank;
})();

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The collator's comparison of two printable-ASCII strings, or undefined when either is not. */
export function asciiCompare(a: string, b: string): number | undefined {
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(j);
		if (x >= 128 || y >= 128 || ASCII_RANK[x] === 0 || ASCII_RANK[y] === 0) return undefined;
		if (isDigit(x) && isDigit(y)) {
			// Two numbers: leading zeros do not count, then the longer is larger, then digit by digit.
			while (i < a.length && a.charCodeAt(i) === 48) i++;
			while (j < b.length && b.charCodeAt(j) === 48) j++;
			let ei = i;
			let ej = j;
			while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
			while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
			if (ei - i !== ej - j) return ei - i - (ej - j);
			for (; i < ei; i++, j++) {
				const d = a.charCodeAt(i) - b.charCodeAt(j);
				if (d !== 0) return d;
			}
			continue;
		}
		const d = ASCII_RANK[x]! - ASCII_RANK[y]!;
		if (d !== 0) return d;
		i++;
		j++;
	}
	for (let k = i; k < a.length; k++) if (ASCII_RANK[a.charCodeAt(k)] === 0 || a.charCodeAt(k) >= 128) return undefined;
	for (let k = j; k < b.length; k++) if (ASCII_RANK[b.charCodeAt(k)] === 0 || b.charCodeAt(k) >= 128) return undefined;
	return a.length - i - (b.length - j);
}

/** Compare text as the collator does (ASCII through the fast path). */
export function compareText(a: string, b: string): number {
	return asciiCompare(a, b) ?? collator.compare(a, b);
}

/** True for `YYYY-MM-DDTHH:MM:SS[.fff…]Z` (checked by char codes: this runs millions of times). */
export function isIsoTime(s: string): boolean {
	const n = s.length;
	if (n < 20 || s.charCodeAt(n - 1) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return false;
	for (let i = 0; i < n - 1; i++) {
		const c = s.charCodeAt(i);
		const digit = c >= 48 && c <= 57;
		if (i === 4 || i === 7) {
			if (c !== 45 /* - */) return false;
		} else if (i === 13 || i === 16) {
			if (c !== 58 /* : */) return false;
		} else if (i === 10) continue;
		else if (i === 19) {
			if (c !== 46 /* . */) return false;
		} else if (!digit) return false;
	}
	return n === 20 || n > 21;
}

/** Empty cells: no value, '', or NaN (a number column's "no value", e.g. a time that is not known). */
function isEmpty(v: CellValue): boolean {
	return v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

/** Compare two non-empty values (ascending). */
export function compareValues(a: CellValue, b: CellValue): number {
	if (a === b) return 0;
	if (isEmpty(a)) return isEmpty(b) ? 0 : 1;
	if (isEmpty(b)) return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = Array.isArray(a) ? a.length : String(a);
	const sb = Array.isArray(b) ? b.length : String(b);
	if (typeof sa === 'number' && typeof sb === 'number') return sa - sb;
	const x = String(sa);
	const y = String(sb);
	if (x.length === y.length && isIsoTime(x) && isIsoTime(y)) return x < y ? -1 : x > y ? 1 : 0;
	return compareText(x, y);
}

/** Order of two values for a sort: empty values last in both directions. 0 for ties. */
export function orderValues(a: CellValue, b: CellValue, descending: boolean): number {
	const ea = isEmpty(a);
	const eb = isEmpty(b);
	if (ea || eb) return ea === eb ? 0 : ea ? 1 : -1;
	const c = compareValues(a, b);
	return descending ? -c : c;
}

/** A stable sorted copy of rows by one column. */
export function sortRows<R extends Row>(rows: readonly R[], key: string, descending: boolean): R[] {
	const order = sortIndices(rows.map((r) => r[key]), 0, descending);
	return order.map((i) => rows[i]!);
}

/**
Stable sort of `values` (positions `base + i`), as indices. Values are ranked first (each distinct
value compared once, values that compare equal sharing a rank), then indices are sorted by rank, so
a million rows cost a sort of small integers plus a sort of the distinct values.
*/
export function sortIndices(values: readonly CellValue[], base: number, descending: boolean): number[] {
	const n = values.length;
	const out: number[] = new Array<number>(n);
	// Already in order (records read in time order, sorted by time): nothing to do.
	let sorted = true;
	for (let i = 1; i < n && sorted; i++) if (orderValues(values[i - 1], values[i], descending) > 0) sorted = false;
	if (sorted) {
		for (let i = 0; i < n; i++) out[i] = base + i;
		return out;
	}
	const keyOf = (v: CellValue): string | number | boolean | undefined => (Array.isArray(v) ? v.length : (v as string | number | boolean | undefined));
	const distinct = new Map<string | number | boolean | undefined, number>();
	for (const v of values) distinct.set(keyOf(v), 0);
	// Decorate once: timestamps compare as plain strings, everything else as `orderValues` says.
	const sign = descending ? -1 : 1;
	const keys = [...distinct.keys()].map((k) => ({k, iso: typeof k === 'string' && isIsoTime(k)}));
	const cmp = (x: {k: CellValue; iso: boolean}, y: {k: CellValue; iso: boolean}): number =>
		x.iso && y.iso && (x.k as string).length === (y.k as string).length ? sign * (x.k! < y.k! ? -1 : x.k! > y.k! ? 1 : 0) : orderValues(x.k, y.k, descending);
	keys.sort(cmp);
	let rank = 0;
	keys.forEach((k, i) => {
		if (i > 0 && cmp(keys[i - 1]!, k) !== 0) rank++;
		distinct.set(k.k, rank);
	});
	const ranks = new Int32Array(n);
	for (let i = 0; i < n; i++) ranks[i] = distinct.get(keyOf(values[i]))!;
	const idx = Array.from({length: n}, (_, i) => i);
	idx.sort((a, b) => ranks[a]! - ranks[b]! || a - b);
	for (let i = 0; i < n; i++) out[i] = base + idx[i]!;
	return out;
}

/**
A stable sort of positions 0…n−1 by a number each (ascending; `+Infinity` sorts last), as a least
significant digit radix sort over the numbers' 64-bit patterns in 16-bit digits: a few linear passes
instead of n·log n comparisons, so two million records sort in tens of milliseconds. It is a generator
that yields between passes, so a caller with a time budget can spread it over several turns.
*/
export function* radixOrder(keys: Float64Array): Generator<void, Uint32Array> {
	const n = keys.length;
	// Order-preserving unsigned form of each double: positives get the sign bit set, negatives are inverted.
	const bits = new Uint32Array(keys.buffer.slice(keys.byteOffset, keys.byteOffset + n * 8));
	for (let k = 0; k < n; k++) {
		const hi = bits[2 * k + 1]!;
		if (hi & 0x80000000) {
			bits[2 * k] = ~bits[2 * k]! >>> 0;
			bits[2 * k + 1] = ~hi >>> 0;
		} else bits[2 * k + 1] = (hi | 0x80000000) >>> 0;
	}
	let order = new Uint32Array(n);
	for (let k = 0; k < n; k++) order[k] = k;
	let next = new Uint32Array(n);
	const counts = new Uint32Array(65537);
	for (let pass = 0; pass < 4; pass++) {
		const word = pass >> 1;
		const shift = (pass & 1) * 16;
		counts.fill(0);
		for (let k = 0; k < n; k++) counts[((bits[2 * k + word]! >>> shift) & 0xffff) + 1]!++;
		// All keys share this digit: nothing to do in this pass.
		if (counts.some((c) => c === n)) continue;
		yield;
		for (let d = 1; d <= 65536; d++) counts[d]! += counts[d - 1]!;
		for (let k = 0; k < n; k++) {
			const p = order[k]!;
			next[counts[(bits[2 * p + word]! >>> shift) & 0xffff]!++] = p;
		}
		[order, next] = [next, order];
		yield;
	}
	return order;
}

/** `radixOrder` run to the end. */
export function radixSortNow(keys: Float64Array): Uint32Array {
	const run = radixOrder(keys);
	for (;;) {
		const step = run.next();
		if (step.done) return step.value;
	}
}

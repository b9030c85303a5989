/**
A reader for the MaxMind DB format (MMDB 2.x, https://maxmind.github.io/MaxMind-DB/), of our own: a
binary search tree over address bits, then a data section of typed values. Enough for country and
network (ASN) databases such as GeoLite2-Country / GeoLite2-ASN and the CC0 `@ip-location-db` MMDB files.

The file is a user's input: every offset is bounds-checked, pointers and nesting are limited, and a
damaged file gives a stated error (`openMmdb`) or no answer for one address (`lookup`), never a throw
out of this module and never a loop.
*/

export type MmdbValue = string | number | boolean | bigint | Uint8Array | MmdbValue[] | {readonly [key: string]: MmdbValue} | null;

export type MmdbMetadata = {
	readonly nodeCount: number;
	readonly recordSize: 24 | 28 | 32;
	readonly ipVersion: 4 | 6;
	readonly databaseType: string;
	readonly buildEpoch: number | undefined;
	readonly description: string | undefined;
};

export type Mmdb = {
	readonly metadata: MmdbMetadata;
	/** The record for an address (dotted IPv4 or IPv6 text), or undefined when the database has none. */
	lookup(address: string): MmdbValue | undefined;
};

const MARKER = [0xab, 0xcd, 0xef, ...Array.from('MaxMind.com', (c) => c.charCodeAt(0))];
/** The metadata is in the last 128 KiB of the file. */
const METADATA_WINDOW = 128 * 1024;
const MAX_DEPTH = 32;
const MAX_CONTAINER = 100_000;

class MmdbError extends Error {}

function fail(message: string): never {
	throw new MmdbError(message);
}

/** A decoder of the data section format over `bytes`, with pointers relative to `base`. */
class Decoder {
	constructor(
		private readonly bytes: Uint8Array,
		private readonly base: number,
		private readonly end: number,
	) {}

	private byte(at: number): number {
		if (at < 0 || at >= this.end) fail('a value runs past the end of its section');
		return this.bytes[at]!;
	}

	private uint(at: number, size: number): number {
		if (size > 6) fail('an integer too wide to read');
		let v = 0;
		for (let k = 0; k < size; k++) v = v * 256 + this.byte(at + k);
		return v;
	}

	/** The value at `at` (absolute offset) and the offset after it. */
	decode(at: number, depth = 0): {value: MmdbValue; next: number} {
		if (depth > MAX_DEPTH) fail('values nested too deeply');
		const ctrl = this.byte(at);
		let p = at + 1;
		let type = ctrl >> 5;
		if (type === 1) {
			// A pointer: the value is elsewhere; reading goes on after the pointer itself.
			const ss = (ctrl >> 3) & 3;
			const vvv = ctrl & 7;
			let offset: number;
			if (ss === 0) offset = vvv * 256 + this.uint(p, 1);
			else if (ss === 1) offset = vvv * 65536 + this.uint(p, 2) + 2048;
			else if (ss === 2) offset = vvv * 16777216 + this.uint(p, 3) + 526336;
			else offset = this.uint(p, 4);
			const target = this.base + offset;
			// A pointer to a pointer is not allowed by the format (and would be a way to loop).
			if (target < this.base || target >= this.end || this.byte(target) >> 5 === 1) fail('a pointer out of bounds');
			return {value: this.decode(target, depth + 1).value, next: p + ss + 1};
		}
		if (type === 0) {
			type = 7 + this.byte(p);
			p++;
			if (type < 8) fail('a bad extended type');
		}
		let size = ctrl & 0x1f;
		if (size === 29) size = 29 + this.uint(p++, 1);
		else if (size === 30) {
			size = 285 + this.uint(p, 2);
			p += 2;
		} else if (size === 31) {
			size = 65821 + this.uint(p, 3);
			p += 3;
		}
		const need = (n: number): void => {
			if (p + n > this.end) fail('a value runs past the end of its section');
		};
		switch (type) {
			case 2: {
				need(size);
				return {value: new TextDecoder('utf-8', {fatal: false}).decode(this.bytes.subarray(p, p + size)), next: p + size};
			}
			case 3: {
				if (size !== 8) fail('a double that is not 8 bytes');
				need(8);
				return {value: new DataView(this.bytes.buffer, this.bytes.byteOffset + p, 8).getFloat64(0), next: p + 8};
			}
			case 4:
				need(size);
				return {value: this.bytes.slice(p, p + size), next: p + size};
			case 5:
			case 6:
				if (size > (type === 5 ? 2 : 4)) fail('an unsigned integer too wide');
				need(size);
				return {value: this.uint(p, size), next: p + size};
			case 8: {
				if (size > 4) fail('an int32 too wide');
				need(size);
				const u = this.uint(p, size);
				return {value: size === 4 && u >= 2 ** 31 ? u - 2 ** 32 : u, next: p + size};
			}
			case 9:
			case 10: {
				if (size > (type === 9 ? 8 : 16)) fail('an unsigned integer too wide');
				need(size);
				let v = 0n;
				for (let k = 0; k < size; k++) v = v * 256n + BigInt(this.bytes[p + k]!);
				return {value: v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v, next: p + size};
			}
			case 7: {
				if (size > MAX_CONTAINER) fail('a map too large');
				const out: Record<string, MmdbValue> = Object.create(null) as Record<string, MmdbValue>;
				for (let k = 0; k < size; k++) {
					const key = this.decode(p, depth + 1);
					if (typeof key.value !== 'string') fail('a map key that is not a string');
					const value = this.decode(key.next, depth + 1);
					out[key.value] = value.value;
					p = value.next;
				}
				return {value: out, next: p};
			}
			case 11: {
				if (size > MAX_CONTAINER) fail('an array too large');
				const out: MmdbValue[] = [];
				for (let k = 0; k < size; k++) {
					const item = this.decode(p, depth + 1);
					out.push(item.value);
					p = item.next;
				}
				return {value: out, next: p};
			}
			case 14:
				return {value: size !== 0, next: p};
			case 15: {
				if (size !== 4) fail('a float that is not 4 bytes');
				need(4);
				return {value: new DataView(this.bytes.buffer, this.bytes.byteOffset + p, 4).getFloat32(0), next: p + 4};
			}
			default:
				return fail(`a value of unknown type ${type}`);
		}
	}
}

/** A metadata value in a message: numbers as they are, anything else by its kind (a map has no prototype to print with). */
function shown(v: MmdbValue | undefined): string {
	if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
	if (typeof v === 'string') return JSON.stringify(v.slice(0, 20));
	return v === undefined ? 'missing' : v === null ? 'null' : Array.isArray(v) ? 'an array' : v instanceof Uint8Array ? 'bytes' : 'a map';
}

function lastIndexOf(bytes: Uint8Array, pattern: readonly number[]): number {
	const from = Math.max(0, bytes.length - METADATA_WINDOW);
	outer: for (let i = bytes.length - pattern.length; i >= from; i--) {
		for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
		return i;
	}
	return -1;
}

/** Address text → 4 or 16 bytes, or undefined. */
export function addressBytes(text: string): Uint8Array | undefined {
	const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
	if (v4) {
		const parts = v4.slice(1).map(Number);
		return parts.every((n) => n <= 255) ? Uint8Array.from(parts) : undefined;
	}
	let s = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
	if (!s.includes(':')) return undefined;
	// An IPv4 tail (::ffff:1.2.3.4) as two groups.
	const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
	if (tail) {
		const b = tail.slice(1).map(Number);
		if (b.some((n) => n > 255)) return undefined;
		s = `${s.slice(0, tail.index)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
	}
	const halves = s.split('::');
	if (halves.length > 2) return undefined;
	const group = (h: string): string[] => (h === '' ? [] : h.split(':'));
	const head = group(halves[0]!);
	const rest = halves.length === 2 ? group(halves[1]!) : [];
	const missing = 8 - head.length - rest.length;
	if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
	const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
	const out = new Uint8Array(16);
	for (let k = 0; k < 8; k++) {
		const g = groups[k]!;
		if (!/^[0-9a-f]{1,4}$/i.test(g)) return undefined;
		const n = Number.parseInt(g, 16);
		out[2 * k] = n >> 8;
		out[2 * k + 1] = n & 255;
	}
	return out;
}

/** Open a database held in memory; an error says what is wrong with the file. */
export function openMmdb(bytes: Uint8Array): {ok: true; db: Mmdb} | {ok: false; error: string} {
	try {
		return {ok: true, db: open(bytes)};
	} catch (error) {
		if (error instanceof MmdbError) return {ok: false, error: error.message};
		throw error;
	}
}

function open(bytes: Uint8Array): Mmdb {
	const marker = lastIndexOf(bytes, MARKER);
	if (marker === -1) fail('not a MaxMind DB file (no metadata marker)');
	const metaStart = marker + MARKER.length;
	const meta = new Decoder(bytes, metaStart, bytes.length).decode(metaStart).value;
	if (!meta || typeof meta !== 'object' || Array.isArray(meta) || meta instanceof Uint8Array) fail('its metadata is not a map');
	const m = meta as Record<string, MmdbValue>;
	const nodeCount = m['node_count'];
	const recordSize = m['record_size'];
	const ipVersion = m['ip_version'];
	const major = m['binary_format_major_version'];
	if (typeof nodeCount !== 'number' || nodeCount < 1) fail('its metadata has no node_count');
	if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) fail(`record size ${shown(recordSize)} (24, 28 or 32 expected)`);
	if (ipVersion !== 4 && ipVersion !== 6) fail(`ip_version ${shown(ipVersion)} (4 or 6 expected)`);
	if (major !== 2) fail(`format version ${shown(major)} (2 expected)`);
	const nodeBytes = recordSize / 4;
	const treeSize = nodeCount * nodeBytes;
	const dataStart = treeSize + 16;
	if (dataStart > marker) fail('its search tree is larger than the file');
	const data = new Decoder(bytes, dataStart, marker);
	const description = m['description'];
	const metadata: MmdbMetadata = {
		nodeCount,
		recordSize,
		ipVersion,
		databaseType: typeof m['database_type'] === 'string' ? m['database_type'] : 'unknown',
		buildEpoch: typeof m['build_epoch'] === 'number' ? m['build_epoch'] : undefined,
		description: description && typeof description === 'object' && !Array.isArray(description) && !(description instanceof Uint8Array) && typeof (description as Record<string, MmdbValue>)['en'] === 'string' ? ((description as Record<string, MmdbValue>)['en'] as string) : undefined,
	};

	const record = (node: number, right: number): number => {
		const at = node * nodeBytes;
		const b = bytes;
		if (recordSize === 24) {
			const o = at + right * 3;
			return (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;
		}
		if (recordSize === 28) {
			if (right === 0) return ((b[at + 3]! & 0xf0) << 20) | (b[at]! << 16) | (b[at + 1]! << 8) | b[at + 2]!;
			return (((b[at + 3]! & 0x0f) << 24) | (b[at + 4]! << 16) | (b[at + 5]! << 8) | b[at + 6]!) >>> 0;
		}
		const o = at + right * 4;
		return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
	};

	// IPv4 addresses in an IPv6 tree are under ::/96: the node after 96 left turns.
	let ipv4Start = 0;
	if (ipVersion === 6) {
		for (let k = 0; k < 96 && ipv4Start < nodeCount; k++) ipv4Start = record(ipv4Start, 0);
	}
	const cache = new Map<number, MmdbValue>();

	return {
		metadata,
		lookup(address) {
			const ip = addressBytes(address);
			if (!ip) return undefined;
			if (ip.length === 16 && ipVersion === 4) return undefined;
			let node = ip.length === 4 && ipVersion === 6 ? ipv4Start : 0;
			const bits = ip.length * 8;
			for (let k = 0; k < bits && node < nodeCount; k++) node = record(node, (ip[k >> 3]! >> (7 - (k & 7))) & 1);
			if (node <= nodeCount) return undefined;
			const offset = node - nodeCount + treeSize;
			if (offset < dataStart || offset >= marker) return undefined;
			const hit = cache.get(offset);
			if (hit !== undefined) return hit;
			try {
				const value = data.decode(offset).value;
				if (cache.size < 65_536) cache.set(offset, value);
				return value;
			} catch (error) {
				if (error instanceof MmdbError) return undefined;
				throw error;
			}
		},
	};
}

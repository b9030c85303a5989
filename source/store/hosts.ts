/**
The destinations of a store (host and port, how the host is classified, the first server address a
record gave), in typed arrays instead of an object, a string and a Map entry each.

A long-tailed DNS log names hundreds of thousands of hosts once each. As objects they cost ≈ 190 bytes a
host (the object, its own copy of the name and of the address, a Map entry, a slot of the values array)
and, in V8's old space, as much again in headroom between collections. Here a destination is its name's
bytes in a byte heap, a start offset, a port, a classification id and an address id, and two slots of an
open-addressing hash index: ≈ 50 bytes and nothing the garbage collector traces.

Names of ASCII only (all but hostile input) live in the byte heap; any other name is kept as a JS string
in `others`, so every name reads back exactly as given. Classifications are shared objects (the
classifier gives one per rule and domain), kept once each in `labels`; addresses once each in
`addresses`. Id 0 is "no destination".
*/
import {ownCopy} from '../model/limits.js';
import type {Classification} from '../model/records.js';

/** A destination: host and port as the record named them, and how the host is classified. */
export type Destination = {readonly host: string; readonly port: number | undefined; classification: Classification | undefined; address?: string | undefined};

const NO_PORT = -1;
/** A name's start offset with this bit set: the name is in `others` (not ASCII). */
const OTHER = 0x80000000;

type Typed = Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>;

function grown<T extends Typed>(a: T, need: number): T {
	const b = new (a.constructor as new (length: number) => T)(Math.max(64, need, Math.ceil(a.length * 1.5)));
	b.set(a);
	return b;
}

function isAscii(s: string): boolean {
	for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return false;
	return true;
}

/** FNV-1a over the name's UTF-16 units and the port. */
function hashOf(host: string, port: number): number {
	let h = 0x811c9dc5;
	for (let k = 0; k < host.length; k++) h = Math.imul(h ^ host.charCodeAt(k), 0x01000193);
	h = Math.imul(h ^ (port & 0xffff), 0x01000193);
	return Math.imul(h ^ (port >>> 16), 0x01000193) >>> 0;
}

export class DestinationTable {
	/** Told of every change of `bytes` (the store's column space, whose budget the table shares). */
	constructor(private readonly onGrow: (delta: number) => void = () => {}) {}


	/** Destinations held, and id 0. */
	size = 1;
	/** ASCII names, back to back; `start[id]..start[id + 1]` (without the OTHER bit) is the name of `id`. */
	private heap = Buffer.allocUnsafe(1 << 12);
	private heapSize = 0;
	private start = new Uint32Array(64);
	private readonly others = new Map<number, string>();
	private port = new Int32Array(64);
	private label = new Uint32Array(64);
	private address = new Uint32Array(64);
	/** Open addressing: id or 0, at most half full. */
	private index = new Uint32Array(1 << 10);
	private readonly labels: Array<Classification | undefined> = [undefined];
	private readonly labelIds = new Map<Classification, number>();
	private readonly addresses: string[] = [''];
	private readonly addressIds = new Map<string, number>();

	/** The id of host and port, added with `classification` when new. */
	intern(host: string, port: number | undefined, classification: Classification | undefined): number {
		const p = port === undefined ? NO_PORT : port;
		const mask = this.index.length - 1;
		for (let slot = hashOf(host, p) & mask; ; slot = (slot + 1) & mask) {
			const id = this.index[slot]!;
			if (id === 0) break;
			if (this.port[id] === p && this.is(id, host)) return id;
		}
		const id = this.size;
		const before = this.bytes;
		if (id + 1 >= this.start.length) {
			this.start = grown(this.start, id + 2);
			this.port = grown(this.port, id + 2);
			this.label = grown(this.label, id + 2);
			this.address = grown(this.address, id + 2);
		}
		if (isAscii(host)) {
			if (this.heapSize + host.length > this.heap.length) {
				const next = Buffer.allocUnsafe(Math.max(this.heapSize + host.length, Math.ceil(this.heap.length * 1.5)));
				this.heap.copy(next, 0, 0, this.heapSize);
				this.heap = next;
			}
			this.heap.write(host, this.heapSize, 'latin1');
			this.heapSize += host.length;
			this.start[id] = this.start[id]! & ~OTHER;
		} else {
			this.others.set(id, ownCopy(host));
			this.start[id] = (this.start[id]! | OTHER) >>> 0;
		}
		this.start[id + 1] = this.heapSize;
		this.port[id] = p;
		this.label[id] = this.labelId(classification);
		this.size = id + 1;
		if (this.size * 2 > this.index.length) this.rehash();
		else this.place(id, host);
		const after = this.bytes;
		if (after !== before) this.onGrow(after - before);
		return id;
	}

	/** The id of a destination without a port by its host, or 0. */
	find(host: string): number {
		const mask = this.index.length - 1;
		for (let slot = hashOf(host, NO_PORT) & mask; ; slot = (slot + 1) & mask) {
			const id = this.index[slot]!;
			if (id === 0) return 0;
			if (this.port[id] === NO_PORT && this.is(id, host)) return id;
		}
	}

	/** The host of destination `id` ('' for 0). */
	host(id: number): string {
		if (id <= 0 || id >= this.size) return '';
		const s = this.start[id]!;
		if (s & OTHER) return this.others.get(id)!;
		return this.heap.toString('latin1', s, this.start[id + 1]! & ~OTHER);
	}

	portOf(id: number): number | undefined {
		const p = id > 0 && id < this.size ? this.port[id]! : NO_PORT;
		return p === NO_PORT ? undefined : p;
	}

	classification(id: number): Classification | undefined {
		return id > 0 && id < this.size ? this.labels[this.label[id]!] : undefined;
	}

	setClassification(id: number, c: Classification | undefined): void {
		this.label[id] = this.labelId(c);
	}

	/** The first server address a record of the destination gave. */
	addressOf(id: number): string | undefined {
		const a = id > 0 && id < this.size ? this.address[id]! : 0;
		return a === 0 ? undefined : this.addresses[a];
	}

	setAddress(id: number, address: string): void {
		let a = this.addressIds.get(address);
		if (a === undefined) {
			a = this.addresses.length;
			const own = ownCopy(address);
			this.addresses.push(own);
			this.addressIds.set(own, a);
		}
		this.address[id] = a;
	}

	/** Destination `id` as an object (a fresh one each call), or undefined for 0. */
	get(id: number): Destination | undefined {
		if (id <= 0 || id >= this.size) return undefined;
		return {host: this.host(id), port: this.portOf(id), classification: this.classification(id), address: this.addressOf(id)};
	}

	/** Every destination, in id order (without id 0). */
	*[Symbol.iterator](): Generator<Destination> {
		for (let id = 1; id < this.size; id++) yield this.get(id)!;
	}

	/** Bytes of the typed arrays and the byte heap (not `others`, `labels` or `addresses`). */
	get bytes(): number {
		return this.heap.length + this.start.byteLength + this.port.byteLength + this.label.byteLength + this.address.byteLength + this.index.byteLength;
	}

	private labelId(c: Classification | undefined): number {
		if (c === undefined) return 0;
		let k = this.labelIds.get(c);
		if (k === undefined) {
			k = this.labels.length;
			this.labels.push(c);
			this.labelIds.set(c, k);
		}
		return k;
	}

	private is(id: number, host: string): boolean {
		const s = this.start[id]!;
		if (s & OTHER) return this.others.get(id) === host;
		const end = this.start[id + 1]! & ~OTHER;
		if (end - s !== host.length) return false;
		const heap = this.heap;
		for (let k = 0; k < host.length; k++) if (heap[s + k] !== host.charCodeAt(k)) return false;
		return true;
	}

	private place(id: number, host: string): void {
		const mask = this.index.length - 1;
		let slot = hashOf(host, this.port[id]!) & mask;
		while (this.index[slot] !== 0) slot = (slot + 1) & mask;
		this.index[slot] = id;
	}

	private rehash(): void {
		this.index = new Uint32Array(this.index.length * 2);
		for (let id = 1; id < this.size; id++) this.place(id, this.host(id));
	}
}

/**
Typed columns in chunks, and string dictionaries: the building blocks of the record store.

Two million records must fit far below 300 MB and must not be traced by the garbage collector, so a
record is a position in a set of typed arrays, never an object. A column is a list of chunks of 2^16
values (the last one grows by doubling up to that size, so a small input costs kilobytes). Appends never
copy more than one chunk, and there is no slack beyond the last chunk.

Memory stays bounded whatever the input's size: the store's columns share a `ColumnSpace`, a budget of
bytes for the chunks held in memory. When full chunks pass the budget, the oldest are written to a
private spill file (mode 0600 in a fresh 0700 folder, unlinked while open, like the spool) and dropped;
reading a value of a spilled chunk reads the chunk back (the least recently loaded goes again). Scans run
in record order, so a scan reads each spilled chunk once. With no budget (the default) nothing is spilled.

Dictionary-encoded columns (`IdColumn`) store each chunk one byte wide while the dictionary fits, then
two or four: a column of twenty HTTP methods costs one byte a record and a column of a million client
addresses four. Chunks keep the width they were written with.

Readers call `column.get(i)`; positions past `length` are not readable.
*/
import {closeSync, readSync, rmSync, writeSync} from 'node:fs';
import {ownCopy} from '../model/limits.js';
import {openPrivateFile} from './spool.js';

type Growable = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
type GrowableCtor<T extends Growable> = {new (length: number): T; readonly BYTES_PER_ELEMENT: number};

const DEFAULT_SHIFT = 16;
/** Arrays of dropped chunks kept for reuse, per type. */
const FREE_ARRAYS = 8;
const FIRST_CAPACITY = 1024;

/** A column as the space sees it: chunks it may drop and read back. */
type Spillable = {
	chunks: Array<Growable | undefined>;
	readonly ctorOf: (chunk: number) => GrowableCtor<Growable>;
	readonly disk: number[];
};

type Resident = {readonly column: Spillable; readonly chunk: number; readonly bytes: number};

/**
The memory budget of a store's columns and its spill file. `budgetBytes: Infinity` keeps everything in
memory. `chunkShift` (tests) makes chunks of 2^shift values.
*/
export class ColumnSpace {
	readonly shift: number;
	readonly budget: number;
	/** Bytes of full chunks held in memory (the growing last chunk of each column is not counted). */
	resident = 0;
	/** Chunks written to the spill file, and chunks read back from it (for tests and benchmarks). */
	spilled = 0;
	reloaded = 0;
	private readonly queue: Resident[] = [];
	/** Arrays of dropped chunks, by type, for chunks read back. */
	private readonly free = new Map<GrowableCtor<Growable>, Growable[]>();
	private head = 0;
	private fd: number | undefined;
	private fileSize = 0;
	private leftover: string | undefined;
	private closed = false;

	constructor(options: {readonly budgetBytes?: number; readonly chunkShift?: number} = {}) {
		this.shift = options.chunkShift ?? DEFAULT_SHIFT;
		this.budget = options.budgetBytes ?? Number.POSITIVE_INFINITY;
	}

	/**
	Bytes that share the budget but are never spilled (the store's destination table: see hosts.ts), moved
	by `delta`; full chunks spill sooner to make room. With no budget nothing changes.
	*/
	account(delta: number): void {
		if (this.budget === Number.POSITIVE_INFINITY) return;
		this.resident += delta;
		this.pinned += delta;
		this.spillOver();
	}

	/** Bytes accounted by `account` (in `resident` too). */
	pinned = 0;

	/**
	Bytes of chunks kept whatever the pinned bytes take of the budget: half of it. A scan reads a chunk of each
	of a record's columns together; with no room left for them (606,000 destinations pinned all of a 32 MB
	budget), each chunk read back was dropped again at once and every value read read its chunk back.
	*/
	private get floor(): number {
		return this.budget / 2;
	}

	private spillOver(): void {
		while (this.resident > this.budget && this.resident - this.pinned > this.floor && this.head < this.queue.length) this.drop(this.queue[this.head++]!);
		if (this.head > 4096 && this.head * 2 > this.queue.length) {
			this.queue.splice(0, this.head);
			this.head = 0;
		}
	}

	/** A full chunk (or one read back) is in memory: account for it, and spill the oldest past the budget. */
	hold(column: Spillable, chunk: number): void {
		if (this.budget === Number.POSITIVE_INFINITY) return;
		const bytes = column.chunks[chunk]!.byteLength;
		this.queue.push({column, chunk, bytes});
		this.resident += bytes;
		this.spillOver();
	}

	/** Read a spilled chunk back into memory. */
	load(column: Spillable, chunk: number): Growable {
		if (this.closed) throw new Error('the store is closed: its spilled columns are gone');
		const ctor = column.ctorOf(chunk);
		const at = column.disk[chunk]!;
		// Only full chunks are ever spilled. The array of a chunk dropped before is used again: a scan reads
		// back hundreds of chunks, and fresh ones would pile up as garbage faster than collections run.
		const data = this.reuse(ctor) ?? new ctor(1 << this.shift);
		const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		let got = 0;
		while (got < bytes.length) {
			const n = readSync(this.fd!, bytes, got, bytes.length - got, at + got);
			if (n === 0) throw new Error('the column spill file is shorter than written');
			got += n;
		}
		column.chunks[chunk] = data;
		this.reloaded++;
		this.hold(column, chunk);
		return data;
	}

	private drop(r: Resident): void {
		const {column, chunk} = r;
		const data = column.chunks[chunk];
		this.resident -= r.bytes;
		if (!data) return;
		if (column.disk[chunk] === undefined || column.disk[chunk]! < 0) {
			column.disk[chunk] = this.write(data);
			this.spilled++;
		}
		column.chunks[chunk] = undefined;
		// Nothing else holds a chunk's array (readers go through `get`), so it can take another chunk's values.
		const free = this.free.get(data.constructor as GrowableCtor<Growable>);
		if (free && free.length < FREE_ARRAYS) free.push(data);
		else if (!free) this.free.set(data.constructor as GrowableCtor<Growable>, [data]);
	}

	private reuse(ctor: GrowableCtor<Growable>): Growable | undefined {
		return this.free.get(ctor)?.pop();
	}

	private write(data: Growable): number {
		if (this.fd === undefined) this.open();
		const at = this.fileSize;
		const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		let done = 0;
		while (done < bytes.length) done += writeSync(this.fd!, bytes, done, bytes.length - done, at + done);
		this.fileSize += bytes.length;
		return at;
	}

	private open(): void {
		({fd: this.fd, leftover: this.leftover} = openPrivateFile('columns.bin'));
		if (this.leftover) process.once('exit', () => this.close());
	}

	/** Bytes written to the spill file. */
	get spillBytes(): number {
		return this.fileSize;
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		if (this.fd !== undefined) {
			try {
				closeSync(this.fd);
			} catch {
				// already closed
			}
		}
		if (this.leftover) rmSync(this.leftover, {recursive: true, force: true});
	}
}

/** Columns made outside a store (a query's selection): in memory, never spilled. */
export const IN_MEMORY = new ColumnSpace();

/** What number and id columns share: chunks, the growing last one, spilling. */
abstract class Chunked<T extends Growable> implements Spillable {
	chunks: Array<T | undefined> = [];
	/** Where each spilled chunk is in the spill file (absent: never written). */
	readonly disk: number[] = [];
	length = 0;
	protected tail: T;
	protected shift: number;
	protected mask: number;
	protected space: ColumnSpace;

	constructor(empty: T, space: ColumnSpace) {
		this.tail = empty;
		this.space = space;
		this.shift = space.shift;
		this.mask = (1 << space.shift) - 1;
	}

	/** Move the column to a store's space; only before the first value. */
	adopt(space: ColumnSpace): void {
		if (this.length !== 0) throw new Error('a column moves to another space only while empty');
		this.space = space;
		this.shift = space.shift;
		this.mask = (1 << space.shift) - 1;
	}

	abstract ctorOf(chunk: number): GrowableCtor<Growable>;

	/** Room for value `i` (`i === length`): the last chunk grown, or a new chunk begun. */
	protected room(i: number, ctor: GrowableCtor<T>): T {
		const c = i >>> this.shift;
		const at = i & this.mask;
		if (c === this.chunks.length) {
			// A new chunk: the previous one (if any) is full and may be spilled.
			if (c > 0) this.space.hold(this, c - 1);
			this.tail = new ctor(Math.min(FIRST_CAPACITY, this.mask + 1));
			this.chunks.push(this.tail);
		} else if (at >= this.tail.length) {
			const next = new ctor(Math.min(this.tail.length * 2, this.mask + 1));
			next.set(this.tail);
			this.tail = next;
			this.chunks[c] = next;
		}
		return this.tail;
	}

	protected reload(i: number): T {
		return this.space.load(this, i >>> this.shift) as T;
	}

	/** Bytes held in memory (capacity of the chunks in memory). */
	get bytes(): number {
		let total = 0;
		for (const c of this.chunks) if (c) total += c.byteLength;
		return total;
	}
}

/** A column of one typed-array type. */
export class NumberColumn<T extends Growable> extends Chunked<T> {
	constructor(
		private readonly ctor: GrowableCtor<T>,
		space: ColumnSpace = IN_MEMORY,
	) {
		super(new ctor(0), space);
	}

	ctorOf(): GrowableCtor<Growable> {
		return this.ctor;
	}

	push(value: number): number {
		const i = this.length;
		this.room(i, this.ctor)[i & this.mask] = value;
		this.length = i + 1;
		return i;
	}

	get(i: number): number {
		const chunk = this.chunks[i >>> this.shift];
		return (chunk ?? this.reload(i))[i & this.mask]!;
	}
}

export const f64 = (space?: ColumnSpace): NumberColumn<Float64Array> => new NumberColumn(Float64Array, space);
export const u32 = (space?: ColumnSpace): NumberColumn<Uint32Array> => new NumberColumn(Uint32Array, space);
export const u16 = (space?: ColumnSpace): NumberColumn<Uint16Array> => new NumberColumn(Uint16Array, space);
export const u8 = (space?: ColumnSpace): NumberColumn<Uint8Array> => new NumberColumn(Uint8Array, space);

export type IdArray = Uint8Array | Uint16Array | Uint32Array;

const widthOf = (max: number): GrowableCtor<IdArray> => (max > 0xffff ? Uint32Array : max > 0xff ? Uint16Array : Uint8Array);

/** A column of dictionary ids; each chunk one, two or four bytes wide, as wide as the ids it holds. */
export class IdColumn extends Chunked<IdArray> {
	/** The width of each chunk (its largest id's width when it was written). */
	private readonly widths: Array<GrowableCtor<IdArray>> = [];
	private width: GrowableCtor<IdArray> = Uint8Array;
	/** The largest id the current width holds. */
	private max = 0xff;

	constructor(space: ColumnSpace = IN_MEMORY) {
		super(new Uint8Array(0), space);
	}

	ctorOf(chunk: number): GrowableCtor<Growable> {
		return this.widths[chunk]!;
	}

	push(id: number): number {
		const i = this.length;
		if (id > this.max) this.widen(id);
		const tail = this.room(i, this.width);
		if ((i & this.mask) === 0) this.widths[i >>> this.shift] = this.width;
		tail[i & this.mask] = id;
		this.length = i + 1;
		return i;
	}

	/** New chunks get the wider type; the current last chunk is copied into it (earlier chunks stay as they are). */
	private widen(id: number): void {
		this.width = widthOf(id);
		this.max = this.width === Uint32Array ? 0xffffffff : 0xffff;
		const c = this.length >>> this.shift;
		if (c < this.chunks.length) {
			const wide = new this.width(this.tail.length);
			wide.set(this.tail);
			this.tail = wide;
			this.chunks[c] = wide;
			this.widths[c] = this.width;
		}
	}

	get(i: number): number {
		const chunk = this.chunks[i >>> this.shift];
		return (chunk ?? this.reload(i))[i & this.mask]!;
	}
}

/**
A dictionary: each distinct key gets a small integer id, in order of first sight. Id 0 is reserved for
"no value", so a zero-filled column means "absent" everywhere.
*/
export class Dict<T = string> {
	readonly values: T[] = [];
	private readonly ids = new Map<string, number>();

	constructor(none: T) {
		this.values.push(none);
	}

	/**
	The id of `key`, adding `make(own)` as its value when it is new; `own` is the key as kept, a copy that
	shares no memory with a line it was sliced from (a dictionary entry lives as long as the store: a
	host name sliced from a 32 KiB chunk of input kept the whole chunk alive, for each of 150,000 hosts).
	*/
	intern(key: string, make: (own: string) => T): number {
		let id = this.ids.get(key);
		if (id === undefined) {
			id = this.values.length;
			const own = ownCopy(key);
			this.values.push(make(own));
			this.ids.set(own, id);
		}
		return id;
	}

	/** The id of an existing key, or 0. */
	find(key: string): number {
		return this.ids.get(key) ?? 0;
	}

	get size(): number {
		return this.values.length;
	}
}

/**
The last value one call site looked up and its id (see `StringDict.idVia`). Logs repeat a field's value
record after record; comparing with the last one costs far less than hashing a new string for the map.
*/
export class Recent {
	value: string | undefined = undefined;
	id = 0;
}

/** A dictionary of plain strings; `undefined` and '' are id 0. */
export class StringDict extends Dict<string> {
	constructor() {
		super('');
	}

	id(value: string | undefined): number {
		if (value === undefined || value === '') return 0;
		const known = this.find(value);
		if (known !== 0) return known;
		return this.intern(value, (own) => own);
	}

	/** `id(value)`, answered from `recent` when the call site asked for the same value last time. */
	idVia(value: string | undefined, recent: Recent): number {
		if (value === recent.value) return recent.id;
		const id = this.id(value);
		// The dictionary's own copy, not `value`: a value sliced from a line would keep the line alive.
		recent.value = id === 0 ? undefined : this.values[id];
		recent.id = id;
		return id;
	}
}

/**
A per-id cache that follows a growing dictionary: `get(id)` computes once per id. Used to evaluate a
filter term or a sort rank once per distinct value instead of once per record.
*/
export class Memo<T> {
	private readonly known: Array<T | undefined> = [];

	constructor(private readonly compute: (id: number) => T) {}

	get(id: number): T {
		let v = this.known[id];
		if (v === undefined) {
			v = this.compute(id);
			this.known[id] = v;
		}
		return v;
	}
}

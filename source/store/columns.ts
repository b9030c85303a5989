/**
Growable typed columns and string dictionaries: the building blocks of the record store.

Two million records must fit far below 300 MB and must not be traced by the garbage collector, so a
record is a position in a set of typed arrays, never an object. A column grows by half again when full
(amortised O(1) appends, at most a third unused). Dictionary-encoded columns (`IdColumn`) start one byte
wide and widen to two or four bytes only when the dictionary outgrows the current width, so a column of
twenty HTTP methods costs one byte a record and a column of a million client addresses four.

Readers index `column.data` directly (`data[i]`); `data` is replaced when the column grows, so a reader
fetches it again after any append rather than keeping it.
*/
import {ownCopy} from '../model/limits.js';

type Growable = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;
type GrowableCtor<T extends Growable> = {new (length: number): T};

/**
First capacities, staggered: the store's thirty columns grow by half again when full, and if they all
started equal they would all grow at the same record — thirty allocations and copies of tens of
megabytes in one turn, a pause of hundreds of milliseconds. Starting points spread over one growth
step make each column grow at a record of its own.
*/
let created = 0;
function initialCapacity(): number {
	return 1024 + ((created++ * 7) % 16) * 48;
}

function grown<T extends Growable>(ctor: GrowableCtor<T>, old: T, needed: number, initial: number): T {
	let capacity = Math.max(initial, old.length);
	while (capacity < needed) capacity = Math.ceil(capacity * 1.5);
	const next = new ctor(capacity);
	next.set(old);
	release(old);
	return next;
}

/**
Give the memory of a column's outgrown array back now. A long-lived array sits in the old generation,
and its memory would only be freed by the next full collection, which a fast ingest may not run for a
long time: the old and the new array of every column would then count together in the peak RSS. Moved
(transferred, not copied) into a fresh buffer that nothing keeps, it is freed by the next minor
collection, within milliseconds.
*/
function release(old: Growable): void {
	if (old.byteLength >= 1 << 20 && old.byteOffset === 0 && old.byteLength === old.buffer.byteLength) structuredClone(old.buffer, {transfer: [old.buffer as ArrayBuffer]});
}

/** A growable column of one typed-array type. */
export class NumberColumn<T extends Growable> {
	data: T;
	length = 0;
	private readonly initial = initialCapacity();

	constructor(private readonly ctor: GrowableCtor<T>) {
		this.data = new ctor(0);
	}

	push(value: number): number {
		const i = this.length++;
		if (i >= this.data.length) this.data = grown(this.ctor, this.data, i + 1, this.initial);
		this.data[i] = value;
		return i;
	}

	/** Bytes held (capacity, not length). */
	get bytes(): number {
		return this.data.byteLength;
	}
}

export const f64 = (): NumberColumn<Float64Array> => new NumberColumn(Float64Array);
export const u32 = (): NumberColumn<Uint32Array> => new NumberColumn(Uint32Array);
export const u16 = (): NumberColumn<Uint16Array> => new NumberColumn(Uint16Array);
export const u8 = (): NumberColumn<Uint8Array> => new NumberColumn(Uint8Array);

export type IdArray = Uint8Array | Uint16Array | Uint32Array;

/** A column of dictionary ids that widens from 1 to 2 to 4 bytes as ids grow. */
export class IdColumn {
	data: IdArray = new Uint8Array(0);
	length = 0;
	private max = 0xff;
	private readonly initial = initialCapacity();

	push(id: number): number {
		const i = this.length++;
		if (id > this.max) this.widen(id);
		if (i >= this.data.length) this.data = grownIds(this.data, i + 1, this.initial);
		this.data[i] = id;
		return i;
	}

	private widen(id: number): void {
		const wide: IdArray = id > 0xffff ? new Uint32Array(this.data.length) : new Uint16Array(this.data.length);
		wide.set(this.data);
		this.data = wide;
		this.max = id > 0xffff ? 0xffffffff : 0xffff;
	}

	get bytes(): number {
		return this.data.byteLength;
	}
}

function grownIds(old: IdArray, needed: number, initial: number): IdArray {
	if (old instanceof Uint8Array) return grown(Uint8Array, old, needed, initial);
	if (old instanceof Uint16Array) return grown(Uint16Array, old, needed, initial);
	return grown(Uint32Array, old, needed, initial);
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

	/** The id of `key`, adding `make()` as its value when it is new. */
	intern(key: string, make: () => T): number {
		let id = this.ids.get(key);
		if (id === undefined) {
			id = this.values.length;
			this.values.push(make());
			this.ids.set(key, id);
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

/** A dictionary of plain strings; `undefined` and '' are id 0. */
export class StringDict extends Dict<string> {
	constructor() {
		super('');
	}

	id(value: string | undefined): number {
		if (value === undefined || value === '') return 0;
		const known = this.find(value);
		if (known !== 0) return known;
		// A new value is kept as a copy: a value sliced from a long line would keep the line alive.
		const own = ownCopy(value);
		return this.intern(own, () => own);
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

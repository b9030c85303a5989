/**
What Destinations and its domain twin both count for a group of records (a host, a registrable domain):
requests and playback records, blocked answers, bytes each way, first and last seen, identifier labels
received. One fold, one set of cells and column specs, so the two views cannot count differently.
*/
import {isoOfMs} from '../model/time.js';
import {column} from './columns.js';
import {IDENTIFIER_KIND_ORDER, KIND_CODES, type RecordStore} from '../store/store.js';
import {addFew, sizeOfFew, valuesOfFew, type Few} from './distinct.js';
import type {CellValue, Column} from './types.js';

/** A figure no record gave is unknown (undefined), not 0. */
export const known = (n: number): number | undefined => (Number.isNaN(n) ? undefined : n);
// isoOfMs: `new Date(ms).toISOString()`, the second's part made once for the rows of that second.
const iso = (ms: number): string | undefined => (Number.isFinite(ms) ? isoOfMs(ms) : undefined);

/** `TrafficTable.value`'s answer for a key that is not a count. */
export const NOT_TRAFFIC = Symbol('not a traffic column');

type GroupArray = Float64Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>;

/**
`a` with room for at least `need` values: half as long again (a third of it slack at most, where
doubling left half), the first `size` values kept and the rest set to `fill`.
*/
export function grown<T extends GroupArray>(a: T, size: number, fill = 0, need = a.length + 1): T {
	const b = new (a.constructor as new (length: number) => T)(Math.max(16, need, Math.ceil(a.length * 1.5)));
	b.set(a.subarray(0, size));
	if (fill !== 0) b.fill(fill, size);
	return b;
}

/**
Distinct dictionary ids (never 0) a group saw, for every group: most groups of a long tail see one
(a client, an event), which is kept in a typed slot; a group that saw more keeps them all in `more`
(a short array, then a Set: see distinct.ts). Four bytes a group instead of a field of a JS array.
*/
export class FewIds {
	private first = new Uint32Array(0);
	private readonly more = new Map<number, Few<number>>();

	/** Room for groups below `n`. */
	reserve(n: number): void {
		if (n > this.first.length) this.first = grown(this.first, this.first.length, 0, n);
	}

	add(g: number, id: number): void {
		const f = this.first[g]!;
		if (f === 0) this.first[g] = id;
		else if (f !== id) this.more.set(g, addFew(this.more.get(g) ?? f, id));
	}

	size(g: number): number {
		const f = g < this.first.length ? this.first[g]! : 0;
		return f === 0 ? 0 : sizeOfFew(this.more.get(g) ?? f);
	}

	/** The ids in the order first seen. */
	values(g: number): number[] {
		const f = g < this.first.length ? this.first[g]! : 0;
		return f === 0 ? [] : valuesOfFew(this.more.get(g) ?? f);
	}
}

/**
The counts of every group of a view, a column each, indexed by group number. Not an object a group: a view
over a long-tailed DNS log has hundreds of thousands of groups, and an object a group (its boxed doubles, a
properties array, a hidden class) cost ≈ 300 bytes where these columns cost 48 and a slot. Counts are
four bytes (a store holds fewer than 2^32 records).
*/
export class TrafficTable {
	size = 0;
	requests = new Uint32Array(0);
	playbacks = new Uint32Array(0);
	blocked = new Uint32Array(0);
	/**
	Sums over the records that carry the figure; NaN until one does. These and `playbacks` stay empty until
	a record needs them (a DNS log has neither bytes nor playbacks): an empty one reads as NaN (0).
	*/
	bytesSent = new Float64Array(0);
	bytesReceived = new Float64Array(0);
	first = new Float64Array(0);
	last = new Float64Array(0);
	/** Identifier labels received (store.labels ids). */
	readonly labels = new FewIds();

	/** A new group, all counts zero and figures unknown; returns its number. */
	open(): number {
		const g = this.size;
		if (g === this.requests.length) {
			this.requests = grown(this.requests, g);
			if (this.playbacks.length > 0) this.playbacks = grown(this.playbacks, g, 0, this.requests.length);
			this.blocked = grown(this.blocked, g);
			if (this.bytesSent.length > 0) this.bytesSent = grown(this.bytesSent, g, Number.NaN, this.requests.length);
			if (this.bytesReceived.length > 0) this.bytesReceived = grown(this.bytesReceived, g, Number.NaN, this.requests.length);
			this.first = grown(this.first, g, Number.NaN);
			this.last = grown(this.last, g, Number.NaN);
			this.labels.reserve(this.requests.length);
		}
		return this.size++;
	}

	/** Fold record `i` into group `g`; returns its row in the requests table, or -1 for a playback record. */
	add(store: RecordStore, g: number, i: number): number {
		const t = store.time.get(i);
		if (!Number.isNaN(t)) {
			if (!(t >= this.first[g]!)) this.first[g] = t;
			if (!(t <= this.last[g]!)) this.last[g] = t;
		}
		if (store.kindOf(i) === KIND_CODES.playback) {
			if (this.playbacks.length === 0) this.playbacks = new Uint32Array(this.requests.length);
			this.playbacks[g]!++;
			return -1;
		}
		const sub = store.sub.get(i);
		const req = store.requests;
		this.requests[g]!++;
		if (((req.flags.get(sub) >> 2) & 3) === 2) this.blocked[g]!++;
		const sent = req.bytesSent.get(sub);
		if (sent !== undefined) {
			if (this.bytesSent.length === 0) this.bytesSent = new Float64Array(this.requests.length).fill(Number.NaN);
			this.bytesSent[g] = (Number.isNaN(this.bytesSent[g]!) ? 0 : this.bytesSent[g]!) + sent;
		}
		const received = req.bytesReceived.get(sub);
		if (received !== undefined) {
			if (this.bytesReceived.length === 0) this.bytesReceived = new Float64Array(this.requests.length).fill(Number.NaN);
			this.bytesReceived[g] = (Number.isNaN(this.bytesReceived[g]!) ? 0 : this.bytesReceived[g]!) + received;
		}
		const list = store.idList;
		for (let k = store.idStart.get(i), end = store.idStart.get(i + 1); k < end; k++) this.labels.add(g, store.identifiers.values[list.get(k)]!.label);
		return sub;
	}

	cells(store: RecordStore, g: number): TrafficCells {
		return {
			requests: this.requests[g]!,
			playbacks: this.playbacks[g] ?? 0,
			blocked: this.blocked[g]!,
			bytesSent: known(this.bytesSent[g] ?? Number.NaN),
			bytesReceived: known(this.bytesReceived[g] ?? Number.NaN),
			firstSeen: iso(this.first[g]!),
			lastSeen: iso(this.last[g]!),
			identifiers: this.labels
				.values(g)
				.map((id) => store.labels.values[id]!)
				.sort((x, y) => IDENTIFIER_KIND_ORDER[x.kind] - IDENTIFIER_KIND_ORDER[y.kind] || x.text.localeCompare(y.text))
				.map((e) => e.text),
		};
	}

	/** A sort value read without building the row (times as epoch ms); `NOT_TRAFFIC` for other keys. */
	value(g: number, key: string): CellValue | typeof NOT_TRAFFIC {
		switch (key) {
			case 'requests':
				return this.requests[g]!;
			case 'playbacks':
				return this.playbacks[g] ?? 0;
			case 'blocked':
				return this.blocked[g]!;
			case 'bytesSent':
				return known(this.bytesSent[g] ?? Number.NaN);
			case 'bytesReceived':
				return known(this.bytesReceived[g] ?? Number.NaN);
			case 'firstSeen':
				return this.first[g]!;
			case 'lastSeen':
				return this.last[g]!;
			default:
				return NOT_TRAFFIC;
		}
	}
}

export type TrafficCells = {
	requests: number;
	playbacks: number;
	blocked: number;
	bytesSent: number | undefined;
	bytesReceived: number | undefined;
	firstSeen: string | undefined;
	lastSeen: string | undefined;
	identifiers: string[];
};

/** The records a destination row counts: requests, and playback records that say where their data was sent. */
export function countsAsTraffic(store: RecordStore, i: number): boolean {
	const kind = store.kindOf(i);
	return kind === KIND_CODES.request || (kind === KIND_CODES.playback && store.dest.get(i) !== 0);
}

/** The columns of the counts, as both views show them (the shared ones from columns.ts). */
export const TRAFFIC_COLUMNS = {
	requests: column('requests', 0),
	playbacks: {key: 'playbacks', header: 'Playback data', kind: 'number', priority: 4},
	blocked: column('blocked', 4),
	bytesSent: column('bytesSent', 3),
	bytesReceived: column('bytesReceived', 3),
	firstSeen: column('firstSeen', 5),
	lastSeen: column('lastSeen', 5),
	identifiers: {key: 'identifiers', header: 'Identifiers received', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
} as const satisfies Record<keyof TrafficCells, Column<TrafficCells>>;

/** The Party column of a row of hosts or domains. */
export const PARTY_COLUMN = column('party', 0);

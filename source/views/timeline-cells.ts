/**
The Timeline's groups: one cell per time bucket and host, numbered in first-seen order. What a cell is
(which records fall in it, when buckets widen) lives here alone, so the view's rows and its row count
(the UI's tab count, which keeps no sums) can never disagree.

Cells are typed columns (bucket start, host) with an open-addressed index over both: a DNS log of a
day names hundreds of thousands of hosts in one bucket, and a Map a bucket with a Map entry a host cost
≈ 100 bytes a cell where these cost ≈ 24.
*/
import {KIND_CODES, type RecordStore} from '../store/store.js';
import {HostGroups} from './host-groups.js';
import {grown} from './traffic.js';

export const BUCKET_UNITS = ['minute', 'hour', 'day'] as const;
export type BucketUnit = (typeof BUCKET_UNITS)[number];
export const UNIT_MS: Readonly<Record<BucketUnit, number>> = {minute: 60_000, hour: 3_600_000, day: 86_400_000};

const HOUR = 3_600_000;

/** The bucket for a span of time (ms): under two hours minutes, under three days hours, else days. */
export function autoUnit(spanMs: number): BucketUnit {
	if (!(spanMs >= 2 * HOUR)) return 'minute';
	if (spanMs < 72 * HOUR) return 'hour';
	return 'day';
}

/** The start (ms) of the UTC bucket holding `t`. */
export function bucketStart(t: number, unit: BucketUnit): number {
	const size = UNIT_MS[unit];
	return Math.floor(t / size) * size;
}

/** Cells by (bucket start, host): start NaN is the host's cell of requests without a time. */
class CellIndex {
	start = new Float64Array(0);
	host = new Uint32Array(0);
	size = 0;
	/** Open addressing, linear probing: cell id + 1 (0: empty); at most half full. */
	private slots = new Int32Array(1024);

	/** The cell of `start` (a bucket start or NaN) and host `h`, added when new. */
	idOf(start: number, h: number): number {
		const untimed = Number.isNaN(start);
		const mask = this.slots.length - 1;
		let s = slotHash(start, h) & mask;
		for (;;) {
			const at = this.slots[s]!;
			if (at === 0) break;
			const id = at - 1;
			const t = this.start[id]!;
			if (this.host[id] === h && (t === start || (untimed && Number.isNaN(t)))) return id;
			s = (s + 1) & mask;
		}
		const id = this.size++;
		if (id === this.start.length) {
			this.start = grown(this.start, id);
			this.host = grown(this.host, id);
		}
		this.start[id] = start;
		this.host[id] = h;
		this.slots[s] = id + 1;
		if (this.size * 2 > this.slots.length) this.rehash();
		return id;
	}

	private rehash(): void {
		const slots = new Int32Array(this.slots.length * 2);
		const mask = slots.length - 1;
		for (let id = 0; id < this.size; id++) {
			let s = slotHash(this.start[id]!, this.host[id]!) & mask;
			while (slots[s] !== 0) s = (s + 1) & mask;
			slots[s] = id + 1;
		}
		this.slots = slots;
	}
}

/** A slot for a bucket start (a whole number of minutes, or NaN) and a host. */
function slotHash(start: number, h: number): number {
	const minutes = Number.isNaN(start) ? -1 : (start / 60_000) | 0;
	return (Math.imul(minutes ^ (minutes >>> 16), 0x9e3779b1) ^ Math.imul(h + 1, 0x85ebca77)) >>> 0;
}

/**
The cells of the requests folded in so far, at a unit chosen from their span (or `fixed`). `add` gives a
record's cell; when the span widens the unit, every cell so far moves into its wider bucket, and `moved`
hears where each old cell went (the view adds its sums there).
*/
export class TimelineCells {
	/** Hosts in first-seen order: a host is a number, its first record's destination in `hostDest` (rows only). */
	hostDest = new Uint32Array(0);
	private hostCount = 0;
	private readonly groups: HostGroups;
	private index = new CellIndex();
	private first = Number.NaN;
	private last = Number.NaN;
	unit: BucketUnit;

	/** `moved`: the rows' sums follow their cells (absent when only counting: then no host is named either). */
	constructor(
		private readonly store: RecordStore,
		private readonly fixed: BucketUnit | undefined,
		private readonly moved?: (into: Int32Array, cells: number) => void,
	) {
		this.unit = fixed ?? 'minute';
		this.groups = new HostGroups(store.destinations, (d) => {
			if (moved) {
				if (this.hostCount === this.hostDest.length) this.hostDest = grown(this.hostDest, this.hostCount);
				this.hostDest[this.hostCount] = d;
			}
			return this.hostCount++;
		});
	}

	get size(): number {
		return this.index.size;
	}

	/** Bucket start of cell `g` (NaN: requests without a time). */
	start(g: number): number {
		return this.index.start[g]!;
	}

	/** Host (first-seen number) of cell `g`. */
	host(g: number): number {
		return this.index.host[g]!;
	}

	/** The cell of record `i`; -1 when it is not a request. */
	add(i: number): number {
		const store = this.store;
		if (store.kindOf(i) !== KIND_CODES.request) return -1;
		const h = this.groups.of(store.dest.get(i));
		const t = store.time.get(i);
		if (Number.isNaN(t)) return this.index.idOf(Number.NaN, h);
		if (!(t >= this.first)) this.first = t;
		if (!(t <= this.last)) this.last = t;
		if (!this.fixed) {
			const want = autoUnit(this.last - this.first);
			if (UNIT_MS[want] > UNIT_MS[this.unit]) this.widen(want);
		}
		return this.index.idOf(bucketStart(t, this.unit), h);
	}

	/** A wider span needs wider buckets: the cells so far are merged into them, in first-seen order. */
	private widen(to: BucketUnit): void {
		this.unit = to;
		const old = this.index;
		this.index = new CellIndex();
		const into = new Int32Array(old.size);
		for (let id = 0; id < old.size; id++) {
			const t = old.start[id]!;
			into[id] = this.index.idOf(Number.isNaN(t) ? t : bucketStart(t, to), old.host[id]!);
		}
		this.moved?.(into, this.index.size);
	}
}

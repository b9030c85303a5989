/**
Timeline: when each host was contacted. One row per time bucket and host (the host's category and
organisation on the row), with the bucket's requests, blocked requests and bytes. Buckets are UTC
minutes, hours or days: chosen from the span of the records (under two hours: minutes; under three
days: hours; else days), or fixed by the view name (`timeline:minute`, `timeline:hour`, `timeline:day`).
Requests without a time are one row per host with an empty bucket, so every request is counted.

Also here, pure and shared by the Destinations view, the diff and the report: the sparkline of a host's
activity, and periodicity detection ("every ~300 s, 96% regular") over a host's request times.
*/
import type {Category, Party} from '../model/records.js';
import {filterValue} from './filter.js';
import type {Aggregator, CellValue, GroupView} from './types.js';
import {byteColumns, column} from './columns.js';
import {grown} from './traffic.js';
import {TimelineCells, UNIT_MS, type BucketUnit} from './timeline-cells.js';

export {autoUnit, BUCKET_UNITS, bucketStart, UNIT_MS, type BucketUnit} from './timeline-cells.js';

export type TimelineRow = {
	/** Start of the bucket (ISO-8601, UTC); empty for requests without a time. */
	bucket: string | undefined;
	unit: BucketUnit;
	host: string;
	organization: string;
	category: Category;
	party: Party;
	requests: number;
	blocked: number;
	bytesSent: number;
	bytesReceived: number;
};

/** The timeline view, with automatic buckets or a fixed unit. */
export function makeTimelineView(fixed?: BucketUnit): GroupView<TimelineRow> {
	return {
		kind: 'group',
		name: fixed ? `timeline:${fixed}` : 'timeline',
		title: fixed ? `Timeline (per ${fixed})` : 'Timeline',
		description: 'requests per time bucket (auto minute/hour/day, or timeline:hour …) and host, with its category',
		columns: [
			{key: 'bucket', header: 'Bucket', kind: 'time', priority: 0},
			{key: 'unit', header: 'Per', kind: 'text', priority: 5, minWidth: 4, maxWidth: 6},
			column('category', 1),
			column('host', 0),
			column('organization', 3),
			column('party', 2),
			column('requests', 0),
			column('blocked', 4),
			...byteColumns(4),
		],
		countKey: 'requests',
		sort: {key: 'bucket', descending: false},
		create(store): Aggregator<TimelineRow> {
			// Sums a cell, in typed columns beside the cells (a row object is built only when asked for).
			let requests = new Uint32Array(0);
			let blocked = new Uint32Array(0);
			let bytesSent = new Float64Array(0);
			let bytesReceived = new Float64Array(0);
			/** Cells moved into wider buckets: their sums add up there. */
			const moved = (into: Int32Array, size: number): void => {
				const sums = [requests, blocked, bytesSent, bytesReceived] as const;
				const merged = [new Uint32Array(size), new Uint32Array(size), new Float64Array(size), new Float64Array(size)] as const;
				for (let k = 0; k < sums.length; k++) {
					const from = sums[k]!;
					const to = merged[k]!;
					for (let id = 0; id < into.length; id++) to[into[id]!]! += from[id]!;
				}
				[requests, blocked, bytesSent, bytesReceived] = merged;
			};
			const cells = new TimelineCells(store, fixed, moved);
			const cellCount = (): number => cells.size;
			// The view's own order: by bucket (untimed last), the busiest host of a bucket first, then by first seen.
			let ranks: Int32Array | undefined;
			let added = 0;
			let rankedAt = -1;
			const rankOf = (g: number): number => {
				if (!ranks || rankedAt !== added) {
					const n = cells.size;
					const order = Array.from({length: n}, (_, k) => k);
					const at = (k: number): number => (Number.isNaN(cells.start(k)) ? Number.POSITIVE_INFINITY : cells.start(k));
					order.sort((a, b) => at(a) - at(b) || requests[b]! - requests[a]! || cells.host(a) - cells.host(b));
					ranks = new Int32Array(n);
					order.forEach((k, r) => (ranks![k] = r));
					rankedAt = added;
				}
				return ranks[g]!;
			};
			const row = (g: number): TimelineRow => {
				const dest = store.destinations.get(cells.hostDest[cells.host(g)]!)!;
				const c = dest.classification;
				const t = cells.start(g);
				return {
					bucket: Number.isNaN(t) ? undefined : new Date(t).toISOString(),
					unit: cells.unit,
					host: dest.host,
					organization: c?.organization ?? 'unknown',
					category: c?.category ?? 'unknown',
					party: c?.party ?? 'third',
					requests: requests[g]!,
					blocked: blocked[g]!,
					bytesSent: bytesSent[g]!,
					bytesReceived: bytesReceived[g]!,
				};
			};
			return {
				add(i) {
					const id = cells.add(i);
					if (id < 0) return;
					added++;
					if (id === requests.length) {
						requests = grown(requests, id);
						blocked = grown(blocked, id);
						bytesSent = grown(bytesSent, id);
						bytesReceived = grown(bytesReceived, id);
					}
					const sub = store.sub.get(i);
					const req = store.requests;
					requests[id]!++;
					if (((req.flags.get(sub) >> 2) & 3) === 2) blocked[id]!++;
					bytesSent[id]! += req.bytesSent.get(sub) ?? 0;
					bytesReceived[id]! += req.bytesReceived.get(sub) ?? 0;
				},
				size: cellCount,
				row,
				value(g, key): CellValue {
					switch (key) {
						case 'bucket': {
							const t = cells.start(g);
							return Number.isNaN(t) ? undefined : t;
						}
						case 'requests':
							return requests[g];
						case 'blocked':
							return blocked[g];
						case 'bytesSent':
							return bytesSent[g];
						case 'bytesReceived':
							return bytesReceived[g];
						default:
							return row(g)[key as keyof TimelineRow];
					}
				},
				rank: rankOf,
			};
		},
		counter(store) {
			const cells = new TimelineCells(store, fixed);
			return {add: (i) => void cells.add(i), size: () => cells.size};
		},
		drill: (row) => `host:=${filterValue(row.host)}`,
	};
}

export const timelineView = makeTimelineView();

/** `timeline`, `timeline:minute`, `timeline:hour`, `timeline:day`; undefined for other names. */
export function timelineViewNamed(name: string): GroupView<TimelineRow> | undefined {
	if (name === 'timeline') return timelineView;
	const m = /^timeline:(minute|hour|day)$/.exec(name);
	if (!m) return undefined;
	return (VARIANTS[m[1] as BucketUnit] ??= makeTimelineView(m[1] as BucketUnit));
}
const VARIANTS: Partial<Record<BucketUnit, GroupView<TimelineRow>>> = {};

// ---- histogram --------------------------------------------------------------------------------------

export type HistogramBucket = {
	/** Bucket start (ms); NaN for requests without a time (always last). */
	readonly start: number;
	readonly total: number;
	/** Requests per category in this bucket. */
	readonly byCategory: ReadonlyMap<string, number>;
};

/**
Timeline rows (any order) as a histogram: one bucket per step from the first to the last, empty ones
included (a gap in the traffic is information), requests per category in each; untimed requests last.
*/
export function histogram(rows: ReadonlyArray<Pick<TimelineRow, 'bucket' | 'unit' | 'category' | 'requests'>>, maxBuckets = 10_000): {unit: BucketUnit | undefined; buckets: HistogramBucket[]; truncated: boolean} {
	const byStart = new Map<number, Map<string, number>>();
	let unit: BucketUnit | undefined;
	let lo = Number.POSITIVE_INFINITY;
	let hi = Number.NEGATIVE_INFINITY;
	let untimed: Map<string, number> | undefined;
	for (const r of rows) {
		unit ??= r.unit;
		let m: Map<string, number>;
		if (r.bucket === undefined) m = untimed ??= new Map();
		else {
			const s = Date.parse(r.bucket);
			lo = Math.min(lo, s);
			hi = Math.max(hi, s);
			m = byStart.get(s) ?? new Map();
			byStart.set(s, m);
		}
		m.set(r.category, (m.get(r.category) ?? 0) + r.requests);
	}
	const total = (m: ReadonlyMap<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
	const buckets: HistogramBucket[] = [];
	let truncated = false;
	if (unit && byStart.size > 0) {
		const step = UNIT_MS[unit];
		for (let s = lo; s <= hi; s += step) {
			if (buckets.length >= maxBuckets) {
				truncated = true;
				break;
			}
			const m = byStart.get(s) ?? new Map<string, number>();
			buckets.push({start: s, total: total(m), byCategory: m});
		}
	}
	if (untimed) buckets.push({start: Number.NaN, total: total(untimed), byCategory: untimed});
	return {unit, buckets, truncated};
}

// ---- sparkline -------------------------------------------------------------------------------------

const BARS = '▁▂▃▄▅▆▇█';

/** Counts as a sparkline: `▁` for none, `▂`…`█` scaled to the largest. */
export function sparkline(counts: ArrayLike<number>): string {
	let max = 0;
	for (let k = 0; k < counts.length; k++) max = Math.max(max, counts[k]!);
	let out = '';
	for (let k = 0; k < counts.length; k++) {
		const c = counts[k]!;
		out += c <= 0 || max === 0 ? BARS[0] : BARS[1 + Math.min(6, Math.floor(((c - 1) / Math.max(1, max - 1)) * 6.999))];
	}
	return out;
}

/** Times (ms) counted into `slots` equal slices of [from, to]. */
export function slotCounts(times: ArrayLike<number>, from: number, to: number, slots: number): number[] {
	const counts = new Array<number>(slots).fill(0);
	const span = to - from;
	for (let k = 0; k < times.length; k++) {
		const t = times[k]!;
		if (Number.isNaN(t)) continue;
		const s = span > 0 ? Math.min(slots - 1, Math.max(0, Math.floor(((t - from) / span) * slots))) : 0;
		counts[s]!++;
	}
	return counts;
}

// ---- activity: aligned slices, exact from bounded state ---------------------------------------------

/**
The slice width (2^shift ms) of an activity line over [first, last]: the narrowest power of two whose
aligned slices (starting at multiples of the width) number at most `slots`. Slices aligned to powers of
two let a host keep its counts at a finer width of its own (at most 2 × `slots` of them) and add them up
exactly into the view's slices, whatever span all destinations end up covering: a host costs a few
dozen numbers, never a time per request.
*/
export function activityShift(first: number, last: number, slots: number): number {
	let shift = 0;
	while (Math.floor(last / 2 ** shift) - Math.floor(first / 2 ** shift) >= slots) shift++;
	return shift;
}

/** A host's request counts in aligned slices of 2^shift ms, at most `2 × slots` of them from slice `lo`. */
export class ActivityBins {
	shift = 0;
	lo = 0;
	counts: number[] = [];

	constructor(private readonly slots: number) {}

	add(t: number): void {
		let bin = Math.floor(t / 2 ** this.shift);
		if (this.counts.length === 0) {
			this.lo = bin;
			// A literal of one: most hosts of a long tail are contacted once or twice (`push` would reserve 17).
			this.counts = [1];
			return;
		}
		const hi = this.lo + this.counts.length - 1;
		if (bin < this.lo || bin > hi) {
			const from = Math.min(bin, this.lo);
			const to = Math.max(bin, hi);
			let shift = this.shift;
			while (Math.floor(to / 2 ** (shift - this.shift)) - Math.floor(from / 2 ** (shift - this.shift)) >= 2 * this.slots) shift++;
			if (shift !== this.shift) this.widen(shift);
			bin = Math.floor(t / 2 ** this.shift);
			if (bin < this.lo) {
				const pad = new Array<number>(this.lo - bin).fill(0);
				this.counts = [...pad, ...this.counts];
				this.lo = bin;
			}
			while (bin > this.lo + this.counts.length - 1) this.counts.push(0);
		}
		this.counts[bin - this.lo]!++;
	}

	private widen(shift: number): void {
		const by = 2 ** (shift - this.shift);
		const lo = Math.floor(this.lo / by);
		const counts: number[] = [];
		for (let k = 0; k < this.counts.length; k++) {
			const j = Math.floor((this.lo + k) / by) - lo;
			counts[j] = (counts[j] ?? 0) + this.counts[k]!;
		}
		for (let j = 0; j < counts.length; j++) counts[j] ??= 0;
		this.shift = shift;
		this.lo = lo;
		this.counts = counts;
	}

	/** The counts in the view's slices over [first, last] (width `activityShift(first, last, slots)`). */
	slices(first: number, last: number): number[] {
		const shift = activityShift(first, last, this.slots);
		const base = Math.floor(first / 2 ** shift);
		const out = new Array<number>(Math.floor(last / 2 ** shift) - base + 1).fill(0);
		// A host's own width is never wider than the view's: its span lies inside the view's, and it keeps twice the slices.
		const by = 2 ** (shift - this.shift);
		for (let k = 0; k < this.counts.length; k++) if (this.counts[k]! > 0) out[Math.floor((this.lo + k) / by) - base]! += this.counts[k]!;
		return out;
	}
}

// ---- periodicity -----------------------------------------------------------------------------------

export type Period = {
	/** The period in seconds. */
	readonly seconds: number;
	/** Share (0–1) of the contacts' span covered by gaps of one period (or a few missed beats) within tolerance. */
	readonly regularity: number;
	/** Median distance of a beat from the period, in seconds. */
	readonly jitterSeconds: number;
	/** Contacts counted (requests less than two seconds apart are one contact). */
	readonly beats: number;
};

/** Fewest contacts that can show a period. */
export const MIN_BEATS = 5;
/** Least regularity reported as a period. */
export const MIN_REGULARITY = 0.6;
/** Gaps up to this many periods count as missed beats. */
const MAX_MISSED = 4;
/** The shortest period reported (ms). */
const MIN_PERIOD_MS = 1000;
/** Requests this close (ms) are one burst, when a host is contacted less often than every ten seconds. */
const BURST_MS = 2000;

function median(sorted: ArrayLike<number>): number {
	const n = sorted.length;
	return n % 2 === 1 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

const tolerance = (p: number): number => Math.max(0.15 * p, 1000);

/**
Whether contacts at `times` (ms, any order) recur with a period, and how regularly. Bursts (requests
less than 2 s apart) are one contact; candidate periods are the most common gap lengths; each is scored
by the share of the span made of gaps within 15 % (at least 1 s) of one to four periods, and the best
is kept when that share is at least 60 %. The period is refined as the mean of the matching gaps.
*/
export function detectPeriod(times: ArrayLike<number>): Period | undefined {
	// The times that are numbers, copied by hand: a typed array's `filter` collects what it keeps as boxed
	// numbers first (20,000 of them for a busy host, on every frame that shows it while reading).
	const all = new Float64Array(times.length);
	let n = 0;
	for (let k = 0; k < times.length; k++) {
		const t = times[k]!;
		if (!Number.isNaN(t)) all[n++] = t;
	}
	const sorted = all.subarray(0, n).sort();
	if (n < MIN_BEATS) return undefined;
	const span = sorted[n - 1]! - sorted[0]!;
	if (!(span > 0)) return undefined;
	const burst = span / (n - 1) >= 10_000 ? BURST_MS : 0;
	const beats: number[] = [sorted[0]!];
	for (let k = 1; k < n; k++) if (sorted[k]! - sorted[k - 1]! > burst) beats.push(sorted[k]!);
	if (beats.length < MIN_BEATS) return undefined;
	const gaps = new Float64Array(beats.length - 1);
	for (let k = 1; k < beats.length; k++) gaps[k - 1] = beats[k]! - beats[k - 1]!;
	const beatSpan = beats[beats.length - 1]! - beats[0]!;
	// Candidates: the medians of the three largest clusters of similar gaps.
	const byLength = Float64Array.from(gaps).sort();
	const clusters: Array<{count: number; centre: number}> = [];
	for (let k = 0; k < byLength.length; ) {
		const startAt = byLength[k]!;
		let end = k;
		while (end < byLength.length && byLength[end]! - startAt <= tolerance(startAt)) end++;
		clusters.push({count: end - k, centre: median(byLength.subarray(k, end))});
		k = end;
	}
	clusters.sort((a, b) => b.count - a.count || a.centre - b.centre);
	let best: Period | undefined;
	// A page load's requests a fraction of a second apart are no beacon: periods start at a second.
	for (const {centre} of clusters.filter((c) => c.centre >= MIN_PERIOD_MS).slice(0, 3)) {
		const tol = tolerance(centre);
		let covered = 0;
		let periods = 0;
		const offsets: number[] = [];
		for (const g of gaps) {
			const k = Math.round(g / centre);
			if (k < 1 || k > MAX_MISSED || Math.abs(g - k * centre) > tol) continue;
			covered += g;
			periods += k;
			offsets.push(Math.abs(g / k - centre));
		}
		if (periods === 0) continue;
		const regularity = covered / beatSpan;
		const seconds = covered / periods / 1000;
		offsets.sort((a, b) => a - b);
		const candidate: Period = {seconds, regularity, jitterSeconds: median(offsets) / 1000, beats: beats.length};
		if (!best || regularity > best.regularity + 1e-9) best = candidate;
	}
	return best && best.regularity >= MIN_REGULARITY ? best : undefined;
}

/** `~2.5 s`, `~45 s`, `~300 s`, `~20 min`, `~6 h`. */
export function formatPeriod(seconds: number): string {
	if (seconds < 10) return `~${Number(seconds.toFixed(1))} s`;
	if (seconds < 100) return `~${Math.round(seconds)} s`;
	if (seconds < 1000) return `~${Math.round(seconds / 10) * 10} s`;
	if (seconds < 7200) return `~${Math.round(seconds / 60)} min`;
	const h = seconds / 3600;
	return `~${h < 10 ? Number(h.toFixed(1)) : Math.round(h)} h`;
}

/** `every ~300 s (96% regular)`. */
export function describePeriod(p: Period): string {
	return `every ${formatPeriod(p.seconds)} (${Math.round(p.regularity * 100)}% regular)`;
}

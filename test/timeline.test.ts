/**
The timeline view against the brute-force reference at every time scale (minutes, hours, days, and
widening buckets while records arrive); the histogram and sparkline helpers; periodicity detection on
synthetic beacons with jitter, missed beats and bursts, and on traffic that has no period.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {TelemetryRecord} from '../source/model/records.js';
import {RecordStore} from '../source/store/store.js';
import {QueryEngine} from '../source/views/query.js';
import {findView} from '../source/views/registry.js';
import {ActivityBins, activityShift, autoUnit, describePeriod, detectPeriod, formatPeriod, histogram, sparkline, slotCounts, type TimelineRow} from '../source/views/timeline.js';
import {build, contextOf, filterArb, recordArb, storeInSteps} from './helpers/random-records.js';
import {referenceRows} from './helpers/reference.js';
import {random} from '../bench/random.js';
import {runs} from './helpers/tier.js';
import {ACTIVITY_SLOTS, PERIOD_SAMPLE} from '../source/views/destinations.js';
import {fillStore, request} from './helpers/ui-records.js';

const BASE = Date.UTC(2024, 0, 1);

/** Stretch the records' times: `scale` 1 keeps the ~50 minutes of the generator, 400 makes ~2 weeks. */
function stretch(raws: readonly TelemetryRecord[], scale: number): TelemetryRecord[] {
	return raws.map((r) => (r.kind !== 'device' && r.time ? {...r, time: new Date(BASE + (Date.parse(r.time) - BASE) * scale).toISOString()} : r));
}

const VARIANTS = ['timeline', 'timeline:minute', 'timeline:hour', 'timeline:day'];

describe('timeline view', () => {
	it('equals the reference at every scale, bucket unit, filter and sort', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {maxLength: 40}), fc.constantFrom(1, 3, 20, 90, 400), filterArb, fc.nat(), fc.boolean(), (raws, scale, filter, col, descending) => {
				const {store, records} = build(stretch(raws, scale));
				const engine = new QueryEngine(store);
				for (const name of VARIANTS) {
					expect(engine.run({view: name, filter}).rows.slice(), `${name} / ${filter}`).toEqual(referenceRows(records, contextOf(store), name, filter));
					const view = findView(name)!;
					const sort = {key: view.columns[col % view.columns.length]!.key, descending};
					expect(engine.run({view: name, filter, sort}).rows.slice()).toEqual(referenceRows(records, contextOf(store), name, filter, sort));
				}
				store.close();
			}),
			runs(120),
		);
	});

	it('widens its buckets as records arrive and the span grows, and stays equal to the reference', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {minLength: 1, maxLength: 40}), fc.array(fc.nat({max: 40}), {maxLength: 4}), fc.constantFrom(3, 90, 400), (raws0, cuts, scale) => {
				const raws = stretch(raws0, scale);
				const store = new RecordStore({spool: true});
				const engine = new QueryEngine(store);
				storeInSteps(store, raws, cuts, (records) => expect(engine.run({view: 'timeline', filter: ''}).rows.slice()).toEqual(referenceRows(records, contextOf(store), 'timeline', '')));
				store.close();
			}),
			runs(80),
		);
	});

	it('counts every request once: the timeline sums to the Destinations requests, untimed ones in an empty bucket', () => {
		fc.assert(
			fc.property(fc.array(recordArb, {maxLength: 40}), (raws) => {
				const {store} = build(stretch(raws, 90));
				const engine = new QueryEngine(store);
				const perHost = new Map<string, number>();
				for (const r of engine.rows('timeline') as unknown as TimelineRow[]) perHost.set(r.host, (perHost.get(r.host) ?? 0) + r.requests);
				// Destinations also lists hosts that only received playback data (0 requests): the timeline counts requests.
				expect(Object.fromEntries(perHost)).toEqual(Object.fromEntries(engine.rows('destinations').filter((r) => (r['requests'] as number) > 0).map((r) => [r['host'], r['requests']])));
				store.close();
			}),
			runs(60),
		);
	});

	it('picks minutes under two hours, hours under three days, days beyond', () => {
		expect(autoUnit(0)).toBe('minute');
		expect(autoUnit(119 * 60_000)).toBe('minute');
		expect(autoUnit(2 * 3_600_000)).toBe('hour');
		expect(autoUnit(71 * 3_600_000)).toBe('hour');
		expect(autoUnit(72 * 3_600_000)).toBe('day');
	});

	it('names only the fixed-unit variants', () => {
		expect(findView('timeline:hour')?.name).toBe('timeline:hour');
		expect(findView('timeline:week')).toBeUndefined();
	});
});

describe('activity slices', () => {
	it('a host\'s bounded counts add up exactly to the slices of any span that contains its times', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({min: 0, max: 4e12}), {minLength: 1, maxLength: 60}), fc.nat({max: 1e12}), fc.nat({max: 1e12}), (times, before, after) => {
				const bins = new ActivityBins(16);
				for (const t of times) bins.add(t);
				expect(bins.counts.length).toBeLessThanOrEqual(32);
				const first = Math.min(...times) - before;
				const last = Math.max(...times) + after;
				// Directly: the narrowest power-of-two width whose aligned slices over [first, last] are at most 16.
				let width = 1;
				while (Math.floor(last / width) - Math.floor(first / width) > 15) width *= 2;
				expect(2 ** activityShift(first, last, 16)).toBe(width);
				const want = new Array<number>(Math.floor(last / width) - Math.floor(first / width) + 1).fill(0);
				for (const t of times) want[Math.floor(t / width) - Math.floor(first / width)]!++;
				expect(bins.slices(first, last)).toEqual(want);
			}),
			runs(300),
		);
	});
});

describe('a destination\'s Activity', () => {
	it('is the slices of every request of the host, below and beyond the times kept for its period (PERIOD_SAMPLE)', () => {
		const START = Date.UTC(2024, 0, 1);
		const draw = random(7);
		// A busy host in no time order, its requests beyond the sample in days no earlier one fell on, beside a
		// host contacted twice.
		const day = (from: number, days: number) => START + Math.floor((from + draw() * days) * 86_400_000);
		// Its first 700 (which the ring of recent times drops) in days of their own.
		const busy = Array.from({length: PERIOD_SAMPLE + 700}, (_, k) => (k < 700 ? day(22, 3) : k < PERIOD_SAMPLE ? day(0, 20) : day(30, 10)));
		const quiet = [START + 5 * 86_400_000, START + 39 * 86_400_000];
		const store = new RecordStore({spool: true});
		const at = (host: string, t: number) => request(host, '/collect', {time: new Date(t).toISOString()});
		const engine = new QueryEngine(store);
		const activity = (host: string): unknown => engine.rows('destinations').find((r) => r['host'] === host)?.['activity'];
		const expected = (times: number[], all: number[]): string => {
			const bins = new ActivityBins(ACTIVITY_SLOTS);
			for (const t of times) bins.add(t);
			return sparkline(bins.slices(Math.min(...all), Math.max(...all)));
		};
		fillStore(store, [...quiet.map((t) => at('quiet.example', t)), ...busy.slice(0, PERIOD_SAMPLE).map((t) => at('busy.example', t))]);
		expect(activity('busy.example')).toBe(expected(busy.slice(0, PERIOD_SAMPLE), [...busy.slice(0, PERIOD_SAMPLE), ...quiet]));
		fillStore(store, busy.slice(PERIOD_SAMPLE).map((t) => at('busy.example', t)));
		expect(activity('busy.example')).toBe(expected(busy, [...busy, ...quiet]));
		expect(activity('quiet.example')).toBe(expected(quiet, [...busy, ...quiet]));
		store.close();
	});
});

describe('histogram and sparkline', () => {
	const row = (bucket: string | undefined, category: TimelineRow['category'], requests: number) => ({bucket, unit: 'hour' as const, category, requests});

	it('fills the gaps between buckets, sums each category, and puts untimed requests last', () => {
		const h = histogram([row('2024-01-01T03:00:00.000Z', 'ads', 2), row('2024-01-01T00:00:00.000Z', 'ads', 1), row('2024-01-01T00:00:00.000Z', 'cdn', 4), row(undefined, 'cdn', 7), row('2024-01-01T03:00:00.000Z', 'ads', 5)]);
		expect(h.unit).toBe('hour');
		expect(h.buckets.map((b) => b.total)).toEqual([5, 0, 0, 7, 7]);
		expect(Number.isNaN(h.buckets[4]!.start)).toBe(true);
		expect(Object.fromEntries(h.buckets[0]!.byCategory)).toEqual({ads: 1, cdn: 4});
		expect(Object.fromEntries(h.buckets[3]!.byCategory)).toEqual({ads: 7});
	});

	it('says when it stopped at the bucket limit', () => {
		const h = histogram([row('2024-01-01T00:00:00.000Z', 'ads', 1), row('2024-02-01T00:00:00.000Z', 'ads', 1)], 100);
		expect(h.buckets).toHaveLength(100);
		expect(h.truncated).toBe(true);
	});

	it('draws none as the lowest bar and scales the rest to the largest', () => {
		expect(sparkline([0, 1, 8, 4])).toBe('▁▂█▄');
		expect(sparkline([0, 0])).toBe('▁▁');
		expect(sparkline([3, 3])).toBe('██');
		expect(slotCounts([0, 5, 9, 10, Number.NaN], 0, 10, 2)).toEqual([1, 3]);
	});
});

/** Beacon times: every `period` s with ±`jitter` s, skipping beats with probability `miss`, `burst` requests per beat. */
function beacon(seed: number, {period, jitter = 0, beats = 40, miss = 0, burst = 1}: {period: number; jitter?: number; beats?: number; miss?: number; burst?: number}): number[] {
	const next = random(seed);
	const out: number[] = [];
	for (let k = 0; k < beats; k++) {
		if (k > 0 && next() < miss) continue;
		const t = BASE + (k * period + (next() * 2 - 1) * jitter) * 1000;
		for (let b = 0; b < burst; b++) out.push(t + b * 150);
	}
	return out;
}

describe('periodicity', () => {
	it('finds a beacon every 300 s with ±20 s of jitter, whatever the seed', () => {
		for (let seed = 1; seed <= 30; seed++) {
			const p = detectPeriod(beacon(seed, {period: 300, jitter: 20}));
			expect(p, `seed ${seed}`).toBeDefined();
			expect(Math.abs(p!.seconds - 300), `seed ${seed}`).toBeLessThan(10);
			expect(p!.regularity).toBeGreaterThan(0.95);
			expect(p!.jitterSeconds).toBeLessThan(25);
			expect(describePeriod(p!)).toMatch(/^every ~300 s \(\d+% regular\)$/);
		}
	});

	it('reads a beacon in any order, and short and long periods', () => {
		const times = beacon(7, {period: 60, jitter: 3});
		const shuffled = [...times].sort((a, b) => (a * 7919) % 13 - (b * 7919) % 13);
		expect(detectPeriod(shuffled)?.seconds).toBeCloseTo(detectPeriod(times)!.seconds, 6);
		// Records without a time (NaN) among them change nothing.
		expect(detectPeriod(times.flatMap((t, k) => (k % 3 === 0 ? [Number.NaN, t] : [t])))).toEqual(detectPeriod(times));
		expect(detectPeriod(beacon(3, {period: 5, jitter: 0.2}))!.seconds).toBeCloseTo(5, 0);
		expect(detectPeriod(beacon(3, {period: 21_600, jitter: 300, beats: 12}))!.seconds / 3600).toBeCloseTo(6, 1);
	});

	it('counts a burst of requests as one contact, and missed beats as gaps of whole periods', () => {
		const bursty = detectPeriod(beacon(11, {period: 120, jitter: 5, burst: 3}));
		expect(bursty!.seconds).toBeGreaterThan(115);
		expect(bursty!.seconds).toBeLessThan(125);
		expect(bursty!.beats).toBe(40);
		const missing = detectPeriod(beacon(12, {period: 300, jitter: 10, beats: 60, miss: 0.25}));
		expect(missing!.seconds).toBeGreaterThan(290);
		expect(missing!.seconds).toBeLessThan(310);
		expect(missing!.regularity).toBeGreaterThan(0.8);
	});

	it('reports no period for random traffic, too few contacts, or one instant', () => {
		for (let seed = 1; seed <= 30; seed++) {
			const next = random(seed);
			let t = BASE;
			const times: number[] = [];
			// Exponential gaps (a Poisson process): contacts with no rhythm.
			for (let k = 0; k < 60; k++) times.push((t += -Math.log(1 - next()) * 200_000));
			expect(detectPeriod(times), `seed ${seed}`).toBeUndefined();
		}
		expect(detectPeriod(beacon(1, {period: 300, beats: 4}))).toBeUndefined();
		expect(detectPeriod([BASE, BASE, BASE, BASE, BASE, BASE])).toBeUndefined();
		expect(detectPeriod([])).toBeUndefined();
	});

	it('takes requests a fraction of a second apart (a page load) for no period, but finds a beacon among them', () => {
		const page = Array.from({length: 13}, (_, k) => BASE + k * 300);
		expect(detectPeriod(page)).toBeUndefined();
		const beat = beacon(5, {period: 30, jitter: 1, beats: 20});
		const mixed = [...beat, ...beat.flatMap((t) => [t + 200, t + 450])];
		expect(detectPeriod(mixed)!.seconds).toBeCloseTo(30, 0);
	});

	it('writes periods people read', () => {
		expect(formatPeriod(2.46)).toBe('~2.5 s');
		expect(formatPeriod(59.6)).toBe('~60 s');
		expect(formatPeriod(301)).toBe('~300 s');
		expect(formatPeriod(1260)).toBe('~21 min');
		expect(formatPeriod(21_700)).toBe('~6 h');
	});
});

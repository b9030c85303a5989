/**
The one module for times (source/model/time.ts): its per-second shortcuts give exactly what `Date` gives,
for times in order (the cached case), in any order, fractional, negative, before year 0 and after 9999.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {clipTime, dayExists, hasIsoForm, isoOfMs, isoOrUndefined, MONTH_NAMES, monthIndex, parseIsoTime, utcMillis, validTime} from '../source/model/time.js';
import {runs} from './helpers/tier.js';

const dateIso = (ms: number): string => new Date(ms).toISOString();

describe('time conversion', () => {
	it('isoOfMs is new Date(ms).toISOString() for any time in the Date range', () => {
		fc.assert(
			fc.property(fc.double({min: -8.64e15, max: 8.64e15, noNaN: true}), (ms) => {
				expect(isoOfMs(ms)).toBe(dateIso(ms));
			}),
			runs(5000),
		);
	});

	it('isoOfMs is exact for runs of lines in the same second and across seconds, years and the epoch', () => {
		for (const start of [Date.UTC(2026, 1, 6, 12, 48, 39, 648), -1500, 253402300798000, -62167219201000]) {
			for (let ms = start; ms < start + 3000; ms += 7) expect(isoOfMs(ms)).toBe(dateIso(ms));
			for (let ms = start + 0.5; ms < start + 50; ms += 1.25) expect(isoOfMs(ms)).toBe(dateIso(ms));
		}
		expect(isoOfMs(-0)).toBe(dateIso(-0));
	});

	it('isoOfMs throws as Date does outside its range; isoOrUndefined says undefined', () => {
		for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1, -8.64e15 - 1]) {
			expect(() => isoOfMs(bad)).toThrow(RangeError);
			expect(isoOrUndefined(bad)).toBeUndefined();
		}
		expect(isoOrUndefined(undefined)).toBeUndefined();
		expect(isoOrUndefined(0)).toBe('1970-01-01T00:00:00.000Z');
	});

	it('parseIsoTime is Date.parse, for record times and any other text', () => {
		fc.assert(
			fc.property(fc.integer({min: -8.64e15, max: 8.64e15}), (ms) => {
				const iso = dateIso(ms);
				expect(parseIsoTime(iso)).toBe(Date.parse(iso));
			}),
			runs(3000),
		);
		for (const text of ['2026-02-06T12:48:39.648Z', '2026-02-06T12:48:39.6a8Z', '2026-02-30T12:48:39.648Z', '2026-02-06T12:48:39Z', '2026-02-06T12:48:39.648+01:00', 'garbage', '']) {
			expect(Object.is(parseIsoTime(text), Date.parse(text)), text).toBe(true);
		}
	});

	it('parseIsoTime reads back the string isoOfMs just made, and only that string, as Date.parse does', () => {
		for (const ms of [Date.UTC(2026, 1, 6, 12, 48, 39, 648), 0, -1, -0.5, 1.9, 253402300799999]) {
			const made = isoOfMs(ms);
			expect(Object.is(parseIsoTime(made), Date.parse(made)), made).toBe(true);
			// Another string of the same second, and one of the same length that is no time, right after.
			const other = `${made.slice(0, 20)}001Z`;
			isoOfMs(ms);
			expect(parseIsoTime(other)).toBe(Date.parse(other));
			isoOfMs(ms);
			expect(parseIsoTime(`${made.slice(0, 20)} 12Z`)).toBe(Date.parse(`${made.slice(0, 20)} 12Z`));
		}
	});

	it('clipTime is the time the ISO string of a record\'s timeMs says (Date.parse of it), NaN when it has none', () => {
		fc.assert(
			fc.property(fc.double({min: -8.64e15, max: 8.64e15, noNaN: true}), (ms) => {
				expect(Object.is(clipTime(ms), Date.parse(isoOrUndefined(ms)!)), String(ms)).toBe(true);
				expect(validTime(ms)).toBe(true);
			}),
			runs(3000),
		);
		for (const ms of [-0, -0.5, 0.5, -1.5]) expect(Object.is(clipTime(ms), Date.parse(isoOrUndefined(ms)!)), String(ms)).toBe(true);
		for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 8.64e15 + 1, -8.64e15 - 1]) {
			expect(clipTime(bad)).toBeNaN();
			expect(validTime(bad)).toBe(false);
		}
		expect(validTime(undefined)).toBe(false);
	});

	it('hasIsoForm: the form of a record time, nothing else', () => {
		fc.assert(
			fc.property(fc.integer({min: 0, max: 253402300799999}), (ms) => {
				expect(hasIsoForm(dateIso(ms))).toBe(true);
			}),
			runs(1000),
		);
		for (const text of ['2026-02-06T12:48:39.648', '2026-02-06T12:48:39.648+0', '2026-02-06T12:48:39\u001b[2JZ', '2026-02-06T12:48:39.6a8Z', '2026-02-06 12:48:39.648Z', '\u001b]8;;x\u0007aaaaaaaaaaaaaaaaa', '', '+275760-09-13T00:00:00.000Z']) {
			expect(hasIsoForm(text), text).toBe(false);
		}
	});

	it('month names and calendar fields', () => {
		expect(MONTH_NAMES.map(monthIndex)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
		for (const bad of ['jan', 'JAN', 'toString', '__proto__', 'Janu', '']) expect(monthIndex(bad)).toBeUndefined();
		expect(utcMillis(2024, 2, 29, 23, 59, 60, 999)).toBe(Date.UTC(2024, 1, 29, 23, 59, 60, 999));
		expect(utcMillis(2024, 13, 1, 0, 0, 0, 0)).toBeUndefined();
		expect(utcMillis(2024, 1, 1, 24, 0, 0, 0)).toBeUndefined();
		expect(dayExists(2024, 1, 29)).toBe(true);
		expect(dayExists(2023, 1, 29)).toBe(false);
		expect(dayExists(2023, 3, 31)).toBe(false);
	});
});

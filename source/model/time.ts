/**
Times as the formats read them and the records keep them, in one place: the month names logs write,
calendar fields → UTC milliseconds, milliseconds → the ISO-8601 string a record holds, and back.

Every record has its time as ISO-8601 UTC with milliseconds (`2026-02-06T17:48:39.648Z`); logs write many
lines in the same second, so both directions work per second: the second's part is converted once and
the milliseconds added (`isoOfMs`, `parseIsoTime`). The results are exactly those of `Date`
(`new Date(ms).toISOString()`, `Date.parse`); tests compare them over every kind of value.

(Zones, `--tz` and `--log-tz`, are in zone.ts.)
*/
import {own} from './own.js';

/** The month abbreviations logs write (syslog, PMS, nginx/Apache `[10/Oct/2000:…]`), in order. */
export const MONTH_NAMES: readonly string[] = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const MONTHS: Readonly<Record<string, number>> = Object.fromEntries(MONTH_NAMES.map((name, index) => [name, index]));

/** `Jan` → 0 … `Dec` → 11; undefined for anything else (case matters: logs write `Jan`). */
export function monthIndex(name: string): number | undefined {
	return own(MONTHS, name);
}

/** UTC milliseconds from calendar fields (month 1–12), or undefined when a field is out of range. */
export function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
	const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
	return Number.isFinite(t) ? t : undefined;
}

/** True when the day exists in that month (Date.UTC would roll 31 Feb over into March). */
export function dayExists(year: number, month0: number, day: number): boolean {
	return new Date(Date.UTC(year, month0, day)).getUTCDate() === day;
}

// The last second converted, and its ISO prefix `YYYY-MM-DDTHH:MM:SS.`.
let isoSecond = Number.NaN;
let isoPrefix = '';

/**
`new Date(ms).toISOString()`, the second's part converted once for all the lines of that second. Throws
the same RangeError for a time outside the Date range.
*/
export function isoOfMs(ms: number): string {
	// Date keeps whole milliseconds, cut towards zero (TimeClip).
	const t = Math.trunc(ms);
	const second = Math.floor(t / 1000);
	if (second !== isoSecond) {
		const full = new Date(t).toISOString();
		// Years before 0 or after 9999 are written with six digits: not cached.
		if (full.length !== 24) return full;
		isoSecond = second;
		isoPrefix = full.slice(0, 20);
		return made(full, t);
	}
	const frac = t - second * 1000;
	return made(`${isoPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`, t);
}

// The last string `isoOfMs` made and its time: a parser makes a record's time string, the store reads it
// back (`parseIsoTime`) moments later. Made here from a number, so it holds no input text.
let madeIso = '';
let madeMs = Number.NaN;

function made(iso: string, t: number): string {
	madeIso = iso;
	// Date.parse never gives -0.
	madeMs = t === 0 ? 0 : t;
	return iso;
}

/** The ISO string of a time, or undefined when there is none or it is not a valid time. */
export function isoOrUndefined(ms: number | undefined): string | undefined {
	return validTime(ms) ? isoOfMs(ms) : undefined;
}

/** True when `ms` is a time a record can hold (`isoOrUndefined` gives it a string). */
export function validTime(ms: number | undefined): ms is number {
	return ms !== undefined && Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;
}

/**
A record's `timeMs` as its ISO string (`isoOrUndefined`) would give it back: whole milliseconds (Date's
TimeClip cuts towards zero, and never gives -0), or NaN when it is not a valid time (no ISO string).
*/
export function clipTime(ms: number): number {
	return validTime(ms) ? Math.trunc(ms) + 0 : Number.NaN;
}

const secondCache = new Map<string, number>();
// The second the last call parsed (`YYYY-MM-DDTHH:MM:SS`) and its epoch ms: records come in time order.
let lastSecond = '';
let lastBase = Number.NaN;

/**
`Date.parse(iso)`, with the second's part of the record's own form (`…T17:48:39.648Z`) parsed once for all
the records of that second.
*/
export function parseIsoTime(iso: string): number {
	if (iso === madeIso) return madeMs;
	if (iso.length === 24 && iso.charCodeAt(19) === 46 /* . */ && iso.charCodeAt(23) === 90 /* Z */) {
		let base: number | undefined;
		if (iso.startsWith(lastSecond) && lastSecond !== '') base = lastBase;
		else {
			const second = iso.slice(0, 19);
			base = secondCache.get(second);
			if (base === undefined) {
				base = Date.parse(`${second}Z`);
				if (secondCache.size > 4096) secondCache.clear();
				secondCache.set(second, base);
			}
			lastSecond = second;
			lastBase = base;
		}
		const ms = digit(iso, 20) * 100 + digit(iso, 21) * 10 + digit(iso, 22);
		return Number.isNaN(base) || Number.isNaN(ms) ? Date.parse(iso) : base + ms;
	}
	return Date.parse(iso);
}

/** The decimal digit at `at`, or NaN. */
function digit(text: string, at: number): number {
	const d = text.charCodeAt(at) - 48;
	return d >= 0 && d <= 9 ? d : Number.NaN;
}

/**
True when `text` has the form of a record's time (`2026-02-06T17:48:39.648Z`: digits and `-T:.Z`, 24
characters): nothing in it needs cleaning for a terminal, and it holds no secret.
*/
export function hasIsoForm(text: string): boolean {
	if (text.length !== 24) return false;
	for (let k = 0; k < 24; k++) {
		const c = text.charCodeAt(k);
		if (!((c >= 48 && c <= 58) /* 0-9 : */ || c === 45 /* - */ || c === 46 /* . */ || c === 84 /* T */ || c === 90) /* Z */) return false;
	}
	return true;
}

/**
Reading cell values the same way in every tabular format (generic CSV, Tautulli CSV and JSON rows):
numbers, times, transcode decisions, resolutions. Each reader tells "absent" (empty, null) apart from
"present but unreadable", so callers can report the second with a located diagnostic.
*/
import {normalizeResolution, type Decision, type Resolution} from '../../model/records.js';
import {isoOfMs} from '../../model/time.js';

/** `undefined`: absent; `null`: present but not readable. */
export type Read<T> = T | undefined | null;

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A finite number from a JSON number or a numeric string. */
export function readNumber(value: unknown): Read<number> {
	if (isBlank(value)) return undefined;
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	const s = value.trim();
	if (s.length > 40 || !NUMBER.test(s)) return null;
	const n = Number(s);
	return Number.isFinite(n) ? n : null;
}

/** A positive integer (pixels). Zero counts as absent: Tautulli writes 0 for "unknown". */
export function readPositiveInt(value: unknown): Read<number> {
	const n = readNumber(value);
	if (n === undefined || n === null) return n;
	if (n === 0) return undefined;
	return Number.isInteger(n) && n > 0 ? n : null;
}

/** A non-negative number (bitrate, bytes). */
export function readNonNegative(value: unknown): Read<number> {
	const n = readNumber(value);
	if (n === undefined || n === null) return n;
	return n >= 0 ? n : null;
}

// 2024-03-09, 2024-03-09 21:04:05, 2024-03-09T21:04:05.123Z, …+01:00, … UTC
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

function isoFromMs(ms: number): string | null {
	if (!Number.isFinite(ms) || ms < 0 || ms > 4102444800000) return null; // up to 2100-01-01
	return isoOfMs(ms);
}

/**
An ISO-8601 UTC time from epoch seconds (Tautulli `started`, `date`), epoch milliseconds (13 digits)
or an ISO-like date. Dates without an offset are taken as UTC: a parser must not depend on the machine's
time zone. `0` is absent (Tautulli writes 0 for "not stopped yet").
*/
export function readTime(value: unknown): Read<string> {
	if (isBlank(value)) return undefined;
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+(?:\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : undefined;
	if (n !== undefined) {
		if (n === 0) return undefined;
		return isoFromMs(n >= 1e11 ? n : n * 1000);
	}
	if (typeof value !== 'string') return null;
	const s = value.trim();
	if (s.length > 64) return null;
	const m = ISO.exec(s);
	if (!m) return null;
	const [, y, mo, d, h, mi, se, frac, zone] = m;
	const ms = Number((frac ?? '0').padEnd(3, '0').slice(0, 3));
	let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(se ?? 0), ms);
	if (zone && /^[+-]/.test(zone)) {
		const z = zone.replace(':', '');
		const offset = (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 60_000;
		t += z.startsWith('+') ? -offset : offset;
	}
	// Reject impossible dates (2024-02-31) instead of letting Date roll them over.
	const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
	if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
	return isoFromMs(t);
}

/**
A playback decision. Tautulli writes `direct play`, `copy`, `transcode`; Plex's UI says "Direct
Stream" for copy; Jellyfin writes `DirectPlay`, `DirectStream`, `Transcode` and sometimes adds detail
(`Transcode (v:direct a:aac)`), so only the leading words count. Returns `null` for a value it does not know.
*/
export function readDecision(value: unknown): Read<Decision> {
	if (isBlank(value)) return undefined;
	if (typeof value !== 'string') return null;
	const m = /^\s*(direct[\s_-]?play|direct[\s_-]?stream|copy|transcod(?:e|ing))(?![a-z])/i.exec(value);
	if (!m) return null;
	const key = m[1]!.toLowerCase().replace(/[\s_-]/g, '');
	if (key === 'directplay') return 'directplay';
	if (key === 'directstream' || key === 'copy') return 'copy';
	return 'transcode';
}

/** A string cell, trimmed; empty is absent. Numbers are written as text. */
export function readText(value: unknown): string | undefined {
	if (typeof value === 'string') {
		const s = value.trim();
		return s === '' ? undefined : s;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/** Set each field of the record that has text (as `readText` reads it) in `raw`; the others stay absent. */
export function setTexts<K extends string>(record: {[k in NoInfer<K>]?: string}, raw: Readonly<Record<K, unknown>>): void {
	for (const key of Object.keys(raw) as K[]) {
		const text = readText(raw[key]);
		if (text) record[key] = text;
	}
}

/**
A resolution label (`1080`, `4k`, `sd`, `720p`) or `WIDTHxHEIGHT`. Returns the bucket and, for the
`WxH` form, the dimensions.
*/
export function readResolution(value: unknown): {resolution?: Resolution; width?: number; height?: number} | undefined | null {
	const s = readText(value);
	if (s === undefined) return undefined;
	const bucket = normalizeResolution({label: s});
	if (bucket) return {resolution: bucket};
	const wh = /^(\d{2,5})\s*[x×*]\s*(\d{2,5})$/i.exec(s);
	if (wh) {
		const width = Number(wh[1]);
		const height = Number(wh[2]);
		return {resolution: normalizeResolution({width, height}), width, height};
	}
	return null;
}

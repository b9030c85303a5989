/**
How a cell value becomes text. One function for the screen, tables and markdown (human: `1.2 MB`,
lists joined with commas) and one each for data formats (CSV: raw numbers, lists joined with `; `;
JSON: lists stay lists).
Every string goes through `sanitizeText` here as well: records are already clean, but rows can be
built from anything and a second pass is cheap.
*/
import {sanitizeText} from '../privacy/sanitize.js';
import type {CellValue, ColumnKind} from '../views/types.js';
import {isoWithOffset, localZone, wallClock, zoneLabel} from '../model/zone.js';

/** How an unknown figure is shown to people (CSV leaves the cell empty, JSON writes null). */
export const UNKNOWN = '—';

export function formatBytes(n: number): string {
	if (n < 1000) return `${n} B`;
	const units = ['kB', 'MB', 'GB', 'TB'];
	let v = n / 1000;
	let i = 0;
	while (v >= 1000 && i < units.length - 1) {
		v /= 1000;
		i++;
	}
	return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

/**
The zone times are shown in (`--tz`; default: the system's). Set once at start by the CLI; every human
time (`2025-03-14 19:02:13`) is the wall clock there, every time header names it, and data formats
write ISO 8601 with its offset.
*/
let displayZone: string = localZone();

export function setDisplayZone(zone: string): void {
	displayZone = zone;
}

export function getDisplayZone(): string {
	return displayZone;
}

/** `YYYY-MM-DDTHH:MM:SS.mmmZ`, as `toISOString` writes it (and the views give times). */
const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
True when `iso` is in `ISO_UTC`'s form with a day before the 29th and an hour before 24: then it names
the instant its text says (Date.parse reads `02-30` as 1 March and `24:00` as the next day; it refuses
a month, minute or second out of range), and its UTC wall clock is its own text.
*/
function plainUtc(iso: string): boolean {
	if (iso.length !== 24 || !ISO_UTC.test(iso)) return false;
	const d = iso.charCodeAt(8);
	const h = iso.charCodeAt(11);
	// Day 01–28 (`2` then at most `8`), hour 00–23 (`2` then at most `3`).
	return (d < 50 || (d === 50 && iso.charCodeAt(9) <= 56)) && (h < 50 || (h === 50 && iso.charCodeAt(12) < 52)) && !Number.isNaN(Date.parse(iso));
}

/** `2024-05-02T09:49:48.507Z` → `2024-05-02 09:49:48` in the display zone (text that is not a time stays as it is). */
export function formatTime(iso: string): string {
	// In UTC a plain ISO time is cut, not parsed and written again (a table of 150,000 hosts has 300,000 times).
	if (displayZone === 'UTC' && plainUtc(iso)) return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
	// Date.parse, not parseIsoTime: a table's times come in any order, where its per-second cache only churns.
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : wallClock(ms, displayZone);
}

/** A time for data (CSV, JSON): ISO 8601 with the display zone's offset. */
export function dataTime(iso: string): string {
	const ms = Date.parse(iso);
	return Number.isNaN(ms) ? iso : isoWithOffset(ms, displayZone);
}

/** A column's header as people read it: a time column names its zone, `Time (UTC+01:00)`. */
export function columnHeader(column: {readonly header: string; readonly kind: ColumnKind}): string {
	return column.kind === 'time' ? `${column.header} (${zoneLabel(displayZone)})` : column.header;
}

/**
`n.toLocaleString('en-US')` (`12,345`), with whole non-negative numbers grouped here: a table of 37,000
hosts has 200,000 counts, and each toLocaleString call costs several times this.
*/
export function formatCount(n: number): string {
	if (!Number.isSafeInteger(n) || n < 0 || Object.is(n, -0)) return n.toLocaleString('en-US');
	const digits = String(n);
	if (digits.length <= 3) return digits;
	let out = digits.slice(0, digits.length % 3 || 3);
	for (let k = out.length; k < digits.length; k += 3) out += `,${digits.slice(k, k + 3)}`;
	return out;
}

/** Text for people: the screen, `--output table` and `--output markdown`. */
export function humanCell(value: CellValue, kind: ColumnKind): string {
	// An unknown number, size or time is "—": not 0, which would be a claim.
	if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return kind === 'number' || kind === 'bytes' || kind === 'time' ? UNKNOWN : '';
	if (value === '') return '';
	if (Array.isArray(value)) return sanitizeText(value.join(', '));
	if (typeof value === 'number') {
		if (kind === 'bytes') return formatBytes(value);
		return formatCount(value);
	}
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	const text = sanitizeText(value as string);
	return kind === 'time' ? formatTime(text) : text;
}

/** A JSON value for data: strings (also in lists) made safe as everywhere else; numbers and booleans as they are. */
export function jsonCell(value: CellValue, kind?: ColumnKind): unknown {
	if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
	if (kind === 'time' && typeof value === 'string') return dataTime(sanitizeText(value));
	if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? sanitizeText(v) : v));
	if (typeof value === 'string') return sanitizeText(value);
	return value;
}

/** Text for data: CSV cells. Numbers stay plain numbers. */
export function dataCell(value: CellValue, kind?: ColumnKind): string | number | boolean {
	if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
	if (kind === 'time' && typeof value === 'string') return dataTime(sanitizeText(value));
	if (Array.isArray(value)) return sanitizeText(value.join('; '));
	if (typeof value === 'string') return sanitizeText(value);
	return value as number | boolean;
}

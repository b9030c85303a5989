/**
How a cell value becomes text. One function for the screen, tables and markdown (human: `1.2 MB`,
lists joined with commas) and one each for data formats (CSV: raw numbers, lists joined with `; `;
JSON: lists stay lists).
Every string goes through `sanitizeText` here as well: records are already clean, but rows can be
built from anything and a second pass is cheap.
*/
import {sanitizeText} from '../privacy/sanitize.js';
import type {CellValue, ColumnKind} from '../views/types.js';

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

/** `2024-05-02T09:49:48.507Z` → `2024-05-02 09:49:48`. */
export function formatTime(iso: string): string {
	return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
}

/** Text for people: the screen, `--output table` and `--output markdown`. */
export function humanCell(value: CellValue, kind: ColumnKind): string {
	// An unknown number, size or time is "—": not 0, which would be a claim.
	if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return kind === 'number' || kind === 'bytes' || kind === 'time' ? UNKNOWN : '';
	if (value === '') return '';
	if (Array.isArray(value)) return sanitizeText(value.join(', '));
	if (typeof value === 'number') {
		if (kind === 'bytes') return formatBytes(value);
		return value.toLocaleString('en-US');
	}
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	const text = sanitizeText(value as string);
	return kind === 'time' ? formatTime(text) : text;
}

/** A JSON value for data: strings (also in lists) made safe as everywhere else; numbers and booleans as they are. */
export function jsonCell(value: CellValue): unknown {
	if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
	if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? sanitizeText(v) : v));
	if (typeof value === 'string') return sanitizeText(value);
	return value;
}

/** Text for data: CSV cells. Numbers stay plain numbers. */
export function dataCell(value: CellValue): string | number | boolean {
	if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '';
	if (Array.isArray(value)) return sanitizeText(value.join('; '));
	if (typeof value === 'string') return sanitizeText(value);
	return value as number | boolean;
}

/**
Reading untyped JSON (HAR entries, response bodies) without trusting its shape: every accessor takes
`unknown` and returns a typed value or undefined. Exporters put `null`, `-1`, `""`, numbers as strings
and objects where arrays belong (formats.md §5.2); PMS JSON has single objects where XML has lists.
*/

export type Obj = Record<string, unknown>;

/** The value when it is a plain object (not an array). */
export function asObject(value: unknown): Obj | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

/** The value as a list: an array as is, a single object as a one-element list, anything else as empty. */
export function asList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	return value === undefined || value === null ? [] : [value];
}

/** A non-empty string; numbers and booleans are turned into strings (PMS JSON mixes them). */
export function asString(value: unknown): string | undefined {
	if (typeof value === 'string') return value === '' ? undefined : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'boolean') return String(value);
	return undefined;
}

/** The fields of `o` under these names, as strings (`asString`), under the same names; absent ones left out. */
export function sameNamed<K extends string>(o: Obj, keys: readonly K[]): Partial<Record<K, string>> {
	const out: Partial<Record<K, string>> = {};
	for (const key of keys) {
		const value = asString(o[key]);
		if (value !== undefined) out[key] = value;
	}
	return out;
}

/** A finite number, also from a numeric string. */
export function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && value.trim() !== '') {
		const n = Number(value);
		return Number.isFinite(n) ? n : undefined;
	}
	return undefined;
}

/** A size that is known: a number >= 0 (HAR uses -1 and null for unknown). */
export function knownSize(value: unknown): number | undefined {
	const n = asNumber(value);
	return n !== undefined && n >= 0 ? n : undefined;
}

/** A positive integer (widths, heights). */
export function positiveInt(value: unknown): number | undefined {
	const n = asNumber(value);
	return n !== undefined && n > 0 ? Math.round(n) : undefined;
}

/** The first element of a list, or the value itself when it is not a list. */
export function first(value: unknown): Obj | undefined {
	return asObject(Array.isArray(value) ? value[0] : value);
}

/** Byte length of a string in UTF-8, without allocating. */
export function utf8Length(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) n += 1;
		else if (c < 0x800) n += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			n += 4;
			i++;
		} else n += 3;
	}
	return n;
}

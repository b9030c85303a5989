/**
What one record may keep of a field, whatever the input holds (issue 19 item 6), and the one way a
value is cut: to the limit, ending in `…[cut: N characters]`, as a copy that shares no memory with the
line it came from. source/pipeline/bound.ts applies these to every record; parsers apply them to what
they hold while they wait for a matching line (PMS and Emby/Jellyfin request joins hold thousands of
requests: a 1 MB target each would be gigabytes).
*/

export const LIMITS = {
	/** URLs and paths, in characters. */
	url: 8192,
	/** Any other string field (header values, titles, evidence, events …). */
	text: 2048,
	/** An identifier's value (a cookie string, a token) and name. */
	identifierValue: 1024,
	/** Identifiers per record. */
	identifiers: 256,
	/** Entries of any other list in a record (body fields, headers held by a parser). */
	list: 256,
} as const;

/**
A copy of `text` that shares no memory with the string it was sliced from. V8 keeps a substring as a
view of its parent: the 8 KiB kept of a 1 MB line would keep the whole megabyte alive for as long as
the record (or a dictionary entry, or a pending join) lives.
*/
export function ownCopy(text: string): string {
	return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

const CUT_MARK = /…\[cut: [\d,]+ characters\]$/;

/** True when `text` was already cut to `max` by `cutText` (it is then a little longer than `max`). */
export function wasCut(text: string, max: number): boolean {
	return text.length <= max + 40 && text.length > max && CUT_MARK.test(text);
}

/** `text` cut to `max` characters (never inside a surrogate pair), marked with its full length; `text` when it fits. */
export function cutText(text: string, max: number): string {
	if (text.length <= max || wasCut(text, max)) return text;
	let end = max;
	const c = text.charCodeAt(end - 1);
	if (c >= 0xd800 && c <= 0xdbff) end--;
	return ownCopy(`${text.slice(0, end)}…[cut: ${text.length.toLocaleString('en-US')} characters]`);
}

/** A plain value (records, parser events) with every string in it copied (see `ownCopy`). */
export function ownDeep<T>(value: T): T {
	if (typeof value === 'string') return ownCopy(value) as T;
	if (Array.isArray(value)) return value.map(ownDeep) as T;
	if (value !== null && typeof value === 'object') {
		// fromEntries defines own properties: a `__proto__` key from input stays a key.
		return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, ownDeep(v)]]))) as T;
	}
	return value;
}

/**
The values a request carried outside its URL — header values, cookie values, form fields and the
strings of a JSON or text body — for the identifier ledger: a client id learned from one field may
leave under any other name, in a header of a tracker pixel or deep in an analytics body.

Parsers attach them to the raw request as `carried`; the pipeline fingerprints them and drops them
before the record is stored (source/pipeline/ledger.ts, finalize.ts), so no value here is ever kept,
shown or written. Bounded: a request gives at most MAX_VALUES values of at most MAX_CHARS characters
(a long value is cut into its token-shaped words), and a JSON body is walked to a fixed depth.
*/
import type {Carried} from '../../model/records.js';

const MAX_VALUES = 2_000;
const MAX_CHARS = 512;
const MIN_CHARS = 4;
const MAX_DEPTH = 12;

/** Headers that say nothing about the user (their values are shared by everyone). */
const PLAIN_HEADERS = new Set(['accept', 'accept-encoding', 'accept-language', 'cache-control', 'connection', 'content-length', 'content-type', 'host', ':authority', ':method', ':path', ':scheme', 'origin', 'pragma', 'referer', 'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'upgrade-insecure-requests', 'te', 'priority']);

/**
Words of a long value that could be an identifier (letters, digits and the characters ids are made of;
`=` ends a word, so `uid=x` gives `x`, and base64 padding is dropped, which the unpadded form matches).
*/
const WORD = /[A-Za-z0-9_\-+/.~@%]{4,512}/g;

export class CarriedValues {
	readonly values: Carried[] = [];
	private readonly seen = new Set<string>();

	/** True while more values may be added. */
	get open(): boolean {
		return this.values.length < MAX_VALUES;
	}

	add(where: string, value: string): void {
		if (!this.open || value.length < MIN_CHARS) return;
		if (value.length <= MAX_CHARS) this.push(where, value);
		// A long value, or one with separators (`Bearer x`, `a=1; b=2`, a user agent): its words too.
		if (value.length > MAX_CHARS || /[\s;,]/.test(value)) for (const m of value.slice(0, 64 * 1024).matchAll(WORD)) this.push(where, m[0]);
	}

	private push(where: string, value: string): void {
		if (!this.open) return;
		const key = `${where}\u0000${value}`;
		if (this.seen.has(key)) return;
		this.seen.add(key);
		this.values.push({where, value});
	}

	/** Request headers (cookies come separately: each cookie is its own value). */
	headers(headers: ReadonlyArray<readonly [string, string]>): void {
		for (const [name, value] of headers) {
			const lower = name.toLowerCase();
			if (lower === 'cookie' || PLAIN_HEADERS.has(lower)) continue;
			this.add(`header ${name}`, value);
		}
	}

	/** Cookie pairs (`name=value`), from a HAR's cookies or a Cookie header. */
	cookies(pairs: ReadonlyArray<readonly [string, string]>): void {
		for (const [name, value] of pairs) this.add(`cookie ${name}`, value);
	}

	/** `Cookie: a=1; b=2` → each cookie. */
	cookieHeader(value: string): void {
		for (const part of value.split(';')) {
			const eq = part.indexOf('=');
			if (eq > 0) this.add(`cookie ${part.slice(0, eq).trim()}`, part.slice(eq + 1).trim());
		}
	}

	/** Form fields or other named pairs. */
	pairs(where: string, pairs: ReadonlyArray<readonly [string, string]>): void {
		for (const [name, value] of pairs) this.add(`${where} ${name}`, value);
	}

	/** Every string (and long number) of a parsed JSON body, under its dotted path (`context.device.id`). */
	json(value: unknown, path = 'body', depth = 0): void {
		if (!this.open || depth > MAX_DEPTH) return;
		if (typeof value === 'string') this.add(path, value);
		else if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1000) this.add(path, String(value));
		else if (Array.isArray(value)) for (const v of value) this.json(v, `${path}[]`, depth + 1);
		else if (value !== null && typeof value === 'object') for (const k of Object.keys(value)) this.json((value as Record<string, unknown>)[k], `${path}.${k}`, depth + 1);
	}

	/** A body that is neither JSON nor a form: its token-shaped words. */
	text(text: string): void {
		for (const m of text.slice(0, 256 * 1024).matchAll(WORD)) {
			if (!this.open) return;
			this.push('body', m[0]);
		}
	}
}

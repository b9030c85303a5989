/**
Identifier-shaped values, wherever they travel.

The identifier ledger asks "did a value that identifies me reach this host, under any name, in any
encoding?". Parsers name identifiers they know by field (X-Plex-Client-Identifier, DeviceId, userId …);
these functions find the others:

- `tokenLike`: a value that looks like an identifier — long, mixed letters and digits, hex, a UUID,
  base64 — and not like a descriptor (`Chrome`, `1920x1080`, `4.116.1`, `en`). Such values are masked in
  URLs whatever parameter carries them.
- `candidateValues`: every value an outbound request carries in its URL (each query value, decoded up
  to three times, and each path segment) plus what the parser saw in headers, cookies and bodies: the
  places a learned identifier is searched for.
- `encodedForms`: the forms a learned value may travel in — itself, base64, base64url, and MD5, SHA-1
  and SHA-256 in hex — so that a hash of a client id sent to a tracker is found too.
Nothing here keeps or prints a value; callers fingerprint what they keep (source/privacy/mask.ts).
*/
import {createHash} from 'node:crypto';
import {BoundedMemo} from '../model/memo.js';
import type {IdentifierKind} from '../model/records.js';

/** Identifiers in the ledger's sense: ids and personal data; not secrets (redacted) nor device descriptors. */
export function isLedgerKind(kind: IdentifierKind): boolean {
	return kind === 'identifier' || kind === 'personal';
}

const TOKEN_CHARS = /^[A-Za-z0-9_\-+/=.~]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;

/** Shortest value taken for an identifier by its shape alone. */
export const TOKEN_MIN = 16;
/** Longer values are documents, not identifiers. */
export const TOKEN_MAX = 512;

/** Does the value look like an identifier (and not like a descriptor)? */
export function tokenLike(value: string): boolean {
	const n = value.length;
	// `/` is a base64 character, but a value that starts with one is a path.
	if (n < TOKEN_MIN || n > TOKEN_MAX || !TOKEN_CHARS.test(value) || value.startsWith('/') || value.includes('//')) return false;
	if (UUID.test(value) || HEX.test(value)) return true;
	let letters = 0;
	let digits = 0;
	for (let k = 0; k < n; k++) {
		const c = value.charCodeAt(k);
		if (c >= 48 && c <= 57) digits++;
		else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters++;
	}
	// Mixed letters and digits, mostly alphanumeric (a dotted version or a path is not an id).
	return letters > 0 && digits > 0 && letters + digits >= n * 0.8;
}

/** Names of browsers, systems and device families: what many people's devices are called, not who they are. */
const DESCRIPTOR_WORDS = new Set(
	(
		'chrome chromium firefox safari edge opera brave vivaldi samsung internet webkit gecko ' +
		'linux windows macos mac os x osx ios ipados android tvos watchos chromeos fire os fireos tizen webos roku ' +
		'iphone ipad ipod apple tv appletv shield android tv google tv chromecast fire tv firetv xbox playstation ps4 ps5 ' +
		'smart tv tv desktop laptop mobile tablet phone browser web plex web plex for windows plex for mac plex htpc ' +
		'jellyfin web emby web kodi infuse vlc mpv unknown'
	).split(/\s+/),
);

/**
Is a value a device descriptor rather than a name someone chose: a browser, system or device family
(`Chrome`, `Linux`, `Roku`, `Apple TV`), a version (`4.116.1`, `10.0 (Build 19045)`) or a screen size
(`1920x1080`)? A device named `Chrome` says what it is, not who owns it, so it is not masked.
*/
export function isDescriptor(value: string): boolean {
	return descriptors.through(value, describes) === 1;
}

// Device names repeat on every request of a device: each distinct one is looked at once (bounded).
const descriptors = new BoundedMemo<0 | 1>(2048, 256);
const describes = (value: string): 0 | 1 => (readsAsDescriptor(value) ? 1 : 0);

function readsAsDescriptor(value: string): boolean {
	const v = value.trim().toLowerCase();
	if (v === '') return false;
	if (DESCRIPTOR_WORDS.has(v)) return true;
	if (/^v?\d+(?:[._]\d+){0,4}(?:\s*\([^()]{0,40}\))?$/.test(v) || /^\d{2,5}x\d{2,5}$/.test(v)) return true;
	// `Chrome 120`, `Firefox on Linux`, `Android TV`: descriptor words and versions only.
	const words = v.split(/[\s/]+/).filter((w) => w !== '' && w !== 'on' && w !== 'for');
	return words.length > 0 && words.length <= 4 && words.every((w) => DESCRIPTOR_WORDS.has(w) || /^v?\d+(?:\.\d+){0,4}$/.test(w));
}

/** Where a candidate value was found and how many times it was URL-decoded to get there. */
export type Candidate = {readonly where: string; readonly text: string; readonly decoded: number};

/** Values shorter than this are not searched for (a "1" or "en" matches everything). */
export const CANDIDATE_MIN = 4;

function decodeOnce(text: string): string | undefined {
	if (!text.includes('%') && !text.includes('+')) return undefined;
	try {
		const next = decodeURIComponent(text.replace(/\+/g, ' '));
		return next === text ? undefined : next;
	} catch {
		return undefined;
	}
}

/** A value and its URL-decodings (at most three), each a candidate. */
function withDecodings(where: string, raw: string, out: Candidate[]): void {
	let text = raw;
	for (let level = 0; level <= 3; level++) {
		if (text.length >= CANDIDATE_MIN && text.length <= TOKEN_MAX) out.push({where, text, decoded: level});
		const next = decodeOnce(text);
		if (next === undefined) break;
		text = next;
	}
}

/**
The values a URL carries: each query parameter's value (under the parameter's name) and each path
segment, with their URL-decodings. A URL that is not one (`this-server` paths, DNS names) gives its path
segments only.
*/
export function urlCandidates(url: string): Candidate[] {
	const out: Candidate[] = [];
	const hash = url.indexOf('#');
	const noHash = hash === -1 ? url : url.slice(0, hash);
	const q = noHash.indexOf('?');
	const beforeQuery = q === -1 ? noHash : noHash.slice(0, q);
	const scheme = beforeQuery.indexOf('://');
	const path = scheme === -1 ? beforeQuery : beforeQuery.slice(beforeQuery.indexOf('/', scheme + 3) === -1 ? beforeQuery.length : beforeQuery.indexOf('/', scheme + 3));
	for (const segment of path.split('/')) if (segment !== '') withDecodings('path', segment, out);
	if (q !== -1) {
		for (const pair of noHash.slice(q + 1).split(/[&;]/)) {
			const eq = pair.indexOf('=');
			if (eq <= 0) continue;
			const name = decodeOnce(pair.slice(0, eq)) ?? pair.slice(0, eq);
			withDecodings(`query ${name}`, pair.slice(eq + 1), out);
		}
	}
	return out;
}

/** The candidates of a value carried elsewhere (a header, cookie or body field), with its URL-decodings. */
export function valueCandidates(where: string, value: string, out: Candidate[] = []): Candidate[] {
	withDecodings(where, value, out);
	return out;
}

/**
Does a place a value was found (`query X-Plex-Client-Identifier`, `header x-plex-client-identifier`) name
the field the value is known by? Then it is the same evidence, not a second way out. Header names are
case-insensitive (HTTP/2 sends them in lower case).
*/
export function placeNames(where: string, name: string): boolean {
	return where.toLowerCase().endsWith(name.toLowerCase());
}

/** How a learned value was found: `raw`, `URL-encoded`, `URL-encoded ×2`, `base64`, `md5` … */
export type Encoding = string;

/** The forms a learned value may travel in, each with its name. Hex forms are lower case (compare lower-cased). */
export function encodedForms(value: string): Array<{readonly encoding: Encoding; readonly text: string}> {
	const bytes = Buffer.from(value, 'utf8');
	const forms = [
		{encoding: 'raw', text: value},
		{encoding: 'base64', text: bytes.toString('base64')},
		{encoding: 'base64url', text: bytes.toString('base64url')},
		{encoding: 'md5', text: createHash('md5').update(bytes).digest('hex')},
		{encoding: 'sha1', text: createHash('sha1').update(bytes).digest('hex')},
		{encoding: 'sha256', text: createHash('sha256').update(bytes).digest('hex')},
	];
	// base64 without padding is base64url's twin in the wild.
	const unpadded = forms[1]!.text.replace(/=+$/, '');
	if (unpadded !== forms[1]!.text) forms.push({encoding: 'base64', text: unpadded});
	return forms;
}

/** A candidate as it is compared with encoded forms: hex in lower case (a hash may be sent in either case). */
export function comparable(text: string): string {
	return text.length >= 32 && HEX.test(text) ? text.toLowerCase() : text;
}

/** The encoding a hit is reported with: how the value was encoded, and how often it was URL-encoded on top. */
export function describeEncoding(form: Encoding, decoded: number): string {
	const url = decoded === 0 ? '' : decoded === 1 ? 'URL-encoded' : `URL-encoded ×${decoded}`;
	if (form === 'raw') return url || 'raw';
	return url ? `${form}, ${url}` : form;
}

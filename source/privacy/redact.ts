/**
Secrets never reach output unless the user passes `--show-secrets`.

`redactText` replaces the value of every secret it can find in free text: URLs (query parameters, also
inside a nested `url=` parameter percent-encoded up to three times, and parameter names that are
percent-encoded themselves: `access%5Ftoken=`, `X%2DPlex%2DToken=`), the password of URL userinfo
(`https://user:pw@host/`), log lines (`X-Plex-Token=…`, `/ X-Plex-Token => …`, `Token="…"` inside
`Authorization: MediaBrowser …`), JSON bodies (`"authToken": "…"`) and header lines
(`Authorization: Bearer …`, `Cookie: …`).

A secret value runs to the end of its parameter: to `&`, white space or a double quote (the closing
quote when it was opened by one), and inside a nested URL to that level's encoded `&`. Characters such
as `)`, `]`, `}`, `>`, `'`, `,` and a `%26` at the top level are part of the value: cutting there would
show the rest of a token. Redacting a few characters too many is the safe side.

Every pattern here runs in time linear in the text (test/privacy.test.ts checks hostile 1 MB lines).
*/

import {isDescriptor, tokenLike} from './tokens.js';

export const REDACTED = '[REDACTED]';

/** Parameter, header and field names whose values are secrets (lower case). */
export const SECRET_NAMES: ReadonlySet<string> = new Set([
	'x-plex-token',
	'x-plex-secret',
	// Legacy signed access of Plex Media Server (shared-server links, old clients).
	'x-plex-access-key',
	'x-plex-access-code',
	'x-emby-token',
	'x-mediabrowser-token',
	'x-connect-usertoken',
	'x-emby-authorization',
	'authorization',
	'proxy-authorization',
	'cookie',
	'set-cookie',
	'api_key',
	'apikey',
	'api-key',
	'x-api-key',
	'access_token',
	'accesstoken',
	'auth_token',
	'authtoken',
	'authenticationtoken',
	'refresh_token',
	'id_token',
	'idtoken',
	'token',
	'password',
	'passwd',
	'secret',
	'client_secret',
]);

/** Header names whose whole value is handled by the header patterns below (scheme kept, credential dropped). */
const HEADER_ONLY: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'x-emby-authorization', 'cookie', 'set-cookie']);

/**
`key` is an API key in many query strings (`?key=AIza…`), and a library path in Plex's (`key=/library/
metadata/1`): a value that is a path is not a secret.
*/
function isPathValue(value: string): boolean {
	return /^(?:\/|%(?:25)*2[Ff])/.test(value);
}

/** True when a header, parameter or JSON field of this name carries a secret. */
export function isSecretName(name: string): boolean {
	return SECRET_NAMES.has(name.toLowerCase());
}

/** True when a query parameter or field of this name carries a secret with this value (`key` only when it is not a path). */
export function isSecretParam(name: string, value: string): boolean {
	const lower = name.toLowerCase();
	return SECRET_NAMES.has(lower) || (lower === 'key' && value !== '' && !isPathValue(value));
}

// A name: letters, digits, `_`, `-`, or those percent-encoded (at any nesting depth: %5F, %255F).
const NAME_CHAR = String.raw`(?:[A-Za-z0-9_-]|%(?:25)*(?:4[1-9A-Fa-f]|5[0-9AaFf]|6[1-9A-Fa-f]|7[0-9Aa]|3[0-9]|2[Dd]))`;
// A name starts after a character that cannot be part of one, or after a percent-encoded one that
// cannot either (`%3F`, `%26`, `%20`, `%22`: a nested query, a MediaBrowser header passed as a
// parameter). Starting only there keeps the scan linear.
// The name is taken whole (`(?=(…))\1`: no backtracking into a long run of name characters, which
// made 200 k encoded characters take a hundred times longer than 20 k). Then a separator: =, %3D (%253D, %25253D nested), JSON `": "`, PMS ` => `, header `: `, `="`.
const ASSIGNMENT = new RegExp(
	String.raw`(?:(?<![A-Za-z0-9_%-])|(?<=%(?:25)*(?:2[0-46-9A-Ca-cEeFf]|3[A-Fa-f])))(?=(${NAME_CHAR}+))\1(=["']?|%((?:25)*)3[Dd](?:%(?:25)*22)?|"\s*:\s*"|'\s*:\s*'|\s*=>\s*|:\s*"?)`,
	'g',
);
// Credentials in an Authorization-like header: keep the scheme, drop the credential (to white space or a
// double quote). MediaBrowser/Emby schemes carry descriptors (Client, Device) next to Token=, which the
// assignment scan handles.
const AUTH_HEADER = /(?<![A-Za-z0-9_-])((?:Proxy-)?Authorization|X-Emby-Authorization)(\s*(?:=>|:|=)\s*)(Bearer|Basic|Digest|Negotiate|PlexToken)\s+([^\s"]+)/gi;
// Cookie headers: the whole value is secret, to the end of the line or a quote.
const COOKIE_HEADER = /(?<![A-Za-z0-9_-])(Set-Cookie|Cookie)(\s*(?:=>|:)\s*)([^"\r\n]+)/gi;
// The password of URL userinfo, plain or percent-encoded in a nested URL: `//user:pw@`, `%2F%2Fuser%3Apw%40`.
// The password runs to the last `@` before the host (as browsers read it).
const USERINFO = /(\/\/[^\s/?#@:%"]*:)([^\s/?#"]*)@/g;
const USERINFO_ENCODED = /(%(?:25)*2[Ff]%(?:25)*2[Ff][^\s/?#&@:%"]*%(?:25)*3[Aa])((?:[^\s/?#&@%"]|%(?:25)*(?!25)(?!2[Ff]|40|26|3[Ff])[0-9A-Fa-f]{2})*)%(?:25)*40/g;
const QUICK = /token|key|secret|pass|auth|cookie|access|%|@/i;

/** Decode a (possibly multiply) percent-encoded name, lower case. */
function decodeName(name: string): string {
	let text = name;
	for (let k = 0; k < 4 && text.includes('%'); k++) {
		try {
			text = decodeURIComponent(text);
		} catch {
			break;
		}
	}
	return text.toLowerCase();
}

const WHITE = /\s/;

/** Where a secret value that starts at `from` ends. `quote`: the value was opened by that quote. `level`: URL nesting of `%3D`. */
function valueEnd(text: string, from: number, quote: string | undefined, level: number): number {
	let k = from;
	const n = text.length;
	while (k < n) {
		const c = text[k]!;
		if (quote !== undefined) {
			if (c === '\\') {
				k += 2;
				continue;
			}
			if (c === quote || c === '\n' || c === '\r') return k;
		} else {
			if (c === '&' || c === '"' || WHITE.test(c)) return k;
			if (c === '%' && level > 0) {
				// %26, %2526 … : the encoded `&` of this level or a shallower one ends the value.
				let j = k + 1;
				let depth = 0;
				while (text.startsWith('25', j) && depth < level) {
					j += 2;
					depth++;
				}
				if (depth < level && text.startsWith('26', j)) return k;
			}
		}
		k++;
	}
	return n;
}

function redactAssignments(text: string): string {
	let out = '';
	let copied = 0;
	ASSIGNMENT.lastIndex = 0;
	let m: RegExpExecArray | null;
	while ((m = ASSIGNMENT.exec(text)) !== null) {
		const sep = m[2]!;
		const name = decodeName(m[1]!);
		const after = m.index + m[0].length;
		const quote = sep.endsWith('"') || /%(?:25)*22$/.test(sep) ? '"' : sep.endsWith("'") ? "'" : undefined;
		const encodedQuote = quote === '"' && sep.includes('%');
		const level = m[3] === undefined ? 0 : 1 + m[3].length / 2;
		const headerStyle = sep.includes(':') && !sep.startsWith('"') && !sep.startsWith("'") || sep.includes('=>');
		let secret = SECRET_NAMES.has(name) && !HEADER_ONLY.has(name);
		let end = -1;
		if (!secret && name === 'key' && !headerStyle) {
			end = valueEnd(text, after, encodedQuote ? undefined : quote, level);
			secret = end > after && !isPathValue(text.slice(after, Math.min(end, after + 8)));
		}
		if (!secret) continue;
		if (end < 0) end = valueEnd(text, after, encodedQuote ? undefined : quote, level);
		if (end === after) continue;
		out += text.slice(copied, after) + REDACTED;
		copied = end;
		ASSIGNMENT.lastIndex = end;
	}
	return copied === 0 ? text : out + text.slice(copied);
}

/** False when `redactText` would return `text` unchanged without looking further (one cheap test). */
export function mayHoldSecret(text: string): boolean {
	return QUICK.test(text);
}

/** Replace every secret value found in `text` with `[REDACTED]`. Returns `text` itself when nothing matched. */
export function redactText(text: string): string {
	if (!QUICK.test(text)) return text;
	let out = redactAssignments(text);
	if (out.includes('@')) {
		out = out.replace(USERINFO, (_m, user: string, pw: string) => (pw === '' ? _m : `${user}${REDACTED}@`));
		out = out.replace(USERINFO_ENCODED, (m, user: string, pw: string) => (pw === '' ? m : `${user}${REDACTED}${m.slice(user.length + pw.length)}`));
	} else if (/%(?:25)*40/.test(out)) {
		out = out.replace(USERINFO_ENCODED, (m, user: string, pw: string) => (pw === '' ? m : `${user}${REDACTED}${m.slice(user.length + pw.length)}`));
	}
	out = out.replace(AUTH_HEADER, (_m, name: string, sep: string, scheme: string) => `${name}${sep}${scheme} ${REDACTED}`);
	out = out.replace(COOKIE_HEADER, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
	return out;
}

/**
Query parameters whose values identify a client, a session, a person or a device by name. Their
values are masked in URLs unless `--show-secrets` (secrets are redacted by `redactText` instead).
*/
export const IDENTIFYING_PARAMS: ReadonlyMap<string, 'identifier' | 'personal'> = new Map([
	['x-plex-client-identifier', 'identifier'],
	['x-plex-session-identifier', 'identifier'],
	['x-plex-session-id', 'identifier'],
	['x-plex-target-client-identifier', 'identifier'],
	['x-plex-device-name', 'personal'],
	['x-emby-device-id', 'identifier'],
	['x-emby-device-name', 'personal'],
	['deviceid', 'identifier'],
	['userid', 'identifier'],
	['playsessionid', 'identifier'],
	['machineidentifier', 'identifier'],
	['clientidentifier', 'identifier'],
	['sessionidentifier', 'identifier'],
	['did', 'identifier'],
	['username', 'personal'],
	['email', 'personal'],
]);

/** Location sent as parameters: personal data whatever else the request is (telemetry-facts.md §1). */
export const LOCATION_PARAMS: ReadonlySet<string> = new Set(['postalcode', 'postal_code', 'postcode', 'zip', 'zipcode', 'zip_code', 'lat', 'latitude', 'lon', 'lng', 'long', 'longitude', 'geo', 'geolocation', 'coordinates']);

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const EMAIL = /^[^\s@/?#&=]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$/;

/** A public IPv4 address (a user's own address on the internet): loopback, private and link-local are not. */
export function isPublicIpv4(value: string): boolean {
	const m = IPV4.exec(value);
	if (!m) return false;
	const [a, b] = [Number(m[1]), Number(m[2])];
	if ([a, b, Number(m[3]), Number(m[4])].some((n) => n > 255)) return false;
	return !(a === 0 || a === 10 || a === 127 || a >= 224 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127));
}

/**
Is a parameter's value identifying, and how? By its name (IDENTIFYING_PARAMS, location), or by its
value whatever the name: a public IP address or an e-mail address is personal, a token-shaped value
(long, mixed letters and digits, a UUID, hex) is an identifier. Descriptors (`Chrome`, `4.116.1`,
`1920x1080`, `en`) are none of these.
*/
export function identifyingKind(name: string, value: string): 'identifier' | 'personal' | undefined {
	const lower = name.toLowerCase();
	const named = IDENTIFYING_PARAMS.get(lower);
	if (named) return named;
	if (LOCATION_PARAMS.has(lower)) return 'personal';
	if (isPublicIpv4(value) || EMAIL.test(value)) return 'personal';
	return tokenLike(value) ? 'identifier' : undefined;
}

const QUERY_PARAM = /([?&;#])([^&#;=\s]{1,200})=([^&#;\s]*)/g;

function decoded(value: string): string {
	if (!value.includes('%') && !value.includes('+')) return value;
	try {
		return decodeURIComponent(value.replace(/\+/g, ' '));
	} catch {
		return value;
	}
}

/**
A mask as it goes back into a URL: readable (`k3x9…#391bb0`), but its prefix comes from the decoded value,
so anything else in it (a control character, a space, `&`) is percent-encoded again.
*/
function urlSafe(masked: string): string {
	return masked.replace(/[^A-Za-z0-9._~\-…#:[\]]/gu, (c) => encodeURIComponent(c));
}

/**
Mask what identifies in a URL or path: the values of identifying query parameters (by name, or by a
value that is an identifier under any name — `?uid=<client id>`), and token-shaped path segments
(`/u/<client id>/x.gif`). The scheme and host stay; a mask is written as it is shown everywhere else
(`k3x9…#391bb0`), not percent-encoded, so a reader can follow it from a URL to a ledger row.
*/
export function maskUrlIdentifiers(url: string, mask: (value: string, kind: 'identifier' | 'personal') => string): string {
	let start = 0;
	const scheme = url.indexOf('://');
	if (scheme > 0 && scheme < 16) {
		const slash = url.slice(scheme + 3).search(/[/?#]/);
		start = slash === -1 ? url.length : scheme + 3 + slash;
	}
	const q = url.slice(start).search(/[?#]/);
	const pathEnd = q === -1 ? url.length : start + q;
	let path = url.slice(start, pathEnd);
	if (path.length > 17) {
		path = path
			.split('/')
			.map((segment) => {
				if (segment.length < 16) return segment;
				const value = decoded(segment);
				return tokenLike(value) ? urlSafe(mask(value, 'identifier')) : segment;
			})
			.join('/');
	}
	let query = url.slice(pathEnd);
	if (query.includes('=')) {
		query = query.replace(QUERY_PARAM, (whole, sep: string, name: string, value: string) => {
			if (value === '' || value.startsWith('[')) return whole; // already redacted
			const plain = decoded(value);
			let kind = identifyingKind(decoded(name), plain);
			if (kind === 'personal' && /device[ ._-]?name$/i.test(name) && isDescriptor(plain)) kind = undefined;
			return kind ? `${sep}${name}=${urlSafe(mask(plain, kind))}` : whole;
		});
	}
	return url.slice(0, start) + path + query;
}

/**
True when `maskUrlIdentifiers` returns `url` as it is, by a cheap scan (no allocation): no `=` anywhere
and no path segment of 16 characters or more. False means "may change", not "will".
*/
export function maskLeavesUrl(url: string): boolean {
	if (url.includes('=')) return false;
	let start = 0;
	const scheme = url.indexOf('://');
	if (scheme > 0 && scheme < 16) {
		start = url.length;
		for (let k = scheme + 3; k < url.length; k++) {
			const c = url.charCodeAt(k);
			if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
				start = k;
				break;
			}
		}
	}
	let run = 0;
	for (let k = start; k < url.length; k++) {
		const c = url.charCodeAt(k);
		if (c === 63 /* ? */ || c === 35 /* # */) break;
		if (c === 47 /* / */) run = 0;
		else if (++run >= 16) return false;
	}
	return true;
}

/** True when `maskPlexDirectNames` returns `text` as it is (the same two searches it starts with). */
export function noPlexDirectName(text: string): boolean {
	return !text.includes('.plex.direct') && !text.includes('.PLEX.DIRECT');
}

/*
`<address>.<hash>.plex.direct` names say which Plex server (the hash names its certificate) and where
it is (its LAN or public address). Both are masked wherever such a name appears — host columns, URLs,
headers, log messages — as the same values are masked elsewhere: the hash as an identifier
(`0f3c…#a1b2c3`, as `CertificateUUID` from Preferences.xml shows), the address as an IP address keeping
its network class (`192.168.…#d4e5f6`). `plex.direct` itself stays, so the name still says what it is.
The pattern is bounded (a label of at most 63 characters, a hash of 16–64 hex digits): linear time.
*/
const PLEX_DIRECT_NAME = /(?<![0-9a-z-])(?:([0-9a-z-]{1,63})\.)?([0-9a-f]{16,64})\.plex\.direct(?![0-9a-z-])/gi;

/** Mask the server hash and address of every `*.plex.direct` name in `text`; `text` itself when there is none. */
export function maskPlexDirectNames(text: string, mask: (value: string, kind: 'identifier' | 'personal') => string): string {
	// Two plain searches, not a case-blind pattern: this runs on every string of every record. Host
	// names are lower-cased by the parsers; a name in mixed case inside free text is the one gap.
	if (noPlexDirectName(text)) return text;
	return text.replace(PLEX_DIRECT_NAME, (_m, label: string | undefined, hash: string) => {
		const masked = `${mask(hash.toLowerCase(), 'identifier')}.plex.direct`;
		if (label === undefined) return masked;
		const lower = label.toLowerCase();
		const ipv4 = /^\d{1,3}(?:-\d{1,3}){3}$/.test(lower) ? lower.replace(/-/g, '.') : undefined;
		// Plex writes an IPv6 address with `-` for `:`; any other label (a letter word) is kept.
		const ipv6 = ipv4 === undefined && /^[0-9a-f]{0,4}(?:-[0-9a-f]{0,4}){2,7}$/.test(lower) ? lower.replace(/-/g, ':') : undefined;
		const address = ipv4 ?? ipv6;
		return `${address === undefined ? label : mask(address, 'personal')}.${masked}`;
	});
}

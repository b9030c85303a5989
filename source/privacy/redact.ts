/**
Secrets never reach output unless the user passes `--show-secrets`.

`redactText` replaces the value of every secret it can find in free text: URLs (query parameters, also
percent-encoded once or twice inside a nested `url=` parameter), log lines (`X-Plex-Token=…`,
`/ X-Plex-Token => …`, `Token="…"` inside `Authorization: MediaBrowser …`), JSON bodies
(`"authToken": "…"`) and header lines (`Authorization: Bearer …`, `Cookie: …`).
*/

import {isDescriptor, tokenLike} from './tokens.js';

export const REDACTED = '[REDACTED]';

/** Parameter, header and field names whose values are secrets (lower case). */
export const SECRET_NAMES: ReadonlySet<string> = new Set([
	'x-plex-token',
	'x-plex-secret',
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
	'token',
	'password',
	'passwd',
	'secret',
	'client_secret',
]);

/** True when a header, parameter or JSON field of this name carries a secret. */
export function isSecretName(name: string): boolean {
	return SECRET_NAMES.has(name.toLowerCase());
}

const PARAM_NAMES =
	'X-Plex-Token|X-Plex-Secret|X-Emby-Token|X-MediaBrowser-Token|X-Connect-UserToken|api_key|apikey|api-key|x-api-key|access_token|accessToken|auth_token|authToken|authenticationToken|refresh_token|client_secret|password|passwd|token';
// name, then a separator: =, %3D, %253D (nested once/twice), JSON `": "`, PMS ` => `, header `: `.
const SECRET_ASSIGNMENT = new RegExp(
	`(?:(?<![A-Za-z0-9_-])|(?<=%3F|%26|%253F|%2526))(${PARAM_NAMES})(=|%3D|%253D|"\\s*:\\s*"|'\\s*:\\s*'|\\s*=>\\s*|:\\s*"?|="|=')((?:(?!%26|%2526)[^&\\s"',;<>)\\]}])+)`,
	'gi',
);
// Credentials in an Authorization-like header: keep the scheme, drop the credential. MediaBrowser/Emby
// schemes carry descriptors (Client, Device) next to Token=, which SECRET_ASSIGNMENT handles.
const AUTH_HEADER = /(?<![A-Za-z0-9_-])((?:Proxy-)?Authorization|X-Emby-Authorization)(\s*(?:=>|:|=)\s*)(Bearer|Basic|Digest|Negotiate|PlexToken)\s+([^\s"',;]+)/gi;
// Cookie headers: the whole value is secret, to the end of the line or a quote.
const COOKIE_HEADER = /(?<![A-Za-z0-9_-])(Set-Cookie|Cookie)(\s*(?:=>|:)\s*)([^"\r\n]+)/gi;
const QUICK = /token|key|secret|pass|auth|cookie/i;

/** Replace every secret value found in `text` with `[REDACTED]`. Returns `text` itself when nothing matched. */
export function redactText(text: string): string {
	if (!QUICK.test(text)) return text;
	let out = text.replace(SECRET_ASSIGNMENT, (_m, name: string, sep: string) => `${name}${sep}${REDACTED}`);
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
				return tokenLike(value) ? mask(value, 'identifier') : segment;
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
			return kind ? `${sep}${name}=${mask(plain, kind)}` : whole;
		});
	}
	return url.slice(0, start) + path + query;
}

/**
Secrets never reach output unless the user passes `--show-secrets`.

`redactText` replaces the value of every secret it can find in free text: URLs (query parameters, also
percent-encoded once or twice inside a nested `url=` parameter), log lines (`X-Plex-Token=…`,
`/ X-Plex-Token => …`, `Token="…"` inside `Authorization: MediaBrowser …`), JSON bodies
(`"authToken": "…"`) and header lines (`Authorization: Bearer …`, `Cookie: …`).
*/

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

const QUERY_PARAM = /([?&;])([A-Za-z0-9_.-]+)=([^&#;\s]*)/g;

/** Mask the values of identifying query parameters in a URL or path. */
export function maskUrlIdentifiers(url: string, mask: (value: string, kind: 'identifier' | 'personal') => string): string {
	if (!url.includes('=')) return url;
	return url.replace(QUERY_PARAM, (whole, sep: string, name: string, value: string) => {
		const kind = IDENTIFYING_PARAMS.get(name.toLowerCase());
		if (!kind || value === '') return whole;
		let decoded = value;
		try {
			decoded = decodeURIComponent(value.replace(/\+/g, ' '));
		} catch {
			// keep the raw value
		}
		return `${sep}${name}=${encodeURIComponent(mask(decoded, kind))}`;
	});
}

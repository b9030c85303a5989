/** Splitting URLs from input without throwing: bad URLs still give a host and a path. */
import {normalizeHost} from '../../model/hosts.js';

export type UrlParts = {
	scheme: string | undefined;
	host: string;
	port: number | undefined;
	path: string;
	/** Decoded query parameters in order (duplicates kept). */
	query: Array<[string, string]>;
};

const DEFAULT_PORTS: Record<string, number> = {http: 80, https: 443, ws: 80, wss: 443};

function decode(s: string): string {
	// Nothing to decode (most names and values): the same string, without a replace and a decode pass.
	if (s.indexOf('%') === -1 && s.indexOf('+') === -1) return s;
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
}

/** Parse a query string (without `?`) into decoded pairs. */
export function parseQuery(qs: string): Array<[string, string]> {
	const out: Array<[string, string]> = [];
	if (!qs) return out;
	for (const part of qs.split('&')) {
		if (!part) continue;
		const eq = part.indexOf('=');
		out.push(eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
	}
	return out;
}

/** Schemes the WHATWG URL standard calls special: `\` counts as `/` and slashes after the colon are optional. */
const SPECIAL = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/**
Split an absolute URL (`https://host:port/path?q`) or an origin-form path (`/path?q`, host unknown).
The port is the explicit one, or the scheme's default. IPv6 brackets are removed from the host.

The authority is cut where a browser cuts it, so the host is the one the request really went to: for
http(s) a `\` ends the authority like `/` (`https://evil.example\@plex.tv/` goes to evil.example),
the user info is everything before the last `@`, and the host is normalised as the WHATWG URL parser
does (lower case, Unicode full stops as dots, IDN as punycode). A host no parser would accept is kept
as written, lower-cased; the classifier then gives it no label.
*/
export function splitUrl(url: string): UrlParts {
	const sm = SCHEME.exec(url);
	const scheme = sm ? sm[1]!.toLowerCase() : undefined;
	const special = scheme !== undefined && SPECIAL.has(scheme);
	let rest = sm ? url.slice(sm[0].length) : '';
	if (sm && (special ? /^[/\\]/.test(rest) : rest.startsWith('//'))) {
		rest = rest.replace(special ? /^[/\\]+/ : /^\/\//, '');
		const end = rest.search(special ? /[/\\?#]/ : /[/?#]/);
		const authority = end === -1 ? rest : rest.slice(0, end);
		const tail = end === -1 ? '' : rest.slice(end);
		const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
		let rawHost: string;
		let portText: string | undefined;
		if (hostPort.startsWith('[')) {
			const close = hostPort.indexOf(']');
			rawHost = close === -1 ? hostPort.slice(1) : hostPort.slice(1, close);
			portText = close === -1 ? undefined : hostPort.slice(close + 1).replace(/^:/, '');
		} else {
			const colon = hostPort.indexOf(':');
			rawHost = colon === -1 ? hostPort : hostPort.slice(0, colon);
			portText = colon === -1 ? undefined : hostPort.slice(colon + 1);
		}
		const port = portText && /^\d{1,5}$/.test(portText) ? Number(portText) : DEFAULT_PORTS[scheme!];
		const q = tail.search(/[?#]/);
		let path = q === -1 ? tail : tail.slice(0, q);
		if (special) path = path.replace(/\\/g, '/');
		const query = q !== -1 && tail[q] === '?' ? tail.slice(q + 1).split('#')[0]! : '';
		return {scheme, host: normalizeHost(rawHost) ?? rawHost.toLowerCase(), port, path: path || '/', query: parseQuery(query)};
	}
	const q = url.indexOf('?');
	const hash = url.indexOf('#');
	const end = hash === -1 ? url.length : hash;
	return {scheme: undefined, host: '', port: undefined, path: q === -1 ? url.slice(0, end) : url.slice(0, q), query: q === -1 ? [] : parseQuery(url.slice(q + 1, end))};
}

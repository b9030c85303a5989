/** Splitting URLs from input without throwing: bad URLs still give a host and a path. */

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

/**
Split an absolute URL (`https://host:port/path?q`) or an origin-form path (`/path?q`, host unknown).
The port is the explicit one, or the scheme's default. IPv6 brackets are removed from the host.
*/
export function splitUrl(url: string): UrlParts {
	const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?([^?#]*)(?:\?([^#]*))?/.exec(url);
	if (m) {
		const scheme = m[1]!.toLowerCase();
		const port = m[3] ? Number(m[3]) : DEFAULT_PORTS[scheme];
		return {scheme, host: m[2]!.replace(/^\[|\]$/g, '').toLowerCase(), port, path: m[4] || '/', query: parseQuery(m[5] ?? '')};
	}
	const q = url.indexOf('?');
	const hash = url.indexOf('#');
	const end = hash === -1 ? url.length : hash;
	return {scheme: undefined, host: '', port: undefined, path: q === -1 ? url.slice(0, end) : url.slice(0, q), query: q === -1 ? [] : parseQuery(url.slice(q + 1, end))};
}

/**
Host names and addresses as parsers and the classifier both need them — pure string logic, no rules,
no data: who owns a public host is the classifier's question (source/classify/).

- `normalizeHost` reads a host the way a browser's URL parser does (WHATWG URL host parsing): lower
  case, Unicode full stops (`。` `．` `｡`) as dots, percent-decoding, IDN to punycode (a Cyrillic `е` in
  `plеx.tv` becomes `xn--plx-…`, which matches no rule), IPv4 in the forms browsers accept (`0x7f.1` is
  127.0.0.1), one trailing dot dropped. Anything a URL parser would refuse (spaces, `/`, `@`, `\`, more
  than 253 characters) gives `undefined`: such a "host" gets no label at all.
- private addresses, local names, private reverse zones, and `*.plex.direct` names.
- `ServerFact`: what an input shows about whose media servers are whose (parsers report it; the
  classifier learns it: source/classify/knowledge.ts).
*/
import {ownCopy} from './limits.js';

/**
The host name used for requests that reach the user's own server when the input does not name it
(PMS `Request:` lines, a reverse proxy's access log without a vhost). The classifier treats it as the
first-party media server.
*/
export const OWN_SERVER = 'this-server';

/** Default ports of Plex (32400) and Jellyfin/Emby (8096, 8920): on the user's own network they mark a media server. */
export const MEDIA_SERVER_PORTS: ReadonlySet<number> = new Set([32400, 8096, 8920]);

/** DNS names are at most 253 characters; longer input is not a host and is never matched against rules. */
export const MAX_HOST_LENGTH = 253;

/** Characters that end or break a host in a URL; a host holding one is not a host. */
const FORBIDDEN = /[\s/\\?#@<>^|%[\]]/;
const ASCII_HOST = /^[a-z0-9._-]+$/;
/** A last label that is a number makes the host an IPv4 address to a browser (`0x7f.1`, `2130706433`). */
const ENDS_IN_NUMBER = /(?:^|\.)(?:0x[0-9a-f]*|\d+)\.?$/;

const cache = new Map<string, string | null>();
const CACHE_MAX = 50_000;

function parseHost(raw: string): string | undefined {
	let h = raw.trim();
	if (h === '' || h.length > MAX_HOST_LENGTH * 4) return undefined;
	// IPv6 literal, with or without brackets.
	if (h.startsWith('[') || (h.includes(':') && /^[0-9a-f:.]+$/i.test(h))) {
		const inner = h.replace(/^\[|\]$/g, '');
		try {
			return new URL(`http://[${inner}]/`).hostname.replace(/^\[|\]$/g, '');
		} catch {
			return undefined;
		}
	}
	// Plain lower-case ASCII names (nearly every host) need no URL parser, except IPv4 in odd forms.
	const lower = h.toLowerCase();
	if (ASCII_HOST.test(lower) && !ENDS_IN_NUMBER.test(lower) && !lower.includes('..') && !lower.startsWith('.')) h = lower;
	else {
		// WHATWG percent-decodes the host before IDNA, so `%2e` is a dot; decode here so the check below sees it.
		let decoded = h;
		if (h.includes('%')) {
			try {
				decoded = decodeURIComponent(h);
			} catch {
				return undefined;
			}
		}
		if (FORBIDDEN.test(decoded) || decoded.includes(':')) return undefined;
		try {
			h = new URL(`http://${decoded}/`).hostname;
		} catch {
			return undefined;
		}
		if (h === '' || h.startsWith('[')) return undefined;
	}
	if (h.endsWith('.')) h = h.slice(0, -1);
	if (h === '' || h.length > MAX_HOST_LENGTH || h.includes('..') || h.startsWith('.')) return undefined;
	return h;
}

/** The host a browser would connect to, in ASCII lower case without a trailing dot; `undefined` when it is no host. */
export function normalizeHost(raw: string): string | undefined {
	const hit = cache.get(raw);
	if (hit !== undefined) return hit ?? undefined;
	// A copy: `raw` is usually sliced from a parser's chunk of text, which a cached key would keep alive
	// (the UI reads in 32 KiB slices: 1,950 of them, 58 MB, were held by this cache on a 60 MB log).
	const key = ownCopy(raw);
	const host = parseHost(key);
	if (cache.size >= CACHE_MAX) cache.clear();
	cache.set(key, host ?? null);
	return host;
}

// The four numbers of the last address `readIpv4` read.
const OCTETS = new Int32Array(4);

/**
True when `text[start, end)` is four runs of one to three decimal digits joined by dots (`/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/`), their
values then in `OCTETS`. Read by hand: this runs for every new host and client (no match array, no copy).
*/
function readIpv4(text: string, start: number, end: number): boolean {
	let part = 0;
	let digits = 0;
	let value = 0;
	for (let k = start; k < end; k++) {
		const c = text.charCodeAt(k);
		if (c >= 48 && c <= 57) {
			if (digits === 3) return false;
			digits++;
			value = value * 10 + c - 48;
		} else if (c === 46 /* . */ && digits > 0 && part < 3) {
			OCTETS[part++] = value;
			digits = 0;
			value = 0;
		} else return false;
	}
	if (digits === 0 || part !== 3) return false;
	OCTETS[3] = value;
	return true;
}

export function isIpv4(host: string): boolean {
	return readIpv4(host, 0, host.length) && OCTETS[0]! <= 255 && OCTETS[1]! <= 255 && OCTETS[2]! <= 255 && OCTETS[3]! <= 255;
}

export function isIpAddress(host: string): boolean {
	return isIpv4(host) || host.includes(':');
}

/** True for loopback, private (RFC 1918), link-local, CGNAT and unique-local addresses. */
export function isPrivateAddress(host: string): boolean {
	// Without a leading `[` and a trailing `]` (each on its own, as `[::1]` or a cut `[::1` come).
	const start = host.charCodeAt(0) === 91 ? 1 : 0;
	const end = host.length > start && host.charCodeAt(host.length - 1) === 93 ? host.length - 1 : host.length;
	if (readIpv4(host, start, end)) {
		const a = OCTETS[0]!;
		const b = OCTETS[1]!;
		return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
	}
	if (!host.includes(':')) return false;
	const h = host.slice(start, end).toLowerCase();
	return h === '::1' || h.startsWith('fe80:') || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('::ffff:127.') || h.startsWith('::ffff:192.168.') || h.startsWith('::ffff:10.');
}

/** Suffixes that never leave the local network (RFC 6761, RFC 8375 and common router defaults). */
const LOCAL_SUFFIXES = ['localhost', 'local', 'lan', 'home.arpa', 'internal', 'localdomain', 'home', 'corp'];
const DOTTED_LOCAL_SUFFIXES = LOCAL_SUFFIXES.map((s) => `.${s}`);

/**
Local names that never leave the network: `localhost`, `*.local`, `*.lan`, `*.home.arpa`, … and
single-label names (`nas`), which a resolver completes with the local search domain. The host must be
normalised first: `evil。com` is `evil.com`, not a single label.
*/
export function isLocalName(host: string): boolean {
	const h = host.toLowerCase();
	if (h === '' || h.includes(':') || isIpv4(h)) return false;
	if (!h.includes('.')) return true;
	for (let k = 0; k < LOCAL_SUFFIXES.length; k++) if (h === LOCAL_SUFFIXES[k] || h.endsWith(DOTTED_LOCAL_SUFFIXES[k]!)) return true;
	return false;
}

/** `in-addr.arpa` / `ip6.arpa` names of private, loopback and link-local ranges (LAN reverse lookups). */
export function isPrivateReverseZone(host: string): boolean {
	const h = host.toLowerCase();
	if (h === 'in-addr.arpa' || h === 'ip6.arpa' || h === 'arpa') return true;
	if (h.endsWith('.in-addr.arpa')) {
		const octets = h.slice(0, -'.in-addr.arpa'.length).split('.').reverse();
		const a = Number(octets[0]);
		const b = octets[1] === undefined ? undefined : Number(octets[1]);
		if (a === 10 || a === 127 || a === 0) return true;
		if (a === 192) return b === undefined || b === 168;
		if (a === 172) return b === undefined || (b >= 16 && b <= 31);
		if (a === 169) return b === undefined || b === 254;
		if (a === 100) return b === undefined || (b >= 64 && b <= 127);
		return false;
	}
	if (h.endsWith('.ip6.arpa')) {
		// Nibbles are written last-first: fd00::/8 is `…d.f.ip6.arpa`, fe80::/10 is `…8.e.f.ip6.arpa`.
		const nibbles = h.slice(0, -'.ip6.arpa'.length).split('.').reverse().join('');
		return nibbles === 'f' || /^f[cd]/.test(nibbles) || /^fe[89ab]/.test(nibbles) || /^0{31}1$/.test(nibbles) || (nibbles.length < 4 && 'fe80'.startsWith(nibbles));
	}
	return false;
}

/** `<address>.<hash>.plex.direct`: Plex's wildcard DNS for one server (the hash names the server's certificate). */
export type PlexDirectName = {hash: string; address: string | undefined};

/** Parse a (normalised) `*.plex.direct` name; `undefined` for anything else. */
export function plexDirect(host: string): PlexDirectName | undefined {
	if (!host.endsWith('.plex.direct')) return undefined;
	const labels = host.slice(0, -'.plex.direct'.length).split('.');
	const hash = labels[labels.length - 1];
	if (!hash || !/^[0-9a-f]{16,64}$/.test(hash)) return undefined;
	const first = labels.length >= 2 ? labels[labels.length - 2] : undefined;
	const address = first && /^\d{1,3}(?:-\d{1,3}){3}$/.test(first) ? first.replace(/-/g, '.') : undefined;
	return {hash, address};
}


export type Owner = 'own' | 'other';

/** One thing an input says about a media server. */
export type ServerFact = {
	/** `own`: the user's own server; `other`: someone else's (shared with the user); absent: links only. */
	readonly owner?: Owner | undefined;
	readonly product?: 'plex' | 'jellyfin' | 'emby' | undefined;
	/** Plex machine identifier / Jellyfin-Emby server id (never shown). */
	readonly machineIdentifier?: string | undefined;
	/** The `<hash>` of `<address>.<hash>.plex.direct`. */
	readonly plexDirectHash?: string | undefined;
	/** Host names, addresses or URLs the server answers on. */
	readonly hosts?: readonly string[] | undefined;
	/** Where this was seen, e.g. `plex.tv /api/v2/resources (owned) at file.har entry #3`. No identifiers. */
	readonly evidence: string;
};

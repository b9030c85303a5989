/**
Registrable domains and public suffixes (eTLD+1 from the Public Suffix List, via tldts), for labels,
grouping and blocklists. The host predicates themselves (normalisation, private addresses, local
names, plex.direct) are in source/model/hosts.ts, shared with the parsers; they are re-exported here.

`registrableDomain` respects private suffixes (each `*.cloudfront.net` customer is its own domain) and
adds `plex.direct`: every `<address>.<hash>.plex.direct` name belongs to one Plex server, `<hash>.plex.direct`.
*/
import {createRequire} from 'node:module';
import type * as Tldts from 'tldts';
import {isIpAddress, isLocalName} from '../model/hosts.js';

export {isIpAddress, isIpv4, isLocalName, isPrivateAddress, isPrivateReverseZone, MAX_HOST_LENGTH, normalizeHost, plexDirect, type PlexDirectName} from '../model/hosts.js';

// tldts is loaded on first use, through its CommonJS build: 15 ms instead of 50 ms for the ES module graph.
let tldts: typeof Tldts | undefined;
function psl(): typeof Tldts {
	tldts ??= createRequire(import.meta.url)('tldts') as typeof Tldts;
	return tldts;
}
const PSL_OPTIONS = {allowPrivateDomains: true, validateHostname: false} as const;

/** Suffixes the Public Suffix List lacks but that work like one here. */
const EXTRA_SUFFIXES = ['plex.direct'];
const DOTTED_EXTRA_SUFFIXES = EXTRA_SUFFIXES.map((suffix) => `.${suffix}`);

// The last host asked and its domain: the classifier asks for a new host's domain in more than one layer
// (the tracker database, then the label of a host no one knows), and the Public Suffix List lookup is most
// of what a new host costs. Hosts reach here normalised (copies, not views of a line).
let lastHost: string | undefined;
let lastDomain: string | undefined;

/**
The registrable domain (eTLD+1) of a normalised host: `metrics.plex.tv` → `plex.tv`,
`d1.cloudfront.net` → `d1.cloudfront.net`, `1-2-3-4.<hash>.plex.direct` → `<hash>.plex.direct`.
`undefined` for addresses, local names and public suffixes themselves.
*/
export function registrableDomain(host: string): string | undefined {
	if (host !== lastHost) {
		lastDomain = domainOf(host);
		lastHost = host;
	}
	return lastDomain;
}

function domainOf(host: string): string | undefined {
	if (host === '' || isIpAddress(host) || isLocalName(host)) return undefined;
	for (let k = 0; k < EXTRA_SUFFIXES.length; k++) {
		const suffix = EXTRA_SUFFIXES[k]!;
		if (host === suffix) return undefined;
		if (host.endsWith(DOTTED_EXTRA_SUFFIXES[k]!)) return `${host.slice(0, -suffix.length - 1).split('.').pop()!}.${suffix}`;
	}
	return psl().getDomain(host, PSL_OPTIONS) ?? undefined;
}

/** True when the name is a public suffix (ICANN or private section, or one of ours): `co.uk`, `cloudfront.net`, `plex.direct`. */
export function isPublicSuffix(host: string): boolean {
	if (EXTRA_SUFFIXES.includes(host)) return true;
	if (host === '' || isIpAddress(host)) return false;
	return psl().getPublicSuffix(host, PSL_OPTIONS) === host;
}

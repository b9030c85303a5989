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

/**
The registrable domain (eTLD+1) of a normalised host: `metrics.plex.tv` → `plex.tv`,
`d1.cloudfront.net` → `d1.cloudfront.net`, `1-2-3-4.<hash>.plex.direct` → `<hash>.plex.direct`.
`undefined` for addresses, local names and public suffixes themselves.
*/
export function registrableDomain(host: string): string | undefined {
	if (host === '' || isIpAddress(host) || isLocalName(host)) return undefined;
	for (const suffix of EXTRA_SUFFIXES) {
		if (host === suffix) return undefined;
		if (host.endsWith(`.${suffix}`)) return `${host.slice(0, -suffix.length - 1).split('.').pop()!}.${suffix}`;
	}
	return psl().getDomain(host, PSL_OPTIONS) ?? undefined;
}

/** True when the name is a public suffix (ICANN or private section, or one of ours): `co.uk`, `cloudfront.net`, `plex.direct`. */
export function isPublicSuffix(host: string): boolean {
	if (EXTRA_SUFFIXES.includes(host)) return true;
	if (host === '' || isIpAddress(host)) return false;
	return psl().getPublicSuffix(host, PSL_OPTIONS) === host;
}

/** The key a host is grouped and filtered under by domain (`domain:`, `--group domain`). */
import {normalizeHost, registrableDomain} from '../classify/host.js';

/**
The registrable domain of a host (`metrics.plex.tv` → `plex.tv`, `1-2-3-4.<hash>.plex.direct` →
`<hash>.plex.direct`), or the host itself when it has none: an IP address, a local name, a public
suffix, a name no URL parser accepts.
*/
export function domainOf(host: string): string {
	// A plex.direct name as shown (its address and hash masked): its domain is the masked hash's.
	if (host.endsWith('.plex.direct') && host.includes('…#')) {
		const hash = host.slice(0, -'.plex.direct'.length).split('.').pop()!;
		return `${hash}.plex.direct`;
	}
	const normal = normalizeHost(host);
	return (normal === undefined ? undefined : registrableDomain(normal)) ?? host;
}

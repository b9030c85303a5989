/** The key a host is grouped and filtered under by domain (`domain:`, `--group domain`). */
import {normalizeHost, registrableDomain} from '../classify/host.js';

/**
The registrable domain of a host (`metrics.plex.tv` → `plex.tv`, `1-2-3-4.<hash>.plex.direct` →
`<hash>.plex.direct`), or the host itself when it has none: an IP address, a local name, a public
suffix, a name no URL parser accepts.
*/
export function domainOf(host: string): string {
	const normal = normalizeHost(host);
	return (normal === undefined ? undefined : registrableDomain(normal)) ?? host;
}

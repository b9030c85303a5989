/**
Facts about host names and addresses that parsers and the classifier both need: which addresses are
private, which names never leave the network, and the placeholder name for the user's own server.
Pure string predicates, no rules: who owns a public host is the classifier's question.
*/

/**
The host name used for requests that reach the user's own server when the input does not name it
(PMS `Request:` lines, a reverse proxy's access log without a vhost). The classifier treats it as the
first-party media server.
*/
export const OWN_SERVER = 'this-server';

/** Ports of the user's own media servers: Plex 32400, Jellyfin/Emby 8096 (http) and 8920 (https). */
export const MEDIA_SERVER_PORTS: ReadonlySet<number> = new Set([32400, 8096, 8920]);

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** True for loopback, private (RFC 1918), link-local, CGNAT and unique-local addresses. */
export function isPrivateAddress(host: string): boolean {
	const h = host.replace(/^\[|\]$/g, '').toLowerCase();
	const m = IPV4.exec(h);
	if (m) {
		const a = Number(m[1]);
		const b = Number(m[2]);
		return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
	}
	if (h.includes(':')) return h === '::1' || h.startsWith('fe80:') || h.startsWith('fc') || h.startsWith('fd') || h.startsWith('::ffff:127.') || h.startsWith('::ffff:192.168.') || h.startsWith('::ffff:10.');
	return false;
}

/** Local names that never leave the network. */
export function isLocalName(host: string): boolean {
	const h = host.toLowerCase();
	return h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.lan') || h.endsWith('.home.arpa') || h.endsWith('.internal') || h.endsWith('.localdomain') || (!h.includes('.') && !h.includes(':'));
}

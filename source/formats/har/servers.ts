/**
What a HAR shows about whose media servers are whose (source/classify/knowledge.ts):

- plex.tv's server list (`/api/v2/resources`, `/api/resources`, `/pms/resources`) names every server
  the account can reach with `owned` true or false, its machine identifier and its connection URIs
  (the `*.plex.direct` names and addresses);
- a server's own `/identity` (or `/`) response gives its machine identifier, which links the host the
  browser used to that server;
- Plex Web loaded from a server (`/web/index.html`) is that server's own page: the user opened their
  server's web app.

Facts carry no identifier in their evidence text: it says where, not what. A HAR can only vouch for
`*.plex.direct` names and IP addresses this way: a page that answers `/identity` or serves `/web/`
from some other name (a tracker's) never becomes the user's server.
*/
import {isIpAddress, normalizeHost, plexDirect} from '../../model/hosts.js';
import type {ServerFact} from '../../model/hosts.js';
import {parseXml, xmlToObject} from './xml.js';
import {asList, asObject, asString, type Obj} from './values.js';

const RESOURCES = /^\/(?:api\/v2\/resources|api\/resources|pms\/resources)\/?$/;
const PLEX_TV = new Set(['plex.tv', 'www.plex.tv', 'clients.plex.tv']);
const MAX_SERVERS = 1000;

/** Only plex.direct names and addresses (from a URI, `host:port` or bare) are taken from a HAR. */
function serverHost(value: string): string | undefined {
	const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(\[[^\]]*\]|[^:/?#\\@]*)/i.exec(value.trim());
	const host = m ? normalizeHost(m[1]!) : undefined;
	return host !== undefined && (plexDirect(host) !== undefined || isIpAddress(host)) ? host : undefined;
}

function parseBody(text: string): unknown {
	const t = text.trimStart();
	if (t.startsWith('{') || t.startsWith('[')) {
		try {
			return JSON.parse(t);
		} catch {
			return undefined;
		}
	}
	if (!t.startsWith('<')) return undefined;
	return xmlToObject(parseXml(t, {maxElements: 20_000}));
}

const truthy = (v: unknown): boolean | undefined => (v === true || v === '1' || v === 'true' || v === 1 ? true : v === false || v === '0' || v === 'false' || v === 0 ? false : undefined);

/** Devices of a resources answer: a JSON array (v2), or `<MediaContainer><Device …><Connection …/></Device>` (XML). */
function devices(body: unknown): Obj[] {
	if (Array.isArray(body)) return body.map(asObject).filter((d): d is Obj => d !== undefined);
	const root = asObject(body);
	const container = asObject(asList(root?.['MediaContainer'])[0]) ?? asObject(root?.['MediaContainer']) ?? root;
	return asList(container?.['Device']).map(asObject).filter((d): d is Obj => d !== undefined);
}

function resourceFacts(body: unknown, where: string): ServerFact[] {
	const out: ServerFact[] = [];
	for (const d of devices(body).slice(0, MAX_SERVERS)) {
		const provides = asString(d['provides']) ?? '';
		if (!provides.split(',').includes('server')) continue;
		const owned = truthy(d['owned']);
		const hosts: string[] = [];
		for (const c of asList(d['connections'] ?? d['Connection'])) {
			const conn = asObject(c);
			for (const key of ['uri', 'address']) {
				const v = serverHost(asString(conn?.[key]) ?? '');
				if (v) hosts.push(v);
			}
		}
		const publicAddress = serverHost(asString(d['publicAddress']) ?? '');
		if (publicAddress) hosts.push(publicAddress);
		const machineIdentifier = asString(d['clientIdentifier']) ?? asString(d['machineIdentifier']);
		out.push({
			owner: owned === undefined ? undefined : owned ? 'own' : 'other',
			product: 'plex',
			machineIdentifier,
			hosts: hosts.slice(0, 100),
			evidence: `plex.tv server list says ${owned ? 'owned' : 'not owned (shared with you)'}, ${where}`,
		});
	}
	return out;
}

/** The facts one HAR entry reveals; `where` locates the entry (`file.har entry #3`). */
export function serverFacts(host: string, method: string | undefined, path: string, status: number | undefined, body: string | undefined, mime: string | undefined, where: string): ServerFact[] {
	if (status === undefined || status < 200 || status >= 300 || host === '') return [];
	if (PLEX_TV.has(host) && RESOURCES.test(path) && body) return resourceFacts(parseBody(body), where);
	if (serverHost(host) === undefined) return [];
	if ((path === '/identity' || path === '/') && body) {
		const parsed = asObject(parseBody(body));
		const container = asObject(parsed?.['MediaContainer']) ?? asObject(asList(parsed?.['MediaContainer'])[0]);
		const machineIdentifier = asString(container?.['machineIdentifier']);
		return machineIdentifier ? [{machineIdentifier, product: 'plex', hosts: [host], evidence: `the server's own /identity answer, ${where}`}] : [];
	}
	if ((method ?? 'GET') === 'GET' && /^\/web\/(?:index\.html)?$/.test(path) && mime === 'text/html' && plexDirect(host)) {
		return [{owner: 'own', product: 'plex', hosts: [host], evidence: `Plex Web was loaded from this server, ${where}`}];
	}
	return [];
}

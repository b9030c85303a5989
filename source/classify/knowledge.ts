/**
What the input shows about whose media servers are whose. A port says nothing about ownership and a
`*.plex.direct` name may be a friend's shared server, so "first party" for a server comes only from
evidence in the input itself, learned while it is read:

| Evidence (where it is learned)                                   | Fact                                       |
|------------------------------------------------------------------|--------------------------------------------|
| HAR: plex.tv `/api/v2/resources` (or `/api/resources`) response  | each server: owned or not, machine id, connection hosts and addresses |
| HAR: a server's `/identity` (or `/`) response                   | that host serves that machine identifier   |
| HAR: Plex Web loaded from a server (`/web/index.html`)           | that host is the user's own server         |
| PMS log: `[CERT] Subject name is /CN=*.<hash>.plex.direct`       | the log's own server has that plex.direct hash |
| PMS log: `Got public IP from …: <address>`                       | the user's own public address              |
| PMS log: `shared_sources/owned?machineIdentifier=…`              | the log's own server's machine identifier  |
| Preferences.xml: `MachineIdentifier`, `CertificateUUID`, `customConnections` | the user's own server (id, plex.direct hash, names) |
| Jellyfin/Emby settings: `WanDdns`, `PublishedServerUriBySubnet`  | the user's own server names                |
| access log of the user's reverse proxy: the virtual host        | the user's own server name                 |

Facts link names, addresses, plex.direct hashes and machine identifiers into servers; once one of
them is known to be the user's own (or someone else's), all linked names are. `version` goes up
whenever the answer for some host may have changed, so a store can recompute classifications.
Identifiers are kept in memory only and never printed (evidence strings name where, not what).
*/
import {redactText} from '../privacy/redact.js';
import {sanitizeText} from '../privacy/sanitize.js';
import {isLocalName, isPrivateAddress, normalizeHost, plexDirect, type Owner, type ServerFact} from '../model/hosts.js';

export type {Owner, ServerFact} from '../model/hosts.js';

type Server = {owner: Owner | undefined; evidence: string; hosts: Set<string>; hashes: Set<string>; machines: Set<string>};

export type Ownership = {readonly owner: Owner; readonly evidence: string};

/** The host of a URL or `host:port`, or the name itself. */
function hostOf(value: string): string | undefined {
	const v = value.trim();
	const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\\]*@)?(\[[^\]]*\]|[^:/?#\\]*)/i.exec(v);
	const raw = m ? m[1]! : /^\[[^\]]*\]/.test(v) ? v.slice(0, v.indexOf(']') + 1) : (v.split(':').length === 2 ? v.split(':')[0]! : v);
	return normalizeHost(raw);
}

export class ServerKnowledge {
	/** Increases whenever a classification may have changed. */
	version = 0;
	private readonly servers = new Set<Server>();
	private readonly byHost = new Map<string, Server>();
	private readonly byHash = new Map<string, Server>();
	private readonly byMachine = new Map<string, Server>();

	/** Record a fact; returns true when it changed what is known. */
	learn(input: ServerFact): boolean {
		// Evidence names input files, which reach every output through the label's source: keep it terminal-safe and secret-free.
		const fact = {...input, evidence: redactText(sanitizeText(input.evidence)).slice(0, 300)};
		const hosts: string[] = [];
		const hashes: string[] = [];
		for (const h of fact.hosts ?? []) {
			const host = hostOf(h);
			if (!host) continue;
			// A LAN address or name is only ever the user's: someone else's server at 192.168.1.20 says
			// nothing about the user's own 192.168.1.20.
			if (fact.owner !== 'own' && (isPrivateAddress(host) || isLocalName(host))) continue;
			const pd = plexDirect(host);
			if (pd) hashes.push(pd.hash);
			else hosts.push(host);
		}
		if (fact.plexDirectHash && /^[0-9a-f]{16,64}$/i.test(fact.plexDirectHash)) hashes.push(fact.plexDirectHash.toLowerCase());
		const machine = fact.machineIdentifier?.trim() || undefined;
		if (hosts.length === 0 && hashes.length === 0 && !machine) return false;

		// Every server this fact touches becomes one.
		const touched = new Set<Server>();
		for (const h of hosts) if (this.byHost.has(h)) touched.add(this.byHost.get(h)!);
		for (const h of hashes) if (this.byHash.has(h)) touched.add(this.byHash.get(h)!);
		if (machine && this.byMachine.has(machine)) touched.add(this.byMachine.get(machine)!);
		const [target = {owner: undefined, evidence: fact.evidence, hosts: new Set<string>(), hashes: new Set<string>(), machines: new Set<string>()}, ...rest] = [...touched];
		let changed = touched.size !== 1;
		for (const other of rest) {
			for (const h of other.hosts) target.hosts.add(h);
			for (const h of other.hashes) target.hashes.add(h);
			for (const m of other.machines) target.machines.add(m);
			if (other.owner === 'own' || (other.owner === 'other' && target.owner === undefined)) {
				target.owner = other.owner;
				target.evidence = other.evidence;
			}
			this.servers.delete(other);
		}
		const before = target.hosts.size + target.hashes.size + target.machines.size;
		for (const h of hosts) target.hosts.add(h);
		for (const h of hashes) target.hashes.add(h);
		if (machine) target.machines.add(machine);
		if (target.hosts.size + target.hashes.size + target.machines.size !== before) changed = true;
		// The user's own wins over "someone else's": a resources list names both, and only own is certain.
		if (fact.owner && fact.owner !== target.owner && (fact.owner === 'own' || target.owner === undefined)) {
			target.owner = fact.owner;
			target.evidence = fact.evidence;
			changed = true;
		}
		this.servers.add(target);
		for (const h of target.hosts) this.byHost.set(h, target);
		for (const h of target.hashes) this.byHash.set(h, target);
		for (const m of target.machines) this.byMachine.set(m, target);
		// A fact that only links names changes no answer until the server has an owner.
		if (changed && target.owner !== undefined) this.version++;
		return changed;
	}

	/** Whose server a (normalised) host is, when the input says. */
	ownerOf(host: string): Ownership | undefined {
		const pd = plexDirect(host);
		const server = pd ? this.byHash.get(pd.hash) : this.byHost.get(host);
		return server?.owner ? {owner: server.owner, evidence: server.evidence} : undefined;
	}

	/** Counts for `--explain`: how many servers of each kind are known (no names or identifiers). */
	summary(): {own: number; other: number; unknown: number} {
		const out = {own: 0, other: 0, unknown: 0};
		for (const s of this.servers) out[s.owner ?? 'unknown']++;
		return out;
	}

	/** The user's own host names and addresses (not plex.direct hashes): the blocklist must never cover them. */
	ownHosts(): string[] {
		const out: string[] = [];
		for (const s of this.servers) if (s.owner === 'own') out.push(...s.hosts);
		return out;
	}
}

/**
Destination classification: host (and port) → organisation, category and party, from the rules table.
Unknown hosts are kept and reported as `unknown` / `third`; they are never dropped.
*/
import type {Classification, Party} from '../model/records.js';
import {isLocalName, isPrivateAddress, MEDIA_SERVER_PORTS, OWN_SERVER} from '../model/hosts.js';
import {DEFAULT_RULES, VENDORS, type HostRule} from './rules.js';

export {isLocalName, isPrivateAddress, MEDIA_SERVER_PORTS};

export type Classifier = {
	classify(host: string, port?: number): Classification;
	readonly rules: readonly HostRule[];
	/** The rule a host matched, if any (for notes and blocklists). */
	ruleFor(host: string): HostRule | undefined;
};

/** Build a classifier; `extra` rules (from `--rules`) come first and override defaults with the same pattern. */
export function createClassifier(extra: readonly HostRule[] = []): Classifier {
	const overridden = new Set(extra.map((r) => r.pattern.toLowerCase()));
	const rules = [...extra, ...DEFAULT_RULES.filter((r) => !overridden.has(r.pattern.toLowerCase()))];
	const exact = new Map<string, HostRule>();
	const suffix = new Map<string, HostRule>();
	const globs: Array<{re: RegExp; rule: HostRule}> = [];
	for (const rule of rules) {
		const p = rule.pattern.toLowerCase();
		if (!p.includes('*')) {
			if (!exact.has(p)) exact.set(p, rule);
		} else if (p.startsWith('*.') && !p.slice(2).includes('*')) {
			if (!suffix.has(p.slice(2))) suffix.set(p.slice(2), rule);
		} else {
			const source = p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[a-z0-9-]+(?:\\.[a-z0-9-]+)*');
			globs.push({re: new RegExp(`^${source}$`), rule});
		}
	}
	const cache = new Map<string, HostRule | null>();

	function ruleFor(hostInput: string): HostRule | undefined {
		const host = hostInput.toLowerCase().replace(/\.$/, '');
		const cached = cache.get(host);
		if (cached !== undefined) return cached ?? undefined;
		let found: HostRule | undefined = exact.get(host);
		if (!found) {
			// Longest suffix first: walk the labels from the left.
			let dot = host.indexOf('.');
			while (dot !== -1 && !found) {
				found = suffix.get(host.slice(dot + 1));
				dot = host.indexOf('.', dot + 1);
			}
		}
		if (!found) found = globs.find((g) => g.re.test(host))?.rule;
		if (cache.size > 100_000) cache.clear();
		cache.set(host, found ?? null);
		return found;
	}

	function classify(host: string, port?: number): Classification {
		const rule = ruleFor(host);
		if (rule) {
			const party: Party = rule.party ?? (VENDORS.has(rule.organization) ? 'vendor' : 'third');
			return {organization: rule.organization, category: rule.category, party, rule: rule.pattern};
		}
		if (host === OWN_SERVER) return {organization: 'Your media server', category: 'media-server', party: 'first', rule: 'own-server'};
		if (isPrivateAddress(host) || isLocalName(host)) {
			const server = port !== undefined && MEDIA_SERVER_PORTS.has(port);
			return {organization: 'Your network', category: server ? 'media-server' : 'unknown', party: 'first', rule: server ? 'local-media-server' : 'local-address'};
		}
		if (port !== undefined && MEDIA_SERVER_PORTS.has(port)) {
			return {organization: 'Your media server', category: 'media-server', party: 'first', rule: 'media-server-port'};
		}
		return {organization: 'unknown', category: 'unknown', party: 'third', rule: 'default'};
	}

	return {classify, rules, ruleFor};
}

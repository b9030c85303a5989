/**
Blocklist export: the third-party, ads and vendor-analytics hosts found, in the syntax of a DNS
blocker, each with a comment saying why and where the label comes from. Never a first-party host, a
media server, a public suffix, a name with public suffixes or the user's own server beneath it, or a
LAN reverse zone (`blockPlan` says which names were withheld and why). Hosts that are known to break
playback or sign-in when blocked carry a warning.

`perDomain` (`--blocklist FORMAT --group domain`, B while grouped by domain) writes one entry per
registrable domain: dnsmasq `address=/dom/`, AdGuard `||dom^` and unbound `local-zone` block a name
with all its subdomains. A domain is written only when it is safe to block whole: every host seen under
it is to be blocked, the built-in rules know no host under it that must stay reachable (`plex.tv` holds
sign-in, so analytics.plex.tv never becomes `plex.tv`), and it is no suffix, parent of suffixes or of
the user's own server. Otherwise its hosts are listed one by one and a comment says why. A hosts file
cannot block subdomains at all: it always lists hosts, and says so.
*/
import type {Classifier} from '../classify/classify.js';
import {SUFFIX_PARENTS} from '../classify/data/suffix-parents.js';
import {DEFAULT_RULES, VENDORS} from '../classify/rules.js';
import {isIpAddress, isLocalName, isPrivateReverseZone, isPublicSuffix, normalizeHost, registrableDomain} from '../classify/host.js';
import type {DestinationRow} from '../views/destinations.js';

export const BLOCKLIST_FORMATS = ['hosts', 'dnsmasq', 'adguard', 'unbound'] as const;
export type BlocklistFormat = (typeof BLOCKLIST_FORMATS)[number];

export type BlockEntry = {host: string; why: string; warning: string | undefined};

/** Should this destination be blocked? Third parties, ads and vendor analytics; never the user's own hosts, never a media server. */
export function shouldBlock(row: Pick<DestinationRow, 'party' | 'category'>): boolean {
	if (row.party === 'first' || row.category === 'media-server') return false;
	return row.party === 'third' || row.category === 'vendor-analytics' || row.category === 'ads' || row.category === 'crash-reporting';
}

const VALID_HOST = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/i;

/** Kinds of hosts a blocklist leaves out unless asked (`--blocklist-include`). */
export const BLOCKLIST_INCLUDES = ['unknown', 'metadata'] as const;
export type BlocklistInclude = (typeof BLOCKLIST_INCLUDES)[number];

export type BlockOptions = {
	/** Write one entry per registrable domain where that is safe (see the module comment); hosts otherwise. */
	readonly perDomain?: boolean;
	/**
	Also block these, left out by default: hosts nobody knows (`unknown`: blocking a host on no evidence
	breaks things nobody can explain) and metadata providers (`metadata`: blocking them breaks library
	matching, posters and titles).
	*/
	readonly include?: ReadonlySet<BlocklistInclude>;
};

export type BlockPlan = {
	readonly entries: BlockEntry[];
	/** Names that would have been blocked but must not be, and why (a suffix, the user's own server's parent …). */
	readonly withheld: Array<{host: string; why: string}>;
	/** Hosts left out because their kind was not asked for (`--blocklist-include`). */
	readonly leftOut: Array<{host: string; kind: BlocklistInclude}>;
	/** Per domain: domains whose hosts were listed one by one instead, and why. */
	readonly domainsKept?: Array<{domain: string; why: string}>;
};

/**
Registrable domains under which a built-in rule knows a host the blocklist must never block (a
vendor's API, sign-in, a media server, the user's network): blocking the domain whole would block it.
*/
let neededDomains: Map<string, string> | undefined;

function needed(): ReadonlyMap<string, string> {
	if (neededDomains) return neededDomains;
	neededDomains = new Map<string, string>();
	for (const rule of DEFAULT_RULES) {
		const party = rule.party ?? (VENDORS.has(rule.organization) ? 'vendor' : 'third');
		// Blockable hosts, even those that break playback, are blocked host by host with a warning.
		if (shouldBlock({party, category: rule.category})) continue;
		const name = rule.pattern.replace(/^\*\./, '');
		if (name.includes('*')) continue;
		const domain = registrableDomain(name);
		if (domain && !neededDomains.has(domain)) neededDomains.set(domain, `${rule.pattern} (${rule.organization}, ${rule.category}${rule.note ? `: ${rule.note}` : ''}) is under it and must stay reachable`);
	}
	return neededDomains;
}

/** Why a registrable domain must not be blocked whole, or undefined. */
export function domainNeeded(domain: string): string | undefined {
	return needed().get(domain);
}

/** The comment lines that say what a blocklist left out and how to include it. */
export function leftOutNotes(plan: Pick<BlockPlan, 'leftOut'>): string[] {
	const count = (kind: BlocklistInclude): number => plan.leftOut.filter((l) => l.kind === kind).length;
	const parts = [count('unknown') > 0 ? `${count('unknown')} unknown host${count('unknown') === 1 ? '' : 's'}` : '', count('metadata') > 0 ? `${count('metadata')} metadata provider${count('metadata') === 1 ? '' : 's'}` : ''].filter(Boolean);
	if (parts.length === 0) return [];
	const kinds = [...new Set(plan.leftOut.map((l) => l.kind))].join(',');
	return [`left out: ${parts.join(' and ')} (${plan.leftOut.slice(0, 8).map((l) => l.host).join(', ')}${plan.leftOut.length > 8 ? ', ...' : ''}); to block them too: --blocklist-include ${kinds}`];
}

/**
Why a name must never be in a DNS blocklist, or undefined. dnsmasq, AdGuard and unbound block a name
with all its subdomains, so a public suffix (`co.uk`, `cloudfront.net`, `plex.direct`), a name with
public suffixes beneath it (`amazonaws.com`), a LAN reverse zone or local name, or any parent of a
first-party host would take down far more than the host that was seen.
*/
function unsafe(host: string, firstPartySuffixes: ReadonlySet<string>): string | undefined {
	if (isPrivateReverseZone(host)) return 'a reverse zone of private addresses (LAN lookups)';
	if (isLocalName(host)) return 'a local name';
	if (isPublicSuffix(host)) return 'a public suffix: blocking it blocks every site under it';
	if (SUFFIX_PARENTS.has(host)) return 'public suffixes lie beneath it: blocking it blocks every customer site under it';
	if (firstPartySuffixes.has(host)) return 'your own server is under it';
	return undefined;
}

/** Every name that is, or is a parent of, a first-party host: none of them may be blocked. */
function firstPartySuffixesOf(rows: readonly DestinationRow[], classifier: Classifier): Set<string> {
	const out = new Set<string>();
	const add = (raw: string): void => {
		const host = normalizeHost(raw);
		if (!host) return;
		for (let name = host; ; ) {
			out.add(name);
			const dot = name.indexOf('.');
			if (dot === -1) break;
			name = name.slice(dot + 1);
		}
	};
	for (const row of rows) if (row.party === 'first') add(row.host);
	for (const host of classifier.knowledge.ownHosts()) add(host);
	return out;
}

function describe(row: DestinationRow, classifier: Classifier): string {
	const c = classifier.classify(row.host);
	const rule = classifier.ruleFor(row.host);
	const src = c.source.kind === 'tracker-db' ? `${c.source.name}${c.source.version ? ` ${c.source.version}` : ''}: ${c.source.entity ?? ''}` : c.source.kind === 'rule' ? `${c.source.name}${c.source.note ? `: ${c.source.note}` : ''}` : c.source.name;
	const what = rule?.note ? `: ${rule.note}` : '';
	return `${row.organization}, ${row.category}${what} [source: ${src}]; ${row.requests} request${row.requests === 1 ? '' : 's'} in this input`;
}

/** The blocklist for these destinations, and the names withheld from it. */
export function blockPlan(rows: readonly DestinationRow[], classifier: Classifier, options: BlockOptions = {}): BlockPlan {
	const firstParty = firstPartySuffixesOf(rows, classifier);
	const entries: BlockEntry[] = [];
	const withheld: Array<{host: string; why: string}> = [];
	const leftOut: Array<{host: string; kind: BlocklistInclude}> = [];
	const include = options.include ?? new Set<BlocklistInclude>();
	const byDomain = new Map<string, {blocked: DestinationRow[]; kept: number}>();
	for (const row of rows) {
		const host = normalizeHost(row.host);
		const domain = host ? registrableDomain(host) : undefined;
		const group = domain ? (byDomain.get(domain) ?? {blocked: [], kept: 0}) : undefined;
		if (domain && group) byDomain.set(domain, group);
		// Only real host names: IP literals and the placeholder for the user's own server can't be DNS-blocked.
		if (!shouldBlock(row) || !host || !VALID_HOST.test(host) || isIpAddress(host) || !host.includes('.')) {
			if (group) group.kept++;
			continue;
		}
		const kind: BlocklistInclude | undefined = row.category === 'unknown' ? 'unknown' : row.category === 'metadata' ? 'metadata' : undefined;
		if (kind && !include.has(kind)) {
			leftOut.push({host, kind});
			if (group) group.kept++;
			continue;
		}
		const why = unsafe(host, firstParty);
		if (why) {
			withheld.push({host, why});
			if (group) group.kept++;
			continue;
		}
		group?.blocked.push(row);
		const rule = classifier.ruleFor(host);
		const warning = rule?.breaksPlayback
			? 'WARNING: blocking this host is known to break playback or sign-in'
			: kind === 'metadata'
				? 'WARNING: a metadata provider: blocking it breaks library matching (titles, posters, episode data)'
				: kind === 'unknown'
					? 'WARNING: nobody knows this host: blocking it may break something no label explains'
					: undefined;
		entries.push({host, why: describe(row, classifier), warning});
	}
	if (options.perDomain) {
		const out: BlockEntry[] = [];
		const collapsed = new Set<string>();
		const domainsKept: Array<{domain: string; why: string}> = [];
		const entryOf = new Map(entries.map((e) => [e.host, e]));
		for (const [domain, group] of byDomain) {
			if (group.blocked.length === 0) continue;
			// One entry for the domain only when nothing seen under it is to be kept and the domain itself is safe.
			const why =
				group.kept > 0
					? `${group.kept} host${group.kept === 1 ? '' : 's'} seen under it ${group.kept === 1 ? 'is' : 'are'} not to be blocked`
					: (domainNeeded(domain) ?? unsafe(domain, firstParty) ?? (classifier.ruleFor(domain) && !shouldBlock(classifier.classify(domain)) ? `${domain} itself is not to be blocked (${classifier.classify(domain).organization}, ${classifier.classify(domain).category})` : undefined));
			if (why) {
				domainsKept.push({domain, why});
				continue;
			}
			const hosts = group.blocked.map((r) => normalizeHost(r.host)!);
			for (const h of hosts) collapsed.add(h);
			const warning = hosts.map((h) => entryOf.get(h)?.warning).find((w) => w !== undefined);
			const requests = group.blocked.reduce((n, r) => n + r.requests, 0);
			// What its hosts are and where the labels come from, once per distinct label.
			const labels = [...new Set(group.blocked.map((r) => describe(r, classifier).replace(/; \d+ requests? in this input$/, '')))];
			const seen = `${hosts.length} host${hosts.length === 1 ? '' : 's'} seen under it, all to be blocked (${hosts.slice(0, 5).join(', ')}${hosts.length > 5 ? ', ...' : ''})`;
			out.push({host: domain, why: `${domain} and all its subdomains: ${labels.slice(0, 3).join(' | ')}${labels.length > 3 ? ' | ...' : ''}; ${seen}; ${requests} request${requests === 1 ? '' : 's'} in this input`, warning});
		}
		for (const e of entries) if (!collapsed.has(e.host)) out.push(e);
		return {entries: out.sort((a, b) => a.host.localeCompare(b.host)), withheld, leftOut, domainsKept: domainsKept.sort((a, b) => a.domain.localeCompare(b.domain))};
	}
	return {entries: entries.sort((a, b) => a.host.localeCompare(b.host)), withheld, leftOut};
}

/** The comment lines that say which domains were listed host by host instead, and why. */
export function domainNotes(plan: Pick<BlockPlan, 'domainsKept'>): string[] {
	const kept = plan.domainsKept ?? [];
	if (kept.length === 0) return [];
	return [`per domain: ${kept.length} domain${kept.length === 1 ? '' : 's'} listed host by host instead:`, ...kept.map((k) => `  ${k.domain}: ${k.why}`)];
}

/**
A blocklist file's text: per host, or per registrable domain where the format blocks subdomains (a hosts
file cannot: it lists hosts and says so), with the notes on what was left out.
*/
export function blocklistText(rows: readonly DestinationRow[], classifier: Classifier, format: BlocklistFormat, options: BlockOptions = {}): {text: string; plan: BlockPlan} {
	const perDomain = options.perDomain === true && format !== 'hosts';
	const plan = blockPlan(rows, classifier, {...options, perDomain});
	const notes = [
		...(options.perDomain && format === 'hosts' ? ['per domain: a hosts file cannot block subdomains, so it lists every host seen (use dnsmasq, adguard or unbound for one entry per domain)'] : []),
		...(perDomain ? ['per domain: each entry blocks the domain and all its subdomains'] : []),
		...domainNotes(plan),
		...leftOutNotes(plan),
	];
	return {text: formatBlocklist(plan.entries, format, notes, perDomain), plan};
}

export function blockEntries(rows: readonly DestinationRow[], classifier: Classifier, options: BlockOptions = {}): BlockEntry[] {
	return blockPlan(rows, classifier, options).entries;
}

/** Comments never carry input text that could break the file: keep them to one printable line. */
function comment(text: string): string {
	return text.replace(/[^\x20-\x7E]/g, '?');
}

export function formatBlocklist(entries: readonly BlockEntry[], format: BlocklistFormat, notes: readonly string[] = [], perDomain = false): string {
	const n = entries.length;
	const header = `blocklist written by telemetry-tui: ${n} ${perDomain ? `entr${n === 1 ? 'y' : 'ies'} (per domain)` : `host${n === 1 ? '' : 's'}`}`;
	const lines: string[] = [];
	const c = format === 'adguard' ? '!' : '#';
	lines.push(`${c} ${header}`);
	for (const note of notes) lines.push(`${c} ${comment(note)}`);
	for (const e of entries) {
		lines.push(`${c} ${comment(e.why)}`);
		if (e.warning) lines.push(`${c} ${e.warning}`);
		switch (format) {
			case 'hosts':
				lines.push(`0.0.0.0 ${e.host}`);
				break;
			case 'dnsmasq':
				lines.push(`address=/${e.host}/0.0.0.0`);
				break;
			case 'adguard':
				lines.push(`||${e.host}^`);
				break;
			case 'unbound':
				lines.push(`local-zone: "${e.host}" always_nxdomain`);
				break;
		}
	}
	return `${lines.join('\n')}\n`;
}

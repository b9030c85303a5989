/**
Destination classification: host → organisation, category, party, and where that label comes from.
Unknown hosts are kept and reported as `unknown` / `third`; they are never dropped.

The host is first normalised as a browser would (source/classify/host.ts), then the layers below are
asked in order; the first that knows the host gives the label, and names itself as its `source`:

1. the placeholder for the server that wrote the input (`this-server`): first party;
2. the user's rules (`--rules FILE`);
3. our rules (source/classify/rules.ts);
4. what this input shows about the user's own servers (source/classify/knowledge.ts): first party for
   the user's own, third party for someone else's;
5. any other `*.plex.direct` name: a Plex server this input does not show to be the user's, third party;
6. private and loopback addresses and local names: "Your network", first party;
7. tracker databases: `--tracker-db FILE` first, then the built-in third-party-web;
8. nothing: `unknown`, third party.

A port says nothing about ownership (anyone can listen on 32400): it only makes a host on the user's
own network a media server rather than an unknown device.
*/
import type {Category, Classification, ClassificationSource, Party} from '../model/records.js';
import {ownCopy} from '../model/limits.js';
import {MEDIA_SERVER_PORTS, OWN_SERVER} from '../model/hosts.js';
import {maskEpoch, maskValue} from '../privacy/mask.js';
import {maskPlexDirectNames} from '../privacy/redact.js';
import {compileGlob, type Glob} from './glob.js';
import {isIpAddress, isLocalName, isPrivateAddress, normalizeHost, plexDirect, registrableDomain} from './host.js';
import {ServerKnowledge} from './knowledge.js';
import {DEFAULT_RULES, VENDORS, type HostRule} from './rules.js';
import {lazyThirdPartyWeb, type TrackerDb} from './tracker-db.js';

export {isLocalName, isPrivateAddress, MEDIA_SERVER_PORTS} from '../model/hosts.js';

/** One rules table (ours or the user's): exact hosts, `*.suffix` patterns and globs. */
type RuleTable = {lookup(host: string): HostRule | undefined};

function ruleTable(rules: readonly HostRule[]): RuleTable {
	const exact = new Map<string, HostRule>();
	const suffix = new Map<string, HostRule>();
	const globs: Array<{glob: Glob; rule: HostRule}> = [];
	for (const rule of rules) {
		const p = rule.pattern.toLowerCase();
		if (!p.includes('*')) {
			if (!exact.has(p)) exact.set(p, rule);
		} else if (p.startsWith('*.') && !p.slice(2).includes('*')) {
			if (!suffix.has(p.slice(2))) suffix.set(p.slice(2), rule);
		} else globs.push({glob: compileGlob(p), rule});
	}
	return {
		lookup(host) {
			const hit = exact.get(host);
			if (hit) return hit;
			// Longest suffix first: walk the labels from the left.
			for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
				const s = suffix.get(host.slice(dot + 1));
				if (s) return s;
			}
			return globs.find((g) => g.glob.matches(host))?.rule;
		},
	};
}

export type ClassifierOptions = {
	/** Shown as the source of user rules (the `--rules` file name). */
	readonly userRulesName?: string;
	/** `--tracker-db` databases, asked before the built-in one. */
	readonly trackerDbs?: readonly TrackerDb[];
	/** Ask the built-in third-party-web database (default true). */
	readonly builtinTrackerDb?: boolean;
	/** What the input shows about the user's servers; a new one by default. */
	readonly knowledge?: ServerKnowledge;
};

/** One step of `--explain`: which layer was asked and what it said. */
export type ExplainStep = {readonly layer: string; readonly result: string; readonly decided: boolean};

export type Explanation = {
	readonly input: string;
	/** The host after WHATWG normalisation, or undefined when it is no host. */
	readonly host: string | undefined;
	readonly domain: string | undefined;
	readonly steps: readonly ExplainStep[];
	readonly classification: Classification;
};

export type Classifier = {
	classify(host: string, port?: number): Classification;
	/** Every layer's answer for a host, for `--explain`. */
	explain(host: string, port?: number): Explanation;
	/** Our rules and the user's, user's first. */
	readonly rules: readonly HostRule[];
	/** The rule (user's or ours) a host matched, if any (for notes and blocklists). */
	ruleFor(host: string): HostRule | undefined;
	/** What the input has shown about the user's servers; learn into it while reading. */
	readonly knowledge: ServerKnowledge;
	/** Changes whenever a classification may have changed (knowledge learned): recompute when it moves. */
	readonly version: number;
	readonly trackerDbs: readonly TrackerDb[];
	/**
	The name a host is shown under when identifiers are masked: a `*.plex.direct` name with its server hash
	and address masked, any other host unchanged. The classifier remembers the real name, so a shown name
	classifies like the real one (for the store's relabelling and the blocklist), with its domain masked.
	*/
	shown(host: string): string;
};

const BUILTIN: ClassificationSource = {kind: 'rule', name: 'built-in rules'};

type Layer = {
	readonly name: string;
	/** A label, or undefined to pass; `miss` says why (for `--explain`). */
	readonly run: (host: string, port: number | undefined) => Classification | undefined;
};

function label(organization: string, category: Category, party: Party, rule: string, source: ClassificationSource, domain: string | undefined): Classification {
	return Object.freeze(domain === undefined ? {organization, category, party, rule, source} : {organization, category, party, rule, source, domain});
}

function ruleLabel(rule: HostRule, source: ClassificationSource, domain: string | undefined): Classification {
	const party: Party = rule.party ?? (VENDORS.has(rule.organization) ? 'vendor' : 'third');
	const note = rule.source ?? rule.note;
	return label(rule.organization, rule.category, party, rule.pattern, note ? {...source, note} : source, domain);
}

/** Build a classifier; `extra` rules (from `--rules`) come before ours and override them. */
export function createClassifier(extra: readonly HostRule[] = [], options: ClassifierOptions = {}): Classifier {
	const userTable = ruleTable(extra);
	const ourTable = ruleTable(DEFAULT_RULES);
	const knowledge = options.knowledge ?? new ServerKnowledge();
	const trackerDbs = [...(options.trackerDbs ?? []), ...(options.builtinTrackerDb === false ? [] : [lazyThirdPartyWeb()])];
	const userSource: ClassificationSource = {kind: 'user-rules', name: options.userRulesName ?? 'user rules'};

	// Hosts under one registrable domain that one rule, database entry or no rule at all labels share one
	// (frozen) label: a DNS log names hundreds of thousands of hosts under far fewer domains, and a label a
	// host (with its own source object and domain string) cost ≈ 150 bytes each. Sharing saves memory only,
	// so the table is cleared when it is full.
	const labels = new Map<string, Classification>();
	const shared = (key: string, make: () => Classification): Classification => {
		let c = labels.get(key);
		if (!c) {
			if (labels.size >= 100_000) labels.clear();
			labels.set(key, (c = make()));
		}
		return c;
	};

	const layers: Layer[] = [
		{
			name: 'the server that wrote this input',
			run: (host) => (host === OWN_SERVER ? label('Your media server', 'media-server', 'first', 'own-server', {kind: 'local', name: 'the server that wrote this input'}, undefined) : undefined),
		},
		{name: `user rules (${options.userRulesName ?? 'none given'})`, run: (host) => mapRule(userTable.lookup(host), userSource, host)},
		{name: 'built-in rules', run: (host) => mapRule(ourTable.lookup(host), BUILTIN, host)},
		{
			name: 'servers this input shows',
			run(host) {
				const o = knowledge.ownerOf(host);
				if (!o) return undefined;
				const plex = plexDirect(host) !== undefined;
				const source: ClassificationSource = {kind: 'learned', name: 'this input', note: o.evidence};
				return o.owner === 'own'
					? label(plex ? 'Your Plex server' : 'Your media server', 'media-server', 'first', 'own-server', source, registrableDomain(host))
					: label(plex ? 'a Plex server (not yours)' : 'a media server (not yours)', 'media-server', 'third', 'other-server', source, registrableDomain(host));
			},
		},
		{
			name: 'plex.direct',
			run: (host) =>
				plexDirect(host)
					? label('a Plex server (not shown to be yours)', 'media-server', 'third', '*.plex.direct', {...BUILTIN, note: 'any Plex server has a plex.direct name; this input does not show that this one is yours (add its Preferences.xml, its log, or a HAR with plex.tv /api/v2/resources)'}, registrableDomain(host))
					: undefined,
		},
		{
			name: 'your network',
			run(host, port) {
				const address = isPrivateAddress(host);
				if (!address && !isLocalName(host)) return undefined;
				const server = port !== undefined && MEDIA_SERVER_PORTS.has(port);
				const source: ClassificationSource = {kind: 'local', name: address ? 'private or loopback address' : 'local name', ...(server ? {note: `port ${port} on your own network: a media server`} : {})};
				return label('Your network', server ? 'media-server' : 'unknown', 'first', server ? 'local-media-server' : address ? 'local-address' : 'local-name', source, undefined);
			},
		},
		...trackerDbs.map(
			(db): Layer => ({
				name: `tracker database ${db.name}${db.version ? ` ${db.version}` : ''}`,
				run(host) {
					const m = db.lookup(host);
					if (!m) return undefined;
					const domain = registrableDomain(host);
					return shared(`\u0000tracker\u0000${db.name}\u0000${m.pattern}\u0000${domain}`, () => {
						const source: ClassificationSource = {kind: 'tracker-db', name: db.name, ...(db.version ? {version: db.version} : {}), entity: m.entity, note: `${m.pattern}, category ${m.sourceCategory}`};
						return label(m.organization, m.category, VENDORS.has(m.organization) ? 'vendor' : 'third', m.pattern, source, domain);
					});
				},
			}),
		),
	];

	function mapRule(rule: HostRule | undefined, source: ClassificationSource, host: string): Classification | undefined {
		if (!rule) return undefined;
		const domain = registrableDomain(host);
		return shared(`${source.name}\u0000${rule.pattern}\u0000${domain}`, () => ruleLabel(rule, source, domain));
	}

	// One source object for every unknown host (a DNS log names hundreds of thousands).
	const UNKNOWN: ClassificationSource = {kind: 'none', name: 'no rule or database knows this host'};
	const fallback = (host: string): Classification => {
		const domain = registrableDomain(host);
		return shared(`\u0000unknown\u0000${domain}`, () => label('unknown', 'unknown', 'third', 'default', UNKNOWN, domain));
	};
	const invalid = (input: string): Classification =>
		label('unknown', 'unknown', 'third', input === '' ? 'no-host' : 'invalid-host', {kind: 'none', name: input === '' ? 'no host' : 'not a valid host name (a URL parser would refuse it)'}, undefined);

	const cache = new Map<string, Classification>();
	let cacheVersion = knowledge.version;
	// Shown (masked) plex.direct name → the real one. One entry per distinct such name, as the store keeps.
	const realNames = new Map<string, string>();

	// The last host asked (records repeat their host line after line) and its answer, while what it depends
	// on (what is known of the servers, the mask key) is unchanged.
	let lastShown: string | undefined;
	let lastShownAs = '';
	let lastShownAt = -1;
	let lastShownEpoch = -1;
	let lastClassified: string | undefined;
	let lastClassifiedPort: number | undefined;
	let lastClassification: Classification | undefined;

	function shown(host: string): string {
		if (host === lastShown && lastShownAt === knowledge.version && lastShownEpoch === maskEpoch()) return lastShownAs;
		const masked = shownNow(host);
		lastShown = host;
		lastShownAs = masked;
		lastShownAt = knowledge.version;
		lastShownEpoch = maskEpoch();
		return masked;
	}

	function shownNow(host: string): string {
		let masked = maskPlexDirectNames(host, maskValue);
		// A media server's public address (the user's own, or a friend's whose server is shared) is someone's
		// home address: masked as a client address is. Known only once the input has said so (a PMS log's
		// PublicAddressManager line, plex.tv's server list), which both come before such requests.
		if (masked === host && isIpAddress(host) && !isPrivateAddress(host) && knowledge.ownerOf(host) !== undefined) masked = maskValue(host, 'personal');
		if (masked !== host) realNames.set(masked, host);
		return masked;
	}

	function classify(shownInput: string, port?: number): Classification {
		if (cacheVersion !== knowledge.version) {
			cache.clear();
			cacheVersion = knowledge.version;
			lastClassified = undefined;
		}
		if (shownInput === lastClassified && port === lastClassifiedPort) return lastClassification!;
		const result = classifyNow(shownInput, port);
		lastClassified = shownInput;
		lastClassifiedPort = port;
		lastClassification = result;
		return result;
	}

	function classifyNow(shownInput: string, port?: number): Classification {
		const key = port !== undefined && MEDIA_SERVER_PORTS.has(port) ? `${shownInput}\u0000${port}` : shownInput;
		const hit = cache.get(key);
		if (hit) return hit;
		const real = realNames.get(shownInput);
		const input = real ?? shownInput;
		const host = normalizeHost(input);
		let result: Classification | undefined;
		if (host === undefined) result = invalid(input);
		else for (const layer of layers) if ((result = layer.run(host, port))) break;
		result ??= fallback(host!);
		// A masked name's label shows its domain (`<hash>.plex.direct`) masked the same way.
		if (real !== undefined && result.domain !== undefined) result = {...result, domain: maskPlexDirectNames(result.domain, maskValue)};
		if (cache.size >= 100_000) cache.clear();
		// A copy of the key: the input it was sliced from stays alive for as long as the key (normalizeHost).
		cache.set(ownCopy(key), result);
		return result;
	}

	function explain(input: string, port?: number): Explanation {
		const host = normalizeHost(input);
		const steps: ExplainStep[] = [];
		let decided: Classification | undefined;
		if (host !== undefined) {
			for (const layer of layers) {
				const r = layer.run(host, port);
				steps.push({layer: layer.name, result: r ? `${r.organization}, ${r.category}, ${r.party} (${r.rule})` : 'no match', decided: r !== undefined && decided === undefined});
				decided ??= r;
			}
		}
		return {input, host, domain: host === undefined ? undefined : registrableDomain(host), steps, classification: classify(input, port)};
	}

	function ruleFor(input: string): HostRule | undefined {
		const host = normalizeHost(input);
		return host === undefined ? undefined : (userTable.lookup(host) ?? ourTable.lookup(host));
	}

	return {
		classify,
		explain,
		rules: [...extra, ...DEFAULT_RULES],
		ruleFor,
		knowledge,
		get version() {
			return knowledge.version;
		},
		trackerDbs,
		shown,
	};
}

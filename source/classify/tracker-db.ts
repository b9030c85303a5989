/**
Tracker databases beneath our rules: organisation and category for hosts the rules table does not
know, always with the database, its version and the entity named as the source.

The built-in one is `third-party-web` (MIT, pinned), compiled by `npm run data` into a compact table
(source/classify/data/third-party-web.ts) and parsed on first use. The non-commercial databases
(Ghostery TrackerDB, DuckDuckGo Tracker Radar, Disconnect) cannot ship with the tool; `--tracker-db
FILE` reads any of them in its published format (source/classify/tracker-db-file.ts).

Matching is ours, not the database's: `*.example.com` matches `example.com` and its subdomains, a
plain entry matches only itself, and a pattern never reaches across a registrable domain: a database
entry `*.github.io` does not file `someone.github.io` (a different owner under a public suffix) under
GitHub. There is no fallback guess from a root domain.
*/
import type {Category} from '../model/records.js';
import {THIRD_PARTY_WEB_JSON, THIRD_PARTY_WEB_VERSION} from './data/third-party-web.js';
import {registrableDomain} from './host.js';
import {own} from '../model/own.js';

export type TrackerEntity = {
	/** The database's own name for the entity ("Google/Doubleclick Ads"). */
	readonly entity: string;
	/** The company behind it ("Google"); the entity name when the database names none. */
	readonly organization: string;
	readonly category: Category;
	/** The database's category, as it spells it. */
	readonly sourceCategory: string;
	/** `example.com` (that host only) or `*.example.com` (it and its subdomains). */
	readonly domains: readonly string[];
};

/** The entity a host matched, without its domain list, and the database pattern that matched. */
export type TrackerMatch = Omit<TrackerEntity, 'domains'> & {readonly pattern: string};

export type TrackerDb = {
	/** Shown as the source: `third-party-web`, `Ghostery TrackerDB (trackerdb.json)`. */
	readonly name: string;
	readonly version: string | undefined;
	readonly entities: number;
	lookup(host: string): TrackerMatch | undefined;
};

/** Build a database from entities; later duplicates of a pattern lose to earlier ones. */
export function createTrackerDb(name: string, version: string | undefined, entities: readonly TrackerEntity[]): TrackerDb {
	const exact = new Map<string, {entity: TrackerEntity; pattern: string}>();
	const wildcard = new Map<string, {entity: TrackerEntity; pattern: string}>();
	for (const entity of entities) {
		for (const raw of entity.domains) {
			const pattern = raw.trim().toLowerCase().replace(/\.$/, '');
			if (pattern.startsWith('*.')) {
				const base = pattern.slice(2);
				if (base !== '' && !base.includes('*') && !wildcard.has(base)) wildcard.set(base, {entity, pattern});
			} else if (pattern !== '' && !pattern.includes('*') && !exact.has(pattern)) exact.set(pattern, {entity, pattern});
		}
	}
	const match = ({entity: {organization, category, entity, sourceCategory}, pattern}: {entity: TrackerEntity; pattern: string}): TrackerMatch => ({
		organization,
		category,
		entity,
		sourceCategory,
		pattern,
	});
	return {
		name,
		version,
		entities: entities.length,
		lookup(host) {
			const direct = exact.get(host) ?? wildcard.get(host);
			if (direct) return match(direct);
			// Walk from the host up to its registrable domain, never into the public suffix above it.
			const domain = registrableDomain(host);
			let candidate = host;
			while (domain !== undefined && candidate.length >= domain.length) {
				const hit = wildcard.get(candidate);
				if (hit) return match(hit);
				const dot = candidate.indexOf('.');
				if (dot === -1) break;
				candidate = candidate.slice(dot + 1);
			}
			return undefined;
		},
	};
}

/**
third-party-web's categories onto ours. Web analytics, tag managers and marketing pixels count as
`ads`, as the generic tracker rules in rules.ts do (their purpose is tracking for advertising or
measurement); embeddable services (chat, consent, social widgets, payment) are `integration`; hosting
and CDNs are `cdn`; `other` says nothing, so it stays `unknown` (the organisation is still named).
*/
export const THIRD_PARTY_WEB_CATEGORIES: Readonly<Record<string, Category>> = {
	ad: 'ads',
	analytics: 'ads',
	marketing: 'ads',
	'tag-manager': 'ads',
	social: 'integration',
	'customer-success': 'integration',
	'consent-provider': 'integration',
	utility: 'integration',
	content: 'integration',
	video: 'cdn',
	hosting: 'cdn',
	cdn: 'cdn',
	other: 'unknown',
};

/** Error and crash reporters, whatever category a database files them under. */
export const CRASH_REPORTERS: ReadonlySet<string> = new Set(['Sentry', 'Bugsnag', 'Rollbar', 'Raygun', 'TrackJS', 'Errorception', 'Airbrake', 'Honeybadger']);

/**
Entries of third-party-web that are too broad to be true for every host they cover: its "Bing Ads"
entity lists `*.microsoft.com` and "Auto Link Maker" (Apple) lists `*.apple.com`, which would file
Windows Update and iCloud under advertising. These patterns are moved to the company, uncategorised.
*/
export const THIRD_PARTY_WEB_CORRECTIONS: ReadonlyArray<{entity: string; pattern: string; organization: string; why: string}> = [
	{entity: 'Bing Ads', pattern: '*.microsoft.com', organization: 'Microsoft', why: 'microsoft.com is far more than ads'},
	{entity: 'Bing Ads', pattern: '*.msn.com', organization: 'Microsoft', why: 'msn.com is Microsoft\'s portal, not only ads'},
	{entity: 'Bing Ads', pattern: '*.s-msft.com', organization: 'Microsoft', why: 'Microsoft static content'},
	{entity: 'Bing Ads', pattern: '*.msecnd.net', organization: 'Microsoft', why: 'Microsoft CDN'},
	{entity: 'Auto Link Maker', pattern: '*.apple.com', organization: 'Apple', why: 'apple.com is far more than an affiliate-link tool'},
];

function categoryOf(entity: string, sourceCategory: string): Category {
	if (CRASH_REPORTERS.has(entity)) return 'crash-reporting';
	return own(THIRD_PARTY_WEB_CATEGORIES, sourceCategory) ?? 'unknown';
}

/** The third-party-web entities, with our categories and the corrections applied. */
export function thirdPartyWebEntities(json: string = THIRD_PARTY_WEB_JSON): TrackerEntity[] {
	const rows = JSON.parse(json) as Array<[string, string, string, string[]]>;
	const out: TrackerEntity[] = [];
	for (const [name, company, sourceCategory, domains] of rows) {
		const moved = THIRD_PARTY_WEB_CORRECTIONS.filter((c) => c.entity === name);
		const kept = domains.filter((d) => !moved.some((c) => c.pattern === d));
		out.push({entity: name, organization: company || name, category: categoryOf(name, sourceCategory), sourceCategory, domains: kept});
		for (const c of moved) {
			if (domains.includes(c.pattern)) out.push({entity: name, organization: c.organization, category: 'unknown', sourceCategory: 'corrected', domains: [c.pattern]});
		}
	}
	return out;
}

let builtin: TrackerDb | undefined;

/** The built-in database, parsed on first use (about 150 kB of JSON, a few milliseconds). */
export function thirdPartyWeb(): TrackerDb {
	builtin ??= createTrackerDb('third-party-web', THIRD_PARTY_WEB_VERSION, thirdPartyWebEntities());
	return builtin;
}

/**
The built-in database as a classifier layer that parses it only when a host gets that far: most hosts a
media server talks to are known to the rules first, and on a cold start the parse costs 50–130 ms
before the first frame.
*/
export function lazyThirdPartyWeb(): TrackerDb {
	return {
		name: 'third-party-web',
		version: THIRD_PARTY_WEB_VERSION,
		get entities() {
			return thirdPartyWeb().entities;
		},
		lookup: (host) => thirdPartyWeb().lookup(host),
	};
}

/**
`--tracker-db FILE`: a tracker database the user supplies, in its published format. Their licences
(CC BY-NC-SA) keep them out of the package; a user may still use them. Recognised:

- Ghostery TrackerDB (`trackerdb.json` from ghostery/trackerdb releases): `{patterns: {key: {name,
  category, organization, domains}}, organizations: {key: {name}}}`;
- DuckDuckGo Tracker Radar: the blocklist `tds.json` (`{trackers: {domain: {owner: {name,
  displayName}, categories}}}`) or one `domains/<region>/<domain>.json` file (`{domain, owner,
  categories}`);
- Disconnect `services.json`: `{categories: {Advertising: [{Company: {"https://…": [domains]}}]}}`.

Each database's domains cover their subdomains. The file must be a regular file of at most
`MAX_TRACKER_DB_BYTES`; anything else is one error line naming the file and what is wrong.
*/
import {parseJsonText, readSmallFile} from '../input/small-file.js';
import {basename} from 'node:path';
import * as z from 'zod';
import type {Category} from '../model/records.js';
import {createTrackerDb, CRASH_REPORTERS, type TrackerDb, type TrackerEntity} from './tracker-db.js';
import {own} from '../model/own.js';

export const MAX_TRACKER_DB_BYTES = 64 * 1024 * 1024;

const GHOSTERY_CATEGORIES: Readonly<Record<string, Category>> = {
	advertising: 'ads',
	adult_advertising: 'ads',
	site_analytics: 'ads',
	pornvertising: 'ads',
	audio_video_player: 'cdn',
	hosting: 'cdn',
	cdn: 'cdn',
	consent: 'integration',
	customer_interaction: 'integration',
	social_media: 'integration',
	utilities: 'integration',
	essential: 'integration',
	misc: 'unknown',
	extensions: 'unknown',
};

/** Tracker Radar categories, strongest first: the first one a domain has decides. */
const DUCKDUCKGO_CATEGORIES: ReadonlyArray<[string, Category]> = [
	['Advertising', 'ads'],
	['Ad Motivated Tracking', 'ads'],
	['Ad Fraud', 'ads'],
	['Analytics', 'ads'],
	['Audience Measurement', 'ads'],
	['Third-Party Analytics Marketing', 'ads'],
	['Action Pixels', 'ads'],
	['Session Replay', 'ads'],
	['Tag Manager', 'ads'],
	['CDN', 'cdn'],
	['Embedded Content', 'integration'],
	['Social - Share', 'integration'],
	['Social - Comment', 'integration'],
	['Social Network', 'integration'],
	['Online Payment', 'integration'],
	['Federated Login', 'integration'],
	['SSO', 'integration'],
	['Consent Management Platform', 'integration'],
	['Support Chat Widget', 'integration'],
	['Badge', 'integration'],
	['Fraud Prevention', 'integration'],
];

const DISCONNECT_CATEGORIES: Readonly<Record<string, Category>> = {
	Advertising: 'ads',
	Analytics: 'ads',
	FingerprintingGeneral: 'ads',
	FingerprintingInvasive: 'ads',
	Cryptomining: 'ads',
	Email: 'ads',
	EmailAggressive: 'ads',
	Disconnect: 'ads',
	Social: 'integration',
	Content: 'integration',
	'Anti-fraud': 'integration',
	ConsentManagers: 'integration',
};

const name = z.string().min(1).max(300);
const domainList = z.array(z.string().max(300)).max(100_000);

const ghosteryPattern = z.object({name, category: z.string().max(100), organization: z.string().max(300).nullish(), domains: domainList.optional()});
const ghosterySchema = z.object({
	patterns: z.union([z.record(z.string(), ghosteryPattern), z.array(ghosteryPattern)]),
	organizations: z.record(z.string(), z.object({name})).optional(),
});

const ddgOwner = z.object({name: z.string().max(300).optional(), displayName: z.string().max(300).optional()}).optional();
const ddgTracker = z.object({domain: z.string().max(300), owner: ddgOwner, categories: z.array(z.string().max(100)).max(100).optional()});
const ddgTdsSchema = z.object({trackers: z.record(z.string(), ddgTracker.partial({domain: true}))});

const disconnectSchema = z.object({
	categories: z.record(z.string(), z.array(z.record(z.string(), z.record(z.string(), z.unknown())))),
});

function withSubdomains(domain: string): string {
	const d = domain.trim().toLowerCase();
	return d.startsWith('*.') ? d : `*.${d}`;
}

function category(map: Readonly<Record<string, Category>>, key: string, entity: string): Category {
	return CRASH_REPORTERS.has(entity) ? 'crash-reporting' : (own(map, key) ?? 'unknown');
}

function ghostery(data: z.infer<typeof ghosterySchema>): TrackerEntity[] {
	const patterns = Array.isArray(data.patterns) ? data.patterns : Object.values(data.patterns);
	return patterns.map((p) => ({
		entity: p.name,
		organization: (p.organization && data.organizations?.[p.organization]?.name) || p.name,
		category: category(GHOSTERY_CATEGORIES, p.category, p.name),
		sourceCategory: p.category,
		domains: (p.domains ?? []).map(withSubdomains),
	}));
}

function ddgEntity(domain: string, t: z.infer<typeof ddgTracker> | Partial<z.infer<typeof ddgTracker>>): TrackerEntity {
	const categories = t.categories ?? [];
	const found = DUCKDUCKGO_CATEGORIES.find(([c]) => categories.includes(c));
	const organization = t.owner?.displayName || t.owner?.name || domain;
	return {entity: t.owner?.name || domain, organization, category: CRASH_REPORTERS.has(organization) ? 'crash-reporting' : (found?.[1] ?? 'unknown'), sourceCategory: categories.join(', ') || 'none', domains: [withSubdomains(domain)]};
}

function disconnect(data: z.infer<typeof disconnectSchema>): TrackerEntity[] {
	const out: TrackerEntity[] = [];
	for (const [cat, companies] of Object.entries(data.categories)) {
		for (const company of companies) {
			for (const [companyName, sites] of Object.entries(company)) {
				const domains: string[] = [];
				for (const value of Object.values(sites)) if (Array.isArray(value)) for (const d of value) if (typeof d === 'string') domains.push(withSubdomains(d));
				out.push({entity: companyName, organization: companyName, category: category(DISCONNECT_CATEGORIES, cat, companyName), sourceCategory: cat, domains});
			}
		}
	}
	return out;
}

export type TrackerDbResult = {ok: true; db: TrackerDb} | {ok: false; error: string};

/** Recognise and load a database from JSON text; `file` names it in the source and in errors. */
export function parseTrackerDb(text: string, file: string): TrackerDbResult {
	const parsed = parseJsonText(text, file);
	if (!parsed.ok) return parsed;
	const json = parsed.json;
	const label = basename(file);
	const top = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
	const version = typeof top?.['version'] === 'string' || typeof top?.['version'] === 'number' ? String(top['version']) : undefined;
	const fail = (what: string, error: z.ZodError): TrackerDbResult => {
		// A union reports "Invalid input" at its own path: name the deepest issue of the branch that got furthest.
		const issues = error.issues.flatMap((i) => (i.code === 'invalid_union' ? i.errors.flat().map((e) => ({...e, path: [...i.path, ...e.path]})) : [i]));
		const issue = issues.sort((a, b) => b.path.length - a.path.length)[0];
		return {ok: false, error: `${file}: looks like ${what} but ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'is not in its format'}`};
	};
	if (top && 'patterns' in top) {
		const r = ghosterySchema.safeParse(top);
		return r.success ? {ok: true, db: createTrackerDb(`Ghostery TrackerDB (${label})`, version, ghostery(r.data))} : fail('a Ghostery TrackerDB', r.error);
	}
	if (top && 'trackers' in top) {
		const r = ddgTdsSchema.safeParse(top);
		return r.success ? {ok: true, db: createTrackerDb(`DuckDuckGo Tracker Radar (${label})`, version, Object.entries(r.data.trackers).map(([d, t]) => ddgEntity(t.domain ?? d, t)))} : fail('a DuckDuckGo tds.json', r.error);
	}
	if (top && 'domain' in top && 'owner' in top) {
		const r = ddgTracker.safeParse(top);
		return r.success ? {ok: true, db: createTrackerDb(`DuckDuckGo Tracker Radar (${label})`, version, [ddgEntity(r.data.domain, r.data)])} : fail('a Tracker Radar domain file', r.error);
	}
	if (top && 'categories' in top) {
		const r = disconnectSchema.safeParse(top);
		return r.success ? {ok: true, db: createTrackerDb(`Disconnect (${label})`, version, disconnect(r.data))} : fail('a Disconnect services.json', r.error);
	}
	return {ok: false, error: `${file}: not a tracker database this tool reads (Ghostery trackerdb.json, DuckDuckGo tds.json or Tracker Radar domain file, Disconnect services.json)`};
}

/** Read a database file: a regular file, at most `MAX_TRACKER_DB_BYTES`. */
export function loadTrackerDbFile(path: string, maxBytes = MAX_TRACKER_DB_BYTES): TrackerDbResult {
	const file = readSmallFile(path, maxBytes, 'a tracker database');
	if (!file.ok) return {ok: false, error: `${path}: ${file.error}`};
	return parseTrackerDb(file.text, path);
}

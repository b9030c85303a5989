/**
Settings against the wire: what a media server's settings file says (Plex `Preferences.xml`, Jellyfin
and Emby `system.xml`), next to what the traffic in the same input shows. A Settings view lists every
setting read and flags traffic that contradicts it, with the evidence: "sendCrashReports = 0 (crash
reports off), but crashreport.plexapp.com was contacted 3 times, first at Plex Media Server.log:431".

`settingsFindings` is pure: it takes the setting records and one summary per destination host, and
returns rows for the view (`SETTINGS_COLUMNS`). The checks are data (`SETTING_CHECKS`); a setting may
have several, and a sure contradiction wins over a possible one.
*/
import type {Category, SettingRecord} from '../model/records.js';
import {formatOrigin} from '../model/records.js';

/** What the findings need to know of a destination (a Destinations row has it, plus where it was first seen). */
export type HostSummary = {
	readonly host: string;
	readonly organization: string;
	readonly category: Category;
	readonly requests: number;
	/** Where the host was first seen (`file:line`, `file entry #N`). */
	readonly firstOrigin?: string | undefined;
};

export type SettingVerdict = 'contradicted' | 'may be contradicted' | 'consistent' | 'no check';

export type SettingFindingRow = {
	product: string;
	setting: string;
	value: string;
	/** What the setting means. */
	meaning: string;
	verdict: SettingVerdict;
	/** The finding in one sentence, with its evidence. */
	finding: string;
	/** Hosts whose traffic the finding is about. */
	hosts: string[];
	/** Where the setting was read. */
	origin: string;
};

/** One check of a setting against the traffic. */
export type SettingCheck = {
	readonly product: SettingRecord['product'];
	readonly setting: string;
	/** The value says the thing is off (or elsewhere). */
	readonly off: (value: string) => boolean;
	/** What "off" means, for the sentence. */
	readonly says: string;
	/** Traffic that should not be there when it is off. */
	readonly traffic: (h: HostSummary, setting: SettingRecord) => boolean;
	/** `may be contradicted`: the same hosts also serve something the setting does not cover. */
	readonly weak?: string;
};

const isOff = (v: string): boolean => ['0', 'false', 'no', 'off', ''].includes(v.trim().toLowerCase());

export const SETTING_CHECKS: readonly SettingCheck[] = [
	{
		product: 'plex',
		setting: 'sendCrashReports',
		off: isOff,
		says: 'crash reports off',
		traffic: (h) => h.category === 'crash-reporting' && h.organization === 'Plex Inc.',
	},
	{
		// PMS's CrashUploader also posts to Sentry (`--sentryUrl=https://o….ingest.sentry.io/…`).
		product: 'plex',
		setting: 'sendCrashReports',
		off: isOff,
		says: 'crash reports off',
		traffic: (h) => h.category === 'crash-reporting' && h.organization !== 'Plex Inc.',
		weak: 'other apps in the same capture may use the same crash reporter',
	},
	{
		product: 'plex',
		setting: 'plexMetricsUrl',
		// Pointing metrics elsewhere (or nowhere) is how the server is told not to send them to Plex.
		off: (v) => !/^https?:\/\/metrics\.plex\.tv(?:[:/]|$)/i.test(v.trim()),
		says: 'metrics not sent to metrics.plex.tv',
		traffic: (h) => h.host === 'metrics.plex.tv',
	},
	{
		product: 'plex',
		setting: 'RelayEnabled',
		off: isOff,
		says: 'relay off',
		traffic: (h) => h.host.endsWith('.plex.bz'),
		weak: 'the relay hosts are used by clients too',
	},
	{
		product: 'emby',
		setting: 'EnableAnonymousUsageReporting',
		off: isOff,
		says: 'usage reporting off',
		traffic: (h) => h.host === 'mb3admin.com' || h.host.endsWith('.mb3admin.com'),
		weak: 'mb3admin.com also serves Emby Premiere licensing and the plugin catalogue',
	},
];

export const SETTINGS_COLUMNS = [
	{key: 'product', header: 'Product', kind: 'text', priority: 1, minWidth: 5, maxWidth: 8},
	{key: 'setting', header: 'Setting', kind: 'text', priority: 0, minWidth: 12, maxWidth: 36},
	{key: 'value', header: 'Value', kind: 'text', priority: 0, minWidth: 5, maxWidth: 30},
	{key: 'verdict', header: 'Verdict', kind: 'text', priority: 0, minWidth: 8, maxWidth: 20},
	{key: 'finding', header: 'Finding', kind: 'text', priority: 0, minWidth: 20, maxWidth: 100},
	{key: 'meaning', header: 'Means', kind: 'text', priority: 2, minWidth: 12, maxWidth: 50},
	{key: 'hosts', header: 'Hosts', kind: 'list', priority: 3, minWidth: 12, maxWidth: 50},
	{key: 'origin', header: 'From', kind: 'text', priority: 4, minWidth: 8, maxWidth: 40},
] as const;

const VERDICT_ORDER: Record<SettingVerdict, number> = {contradicted: 0, 'may be contradicted': 1, consistent: 2, 'no check': 3};

function times(n: number): string {
	return n === 1 ? 'once' : `${n.toLocaleString('en-US')} times`;
}

/** One row per setting read (the same setting with the same value in several files: the first), contradictions first. */
export function settingsFindings(settings: readonly SettingRecord[], hosts: readonly HostSummary[]): SettingFindingRow[] {
	const rows: SettingFindingRow[] = [];
	const seen = new Set<string>();
	for (const s of settings) {
		const key = `${s.product}\u0000${s.name}\u0000${s.value}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const row: SettingFindingRow = {product: s.product, setting: s.name, value: s.value, meaning: s.evidence, verdict: 'no check', finding: '', hosts: [], origin: formatOrigin(s.origin)};
		const checks = SETTING_CHECKS.filter((c) => c.product === s.product && c.setting === s.name);
		if (checks.length > 0) {
			const off = checks[0]!.off(s.value);
			// The strongest check with traffic decides: a sure contradiction before a possible one.
			const hit = off
				? checks
						.map((check) => ({check, hosts: hosts.filter((h) => h.requests > 0 && check.traffic(h, s))}))
						.filter((x) => x.hosts.length > 0)
						.sort((a, b) => Number(a.check.weak !== undefined) - Number(b.check.weak !== undefined))[0]
				: undefined;
			if (!off) {
				row.verdict = 'consistent';
				row.finding = `${s.name} = ${s.value}: on, so traffic is expected`;
			} else if (!hit) {
				row.verdict = 'consistent';
				row.finding = `${checks[0]!.says}, and no traffic in this input says otherwise`;
			} else {
				const {check, hosts: hits} = hit;
				const total = hits.reduce((n, h) => n + h.requests, 0);
				const first = hits.find((h) => h.firstOrigin !== undefined)?.firstOrigin;
				const names = hits.map((h) => h.host).sort();
				row.verdict = check.weak ? 'may be contradicted' : 'contradicted';
				row.hosts = names;
				row.finding = `${s.name} = ${s.value === '' ? '""' : s.value} (${check.says}), but ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} ${names.length === 1 ? 'was' : 'were'} contacted ${times(total)}${first ? `, first at ${first}` : ''}${check.weak ? ` (${check.weak})` : ''}`;
			}
		}
		rows.push(row);
	}
	return rows.sort((a, b) => VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict]);
}

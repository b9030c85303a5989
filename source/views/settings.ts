/**
Settings: what a media server's settings file says (Plex `Preferences.xml`, Jellyfin and Emby
`system.xml`), each setting next to what the traffic in the same input shows — "crash reports off, but
crashreport.plexapp.com was contacted 3 times, first at Plex Media Server.log:431". The checks and the
sentences are source/classify/settings.ts; this view gathers the settings and, per destination host,
its label, how often it was contacted and where first.
*/
import {settingsFindings, SETTINGS_COLUMNS, type HostSummary, type SettingFindingRow} from '../classify/settings.js';
import {formatOrigin, type SettingRecord} from '../model/records.js';
import {KIND_CODES} from '../store/store.js';
import {filterValue} from './filter.js';
import {eagerRows, type Column, type GroupView} from './types.js';

export const settingsView: GroupView<SettingFindingRow> = {
	kind: 'group',
	name: 'settings',
	title: 'Settings',
	description: 'settings files (Preferences.xml, system.xml) read, each checked against the traffic: contradictions first',
	columns: SETTINGS_COLUMNS as unknown as ReadonlyArray<Column<SettingFindingRow>>,
	create(store) {
		const settings: number[] = [];
		/** Per host: requests and the first record (in reading order). */
		const hosts = new Map<string, {dest: number; requests: number; first: number}>();
		const text = (id: number): string => store.strings.values[id] ?? '';
		return eagerRows(
			store,
			(i) => {
				const kind = store.kindOf(i);
				if (kind === KIND_CODES.setting) settings.push(i);
				else if (kind === KIND_CODES.request) {
					const d = store.dest.get(i);
					const host = store.destinations.get(d)!.host;
					const h = hosts.get(host);
					if (h) h.requests++;
					else hosts.set(host, {dest: d, requests: 1, first: i});
				}
			},
			() => {
				const records = settings.map((i): SettingRecord => {
					const sub = store.sub.get(i);
					const t = store.settings;
					return {
						kind: 'setting',
						source: store.sources.values[store.source.get(i)]!,
						origin: store.originOf(i),
						identifiers: [],
						product: text(t.product.get(sub)) as SettingRecord['product'],
						name: text(t.name.get(sub)),
						value: text(t.value.get(sub)),
						evidence: text(t.evidence.get(sub)),
					};
				});
				const summaries: HostSummary[] = [...hosts].map(([host, h]) => {
					const c = store.destinations.get(h.dest)!.classification;
					return {host, organization: c?.organization ?? 'unknown', category: c?.category ?? 'unknown', requests: h.requests, firstOrigin: formatOrigin(store.originOf(h.first))};
				});
				return settingsFindings(records, summaries);
			},
		);
	},
	// A contradiction drills into the traffic that contradicts it; any other row into the settings read.
	drill: (row) => (row.hosts.length > 0 ? `host:=${filterValue(row.hosts[0]!)}` : 'kind:setting'),
};

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
import {grown} from './traffic.js';
import {eagerRows, type Column, type GroupView} from './types.js';

export const settingsView: GroupView<SettingFindingRow> = {
	kind: 'group',
	name: 'settings',
	title: 'Settings',
	description: 'settings files (Preferences.xml, system.xml) read, each checked against the traffic: contradictions first',
	columns: SETTINGS_COLUMNS as unknown as ReadonlyArray<Column<SettingFindingRow>>,
	create(store) {
		const settings: number[] = [];
		// Per destination id: its requests, and its first record (+1; 0: none yet), in typed arrays: no string or
		// Map entry a record or a host. Most inputs hold no settings file, and then nothing more is asked of them.
		let requests = new Uint32Array(0);
		let first = new Uint32Array(0);
		let dests = 0;
		const text = (id: number): string => store.strings.values[id] ?? '';
		return eagerRows(
			store,
			(i) => {
				const kind = store.kindOf(i);
				if (kind === KIND_CODES.setting) settings.push(i);
				else if (kind === KIND_CODES.request) {
					const d = store.dest.get(i);
					if (d >= requests.length) {
						requests = grown(requests, dests, 0, d + 1);
						first = grown(first, dests, 0, d + 1);
					}
					dests = Math.max(dests, d + 1);
					const n = requests[d]!;
					requests[d] = n + 1;
					if (n === 0) first[d] = i + 1;
				}
			},
			() => {
				if (settings.length === 0) return [];
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
				// Per host (its destinations on every port together), in the order hosts were first seen; labelled
				// as the destination of the host's first record.
				const hosts = new Map<string, {dest: number; requests: number; first: number}>();
				for (let d = 0; d < dests; d++) {
					if (requests[d] === 0) continue;
					const host = store.destinations.host(d);
					const h = hosts.get(host);
					if (!h) hosts.set(host, {dest: d, requests: requests[d]!, first: first[d]! - 1});
					else {
						h.requests += requests[d]!;
						if (first[d]! - 1 < h.first) {
							h.first = first[d]! - 1;
							h.dest = d;
						}
					}
				}
				const summaries: HostSummary[] = [...hosts]
					.sort((a, b) => a[1].first - b[1].first)
					.map(([host, h]) => {
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

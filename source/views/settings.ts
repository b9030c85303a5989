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
import {HostGroups} from './host-groups.js';
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
		// Per host (its destinations on every port together, views/host-groups.ts), in the order hosts were first
		// seen: its first record's destination (which names and labels it), its first record and its requests, in
		// typed arrays. Most inputs hold no settings file, and then nothing more is asked of them.
		let hostDest = new Uint32Array(0);
		let firstRecord = new Uint32Array(0);
		let requests = new Uint32Array(0);
		let hosts = 0;
		const groups = new HostGroups(store.destinations, (d) => {
			if (hosts === hostDest.length) {
				hostDest = grown(hostDest, hosts);
				firstRecord = grown(firstRecord, hosts);
				requests = grown(requests, hosts);
			}
			hostDest[hosts] = d;
			return hosts++;
		});
		const text = (id: number): string => store.strings.values[id] ?? '';
		return eagerRows(
			store,
			(i) => {
				const kind = store.kindOf(i);
				if (kind === KIND_CODES.setting) settings.push(i);
				else if (kind === KIND_CODES.request) {
					const h = groups.of(store.dest.get(i));
					if (requests[h] === 0) firstRecord[h] = i;
					requests[h]!++;
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
				const summaries: HostSummary[] = [];
				for (let h = 0; h < hosts; h++) {
					const {host, classification: c} = store.destinations.get(hostDest[h]!)!;
					summaries.push({host, organization: c?.organization ?? 'unknown', category: c?.category ?? 'unknown', requests: requests[h]!, firstOrigin: formatOrigin(store.originOf(firstRecord[h]!))});
				}
				return settingsFindings(records, summaries);
			},
		);
	},
	// A contradiction drills into the traffic that contradicts it; any other row into the settings read.
	drill: (row) => (row.hosts.length > 0 ? `host:=${filterValue(row.hosts[0]!)}` : 'kind:setting'),
};

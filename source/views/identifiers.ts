/**
Identifiers: every identifying value seen, with its kind, how often, and which destinations received it.
Values are already masked by the pipeline (prefix + stable hash) unless `--show-secrets`, so the same
value is recognisable across rows without being shown.
*/
import type {IdentifierKind} from '../model/records.js';
import {IDENTIFIER_KIND_ORDER, KIND_CODES} from '../store/store.js';
import {addFew, valuesOfFew, type Few} from './distinct.js';
import {filterValue} from './filter.js';
import type {GroupView} from './types.js';
import {column} from './columns.js';

export type IdentifierRow = {
	value: string;
	kind: IdentifierKind;
	/** The header, parameter or field names it travelled in. */
	names: string[];
	count: number;
	/** Destinations outside the user's network that received it. */
	offsite: number;
	destinations: string[];
};

export const identifiersView: GroupView<IdentifierRow> = {
	kind: 'group',
	name: 'identifiers',
	title: 'Identifiers',
	description: 'every identifier and piece of personal data seen (masked): kind, how often, which destinations received it',
	columns: [
		{key: 'value', header: 'Value', kind: 'text', priority: 0, minWidth: 12, maxWidth: 40},
		column('kind', 0),
		{key: 'names', header: 'Carried as', kind: 'list', priority: 1, minWidth: 12, maxWidth: 40},
		column('count', 0),
		{key: 'offsite', header: 'Off-site', kind: 'number', priority: 1},
		{key: 'destinations', header: 'Destinations', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create(store) {
		type Acc = {readonly value: string; readonly kind: IdentifierKind; count: number; names: Few<string>; hosts: Few<number>; parties: Map<number, string> | undefined};
		// Rows group by kind and value; dictionary entries are kind, name and value.
		const byValue = new Map<string, Acc>();
		const groups: Acc[] = [];
		const accOfId: Array<Acc | undefined> = [];
		/** Destinations by host name (a host reached on two ports is one destination here). */
		const hostIds = new Map<string, number>();
		const hostNames: string[] = [];
		const hostId = (host: string): number => {
			let id = hostIds.get(host);
			if (id === undefined) {
				id = hostNames.length;
				hostNames.push(host);
				hostIds.set(host, id);
			}
			return id;
		};
		const offsite = (a: Acc): number => {
			let n = 0;
			for (const h of valuesOfFew(a.hosts)) if (a.parties?.get(h) !== 'first') n++;
			return n;
		};
		return {
			add(i) {
				const k0 = store.idStart.get(i);
				const k1 = store.idStart.get(i + 1);
				if (k0 === k1) return;
				// Only traffic takes an identifier somewhere: a setting's identifiers are what its file says.
				const code = store.kindOf(i);
				const dest = code === KIND_CODES.request || code === KIND_CODES.playback ? store.destinations.get(store.dest.get(i)) : undefined;
				const host = dest ? hostId(dest.host) : -1;
				const party = dest?.classification?.party ?? 'third';
				const list = store.idList;
				for (let k = k0; k < k1; k++) {
					const id = list.get(k);
					let acc = accOfId[id];
					if (!acc) {
						const entry = store.identifiers.values[id]!;
						// Device descriptors (product, platform, language, version) are the Devices view's.
						if (entry.kind === 'device') continue;
						const key = `${entry.kind}\u0000${entry.value}`;
						acc = byValue.get(key);
						if (!acc) {
							acc = {value: entry.value, kind: entry.kind, count: 0, names: undefined, hosts: undefined, parties: undefined};
							byValue.set(key, acc);
							groups.push(acc);
						}
						accOfId[id] = acc;
						acc.names = addFew(acc.names, entry.name);
					}
					acc.count++;
					if (host >= 0) {
						acc.hosts = addFew(acc.hosts, host);
						// The last record to reach a host says its party (the party of a host rarely differs by port).
						if (party !== 'third' || acc.parties?.has(host)) (acc.parties ??= new Map()).set(host, party);
					}
				}
			},
			size: () => groups.length,
			row(g) {
				const a = groups[g]!;
				return {
					value: a.value,
					kind: a.kind,
					names: valuesOfFew(a.names).sort(),
					count: a.count,
					offsite: offsite(a),
					destinations: valuesOfFew(a.hosts).map((h) => hostNames[h]!).sort(),
				};
			},
			value(g, key) {
				const a = groups[g]!;
				return key === 'count' ? a.count : key === 'value' ? a.value : key === 'kind' ? a.kind : key === 'offsite' ? offsite(a) : this.row(g)[key as keyof IdentifierRow];
			},
			// Secrets first, then personal data, identifiers, device descriptors.
			rank: (g) => IDENTIFIER_KIND_ORDER[groups[g]!.kind],
		};
	},
	drill: (row) => `identifier:=${filterValue(row.value)}`,
};

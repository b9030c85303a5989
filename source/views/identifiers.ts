/**
Identifiers: every identifying value seen, with its kind, how often, and which destinations received it.
Values are already masked by the pipeline (prefix + stable hash) unless `--show-secrets`, so the same
value is recognisable across rows without being shown.
*/
import type {IdentifierKind} from '../model/records.js';
import {IDENTIFIER_KIND_ORDER, KIND_CODES} from '../store/store.js';
import {filterValue} from './filter.js';
import type {GroupView} from './types.js';

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
	description: 'every identifying value seen (masked): kind, how often, which destinations received it',
	columns: [
		{key: 'value', header: 'Value', kind: 'text', priority: 0, minWidth: 12, maxWidth: 40},
		{key: 'kind', header: 'Kind', kind: 'text', priority: 0, minWidth: 6, maxWidth: 10},
		{key: 'names', header: 'Carried as', kind: 'list', priority: 1, minWidth: 12, maxWidth: 40},
		{key: 'count', header: 'Count', kind: 'number', priority: 0},
		{key: 'offsite', header: 'Off-site', kind: 'number', priority: 1},
		{key: 'destinations', header: 'Destinations', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create(store) {
		type Acc = {value: string; kind: IdentifierKind; count: number; names: Set<string>; hosts: Map<string, string>};
		// Rows group by kind and value; dictionary entries are kind, name and value.
		const byValue = new Map<string, Acc>();
		const accOfId: Array<Acc | undefined> = [];
		return {
			add(i) {
				const k0 = store.idStart.data[i]!;
				const k1 = store.idStart.data[i + 1]!;
				if (k0 === k1) return;
				const code = store.flags.data[i]! & 3;
				const dest = code === KIND_CODES.device ? undefined : store.destinations.values[store.dest.data[i]!];
				const list = store.idList.data;
				for (let k = k0; k < k1; k++) {
					const id = list[k]!;
					let acc = accOfId[id];
					if (!acc) {
						const entry = store.identifiers.values[id]!;
						const key = `${entry.kind}\u0000${entry.value}`;
						acc = byValue.get(key);
						if (!acc) {
							acc = {value: entry.value, kind: entry.kind, count: 0, names: new Set(), hosts: new Map()};
							byValue.set(key, acc);
						}
						accOfId[id] = acc;
						acc.names.add(entry.name);
					}
					acc.count++;
					if (dest) acc.hosts.set(dest.host, dest.classification?.party ?? 'third');
				}
			},
			rows() {
				return [...byValue.values()]
					.map(({value, kind, count, names, hosts}) => ({
						value,
						kind,
						names: [...names].sort(),
						count,
						offsite: [...hosts.values()].filter((p) => p !== 'first').length,
						destinations: [...hosts.keys()].sort(),
					}))
					.sort((a, b) => IDENTIFIER_KIND_ORDER[a.kind] - IDENTIFIER_KIND_ORDER[b.kind]);
			},
		};
	},
	drill: (row) => `identifier:=${filterValue(row.value)}`,
};

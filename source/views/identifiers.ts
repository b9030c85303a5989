/**
Identifiers: every identifying value seen, with its kind, how often, and which destinations received it.
Values are already masked by the pipeline (prefix + stable hash) unless `--show-secrets`, so the same
value is recognisable across rows without being shown.
*/
import {filterValue} from '../model/filter.js';
import type {IdentifierKind, TelemetryRecord} from '../model/records.js';
import type {ViewDefinition} from './types.js';

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

const KIND_ORDER: Record<IdentifierKind, number> = {secret: 0, personal: 1, identifier: 2, device: 3};
const MAX_VALUES = 100_000;

function destinationOf(r: TelemetryRecord): {host: string; party: string} | undefined {
	if (r.kind === 'request') return {host: r.host, party: r.classification?.party ?? 'third'};
	if (r.kind === 'playback' && r.host) return {host: r.host, party: r.classification?.party ?? 'third'};
	return undefined;
}

export const identifiersView: ViewDefinition<IdentifierRow> = {
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
	create() {
		const map = new Map<string, {row: IdentifierRow; names: Set<string>; hosts: Map<string, string>}>();
		return {
			add(r) {
				const dest = destinationOf(r);
				for (const id of r.identifiers) {
					const key = `${id.kind}\u0000${id.value}`;
					let acc = map.get(key);
					if (!acc) {
						if (map.size >= MAX_VALUES) continue;
						acc = {row: {value: id.value, kind: id.kind, names: [], count: 0, offsite: 0, destinations: []}, names: new Set(), hosts: new Map()};
						map.set(key, acc);
					}
					acc.row.count++;
					acc.names.add(id.name);
					if (dest && acc.hosts.size < 1000) acc.hosts.set(dest.host, dest.party);
				}
			},
			rows() {
				return [...map.values()]
					.map(({row, names, hosts}) => ({
						...row,
						names: [...names].sort(),
						destinations: [...hosts.keys()].sort(),
						offsite: [...hosts.values()].filter((p) => p !== 'first').length,
					}))
					.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
			},
		};
	},
	drill: (row) => `identifier:=${filterValue(row.value)}`,
};

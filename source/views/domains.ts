/**
Grouping by registrable domain (`--group domain`, `g` in the UI). The query layer swaps a view for its
domain-grouped twin (`groupedView`); no other code groups rows.

  destinations → one row per registrable domain (eTLD+1, private suffixes respected: every
                 `*.cloudfront.net` customer and every `<hash>.plex.direct` server is a domain of its
                 own): organisations, categories, the party, hosts, requests, bytes, first/last seen;
  ledger       → the Hosts column lists domains;
  identifiers  → the Destinations column lists domains.
Other views have no hosts to group and are shown as they are.

A host with no registrable domain (an IP address, a local name, a public suffix, a name no URL parser
accepts) is a group of its own, under its own name: grouping never hides an address among others.

The party of a domain is the most third of its hosts' parties: `third` when any host is third-party,
else `vendor` when any is a vendor's, else `first` (every host is the user's own). A domain is never
shown as more trusted than the least trusted host under it.
*/
import type {Category, Party} from '../model/records.js';
import {domainOf} from './domain-key.js';
import {addTraffic, countsAsTraffic, NOT_TRAFFIC, PARTY_COLUMN, Traffic, TRAFFIC_COLUMNS, trafficCells, trafficValue, type TrafficCells} from './traffic.js';
import {filterValue} from './filter.js';
import type {CellValue, GroupView, Row} from './types.js';

/** How a view's rows are grouped: by host (every view as it is) or by registrable domain. */
export const GROUPINGS = ['host', 'domain'] as const;
export type Grouping = (typeof GROUPINGS)[number];


export {domainOf};

export type DomainRow = TrafficCells & {
	domain: string;
	organizations: string[];
	categories: Category[];
	/** The most third of the hosts' parties (see the module comment). */
	party: Party;
	/** Distinct host names seen under the domain. */
	hostCount: number;
	hosts: string[];
};

const PARTY_ORDER: Readonly<Record<Party, number>> = {first: 0, vendor: 1, third: 2};

/** The party of a group of hosts: the most third of theirs. */
export function worstParty(parties: Iterable<Party>): Party {
	let worst: Party | undefined;
	for (const p of parties) if (worst === undefined || PARTY_ORDER[p] > PARTY_ORDER[worst]) worst = p;
	return worst ?? 'third';
}

class Acc extends Traffic {
	/** Each host name's first destination (its classification labels the host, as in Destinations). */
	readonly members: number[] = [];

	constructor(readonly domain: string) {
		super();
	}
}

export const domainsView: GroupView<DomainRow> = {
	kind: 'group',
	name: 'destinations:domain',
	title: 'Destinations by domain',
	description: 'destinations grouped by registrable domain: organisations, party (the most third of its hosts), hosts, requests, bytes',
	columns: [
		{key: 'domain', header: 'Domain', kind: 'text', priority: 0, minWidth: 16, maxWidth: 40, cut: 'host'},
		{key: 'organizations', header: 'Organizations', kind: 'list', priority: 1, minWidth: 10, maxWidth: 36},
		{key: 'categories', header: 'Categories', kind: 'list', priority: 2, minWidth: 8, maxWidth: 30},
		PARTY_COLUMN,
		{key: 'hostCount', header: 'Hosts', kind: 'number', priority: 0},
		TRAFFIC_COLUMNS.requests,
		TRAFFIC_COLUMNS.playbacks,
		TRAFFIC_COLUMNS.blocked,
		TRAFFIC_COLUMNS.bytesSent,
		TRAFFIC_COLUMNS.bytesReceived,
		TRAFFIC_COLUMNS.firstSeen,
		TRAFFIC_COLUMNS.lastSeen,
		{...TRAFFIC_COLUMNS.identifiers, priority: 3},
		{key: 'hosts', header: 'Host names', kind: 'list', priority: 6, minWidth: 12, maxWidth: 60, cut: 'host'},
	],
	countKey: 'requests',
	sort: {key: 'requests', descending: true},
	create(store) {
		const groups: Acc[] = [];
		const byDomain = new Map<string, Acc>();
		/** Per destination id: its group, once its host was placed. */
		const accOfDest: Array<Acc | undefined> = [];
		const hostSeen = new Set<string>();
		const classOf = (d: number) => store.destinations.values[d]!.classification;
		const distinct = <T extends string>(a: Acc, pick: (d: number) => T): T[] => [...new Set(a.members.map(pick))].sort();
		const row = (a: Acc): DomainRow => ({
			domain: a.domain,
			organizations: distinct(a, (d) => classOf(d)?.organization ?? 'unknown'),
			categories: distinct(a, (d): Category => classOf(d)?.category ?? 'unknown'),
			party: worstParty(a.members.map((d) => classOf(d)?.party ?? 'third')),
			hostCount: a.members.length,
			...trafficCells(store, a),
			hosts: a.members.map((d) => store.destinations.values[d]!.host).sort(),
		});
		return {
			add(i) {
				if (!countsAsTraffic(store, i)) return;
				const d = store.dest.get(i);
				let acc = accOfDest[d];
				if (!acc) {
					const host = store.destinations.values[d]!.host;
					const domain = domainOf(host);
					acc = byDomain.get(domain);
					if (!acc) {
						acc = new Acc(domain);
						byDomain.set(domain, acc);
						groups.push(acc);
					}
					// A host reached on several ports is one host, labelled by its first destination.
					if (!hostSeen.has(host)) {
						hostSeen.add(host);
						acc.members.push(d);
					}
					accOfDest[d] = acc;
				}
				addTraffic(store, acc, i);
			},
			size: () => groups.length,
			row: (g) => row(groups[g]!),
			value(g, key): CellValue {
				const a = groups[g]!;
				if (key === 'domain') return a.domain;
				if (key === 'hostCount') return a.members.length;
				const v = trafficValue(a, key);
				return v !== NOT_TRAFFIC ? v : row(a)[key as keyof DomainRow];
			},
		};
	},
	drill: (row) => `domain:=${filterValue(row.domain)}`,
};

/**
A view whose list column of host names (`key`) lists their domains instead: the same rows, the same
counts; only that column changes. Used for the ledger and identifiers.
*/
export function hostListByDomain<R extends Row>(view: GroupView<R>, key: keyof R & string): GroupView<R> {
	const toDomains = (list: CellValue): string[] => [...new Set((Array.isArray(list) ? (list as readonly string[]) : []).map(domainOf))].sort();
	const column = view.columns.find((c) => c.key === key);
	return {
		...view,
		name: `${view.name}:domain`,
		title: `${view.title} by domain`,
		description: `${view.description} (the ${column?.header ?? key} column lists registrable domains)`,
		columns: view.columns.map((c) => (c.key === key ? {...c, header: c.header === 'Hosts' ? 'Domains' : `${c.header} (domains)`} : c)),
		create(store) {
			const agg = view.create(store);
			return {
				...agg,
				add: (i) => agg.add(i),
				size: () => agg.size(),
				row: (g) => {
					const r = agg.row(g);
					return {...r, [key]: toDomains(r[key])};
				},
				value: (g, k) => (k === key ? toDomains(agg.value(g, k)) : agg.value(g, k)),
				...(agg.rank ? {rank: (g: number) => agg.rank!(g)} : {}),
			};
		},
	};
}

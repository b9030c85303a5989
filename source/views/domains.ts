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
import {countsAsTraffic, NOT_TRAFFIC, PARTY_COLUMN, TRAFFIC_COLUMNS, TrafficTable, type TrafficCells} from './traffic.js';
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
		// A group is a number: its counts in `traffic`, its name and hosts in the arrays below.
		const traffic = new TrafficTable();
		const domains: string[] = [];
		/** Each host name's first destination (its classification labels the host, as in Destinations). */
		const members: number[][] = [];
		const byDomain = new Map<string, number>();
		/** Per destination id: its group, once its host was placed (-1 where none yet). */
		const groupOfDest: number[] = [];
		const hostSeen = new Set<string>();
		const classOf = (d: number) => store.destinations.classification(d);
		const distinct = <T extends string>(g: number, pick: (d: number) => T): T[] => [...new Set(members[g]!.map(pick))].sort();
		const row = (g: number): DomainRow => ({
			domain: domains[g]!,
			organizations: distinct(g, (d) => classOf(d)?.organization ?? 'unknown'),
			categories: distinct(g, (d): Category => classOf(d)?.category ?? 'unknown'),
			party: worstParty(members[g]!.map((d) => classOf(d)?.party ?? 'third')),
			hostCount: members[g]!.length,
			...traffic.cells(store, g),
			hosts: members[g]!.map((d) => store.destinations.host(d)).sort(),
		});
		return {
			add(i) {
				if (!countsAsTraffic(store, i)) return;
				const d = store.dest.get(i);
				let g = groupOfDest[d] ?? -1;
				if (g < 0) {
					const host = store.destinations.host(d);
					const domain = domainOf(host);
					g = byDomain.get(domain) ?? -1;
					if (g < 0) {
						g = traffic.open();
						byDomain.set(domain, g);
						domains.push(domain);
						members.push([]);
					}
					// A host reached on several ports is one host, labelled by its first destination.
					if (!hostSeen.has(host)) {
						hostSeen.add(host);
						members[g]!.push(d);
					}
					while (groupOfDest.length < d) groupOfDest.push(-1);
					groupOfDest[d] = g;
				}
				traffic.add(store, g, i);
			},
			size: () => traffic.size,
			row,
			value(g, key): CellValue {
				if (key === 'domain') return domains[g]!;
				if (key === 'hostCount') return members[g]!.length;
				const v = traffic.value(g, key);
				return v !== NOT_TRAFFIC ? v : row(g)[key as keyof DomainRow];
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

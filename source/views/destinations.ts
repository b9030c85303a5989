/** Destinations: one row per host, with who it belongs to, how much went there, and which identifiers it received. */
import type {Category, Party} from '../model/records.js';
import {filterValue} from '../model/filter.js';
import type {ViewDefinition} from './types.js';

export type DestinationRow = {
	host: string;
	organization: string;
	category: Category;
	party: Party;
	requests: number;
	blocked: number;
	clients: number;
	bytesSent: number;
	bytesReceived: number;
	firstSeen: string | undefined;
	lastSeen: string | undefined;
	/** Names of the identifying values this host received (secrets first). */
	identifiers: string[];
	/** Analytics events sent to this host. */
	events: string[];
};

type Acc = DestinationRow & {ids: Map<string, number>; eventSet: Set<string>; clientSet: Set<string>};

const KIND_ORDER = {secret: 0, personal: 1, identifier: 2, device: 3} as const;
const MAX_TRACKED = 1000;

export const destinationsView: ViewDefinition<DestinationRow> = {
	name: 'destinations',
	title: 'Destinations',
	description: 'one row per host: organisation, category, party, requests, bytes, identifiers received',
	columns: [
		{key: 'host', header: 'Host', kind: 'text', priority: 0, minWidth: 16, maxWidth: 48},
		{key: 'organization', header: 'Organization', kind: 'text', priority: 1, minWidth: 10, maxWidth: 26},
		{key: 'category', header: 'Category', kind: 'text', priority: 1, minWidth: 8, maxWidth: 16},
		{key: 'party', header: 'Party', kind: 'text', priority: 0, minWidth: 5, maxWidth: 6},
		{key: 'requests', header: 'Requests', kind: 'number', priority: 0},
		{key: 'blocked', header: 'Blocked', kind: 'number', priority: 4},
		{key: 'clients', header: 'Clients', kind: 'number', priority: 4},
		{key: 'bytesSent', header: 'Sent', kind: 'bytes', priority: 3},
		{key: 'bytesReceived', header: 'Received', kind: 'bytes', priority: 3},
		{key: 'firstSeen', header: 'First seen', kind: 'time', priority: 5},
		{key: 'lastSeen', header: 'Last seen', kind: 'time', priority: 5},
		{key: 'identifiers', header: 'Identifiers received', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
		{key: 'events', header: 'Events', kind: 'list', priority: 6, minWidth: 8, maxWidth: 40},
	],
	countKey: 'requests',
	sort: {key: 'requests', descending: true},
	create() {
		const hosts = new Map<string, Acc>();
		return {
			add(r) {
				if (r.kind !== 'request') return;
				let acc = hosts.get(r.host);
				if (!acc) {
					const c = r.classification;
					acc = {
						host: r.host,
						organization: c?.organization ?? 'unknown',
						category: c?.category ?? 'unknown',
						party: c?.party ?? 'third',
						requests: 0, blocked: 0, clients: 0, bytesSent: 0, bytesReceived: 0,
						firstSeen: undefined, lastSeen: undefined, identifiers: [], events: [],
						ids: new Map(), eventSet: new Set(), clientSet: new Set(),
					};
					hosts.set(r.host, acc);
				}
				acc.requests++;
				if (r.blocked) acc.blocked++;
				acc.bytesSent += r.bytesSent ?? 0;
				acc.bytesReceived += r.bytesReceived ?? 0;
				if (r.time) {
					if (acc.firstSeen === undefined || r.time < acc.firstSeen) acc.firstSeen = r.time;
					if (acc.lastSeen === undefined || r.time > acc.lastSeen) acc.lastSeen = r.time;
				}
				for (const id of r.identifiers) {
					const label = `${id.name} (${id.kind})`;
					if (acc.ids.size < MAX_TRACKED || acc.ids.has(label)) acc.ids.set(label, KIND_ORDER[id.kind]);
				}
				if (r.event && acc.eventSet.size < MAX_TRACKED) acc.eventSet.add(r.event);
				if (r.client && acc.clientSet.size < MAX_TRACKED * 10) acc.clientSet.add(r.client);
			},
			rows() {
				return [...hosts.values()].map(({ids, eventSet, clientSet, ...row}) => ({
					...row,
					clients: clientSet.size,
					identifiers: [...ids.entries()].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([name]) => name),
					events: [...eventSet].sort(),
				}));
			},
		};
	},
	drill: (row) => `host:=${filterValue(row.host)}`,
};

/** Destinations: one row per host, with who it belongs to, how much went there, and which identifiers it received. */
import type {Category, Party} from '../model/records.js';
import {IDENTIFIER_KIND_ORDER, KIND_CODES} from '../store/store.js';
import {filterValue} from './filter.js';
import type {GroupView} from './types.js';

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

type Acc = {
	/** The destination (host and port) of the first record: its classification labels the row. */
	dest: number;
	requests: number;
	blocked: number;
	bytesSent: number;
	bytesReceived: number;
	first: number;
	last: number;
	/** Identifier labels with their kind's rank. */
	labels: Map<string, number>;
	events: Set<number>;
	clients: Set<number>;
};

const iso = (ms: number): string | undefined => (Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

export const destinationsView: GroupView<DestinationRow> = {
	kind: 'group',
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
	create(store) {
		// Rows group by host name; destinations are host and port.
		const byHost = new Map<string, Acc>();
		const accOfDest: Array<Acc | undefined> = [];
		return {
			add(i) {
				if ((store.flags.data[i]! & 3) !== KIND_CODES.request) return;
				const d = store.dest.data[i]!;
				let acc = accOfDest[d];
				if (!acc) {
					const host = store.destinations.values[d]!.host;
					acc = byHost.get(host);
					if (!acc) {
						acc = {dest: d, requests: 0, blocked: 0, bytesSent: 0, bytesReceived: 0, first: Number.NaN, last: Number.NaN, labels: new Map(), events: new Set(), clients: new Set()};
						byHost.set(host, acc);
					}
					accOfDest[d] = acc;
				}
				const row = store.sub.data[i]!;
				const req = store.requests;
				acc.requests++;
				if (((req.flags.data[row]! >> 2) & 3) === 2) acc.blocked++;
				acc.bytesSent += req.bytesSent.get(row) ?? 0;
				acc.bytesReceived += req.bytesReceived.get(row) ?? 0;
				const t = store.time.data[i]!;
				if (!Number.isNaN(t)) {
					if (!(t >= acc.first)) acc.first = t;
					if (!(t <= acc.last)) acc.last = t;
				}
				const ids = store.idList.data;
				for (let k = store.idStart.data[i]!, end = store.idStart.data[i + 1]!; k < end; k++) {
					const entry = store.identifiers.values[ids[k]!]!;
					acc.labels.set(entry.label, IDENTIFIER_KIND_ORDER[entry.kind]);
				}
				const event = req.event.data[row]!;
				if (event !== 0) acc.events.add(event);
				const client = req.client.data[row]!;
				if (client !== 0) acc.clients.add(client);
			},
			rows() {
				return [...byHost.entries()].map(([host, a]) => {
					const c = store.destinations.values[a.dest]!.classification;
					return {
						host,
						organization: c?.organization ?? 'unknown',
						category: c?.category ?? 'unknown',
						party: c?.party ?? 'third',
						requests: a.requests,
						blocked: a.blocked,
						clients: a.clients.size,
						bytesSent: a.bytesSent,
						bytesReceived: a.bytesReceived,
						firstSeen: iso(a.first),
						lastSeen: iso(a.last),
						identifiers: [...a.labels].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([label]) => label),
						events: [...a.events].map((e) => store.strings.values[e]!).sort(),
					};
				});
			},
		};
	},
	drill: (row) => `host:=${filterValue(row.host)}`,
};

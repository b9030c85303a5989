/** Destinations: one row per host, with who it belongs to, how much went there, and which identifiers it received. */
import type {Category, Classification, Party} from '../model/records.js';
import {addFew, sizeOfFew, valuesOfFew, type Few} from './distinct.js';
import {filterValue} from './filter.js';
import {ActivityBins, detectPeriod, formatPeriod, sparkline, type Period} from './timeline.js';
import type {CellValue, GroupView} from './types.js';
import {column} from './columns.js';
import {addTraffic, countsAsTraffic, NOT_TRAFFIC, PARTY_COLUMN, Traffic, TRAFFIC_COLUMNS, trafficCells, trafficValue} from './traffic.js';
import {isIpAddress} from '../model/hosts.js';
import {networkCell} from '../classify/geo.js';

export type DestinationRow = {
	host: string;
	organization: string;
	category: Category;
	party: Party;
	requests: number;
	/** Playback records whose data was sent to this host (analytics events describing what was played). */
	playbacks: number;
	blocked: number;
	/** Distinct client addresses; undefined when no record of the host names its client (a HAR). */
	clients: number | undefined;
	/** Bytes sent and received; undefined when no record of the host says (unknown is not 0). */
	bytesSent: number | undefined;
	bytesReceived: number | undefined;
	firstSeen: string | undefined;
	lastSeen: string | undefined;
	/** Names of the identifying values this host received (secrets first). */
	identifiers: string[];
	/** Analytics events sent to this host. */
	events: string[];
	/**
	When the host was contacted across the span of all destinations: a sparkline of at most 16 slices, each
	an aligned power-of-two number of milliseconds (timeline.ts `activityShift`), so that it is computed
	exactly from a few numbers a host, not from every request's time.
	*/
	activity: string;
	/** How often the host is contacted when it recurs: `~300 s (96%)` (period, regularity); empty when it does not. */
	period: string;
	/** Where the label (organisation, category, party) comes from: a rule, a tracker database, the input, the local network. */
	labelSource: string;
	/** `--geo-db`: the server address (the host itself, or the first address a record gave) and its country and network. */
	address?: string | undefined;
	country?: string | undefined;
	network?: string | undefined;
};

/** Requests (the latest) a host's period is detected over. */
export const PERIOD_SAMPLE = 20_000;

/** Slices of the sparkline in the Activity column. */
export const ACTIVITY_SLOTS = 16;

/** `~300 s (96%)`: a period and how regular it is, for a table cell. */
export function periodCell(p: Period | undefined): string {
	return p ? `${formatPeriod(p.seconds)} (${Math.round(p.regularity * 100)}%)` : '';
}

/** Where a label comes from, in one line: `built-in rules: <the rule's source>`, `<database> <version>: <entity>`, … */
export function describeLabelSource(c: Classification | undefined): string {
	if (!c) return 'not classified';
	const s = c.source;
	switch (s.kind) {
		case 'tracker-db':
			return `${s.name}${s.version ? ` ${s.version}` : ''}: ${s.entity ?? c.rule}`;
		case 'rule':
		case 'user-rules':
		case 'learned':
		case 'local':
			return s.note ? `${s.name}: ${s.note}` : s.name;
		case 'none':
			return s.name;
	}
}

const EMPTY: number[] = [];

class Acc extends Traffic {
	/** When its requests were made, in slices (the Activity column). */
	readonly activity = new ActivityBins(ACTIVITY_SLOTS);
	/** The times (ms) of its last PERIOD_SAMPLE requests (a ring: `timed % PERIOD_SAMPLE` is the next slot). */
	recent: number[] = EMPTY;
	/** Requests with a time. */
	timed = 0;
	/** The period found over the sample as it was at `periodAt` requests. */
	period: Period | undefined = undefined;
	periodAt = 0;
	events: Few<number> = undefined;
	clients: Few<number> = undefined;

	constructor(
		readonly host: string,
		/** The destination (host and port) of the first record: its classification labels the row. */
		readonly dest: number,
	) {
		super();
	}
}

/** No client seen at all is unknown (undefined), not 0. */
const clientCount = (n: number): number | undefined => (n === 0 ? undefined : n);

export const destinationsView: GroupView<DestinationRow> = {
	kind: 'group',
	name: 'destinations',
	title: 'Destinations',
	description: 'one row per host: organisation, category, party, requests, playback data received, bytes, identifiers received',
	columns: [
		column('host', 0),
		column('organization', 1),
		column('category', 0),
		PARTY_COLUMN,
		TRAFFIC_COLUMNS.requests,
		TRAFFIC_COLUMNS.playbacks,
		TRAFFIC_COLUMNS.blocked,
		{key: 'clients', header: 'Clients', kind: 'number', priority: 4},
		TRAFFIC_COLUMNS.bytesSent,
		TRAFFIC_COLUMNS.bytesReceived,
		TRAFFIC_COLUMNS.firstSeen,
		TRAFFIC_COLUMNS.lastSeen,
		TRAFFIC_COLUMNS.identifiers,
		{key: 'events', header: 'Events', kind: 'list', priority: 6, minWidth: 8, maxWidth: 40},
		{key: 'activity', header: 'Activity', kind: 'text', priority: 3, minWidth: ACTIVITY_SLOTS, maxWidth: ACTIVITY_SLOTS},
		{key: 'period', header: 'Period', kind: 'text', priority: 4, minWidth: 6, maxWidth: 16},
		{key: 'labelSource', header: 'Label from', kind: 'text', priority: 7, minWidth: 12, maxWidth: 60},
		{key: 'address', header: 'Address', kind: 'text', priority: 8, minWidth: 7, maxWidth: 39, hidden: true},
		{key: 'country', header: 'Country', kind: 'text', priority: 8, minWidth: 2, maxWidth: 7, hidden: true},
		{key: 'network', header: 'Network', kind: 'text', priority: 8, minWidth: 8, maxWidth: 40, hidden: true},
	],
	countKey: 'requests',
	sort: {key: 'requests', descending: true},
	create(store) {
		// Rows group by host name; destinations are host and port.
		const groups: Acc[] = [];
		const byHost = new Map<string, Acc>();
		const accOfDest: Array<Acc | undefined> = [];
		const classification = (a: Acc) => store.destinations.values[a.dest]!.classification;
		let first = Number.NaN;
		let last = Number.NaN;
		const periodOf = (a: Acc): Period | undefined => {
			if (a.periodAt !== a.timed) {
				// Over the host's last PERIOD_SAMPLE requests: a period is a habit, and a million-request host
				// would otherwise cost a sort of a million times on every redraw while records arrive (and
				// memory for a million times). The order of the sample does not matter: it is sorted.
				a.period = detectPeriod(a.recent);
				a.periodAt = a.timed;
			}
			return a.period;
		};
		/** The server address of a host: the host itself when it is one, else the first address a record gave. */
		const addressOf = (a: Acc): string | undefined => {
			const dest = store.destinations.values[a.dest]!;
			return isIpAddress(a.host) ? a.host : dest.address;
		};
		const row = (a: Acc): DestinationRow => {
			const c = classification(a);
			const address = addressOf(a);
			const geo = address === undefined ? undefined : store.geo?.lookup(address);
			return {
				host: a.host,
				organization: c?.organization ?? 'unknown',
				category: c?.category ?? 'unknown',
				party: c?.party ?? 'third',
				...trafficCells(store, a),
				clients: clientCount(sizeOfFew(a.clients)),
				events: valuesOfFew(a.events).map((e) => store.strings.values[e]!).sort(),
				activity: a.timed === 0 ? '' : sparkline(a.activity.slices(first, last)),
				period: periodCell(periodOf(a)),
				labelSource: describeLabelSource(c),
				address,
				country: geo?.country,
				network: geo ? networkCell(geo) : undefined,
			};
		};
		return {
			add(i) {
				// Requests, and playback records that say where their data was sent (`kind:playback` then lists those hosts).
				if (!countsAsTraffic(store, i)) return;
				const d = store.dest.get(i);
				let acc = accOfDest[d];
				if (!acc) {
					const host = store.destinations.values[d]!.host;
					acc = byHost.get(host);
					if (!acc) {
						acc = new Acc(host, d);
						byHost.set(host, acc);
						groups.push(acc);
					}
					accOfDest[d] = acc;
				}
				const sub = addTraffic(store, acc, i);
				if (sub < 0) return;
				// Activity and Period are about contacts: requests only (and so is the span they are drawn over).
				const t = store.time.get(i);
				if (!Number.isNaN(t)) {
					if (!(t >= first)) first = t;
					if (!(t <= last)) last = t;
					acc.activity.add(t);
					// The first time as a literal of one (`push` on an empty array would reserve 17).
					if (acc.timed === 0) acc.recent = [t];
					else acc.recent[acc.timed % PERIOD_SAMPLE] = t;
					acc.timed++;
				}
				const req = store.requests;
				const event = req.event.get(sub);
				if (event !== 0) acc.events = addFew(acc.events, event);
				const client = req.client.get(sub);
				if (client !== 0) acc.clients = addFew(acc.clients, client);
			},
			size: () => groups.length,
			row: (g) => row(groups[g]!),
			value(g, key): CellValue {
				const a = groups[g]!;
				const v = trafficValue(a, key);
				if (v !== NOT_TRAFFIC) return v;
				switch (key) {
					case 'host':
						return a.host;
					case 'clients':
						return clientCount(sizeOfFew(a.clients));
					default:
						return row(a)[key as keyof DestinationRow];
				}
			},
		};
	},
	drill: (row) => `host:=${filterValue(row.host)}`,
};

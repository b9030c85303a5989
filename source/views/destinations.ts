/** Destinations: one row per host, with who it belongs to, how much went there, and which identifiers it received. */
import type {Category, Classification, Party} from '../model/records.js';
import {IDENTIFIER_KIND_ORDER, KIND_CODES} from '../store/store.js';
import {addFew, sizeOfFew, valuesOfFew, type Few} from './distinct.js';
import {filterValue} from './filter.js';
import {detectPeriod, formatPeriod, slotCounts, sparkline, type Period} from './timeline.js';
import type {CellValue, GroupView} from './types.js';
import {byteColumns, column, seenColumns} from './columns.js';
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
	/** When the host was contacted across the span of all destinations: a sparkline of 16 slices. */
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

type Acc = {
	readonly host: string;
	/** The destination (host and port) of the first record: its classification labels the row. */
	readonly dest: number;
	requests: number;
	playbacks: number;
	blocked: number;
	/** Sums over the records that carry the figure; NaN until one does. */
	bytesSent: number;
	bytesReceived: number;
	first: number;
	last: number;
	/** Identifier labels received (store.labels ids). */
	labels: Few<number>;
	events: Few<number>;
	clients: Few<number>;
	/** Request times (ms), in arrival order; `timed` of them are filled. */
	times: Float64Array;
	timed: number;
	/** The period found over the first `periodAt` times. */
	period: Period | undefined;
	periodAt: number;
};

const EMPTY = new Float64Array(0);

/** A figure no record gave is unknown (undefined), not 0: NaN sums, and no client seen at all. */
const known = (n: number): number | undefined => (Number.isNaN(n) ? undefined : n);
const clientCount = (n: number): number | undefined => (n === 0 ? undefined : n);
const iso = (ms: number): string | undefined => (Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

export const destinationsView: GroupView<DestinationRow> = {
	kind: 'group',
	name: 'destinations',
	title: 'Destinations',
	description: 'one row per host: organisation, category, party, requests, playback data received, bytes, identifiers received',
	columns: [
		column('host', 0),
		column('organization', 1),
		column('category', 0),
		column('party', 0),
		column('requests', 0),
		{key: 'playbacks', header: 'Playback data', kind: 'number', priority: 4},
		column('blocked', 4),
		{key: 'clients', header: 'Clients', kind: 'number', priority: 4},
		...byteColumns(3),
		...seenColumns(5),
		{key: 'identifiers', header: 'Identifiers received', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
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
		const labels = (a: Acc): string[] =>
			valuesOfFew(a.labels)
				.map((id) => store.labels.values[id]!)
				.sort((x, y) => IDENTIFIER_KIND_ORDER[x.kind] - IDENTIFIER_KIND_ORDER[y.kind] || x.text.localeCompare(y.text))
				.map((e) => e.text);
		let first = Number.NaN;
		let last = Number.NaN;
		const periodOf = (a: Acc): Period | undefined => {
			if (a.periodAt !== a.timed) {
				// Over the host's last PERIOD_SAMPLE requests: a period is a habit, and a million-request host
				// would otherwise cost a sort of a million times on every redraw while records arrive.
				a.period = detectPeriod(a.times.subarray(Math.max(0, a.timed - PERIOD_SAMPLE), a.timed));
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
				requests: a.requests,
				playbacks: a.playbacks,
				blocked: a.blocked,
				clients: clientCount(sizeOfFew(a.clients)),
				bytesSent: known(a.bytesSent),
				bytesReceived: known(a.bytesReceived),
				firstSeen: iso(a.first),
				lastSeen: iso(a.last),
				identifiers: labels(a),
				events: valuesOfFew(a.events).map((e) => store.strings.values[e]!).sort(),
				activity: a.timed === 0 ? '' : sparkline(slotCounts(a.times.subarray(0, a.timed), first, last, ACTIVITY_SLOTS)),
				period: periodCell(periodOf(a)),
				labelSource: describeLabelSource(c),
				address,
				country: geo?.country,
				network: geo ? networkCell(geo) : undefined,
			};
		};
		return {
			add(i) {
				const kind = store.kindOf(i);
				const d = store.dest.data[i]!;
				// Requests, and playback records that say where their data was sent (`kind:playback` then lists those hosts).
				if (kind !== KIND_CODES.request && !(kind === KIND_CODES.playback && d !== 0)) return;
				let acc = accOfDest[d];
				if (!acc) {
					const host = store.destinations.values[d]!.host;
					acc = byHost.get(host);
					if (!acc) {
						acc = {host, dest: d, requests: 0, playbacks: 0, blocked: 0, bytesSent: Number.NaN, bytesReceived: Number.NaN, first: Number.NaN, last: Number.NaN, labels: undefined, events: undefined, clients: undefined, times: EMPTY, timed: 0, period: undefined, periodAt: 0};
						byHost.set(host, acc);
						groups.push(acc);
					}
					accOfDest[d] = acc;
				}
				const t = store.time.data[i]!;
				if (!Number.isNaN(t)) {
					if (!(t >= acc.first)) acc.first = t;
					if (!(t <= acc.last)) acc.last = t;
				}
				if (kind === KIND_CODES.playback) {
					acc.playbacks++;
					return;
				}
				// Activity and Period are about contacts: requests only (and so is the span they are drawn over).
				if (!Number.isNaN(t)) {
					if (!(t >= first)) first = t;
					if (!(t <= last)) last = t;
					if (acc.timed === acc.times.length) {
						const grown = new Float64Array(Math.max(4, acc.times.length * 2));
						grown.set(acc.times);
						acc.times = grown;
					}
					acc.times[acc.timed++] = t;
				}
				const sub = store.sub.data[i]!;
				const req = store.requests;
				acc.requests++;
				if (((req.flags.data[sub]! >> 2) & 3) === 2) acc.blocked++;
				const sent = req.bytesSent.get(sub);
				if (sent !== undefined) acc.bytesSent = (Number.isNaN(acc.bytesSent) ? 0 : acc.bytesSent) + sent;
				const received = req.bytesReceived.get(sub);
				if (received !== undefined) acc.bytesReceived = (Number.isNaN(acc.bytesReceived) ? 0 : acc.bytesReceived) + received;
				const list = store.idList.data;
				for (let k = store.idStart.data[i]!, end = store.idStart.data[i + 1]!; k < end; k++) acc.labels = addFew(acc.labels, store.identifiers.values[list[k]!]!.label);
				const event = req.event.data[sub]!;
				if (event !== 0) acc.events = addFew(acc.events, event);
				const client = req.client.data[sub]!;
				if (client !== 0) acc.clients = addFew(acc.clients, client);
			},
			size: () => groups.length,
			row: (g) => row(groups[g]!),
			value(g, key): CellValue {
				const a = groups[g]!;
				switch (key) {
					case 'host':
						return a.host;
					case 'requests':
						return a.requests;
					case 'playbacks':
						return a.playbacks;
					case 'blocked':
						return a.blocked;
					case 'clients':
						return clientCount(sizeOfFew(a.clients));
					case 'bytesSent':
						return known(a.bytesSent);
					case 'bytesReceived':
						return known(a.bytesReceived);
					case 'firstSeen':
						return a.first;
					case 'lastSeen':
						return a.last;
					default:
						return row(a)[key as keyof DestinationRow];
				}
			},
		};
	},
	drill: (row) => `host:=${filterValue(row.host)}`,
};

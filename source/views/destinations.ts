/** Destinations: one row per host, with who it belongs to, how much went there, and which identifiers it received. */
import type {Category, Classification, Party} from '../model/records.js';
import {filterValue} from './filter.js';
import {ActivityBins, detectPeriod, formatPeriod, sparkline, type Period} from './timeline.js';
import type {CellValue, GroupView} from './types.js';
import {column} from './columns.js';
import {HostGroups} from './host-groups.js';
import {countsAsTraffic, FewIds, grown, NOT_TRAFFIC, PARTY_COLUMN, TRAFFIC_COLUMNS, TrafficTable} from './traffic.js';
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

/**
What a host contacted more than once keeps for the Activity and Period columns. A host of a long tail is
contacted once: its one time is all there is to draw, and it keeps a number, not this.
*/
class Recurring {
	/**
	When its requests were made, in slices (the Activity column): kept only once the host has more than
	PERIOD_SAMPLE timed requests; until then `recent` holds every time and the slices are counted from it
	when the row is drawn (they do not depend on the order of the times). Most recurring hosts of a DNS log
	are contacted a few times: slices kept for each cost more than their times.
	*/
	activity: ActivityBins | undefined = undefined;
	/** The times (ms) of its last PERIOD_SAMPLE requests (a ring: `timed % PERIOD_SAMPLE` is the next slot). */
	readonly recent: number[];
	/** The period found over the sample as it was at `periodAt` requests. */
	period: Period | undefined = undefined;
	periodAt = 0;

	constructor(once: number) {
		// The first times as a literal (`push` on an empty array would reserve 17).
		this.recent = [once];
	}

	/** Time `t`, its `n`-th (from 0): into the ring, and into the slices once the ring is full. */
	add(t: number, n: number): void {
		if (n === PERIOD_SAMPLE) this.activity = binsOf(this.recent);
		this.activity?.add(t);
		this.recent[n % PERIOD_SAMPLE] = t;
	}

	/** The slices of every time so far. */
	bins(): ActivityBins {
		return this.activity ?? binsOf(this.recent);
	}
}

function binsOf(times: readonly number[]): ActivityBins {
	const bins = new ActivityBins(ACTIVITY_SLOTS);
	for (const t of times) bins.add(t);
	return bins;
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
		// Rows group by host name; destinations are host and port. A group is a number: its counts are in
		// `traffic`, the rest in the typed arrays below, one slot a group (a long-tailed DNS log has
		// hundreds of thousands of groups: a field of a JS array or a Map entry a group cost more than the
		// store's own record of the host).
		const traffic = new TrafficTable();
		/** The destination (host and port) of the group's first record: its host, and its classification labels the row. */
		let destOf = new Uint32Array(0);
		/** Requests with a time. */
		let timed = new Uint32Array(0);
		/** The time of the first timed request (a host of a long tail has only that one: then no `recurring`). */
		let once = new Float64Array(0);
		/** Groups with a second timed request. */
		const recurring = new Map<number, Recurring>();
		const events = new FewIds();
		const clients = new FewIds();
		const hostOf = (g: number) => store.destinations.host(destOf[g]!);
		let first = Number.NaN;
		let last = Number.NaN;
		const periodOf = (g: number): Period | undefined => {
			const r = recurring.get(g);
			// One time is no period (detectPeriod wants MIN_BEATS).
			if (!r) return undefined;
			// While records arrive, again only once the sample grew by an eighth: the hosts on screen are the
			// busiest, and finding the period of 20,000 times for each of them on every frame took a tenth of the
			// UI's time. Once reading ends, every row's period is of all its times.
			if (r.periodAt !== timed[g] && (!store.reading || timed[g]! - r.periodAt >= Math.max(1, r.periodAt / 8))) {
				// Over the host's last PERIOD_SAMPLE requests: a period is a habit, and a million-request host
				// would otherwise cost a sort of a million times on every redraw while records arrive (and
				// memory for a million times). The order of the sample does not matter: it is sorted.
				r.period = detectPeriod(r.recent);
				r.periodAt = timed[g]!;
			}
			return r.period;
		};
		const activityOf = (g: number): string => {
			if (timed[g] === 0) return '';
			return sparkline((recurring.get(g)?.bins() ?? binsOf([once[g]!])).slices(first, last));
		};
		const row = (g: number): DestinationRow => {
			const dest = store.destinations.get(destOf[g]!)!;
			const c = dest.classification;
			const host = dest.host;
			// The server address: the host itself when it is one, else the first address a record gave.
			const address = isIpAddress(host) ? host : dest.address;
			const geo = address === undefined ? undefined : store.geo?.lookup(address);
			return {
				host,
				organization: c?.organization ?? 'unknown',
				category: c?.category ?? 'unknown',
				party: c?.party ?? 'third',
				...traffic.cells(store, g),
				clients: clientCount(clients.size(g)),
				events: events
					.values(g)
					.map((e) => store.strings.values[e]!)
					.sort(),
				activity: activityOf(g),
				period: periodCell(periodOf(g)),
				labelSource: describeLabelSource(c),
				address,
				country: geo?.country,
				network: geo ? networkCell(geo) : undefined,
			};
		};
		const open = (d: number): number => {
			const g = traffic.open();
			if (g === destOf.length) {
				destOf = grown(destOf, g);
				timed = grown(timed, g);
				once = grown(once, g, Number.NaN);
				events.reserve(destOf.length);
				clients.reserve(destOf.length);
			}
			destOf[g] = d;
			return g;
		};
		const groups = new HostGroups(store.destinations, open);
		return {
			add(i) {
				// Requests, and playback records that say where their data was sent (`kind:playback` then lists those hosts).
				if (!countsAsTraffic(store, i)) return;
				const d = store.dest.get(i);
				const g = groups.of(d);
				const sub = traffic.add(store, g, i);
				if (sub < 0) return;
				// Activity and Period are about contacts: requests only (and so is the span they are drawn over).
				const t = store.time.get(i);
				if (!Number.isNaN(t)) {
					if (!(t >= first)) first = t;
					if (!(t <= last)) last = t;
					const n = timed[g]!;
					if (n === 0) once[g] = t;
					else {
						let r = recurring.get(g);
						if (!r) recurring.set(g, (r = new Recurring(once[g]!)));
						r.add(t, n);
					}
					timed[g] = n + 1;
				}
				const req = store.requests;
				const event = req.event.get(sub);
				if (event !== 0) events.add(g, event);
				const client = req.client.get(sub);
				if (client !== 0) clients.add(g, client);
			},
			size: () => traffic.size,
			row,
			value(g, key): CellValue {
				const v = traffic.value(g, key);
				if (v !== NOT_TRAFFIC) return v;
				switch (key) {
					case 'host':
						return hostOf(g);
					case 'clients':
						return clientCount(clients.size(g));
					default:
						return row(g)[key as keyof DestinationRow];
				}
			},
		};
	},
	counter(store) {
		// A row a host: the groups `create` opens, and nothing a group.
		let size = 0;
		const groups = new HostGroups(store.destinations, () => size++);
		return {
			add(i) {
				if (countsAsTraffic(store, i)) groups.of(store.dest.get(i));
			},
			size: () => size,
		};
	},
	drill: (row) => `host:=${filterValue(row.host)}`,
};

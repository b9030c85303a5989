/**
What Destinations and its domain twin both count for a group of records (a host, a registrable domain):
requests and playback records, blocked answers, bytes each way, first and last seen, identifier labels
received. One fold, one set of cells and column specs, so the two views cannot count differently.
*/
import {column} from './columns.js';
import {IDENTIFIER_KIND_ORDER, KIND_CODES, type RecordStore} from '../store/store.js';
import {addFew, valuesOfFew, type Few} from './distinct.js';
import type {CellValue, Column} from './types.js';

/**
A group's counts. A class, not an object literal: a view over a long-tailed log has hundreds of
thousands of groups, and objects made by spreading a literal got a hidden class (and its descriptor
array, ≈ 400 bytes) each; instances of one class share one.
*/
export class Traffic {
	requests = 0;
	playbacks = 0;
	blocked = 0;
	/** Sums over the records that carry the figure; NaN until one does. */
	bytesSent = Number.NaN;
	bytesReceived = Number.NaN;
	first = Number.NaN;
	last = Number.NaN;
	/** Identifier labels received (store.labels ids). */
	labels: Few<number> = undefined;
}

export type TrafficCells = {
	requests: number;
	playbacks: number;
	blocked: number;
	bytesSent: number | undefined;
	bytesReceived: number | undefined;
	firstSeen: string | undefined;
	lastSeen: string | undefined;
	identifiers: string[];
};

/** The records a destination row counts: requests, and playback records that say where their data was sent. */
export function countsAsTraffic(store: RecordStore, i: number): boolean {
	const kind = store.kindOf(i);
	return kind === KIND_CODES.request || (kind === KIND_CODES.playback && store.dest.get(i) !== 0);
}

/** Fold record `i` in; returns its row in the requests table, or -1 for a playback record. */
export function addTraffic(store: RecordStore, acc: Traffic, i: number): number {
	const t = store.time.get(i);
	if (!Number.isNaN(t)) {
		if (!(t >= acc.first)) acc.first = t;
		if (!(t <= acc.last)) acc.last = t;
	}
	if (store.kindOf(i) === KIND_CODES.playback) {
		acc.playbacks++;
		return -1;
	}
	const sub = store.sub.get(i);
	const req = store.requests;
	acc.requests++;
	if (((req.flags.get(sub) >> 2) & 3) === 2) acc.blocked++;
	const sent = req.bytesSent.get(sub);
	if (sent !== undefined) acc.bytesSent = (Number.isNaN(acc.bytesSent) ? 0 : acc.bytesSent) + sent;
	const received = req.bytesReceived.get(sub);
	if (received !== undefined) acc.bytesReceived = (Number.isNaN(acc.bytesReceived) ? 0 : acc.bytesReceived) + received;
	const list = store.idList;
	for (let k = store.idStart.get(i), end = store.idStart.get(i + 1); k < end; k++) acc.labels = addFew(acc.labels, store.identifiers.values[list.get(k)]!.label);
	return sub;
}

/** A figure no record gave is unknown (undefined), not 0. */
export const known = (n: number): number | undefined => (Number.isNaN(n) ? undefined : n);
const iso = (ms: number): string | undefined => (Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

export function trafficCells(store: RecordStore, a: Traffic): TrafficCells {
	return {
		requests: a.requests,
		playbacks: a.playbacks,
		blocked: a.blocked,
		bytesSent: known(a.bytesSent),
		bytesReceived: known(a.bytesReceived),
		firstSeen: iso(a.first),
		lastSeen: iso(a.last),
		identifiers: valuesOfFew(a.labels)
			.map((id) => store.labels.values[id]!)
			.sort((x, y) => IDENTIFIER_KIND_ORDER[x.kind] - IDENTIFIER_KIND_ORDER[y.kind] || x.text.localeCompare(y.text))
			.map((e) => e.text),
	};
}

/** A sort value read without building the row (times as epoch ms); `NOT_TRAFFIC` for other keys. */
export const NOT_TRAFFIC = Symbol('not a traffic column');
export function trafficValue(a: Traffic, key: string): CellValue | typeof NOT_TRAFFIC {
	switch (key) {
		case 'requests':
			return a.requests;
		case 'playbacks':
			return a.playbacks;
		case 'blocked':
			return a.blocked;
		case 'bytesSent':
			return known(a.bytesSent);
		case 'bytesReceived':
			return known(a.bytesReceived);
		case 'firstSeen':
			return a.first;
		case 'lastSeen':
			return a.last;
		default:
			return NOT_TRAFFIC;
	}
}

/** The columns of the counts, as both views show them (the shared ones from columns.ts). */
export const TRAFFIC_COLUMNS = {
	requests: column('requests', 0),
	playbacks: {key: 'playbacks', header: 'Playback data', kind: 'number', priority: 4},
	blocked: column('blocked', 4),
	bytesSent: column('bytesSent', 3),
	bytesReceived: column('bytesReceived', 3),
	firstSeen: column('firstSeen', 5),
	lastSeen: column('lastSeen', 5),
	identifiers: {key: 'identifiers', header: 'Identifiers received', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
} as const satisfies Record<keyof TrafficCells, Column<TrafficCells>>;

/** The Party column of a row of hosts or domains. */
export const PARTY_COLUMN = column('party', 0);

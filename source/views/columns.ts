/**
Columns that several views show, defined once: a host, an organisation or a byte count reads (header,
kind, widths, how it is cut) the same in every view. A view gives each its priority (which columns stay
when the terminal is narrow), as priorities differ between views.
*/
import type {Column, ColumnKind} from './types.js';

type Spec = {readonly header: string; readonly kind: ColumnKind; readonly minWidth?: number; readonly maxWidth?: number; readonly cut?: 'host'};

const SHARED = {
	host: {header: 'Host', kind: 'text', minWidth: 16, maxWidth: 48, cut: 'host'},
	organization: {header: 'Organization', kind: 'text', minWidth: 10, maxWidth: 26},
	category: {header: 'Category', kind: 'text', minWidth: 8, maxWidth: 16},
	party: {header: 'Party', kind: 'text', minWidth: 5, maxWidth: 6},
	kind: {header: 'Kind', kind: 'text', minWidth: 6, maxWidth: 10},
	requests: {header: 'Requests', kind: 'number'},
	blocked: {header: 'Blocked', kind: 'number'},
	count: {header: 'Count', kind: 'number'},
	bytesSent: {header: 'Sent', kind: 'bytes'},
	bytesReceived: {header: 'Received', kind: 'bytes'},
	firstSeen: {header: 'First seen', kind: 'time'},
	lastSeen: {header: 'Last seen', kind: 'time'},
	hosts: {header: 'Hosts', kind: 'list', minWidth: 12, maxWidth: 50},
	origin: {header: 'From', kind: 'text', minWidth: 8, maxWidth: 40},
} as const satisfies Record<string, Spec>;

type SharedKey = keyof typeof SHARED;
export type SharedColumn<K extends string> = Omit<Column, 'key'> & {readonly key: K};

/** The shared column `key` at this view's priority. */
export function column<K extends SharedKey>(key: K, priority: number): SharedColumn<K> {
	return {key, ...SHARED[key], priority};
}

/** Bytes sent and received, both at `priority`. */
export function byteColumns(priority: number): [SharedColumn<'bytesSent'>, SharedColumn<'bytesReceived'>] {
	return [column('bytesSent', priority), column('bytesReceived', priority)];
}

/** First and last seen, both at `priority`. */
export function seenColumns(priority: number): [SharedColumn<'firstSeen'>, SharedColumn<'lastSeen'>] {
	return [column('firstSeen', priority), column('lastSeen', priority)];
}

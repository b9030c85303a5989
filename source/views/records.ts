/**
Records: one row per record, flattened for tables. JSON and NDJSON output write the typed records
themselves (read back from the store's spool). This is the one definition of a record's cells: the
screen, exports, print mode and sorting all use it.
*/
import {formatOrigin, type TelemetryRecord} from '../model/records.js';
import {KIND_CODES, KIND_NAMES, type RecordStore} from '../store/store.js';
import type {CellValue, RankSource, RecordView, SortKey} from './types.js';
import {column} from './columns.js';

export type RecordRow = {
	time: string | undefined;
	kind: string;
	source: string;
	destination: string;
	party: string;
	summary: string;
	device: string;
	identifiers: string[];
	origin: string;
};

/** A one-line description of what a record says. */
export function summarize(r: TelemetryRecord): string {
	switch (r.kind) {
		case 'request': {
			const parts = [r.method ?? '', r.path, r.status !== undefined ? `→ ${r.status}` : '', r.event ? `[${r.event}]` : '', r.blocked ? '(blocked)' : ''];
			return parts.filter(Boolean).join(' ');
		}
		case 'playback': {
			const fmt = [r.container, r.videoCodec, r.audioCodec].filter(Boolean).join('/');
			const parts = [fmt, r.resolution, r.bitrateKbps !== undefined ? `${Math.round(r.bitrateKbps)} kbps` : '', r.decision, r.title ? `“${r.title}”` : '', `(${r.evidence})`];
			return parts.filter(Boolean).join(' ');
		}
		case 'device':
			return `device seen (${r.evidence})`;
		case 'setting':
			return `setting ${r.name} = ${r.value} (${r.evidence})`;
	}
}

/** The names of the identifiers a record carried, each once, in order. */
function identifierNames(store: RecordStore, i: number): string[] {
	const names = new Set<string>();
	const list = store.idList;
	for (let k = store.idStart.get(i), end = store.idStart.get(i + 1); k < end; k++) names.add(store.identifiers.values[list.get(k)]!.name);
	return [...names];
}

/** Each column's sort value of record `i`, from the columns (the summary reads the record back). */
const VALUES: Readonly<Record<keyof RecordRow, (store: RecordStore, i: number) => CellValue>> = {
	// Epoch ms, not the ISO text: the same order, a number per record instead of a string.
	time: (s, i) => s.time.get(i),
	kind: (s, i) => KIND_NAMES[s.kindOf(i)],
	source: (s, i) => s.sources.values[s.source.get(i)],
	destination: (s, i) => s.hostOf(i),
	party: (s, i) => (s.kindOf(i) === KIND_CODES.device ? '' : (s.classificationOf(i)?.party ?? '')),
	summary: (s, i) => (s.hasSpool ? summarize(s.record(i)) : ''),
	device: (s, i) => s.devices.values[s.device.get(i)]?.label ?? '',
	identifiers: identifierNames,
	origin: (s, i) => formatOrigin(s.originOf(i)),
};

/** A sort key by the rank of a dictionary id. */
function ranked(of: (i: number) => number, table: {readonly rank: Float64Array; refresh(): void}): SortKey {
	return {
		of,
		value: (x) => table.rank[x] ?? Number.NaN,
		refresh: () => table.refresh(),
	};
}

const byNumber = (of: (i: number) => number): SortKey => ({of, value: (x) => x});

function sortKey(s: RecordStore, key: string, ranks: RankSource): SortKey | undefined {
	switch (key) {
		case 'time':
			return byNumber((i) => s.time.get(i));
		case 'kind':
			return ranked((i) => s.kindOf(i), ranks('kind', () => KIND_NAMES.length, (id) => KIND_NAMES[id]));
		case 'source':
			return ranked((i) => s.source.get(i), ranks('source', () => s.sources.size, (id) => s.sources.values[id]));
		case 'destination':
			return ranked((i) => s.dest.get(i), ranks('destination', () => s.destinations.size, (id) => (id === 0 ? undefined : s.destinations.host(id))));
		case 'party':
			// Device sightings have no party: dictionary id 0 is "no destination", which is empty.
			return ranked((i) => (s.kindOf(i) === KIND_CODES.device ? 0 : s.dest.get(i)), ranks('party', () => s.destinations.size, (id) => s.destinations.get(id)?.classification?.party));
		case 'device':
			return ranked((i) => s.device.get(i), ranks('device', () => s.devices.size, (id) => s.devices.values[id]?.label));
		case 'identifiers':
			return byNumber((i) => identifierNames(s, i).length);
		case 'origin': {
			// By file, then by line (or entry) within the file.
			const files = ranks('file', () => s.inputNames.size, (id) => s.inputNames.values[id]);
			return {
				of: (i) => s.inputId.get(i) * 2 ** 32 + s.pos.get(i),
				value: (x) => files.rank[Math.floor(x / 2 ** 32)]! * 2 ** 32 + (x % 2 ** 32),
				refresh: () => files.refresh(),
			};
		}
		default:
			return undefined;
	}
}

export const recordsView: RecordView<RecordRow> = {
	kind: 'record',
	name: 'records',
	title: 'Records',
	description: 'every record: time, kind, destination, what it says, device, identifiers, where it came from',
	columns: [
		{key: 'time', header: 'Time', kind: 'time', priority: 0},
		{key: 'kind', header: 'Kind', kind: 'text', priority: 1, minWidth: 7, maxWidth: 8},
		{key: 'destination', header: 'Destination', kind: 'text', priority: 0, minWidth: 12, maxWidth: 36, cut: 'host'},
		column('party', 3),
		{key: 'summary', header: 'What', kind: 'text', priority: 0, minWidth: 20, maxWidth: 80},
		{key: 'device', header: 'Device', kind: 'text', priority: 2, minWidth: 8, maxWidth: 30},
		{key: 'identifiers', header: 'Identifiers', kind: 'list', priority: 4, minWidth: 10, maxWidth: 40},
		{key: 'source', header: 'Format', kind: 'text', priority: 5, minWidth: 4, maxWidth: 10},
		column('origin', 4),
	],
	sort: {key: 'time', descending: false},
	row(store, i) {
		const r = store.hasSpool ? store.record(i) : undefined;
		return {
			time: store.timeOf(i),
			kind: KIND_NAMES[store.kindOf(i)],
			source: store.sources.values[store.source.get(i)]!,
			destination: store.hostOf(i),
			party: VALUES.party(store, i) as string,
			summary: r ? summarize(r) : '',
			device: store.devices.values[store.device.get(i)]?.label ?? '',
			identifiers: identifierNames(store, i),
			origin: formatOrigin(store.originOf(i)),
		};
	},
	value(store, i, key) {
		const get = Object.hasOwn(VALUES, key) ? VALUES[key as keyof RecordRow] : undefined;
		return get ? get(store, i) : undefined;
	},
	sortKey,
};

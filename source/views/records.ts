/** Records: one row per record, flattened for tables. JSON and NDJSON output write the typed records themselves. */
import {formatOrigin, type TelemetryRecord} from '../model/records.js';
import type {ViewDefinition} from './types.js';

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

export function deviceLabel(r: TelemetryRecord): string {
	const d = r.device;
	if (!d) return '';
	return [d.product, d.platform, d.device ?? d.model].filter(Boolean).join(' · ');
}

export function toRecordRow(r: TelemetryRecord): RecordRow {
	const c = r.kind === 'device' ? undefined : r.classification;
	return {
		time: r.time,
		kind: r.kind,
		source: r.source,
		destination: r.kind === 'request' ? r.host : r.kind === 'playback' ? (r.host ?? '') : '',
		party: c?.party ?? '',
		summary: summarize(r),
		device: deviceLabel(r),
		identifiers: [...new Set(r.identifiers.map((i) => i.name))],
		origin: formatOrigin(r.origin),
	};
}

export const recordsView: ViewDefinition<RecordRow> = {
	name: 'records',
	title: 'Records',
	description: 'every record: time, kind, destination, what it says, device, identifiers, where it came from',
	columns: [
		{key: 'time', header: 'Time', kind: 'time', priority: 2},
		{key: 'kind', header: 'Kind', kind: 'text', priority: 1, minWidth: 7, maxWidth: 8},
		{key: 'destination', header: 'Destination', kind: 'text', priority: 0, minWidth: 12, maxWidth: 36},
		{key: 'party', header: 'Party', kind: 'text', priority: 3, minWidth: 5, maxWidth: 6},
		{key: 'summary', header: 'What', kind: 'text', priority: 0, minWidth: 20, maxWidth: 80},
		{key: 'device', header: 'Device', kind: 'text', priority: 2, minWidth: 8, maxWidth: 30},
		{key: 'identifiers', header: 'Identifiers', kind: 'list', priority: 4, minWidth: 10, maxWidth: 40},
		{key: 'source', header: 'Format', kind: 'text', priority: 5, minWidth: 4, maxWidth: 10},
		{key: 'origin', header: 'From', kind: 'text', priority: 4, minWidth: 8, maxWidth: 40},
	],
	sort: {key: 'time', descending: false},
	create() {
		const rows: RecordRow[] = [];
		return {add: (r) => void rows.push(toRecordRow(r)), rows: () => rows};
	},
};

/**
Record detail lines: every field of one record, its identifiers (already masked by the pipeline unless
--show-secrets) and where it came from (`file:line` or the HAR entry index). Long values such as URLs
wrap instead of being cut: the detail view is where the whole value must be readable.
*/
import {formatTime, getDisplayZone} from '../../output/cells.js';
import {zoneLabel} from '../../model/zone.js';
import {formatOrigin, type TelemetryRecord} from '../../model/records.js';
import {sanitizeText} from '../../privacy/sanitize.js';
import {categoryTone, clipLine, partyTone, wrapText, type Line, type Tone} from './lines.js';
import {fit} from './text.js';

const LABEL = 16;

/** Fields shown first, in this order; the rest follow in record order. */
const FIRST = ['kind', 'time', 'source', 'host', 'method', 'url', 'status', 'event', 'direction', 'blocked'];
const SKIP = new Set(['origin', 'identifiers', 'device', 'classification']);

function valueText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (Array.isArray(value)) return value.map(valueText).join(', ');
	if (typeof value === 'object') return JSON.stringify(value);
	if (typeof value === 'boolean') return value ? 'yes' : 'no';
	if (typeof value === 'number') return value.toLocaleString('en-US');
	return String(value);
}

function field(label: string, value: string, width: number, tone?: Tone): Line[] {
	const room = Math.max(8, width - LABEL - 1);
	const parts = wrapText(sanitizeText(value), room);
	if (parts.length === 0) parts.push('');
	return parts.map((part, i) => [{text: fit(i === 0 ? label : '', LABEL), tone: 'muted' as const}, {text: ' '}, {text: part, tone}]);
}

function heading(text: string): Line {
	return [{text, bold: true, tone: 'title'}];
}

/** All lines of a record's detail at `width` cells. `position` is e.g. `12 of 345`. */
export function detailLines(record: TelemetryRecord, width: number, position: string): Line[] {
	const lines: Line[] = [];
	lines.push([{text: `Record ${position}`, bold: true, tone: 'title'}, {text: `  ${record.kind} · ${sanitizeText(record.source)} · ${sanitizeText(formatOrigin(record.origin))}`, tone: 'muted'}]);
	lines.push([]);
	const entries = Object.entries(record) as Array<[string, unknown]>;
	const ordered = [...FIRST.flatMap((k) => entries.filter(([key]) => key === k)), ...entries.filter(([key]) => !FIRST.includes(key))];
	for (const [key, value] of ordered) {
		if (SKIP.has(key) || value === undefined) continue;
		const text = key === 'time' && typeof value === 'string' ? `${formatTime(value)} ${zoneLabel(getDisplayZone(), Date.parse(value))}` : valueText(value);
		lines.push(...field(key, text, width));
	}
	const c = record.kind === 'device' ? undefined : record.classification;
	if (c) {
		lines.push([]);
		lines.push(heading('Destination'));
		lines.push(...field('organization', c.organization, width));
		lines.push(...field('category', c.category, width, categoryTone(c.category)));
		lines.push(...field('party', c.party, width, partyTone(c.party)));
		lines.push(...field('rule', c.rule, width, 'muted'));
	}
	if (record.device) {
		lines.push([]);
		lines.push(heading('Device'));
		for (const [key, value] of Object.entries(record.device)) if (value !== undefined) lines.push(...field(key, valueText(value), width));
	}
	lines.push([]);
	lines.push(heading(`Identifiers carried (${record.identifiers.length})`));
	if (record.identifiers.length === 0) lines.push([{text: '  none', tone: 'muted'}]);
	for (const id of record.identifiers) {
		const tone: Tone = id.kind === 'secret' ? 'danger' : id.kind === 'personal' ? 'warn' : 'muted';
		lines.push(...field(`  ${id.kind}`, `${id.name} = ${id.value}`, width, tone));
	}
	lines.push([]);
	lines.push(...field('origin', formatOrigin(record.origin), width, 'accent'));
	return lines.map((line) => clipLine(line, width));
}

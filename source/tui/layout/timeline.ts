/**
The Timeline tab as a histogram (in the manner of lnav's): one line per time bucket, oldest first,
empty buckets included, a bar per category stacked in each line, scaled to the busiest bucket. Each
category has a tone and a fill character, so the bars read without colour too (NO_COLOR). The rows
come from the query layer's timeline view (filtered like every view); this only draws them.
*/
import {histogram, type BucketUnit, type TimelineRow} from '../../views/timeline.js';
import type {Row} from '../../views/types.js';
import {categoryTone, clipLine, padLine, type Line, type Segment, type Tone} from './lines.js';

/** Buckets drawn at most (a day-long log at one-minute buckets would be 1,440); the rest is said. */
export const MAX_BUCKETS = 2000;

/** Fill characters by how much a category matters: ads darkest, the user's own server lightest. */
function fillOf(category: string): string {
	const tone = categoryTone(category);
	return tone === 'danger' ? '█' : tone === 'warn' ? '▓' : tone === 'first' ? '░' : tone === 'muted' ? '▚' : '▒';
}

const ORDER: Readonly<Record<string, number>> = {ads: 0, 'vendor-analytics': 1, 'crash-reporting': 2, integration: 3, 'vendor-api': 4, 'vendor-content': 5, metadata: 6, cdn: 7, unknown: 8, 'media-server': 9};
const rank = (c: string): number => ORDER[c] ?? 8;

function label(start: number, unit: BucketUnit | undefined, sameDay: boolean): string {
	if (Number.isNaN(start)) return 'no time';
	const iso = new Date(start).toISOString();
	if (unit === 'day') return iso.slice(0, 10);
	return sameDay ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** Every line of the histogram at `width` cells (the pane scrolls them). */
export function timelineLines(rows: readonly Row[], width: number): Line[] {
	const h = histogram(rows as unknown as TimelineRow[], MAX_BUCKETS);
	if (h.buckets.length === 0) return [clipLine([{text: '  (no requests in this input or filter)', tone: 'muted'}], width)];
	const timed = h.buckets.filter((b) => !Number.isNaN(b.start));
	const first = timed[0]?.start;
	const last = timed[timed.length - 1]?.start;
	const sameDay = first !== undefined && last !== undefined && new Date(first).toISOString().slice(0, 10) === new Date(last).toISOString().slice(0, 10);
	// The title and legend count every row, drawn or not (past MAX_BUCKETS buckets the histogram stops, and
	// says so below); the bars scale to the largest bucket drawn.
	const totals = new Map<string, number>();
	let total = 0;
	for (const r of rows) {
		const n = Number(r['requests'] ?? 0);
		const c = String(r['category']);
		total += n;
		totals.set(c, (totals.get(c) ?? 0) + n);
	}
	let max = 0;
	for (const b of h.buckets) max = Math.max(max, b.total);
	const hosts = new Set(rows.map((r) => r['host']));
	const categories = [...totals.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
	const lines: Line[] = [];
	const full = (t: number): string => (h.unit === 'day' ? new Date(t).toISOString().slice(0, 10) : new Date(t).toISOString().slice(0, 16).replace('T', ' '));
	const span = first === undefined ? '' : ` · ${full(first)}${last !== first ? ` → ${full(last!)}` : ''}`;
	lines.push(clipLine([{text: ` Requests per ${h.unit ?? 'bucket'} (UTC)${span} · ${total.toLocaleString('en-US')} requests to ${hosts.size.toLocaleString('en-US')} host${hosts.size === 1 ? '' : 's'}`, bold: true, tone: 'title'}], width));
	const legend: Segment[] = [{text: ' '}];
	for (const c of categories) legend.push({text: `${fillOf(c)}${fillOf(c)} `, tone: categoryTone(c)}, {text: `${c} ${(totals.get(c) ?? 0).toLocaleString('en-US')}   `});
	lines.push(clipLine(legend, width));
	if (h.truncated) lines.push(clipLine([{text: ` only the first ${MAX_BUCKETS.toLocaleString('en-US')} ${h.unit}s are drawn; narrow with / or print --view timeline:day`, tone: 'warn'}], width));
	lines.push([]);
	const labelWidth = h.unit === 'day' || !sameDay ? 11 : 7;
	const countWidth = Math.max(5, max.toLocaleString('en-US').length + 1);
	const barWidth = Math.max(4, width - labelWidth - countWidth - 4);
	for (const b of h.buckets) {
		const parts: Segment[] = [{text: ` ${label(b.start, h.unit, sameDay).padEnd(labelWidth)}`, tone: 'muted'}, {text: `${b.total.toLocaleString('en-US').padStart(countWidth)} `}];
		// Cells per category: rounded so the bar's length is the bucket's total, and any request shows.
		const cells = max === 0 ? 0 : Math.round((b.total / max) * barWidth);
		let used = 0;
		let counted = 0;
		for (const c of categories) {
			const n = b.byCategory.get(c) ?? 0;
			if (n === 0) continue;
			counted += n;
			const upto = Math.max(used + 1, Math.round((counted / b.total) * cells));
			const k = Math.min(upto, barWidth) - used;
			if (k <= 0) continue;
			parts.push({text: fillOf(c).repeat(k), tone: categoryTone(c) as Tone | undefined});
			used += k;
		}
		lines.push(padLine(clipLine(parts, width), width));
	}
	return lines;
}

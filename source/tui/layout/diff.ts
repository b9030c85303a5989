/**
Compare mode's overview (the Overview tab on the Diff side): how many rows are new, gone, changed or
the same; each side's inputs, span and rate; the comparison's caveats; then the most significant
changes of every compared view, as the diff orders them (new third parties and identifiers first).
*/
import {humanCell} from '../../output/cells.js';
import {sanitizeText} from '../../privacy/sanitize.js';
import {formatHours, type DiffResult, type DiffRow, type DiffSpec, type SideInfo, type SummaryValue} from '../../views/diff.js';
import type {Row} from '../../views/types.js';
import {clipLine, wrapText, type Line, type Tone} from './lines.js';

/** Changes listed per view. */
const PER_VIEW = 8;

const TONES: Readonly<Record<DiffRow['change'], Tone>> = {new: 'danger', gone: 'ok', changed: 'warn', same: 'muted'};

function side(name: string, s: SideInfo): string {
	const span = s.hours === null ? 'no times' : `${s.first?.slice(0, 16).replace('T', ' ')} → ${s.last?.slice(0, 16).replace('T', ' ')} (${formatHours(s.hours)})`;
	const rate = s.hours ? `, ${Math.round(s.records / s.hours).toLocaleString('en-US')}/h` : '';
	return `${name.padEnd(7)}${sanitizeText(s.inputs.join(', '))} · ${span} · ${s.records.toLocaleString('en-US')} records${rate}`;
}

/** Every line of the diff overview at `width` cells. `notes`: lines about the comparison itself (a baseline cannot be filtered …). */
export function diffOverviewLines(result: DiffResult, width: number, notes: readonly string[] = []): Line[] {
	const lines: Line[] = [];
	const {new: n, gone, changed, same} = result.counts;
	lines.push(clipLine([{text: ' Before → after: ', bold: true, tone: 'title'}, {text: `${n} new`, tone: 'danger'}, {text: ', '}, {text: `${gone} gone`, tone: 'ok'}, {text: ', '}, {text: `${changed} changed`, tone: 'warn'}, {text: `, ${same} same`}], width));
	lines.push(clipLine([{text: ` ${side('before', result.before)}`}], width));
	lines.push(clipLine([{text: ` ${side('after', result.after)}`}], width));
	for (const c of [...result.caveats, ...notes]) for (const l of wrapText(c, Math.max(20, width - 3))) lines.push(clipLine([{text: ` ${l}`, tone: 'warn'}], width));
	for (const {spec, rows} of result.views) {
		const shown = rows.filter((r) => r.change !== 'same');
		if (shown.length === 0) continue;
		lines.push([]);
		const tab = spec.name === 'categories' ? '' : `; the ${spec.title} tab shows all`;
		lines.push(clipLine([{text: ` ${spec.title}`, bold: true, tone: 'title'}, {text: `  (${shown.length} of ${rows.length} rows differ${tab})`, tone: 'muted'}], width));
		for (const r of shown.slice(0, PER_VIEW)) {
			const key = sanitizeText(Object.values(r.keys).map(String).join(' '));
			const primary = spec.counts[0]!;
			const count = `${r.before?.[primary] ?? '–'} → ${r.after?.[primary] ?? '–'} ${primary}`;
			const why = sanitizeText([...r.notes, ...(r.caveat ? [`caveat: ${r.caveat}`] : [])].join('; '));
			lines.push(clipLine([{text: `  ${r.change.padEnd(8)}`, tone: TONES[r.change], bold: r.significance === 0}, {text: `${key}  `}, {text: count, tone: 'muted'}, ...(why ? [{text: `  ${why}`, tone: r.caveat ? ('warn' as const) : undefined}] : [])], width));
		}
		if (shown.length > PER_VIEW) lines.push(clipLine([{text: `  … ${shown.length - PER_VIEW} more`, tone: 'muted'}], width));
	}
	if (n + gone + changed === 0) lines.push([], clipLine([{text: ' Nothing changed between the sides.', tone: 'ok'}], width));
	return lines;
}

/** Records behind a diff row on one side: the first few (time and what), and how many there are. */
export type Evidence = {readonly rows: readonly Row[]; readonly total: number} | undefined;

/** Records shown per side in a diff row's detail. */
export const EVIDENCE_ROWS = 6;

const valueText = (v: SummaryValue | undefined): string => (v === null || v === undefined ? '–' : Array.isArray(v) ? (v.length === 0 ? '(none)' : sanitizeText(v.join(', '))) : sanitizeText(String(v)));

/**
A diff row's detail: what changed, its caveat, every count and descriptive column on both sides, and
the first records behind it on each side (the evidence), so both sides can be read at once.
*/
export function diffDetailLines(row: DiffRow, spec: DiffSpec, evidence: {readonly before: Evidence; readonly after: Evidence}, width: number): Line[] {
	const lines: Line[] = [];
	const name = sanitizeText(Object.values(row.keys).map(String).join(' '));
	lines.push(clipLine([{text: ` ${row.change} `, tone: TONES[row.change], bold: true, inverse: true}, {text: ` ${name}`, bold: true}, {text: `  (${spec.title})`, tone: 'muted'}], width));
	for (const n of row.notes) for (const l of wrapText(sanitizeText(n), Math.max(20, width - 4))) lines.push(clipLine([{text: `  ${l}`, tone: 'warn'}], width));
	if (row.caveat) for (const l of wrapText(sanitizeText(`caveat: ${row.caveat}`), Math.max(20, width - 4))) lines.push(clipLine([{text: `  ${l}`, tone: 'warn'}], width));
	lines.push([]);
	const label = Math.min(16, Math.max(...[...spec.counts, ...spec.info, 'per hour'].map((k) => k.length)) + 2);
	const col = Math.max(10, Math.floor((width - label - 4) / 2));
	const pair = (k: string, b: string, a: string, tone?: Tone): Line => clipLine([{text: `  ${k.padEnd(label)}`, tone: 'muted'}, {text: b.slice(0, col - 1).padEnd(col)}, {text: a, tone}], width);
	lines.push(clipLine([{text: `  ${''.padEnd(label)}`}, {text: 'before'.padEnd(col), bold: true, tone: 'title'}, {text: 'after', bold: true, tone: 'title'}], width));
	for (const c of spec.counts) {
		const b = row.before ? humanCell(row.before[c], c.startsWith('bytes') ? 'bytes' : 'number') : '–';
		const a = row.after ? humanCell(row.after[c], c.startsWith('bytes') ? 'bytes' : 'number') : '–';
		lines.push(pair(c, b, a, b === a ? undefined : 'accent'));
	}
	const rate = (v: number | null): string => (v === null ? '–' : v.toLocaleString('en-US', {maximumFractionDigits: 2}));
	lines.push(pair(`${spec.counts[0]!}/h`, rate(row.beforePerHour), rate(row.afterPerHour)));
	for (const k of spec.info) {
		const b = row.infoBefore ? valueText(row.infoBefore[k]) : '–';
		const a = row.change === 'gone' ? '–' : valueText(row.info[k]);
		if (b.length > col || a.length > col) {
			// Long lists: one line each, wrapped.
			lines.push(clipLine([{text: `  ${k}`, tone: 'muted'}], width));
			for (const [side, text] of [['before', b], ['after', a]] as const) for (const [n, l] of wrapText(text, Math.max(20, width - label - 12)).entries()) lines.push(clipLine([{text: `  ${(n === 0 ? side : '').padEnd(label)}`, tone: 'muted'}, {text: l, tone: side === 'after' && a !== b ? 'accent' : undefined}], width));
		} else lines.push(pair(k, b, a, a === b ? undefined : 'accent'));
	}
	for (const [side, ev] of [['before', evidence.before], ['after', evidence.after]] as const) {
		lines.push([]);
		if (!ev) {
			lines.push(clipLine([{text: ` Evidence ${side}: `, bold: true, tone: 'title'}, {text: side === 'before' ? 'a saved baseline keeps no records' : 'none', tone: 'muted'}], width));
			continue;
		}
		lines.push(clipLine([{text: ` Evidence ${side}: `, bold: true, tone: 'title'}, {text: `${ev.total.toLocaleString('en-US')} record${ev.total === 1 ? '' : 's'}${ev.total > ev.rows.length ? `, the first ${ev.rows.length}` : ''}`, tone: 'muted'}], width));
		for (const r of ev.rows) lines.push(clipLine([{text: `  ${humanCell(r['time'], 'time').padEnd(20)}`, tone: 'muted'}, {text: humanCell(r['summary'], 'text')}], width));
	}
	lines.push([]);
	lines.push(clipLine([{text: ' Enter: these records on the row\'s side · c: Before / After / Diff · Esc: back', tone: 'muted'}], width));
	return lines;
}

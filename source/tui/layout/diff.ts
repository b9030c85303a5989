/**
Compare mode's overview (the Overview tab on the Diff side): how many rows are new, gone, changed or
the same; each side's inputs, span and rate; the comparison's caveats; then the most significant
changes of every compared view, as the diff orders them (new third parties and identifiers first).
*/
import {formatHours, type DiffResult, type DiffRow, type SideInfo} from '../../views/diff.js';
import {clipLine, wrapText, type Line, type Tone} from './lines.js';

/** Changes listed per view. */
const PER_VIEW = 8;

const TONES: Readonly<Record<DiffRow['change'], Tone>> = {new: 'danger', gone: 'ok', changed: 'warn', same: 'muted'};

function side(name: string, s: SideInfo): string {
	const span = s.hours === null ? 'no times' : `${s.first?.slice(0, 16).replace('T', ' ')} → ${s.last?.slice(0, 16).replace('T', ' ')} (${formatHours(s.hours)})`;
	const rate = s.hours ? `, ${Math.round(s.records / s.hours).toLocaleString('en-US')}/h` : '';
	return `${name.padEnd(7)}${s.inputs.join(', ')} · ${span} · ${s.records.toLocaleString('en-US')} records${rate}`;
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
			const key = Object.values(r.keys).map(String).join(' ');
			const primary = spec.counts[0]!;
			const count = `${r.before?.[primary] ?? '–'} → ${r.after?.[primary] ?? '–'} ${primary}`;
			const why = [...r.notes, ...(r.caveat ? [`caveat: ${r.caveat}`] : [])].join('; ');
			lines.push(clipLine([{text: `  ${r.change.padEnd(8)}`, tone: TONES[r.change], bold: r.significance === 0}, {text: `${key}  `}, {text: count, tone: 'muted'}, ...(why ? [{text: `  ${why}`, tone: r.caveat ? ('warn' as const) : undefined}] : [])], width));
		}
		if (shown.length > PER_VIEW) lines.push(clipLine([{text: `  … ${shown.length - PER_VIEW} more`, tone: 'muted'}], width));
	}
	if (n + gone + changed === 0) lines.push([], clipLine([{text: ' Nothing changed between the sides.', tone: 'ok'}], width));
	return lines;
}

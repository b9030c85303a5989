/**
The lines around the body: the tab bar, the status line (filter, progress, messages) and the key hint
line, plus the filter input and export prompt that take the status line's place while open.
*/
import {formatBytes} from '../../output/cells.js';
import {sanitizeText} from '../../privacy/sanitize.js';
import type {InputSummary} from '../../views/types.js';
import {VIEWS} from '../../views/registry.js';
import {keysFor, viewKeyOf, type CommandId, type KeyContext} from '../keymap.js';
import {clipLine, lineWidth, padLine, type Line, type Segment} from './lines.js';
import {inputProgress, progressBar} from './overview.js';

const SHORT_TITLES: Readonly<Record<string, string>> = {
	overview: 'Over', destinations: 'Dest', formats: 'Fmt', resolutions: 'Res', devices: 'Dev', identifiers: 'Ids', policy: 'Pol', records: 'Rec', settings: 'Set', ledger: 'Ldg', timeline: 'Time',
};

/** `[1 Overview] 2 Destinations …`, short titles for the inactive tabs when narrow, and `where` (e.g. `12/345`) on the right. */
export function tabsLine(active: string, width: number, where: string): Line {
	const build = (short: boolean): Segment[] =>
		VIEWS.flatMap((v, i) => {
			const on = v.name === active;
			// When narrow, the other tabs shorten; the active one keeps its full title.
			const title = short && !on ? (SHORT_TITLES[v.name] ?? v.title) : v.title;
			const n = viewKeyOf(i);
			return [...(i > 0 ? [{text: ' '}] : []), {text: on ? `[${n} ${title}]` : `${n} ${title}`, inverse: on, bold: on}];
		});
	let tabs: Segment[] = [{text: ' '}, ...build(false)];
	if (lineWidth(tabs) > width) tabs = build(true);
	const room = width - lineWidth(tabs);
	const right: Segment[] = where && room >= where.length + 1 ? [{text: `${' '.repeat(room - where.length)}${where}`, tone: 'muted'}] : [];
	return padLine([...tabs, ...right], width);
}

export type StatusInfo = {
	readonly filter: string;
	readonly message: string | undefined;
	readonly inputs: readonly InputSummary[];
	readonly sizes: ReadonlyMap<string, number | undefined>;
	readonly elapsedMs: number;
	readonly total: number;
	/** Records passing the filter (shown as matched / total while a filter is on). */
	readonly matched: number;
	readonly diagnostics: number;
};

/** Progress of what is still being read, or a summary when everything is read. */
export function progressSegments(info: StatusInfo): Segment[] {
	const reading = info.inputs.filter((i) => i.status === 'reading');
	if (reading.length === 0) {
		const failed = info.inputs.filter((i) => i.status === 'failed').length;
		const parts = [`${info.total.toLocaleString('en-US')} records from ${info.inputs.length} input${info.inputs.length === 1 ? '' : 's'}`];
		if (failed > 0) parts.push(`${failed} failed`);
		if (info.diagnostics > 0) parts.push(`${info.diagnostics.toLocaleString('en-US')} diagnostics`);
		return [{text: parts.join(' · '), tone: failed > 0 ? 'warn' : undefined}];
	}
	const first = reading[0]!;
	const size = info.sizes.get(first.name);
	const progress = inputProgress(first, size, info.elapsedMs);
	const segments: Segment[] = [{text: `reading ${sanitizeText(first.name)} `, tone: 'warn'}];
	if (progress.fraction !== undefined) segments.push({text: `${progressBar(progress.fraction, 10)} `, tone: 'accent'});
	segments.push({text: progress.text});
	if (reading.length > 1) segments.push({text: ` (+${reading.length - 1} more)`, tone: 'muted'});
	return segments;
}

/** The status line: the active filter (always), then a message or the progress. */
export function statusLine(info: StatusInfo, width: number): Line {
	const filter: Segment[] = info.filter ? [{text: 'filter: ', tone: 'accent'}, {text: sanitizeText(info.filter), tone: 'accent', bold: true}] : [{text: 'no filter', tone: 'muted'}];
	// Matched of all, after the message: a message (an export's path) matters more when space is short.
	const note: Segment[] = info.filter ? [{text: ` · ${info.matched.toLocaleString('en-US')} of ${info.total.toLocaleString('en-US')} records match`, tone: 'muted'}] : [];
	const rest: Segment[] = info.message ? [{text: sanitizeText(info.message), tone: 'ok', bold: true}] : progressSegments(info);
	return padLine([...filter, {text: ' · ', tone: 'muted'}, ...rest, ...note], width);
}

const HINTS: Readonly<Record<KeyContext, ReadonlyArray<[CommandId, string]>>> = {
	global: [],
	table: [['row.open', 'open'], ['filter.open', 'filter'], ['sort.next', 'sort'], ['sort.reverse', 'reverse'], ['export.open', 'export'], ['app.help', 'keys'], ['nav.backOrQuit', 'back'], ['app.quit', 'quit']],
	detail: [['record.next', 'next'], ['record.prev', 'prev'], ['drill.destinations', 'device→destinations'], ['drill.devices', 'host→devices'], ['drill.host', 'host→records'], ['nav.back', 'back'], ['app.quit', 'quit']],
	help: [['nav.back', 'close'], ['cursor.down', 'scroll'], ['app.quit', 'quit']],
	filter: [['filter.apply', 'apply'], ['filter.cancel', 'cancel'], ['filter.clearLine', 'clear'], ['filter.deleteWord', 'delete word']],
	export: [['export.csv', 'CSV'], ['export.json', 'JSON'], ['export.cancel', 'cancel']],
};

/** The key hints for a context, from the keymap. */
export function hintsLine(context: KeyContext, width: number): Line {
	const segments: Segment[] = [];
	for (const [command, label] of HINTS[context]) {
		const key = keysFor(command, context)[0];
		if (!key) continue;
		if (segments.length > 0) segments.push({text: '  '});
		segments.push({text: key, tone: 'accent', bold: true}, {text: ` ${label}`, tone: 'muted'});
	}
	return padLine(segments, width);
}

/** The filter input: `/ text█`. Long text shows its end, where typing happens. */
export function filterLine(draft: string, width: number): Line {
	const prompt = 'filter / ';
	const room = Math.max(1, width - prompt.length - 1);
	const safe = sanitizeText(draft);
	let shown = safe;
	while (lineWidth([{text: shown}]) > room) shown = [...shown].slice(1).join('');
	return padLine([{text: prompt, tone: 'accent', bold: true}, {text: shown}, {text: ' ', inverse: true}], width);
}

/** The export prompt. */
export function exportLine(title: string, rows: number, width: number): Line {
	return clipLine(
		padLine(
			[
				{text: `Export ${title} as shown (${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}): `, bold: true},
				{text: 'c', tone: 'accent', bold: true},
				{text: ' CSV  '},
				{text: 'j', tone: 'accent', bold: true},
				{text: ' JSON  '},
				{text: 'Esc', tone: 'accent', bold: true},
				{text: ' cancel'},
			],
			width,
		),
		width,
	);
}

/** `1.2 MB` etc., re-exported for components that show sizes. */
export {formatBytes};

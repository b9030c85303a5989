/**
The lines around the body: the tab bar, the status line (filter, progress, messages) and the key hint
line, plus the filter input and export prompt that take the status line's place while open.
*/
import {formatBytes} from '../../output/cells.js';
import {wrapWords} from '../../output/fit.js';
import {sanitizeText} from '../../privacy/sanitize.js';
import type {InputSummary} from '../../views/types.js';
import {VIEWS} from '../../views/registry.js';
import {keysFor, viewKeyOf, type CommandId, type KeyContext} from '../keymap.js';
import {clipLine, lineWidth, padLine, type Line, type Segment} from './lines.js';
import {inputProgress, progressBar} from './overview.js';

const SHORT_TITLES: Readonly<Record<string, string>> = {
	overview: 'Over', destinations: 'Dest', formats: 'Fmt', resolutions: 'Res', devices: 'Dev', identifiers: 'Ids', policy: 'Pol', records: 'Rec', settings: 'Set', ledger: 'Ldg', timeline: 'Time',
};

/**
`[1 Overview] 2 Destinations 11 …`: each tab with its row count (for the filter in force) when known,
short titles for the inactive tabs when narrow (then counts only where they fit), and `where` (e.g.
`12/345`) on the right.
*/
export function tabsLine(active: string, width: number, where: string, counts: Readonly<Record<string, number>> = {}): Line {
	return tabsLayout(active, width, where, counts).line;
}

/** Where a tab is on the tab bar: columns [start, end). */
export type TabSpan = {readonly view: string; readonly start: number; readonly end: number};

/** The tab bar and where each tab is on it (for the mouse: a click on a tab, or its count, shows the view). */
export function tabsLayout(active: string, width: number, where: string, counts: Readonly<Record<string, number>> = {}): {line: Line; spans: TabSpan[]} {
	// Each segment with the view it belongs to (the spaces between tabs belong to none).
	const build = (short: boolean, withCounts: boolean, lead: boolean): Array<{segment: Segment; view?: string}> => [
		...(lead ? [{segment: {text: ' '}}] : []),
		...VIEWS.flatMap((v, i) => {
			const on = v.name === active;
			// When narrow, the other tabs shorten; the active one keeps its full title.
			const title = short && !on ? (SHORT_TITLES[v.name] ?? v.title) : v.title;
			const n = viewKeyOf(i);
			const count = withCounts && counts[v.name] !== undefined && v.name !== 'overview' ? ` ${counts[v.name]!.toLocaleString('en-US')}` : '';
			return [
				...(i > 0 ? [{segment: {text: ' '}}] : []),
				{segment: {text: on ? `[${n} ${title}]` : `${n} ${title}`, inverse: on, bold: on}, view: v.name},
				...(count ? [{segment: {text: count, tone: 'muted' as const}, view: v.name}] : []),
			];
		}),
	];
	// The right-hand part (the compare side, the row position) keeps its room: counts go first, then long titles.
	const want = where ? width - where.length - 1 : width;
	const fits = (t: Array<{segment: Segment}>): boolean => lineWidth(t.map((p) => p.segment)) <= want;
	let tabs = build(false, true, true);
	if (!fits(tabs)) tabs = build(true, true, true);
	if (!fits(tabs)) tabs = build(false, false, true);
	if (!fits(tabs)) tabs = build(true, false, false);
	const segments = tabs.map((p) => p.segment);
	const spans: TabSpan[] = [];
	let x = 0;
	for (const p of tabs) {
		const w = lineWidth([p.segment]);
		const last = spans.at(-1);
		if (p.view !== undefined && x < width) {
			if (last && last.view === p.view && last.end === x) spans[spans.length - 1] = {...last, end: Math.min(width, x + w)};
			else spans.push({view: p.view, start: x, end: Math.min(width, x + w)});
		}
		x += w;
	}
	const room = width - lineWidth(segments);
	const right: Segment[] = where && room >= where.length + 1 ? [{text: `${' '.repeat(room - where.length)}${where}`, tone: 'muted'}] : [];
	return {line: padLine([...segments, ...right], width), spans};
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
	/** Set while rows are grouped by registrable domain (`z`). */
	readonly group?: 'domain' | undefined;
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
	const group: Segment[] = info.group === 'domain' ? [{text: ' · ', tone: 'muted'}, {text: 'grouped by domain', tone: 'accent', bold: true}] : [];
	return padLine([...filter, ...group, {text: ' · ', tone: 'muted'}, ...rest, ...note], width);
}

const HINTS: Readonly<Record<KeyContext, ReadonlyArray<[CommandId, string]>>> = {
	global: [],
	table: [['row.open', 'open'], ['filter.open', 'filter'], ['sort.next', 'sort'], ['sort.reverse', 'reverse'], ['columns.open', 'columns'], ['export.open', 'export'], ['app.help', 'keys'], ['nav.backOrQuit', 'back'], ['app.quit', 'quit']],
	search: [['search.apply', 'search'], ['search.cancel', 'cancel'], ['search.clearLine', 'clear']],
	save: [['save.write', 'write'], ['save.cancel', 'cancel'], ['save.clearLine', 'clear']],
	confirm: [['save.overwrite', 'replace it'], ['save.keep', 'keep it']],
	columns: [['columns.toggle', 'show/hide'], ['columns.moveUp', 'move up'], ['columns.moveDown', 'move down'], ['columns.reset', 'reset'], ['columns.close', 'done']],
	detail: [['record.next', 'next'], ['record.prev', 'prev'], ['drill.destinations', 'device→destinations'], ['drill.devices', 'host→devices'], ['drill.host', 'host→records'], ['nav.back', 'back'], ['app.quit', 'quit']],
	help: [['nav.back', 'close'], ['cursor.down', 'scroll'], ['app.quit', 'quit']],
	filter: [['filter.apply', 'apply'], ['filter.cancel', 'cancel'], ['filter.complete', 'complete'], ['filter.historyPrev', 'history'], ['filter.clearLine', 'clear'], ['filter.deleteWord', 'delete word']],
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

/** The filter input: `/ text█` (or the search input, `search \\ text█`). Long text shows its end, where typing happens. */
export function filterLine(draft: string, width: number, prompt = 'filter / '): Line {
	const room = Math.max(1, width - prompt.length - 1);
	const safe = sanitizeText(draft);
	let shown = safe;
	while (lineWidth([{text: shown}]) > room) shown = [...shown].slice(1).join('');
	return padLine([{text: prompt, tone: 'accent', bold: true}, {text: shown}, {text: ' ', inverse: true}], width);
}

/** The file name prompt: `Save as: name█`, and under it what stands in the way (the file exists, a link). */
export function saveLines(save: {readonly kind: string; readonly format: string; readonly path: string; readonly problem: string | undefined; readonly confirm: boolean}, width: number): Line[] {
	const prompt = `Save ${save.kind === 'blocklist' ? `${save.format} blocklist` : save.format.toUpperCase()} as: `;
	const room = Math.max(1, width - prompt.length - 1);
	let shown = sanitizeText(save.path);
	while (lineWidth([{text: shown}]) > room) shown = [...shown].slice(1).join('');
	const lines: Line[] = [padLine([{text: prompt, tone: 'accent', bold: true}, {text: shown}, ...(save.confirm ? [] : [{text: ' ', inverse: true}])], width)];
	if (save.problem) lines.push(...wrapWords(sanitizeText(save.problem), width).slice(0, 3).map((t) => padLine([{text: t, tone: save.confirm ? 'warn' : 'danger', bold: save.confirm}], width)));
	return lines;
}

/** The export prompt: the format of the view (w) or of the blocklist (B). */
export function exportLine(title: string, rows: number, width: number, kind: 'view' | 'blocklist' = 'view'): Line {
	if (kind === 'blocklist') {
		return padLine(
			[
				{text: 'Blocklist of the destinations shown: ', bold: true},
				...(['h hosts', 'd dnsmasq', 'a AdGuard', 'u unbound'] as const).flatMap((t) => [{text: t[0]!, tone: 'accent' as const, bold: true}, {text: `${t.slice(1)}  `}]),
				{text: 'Esc', tone: 'accent', bold: true},
				{text: ' cancel'},
			],
			width,
		);
	}
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

/** What the filter input knows about its draft while it is typed. */
export type FilterFeedback =
	| {readonly problem: string; readonly candidates: readonly string[]}
	| {readonly matched: number; readonly total: number; readonly complete: boolean; readonly candidates: readonly string[]};

/** Most lines the filter notes take from the body (a problem with the list of fields wraps). */
export const FILTER_NOTE_LINES = 4;

/**
The lines under the filter input: the problem with the draft (unknown field, empty value) with the valid
fields, or the live count of records that match it and, after Tab, the candidates.
*/
export function filterNotes(feedback: FilterFeedback, width: number): Line[] {
	const lines = (text: string, tone: Segment['tone']): Line[] => {
		const wrapped = wrapWords(sanitizeText(text), width);
		const kept = wrapped.slice(0, FILTER_NOTE_LINES);
		if (wrapped.length > FILTER_NOTE_LINES) kept[FILTER_NOTE_LINES - 1] = `${kept[FILTER_NOTE_LINES - 1]!.slice(0, Math.max(0, width - 1))}…`;
		return kept.map((t) => padLine([{text: t, tone}], width));
	};
	const out =
		'problem' in feedback
			? lines(feedback.problem, 'danger').slice(0, feedback.candidates.length > 0 ? 1 : FILTER_NOTE_LINES)
			: [padLine([{text: `${feedback.complete ? '' : '≥ '}${feedback.matched.toLocaleString('en-US')} of ${feedback.total.toLocaleString('en-US')} records match`, tone: feedback.matched === 0 ? 'warn' : 'ok'}], width)];
	if (feedback.candidates.length > 0) {
		const shown = feedback.candidates.slice(0, 40);
		const more = feedback.candidates.length - shown.length;
		out.push(...lines(`Tab: ${shown.join('  ')}${more > 0 ? `  (+${more} more)` : ''}`, 'muted').slice(0, FILTER_NOTE_LINES - 1));
	}
	return out;
}

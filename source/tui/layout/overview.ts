/**
Overview lines: what is being read (with progress), the time span, record counts, the verdict of what
left the network, parse diagnostics, and the top rows of each table. Built from the overview view's
rows (so print mode and the screen agree) plus the live input list for progress.
*/
import {formatBytes, formatTime, getDisplayZone} from '../../output/cells.js';
import {wrapWords} from '../../output/fit.js';
import {zoneLabel} from '../../model/zone.js';
import {sanitizeText} from '../../privacy/sanitize.js';
import type {InputSummary, Row} from '../../views/types.js';
import type {QueryResult} from '../../views/query.js';
import {listedInputs} from '../../views/overview.js';
import {clipLine, padLine, partyTone, percent, shareBar, type Line, type Segment, type Tone} from './lines.js';
import {fit} from './text.js';

/** How far an input has got, as text and (for files of known size) a fraction. */
export function inputProgress(input: InputSummary, size: number | undefined, elapsedMs: number): {text: string; fraction: number | undefined} {
	const records = `${input.records.toLocaleString('en-US')} records`;
	if (input.status === 'failed') return {text: `failed: ${sanitizeText(input.error ?? 'unknown error')}`, fraction: undefined};
	if (input.status === 'done') return {text: `done · ${records} · ${formatBytes(input.bytes)}`, fraction: size === undefined ? undefined : 1};
	// A followed file grows past the size it had when reading began: then there is no "of" to give.
	if (size !== undefined && size > 0 && input.bytes <= size) {
		const fraction = Math.min(1, input.bytes / size);
		return {text: `${records} · ${formatBytes(input.bytes)} of ${formatBytes(size)}`, fraction};
	}
	const seconds = elapsedMs / 1000;
	const rate = seconds > 0.5 ? Math.round(input.records / seconds) : 0;
	return {text: `${records} · ${rate.toLocaleString('en-US')}/s · ${formatBytes(input.bytes)} read`, fraction: undefined};
}

/** A progress bar with its percentage: `▕████░░░░▏  45%`. */
export function progressBar(fraction: number, width: number): string {
	return `▕${shareBar(fraction, Math.max(1, width))}▏${percent(fraction)}`;
}

/** What an overview line leads to: a "Top …" title its view, one of its top rows that row of the view. */
export type OverviewTarget = {readonly view: string; readonly row?: Row};

export type TopTable = {readonly title: string; readonly derived: QueryResult};

export type OverviewData = {
	/** Rows of the overview view (filtered when a filter is active). */
	readonly rows: readonly Row[];
	readonly inputs: readonly InputSummary[];
	readonly sizes: ReadonlyMap<string, number | undefined>;
	readonly elapsedMs: number;
	readonly tops: readonly TopTable[];
	readonly filter: string;
};

const TOP_ROWS = 5;
const LABEL = 13;

function text(row: Row, key: string): string {
	const v = row[key];
	return typeof v === 'string' ? sanitizeText(v) : v === undefined ? '' : String(v);
}

function topLabel(view: string, row: Row): Segment[] {
	switch (view) {
		case 'destinations':
			return [{text: text(row, 'host')}, {text: ' '}, {text: text(row, 'party'), tone: partyTone(row['party'])}, {text: ` ${text(row, 'organization')}`, tone: 'muted'}];
		case 'formats':
			return [{text: [text(row, 'container'), text(row, 'videoCodec'), text(row, 'audioCodec')].join(' / ')}];
		case 'resolutions':
			return [{text: text(row, 'resolution')}];
		case 'devices':
			return [{text: [text(row, 'product'), text(row, 'platform'), text(row, 'device')].join(' · ')}];
		default:
			return [{text: ''}];
	}
}

function labelled(label: string, value: Segment[], tone?: Tone): Line {
	return [{text: fit(label, LABEL), bold: true, tone: tone ?? 'title'}, ...value];
}

/** Every overview line, fitted to `width`. */
export function overviewLines(data: OverviewData, width: number): Line[] {
	return overviewLayout(data, width).lines;
}

/**
The overview's lines, and what each leads to for the mouse (a double click opens it): a "Top …" title
its view, a top row that row (its records, as Enter on it in its view).
*/
export function overviewLayout(data: OverviewData, width: number): {lines: Line[]; targets: Array<OverviewTarget | undefined>} {
	const lines: Line[] = [];
	const targets: Array<OverviewTarget | undefined> = [];
	const section = (key: string): Row[] => data.rows.filter((r) => r['section'] === key);
	const value = (key: string, item: string): string => text(section(key).find((r) => r['item'] === item) ?? {}, 'value');

	lines.push([{text: 'Inputs', bold: true, tone: 'title'}]);
	if (data.inputs.length === 0) lines.push([{text: '  (waiting for input)', tone: 'muted'}]);
	const {listed, rest} = listedInputs(data.inputs);
	const nameWidth = Math.min(32, Math.max(8, ...listed.map((i) => i.name.length)));
	for (const input of listed) {
		const progress = inputProgress(input, data.sizes.get(input.name), data.elapsedMs);
		const parts: Segment[] = [{text: `  ${fit(sanitizeText(input.name), nameWidth)}  `}, {text: fit(input.format ?? (input.status === 'reading' ? '…' : 'none'), 10), tone: 'accent'}];
		if (progress.fraction !== undefined && input.status === 'reading') parts.push({text: ` ${progressBar(progress.fraction, 12)}`, tone: 'accent'});
		parts.push({text: `  ${progress.text}`, tone: input.status === 'failed' ? 'danger' : input.status === 'reading' ? 'warn' : undefined});
		lines.push(parts);
	}
	if (rest) lines.push([{text: `  ${rest}`, tone: 'muted'}]);
	lines.push([]);
	lines.push(labelled('Time span', [{text: `${value('time', 'span').split(' → ').map(formatTime).join(' → ')} (${zoneLabel(getDisplayZone())})`}]));
	const counts = ['requests', 'playback', 'devices'].map((k) => `${value('records', k) || '0'} ${k === 'devices' ? 'device records' : k}`).join(' · ');
	lines.push(labelled('Records', [{text: counts}, ...(data.filter ? [{text: `  (filter: ${data.filter})`, tone: 'accent' as const}] : [])]));
	// Who received something that identifies you comes first, then what left the network at all.
	const verdictText = [value('verdict', 'identifiers'), value('verdict', 'left the network')].filter(Boolean);
	verdictText.forEach((sentence, k) =>
		wrapWords(sentence, Math.max(10, width - LABEL)).forEach((part, i) => lines.push(labelled(k === 0 && i === 0 ? 'Verdict' : '', [{text: part, bold: true, tone: k === 0 && !sentence.startsWith('No ') ? 'danger' : 'warn'}]))),
	);
	const diagnostics = section('diagnostics');
	lines.push(labelled('Diagnostics', [{text: value('diagnostics', 'total')}]));
	for (const d of diagnostics.filter((r) => r['item'] !== 'total').slice(0, 5)) {
		const message = text(d, 'value');
		lines.push([{text: `  ${text(d, 'item')}  `, tone: 'muted'}, {text: message, tone: message.startsWith('error') ? 'danger' : 'warn'}]);
	}
	const more = diagnostics.length - 1 - 5;
	if (more > 0) lines.push([{text: `  … ${more.toLocaleString('en-US')} more (print mode: --view overview)`, tone: 'muted'}]);

	const barWidth = width >= 100 ? 16 : 8;
	const labelWidth = Math.max(10, Math.min(60, width - 2 - 2 - 9 - 2 - barWidth - 5));
	for (const top of data.tops) {
		lines.push([]);
		const count = top.derived.rows.length;
		targets[lines.length] = {view: top.derived.view.name};
		lines.push([{text: `Top ${top.title.toLowerCase()}`, bold: true, tone: 'title'}, {text: `  ${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'}`, tone: 'muted'}]);
		if (count === 0) lines.push([{text: '  (none)', tone: 'muted'}]);
		const key = top.derived.view.countKey;
		for (const row of top.derived.rows.slice(0, TOP_ROWS)) {
			const n = key ? row[key] : undefined;
			const share = typeof n === 'number' && top.derived.countTotal > 0 ? n / top.derived.countTotal : 0;
			targets[lines.length] = {view: top.derived.view.name, row};
			lines.push([
				{text: '  '},
				...padLine(topLabel(top.derived.view.name, row), labelWidth),
				{text: `  ${fit(typeof n === 'number' ? n.toLocaleString('en-US') : '', 9, 'right')}  `},
				{text: `${shareBar(share, barWidth)} ${percent(share)}`, tone: 'accent'},
			]);
		}
	}
	return {lines: lines.map((l) => clipLine(l, width)), targets: Array.from({length: lines.length}, (_, i) => targets[i])};
}

/**
Before and after: what changed between two captures (or a capture and a saved baseline).

Each side is first reduced to a summary (`summarize`): the rows of the compared views, from the query
layer, with identifying values always masked, and the side's time span. A saved baseline is such a
summary (source/views/baseline.ts), so capture ↔ capture and baseline ↔ capture are one comparison.
`diffSummaries` is pure over two summaries: every row of every compared view is `new`, `gone`,
`changed` or `same`, with its count columns before and after, requests per hour on each side, what
changed in words, and a caveat when a row is new (or gone) only because one side covers more time.
Rows are ordered by significance: new third parties and new identifiers first, sameness last.
*/
import type {QueryEngine} from './query.js';
import {filterValue} from './filter.js';
import type {CellValue, Column, GroupView, Row} from './types.js';

// ---- what is compared ---------------------------------------------------------------------------------

export type DiffSpec = {
	/** The compared view (`categories` is derived from destinations). */
	readonly name: string;
	readonly title: string;
	/** Columns that name a row (its identity on both sides). */
	readonly keys: readonly string[];
	/** Descriptive columns: compared (a list that gains or loses items is a change) and shown. */
	readonly info: readonly string[];
	/** Count columns: before, after and delta. The first is the one rates and significance use. */
	readonly counts: readonly string[];
	/** A row's identity when the key columns are not it (a device is its client id when it has one). */
	readonly identity?: (row: SummaryRow) => string;
	/** The filter that narrows either side's records to a row (drill-down in compare mode). */
	readonly drill?: (row: Row) => string | undefined;
};

const term = (field: string, value: CellValue): string | undefined => (typeof value === 'string' && value !== '' ? `${field}:=${filterValue(value)}` : undefined);

export const DIFF_SPECS: readonly DiffSpec[] = [
	{name: 'destinations', title: 'Destinations', keys: ['host'], info: ['organization', 'category', 'party', 'identifiers', 'period'], counts: ['requests', 'blocked', 'bytesSent', 'bytesReceived'], drill: (r) => term('host', r['host'])},
	{name: 'categories', title: 'Categories (outside the network)', keys: ['category'], info: [], counts: ['requests', 'hosts'], drill: (r) => (term('category', r['category']) ? `${term('category', r['category'])!} !party:first` : undefined)},
	{name: 'ledger', title: 'Identifier ledger', keys: ['identifier', 'kind', 'organization'], info: ['party', 'carriedAs', 'encodings', 'hosts'], counts: ['requests'], drill: (r) => term('identifier', r['identifier'])},
	{name: 'identifiers', title: 'Identifiers', keys: ['value', 'kind'], info: ['names', 'destinations'], counts: ['count', 'offsite'], drill: (r) => term('identifier', r['value'])},
	{name: 'formats', title: 'Formats', keys: ['container', 'videoCodec', 'audioCodec'], info: [], counts: ['count', 'transcodes']},
	{name: 'resolutions', title: 'Resolutions', keys: ['resolution'], info: [], counts: ['count']},
	{name: 'devices', title: 'Devices', keys: ['product', 'platform', 'device'], info: ['clientId'], counts: ['count', 'destinations'], identity: (r) => (typeof r['clientId'] === 'string' && r['clientId'] !== '' ? `id ${r['clientId']}` : JSON.stringify([r['product'], r['platform'], r['device']])), drill: (r) => term('deviceid', r['clientId'])},
	{name: 'policy', title: 'Policy', keys: ['category'], info: ['hosts', 'fields'], counts: ['records'], drill: (r) => term('policy', r['category'])},
];

export const DIFF_VIEW_NAMES: readonly string[] = DIFF_SPECS.map((s) => s.name);

// ---- summaries -----------------------------------------------------------------------------------------

export type SummaryValue = string | number | string[] | null;
export type SummaryRow = Record<string, SummaryValue>;

/** One side, reduced to what a comparison needs. Holds masks, never raw identifying values. */
export type Summary = {
	readonly inputs: ReadonlyArray<{readonly name: string; readonly format: string | null; readonly records: number}>;
	readonly records: number;
	/** First and last record time (ISO), and the hours the inputs cover (each input from its first to its last record, overlaps once); null when no record had a time. */
	readonly first: string | null;
	readonly last: string | null;
	readonly hours: number | null;
	readonly views: Readonly<Record<string, readonly SummaryRow[]>>;
};

const summaryValue = (v: CellValue): SummaryValue => (v === undefined ? null : typeof v === 'boolean' ? String(v) : Array.isArray(v) ? [...v] : (v as string | number));

function pick(row: Row, spec: DiffSpec): SummaryRow {
	const out: SummaryRow = {};
	for (const k of [...spec.keys, ...spec.info, ...spec.counts]) out[k] = summaryValue(row[k]);
	return out;
}

/**
A side's summary from its query engine: the rows of every compared view under `filter`, and the span
of its records. The engine's store must have been read without `--show-secrets` (values masked): a
summary is printed and saved as it is.
*/
export function summarize(engine: QueryEngine, filter = ''): Summary {
	const views: Record<string, SummaryRow[]> = {};
	for (const spec of DIFF_SPECS) {
		if (spec.name === 'categories') continue;
		let rows = engine.rows(spec.name, filter).map((r) => pick(r, spec));
		if (spec.name === 'policy') rows = rows.filter((r) => (r['records'] as number) > 0);
		views[spec.name] = rows;
	}
	// Categories of what left the network: destinations that are not the user's own, summed.
	const categories = new Map<string, {requests: number; hosts: number}>();
	for (const d of views['destinations']!) {
		if (d['party'] === 'first') continue;
		const c = categories.get(d['category'] as string) ?? {requests: 0, hosts: 0};
		c.requests += d['requests'] as number;
		c.hosts++;
		categories.set(d['category'] as string, c);
	}
	views['categories'] = [...categories].map(([category, c]) => ({category, requests: c.requests, hosts: c.hosts}));
	let first = Number.POSITIVE_INFINITY;
	let last = Number.NEGATIVE_INFINITY;
	let records = 0;
	const {store} = engine;
	const time = store.time;
	// Each input's own span: a side of two logs a year apart covers their two spans, not the year between.
	const spans = new Map<number, {from: number; to: number}>();
	for (const i of engine.recordIndices(filter)) {
		records++;
		const t = time.get(i);
		if (Number.isNaN(t)) continue;
		if (t < first) first = t;
		if (t > last) last = t;
		const input = store.inputId.get(i);
		const s = spans.get(input);
		if (!s) spans.set(input, {from: t, to: t});
		else {
			if (t < s.from) s.from = t;
			if (t > s.to) s.to = t;
		}
	}
	const timed = Number.isFinite(first);
	return {
		inputs: engine.store.inputs.map((i) => ({name: i.name, format: i.format ?? null, records: i.records})),
		records,
		first: timed ? new Date(first).toISOString() : null,
		last: timed ? new Date(last).toISOString() : null,
		hours: timed ? coveredMs([...spans.values()]) / 3_600_000 : null,
		views,
	};
}

/** The length of the union of intervals (overlapping inputs count once). */
export function coveredMs(spans: ReadonlyArray<{readonly from: number; readonly to: number}>): number {
	const sorted = [...spans].sort((a, b) => a.from - b.from);
	let total = 0;
	let end = Number.NEGATIVE_INFINITY;
	for (const {from, to} of sorted) {
		if (to <= end) continue;
		total += to - Math.max(from, end);
		end = to;
	}
	return total;
}

// ---- the comparison ------------------------------------------------------------------------------------

export type Change = 'new' | 'gone' | 'changed' | 'same';
export const CHANGES: readonly Change[] = ['new', 'gone', 'changed', 'same'];

export type DiffRow = {
	readonly view: string;
	readonly change: Change;
	/** The key columns, and the descriptive columns (after's where the row is on both sides). */
	readonly keys: Readonly<Record<string, SummaryValue>>;
	readonly info: Readonly<Record<string, SummaryValue>>;
	/** The descriptive columns as BEFORE had them (null for a new row). */
	readonly infoBefore: Readonly<Record<string, SummaryValue>> | null;
	/** Count columns on each side; null on the side the row is absent from. */
	readonly before: Readonly<Record<string, number>> | null;
	readonly after: Readonly<Record<string, number>> | null;
	/** The first count column per hour of the side's span; null without a span. */
	readonly beforePerHour: number | null;
	readonly afterPerHour: number | null;
	/** What changed, in words: `+X-Plex-Token (secret)`, `requests per hour ×2.1`, `category vendor-api → ads`. */
	readonly notes: readonly string[];
	/** Why a new or gone row may only reflect the sides' different lengths. */
	readonly caveat: string | null;
	/** Lower is more significant. */
	readonly significance: number;
	/** New-identifier and new-third-party findings this row stands for (for `--fail-on`). */
	readonly flags: readonly DiffFlag[];
};

export type DiffFlag = 'new-destination' | 'new-third-party' | 'new-identifier' | 'new-policy-category' | 'category-up';

export type SideInfo = {
	readonly inputs: readonly string[];
	readonly records: number;
	readonly first: string | null;
	readonly last: string | null;
	readonly hours: number | null;
};

export type DiffResult = {
	readonly before: SideInfo;
	readonly after: SideInfo;
	/** Rows per compared view, in significance order. */
	readonly views: ReadonlyArray<{readonly spec: DiffSpec; readonly rows: readonly DiffRow[]}>;
	/** Counts of new, gone, changed and same rows over all views. */
	readonly counts: Readonly<Record<Change, number>>;
	/** Plain-language caveats about the comparison as a whole (very different spans, no times). */
	readonly caveats: readonly string[];
};

/** A rate must change by this factor (up or down) to be a change … */
export const RATE_FACTOR = 1.5;
/** … and the count by at least this much (one or two requests more is noise). */
export const MIN_COUNT_DELTA = 3;
/** … and differ by more than chance (standard deviations, see beyondChance). */
export const Z_MIN = 2;
/** A row on one side only is caveated when the other side would have been expected to see fewer than this many. */
const EXPECTED_MIN = 3;

const keyOf = (row: SummaryRow, spec: DiffSpec): string => spec.identity?.(row) ?? JSON.stringify(spec.keys.map((k) => row[k] ?? null));
const asList = (v: SummaryValue | undefined): string[] | undefined => (Array.isArray(v) ? v : undefined);
const num = (v: SummaryValue | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** `10 min`, `2.5 h`, `3.2 days`. */
export function formatHours(hours: number): string {
	if (hours < 1 / 60) return `${Math.round(hours * 3600)} s`;
	if (hours < 1) return `${Math.round(hours * 60)} min`;
	if (hours < 48) return `${Number(hours.toFixed(1))} h`;
	return `${Number((hours / 24).toFixed(1))} days`;
}

const formatRate = (r: number): string => (r >= 10 ? String(Math.round(r)) : r >= 0.01 || r === 0 ? String(Number(r.toFixed(2))) : String(Number(r.toPrecision(1))));

function counts(row: SummaryRow, spec: DiffSpec): Record<string, number> {
	return Object.fromEntries(spec.counts.map((c) => [c, num(row[c])]));
}

/** Names of identifiers (`name (kind)`) a destination received that say something about someone. */
const identifyingLabels = (list: readonly string[] | undefined): string[] => (list ?? []).filter((l) => !l.endsWith('(device)'));

function sideInfo(s: Summary): SideInfo {
	return {inputs: s.inputs.map((i) => i.name), records: s.records, first: s.first, last: s.last, hours: s.hours};
}

/**
Compare two summaries. Rates (the first count column per hour) decide `changed` when both sides have a
time span; otherwise raw counts do. A row's descriptive lists gaining or losing items (a destination
receiving a new identifier, a policy category with a new field) is a change too.
*/
export function diffSummaries(before: Summary, after: Summary): DiffResult {
	const hb = before.hours !== null && before.hours > 0 ? before.hours : null;
	const ha = after.hours !== null && after.hours > 0 ? after.hours : null;
	const rated = hb !== null && ha !== null;
	const caveats: string[] = [];
	if (!rated) caveats.push('Counts are compared as they are: at least one side has no time span, so no per-hour rates.');
	else if (Math.max(hb, ha) / Math.min(hb, ha) >= 2)
		caveats.push(`The sides cover different lengths of time (before ${formatHours(hb)}, after ${formatHours(ha)}): counts are compared per hour, and rows seen on one side only are caveated where the other side was too short to expect them.`);

	// Identifier names each organisation received before (a new value under a known name is a rotated value).
	const namesBefore = new Set<string>();
	for (const d of before.views['destinations'] ?? []) for (const l of identifyingLabels(asList(d['identifiers']))) namesBefore.add(`${String(d['organization'])}\u0000${l}`);
	const carriedBefore = new Set<string>();
	for (const l of before.views['ledger'] ?? []) for (const c of asList(l['carriedAs']) ?? []) carriedBefore.add(`${String(l['organization'])}\u0000${String(l['kind'])}\u0000${c}`);

	const views = DIFF_SPECS.map((spec) => {
		const rows: DiffRow[] = [];
		const b = new Map((before.views[spec.name] ?? []).map((r) => [keyOf(r, spec), r]));
		const a = new Map((after.views[spec.name] ?? []).map((r) => [keyOf(r, spec), r]));
		const primary = spec.counts[0]!;
		const perHour = (row: SummaryRow | undefined, hours: number | null): number | null => (row && hours !== null ? Math.round((num(row[primary]) / hours) * 1000) / 1000 : null);
		const keysOf = (row: SummaryRow): Record<string, SummaryValue> => Object.fromEntries(spec.keys.map((k) => [k, row[k] ?? null]));
		const infoOf = (row: SummaryRow): Record<string, SummaryValue> => Object.fromEntries(spec.info.map((k) => [k, row[k] ?? null]));

		/** On one side only: is that only because the other side is shorter? */
		const caveatFor = (row: SummaryRow, here: number | null, there: number | null, side: 'before' | 'after'): string | null => {
			if (here === null || there === null || there >= here * 0.9) return null;
			const rate = num(row[primary]) / here;
			const expected = rate * there;
			if (expected >= EXPECTED_MIN) return null;
			const other = side === 'after' ? 'before' : 'after';
			return `only ${side}, which covers ${formatHours(here)} against ${formatHours(there)}: at ${formatRate(rate)} ${primary}/h, ${other} would be expected to see ~${formatRate(expected)}`;
		};

		for (const [key, row] of a) {
			const old = b.get(key);
			if (!old) {
				const flags: DiffFlag[] = [];
				let significance = 3;
				const notes: string[] = [];
				if (spec.name === 'destinations') {
					flags.push('new-destination');
					significance = row['party'] === 'third' ? 0 : 1;
					if (row['party'] === 'third') flags.push('new-third-party');
					// Identifiers the user's own server receives never left the network.
					const fresh = row['party'] === 'first' ? [] : identifyingLabels(asList(row['identifiers'])).filter((l) => !namesBefore.has(`${String(row['organization'])}\u0000${l}`));
					if (fresh.length > 0) {
						flags.push('new-identifier');
						notes.push(`receives ${fresh.join(', ')}`);
						significance = 0;
					}
				} else if (spec.name === 'ledger') {
					const known = (asList(row['carriedAs']) ?? []).every((c) => carriedBefore.has(`${String(row['organization'])}\u0000${String(row['kind'])}\u0000${c}`));
					if (known) notes.push('a new value under names this organisation received before (a value that changes between sessions?)');
					else {
						flags.push('new-identifier');
						significance = 0;
					}
				} else if (spec.name === 'policy') {
					flags.push('new-policy-category');
					significance = 1;
				} else if (spec.name === 'identifiers' && num(row['offsite']) > 0) significance = 2;
				rows.push({view: spec.name, change: 'new', keys: keysOf(row), info: infoOf(row), infoBefore: null, before: null, after: counts(row, spec), beforePerHour: null, afterPerHour: perHour(row, ha), notes, caveat: caveatFor(row, ha, hb, 'after'), significance, flags});
				continue;
			}
			const notes: string[] = [];
			const flags: DiffFlag[] = [];
			let significance = 6;
			for (const k of spec.info) {
				const x = old[k] ?? null;
				const y = row[k] ?? null;
				const xs = asList(x);
				const ys = asList(y);
				if (xs || ys) {
					const added = (ys ?? []).filter((v) => !(xs ?? []).includes(v));
					const removed = (xs ?? []).filter((v) => !(ys ?? []).includes(v));
					if (added.length > 0) notes.push(`${k} +${added.join(', +')}`);
					if (removed.length > 0) notes.push(`${k} −${removed.join(', −')}`);
					if (spec.name === 'destinations' && k === 'identifiers') {
						const fresh = row['party'] === 'first' ? [] : identifyingLabels(added).filter((l) => !namesBefore.has(`${String(row['organization'])}\u0000${l}`));
						if (fresh.length > 0) {
							flags.push('new-identifier');
							significance = 0;
						}
					}
					if (added.length + removed.length > 0) significance = Math.min(significance, 4);
				} else if (k !== 'period' && x !== y) {
					notes.push(`${k} ${String(x)} → ${String(y)}`);
					significance = Math.min(significance, 2);
				}
			}
			const pb = perHour(old, hb);
			const pa = perHour(row, ha);
			const cb = num(old[primary]);
			const ca = num(row[primary]);
			const x = rated ? pb! : cb;
			const y = rated ? pa! : ca;
			const up = y >= x * RATE_FACTOR;
			const down = x >= y * RATE_FACTOR;
			if ((up || down) && Math.abs(ca - cb) >= MIN_COUNT_DELTA && beyondChance(cb, ca, rated ? hb! : 1, rated ? ha! : 1)) {
				notes.push(`${primary}${rated ? ' per hour' : ''} ${x === 0 ? 'from none' : `×${formatRate(y / x)}`} (${formatRate(x)} → ${formatRate(y)})`);
				significance = Math.min(significance, 4);
				if (up && spec.name === 'categories') {
					flags.push('category-up');
					significance = Math.min(significance, 2);
				}
			}
			const change: Change = notes.length > 0 ? 'changed' : 'same';
			rows.push({view: spec.name, change, keys: keysOf(row), info: infoOf(row), infoBefore: infoOf(old), before: counts(old, spec), after: counts(row, spec), beforePerHour: pb, afterPerHour: pa, notes, caveat: null, significance, flags});
		}
		for (const [key, row] of b) {
			if (a.has(key)) continue;
			rows.push({view: spec.name, change: 'gone', keys: keysOf(row), info: infoOf(row), infoBefore: infoOf(row), before: counts(row, spec), after: null, beforePerHour: perHour(row, hb), afterPerHour: null, notes: [], caveat: caveatFor(row, hb, ha, 'before'), significance: 5, flags: []});
		}
		const weight = (r: DiffRow): number => Math.abs(num(r.after?.[primary] ?? 0) - num(r.before?.[primary] ?? 0));
		rows.sort((x, y) => x.significance - y.significance || weight(y) - weight(x) || keyText(x).localeCompare(keyText(y)));
		return {spec, rows};
	});
	const total: Record<Change, number> = {new: 0, gone: 0, changed: 0, same: 0};
	for (const v of views) for (const r of v.rows) total[r.change]++;
	return {before: sideInfo(before), after: sideInfo(after), views, counts: total, caveats};
}

/**
Whether counts `cb` over `hb` hours and `ca` over `ha` differ by more than chance: under equal rates each
of the n = cb + ca events falls on the after side with p = ha / (hb + ha); the after count must lie more
than Z_MIN standard deviations from n·p. Two requests in a ten-minute capture against sixteen in two
hours is no change; sixty against a hundred and twenty in the same hour is.
*/
export function beyondChance(cb: number, ca: number, hb: number, ha: number): boolean {
	const n = cb + ca;
	const p = ha / (hb + ha);
	const sd = Math.sqrt(n * p * (1 - p));
	return sd === 0 ? cb !== ca : Math.abs(ca - n * p) / sd >= Z_MIN;
}

const keyText = (r: DiffRow): string => Object.values(r.keys).map(String).join(' ');

// ---- the gate ------------------------------------------------------------------------------------------

export const DIFF_GATES: readonly DiffFlag[] = ['new-destination', 'new-third-party', 'new-identifier', 'new-policy-category', 'category-up'];

/** A `--fail-on` list (comma-separated) of these kinds, or what is wrong with it. The audit's gates are read by it too. */
export function parseFailOn<K extends string>(text: string, kinds: readonly K[]): {gates: K[]} | {error: string} {
	const gates: K[] = [];
	for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
		if (!(kinds as readonly string[]).includes(part)) return {error: `--fail-on: unknown kind "${part}"; kinds: ${kinds.join(', ')}`};
		gates.push(part as K);
	}
	if (gates.length === 0) return {error: `--fail-on needs at least one of ${kinds.join(', ')}`};
	return {gates};
}

export const parseDiffGates = (text: string): {gates: DiffFlag[]} | {error: string} => parseFailOn(text, DIFF_GATES);

/** The summary lines for the gates that tripped (one per gate); empty when none did. */
export function checkDiffGates(gates: readonly DiffFlag[], result: DiffResult): string[] {
	const out: string[] = [];
	for (const gate of gates) {
		const hits = result.views.flatMap((v) => v.rows.filter((r) => r.flags.includes(gate)));
		if (hits.length === 0) continue;
		const named = hits.slice(0, 10).map((h) => `${keyText(h)}${gate === 'new-identifier' ? ` (${h.view})` : ''}${h.caveat ? ' (caveat: seen on the longer side only)' : ''}`);
		out.push(`${gate}: ${hits.length}: ${named.join('; ')}${hits.length > 10 ? '; …' : ''}`);
	}
	return out;
}

// ---- as printable views --------------------------------------------------------------------------------

const noStore = (): never => {
	throw new Error('a diff view is printed from its rows, not folded from a store');
};

/** The sides as a printable view: inputs, span, records and rate. */
export function sidesView(result: DiffResult): {view: GroupView<Row>; rows: Row[]} {
	const columns: Array<Column<Row>> = [
		{key: 'side', header: 'Side', kind: 'text'},
		{key: 'inputs', header: 'Inputs', kind: 'list'},
		{key: 'first', header: 'First', kind: 'time'},
		{key: 'last', header: 'Last', kind: 'time'},
		{key: 'span', header: 'Span', kind: 'text'},
		{key: 'records', header: 'Records', kind: 'number'},
		{key: 'perHour', header: 'Per hour', kind: 'number'},
	];
	const row = (side: string, s: SideInfo): Row => ({
		side,
		inputs: s.inputs,
		first: s.first ?? undefined,
		last: s.last ?? undefined,
		span: s.hours === null ? 'no times' : formatHours(s.hours),
		records: s.records,
		perHour: s.hours ? Math.round(s.records / s.hours) : undefined,
	});
	return {view: {kind: 'group', name: 'sides', title: 'Before and after', description: 'the two sides compared', columns, create: noStore}, rows: [row('before', result.before), row('after', result.after)]};
}

/**
A compared view as a flat printable view: change, keys, descriptive columns, each count before/after/delta,
rates, notes. `compact` (tables for people) keeps the first count and the descriptive columns that are not lists.
*/
export function flatDiffView(spec: DiffSpec, rows: readonly DiffRow[], compact = false): {view: GroupView<Row>; rows: Row[]} {
	const isList = (k: string): boolean => ['identifiers', 'carriedAs', 'encodings', 'hosts', 'names', 'destinations', 'fields'].includes(k);
	const counted = compact ? spec.counts.slice(0, 1) : spec.counts;
	const columns: Array<Column<Row>> = [
		{key: 'change', header: 'Change', kind: 'text', priority: 0, minWidth: 7, maxWidth: 7},
		...spec.keys.map((k): Column<Row> => ({key: k, header: k, kind: 'text', priority: 0, minWidth: 8, maxWidth: 40})),
		...spec.info.filter((k) => !compact || !isList(k)).map((k): Column<Row> => ({key: k, header: k, kind: isList(k) ? 'list' : 'text', priority: 3})),
		...counted.flatMap((c, n): Array<Column<Row>> => [
			{key: `before_${c}`, header: `${c} before`, kind: c.startsWith('bytes') ? 'bytes' : 'number', priority: n === 0 ? 1 : 4},
			{key: `after_${c}`, header: `${c} after`, kind: c.startsWith('bytes') ? 'bytes' : 'number', priority: n === 0 ? 1 : 4},
			{key: `delta_${c}`, header: `Δ ${c}`, kind: 'number', priority: n === 0 ? 1 : 4},
		]),
		{key: 'beforePerHour', header: '/h before', kind: 'number', priority: 2},
		{key: 'afterPerHour', header: '/h after', kind: 'number', priority: 2},
		{key: 'note', header: 'What changed', kind: 'text', priority: 1, minWidth: 12, maxWidth: 80},
	];
	const cell = (v: SummaryValue): CellValue => (v === null ? undefined : v);
	const rate = (v: number | null): number | undefined => (v === null ? undefined : Number(v.toFixed(v >= 10 ? 0 : 2)));
	const flat = rows.map((r): Row => {
		const out: Record<string, CellValue> = {change: r.change};
		for (const [k, v] of Object.entries(r.keys)) out[k] = cell(v);
		for (const [k, v] of Object.entries(r.info)) out[k] = cell(v);
		for (const c of counted) {
			out[`before_${c}`] = r.before?.[c];
			out[`after_${c}`] = r.after?.[c];
			out[`delta_${c}`] = (r.after?.[c] ?? 0) - (r.before?.[c] ?? 0);
		}
		out['beforePerHour'] = rate(r.beforePerHour);
		out['afterPerHour'] = rate(r.afterPerHour);
		out['note'] = [...r.notes, ...(r.caveat ? [`caveat: ${r.caveat}`] : [])].join('; ') || undefined;
		return out;
	});
	// A row that names nothing to narrow by drills nowhere: `drill` gives undefined, which the UI takes as no drill.
	return {view: {kind: 'group', name: spec.name, title: `${spec.title}: before → after`, description: `${spec.name} compared`, columns, create: noStore, ...(spec.drill ? {drill: spec.drill as (row: Row) => string} : {})}, rows: flat};
}

/** A diff row as JSON: the view's key columns, `change`, `before` and `after` count objects (with `perHour`), notes and caveat. */
export function diffRowJson(r: DiffRow): Record<string, unknown> {
	return {
		change: r.change,
		...r.keys,
		...r.info,
		before: r.before ? {...r.before, perHour: r.beforePerHour} : null,
		after: r.after ? {...r.after, perHour: r.afterPerHour} : null,
		notes: r.notes,
		caveat: r.caveat,
	};
}

/** The whole diff as JSON (`--output json`, and for a report): sides, counts, caveats, and the rows of the chosen views. */
export function diffDocument(result: DiffResult, views: readonly string[] = DIFF_VIEW_NAMES): Record<string, unknown> {
	return {
		before: result.before,
		after: result.after,
		counts: result.counts,
		caveats: result.caveats,
		views: Object.fromEntries(result.views.filter((v) => views.includes(v.spec.name)).map((v) => [v.spec.name, v.rows.map(diffRowJson)])),
	};
}

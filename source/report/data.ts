/**
The evidence report's content, gathered from the query layer: every table is a view's rows (or a view's
rows narrowed by a filter), every count is a QueryEngine count. This module chooses, orders and
captions; it never groups or counts records itself, so the report and the tables on screen, in CSV and
in `--print` cannot disagree. Rendering (HTML, Markdown) is `html.ts` and `markdown.ts`; reading files
(hashes, the chart library) is the CLI's job.

What a reader needs to check the report, and where it comes from:
  verdict            overview view (section `verdict`), third parties from the destinations view, the
                     identifiers that reached them from the ledger view (filter `party:third`);
  destinations       destinations view, one table per party, with `labelSource` (where the label comes from);
  identifiers        ledger view (every identifier that left, per organisation), identifiers view;
  policy             policy view: per category its fields with (masked) values and the file:line / HAR entry;
  formats …          formats, resolutions, devices and settings views;
  inputs             the store's input summaries (as the overview shows them: format, size, records, and
                     the first and last record time) and the CLI's SHA-256 of each file;
  diagnostics        overview view (section `diagnostics`);
  charts             QueryEngine counts (requests per category and party); the timeline view when present.
*/
import {createHash} from 'node:crypto';
import {POLICY_RULES} from '../classify/policy-rules.js';
import type {HostRule} from '../classify/rules.js';
import {categorySchema, partySchema, type Party} from '../model/records.js';
import type {QueryEngine} from '../views/query.js';
import {findView} from '../views/registry.js';
import type {CellValue, Column, Row} from '../views/types.js';

/** Rows shown per table; beyond it the table says how many it left out and how to get them all. */
export const MAX_TABLE_ROWS = 5000;

export type ReportTable = {
	/** Anchor id (from this module, never from input). */
	readonly id: string;
	readonly title: string;
	/** The view the rows come from, and the filter that narrowed it: a reader can ask the CLI for the same rows. */
	readonly view: string;
	readonly filter: string;
	readonly columns: ReadonlyArray<Column<Row>>;
	readonly rows: readonly Row[];
	/** Rows the view has (more than `rows` when capped). */
	readonly total: number;
	/** What an empty table means. */
	readonly empty: string;
	/** The command that prints the same rows, when it is not `--print --view VIEW [--filter F]`. */
	readonly command?: string;
};

export type ChartSeries = {readonly label: string; readonly values: ReadonlyArray<number | null>};

/**
A chart's data, shaped for uPlot: `bars` has one x position per label; `time` has x as epoch seconds
(the timeline view: requests per time bucket per category or destination).
*/
export type ReportChart = {
	readonly id: string;
	readonly title: string;
	readonly kind: 'bars' | 'time';
	readonly labels: readonly string[];
	readonly x: readonly number[];
	readonly series: readonly ChartSeries[];
	/** What the y axis counts. */
	readonly unit: string;
	/** Where the numbers come from, said under the chart. */
	readonly source: string;
};

export type ReportInput = {
	readonly name: string;
	readonly format: string;
	readonly bytes: number;
	readonly records: number;
	readonly status: string;
	/** Hex SHA-256 of the bytes as read (files, stdin); undefined when the input was not read to its end. */
	readonly sha256: string | undefined;
	readonly from: string | undefined;
	readonly to: string | undefined;
};

export type ReportMeta = {
	readonly tool: {readonly name: string; readonly version: string};
	/** ISO time the report was made (fixed in tests). */
	readonly generatedAt: string;
	/** Hashes of the inputs by input name. */
	readonly sha256: ReadonlyMap<string, string>;
	/** The host rules the classifier used (built-in and the user's), to fingerprint them. */
	readonly rules: readonly HostRule[];
	/** Tracker databases asked, as `name version`. */
	readonly trackerDbs: readonly string[];
	/** `--rules FILE`, when given. */
	readonly userRules: string | undefined;
	readonly showSecrets: boolean;
	/** `--show-identifiers` (or `--show-secrets`): identifiers and personal data unmasked. */
	readonly showIdentifiers: boolean;
	/** The inputs as given on the command line (a folder, `-`), for the title; the files read are in `inputs`. */
	readonly arguments: readonly string[];
};

export type ReportData = {
	readonly title: string;
	readonly meta: ReportMeta;
	/** A short fingerprint of the rules and policy categories (same fingerprint: same labels for the same input). */
	readonly rulesFingerprint: string;
	readonly verdict: {readonly identifiers: string; readonly network: string; readonly span: string; readonly counts: ReadonlyArray<{readonly item: string; readonly value: string}>};
	readonly thirdParties: ReportTable;
	readonly thirdLedger: ReportTable;
	readonly destinations: readonly ReportTable[];
	readonly ledger: ReportTable;
	readonly identifiers: ReportTable;
	readonly policy: {readonly withEvidence: readonly Row[]; readonly without: readonly Row[]; readonly columns: ReadonlyArray<Column<Row>>};
	readonly formats: ReportTable;
	readonly resolutions: ReportTable;
	readonly devices: ReportTable;
	readonly settings: ReportTable | undefined;
	readonly inputs: readonly ReportInput[];
	readonly diagnostics: {readonly summary: string; readonly table: ReportTable};
	readonly charts: readonly ReportChart[];
	/** Anything capped or left out, said loudly at the top. */
	readonly limits: readonly string[];
};

const PARTY_TITLES: Readonly<Record<Party, string>> = {third: 'Third parties', vendor: 'The vendor (Plex, Jellyfin, Emby)', first: 'Your own network'};

function columnsOf(view: string, keys?: readonly string[]): ReadonlyArray<Column<Row>> {
	const v = findView(view);
	if (!v) throw new Error(`unknown view ${view}`);
	if (!keys) return v.columns;
	return keys.map((k) => {
		const c = v.columns.find((col) => col.key === k);
		if (!c) throw new Error(`view ${view} has no column ${k}`);
		return c;
	});
}

function table(
	engine: QueryEngine,
	spec: {id: string; title: string; view: string; filter?: string; columns?: readonly string[]; headers?: Readonly<Record<string, string>>; empty: string; rows?: readonly Row[]},
): ReportTable {
	const filter = spec.filter ?? '';
	const all = spec.rows ?? engine.run({view: spec.view, filter}).rows.slice();
	const headers = spec.headers ?? {};
	return {
		id: spec.id,
		title: spec.title,
		view: spec.view,
		filter,
		columns: columnsOf(spec.view, spec.columns).map((c) => (headers[c.key] ? {...c, header: headers[c.key]!} : c)),
		rows: all.length > MAX_TABLE_ROWS ? all.slice(0, MAX_TABLE_ROWS) : all,
		total: all.length,
		empty: spec.empty,
	};
}

const text = (v: CellValue): string => (v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));

/** Stable JSON of the rules (patterns as text), hashed: two reports with the same fingerprint labelled with the same rules. */
export function rulesFingerprint(rules: readonly HostRule[], trackerDbs: readonly string[]): string {
	const json = JSON.stringify({rules, policy: POLICY_RULES, trackerDbs}, (_key, value: unknown) => (value instanceof RegExp ? value.toString() : value));
	return createHash('sha256').update(json).digest('hex').slice(0, 12);
}

/** Requests per category, one series per party: QueryEngine counts, categories with none left out. */
function categoryChart(engine: QueryEngine): ReportChart | undefined {
	const categories = categorySchema.options.filter((c) => engine.count(`kind:=request category:=${c}`) > 0);
	if (categories.length === 0) return undefined;
	const parties = partySchema.options.slice().reverse();
	const series = parties
		.map((p) => ({label: PARTY_TITLES[p], values: categories.map((c) => engine.count(`kind:=request category:=${c} party:=${p}`))}))
		.filter((s) => s.values.some((v) => v > 0));
	return {
		id: 'chart-categories',
		title: 'Requests by destination category and party',
		kind: 'bars',
		labels: categories,
		x: categories.map((_, k) => k),
		series,
		unit: 'requests',
		source: "telemetry-tui --print --view destinations (each bar: --filter 'kind:=request category:=C party:=P')",
	};
}

/** Series drawn in one time chart; the rest are summed into one "other" series (said in its label). */
export const MAX_TIME_SERIES = 8;
/** Empty buckets are filled in up to this many points. */
const MAX_TIME_POINTS = 10_000;

/**
A time chart from a timeline view's rows. Two shapes are understood: long rows (a time, a group such as
the category or the destination, and a count: one series per group, the largest `MAX_TIME_SERIES` drawn
and the rest summed as "other") and wide rows (a time and one count column per series). Only reshaped
for the chart; the counts are the view's.
*/
export function timeChartOf(view: {readonly title: string; readonly name: string; readonly columns: ReadonlyArray<Column<Row>>}, rows: readonly Row[], group?: string, stepSeconds?: number): ReportChart | undefined {
	const timeKey = view.columns.find((c) => c.kind === 'time')?.key;
	const counts = view.columns.filter((c) => c.kind === 'number');
	if (!timeKey || counts.length === 0 || rows.length === 0) return undefined;
	const at = (r: Row): number => Date.parse(String(r[timeKey])) / 1000;
	const groupKey = group ?? view.columns.find((c) => c.kind === 'text' && c.key !== timeKey)?.key;
	const base = {id: `chart-${view.name}${group ? `-${group}` : ''}`, kind: 'time' as const, labels: [], unit: counts[0]!.header.toLowerCase(), source: `telemetry-tui --print --view ${view.name}`};
	if (!groupKey) {
		const x = rows.map(at);
		return {...base, title: view.title, x, series: counts.map((c) => ({label: c.header, values: rows.map((r) => (typeof r[c.key] === 'number' ? (r[c.key] as number) : null))}))};
	}
	const countKey = counts[0]!.key;
	let times = [...new Set(rows.map(at).filter((t) => !Number.isNaN(t)))].sort((p, q) => p - q);
	// With the bucket size known, every bucket of the span is a point (an empty one is a zero, not a gap).
	if (stepSeconds && times.length > 1) {
		const first = times[0]!;
		const n = Math.round((times.at(-1)! - first) / stepSeconds) + 1;
		if (n <= MAX_TIME_POINTS) times = Array.from({length: n}, (_, k) => first + k * stepSeconds);
	}
	const slot = new Map(times.map((t, k) => [t, k]));
	const totals = new Map<string, number>();
	for (const r of rows) totals.set(String(r[groupKey] ?? ''), (totals.get(String(r[groupKey] ?? '')) ?? 0) + (Number(r[countKey]) || 0));
	const ranked = [...totals.entries()].sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0])).map(([g]) => g);
	const kept = ranked.slice(0, MAX_TIME_SERIES);
	const others = ranked.length - kept.length;
	const series = new Map<string, Array<number | null>>(kept.map((g) => [g, times.map(() => 0)]));
	const other = others > 0 ? times.map(() => 0) : undefined;
	for (const r of rows) {
		const k = slot.get(at(r));
		if (k === undefined) continue;
		const values = series.get(String(r[groupKey] ?? '')) ?? other;
		if (values) values[k] = (values[k] ?? 0) + (Number(r[countKey]) || 0);
	}
	const header = view.columns.find((c) => c.key === groupKey)?.header.toLowerCase() ?? groupKey;
	return {
		...base,
		title: `${view.title} by ${header}`,
		x: times,
		series: [...[...series].map(([label, values]) => ({label: label || '(none)', values})), ...(other ? [{label: `${others} other ${header} values`, values: other}] : [])],
	};
}

/** The timeline view (requests per time bucket per category and destination), when the tool has one. */
function timelineCharts(engine: QueryEngine): ReportChart[] {
	const view = findView('timeline');
	if (!view) return [];
	const rows = engine.rows('timeline');
	const groups = view.columns.filter((c) => c.kind === 'text').map((c) => c.key);
	const wanted = groups.filter((g) => g === 'category' || g === 'host' || g === 'destination');
	// The view says its bucket size on every row (`unit`: minute, hour or day).
	const unit = rows.find((r) => typeof r['unit'] === 'string')?.['unit'];
	const step = unit === 'minute' ? 60 : unit === 'hour' ? 3600 : unit === 'day' ? 86_400 : undefined;
	const charts = (wanted.length > 0 ? wanted : [undefined]).map((g) => timeChartOf(view, rows, g, step));
	// One bucket is not a timeline (a capture of a few seconds): the category chart says it all.
	return charts
		.filter((c): c is ReportChart => c !== undefined && c.x.length > 1)
		.map((c) => (typeof unit === 'string' ? {...c, title: c.title.replace(/^[\s\S]*? by /, `Requests per ${unit} by `), source: `telemetry-tui --print --view timeline:${unit}`} : c));
}

function titleOf(names: readonly string[]): string {
	const shown = names.map((n) => (n === '-' ? '<stdin>' : n));
	return `Telemetry evidence: ${shown.slice(0, 3).join(', ')}${shown.length > 3 ? ` and ${shown.length - 3} more` : ''}`;
}

/** Everything the report shows, from the query layer. */
export function collectReport(engine: QueryEngine, meta: ReportMeta): ReportData {
	const overview = engine.rows('overview');
	const section = (name: string) => overview.filter((r) => r['section'] === name);
	const pick = (name: string, item: string): string => text(section(name).find((r) => r['item'] === item)?.['value']);

	const destinationColumns = ['host', 'organization', 'category', 'requests', 'bytesSent', 'identifiers', 'events', 'period', 'labelSource', 'firstSeen', 'lastSeen'];
	const destinations = (['third', 'vendor', 'first'] as const).map((p) =>
		table(engine, {id: `destinations-${p}`, title: PARTY_TITLES[p], view: 'destinations', filter: `party:=${p}`, columns: destinationColumns, empty: `No ${p === 'first' ? 'first-party' : p === 'vendor' ? 'vendor' : 'third-party'} destination in this input.`}),
	);

	const policyRows = engine.rows('policy');
	const inputs = engine.store.inputs.map((input): ReportInput => {
		const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
		return {
			name: input.name,
			format: input.format ?? 'undetected',
			bytes: input.bytes,
			records: input.records,
			status: input.status === 'failed' ? `failed: ${input.error ?? 'unknown error'}` : input.status,
			sha256: meta.sha256.get(input.name),
			from: iso(input.firstTime),
			to: iso(input.lastTime),
		};
	});

	const diagnosticRows = section('diagnostics').filter((r) => r['item'] !== 'total');
	const settings = engine.rows('settings');
	const charts = [...timelineCharts(engine), categoryChart(engine)].filter((c): c is ReportChart => c !== undefined);

	const data: Omit<ReportData, 'limits'> = {
		title: titleOf(meta.arguments.length > 0 ? meta.arguments : inputs.map((i) => i.name)),
		meta,
		rulesFingerprint: rulesFingerprint(meta.rules, meta.trackerDbs),
		verdict: {
			identifiers: pick('verdict', 'identifiers'),
			network: pick('verdict', 'left the network'),
			span: pick('time', 'span'),
			counts: section('records').map((r) => ({item: text(r['item']), value: text(r['value'])})),
		},
		thirdParties: table(engine, {id: 'verdict-third', title: 'Third parties that received traffic', view: 'destinations', filter: 'party:=third', columns: ['host', 'organization', 'category', 'requests', 'identifiers', 'labelSource'], empty: 'No third party received traffic in this input.'}),
		thirdLedger: table(engine, {id: 'verdict-ledger', title: 'Identifiers that reached third parties', view: 'ledger', filter: 'party:=third', empty: 'No identifier reached a third party.'}),
		destinations,
		ledger: table(engine, {id: 'ledger', title: 'Identifier ledger: every identifier that left the network, per organisation', view: 'ledger', empty: 'No identifier left the network.'}),
		identifiers: table(engine, {id: 'identifiers', title: 'Every identifier seen (also those that stayed in your network)', view: 'identifiers', empty: 'No identifier in this input.'}),
		policy: {withEvidence: policyRows.filter((r) => r['evidence'] === 'evidence'), without: policyRows.filter((r) => r['evidence'] !== 'evidence'), columns: columnsOf('policy')},
		formats: table(engine, {id: 'formats', title: 'Media formats', view: 'formats', empty: 'No media format played or reported.'}),
		resolutions: table(engine, {id: 'resolutions', title: 'Resolutions', view: 'resolutions', empty: 'No resolution played or reported.'}),
		devices: table(engine, {id: 'devices', title: 'Devices and apps', view: 'devices', empty: 'No device described itself.'}),
		settings: settings.length > 0 ? table(engine, {id: 'settings', title: 'Settings files against the traffic', view: 'settings', rows: settings, empty: ''}) : undefined,
		inputs,
		diagnostics: {
			summary: pick('diagnostics', 'total'),
			table: table(engine, {id: 'diagnostics', title: 'Diagnostics', view: 'overview', columns: ['item', 'value'], headers: {item: 'Where', value: 'What'}, rows: diagnosticRows, empty: 'No diagnostics: every line was read.'}),
		},
		charts,
	};
	const limits: string[] = [];
	const tables = [data.thirdParties, data.thirdLedger, ...data.destinations, data.ledger, data.identifiers, data.formats, data.resolutions, data.devices, ...(data.settings ? [data.settings] : [])];
	for (const t of tables) {
		if (t.total > t.rows.length) limits.push(`${t.title}: the first ${t.rows.length.toLocaleString('en-US')} of ${t.total.toLocaleString('en-US')} rows are shown; all: telemetry-tui --print --view ${t.view}${t.filter ? ` --filter '${t.filter}'` : ''} --output csv INPUTS`);
	}
	const {error, warning, info} = engine.store.diagnosticCounts;
	const all = error + warning + info;
	if (diagnosticRows.length < all) limits.push(`Diagnostics: the first ${diagnosticRows.length.toLocaleString('en-US')} of ${all.toLocaleString('en-US')} are listed (${data.diagnostics.summary}); every one is counted.`);
	return {...data, limits};
}

/**
The evidence report as Markdown, for a GitHub issue or a forum post: the same sections and rows as the
HTML report, as tables and evidence lists, with no HTML at all. Every cell and list item from the
inputs is escaped (escape.ts) so it renders as the text it is: no link, image, mention, HTML or
formatting can come out of an input. Charts become their numbers (a table).
*/
import {formatTime, humanCell} from '../output/cells.js';
import type {Row} from '../views/types.js';
import type {ComparisonData} from './compare.js';
import type {ReportChart, ReportData, ReportTable} from './data.js';
import {escapeMarkdown} from './escape.js';

const m = escapeMarkdown;

function tableMd(t: ReportTable): string {
	if (t.rows.length === 0) return `_${m(t.empty)}_`;
	const head = `| ${t.columns.map((c) => m(c.header)).join(' | ')} |`;
	const rule = `| ${t.columns.map((c) => (c.kind === 'number' || c.kind === 'bytes' ? '---:' : '---')).join(' | ')} |`;
	const body = t.rows.map((row: Row) => `| ${t.columns.map((c) => m(humanCell(row[c.key], c.kind))).join(' | ')} |`);
	const rows = t.command ?? `telemetry-tui --print --view ${t.view}${t.filter ? ` --filter ${t.filter}` : ''} INPUTS`;
	const capped = t.total > t.rows.length ? [`**Showing the first ${t.rows.length.toLocaleString('en-US')} of ${t.total.toLocaleString('en-US')} rows.**`, ''] : [];
	return [...capped, head, rule, ...body, '', `Rows: \`${rows}\``].join('\n');
}

function chartMd(chart: ReportChart): string {
	const head = `| ${chart.kind === 'time' ? 'Time' : 'Category'} | ${chart.series.map((s) => m(s.label)).join(' | ')} |`;
	const rule = `| --- | ${chart.series.map(() => '---:').join(' | ')} |`;
	// Time charts list only the buckets with something in them (the chart draws the empty ones as zero).
	const points = chart.x.map((x, k) => ({x, k})).filter(({k}) => chart.kind !== 'time' || chart.series.some((s) => (s.values[k] ?? 0) > 0));
	const rows = points.map(({x, k}) => {
		const label = chart.kind === 'time' ? formatTime(new Date(x * 1000).toISOString()) : (chart.labels[k] ?? '');
		return `| ${m(label)} | ${chart.series.map((s) => (s.values[k] ?? 0).toLocaleString('en-US')).join(' | ')} |`;
	});
	const note = points.length < chart.x.length ? [`${(chart.x.length - points.length).toLocaleString('en-US')} empty buckets not listed.`, ''] : [];
	return [`### ${m(chart.title)} (${m(chart.unit)})`, '', head, rule, ...rows, '', ...note, `Numbers: \`${chart.source}\``].join('\n');
}

function items(values: readonly string[]): string {
	return values.length === 0 ? '  - none' : values.map((v) => `  - ${m(v)}`).join('\n');
}

/** The whole report as Markdown text. */
export function renderMarkdown(data: ReportData): string {
	const {meta} = data;
	const out: string[] = [];
	const h = (level: number, title: string): void => {
		out.push('', `${'#'.repeat(level)} ${m(title)}`, '');
	};
	out.push(`# ${m(data.title)}`, '');
	out.push(`Made by ${m(`${meta.tool.name} ${meta.tool.version}`)} on ${m(formatTime(meta.generatedAt))} UTC from ${data.inputs.length} input${data.inputs.length === 1 ? '' : 's'} (SHA-256 under Inputs). ${meta.showSecrets ? '**This report shows identifiers and secrets UNMASKED (--show-secrets). Do not publish it.**' : meta.showIdentifiers ? '**This report shows identifiers and personal data UNMASKED (--show-identifiers); secrets are redacted. Think before you publish it.**' : 'Identifiers are masked and secrets redacted.'}`);
	if (data.limits.length > 0) {
		out.push('', '**Limits of this report:**', '');
		for (const l of data.limits) out.push(`- ${m(l)}`);
	}

	h(2, 'Verdict');
	out.push(`**${m(data.verdict.identifiers)}**`, '', `**${m(data.verdict.network)}**`, '');
	out.push(`Records: ${data.verdict.counts.map((c) => `${m(c.item)} ${m(c.value)}`).join(' · ')}. Time span: ${m(data.verdict.span)}.`);
	h(3, data.thirdLedger.title);
	out.push(tableMd(data.thirdLedger));
	h(3, data.thirdParties.title);
	out.push(tableMd(data.thirdParties));

	if (data.charts.length > 0) {
		h(2, 'Charts');
		out.push(data.charts.map(chartMd).join('\n\n'));
	}

	h(2, 'Destinations');
	for (const t of data.destinations) {
		h(3, `${t.title} (${t.total.toLocaleString('en-US')})`);
		out.push(tableMd(t));
	}

	h(2, 'Identifiers');
	out.push('Values are masked: the same value always has the same mask.');
	h(3, data.ledger.title);
	out.push(tableMd(data.ledger));
	h(3, data.identifiers.title);
	out.push(tableMd(data.identifiers));

	h(2, 'Policy categories');
	if (data.policy.withEvidence.length === 0) out.push('_No policy category has evidence in this input._');
	for (const row of data.policy.withEvidence) {
		h(3, `${String(row['category'])}: ${Number(row['records']).toLocaleString('en-US')} record${row['records'] === 1 ? '' : 's'}`);
		out.push('- **Sent to:**', items((row['hosts'] as string[] | undefined) ?? []));
		out.push('- **Fields and values:**', items((row['fields'] as string[] | undefined) ?? []));
		out.push('- **Where in the input:**', items((row['examples'] as string[] | undefined) ?? []));
		out.push(`- **Basis:** ${m(String(row['basis'] ?? ''))}`);
	}
	if (data.policy.without.length > 0) {
		h(3, 'No evidence in this input');
		out.push('| Category | Basis |', '| --- | --- |', ...data.policy.without.map((row) => `| ${m(String(row['category']))} | ${m(String(row['basis'] ?? ''))} |`));
	}
	out.push('', 'Rows: `telemetry-tui --print --view policy INPUTS`; the records behind a category: `--view records --filter policy:ID`');

	h(2, 'Formats, resolutions, devices');
	for (const t of [data.formats, data.resolutions, data.devices]) {
		h(3, t.title);
		out.push(tableMd(t));
	}
	if (data.settings) {
		h(2, 'Settings');
		out.push(tableMd(data.settings));
	}

	h(2, 'Diagnostics');
	out.push(m(data.diagnostics.summary), '', tableMd(data.diagnostics.table));

	h(2, 'Inputs');
	out.push('| Input | Format | Bytes | Records | SHA-256 | First record (UTC) | Last record (UTC) | Status |', '| --- | --- | ---: | ---: | --- | --- | --- | --- |');
	for (const i of data.inputs) {
		out.push(`| ${m(i.name)} | ${m(i.format)} | ${i.bytes.toLocaleString('en-US')} | ${i.records.toLocaleString('en-US')} | ${i.sha256 ? `\`${i.sha256}\`` : i.status.startsWith('failed') ? 'not read' : 'not read to the end: not hashed'} | ${i.from ? m(formatTime(i.from)) : ''} | ${i.to ? m(formatTime(i.to)) : ''} | ${m(i.status)} |`);
	}

	h(2, 'About this report');
	out.push(`- **Tool:** ${m(`${meta.tool.name} ${meta.tool.version}`)}`);
	out.push(`- **Made:** ${m(formatTime(meta.generatedAt))} UTC`);
	out.push(`- **Rules:** ${m(`${meta.rules.length.toLocaleString('en-US')} host rules${meta.userRules ? ` (with ${meta.userRules})` : ''}, fingerprint ${data.rulesFingerprint}`)}`);
	out.push(`- **Tracker databases:** ${m(meta.trackerDbs.join('; ') || 'none')}`);
	out.push(`- **Identifiers:** ${meta.showSecrets ? 'shown unmasked, secrets too (--show-secrets)' : meta.showIdentifiers ? 'shown unmasked (--show-identifiers); secrets redacted' : 'masked; secrets redacted'}`);
	out.push('', 'The same inputs (same SHA-256) read by the same tool version with the same rules fingerprint give the same tables.', '');
	return out.join('\n');
}

/** A comparison (`telemetry-tui diff … --report FILE.md`) as Markdown: the sides, then each compared view's rows. */
export function renderComparisonMarkdown(data: ComparisonData): string {
	const out: string[] = [`# ${m(data.title)}`, ''];
	out.push(`Made by ${m(`${data.tool.name} ${data.tool.version}`)} on ${m(formatTime(data.generatedAt))} UTC. Identifying values are masked in a comparison, always.`, '');
	out.push(`**${m(data.summary)}**`);
	if (data.caveats.length > 0) {
		out.push('', '**Read with care:**', '');
		for (const c of data.caveats) out.push(`- ${m(c)}`);
	}
	for (const t of [data.sides, ...data.views]) out.push('', `## ${m(t.title)}`, '', tableMd(t));
	out.push('', "Every row is new, gone, changed or same; counts are compared per hour of each side's time span.", '');
	return out.join('\n');
}

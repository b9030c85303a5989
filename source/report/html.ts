/**
The evidence report as one self-contained HTML file: every table rendered here as HTML (readable with
JavaScript off and in print), the chart library, its stylesheet, our style and script inline, and a
Content-Security-Policy that allows exactly those inline blocks by their SHA-256 and nothing else
(`default-src 'none'`): opened from disk, offline or not, the page asks for nothing.

Input strings only ever go into element content, escaped (escape.ts); attributes carry only what this
module writes (ids, classes, numbers for sorting).
*/
import {createHash} from 'node:crypto';
import {formatBytes, formatTime, humanCell} from '../output/cells.js';
import type {CellValue, Column, Row} from '../views/types.js';
import {CLIENT_JS, REPORT_CSS} from './client.js';
import type {ComparisonData} from './compare.js';
import type {ReportChart, ReportData, ReportTable} from './data.js';
import {escapeHtml, jsonForScript} from './escape.js';

/** The chart library, inlined (read by the CLI from the installed package). */
export type ChartAssets = {readonly js: string; readonly css: string; readonly name: string};

const e = escapeHtml;

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function cell(value: CellValue, column: Column<Row>): string {
	if (value === undefined || value === '') return '<td></td>';
	if (Array.isArray(value)) return `<td class="list">${value.map((v) => `<span class="item">${breakable(String(v))}</span>`).join('')}</td>`;
	if (typeof value === 'number') {
		const shown = column.kind === 'bytes' ? formatBytes(value) : value.toLocaleString('en-US');
		return Number.isFinite(value) ? `<td class="num" data-v="${value}">${e(shown)}</td>` : `<td class="num">${e(shown)}</td>`;
	}
	return `<td${column.kind === 'time' ? ' class="time"' : ''}>${breakable(humanCell(value, column.kind))}</td>`;
}

/** Escaped text where a long word (a host, a path) may break after its dots and slashes, not in mid-name. */
function breakable(text: string): string {
	const escaped = e(text);
	return /\S{25,}/.test(text) ? escaped.replace(/([./_:-])(?=[^\s<])/g, '$1<wbr>') : escaped;
}

function tableHtml(t: ReportTable): string {
	if (t.rows.length === 0) return `<p class="note">${e(t.empty)}</p>`;
	const head = t.columns.map((c) => `<th scope="col">${e(c.header)}</th>`).join('');
	const body = t.rows
		.map((row) => {
			const party = row['party'];
			const cls = party === 'third' || party === 'vendor' || party === 'first' ? ` class="party-${party}"` : '';
			return `<tr${cls}>${t.columns.map((c) => cell(row[c.key], c)).join('')}</tr>`;
		})
		.join('\n');
	const capped = t.total > t.rows.length ? `<p class="limits">Showing the first ${t.rows.length.toLocaleString('en-US')} of ${t.total.toLocaleString('en-US')} rows.</p>` : '';
	// Table ids are prefixed: sections have ids of their own (#identifiers, #diagnostics).
	// A wide table scrolls sideways on screen rather than breaking words; in print it wraps to the page.
	return `${capped}<div class="scroll"><table class="data" id="t-${t.id}"><thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>\n${reproduce(t)}`;
}

/** The command that prints the same rows, so a reader can check a table against the tool. */
function reproduce(t: ReportTable): string {
	if (t.command !== undefined) return `<p class="source">Rows: <code>${e(t.command)}</code></p>`;
	return `<p class="source">Rows: <code>telemetry-tui --print --view ${e(t.view)}${t.filter ? ` --filter ${e(t.filter)}` : ''} INPUTS</code></p>`;
}

function chartHtml(chart: ReportChart): string {
	// The chart's numbers as a table too: readable with scripts off, by screen readers, and in print.
	const head = `<th scope="col">${chart.kind === 'time' ? 'Time' : 'Category'}</th>${chart.series.map((s) => `<th scope="col">${e(s.label)}</th>`).join('')}`;
	// Time charts list only the buckets with something in them (the chart draws the empty ones as zero).
	const rows = chart.x
		.map((x, k) => ({x, k}))
		.filter(({k}) => chart.kind !== 'time' || chart.series.some((s) => (s.values[k] ?? 0) > 0))
		.map(({x, k}) => {
			const label = chart.kind === 'time' ? formatTime(new Date(x * 1000).toISOString()) : (chart.labels[k] ?? '');
			return `<tr><td>${e(label)}</td>${chart.series.map((s) => cell(s.values[k] ?? undefined, {key: 'v', header: '', kind: 'number'})).join('')}</tr>`;
		})
		.join('\n');
	return `<figure>
<figcaption><strong>${e(chart.title)}</strong> (${e(chart.unit)})</figcaption>
<div class="chart" id="${chart.id}"><p class="note">The chart needs JavaScript; its numbers are in the table below.</p></div>
<p class="source">Numbers: <code>${e(chart.source)}</code></p>
<details><summary>Chart data</summary><table class="data"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></details>
</figure>`;
}

function list(values: readonly string[]): string {
	return values.length === 0 ? '<p class="note">none</p>' : `<ul>${values.map((v) => `<li>${e(v)}</li>`).join('')}</ul>`;
}

function policyHtml(data: ReportData): string {
	const evidence = data.policy.withEvidence
		.map(
			(row) => `<article class="evidence">
<h3>${e(String(row['category']))}: ${Number(row['records']).toLocaleString('en-US')} record${row['records'] === 1 ? '' : 's'}</h3>
<dl class="facts">
<dt>Sent to</dt><dd>${list((row['hosts'] as string[] | undefined) ?? [])}</dd>
<dt>Fields and values</dt><dd>${list((row['fields'] as string[] | undefined) ?? [])}</dd>
<dt>Where in the input</dt><dd>${list((row['examples'] as string[] | undefined) ?? [])}</dd>
<dt>Basis</dt><dd>${e(String(row['basis'] ?? ''))}</dd>
</dl>
</article>`,
		)
		.join('\n');
	const none = data.policy.without.length === 0 ? '' : `<h3>No evidence in this input</h3>
<table class="data" id="t-policy-none"><thead><tr><th scope="col">Category</th><th scope="col">Basis</th></tr></thead><tbody>
${data.policy.without.map((row) => `<tr><td>${e(String(row['category']))}</td><td>${e(String(row['basis'] ?? ''))}</td></tr>`).join('\n')}
</tbody></table>`;
	return `${evidence || '<p class="note">No policy category has evidence in this input.</p>'}
${none}
<p class="source">Rows: <code>telemetry-tui --print --view policy INPUTS</code>; the records behind a category: <code>--view records --filter policy:ID</code></p>`;
}

function inputsHtml(data: ReportData): string {
	const rows = data.inputs
		.map(
			(i) =>
				`<tr><td>${e(i.name)}</td><td>${e(i.format)}</td><td class="num" data-v="${i.bytes}">${e(i.bytes.toLocaleString('en-US'))}</td><td class="num" data-v="${i.records}">${e(i.records.toLocaleString('en-US'))}</td><td class="mono">${i.sha256 ? e(i.sha256) : i.status.startsWith('failed') ? '(not read)' : '(not read to the end: not hashed)'}</td><td>${i.from ? e(formatTime(i.from)) : ''}</td><td>${i.to ? e(formatTime(i.to)) : ''}</td><td>${e(i.status)}</td></tr>`,
		)
		.join('\n');
	return `<table class="data" id="t-inputs"><thead><tr><th scope="col">Input</th><th scope="col">Format</th><th scope="col">Bytes</th><th scope="col">Records</th><th scope="col">SHA-256</th><th scope="col">First record (UTC)</th><th scope="col">Last record (UTC)</th><th scope="col">Status</th></tr></thead><tbody>
${rows}
</tbody></table>
<p class="source">Check a file: <code>sha256sum FILE</code> (Linux), <code>shasum -a 256 FILE</code> (macOS), <code>Get-FileHash FILE</code> (PowerShell).</p>`;
}

const SECTIONS: ReadonlyArray<readonly [id: string, title: string]> = [
	['verdict', 'Verdict'],
	['charts', 'Charts'],
	['destinations', 'Destinations'],
	['identifiers', 'Identifiers'],
	['policy', 'Policy categories'],
	['media', 'Formats, resolutions, devices'],
	['settings', 'Settings'],
	['diagnostics', 'Diagnostics'],
	['inputs', 'Inputs'],
	['about', 'About this report'],
];

/**
The page around the sections: the policy (every inline block by hash), styles, header, navigation, the
chart data block and the scripts. `header` and section bodies are HTML already escaped by the caller.
*/
function page(doc: {title: string; header: string; sections: ReadonlyArray<readonly [id: string, title: string, body: string]>; charts: readonly ReportChart[]}, assets: ChartAssets): string {
	const chartData = jsonForScript({charts: doc.charts});
	const styles = [assets.css, REPORT_CSS];
	const scripts = [assets.js, CLIENT_JS];
	const csp = [
		"default-src 'none'",
		`script-src ${scripts.map(sha256).join(' ')}`,
		`style-src ${styles.map(sha256).join(' ')}`,
		"img-src 'none'",
		"base-uri 'none'",
		"form-action 'none'",
	].join('; ');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(doc.title)}</title>
${styles.map((s) => `<style>${s}</style>`).join('\n')}
</head>
<body>
<header class="top">
<h1>${e(doc.title)}</h1>
${doc.header}
</header>
<nav class="toc">${doc.sections.map(([id, title]) => `<a href="#${id}">${e(title)}</a>`).join('')}</nav>
<main>
${doc.sections.map(([id, title, body]) => `<section id="${id}">\n<h2>${e(title)}</h2>\n${body}\n</section>`).join('\n')}
</main>
<script type="application/json" id="report-data">${chartData}</script>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}

/** The whole report as HTML text. */
export function renderHtml(data: ReportData, assets: ChartAssets): string {
	const {meta} = data;
	const sections = SECTIONS.filter(([id]) => id !== 'settings' || data.settings !== undefined).filter(([id]) => id !== 'charts' || data.charts.length > 0);
	const body: Record<string, string> = {
		verdict: `<p class="verdict">${e(data.verdict.identifiers)}</p>
<p class="verdict">${e(data.verdict.network)}</p>
<p class="note">Records: ${data.verdict.counts.map((c) => `${e(c.item)} ${e(c.value)}`).join(' · ')}. Time span: ${e(data.verdict.span)}.</p>
<h3>${e(data.thirdLedger.title)}</h3>
${tableHtml(data.thirdLedger)}
<h3>${e(data.thirdParties.title)}</h3>
${tableHtml(data.thirdParties)}`,
		charts: data.charts.map(chartHtml).join('\n'),
		destinations: `<p class="note">Each host with who runs it, its category, and where that label comes from (a rule and its source, a tracker database, what this input showed, your own network).</p>
${data.destinations.map((t) => `<h3>${e(t.title)} (${t.total.toLocaleString('en-US')})</h3>\n${tableHtml(t)}`).join('\n')}`,
		identifiers: `<p class="note">Values are masked: the same value always has the same mask, so a reader can follow it across rows without seeing it.</p>
<h3>${e(data.ledger.title)}</h3>
${tableHtml(data.ledger)}
<h3>${e(data.identifiers.title)}</h3>
${tableHtml(data.identifiers)}`,
		policy: policyHtml(data),
		media: [data.formats, data.resolutions, data.devices].map((t) => `<h3>${e(t.title)}</h3>\n${tableHtml(t)}`).join('\n'),
		settings: data.settings ? tableHtml(data.settings) : '',
		diagnostics: `<p>${e(data.diagnostics.summary)}</p>\n${tableHtml(data.diagnostics.table)}`,
		inputs: inputsHtml(data),
		about: `<dl class="facts">
<dt>Tool</dt><dd>${e(`${meta.tool.name} ${meta.tool.version}`)}</dd>
<dt>Made</dt><dd>${e(formatTime(meta.generatedAt))} UTC</dd>
<dt>Rules</dt><dd>${e(`${meta.rules.length.toLocaleString('en-US')} host rules${meta.userRules ? ` (with ${meta.userRules})` : ''}, fingerprint ${data.rulesFingerprint}`)}</dd>
<dt>Tracker databases</dt><dd>${e(meta.trackerDbs.join('; ') || 'none')}</dd>
<dt>Identifiers</dt><dd>${meta.showSecrets ? 'shown unmasked, secrets too (--show-secrets)' : meta.showIdentifiers ? 'shown unmasked (--show-identifiers); secrets redacted' : 'masked; secrets redacted'}</dd>
<dt>Charts</dt><dd>${e(assets.name)} (MIT; its licence is in the page source), inlined</dd>
</dl>
<p class="note">The same inputs (same SHA-256) read by the same tool version with the same rules fingerprint give the same tables.</p>`,
	};
	const limits = data.limits.length === 0 ? '' : `<div class="limits"><strong>Limits of this report:</strong><ul>${data.limits.map((l) => `<li>${e(l)}</li>`).join('')}</ul></div>`;
	const header = `<p>Made by ${e(`${meta.tool.name} ${meta.tool.version}`)} on ${e(formatTime(meta.generatedAt))} UTC from ${data.inputs.length.toLocaleString('en-US')} input${data.inputs.length === 1 ? '' : 's'} (SHA-256 under <a href="#inputs">Inputs</a>).</p>
${meta.showSecrets ? '<p class="warning">This report shows identifiers and secrets UNMASKED (--show-secrets). Do not publish it.</p>' : meta.showIdentifiers ? '<p class="warning">This report shows identifiers and personal data UNMASKED (--show-identifiers); secrets are redacted. Think before you publish it.</p>' : '<p>Identifiers are masked and secrets redacted.</p>'}
${limits}`;
	return page({title: data.title, header, sections: sections.map(([id, title]) => [id, title, body[id] ?? ''] as const), charts: data.charts}, assets);
}

/** A comparison (`telemetry-tui diff … --report FILE`) as HTML text: the sides, then each compared view's rows. */
export function renderComparisonHtml(data: ComparisonData, assets: ChartAssets): string {
	const header = `<p>Made by ${e(`${data.tool.name} ${data.tool.version}`)} on ${e(formatTime(data.generatedAt))} UTC. Identifying values are masked in a comparison, always.</p>
<p class="verdict">${e(data.summary)}</p>
${data.caveats.length > 0 ? `<div class="limits"><strong>Read with care:</strong><ul>${data.caveats.map((c) => `<li>${e(c)}</li>`).join('')}</ul></div>` : ''}`;
	const sections: Array<readonly [string, string, string]> = [
		['sides', 'Before and after', tableHtml(data.sides)],
		...data.views.map((t) => [`diff-${t.view}`, t.title, tableHtml(t)] as const),
		['about', 'About this report', `<p class="note">Every row is new, gone, changed or same; counts are compared per hour of each side's time span. ${e(data.tool.name)} ${e(data.tool.version)}.</p>`],
	];
	return page({title: data.title, header, sections, charts: []}, assets);
}

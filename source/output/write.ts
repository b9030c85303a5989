/**
Print-mode output: render view rows as CSV (papaparse, formula-safe), JSON, NDJSON or markdown
(the boxed table is in `table.ts`, loaded only when asked for, so scripts don't pay for Ink). Pure functions from rows to text; the CLI decides where the text goes.
*/
import Papa from 'papaparse';
import type {Row, ViewDefinition} from '../views/types.js';
import {columnHeader, dataCell, humanCell, jsonCell} from './cells.js';

export const OUTPUT_FORMATS = ['table', 'csv', 'json', 'ndjson', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type ViewOutput = {view: ViewDefinition<Row>; rows: readonly Row[]};

/** CSV with a header row. Cells that a spreadsheet would run as a formula are prefixed with `'`. */
export function toCsv({view, rows}: ViewOutput): string {
	const fields = view.columns.map((c) => c.key);
	const data = rows.map((row) => view.columns.map((c) => dataCell(row[c.key], c.kind)));
	// Also after leading spaces: some spreadsheets trim before they evaluate.
	return Papa.unparse({fields, data}, {escapeFormulae: /^\s*[=+\-@\t\r]/, newline: '\n'});
}

/**
A cell as Markdown text that renders as exactly that text: every character that could start inline
markup is backslash-escaped (emphasis, code, links and images `[…](…)` / `![…](…)`, raw HTML `<img>`,
`<script>`, autolinks `<…>`, entities, strikethrough, math, table pipes), and the extended autolinks
of GitHub (`https://…`, `www.…`) are broken, so opening an evidence file never makes a viewer fetch a
tracker's image or offer a `javascript:` link.
*/
export function escapeMarkdown(text: string): string {
	return text
		.replace(/[\\`*_{}[\]()<>#!|~&$^]/g, '\\$&')
		.replace(/:\/\//g, '\\://')
		.replace(/\b(www)\./gi, '$1\\.');
}

/** Markdown table; every cell escaped (`escapeMarkdown`). */
export function toMarkdown({view, rows}: ViewOutput): string {
	const esc = escapeMarkdown;
	const head = `| ${view.columns.map((c) => esc(columnHeader(c))).join(' | ')} |`;
	const rule = `| ${view.columns.map((c) => (c.kind === 'number' || c.kind === 'bytes' ? '---:' : '---')).join(' | ')} |`;
	const body = rows.map((row) => `| ${view.columns.map((c) => esc(humanCell(row[c.key], c.kind))).join(' | ')} |`);
	return [`### ${esc(view.title)}`, '', head, rule, ...body].join('\n');
}

/** JSON-ready plain rows (lists stay arrays, numbers stay numbers, strings terminal-safe: a consumer may print them). */
export function toJsonRows({view, rows}: ViewOutput): Array<Record<string, unknown>> {
	return rows.map((row) => Object.fromEntries(view.columns.map((c) => [c.key, jsonCell(row[c.key], c.kind)])));
}

/**
`telemetry-tui report [--out FILE] [--format html|markdown] [--force] INPUTS…`: read the inputs, gather
the report from the query layer (source/report/data.ts) and write one file: a self-contained HTML page
(source/report/html.ts) or Markdown (source/report/markdown.ts).

The SHA-256 of each input is taken from the bytes as they are read (no second read, so the hash is of
what the report describes); the chart library (uPlot) is read from its installed package when a report
is written, so it is a kept, versioned dependency with its licence, not a copy in our source.
A file is never overwritten without `--force`; `--out -` writes to stdout.
*/
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {basename, dirname, join} from 'node:path';
import type {InputSource} from '../input/sources.js';
import {resolveInputs} from '../input/sources.js';
import {ingestAll, type IngestOptions} from '../pipeline/ingest.js';
import {sanitizeText} from '../privacy/sanitize.js';
import {collectComparison} from '../report/compare.js';
import {collectReport} from '../report/data.js';
import {renderComparisonHtml, renderHtml, type ChartAssets} from '../report/html.js';
import {renderComparisonMarkdown, renderMarkdown} from '../report/markdown.js';
import type {DiffResult} from '../views/diff.js';
import {RecordStore} from '../store/store.js';
import {QueryEngine} from '../views/query.js';
import type {Io} from './io.js';
import {argSpec, columnMap, defaultCliOptions, parseArgv, UsageError, type CliOptions, type OptionSpec} from './options.js';

export const REPORT_FORMATS = ['html', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];


/** The report's options as data: parser and help come from this table. */
export const REPORT_OPTIONS: readonly OptionSpec[] = [
	{name: 'out', type: 'string', value: 'FILE', help: 'where to write (default: telemetry-report-INPUT-DATE.html or .md, after the first input and the date; "-" is stdout)'},
	{name: 'format', type: 'string', value: 'FORMAT', help: `${REPORT_FORMATS.join(' or ')} (default: html, or from the --out file name)`},
	{name: 'force', type: 'boolean', help: 'overwrite the --out file when it exists'},
	{name: 'type', short: 't', type: 'string', value: 'FORMAT', help: 'skip detection and read every input as this format'},
	{name: 'rules', type: 'string', value: 'FILE', help: 'extra host rules (JSON) that extend and override the built-in table'},
	{name: 'tracker-db', type: 'string', multiple: true, value: 'FILE', help: 'a tracker database to ask for hosts no rule knows (repeatable)'},
	{name: 'map', type: 'string', multiple: true, value: 'COLUMN=FIELD', help: 'generic CSV: map a column to a record field (repeatable)'},
	{name: 'show-identifiers', type: 'boolean', help: 'show identifiers and personal data unmasked, secrets still redacted (the report then says so in red)'},
	{name: 'show-secrets', type: 'boolean', help: 'show identifiers and secrets unmasked (the report then says so in red; do not publish it)'},
	{name: 'help', short: 'h', type: 'boolean', help: 'show this help'},
];

export type ReportOptions = {readonly out: string | undefined; readonly format: ReportFormat; readonly force: boolean; readonly cli: CliOptions};

export function reportHelp(): string {
	const left = (o: OptionSpec): string => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
	const width = Math.max(...REPORT_OPTIONS.map((o) => left(o).length)) + 2;
	return [
		'telemetry-tui report — one file to publish: what left, to whom, carrying what, with the evidence',
		'',
		'Usage:',
		'  telemetry-tui report [--out FILE] [--format html|markdown] [--force] INPUTS…',
		'',
		'HTML: one self-contained page (no request of any kind, readable with JavaScript off, prints cleanly).',
		'Markdown: the same report for a GitHub issue or a forum post.',
		'',
		'Options:',
		...REPORT_OPTIONS.map((o) => `  ${left(o).padEnd(width)}${o.help}`),
	].join('\n');
}

export function parseReportCli(argv: readonly string[]): ReportOptions {
	const parsed = parseArgv(argv, argSpec(REPORT_OPTIONS));
	const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
	const out = v['out'] as string | undefined;
	const given = v['format'] as string | undefined;
	if (given !== undefined && !(REPORT_FORMATS as readonly string[]).includes(given)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')} (got "${given}")`);
	const format: ReportFormat = (given as ReportFormat | undefined) ?? (out !== undefined && /\.(md|markdown)$/i.test(out) ? 'markdown' : 'html');
	// Print mode's reading options (times in UTC: a report is read elsewhere), the rest at their defaults.
	const cli: CliOptions = {
		...defaultCliOptions(parsed.positionals),
		print: true,
		type: v['type'] as string | undefined,
		rules: v['rules'] as string | undefined,
		trackerDbs: (v['tracker-db'] as string[] | undefined) ?? [],
		map: columnMap(v['map'] as string[] | undefined),
		showSecrets: v['show-secrets'] === true,
		showIdentifiers: v['show-identifiers'] === true,
		help: v['help'] === true,
	};
	return {out, format, force: v['force'] === true, cli};
}

/** `telemetry-report-<first input>-<YYYY-MM-DD>.<ext>`, the input's name reduced to safe characters. */
export function defaultReportName(firstInput: string | undefined, date: Date, format: ReportFormat): string {
	const base = firstInput === undefined || firstInput === '-' ? 'stdin' : basename(firstInput.replace(/[/\\]+$/, '')).replace(/\.(gz)$/i, '').replace(/\.[A-Za-z0-9]{1,8}$/, '');
	const safe = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 60) || 'input';
	return `telemetry-report-${safe}-${date.toISOString().slice(0, 10)}.${format === 'html' ? 'html' : 'md'}`;
}

/** Hash the bytes of a source as they are read; the digest is kept only when the read got to the end. */
function hashed(source: InputSource, done: (hex: string) => void): InputSource {
	async function* tee(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
		const hash = createHash('sha256');
		for await (const chunk of raw) {
			hash.update(chunk);
			yield chunk;
		}
		done(hash.digest('hex'));
	}
	return {...source, open: (signal) => tee(source.open(signal))};
}

/** uPlot's minified script and stylesheet, from the installed package. */
export function chartAssets(): ChartAssets {
	const require = createRequire(import.meta.url);
	const pkgPath = require.resolve('uplot/package.json');
	const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {version: string};
	const dist = join(dirname(pkgPath), 'dist');
	// The report carries a copy of uPlot, so it carries its MIT licence too (as a comment before the code).
	const license = readFileSync(join(dirname(pkgPath), 'LICENSE'), 'utf8').replace(/\*\//g, '* /').replace(/<\//g, '< /').trim();
	return {
		name: `uPlot ${pkg.version}`,
		js: `/*!\n${license}\n*/\n${readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8')}`,
		css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
	};
}

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The report's time: SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) when set. */
function reportTime(): Date {
	const epoch = process.env['SOURCE_DATE_EPOCH'];
	return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/** Write `text` to FILE (never over an existing file without `force`) or stdout (`-`); the exit code. */
function writeReport(target: string, text: string, force: boolean, io: Io): number {
	if (target === '-') {
		io.stdout.write(text);
		return 0;
	}
	try {
		// `wx`: fail when the file exists (checked and created in one step, so nothing is clobbered in between).
		writeFileSync(target, text, {flag: force ? 'w' : 'wx', mode: 0o644});
	} catch (error) {
		const e = error as NodeJS.ErrnoException;
		const why = e.code === 'EEXIST' ? 'exists; pass --force to overwrite it' : e.code === 'ENOENT' ? 'its folder does not exist' : e.code === 'EACCES' ? 'permission denied' : String(e.message);
		io.stderr.write(`telemetry-tui report: cannot write ${sanitizeText(target)}: ${why}\n`);
		return 2;
	}
	return 0;
}

/** `telemetry-tui diff BEFORE AFTER --report FILE`: the comparison as HTML, or Markdown when FILE ends in .md. */
export function writeComparisonReport(result: DiffResult, target: string, force: boolean, io: Io, version: string): number {
	const data = collectComparison(result, {tool: {name: 'telemetry-tui', version}, generatedAt: reportTime().toISOString()});
	const text = /\.(md|markdown)$/i.test(target) ? renderComparisonMarkdown(data) : renderComparisonHtml(data, chartAssets());
	const code = writeReport(target, text, force, io);
	if (code === 0 && target !== '-') io.stderr.write(`telemetry-tui: wrote ${sanitizeText(target)} (${Buffer.byteLength(text).toLocaleString('en-US')} bytes; ${data.summary})\n`);
	return code;
}

export type ReportContext = {
	readonly prepare: (options: CliOptions) => {ingest: Omit<IngestOptions, 'signal' | 'onRecord'>};
	readonly version: () => string;
	/** The report's time (tests fix it). */
	readonly now?: () => Date;
};

export async function runReport(argv: readonly string[], io: Io, context: ReportContext): Promise<number> {
	let options: ReportOptions;
	let prepared: ReturnType<ReportContext['prepare']>;
	try {
		options = parseReportCli(argv);
		if (options.cli.help) {
			io.stdout.write(`${reportHelp()}\n`);
			return 0;
		}
		prepared = context.prepare(options.cli);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`telemetry-tui report: ${sanitizeText(error.message)} (see telemetry-tui report --help)\n`);
			return 2;
		}
		throw error;
	}
	const now = context.now?.() ?? reportTime();
	const target = options.out ?? defaultReportName(options.cli.paths[0], now, options.format);
	const {sources, problems} = await resolveInputs(options.cli.paths, {stdin: io.stdin, follow: false});
	if (sources.length === 0 && problems.length === 0) {
		io.stderr.write('telemetry-tui report: no input: give a HAR file, a log, a folder, or pipe data on stdin (see telemetry-tui report --help)\n');
		return 2;
	}
	const hashes = new Map<string, string>();
	// No spool: the report shows view rows, never a record read back.
	const store = new RecordStore({spool: false, classifier: prepared.ingest.classifier});
	try {
		await ingestAll(
			sources.map((s) => hashed(s, (hex) => hashes.set(s.name, hex))),
			problems,
			store,
			{...prepared.ingest},
		);
		if (!store.inputs.some((i) => i.status === 'done' || i.records > 0)) {
			for (const d of store.diagnostics.slice(0, 20)) io.stderr.write(`telemetry-tui report: ${sanitizeText(d.message)}\n`);
			io.stderr.write('telemetry-tui report: nothing could be read; no report written\n');
			return 1;
		}
		const engine = new QueryEngine(store);
		const classifier = prepared.ingest.classifier;
		const data = collectReport(engine, {
			tool: {name: 'telemetry-tui', version: context.version()},
			generatedAt: now.toISOString(),
			sha256: hashes,
			rules: classifier.rules,
			trackerDbs: classifier.trackerDbs.map((db) => `${db.name}${db.version ? ` ${db.version}` : ''}`),
			userRules: options.cli.rules,
			showSecrets: options.cli.showSecrets,
			showIdentifiers: options.cli.showIdentifiers || options.cli.showSecrets,
			arguments: options.cli.paths,
		});
		const text = options.format === 'html' ? renderHtml(data, chartAssets()) : renderMarkdown(data);
		const code = writeReport(target, text, options.force, io);
		if (code !== 0 || target === '-') return code;
		const {error, warning} = store.diagnosticCounts;
		io.stderr.write(`telemetry-tui report: wrote ${sanitizeText(target)} (${Buffer.byteLength(text).toLocaleString('en-US')} bytes; ${store.size.toLocaleString('en-US')} records from ${store.inputs.length} input${store.inputs.length === 1 ? '' : 's'}; ${plural(error, 'error')}, ${plural(warning, 'warning')})\n`);
		return 0;
	} finally {
		store.close();
	}
}

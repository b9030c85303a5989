/**
`telemetry-tui diff BEFORE AFTER`, baselines and the drift gate.

  telemetry-tui diff before.har after.har               two captures (files, folders, `-` for stdin)
  telemetry-tui diff --before a.log --before b.log --after c.log
  telemetry-tui diff baseline.json after.log            a side may be a saved baseline
  telemetry-tui --save-baseline base.json INPUT…        save a baseline (nothing else)
  telemetry-tui --baseline base.json INPUT…             compare inputs against it (= diff base.json INPUT…)
  … --fail-on new-third-party,new-identifier            exit 3 and a summary on stderr when found

Each side is read into its own store and reduced to a summary (source/views/diff.ts); the comparison,
the printable rows and the gate are pure over the two summaries.
*/
import {readFileSync, statSync, writeFileSync, renameSync} from 'node:fs';
import {resolveInputs} from '../input/sources.js';
import {ingestAll, type IngestOptions} from '../pipeline/ingest.js';
import {sanitizeText} from '../privacy/sanitize.js';
import {RecordStore} from '../store/store.js';
import {OUTPUT_FORMATS, type OutputFormat} from '../output/write.js';
import {writeViews, type PrintedView} from '../output/stream.js';
import {baselineOf, baselineText, looksLikeBaseline, parseBaseline} from '../views/baseline.js';
import {checkDiffGates, diffDocument, diffRowJson, diffSummaries, DIFF_GATES, DIFF_VIEW_NAMES, flatDiffView, formatHours, parseDiffGates, sidesView, summarize, type DiffFlag, type DiffResult, type Summary} from '../views/diff.js';
import {parseFilter} from '../views/filter.js';
import {QueryEngine} from '../views/query.js';
import type {Io} from './io.js';
import {columnMap, parseArgv, UsageError} from './options.js';

const SPEC = {
	before: {type: 'string', multiple: true},
	after: {type: 'string', multiple: true},
	baseline: {type: 'string'},
	'save-baseline': {type: 'string'},
	'fail-on': {type: 'string'},
	output: {type: 'string', short: 'o'},
	view: {type: 'string', short: 'v'},
	filter: {type: 'string', short: 'f'},
	type: {type: 'string', short: 't'},
	rules: {type: 'string'},
	'tracker-db': {type: 'string', multiple: true},
	map: {type: 'string', multiple: true},
	'show-secrets': {type: 'boolean'},
	report: {type: 'string'},
	force: {type: 'boolean'},
	print: {type: 'boolean', short: 'p'},
	'no-mouse': {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
} as const;

export const DIFF_HELP = `telemetry-tui diff — what changed between two captures

Usage:
  telemetry-tui diff BEFORE AFTER                 each a file, a folder, a saved baseline, or - (stdin)
  telemetry-tui diff --before A --before B --after C
  telemetry-tui diff --baseline FILE INPUT…        compare inputs against a saved baseline
  telemetry-tui --baseline FILE INPUT…             the same
  telemetry-tui --save-baseline FILE INPUT…        save a baseline of the inputs (masked values only)
  telemetry-tui diff A B --save-baseline FILE      compare, and save AFTER as a baseline

Options:
  --before PATH, --after PATH   inputs of each side (repeatable; positional inputs join AFTER)
  --baseline FILE               the BEFORE side is a saved baseline
  --save-baseline FILE          write the AFTER side (or the only side) as a baseline
  --fail-on KINDS               exit 3 with a summary on stderr when found (comma list):
                                ${DIFF_GATES.join(', ')}
  -o, --output FORMAT           ${OUTPUT_FORMATS.join(', ')} (default: table)
  -v, --view NAME[,NAME…]       compared views (default: all): ${DIFF_VIEW_NAMES.join(', ')}
  -f, --filter EXPR             narrow both sides, e.g. "!party:first"
  -t, --type, --rules, --tracker-db, --map, --no-mouse   as for the main command
  --show-secrets                has no effect here: a diff and a baseline always mask identifying values
  --report FILE                 write the comparison as one self-contained HTML file (Markdown when FILE
                                ends in .md; "-" is stdout) instead of printing it; --force overwrites

Rows are new, gone, changed or same, with each count before, after and its delta, and requests per
hour of each side's time span, so captures of different lengths compare fairly; a row seen on one side
only is caveated when the other side was too short to expect it. Identifying values are always masked.
Exit codes: 0 ok, 1 a side could not be read, 2 usage error, 3 --fail-on found what it was told to fail on.`;

type DiffOptions = {
	before: string[];
	after: string[];
	baseline: string | undefined;
	saveBaseline: string | undefined;
	failOn: DiffFlag[] | undefined;
	output: OutputFormat;
	views: string[];
	filter: string;
	type: string | undefined;
	rules: string | undefined;
	trackerDbs: string[];
	map: Record<string, string>;
	showSecrets: boolean;
	/** `--report FILE`: the comparison as an HTML (or Markdown) report; `--force` overwrites FILE. */
	report: string | undefined;
	force: boolean;
	print: boolean;
	/** `--no-mouse`: the compare UI leaves the mouse to the terminal (selecting text). */
	noMouse?: boolean;
	help: boolean;
};

function parseDiffCli(argv: readonly string[], subcommand: boolean): DiffOptions {
	const parsed = parseArgv(argv, SPEC);
	const v = parsed.values;
	const output = v.output ?? 'table';
	if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) throw new UsageError(`--output must be one of ${OUTPUT_FORMATS.join(', ')} (got "${output}")`);
	const views = v.view === undefined ? [...DIFF_VIEW_NAMES] : v.view.split(',').map((s) => s.trim()).filter(Boolean);
	for (const name of views) if (!DIFF_VIEW_NAMES.includes(name)) throw new UsageError(`diff: unknown view "${name}"; compared views: ${DIFF_VIEW_NAMES.join(', ')}`);
	// A CSV file is one table: the diff of one view (never several run together with `# view` lines).
	if (output === 'csv' && views.length !== 1) throw new UsageError(`diff --output csv holds one view: pick it with --view NAME (compared views: ${DIFF_VIEW_NAMES.join(', ')})`);
	let failOn: DiffFlag[] | undefined;
	if (v['fail-on'] !== undefined) {
		const g = parseDiffGates(v['fail-on']);
		if ('error' in g) throw new UsageError(g.error);
		failOn = g.gates;
	}
	const map = columnMap(v.map);
	const positionals = parsed.positionals;
	if (v.help) return {before: [], after: [], baseline: undefined, saveBaseline: undefined, failOn, output: output as OutputFormat, views, filter: '', type: undefined, rules: undefined, trackerDbs: [], map, showSecrets: false, print: false, report: undefined, force: false, help: true};
	let before = v.before ?? [];
	let after = [...(v.after ?? [])];
	const baseline = v.baseline;
	const saveBaseline = v['save-baseline'];
	if (baseline !== undefined || before.length > 0) {
		if (baseline !== undefined && before.length > 0) throw new UsageError('diff: --baseline and --before both name the BEFORE side; give one');
		after.push(...positionals);
	} else if (subcommand) {
		if (positionals.length !== 2 || after.length > 0) throw new UsageError('diff takes BEFORE and AFTER (or --before … --after …, or --baseline FILE INPUT…)');
		before = [positionals[0]!];
		after = [positionals[1]!];
	} else {
		// `--save-baseline FILE INPUT…` alone: one side, saved.
		after.push(...positionals);
	}
	if (after.length === 0 && !(saveBaseline !== undefined && !subcommand && baseline === undefined)) throw new UsageError('diff: the AFTER side has no input');
	if ([...before, ...after].filter((p) => p === '-').length > 1) throw new UsageError('diff: only one side can read stdin (-)');
	return {
		before,
		after,
		baseline,
		saveBaseline,
		failOn,
		report: v.report,
		force: v.force === true,
		output: output as OutputFormat,
		views,
		filter: v.filter ?? '',
		type: v.type,
		rules: v.rules,
		trackerDbs: v['tracker-db'] ?? [],
		map,
		showSecrets: v['show-secrets'] === true,
		print: v.print === true,
		noMouse: v['no-mouse'] === true,
		help: false,
	};
}

/** A side given as one path that holds a saved baseline. */
function baselineAt(paths: readonly string[]): string | undefined {
	if (paths.length !== 1 || paths[0] === '-') return undefined;
	try {
		if (!statSync(paths[0]!).isFile()) return undefined;
		const fd = readFileSync(paths[0]!, {encoding: 'utf8', flag: 'r'}).slice(0, 200);
		return looksLikeBaseline(fd) ? paths[0] : undefined;
	} catch {
		return undefined;
	}
}

function loadBaseline(file: string): Summary & {readonly savedFilter?: string} {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new UsageError(`${file}: cannot read the baseline: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	const parsed = parseBaseline(text, file);
	if ('error' in parsed) throw new UsageError(parsed.error);
	return {...parsed.baseline.summary, savedFilter: parsed.baseline.filter};
}

/** What the main command lends the diff (passed in, so the two modules do not import each other). */
export type DiffContext = {
	readonly subcommand: boolean;
	readonly prepare: (options: {views: undefined; type: string | undefined; map: Record<string, string>; rules: string | undefined; trackerDbs: string[]; showSecrets: boolean}) => {ingest: IngestOptions};
	readonly reportDiagnostics: (store: RecordStore, stderr: NodeJS.WritableStream) => void;
	readonly version: () => string;
};
type Prepared = {ingest: IngestOptions};

/**
A side: a saved baseline's summary, or a store read from inputs. A store is summarised only once both
sides are read: the sides share one classifier, so what one teaches it (whose servers are the user's
own) labels the other too, and the same host gets the same label on both sides.
*/
type Side = {readonly label: 'before' | 'after'; readonly summary?: Summary; readonly engine?: QueryEngine; readonly store?: RecordStore};

const summaryOf = (side: Side, filter: string): Summary => side.summary ?? summarize(side.engine!, filter);

async function readSide(label: 'before' | 'after', paths: readonly string[], options: DiffOptions, prepared: Prepared, io: Io, context: DiffContext, interactive: boolean): Promise<Side | {code: number}> {
	const saved = baselineAt(paths);
	if (saved) return {label, summary: loadBaseline(saved)};
	const {sources, problems} = await resolveInputs(paths, {stdin: io.stdin, follow: false});
	// The UI reads records back (record detail, the records view); so do free-text and path filters.
	const readsRecords = interactive || parseFilter(options.filter).terms.some((t) => t.field === undefined || t.field === 'path');
	const store = new RecordStore({spool: readsRecords, classifier: prepared.ingest.classifier});
	await ingestAll(sources, problems, store, prepared.ingest);
	if (!store.inputs.some((i) => i.status === 'done' || i.records > 0)) {
		io.stderr.write(`telemetry-tui: diff: nothing could be read for the ${label.toUpperCase()} side\n`);
		context.reportDiagnostics(store, io.stderr);
		store.close();
		return {code: 1};
	}
	context.reportDiagnostics(store, io.stderr);
	const engine = new QueryEngine(store);
	return {label, engine, store};
}

function writeBaseline(file: string, summary: Summary, filter: string, version: string): void {
	const text = baselineText(baselineOf(summary, {tool: `telemetry-tui ${version}`, created: new Date(), filter}));
	// Written beside and renamed, so a cron job never leaves half a baseline.
	const tmp = `${file}.tmp-${process.pid}`;
	writeFileSync(tmp, text, {mode: 0o600});
	renameSync(tmp, file);
}

/** Print a diff in one output format. */
export async function printDiff(result: DiffResult, format: OutputFormat, views: readonly string[], out: NodeJS.WritableStream): Promise<void> {
	const chosen = result.views.filter((v) => views.includes(v.spec.name));
	if (format === 'json') {
		const doc = diffDocument(result, views);
		out.write(`${JSON.stringify(doc, (_, value: unknown) => (typeof value === 'string' ? sanitizeText(value) : value), 2)}\n`);
		return;
	}
	if (format === 'ndjson') {
		const lines = chosen.flatMap((v) => v.rows.map((r) => JSON.stringify({view: v.spec.name, ...diffRowJson(r)}, (_, value: unknown) => (typeof value === 'string' ? sanitizeText(value) : value))));
		out.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
		return;
	}
	const compared = chosen.filter((v) => v.rows.length > 0 || format === 'csv').map((v) => flatDiffView(v.spec, v.rows, format !== 'csv'));
	const printed: PrintedView[] = format === 'csv' ? compared : [sidesView(result), ...compared];
	if (format !== 'csv') {
		const {new: n, gone, changed, same} = result.counts;
		const head = [`${n} new, ${gone} gone, ${changed} changed, ${same} same.`, ...result.caveats];
		out.write(format === 'markdown' ? `${head.map((l) => `> ${sanitizeText(l)}`).join('\n')}\n\n` : `${head.map(sanitizeText).join('\n')}\n\n`);
	}
	await writeViews(out, format, printed, undefined as unknown as RecordStore);
}

/** The UI in compare mode; undefined when there is no terminal for keys (then the caller prints). */
async function compareInteractive(before: Side, after: Side, options: DiffOptions, prepared: Prepared, io: Io): Promise<number | undefined> {
	const {openKeys} = await import('./interactive.js');
	const terminal = openKeys(io.stdin);
	if (!terminal) {
		io.stderr.write('telemetry-tui: no terminal for keys; printing instead\n');
		return undefined;
	}
	const [{runTui}, {noColorRequested}] = await Promise.all([import('../tui/run.js'), import('../tui/theme.js')]);
	try {
		return await runTui({
			store: after.store!,
			compare: before.store ? {before: before.store} : {beforeSummary: before.summary!},
			initialView: options.views.length === DIFF_VIEW_NAMES.length ? 'overview' : options.views[0],
			initialFilter: options.filter,
			startedAt: Date.now(),
			classifier: prepared.ingest.classifier,
			stdin: terminal.keys,
			stdout: io.stdout,
			stderr: io.stderr,
			noColor: noColorRequested(),
			mouse: options.noMouse !== true,
			// Both sides were read before the UI opened.
			ingest: async () => {},
		});
	} finally {
		terminal.opened?.destroy();
		if (terminal.keys !== io.stdin) io.stdin.destroy();
	}
}

export async function runDiff(argv: readonly string[], io: Io, context: DiffContext): Promise<number> {
	let options: DiffOptions;
	let prepared: Prepared;
	try {
		options = parseDiffCli(argv, context.subcommand);
		if (options.help) {
			io.stdout.write(`${DIFF_HELP}\n`);
			// (also for `--baseline FILE --help`: the diff's options are the ones that apply)
			return 0;
		}
		// Read masked whatever --show-secrets says: a diff and a baseline never hold raw identifying values.
		prepared = context.prepare({views: undefined, type: options.type, map: options.map, rules: options.rules, trackerDbs: options.trackerDbs, showSecrets: false});
		if (options.baseline !== undefined) loadBaseline(options.baseline);
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`telemetry-tui: ${sanitizeText(error.message)} (see telemetry-tui diff --help)\n`);
			return 2;
		}
		throw error;
	}
	const sides: Side[] = [];
	try {
		// `--save-baseline FILE INPUT…` alone: read, save, done.
		const saveOnly = options.saveBaseline !== undefined && !context.subcommand && options.baseline === undefined && options.before.length === 0;
		// Compare mode in the UI when a person is looking; print mode for pipes, gates and baselines.
		const interactive = !saveOnly && !options.print && options.failOn === undefined && options.report === undefined && io.stdout.isTTY === true;
		let before: Side | undefined;
		if (interactive) io.stderr.write('telemetry-tui: reading both sides…\n');
		if (!saveOnly) {
			const b = options.baseline !== undefined ? {label: 'before' as const, summary: loadBaseline(options.baseline)} : await readSide('before', options.before, options, prepared, io, context, interactive);
			if ('code' in b) return b.code;
			sides.push(b);
			before = b;
		}
		const after = await readSide('after', options.after, options, prepared, io, context, interactive);
		if ('code' in after) return after.code;
		sides.push(after);
		if (options.saveBaseline !== undefined) {
			const s = summaryOf(after, options.filter);
			try {
				writeBaseline(options.saveBaseline, s, options.filter, context.version());
			} catch (error) {
				io.stderr.write(`telemetry-tui: ${sanitizeText(options.saveBaseline)}: cannot write the baseline: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
				return 2;
			}
			io.stderr.write(`telemetry-tui: baseline saved to ${sanitizeText(options.saveBaseline)}: ${s.views['destinations']!.length} destinations, ${s.views['ledger']!.length} ledger rows, ${s.hours === null ? 'no times' : formatHours(s.hours)}\n`);
		}
		if (!before) return 0;
		if (interactive && after.store) {
			const code = await compareInteractive(before, after, options, prepared, io);
			if (code !== undefined) return code;
		}
		const beforeSummary = summaryOf(before, options.filter) as Summary & {savedFilter?: string};
		let result = diffSummaries(beforeSummary, summaryOf(after, options.filter));
		// A baseline was saved under its own filter; --filter narrows only the inputs read now.
		if (beforeSummary.savedFilter !== undefined && beforeSummary.savedFilter !== options.filter) {
			result = {...result, caveats: [...result.caveats, `The BEFORE side is a baseline saved with filter "${beforeSummary.savedFilter}"; AFTER is read with "${options.filter}": rows outside either filter differ for that reason.`]};
		}
		if (options.report !== undefined) {
			const {writeComparisonReport} = await import('./report.js');
			const code = writeComparisonReport(result, options.report, options.force, io, context.version());
			if (code !== 0) return code;
		} else await printDiff(result, options.output, options.views, io.stdout);
		if (options.failOn) {
			const tripped = checkDiffGates(options.failOn, result);
			if (tripped.length > 0) {
				io.stderr.write(`telemetry-tui: --fail-on ${options.failOn.join(',')}: found\n${tripped.map((t) => `  ${sanitizeText(t)}\n`).join('')}`);
				return 3;
			}
		}
		return 0;
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr.write(`telemetry-tui: ${sanitizeText(error.message)}\n`);
			return 2;
		}
		throw error;
	} finally {
		for (const s of sides) s.store?.close();
	}
}

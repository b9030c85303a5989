/**
The command: parse options, resolve inputs, then either open the interactive UI or print views.
Returns the exit code: 0 ok, 1 nothing could be read, 2 usage error.
*/
import {readFileSync} from 'node:fs';
import {createClassifier} from '../classify/classify.js';
import {loadRulesFile} from '../classify/rules-file.js';
import {loadTrackerDbFile} from '../classify/tracker-db-file.js';
import {loadGeo, type Geo} from '../classify/geo.js';
import {explainText} from './explain.js';
import {validateColumnMap} from '../formats/csv/generic.js';
import {FORMATS, findFormat} from '../formats/registry.js';
import {resolveInputs} from '../input/sources.js';
import {formatOrigin} from '../model/records.js';
import {ingestAll, type IngestOptions} from '../pipeline/ingest.js';
import {RecordStore} from '../store/store.js';
import {filterProblem, parseFilter} from '../views/filter.js';
import {QueryEngine} from '../views/query.js';
import {sanitizeText} from '../privacy/sanitize.js';
import {setMaskKey} from '../privacy/mask.js';
import {loadMaskKey} from '../config/mask-key.js';
import {findView, VIEWS} from '../views/registry.js';
import {outputWidth, type Io} from './io.js';
import {setDisplayZone} from '../output/cells.js';
import {earlyScreen, type EarlyScreen} from '../tui/screen.js';
import {helpText, parseCli, UsageError, type CliOptions} from './options.js';
import {printViews} from './print.js';
import {groupsByDomain} from '../views/registry.js';
import {blocklistText} from '../audit/blocklist.js';
import {checkGates} from '../audit/gate.js';
import {defaultMarksPath, emptyMarks, loadMarks} from '../audit/marks.js';
import type {DestinationRow} from '../views/destinations.js';

export type {Io} from './io.js';

function version(): string {
	// dist/cli/main.js and the bundle dist/telemetry-tui.mjs sit at different depths below package.json.
	for (const up of ['../../package.json', '../package.json']) {
		try {
			const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {name?: string; version: string};
			if (pkg.name === 'telemetry-tui') return pkg.version;
		} catch {
			// not at this depth
		}
	}
	return 'unknown';
}

/** Validate everything that does not need the inputs; throws UsageError. */
function prepare(options: Pick<CliOptions, 'views' | 'type' | 'map' | 'rules' | 'trackerDbs' | 'showSecrets'> & {readonly showIdentifiers?: boolean; readonly filter?: string | undefined; readonly logTz?: string | undefined; readonly geoDbs?: readonly string[]}): {ingest: Omit<IngestOptions, 'signal' | 'onRecord'>; geo?: Geo} {
	for (const name of options.views ?? []) {
		if (!findView(name)) throw new UsageError(`unknown view "${name}"; views: ${VIEWS.map((v) => v.name).join(', ')}`);
	}
	const problem = options.filter === undefined ? undefined : filterProblem(options.filter);
	if (problem) throw new UsageError(`--filter: ${problem}`);
	const type = options.type === undefined ? undefined : findFormat(options.type);
	if (options.type !== undefined && !type) throw new UsageError(`unknown --type "${options.type}"; formats: ${FORMATS.map((f) => f.name).join(', ')}`);
	const mapError = validateColumnMap(options.map);
	if (mapError) throw new UsageError(mapError);
	let extraRules: ReturnType<typeof loadRulesFile> = {ok: true, rules: []};
	if (options.rules !== undefined) {
		extraRules = loadRulesFile(options.rules);
		if (!extraRules.ok) throw new UsageError(extraRules.error);
	}
	const trackerDbs = options.trackerDbs.map((file) => {
		const loaded = loadTrackerDbFile(file);
		if (!loaded.ok) throw new UsageError(loaded.error);
		return loaded.db;
	});
	let geo: Geo | undefined;
	if (options.geoDbs && options.geoDbs.length > 0) {
		const loaded = loadGeo(options.geoDbs);
		if (!loaded.ok) throw new UsageError(`--geo-db ${loaded.error}`);
		geo = loaded.geo;
	}
	return {
		...(geo ? {geo} : {}),
		ingest: {
			formats: FORMATS,
			type,
			classifier: createClassifier(extraRules.ok ? extraRules.rules : [], {trackerDbs, ...(options.rules ? {userRulesName: options.rules} : {})}),
			showSecrets: options.showSecrets,
			showIdentifiers: options.showIdentifiers === true,
			logZone: options.logTz,
			formatOptions: Object.keys(options.map).length > 0 ? {map: options.map} : undefined,
		},
	};
}

/**
Key masks with the user's own key, so they are stable across this user's runs (baselines, diffs, a
report beside yesterday's) and mean nothing to anyone else. Every mode that reads input calls this.
*/
function keyMasksForUser(io: Io): void {
	const maskKey = loadMaskKey(process.env);
	setMaskKey(maskKey.key);
	if (maskKey.note) io.stderr.write(`telemetry-tui: ${sanitizeText(maskKey.note)}\n`);
}

export async function main(argv: readonly string[], io: Io, started?: EarlyScreen): Promise<number> {
	try {
		return await mainIn(argv, io, started);
	} finally {
		started?.restore();
	}
}

async function mainIn(argv: readonly string[], io: Io, started: EarlyScreen | undefined): Promise<number> {
	// Subcommands come first; a file named like one is still read as `./report`. They run their own way
	// (print, or the compare UI), so the early screen is given back first.
	const subcommand = argv[0] === 'report' || argv[0] === 'diff' || argv.some((a) => a === '--baseline' || a === '--save-baseline' || a.startsWith('--baseline=') || a.startsWith('--save-baseline='));
	if (subcommand) started?.restore();
	if (subcommand && !argv.includes('--help') && !argv.includes('-h')) keyMasksForUser(io);
	if (argv[0] === 'report') return (await import('./report.js')).runReport(argv.slice(1), io, {prepare, version});
	// `diff BEFORE AFTER`, and baselines (`--baseline FILE`, `--save-baseline FILE`): source/cli/diff.ts.
	if (argv[0] === 'diff' || argv.some((a) => a === '--baseline' || a === '--save-baseline' || a.startsWith('--baseline=') || a.startsWith('--save-baseline='))) {
		const {runDiff} = await import('./diff.js');
		return runDiff(argv[0] === 'diff' ? argv.slice(1) : argv, io, {subcommand: argv[0] === 'diff', prepare, reportDiagnostics, version});
	}
	let options: CliOptions;
	let prepared: ReturnType<typeof prepare>;
	try {
		options = parseCli(argv);
		if (options.help) {
			io.stdout.write(`${helpText(VIEWS, FORMATS, outputWidth(io.stdout))}\n`);
			return 0;
		}
		if (options.version) {
			io.stdout.write(`${version()}\n`);
			return 0;
		}
		prepared = prepare(options);
		setDisplayZone(options.tz);
	} catch (error) {
		if (error instanceof UsageError) {
			started?.restore();
			// Usage errors quote what was typed, which may be a hostile file name passed along by a script.
			io.stderr.write(`telemetry-tui: ${sanitizeText(error.message)} (see --help)\n`);
			return 2;
		}
		throw error;
	}

	// `--explain HOST` alone reads nothing (not even a piped stdin): it explains with no input's knowledge.
	if (options.explain !== undefined && options.paths.length === 0) {
		io.stdout.write(explainText(prepared.ingest.classifier, options.explain));
		return 0;
	}
	if (!options.showSecrets) keyMasksForUser(io);
	// The UI will run: take the screen and stop the terminal echoing keys now, before inputs are resolved
	// and Ink is loaded (keys typed meanwhile wait for the UI).
	const wantsUi = !options.print && options.blocklist === undefined && options.failOn === undefined && options.explain === undefined && io.stdout.isTTY === true && io.stdin.isTTY === true;
	if (!wantsUi) started?.restore();
	const early = wantsUi ? (started ?? earlyScreen(io.stdout, io.stdin, options.paths.length > 0 ? `reading ${sanitizeText(options.paths.join(', '))}` : 'reading stdin')) : undefined;
	try {
		return await afterStart(options, prepared, io, early);
	} finally {
		early?.restore();
	}
}

async function afterStart(options: CliOptions, prepared: ReturnType<typeof prepare>, io: Io, early: EarlyScreen | undefined): Promise<number> {
	const {sources, problems} = await resolveInputs(options.paths, {stdin: io.stdin, follow: options.follow});
	if (sources.length === 0 && problems.length === 0) {
		early?.restore();
		io.stderr.write('telemetry-tui: no input: give a HAR file, a log, a folder, or pipe data on stdin (see --help)\n');
		return 2;
	}
	const interactive = !options.print && options.blocklist === undefined && options.failOn === undefined && options.explain === undefined && io.stdout.isTTY === true;
	// Full records are spooled to a private temporary file when something will read them back: the UI
	// (record detail, records view), the records view, or a filter on paths or free text.
	const readsRecords = interactive || (options.views ?? []).includes('records') || parseFilter(options.filter ?? '').terms.some((t) => t.field === undefined || t.field === 'path');
	const store = new RecordStore({spool: readsRecords, classifier: prepared.ingest.classifier, ...(prepared.geo ? {geo: prepared.geo} : {})});
	try {
		return await run(options, prepared, io, store, interactive, sources, problems, early);
	} finally {
		store.close();
	}
}

async function run(
	options: CliOptions,
	prepared: ReturnType<typeof prepare>,
	io: Io,
	store: RecordStore,
	interactive: boolean,
	sources: Awaited<ReturnType<typeof resolveInputs>>['sources'],
	problems: Awaited<ReturnType<typeof resolveInputs>>['problems'],
	early?: EarlyScreen,
): Promise<number> {
	if (interactive) {
		const {startInteractive} = await import('./interactive.js');
		const code = await startInteractive({options, io, store, sources, problems, ingest: prepared.ingest, early});
		if (code !== undefined) return code;
		// No terminal to read keys from: fall through to print mode.
	}

	// Ctrl-C or SIGTERM while reading: stop reading, print what was read, exit 130 / 143 (interrupted).
	// A second signal finds no handler and ends the process at once.
	const controller = new AbortController();
	let interrupted: 'SIGINT' | 'SIGTERM' | undefined;
	const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
		interrupted = signal;
		controller.abort();
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	const streamNdjson = options.output === 'ndjson' && (options.views ?? []).length === 1 && options.views?.[0] === 'records' && !options.filter;
	await ingestAll(sources, problems, store, {
		...prepared.ingest,
		signal: controller.signal,
		...(streamNdjson ? {onRecord: (r) => (io.stdout.write(`${JSON.stringify(r)}\n`), false)} : {}),
	});
	process.off('SIGINT', stop);
	process.off('SIGTERM', stop);
	const marks = options.newOnly ? loadMarks(options.marks ?? defaultMarksPath()) : {marks: emptyMarks()};
	if ('error' in marks) {
		io.stderr.write(`telemetry-tui: ${sanitizeText(marks.error)}\n`);
		return 2;
	}
	// An input that failed part-way (a truncated gzip) still gave what was read before the damage.
	const anyRead = store.inputs.some((i) => i.status === 'done' || i.records > 0);
	if (!anyRead) {
		reportDiagnostics(store, io.stderr);
		return 1;
	}
	const engine = new QueryEngine(store);
	if (options.explain !== undefined) {
		io.stdout.write(explainText(prepared.ingest.classifier, options.explain));
	} else if (options.blocklist) {
		// Per domain or not, a blocklist is decided host by host (source/audit/blocklist.ts).
		const rows = engine.rows('destinations', options.filter) as unknown as DestinationRow[];
		const {text} = blocklistText(rows, prepared.ingest.classifier, options.blocklist, {include: new Set(options.blocklistInclude), perDomain: options.group === 'domain'});
		io.stdout.write(text);
		if (options.group === 'domain' && options.blocklist === 'hosts') io.stderr.write('telemetry-tui: --group domain: a hosts file cannot block subdomains, so it lists every host (dnsmasq, adguard and unbound take one entry per domain)\n');
	} else if (!streamNdjson) {
		try {
			const written = await printViews(engine, options, io.stdout, marks.marks, options.wide ? undefined : outputWidth(io.stdout));
			if (prepared.geo && (options.views ?? ['destinations']).includes('destinations')) {
				// How far the geo databases reached: destinations without an address cannot be placed.
				const rows = engine.rows('destinations', options.filter) as unknown as DestinationRow[];
				const addressed = rows.filter((r) => r.address !== undefined);
				const found = addressed.filter((r) => r.country !== undefined || r.network !== undefined);
				io.stderr.write(`telemetry-tui: --geo-db ${prepared.geo.names.map(sanitizeText).join(', ')}: ${addressed.length} of ${rows.length} destinations have a server address in the input, ${found.length} of those found\n`);
			}
			if (options.group === 'domain') {
				const asIs = (options.views ?? ['destinations']).filter((v) => !groupsByDomain(v));
				if (asIs.length > 0) io.stderr.write(`telemetry-tui: --group domain groups destinations, ledger and identifiers; ${asIs.join(', ')} ${asIs.length === 1 ? 'has' : 'have'} no hosts to group and ${asIs.length === 1 ? 'is' : 'are'} printed as ${asIs.length === 1 ? 'it is' : 'they are'}\n`);
			}
			for (const path of written) io.stderr.write(`telemetry-tui: wrote ${sanitizeText(path)}\n`);
		} catch (error) {
			const e = error as NodeJS.ErrnoException;
			if (!e.code) throw error;
			// ELOOP: the name is a symbolic link, which is never followed.
			io.stderr.write(`telemetry-tui: cannot write ${sanitizeText(e.path ?? options.outputDir ?? '')}: ${e.code === 'ELOOP' ? 'it is a symbolic link' : sanitizeText(e.message)}\n`);
			return 1;
		}
	}
	reportDiagnostics(store, io.stderr);
	if (interrupted) return interrupted === 'SIGINT' ? 130 : 143;
	if (options.failOn) {
		const tripped = checkGates(options.failOn, engine.rows('destinations', options.filter) as unknown as DestinationRow[]);
		if (tripped.length > 0) {
			io.stderr.write(`telemetry-tui: --fail-on ${options.failOn.join(',')}: found\n${tripped.map((t) => `  ${t}\n`).join('')}`);
			return 3;
		}
	}
	return 0;
}

/**
Diagnostics go to stderr in print mode: the first few in full, then a count. Errors come first: a read
error after a burst of warnings (a corrupt gzip decodes garbage lines before zlib notices) must show.
*/
export function reportDiagnostics(store: RecordStore, stderr: NodeJS.WritableStream, limit = 20): void {
	const errors = store.diagnostics.filter((d) => d.severity === 'error');
	const shown = (errors.length >= limit ? errors : [...errors, ...store.diagnostics.filter((d) => d.severity !== 'error')]).slice(0, limit);
	for (const d of shown) stderr.write(`telemetry-tui: ${formatOrigin(d.origin)}: ${d.severity}: ${d.message}\n`);
	const {error, warning, info} = store.diagnosticCounts;
	const more = error + warning + info - shown.length;
	if (more > 0) stderr.write(`telemetry-tui: … and ${more.toLocaleString('en-US')} more diagnostics (see --view overview)\n`);
}

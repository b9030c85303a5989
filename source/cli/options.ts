/**
Command-line options as data: the parser, the validation and `--help` all come from this table.
*/
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {BLOCKLIST_FORMATS, BLOCKLIST_INCLUDES, type BlocklistFormat, type BlocklistInclude} from '../audit/blocklist.js';
import {parseGates, type Gate} from '../audit/gate.js';
import {wrapWords} from '../output/fit.js';
import {OUTPUT_FORMATS, type OutputFormat} from '../output/write.js';
import {FILTER_FIELDS} from '../views/filter.js';
import {GROUPINGS, type Grouping} from '../views/domains.js';
import {resolveZone} from '../model/zone.js';

export type OptionSpec = {
	readonly name: string;
	readonly short?: string;
	readonly type: 'boolean' | 'string';
	readonly multiple?: boolean;
	readonly value?: string;
	readonly help: string;
};

export const OPTIONS: readonly OptionSpec[] = [
	{name: 'print', short: 'p', type: 'boolean', help: 'print tables and exit (the default when stdout is not a terminal)'},
	{name: 'view', short: 'v', type: 'string', value: 'NAME[,NAME…]', help: 'views to print (default: destinations); see VIEWS below'},
	{name: 'output', short: 'o', type: 'string', value: 'FORMAT', help: `print format: ${OUTPUT_FORMATS.join(', ')} (default: table)`},
	{name: 'wide', short: 'w', type: 'boolean', help: 'table output: every column and every cell whole (by default the table fits $COLUMNS or the terminal, 80 when unknown)'},
	{name: 'output-dir', type: 'string', value: 'DIR', help: 'write each view to its own file in DIR (destinations.csv, …) instead of stdout; needed for CSV of several views'},
	{name: 'tz', type: 'string', value: 'ZONE', help: 'show times in ZONE: UTC, local (the default) or an Area/City name; data formats write ISO 8601 with its offset'},
	{name: 'log-tz', type: 'string', value: 'ZONE', help: 'the zone of logs that write local time without an offset (Emby): UTC (the default), local or Area/City'},
	{name: 'type', short: 't', type: 'string', value: 'FORMAT', help: 'skip detection and read every input as this format'},
	{name: 'group', short: 'g', type: 'string', value: 'BY', help: 'domain: group by registrable domain (eTLD+1): a Destinations row per domain, domains in the ledger\'s and identifiers\' host columns, --blocklist one entry per domain where safe; host: as they are (the default); z in the UI'},
	{name: 'filter', short: 'f', type: 'string', value: 'EXPR', help: 'narrow every view, e.g. "party:third !host:plex.tv" (same language as / in the UI)'},
	{name: 'rules', type: 'string', value: 'FILE', help: 'extra host rules (JSON) that extend and override the built-in table'},
	{name: 'tracker-db', type: 'string', multiple: true, value: 'FILE', help: 'a tracker database to ask for hosts no rule knows: Ghostery trackerdb.json, DuckDuckGo tds.json, Disconnect services.json (repeatable)'},
	{name: 'geo-db', type: 'string', multiple: true, value: 'FILE', help: 'a MaxMind DB file (GeoLite2-Country/ASN, or the CC0 ip-location-db .mmdb files) for the country and network (ASN) of destination addresses: Destinations\' Address, Country and Network columns (repeatable; read offline, nothing bundled)'},
	{name: 'explain', type: 'string', value: 'HOST', help: 'print how HOST is classified and why (after reading the inputs, if any)'},
	{name: 'map', type: 'string', multiple: true, value: 'COLUMN=FIELD', help: 'generic CSV: map a column to a record field (repeatable)'},
	{name: 'follow', short: 'F', type: 'boolean', help: 'keep reading files as they grow and across rotation (like tail -F); in a folder, every file but .gz archives (files added later are not picked up); many files are polled less often (every N ms for N files, 250 ms at least)'},
	{name: 'show-secrets', type: 'boolean', help: 'show tokens, cookies, identifiers and addresses unmasked (they are masked by default)'},
	{name: 'show-identifiers', type: 'boolean', help: 'show identifiers and personal data (client ids, addresses, names) unmasked; tokens and cookies stay redacted'},
	{name: 'blocklist', short: 'b', type: 'string', value: 'FORMAT', help: 'print a blocklist of the third-party, ads and vendor-analytics hosts found: hosts, dnsmasq, adguard, unbound'},
	{name: 'blocklist-include', type: 'string', value: 'KINDS', help: 'blocklists (--blocklist, B in the UI) also block these, left out by default: unknown (hosts no rule or database knows), metadata (providers of titles and posters: blocking them breaks library matching); comma list'},
	{name: 'fail-on', type: 'string', value: 'KINDS', help: 'exit 3 with a summary on stderr when destinations of these kinds are found (comma list): third-party, vendor, vendor-analytics, ads, unknown, crash-reporting'},
	{name: 'baseline', type: 'string', value: 'FILE', help: 'compare the inputs against a saved baseline (as `diff FILE INPUT…`; see `telemetry-tui diff --help`)'},
	{name: 'save-baseline', type: 'string', value: 'FILE', help: 'save a baseline of the inputs (masked values only) for later --baseline runs, and print nothing else'},
	{name: 'no-mouse', type: 'boolean', help: 'the UI leaves the mouse to the terminal, so dragging selects text as usual (with the mouse on — the wheel scrolls, a click selects a tab or row, a double click opens it — hold Shift while dragging to select text in most terminals)'},
	{name: 'marks', type: 'string', value: 'FILE', help: 'review marks file (default: ~/.config/telemetry-tui/marks.json)'},
	{name: 'new-only', type: 'boolean', help: 'destinations: only those not marked as reviewed'},
	{name: 'help', short: 'h', type: 'boolean', help: 'show this help'},
	{name: 'version', short: 'V', type: 'boolean', help: 'show the version'},
];

export type CliOptions = {
	print: boolean;
	views: string[] | undefined;
	output: OutputFormat;
	wide: boolean;
	outputDir: string | undefined;
	/** Resolved IANA zone names. */
	tz: string;
	logTz: string | undefined;
	type: string | undefined;
	filter: string | undefined;
	/** `--group domain`: views grouped by registrable domain where they have hosts to group. */
	group: Grouping;
	rules: string | undefined;
	trackerDbs: string[];
	/** `--geo-db` files. */
	geoDbs: string[];
	explain: string | undefined;
	map: Record<string, string>;
	follow: boolean;
	showSecrets: boolean;
	showIdentifiers: boolean;
	blocklist: BlocklistFormat | undefined;
	blocklistInclude: BlocklistInclude[];
	failOn: Gate[] | undefined;
	marks: string | undefined;
	newOnly: boolean;
	/** `--no-mouse`: no mouse reports in the UI (the terminal keeps text selection). */
	noMouse: boolean;
	help: boolean;
	version: boolean;
	paths: string[];
};

export class UsageError extends Error {}

function zoneOption(name: string, value: string | undefined): string | undefined {
	if (value === undefined) return undefined;
	const zone = resolveZone(value);
	if (!zone) throw new UsageError(`--${name} must be UTC, local or a zone name such as Europe/Berlin (got "${value}")`);
	return zone;
}

/** node:util's parseArgs option table. */
type ArgSpec = NonNullable<ParseArgsConfig['options']>;

/** A command's options (a list of `OptionSpec`) as node:util's parseArgs takes them. */
export function argSpec(options: readonly OptionSpec[]): ArgSpec {
	return Object.fromEntries(options.map((o) => [o.name, {type: o.type, ...(o.short ? {short: o.short} : {}), ...(o.multiple ? {multiple: true} : {})}]));
}

/** Parse a command line (options anywhere, then inputs); what is wrong with it is a usage error. */
export function parseArgv<const T extends ArgSpec>(argv: readonly string[], options: T) {
	try {
		return parseArgs({args: [...argv], options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
	}
}

/** `--map COLUMN=FIELD` values as a column map. Own properties only: a column named `__proto__` is a column like any other. */
export function columnMap(values: readonly string[] | undefined): Record<string, string> {
	const pairs: Array<[string, string]> = [];
	for (const m of values ?? []) {
		const eq = m.indexOf('=');
		if (eq <= 0 || eq === m.length - 1) throw new UsageError(`--map takes COLUMN=FIELD (got "${m}")`);
		pairs.push([m.slice(0, eq), m.slice(eq + 1)]);
	}
	return Object.fromEntries(pairs);
}

/** Every reading option at its default, for the commands that take only some of them (report). */
export function defaultCliOptions(paths: string[]): CliOptions {
	return {
		print: false,
		views: undefined,
		output: 'table',
		wide: false,
		outputDir: undefined,
		tz: 'UTC',
		logTz: undefined,
		type: undefined,
		filter: undefined,
		group: 'host',
		rules: undefined,
		trackerDbs: [],
		geoDbs: [],
		explain: undefined,
		map: {},
		follow: false,
		showSecrets: false,
		showIdentifiers: false,
		blocklist: undefined,
		blocklistInclude: [],
		failOn: undefined,
		marks: undefined,
		newOnly: false,
		noMouse: true,
		help: false,
		version: false,
		paths,
	};
}

export function parseCli(argv: readonly string[]): CliOptions {
	const parsed = parseArgv(argv, argSpec(OPTIONS));
	const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
	const output = (v['output'] as string | undefined) ?? 'table';
	if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) throw new UsageError(`--output must be one of ${OUTPUT_FORMATS.join(', ')} (got "${output}")`);
	const map = columnMap(v['map'] as string[] | undefined);
	const blocklist = v['blocklist'] as string | undefined;
	if (blocklist !== undefined && !(BLOCKLIST_FORMATS as readonly string[]).includes(blocklist)) throw new UsageError(`--blocklist must be one of ${BLOCKLIST_FORMATS.join(', ')} (got "${blocklist}")`);
	const includes = ((v['blocklist-include'] as string | undefined) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
	for (const i of includes) if (!(BLOCKLIST_INCLUDES as readonly string[]).includes(i)) throw new UsageError(`--blocklist-include takes ${BLOCKLIST_INCLUDES.join(', ')} (got "${i}")`);
	const group = (v['group'] as string | undefined) ?? 'host';
	if (!(GROUPINGS as readonly string[]).includes(group)) throw new UsageError(`--group must be one of ${GROUPINGS.join(', ')} (got "${group}")`);
	let failOn: Gate[] | undefined;
	if (typeof v['fail-on'] === 'string') {
		const g = parseGates(v['fail-on']);
		if ('error' in g) throw new UsageError(g.error);
		failOn = g.gates;
	}
	const views = typeof v['view'] === 'string' ? v['view'].split(',').map((s) => s.trim()).filter(Boolean) : undefined;
	if (output === 'csv' && (views?.length ?? 0) > 1 && v['output-dir'] === undefined) {
		throw new UsageError(`CSV holds one view, and ${views!.length} were asked for (${views!.join(', ')}): add --output-dir DIR for one file per view, or print one view at a time`);
	}
	return {
		print: v['print'] === true,
		views,
		output: output as OutputFormat,
		wide: v['wide'] === true,
		tz: zoneOption('tz', (v['tz'] as string | undefined) ?? 'local')!,
		logTz: zoneOption('log-tz', v['log-tz'] as string | undefined),
		outputDir: v['output-dir'] as string | undefined,
		type: v['type'] as string | undefined,
		filter: v['filter'] as string | undefined,
		group: group as Grouping,
		rules: v['rules'] as string | undefined,
		trackerDbs: (v['tracker-db'] as string[] | undefined) ?? [],
		geoDbs: (v['geo-db'] as string[] | undefined) ?? [],
		explain: v['explain'] as string | undefined,
		map,
		follow: v['follow'] === true,
		showSecrets: v['show-secrets'] === true,
		showIdentifiers: v['show-identifiers'] === true,
		blocklist: blocklist as BlocklistFormat | undefined,
		blocklistInclude: includes as BlocklistInclude[],
		failOn,
		marks: v['marks'] as string | undefined,
		newOnly: v['new-only'] === true,
		noMouse: v['no-mouse'] === true,
		help: v['help'] === true,
		version: v['version'] === true,
		paths: parsed.positionals,
	};
}

/** `  left  text` with the text wrapped at word boundaries and its continuation lines under its start. */
function hanging(left: string, text: string, indent: number, width: number): string[] {
	const lines = wrapWords(text, Math.max(20, width - indent));
	return lines.map((line, k) => `${(k === 0 ? left : '').padEnd(indent)}${line}`);
}

/** `--help`, wrapped to `width` columns (the terminal's, 80 when unknown), with option and view descriptions aligned. */
export function helpText(views: ReadonlyArray<{name: string; description: string}>, formats: ReadonlyArray<{name: string; title: string}>, width = 80): string {
	const left = (o: OptionSpec): string => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
	const optionIndent = Math.max(...OPTIONS.map((o) => left(o).length)) + 4;
	const nameIndent = Math.max(...views.map((v) => v.name.length), ...formats.map((f) => f.name.length)) + 4;
	const prose = (text: string): string[] => wrapWords(text, width);
	const lines = [
		'telemetry-tui — see what a media server and its apps tell the outside world',
		'',
		'Usage:',
		'  telemetry-tui [options] [FILE|FOLDER|-]…   interactive tables (in a terminal)',
		'  telemetry-tui --print [--view V] [--output csv] FILE…',
		'  cat "Plex Media Server.log" | telemetry-tui',
		'  telemetry-tui diff BEFORE AFTER            what changed (see diff --help)',
		'  telemetry-tui --baseline base.json --fail-on new-third-party INPUT…',
		'  telemetry-tui report [--out FILE] FILE…    an HTML report (see report --help)',
		'',
		...prose('Inputs: HAR captures, server logs, exports; folders are read recursively; .gz is read transparently; "-" or a pipe is stdin. The format of each input is detected (or forced with --type).'),
		'',
		'Options:',
		...OPTIONS.flatMap((o) => hanging(`  ${left(o)}`, o.help, optionIndent, width)),
		'',
		'Views:',
		...views.flatMap((v) => hanging(`  ${v.name}`, v.description, nameIndent, width)),
		'',
		'Formats:',
		...formats.flatMap((f) => hanging(`  ${f.name}`, f.title, nameIndent, width)),
		'',
		...prose('Filter (--filter, / in the UI): field:value (contains), field:=value (equals), !term (excludes), plain words (anywhere); terms are ANDed. Fields:'),
		...hanging('', Object.keys(FILTER_FIELDS).join(', '), 2, width),
		'',
		...prose('Exit codes: 0 ok, 1 nothing could be read, 2 usage error, 3 --fail-on found what it was told to fail on, 130/143 interrupted by Ctrl-C/SIGTERM while reading (what was read so far is still printed).'),
		...prose('The tool never opens a network connection. Secrets and identifiers are masked unless --show-secrets.'),
	];
	return lines.join('\n');
}

/**
The inputs every format is tested with. Each fixtures folder (`test/fixtures/<folder>/`) carries a
`fixtures.json` that says, for each format whose fixtures are there:

- `goldens`: its golden inputs, each with its golden `<input>.expected.json` beside it (records and
  diagnostics of `parseAll`, `carried` left out). An input is a file name in the folder, or a path from the
  repository root starting with `/`; or `{file, options, detected}` — options for the parse context (as
  `--map` gives them), `detected: false` when only `--type` reads it;
- `fuzz`: the record-rich text inputs the fuzzers damage (test/fuzz-parsers.test.ts), each with its `unit`
  (`line` or `entry`) and `spans: true` when a record can span lines; or `captures`: binary inputs the
  fuzzers damage by packet;
- `corpus` (optional): cases for the nasty-input corpus, as in test/corpus/expectations.json, with files in
  this folder — a format's corpus case may live here or there;

and `extras`: the other files in the folder (inputs other tests read, notes, generators), each with why.

So adding a format is its source folder, its fixtures folder and the registry line. The registry test
(test/formats-registry.test.ts) fails, naming the format and what is missing, until all are there.
*/
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(ROOT, 'test', 'fixtures');
export const MANIFEST = 'fixtures.json';

/** One golden input: `path` relative to the repository; options for the parse context (as `--map` gives). */
export type GoldenInput = {
	readonly path: string;
	readonly options?: Readonly<Record<string, unknown>>;
	/** False when the input is only read with `--type` (and options): detection is not expected to pick it. */
	readonly detected?: false;
};
/** A format's fixtures: the folder under test/fixtures/ that holds them (and their goldens), and its inputs. */
export type FormatFixtures = {readonly folder: string; readonly inputs: readonly GoldenInput[]};

/** `spans`: some records span several lines (quoted CSV newlines, exception continuation lines). */
export type Valid = {format: string; name: string; text: string; unit: 'line' | 'entry'; spans?: boolean};

/** A corpus case (the fields of test/corpus/expectations.json); `path` is where its file is. */
export type CorpusCase = {
	file: string;
	format?: string;
	big?: boolean;
	via?: 'path' | 'stdin';
	about: string;
	args?: string[];
	exit: number;
	records?: number;
	minRecords?: number;
	stderr?: string[];
	quiet?: boolean;
};

type InputSpec = string | {file: string; options?: Record<string, unknown>; detected?: false};
type Manifest = {
	formats: Record<string, {goldens?: InputSpec[]; fuzz?: Array<{file: string; unit: 'line' | 'entry'; spans?: true}>; captures?: string[]; corpus?: CorpusCase[]}>;
	extras?: Record<string, string>;
};

/** Every fixtures folder that has a manifest, and the manifest. */
export const MANIFESTS: ReadonlyArray<readonly [folder: string, manifest: Manifest]> = readdirSync(FIXTURES, {withFileTypes: true})
	.filter((e) => e.isDirectory() && readdirSync(join(FIXTURES, e.name)).includes(MANIFEST))
	.map((e) => [e.name, JSON.parse(readFileSync(join(FIXTURES, e.name, MANIFEST), 'utf8')) as Manifest] as const);

/** A manifest's file name as a path from the repository root. */
const pathOf = (folder: string, file: string): string => (file.startsWith('/') ? file.slice(1) : `test/fixtures/${folder}/${file}`);
const entries = MANIFESTS.flatMap(([folder, m]) => Object.entries(m.formats).map(([format, spec]) => ({folder, format, spec})));

/** Format name → its golden fixtures. A format missing here fails the registry test. */
export const GOLDENS: Readonly<Record<string, FormatFixtures>> = Object.fromEntries(
	entries.map(({folder, format, spec}) => [
		format,
		{
			folder,
			inputs: (spec.goldens ?? []).map((g): GoldenInput => (typeof g === 'string' ? {path: pathOf(folder, g)} : {...g, path: pathOf(folder, g.file)})),
		},
	]),
);

/** Files in a fixtures folder that are neither a golden input nor a golden, with why they are there. */
export const FIXTURE_EXTRAS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
	MANIFESTS.map(([folder, m]) => [folder, [MANIFEST, ...Object.keys(m.extras ?? {})]]),
);

/** The golden file of an input: `test/fixtures/<folder>/<input file name>.expected.json`. */
export function goldenPath(folder: string, input: GoldenInput): string {
	return join(FIXTURES, folder, `${input.path.split('/').pop()!}.expected.json`);
}

/** One valid, record-rich text input per format (the formats' own fixtures), damaged by the fuzzers. */
export const VALID: readonly Valid[] = entries.flatMap(({folder, format, spec}) =>
	(spec.fuzz ?? []).map((v) => {
		const text = readFileSync(join(ROOT, pathOf(folder, v.file)), 'utf8');
		return {format, name: v.file.split('/').pop()!, text, unit: v.unit, ...(v.spans && {spans: true})};
	}),
);

/** Binary inputs (packet captures) the fuzzers damage by packet: format → file names in its fixtures folder. */
export const CAPTURES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
	entries.flatMap(({format, spec}) => (spec.captures ? [[format, spec.captures]] : [])),
);

/** Corpus cases that fixtures folders carry: the case (its `format` filled in), its folder, its file's path from the root. */
export type FolderCase = {readonly case: CorpusCase; readonly path: string; readonly folder: string};
export const FOLDER_CORPUS: readonly FolderCase[] = entries.flatMap(({folder, format, spec}) =>
	(spec.corpus ?? []).map((c) => ({case: {...c, format}, path: pathOf(folder, c.file), folder})),
);

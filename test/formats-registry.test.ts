/**
Every format in the registry (source/formats/registry.ts), checked the same way, so that a format
cannot be added without its tests:

- its `samples` each sniff highest for it and parse with no error diagnostic (a binary format with
  `magic` and no text samples: its fixtures' magic picks it);
- its golden fixtures (`goldens` in its `test/fixtures/<folder>/fixtures.json`, read by
  test/helpers/format-inputs.ts) parse to their
  `<input>.expected.json` (records and diagnostics; `carried`, the ledger's copy of every header, is
  left out: test/ledger-carried.test.ts checks it). `UPDATE_GOLDEN=1 npx vitest run --project unit
  test/formats-registry.test.ts` rewrites them: read the diff before committing;
- it is fed to the fuzzers (`fuzz` or `captures` there, test/fuzz-parsers.test.ts) and has a case in the
  corpus (`corpus` there, or test/corpus/expectations.json with its `format`), whose small files detection
  reads as that format.

Each failure names the format and what it lacks.
*/
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {detectFormat, detectMagic, HEAD_BYTES, headLines, looksBinary} from '../source/detect/detect.js';
import {FORMATS} from '../source/formats/registry.js';
import {parseAll, type ParseResult} from '../source/formats/run.js';
import type {Format} from '../source/formats/types.js';
import {diagnosticSchema, telemetryRecordSchema} from '../source/model/records.js';
import {CAPTURES, type CorpusCase, FIXTURE_EXTRAS, FIXTURES, FOLDER_CORPUS, GOLDENS, goldenPath, ROOT, VALID} from './helpers/format-inputs.js';
import {shownTime} from './helpers/shown-time.js';

const CORPUS_DIR = join(ROOT, 'test', 'corpus');
/** Every corpus case with the path of its file: test/corpus/expectations.json's and the fixtures folders'. */
const CORPUS = [
	...(JSON.parse(readFileSync(join(CORPUS_DIR, 'expectations.json'), 'utf8')) as {cases: CorpusCase[]}).cases.map((c) => ({case: c, path: join(CORPUS_DIR, 'files', c.file)})),
	...FOLDER_CORPUS.map((c) => ({case: c.case, path: join(ROOT, c.path)})),
];

/** The format detection picks for some bytes (magic first, as the input layer does), or undefined. */
function detected(bytes: Uint8Array): string | undefined {
	const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
	const head = raw.subarray(0, HEAD_BYTES);
	const magic = detectMagic(head, FORMATS);
	if (magic) return magic.name;
	if (looksBinary(head)) return undefined;
	return detectFormat(headLines(Buffer.from(head).toString('utf8')), FORMATS).format?.name;
}

function isWholeJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return !/^\s*[[{]/.test(text); // not JSON at all (CSV): a whole document too
	}
}

/** The golden form of a parse: validated, `carried` left out, times as finalize shows them, as JSON would hold it. */
function goldenOf(result: ParseResult): unknown {
	for (const r of result.records) telemetryRecordSchema.parse(r);
	for (const d of result.diagnostics) diagnosticSchema.parse(d);
	const shown = {records: result.records.map(shownTime), diagnostics: result.diagnostics};
	return JSON.parse(JSON.stringify(shown, (k, v: unknown) => (k === 'carried' ? undefined : v)));
}

describe.each(FORMATS.map((f) => [f.name, f] as const))('%s', (name, format: Format) => {
	it('has samples, each sniffed highest for this format and read with no error', () => {
		if (format.samples.length === 0) {
			expect(format.magic, `${name}: no samples (only a binary format with magic may have none)`).toBeDefined();
			return;
		}
		for (const sample of format.samples) {
			const head = headLines(sample);
			const score = format.sniff(head);
			const best = Math.max(...FORMATS.map((f) => f.sniff(head)));
			expect({format: name, sample: sample.slice(0, 80), score: score > 0 && score >= best}).toEqual({format: name, sample: sample.slice(0, 80), score: true});
			expect(detectFormat(head, FORMATS).format?.name, `${name}: detection of sample ${sample.slice(0, 60)}`).toBe(name);
			// A document format's sample may be the head of a document (then it is truncated, an error): the
			// samples that are whole documents, and every line format's, read without one.
			if (format.kind === 'bytes' && !isWholeJson(sample)) continue;
			const errors = parseAll(format, sample, {file: 'sample'}).diagnostics.filter((d) => d.severity === 'error');
			expect(errors, `${name}: sample parses with errors`).toEqual([]);
		}
	});

	const fixtures = GOLDENS[name];
	it('has golden fixtures (goldens in test/fixtures/<folder>/fixtures.json)', () => {
		expect(fixtures, `${name}: no fixtures folder names it (test/fixtures/<folder>/fixtures.json, "formats": {"${name}": …})`).toBeDefined();
		expect(fixtures!.inputs.length, `${name}: no golden inputs ("goldens" in test/fixtures/${fixtures!.folder}/fixtures.json)`).toBeGreaterThan(0);
		for (const input of fixtures!.inputs) {
			expect(existsSync(join(ROOT, input.path)), `${name}: missing fixture ${input.path}`).toBe(true);
			const golden = goldenPath(fixtures!.folder, input);
			const have = existsSync(golden) || Boolean(process.env['UPDATE_GOLDEN']);
			expect(have, `${name}: missing golden ${golden} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
		}
	});

	it.each((fixtures?.inputs ?? []).map((input) => [basename(input.path), input] as const))('golden: %s', (file, input) => {
		const bytes = readFileSync(join(ROOT, input.path));
		if (input.detected !== false) expect(detected(bytes), `${name}: detection of its fixture ${file}`).toBe(name);
		const actual = goldenOf(parseAll(format, bytes, {file, ...(input.options && {options: input.options})}));
		const expectedPath = goldenPath(fixtures!.folder, input);
		if (process.env['UPDATE_GOLDEN']) writeFileSync(expectedPath, `${JSON.stringify(actual, null, '\t')}\n`);
		expect(actual, `${name}: ${file} differs from its golden`).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
	});

	it('is fed to the fuzzers (fuzz or captures in its fixtures.json)', () => {
		const fuzzed = VALID.filter((v) => v.format === name).length + (CAPTURES[name]?.length ?? 0);
		expect(fuzzed, `${name}: no "fuzz" or "captures" input in its fixtures.json for test/fuzz-parsers.test.ts`).toBeGreaterThan(0);
	});

	it('has a case in the corpus that detection reads as this format', () => {
		const cases = CORPUS.filter((c) => c.case.format === name);
		expect(cases.length, `${name}: no corpus case ("corpus" in its fixtures.json, or "format": "${name}" in test/corpus/expectations.json)`).toBeGreaterThan(0);
		for (const c of cases.filter((x) => !x.case.big)) expect(detected(readFileSync(c.path)), `${name}: corpus file ${c.case.file}`).toBe(name);
	});
});

describe('the lists themselves', () => {
	const names = new Set(FORMATS.map((f) => f.name));

	it('name only registered formats', () => {
		const corpus = CORPUS.flatMap((c) => (c.case.format ? [c.case.format] : []));
		const named = [...Object.keys(GOLDENS), ...VALID.map((v) => v.format), ...Object.keys(CAPTURES), ...corpus];
		const unknown = named.filter((n) => !names.has(n));
		expect(unknown, 'formats named in the test inputs but not in the registry').toEqual([]);
	});

	it('every extra a fixtures.json names is there', () => {
		for (const [folder, extras] of Object.entries(FIXTURE_EXTRAS))
			for (const f of extras) expect(existsSync(join(FIXTURES, folder, f)), `test/fixtures/${folder}/${f}`).toBe(true);
	});

	it('every file in a fixtures folder is a golden input, its golden, or a listed extra', () => {
		for (const folder of new Set(Object.values(GOLDENS).map((g) => g.folder))) {
			const inputs = Object.values(GOLDENS)
				.filter((g) => g.folder === folder)
				.flatMap((g) => g.inputs.map((i) => basename(i.path)));
			const corpus = FOLDER_CORPUS.filter((c) => c.folder === folder).map((c) => c.case.file);
			const known = new Set([...inputs, ...inputs.map((i) => `${i}.expected.json`), ...corpus, ...(FIXTURE_EXTRAS[folder] ?? [])]);
			const stray = readdirSync(join(FIXTURES, folder)).filter((f) => !known.has(f));
			expect(stray, `test/fixtures/${folder}: files its fixtures.json does not name (a golden without input, an input without a format, an extra without why)`).toEqual([]);
		}
	});
});

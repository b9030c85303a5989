/**
Parsing helpers the format tests share: results checked against the record and diagnostic schemas,
input cut into chunks at chosen points, the head lines detection hands to `sniff`, the properties
every line format with self-contained lines must have, and the tests every MediaBrowser-family log has.
*/
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {collector, parseAll, type ParseResult} from '../../source/formats/run.js';
import {type HeaderResult, isContinuation, matchingPatterns, type MessagePattern} from '../../source/formats/mediabrowser/engine.js';
import type {ByteFormat, LineFormat, ParseContext} from '../../source/formats/types.js';
import {diagnosticSchema, telemetryRecordSchema, type TelemetryRecord} from '../../source/model/records.js';
import {shownTime} from './shown-time.js';
import {describeLarge, runs} from './tier.js';

/** Every record and diagnostic is valid by its schema; the result, for chaining. */
export function validate(result: ParseResult): ParseResult {
	for (const r of result.records) telemetryRecordSchema.parse(r);
	for (const d of result.diagnostics) diagnosticSchema.parse(d);
	return result;
}

/** Parse a text with a format, every record and diagnostic checked by its schema. */
export function parseValid(format: LineFormat | ByteFormat, input: string, file: string, chunkSize?: number): ParseResult {
	return validate(parseAll(format, input, {file}, chunkSize));
}

/** Records as a table case expects them: the listed fields of each, in order. */
export type ExpectedRecords = Array<Partial<TelemetryRecord> & Record<string, unknown>>;

/** Like toMatchObject on each record, but a key expected as `undefined` must be absent or undefined. */
export function expectRecords(records: readonly TelemetryRecord[], expected: ExpectedRecords): void {
	expect(records).toHaveLength(expected.length);
	expected.forEach((exp, i) => {
		const record = shownTime(records[i]!) as unknown as Record<string, unknown>;
		expect(record).toMatchObject(Object.fromEntries(Object.entries(exp).filter(([, v]) => v !== undefined)));
		for (const [k, v] of Object.entries(exp)) if (v === undefined) expect(record[k], k).toBeUndefined();
	});
}

/** A table case: real lines (with where they come from) and the records they give. */
export type LineCase = {description: string; notes?: string; input: string; expected: ExpectedRecords};

/** One test per case: its lines parse with no diagnostic to exactly the expected records. */
export function lineCaseTests(cases: readonly LineCase[], parse: (input: string) => ParseResult): void {
	it.each(cases)('$description', ({input, expected}) => {
		const {records, diagnostics} = parse(input);
		expect(diagnostics).toEqual([]);
		expectRecords(records, expected);
	});
}

/**
Every line of a MediaBrowser-family log (Emby, Jellyfin) is an entry that exactly one message pattern reads,
or a continuation of an entry before it (an exception's stack, a wrapped message).
*/
export function expectLinesRecognised(text: string, header: (line: string) => HeaderResult, patterns: readonly MessagePattern[]): void {
	let entry = false;
	for (const line of text.split('\n')) {
		if (line === '') continue;
		const h = header(line);
		if (h.kind === 'entry') {
			entry = true;
			expect(matchingPatterns(patterns, h.message).length, line).toBe(1);
		} else {
			expect(entry && isContinuation(h.body), line).toBe(true);
		}
	}
}

/** A MediaBrowser-family format's message patterns as data: each has a sample and a unique name, and each sample is its pattern's alone. */
export function messagePatternTests(patterns: readonly MessagePattern[], header: (line: string) => HeaderResult): void {
	it('every pattern has a sample and a unique name', () => {
		for (const p of patterns) expect(p.samples.length, p.name).toBeGreaterThan(0);
		expect(new Set(patterns.map((p) => p.name)).size).toBe(patterns.length);
	});

	it.each(patterns.flatMap((p) => p.samples.map((sample) => ({name: p.name, sample}))))('$name sample matches exactly that pattern', ({name, sample}) => {
		const h = header(sample);
		expect(h.kind).toBe('entry');
		if (h.kind !== 'entry') return;
		expect(matchingPatterns(patterns, h.message).map((p) => p.name)).toEqual([name]);
	});
}

/** Each hostile input (1 MB lines, a pattern's worst shape) parses, without a throw, to valid records. */
export function hostileInputTests(inputs: readonly string[], parse: (input: string) => ParseResult): void {
	it.each(inputs.map((input, i) => ({i, input})))('hostile input #$i completes, every record valid', ({input}) => {
		expect(() => parse(input)).not.toThrow();
	});
}

/** A sniffer gives 0 to the head of every sample file (.log, .har, .ndjson) in `dir` not named for its own format. */
export function expectSniffZeroOnOthers(dir: string, own: string, sniff: (head: readonly string[]) => number): void {
	for (const f of readdirSync(dir)) {
		if (f.startsWith(own) || !/\.(log|har|ndjson)$/.test(f)) continue;
		const head = readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, '').split('\n').slice(0, 30);
		expect(sniff(head), f).toBe(0);
	}
}

/** Bytes cut at the given points (taken modulo the length, in any order, repeats ignored). */
export function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
	const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const chunks: Uint8Array[] = [];
	let prev = 0;
	for (const p of points) {
		chunks.push(bytes.subarray(prev, p));
		prev = p;
	}
	chunks.push(bytes.subarray(prev));
	return chunks;
}

/** Parse with a byte format, the input handed over in chunks cut at the given points. */
export function parseChunks(format: ByteFormat, bytes: Uint8Array, cuts: readonly number[], ctx: ParseContext = {file: 'input'}): ParseResult {
	const out = collector();
	const parser = format.create(ctx);
	for (const chunk of cutAt(bytes, cuts)) parser.chunk(chunk, out);
	parser.end(out);
	return {records: out.records, diagnostics: out.diagnostics};
}

/** The first non-empty lines, as detection hands them to `sniff`. */
export function sniffHead(text: string): string[] {
	return text
		.replace(/^\uFEFF/, '')
		.slice(0, 64 * 1024)
		.split('\n')
		.map((l) => l.replace(/\r$/, ''))
		.filter((l) => l.trim() !== '')
		.slice(0, 50);
}

/**
Properties of a line format whose `standalone` lines each give a record whatever surrounds them: among
arbitrary lines, in any chunking, they still do; and no truncated or spliced sample line throws.
*/
export function lineFormatProperties(format: LineFormat, standalone: readonly string[]): void {
	const parse = (input: string, chunk?: number): ParseResult => validate(parseAll(format, input, {file: `p.${format.name}`}, chunk));
	describe(`${format.name}: property`, () => {
		it('never throws; valid lines among arbitrary ones still give their records', () => {
			fc.assert(
				fc.property(fc.array(fc.string({maxLength: 200}), {maxLength: 12}), fc.shuffledSubarray([...standalone]), fc.array(fc.nat(), {maxLength: 6}), fc.integer({min: 1, max: 4096}), (junk, valid, slots, chunk) => {
					const lines = junk.map((j) => j.replace(/[\r\n]/g, ' '));
					const placed: Array<{text: string; at: number}> = [];
					valid.forEach((text, i) => {
						const at = Math.min(slots[i] ?? 0, lines.length);
						lines.splice(at, 0, text);
						for (const p of placed) if (p.at >= at) p.at++;
						placed.push({text, at});
					});
					const {records} = parse(lines.join('\n'), chunk);
					for (const p of placed) expect(records.some((r) => r.origin.line === p.at + 1), p.text).toBe(true);
				}),
				runs(200),
			);
		});

		it('truncated and spliced sample lines never throw', () => {
			fc.assert(
				fc.property(fc.constantFrom(...format.samples), fc.nat(), fc.string({maxLength: 50}), (line, cut, splice) => {
					const at = cut % (line.length + 1);
					for (const input of [line.slice(0, at), line.slice(0, at) + splice + line.slice(at), `${line.slice(0, at)}\n${line.slice(at)}`]) parse(input);
				}),
				runs(300),
			);
		});
	});
}

/** Real log lines from public issues, when ../shared is there (tests that read them skip without it). */
const SHARED_SAMPLES = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

/** 1 MB of any of these is a hostile line for every format. */
const HOSTILE_CHARACTERS = ['a', ' ', '"', '['];

/** A MediaBrowser-family log format (Emby, Jellyfin) and the inputs its shared tests read. */
export type MediaBrowserTestSpec = {
	readonly format: LineFormat;
	readonly header: (line: string) => HeaderResult;
	readonly patterns: readonly MessagePattern[];
	readonly sniff: (head: readonly string[]) => number;
	/** The format's `parseValid`, with the file name its diagnostics give. */
	readonly parse: (input: string, file?: string, chunkSize?: number) => ParseResult;
	/** One case per real line variant. */
	readonly cases: readonly LineCase[];
	/** A fixture file, read whole and in chunks of `chunkSize` characters. */
	readonly fixture: {readonly path: string; readonly chunkSize: number};
	/** The file of real lines in ../shared/samples, and what its records must include. */
	readonly shared: {readonly file: string; readonly expect: (records: readonly TelemetryRecord[]) => void};
	/** The format's own hostile inputs (1 MB lines after its headers, each pattern's worst shape), besides 1 MB of each of HOSTILE_CHARACTERS. */
	readonly hostile: readonly string[];
	/** Lines that each give a record whatever surrounds them (lineFormatProperties). */
	readonly standalone: readonly string[];
};

/**
The tests every MediaBrowser-family log has: its line cases, its message patterns as data, its fixture in
chunks, the real lines of ../shared/samples (each recognised, what they name found, no other sample file
sniffed as this format), hostile long lines, and the line-format properties. What is the format's own
(its grammar, its diagnostics, how it tells itself from the other) stays in its test file.
*/
export function mediaBrowserTests(spec: MediaBrowserTestSpec): void {
	const {format, header, patterns, sniff, parse} = spec;
	const name = format.name;

	describe(`${name}: one case per real line variant`, () => lineCaseTests(spec.cases, (input) => parse(input)));

	describe(`${name}: message patterns are data with samples`, () => {
		messagePatternTests(patterns, header);

		it('the format exposes every sample for sniff checks', () => {
			expect(format.samples.length).toBe(patterns.reduce((n, p) => n + p.samples.length, 0));
			for (const s of format.samples) expect(sniff([s]), s).toBeGreaterThan(0.5);
		});
	});

	it(`${name}: chunking the fixture does not change the result`, () => {
		const input = readFileSync(spec.fixture.path, 'utf8');
		expect(parse(input, 'x', spec.fixture.chunkSize)).toEqual(parse(input, 'x'));
	});

	describe.skipIf(!existsSync(SHARED_SAMPLES))(`${name}: real sample lines (../shared/samples)`, () => {
		const text = existsSync(SHARED_SAMPLES) ? readFileSync(join(SHARED_SAMPLES, spec.shared.file), 'utf8') : '';

		it('every line is a recognised message or a continuation', () => {
			expect(parse(text).diagnostics).toEqual([]);
			expectLinesRecognised(text, header, patterns);
		});

		it('finds the devices, playbacks and clients that the lines name', () => spec.shared.expect(parse(text).records));

		it('sniffs 0 on every other sample file', () => {
			expectSniffZeroOnOthers(SHARED_SAMPLES, name, sniff);
		});
	});

	describeLarge(`${name}: hostile input (long lines)`, () => hostileInputTests([...HOSTILE_CHARACTERS.map((c) => c.repeat(1e6)), ...spec.hostile], (input) => parse(input)));

	lineFormatProperties(format, spec.standalone);
}

/**
Every format's parser on damaged input (fast-check), through `parseAll` with random chunk sizes:
arbitrary bytes, random truncation, a garbage line (or entry) spliced between two valid ones, and
random bytes spliced anywhere. Never a throw, every record valid, and the records of the undamaged
lines (entries) all still produced — compared by origin, shifted past the inserted damage. A few cases
also go through the real pipeline (`ingestAll`) to check it agrees with `parseAll`.
*/
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {CaptureReader} from '../source/formats/pcap/reader.js';
import {FORMATS, findFormat} from '../source/formats/registry.js';
import {parseAll, type ParseResult} from '../source/formats/run.js';
import type {Format, ParseContext} from '../source/formats/types.js';
import {resolveInputs} from '../source/input/sources.js';
import {telemetryRecordSchema, type TelemetryRecord} from '../source/model/records.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {ROOT, tmpDir} from './corpus/harness.js';
import {CAPTURES, VALID, type Valid} from './helpers/format-inputs.js';
import {runs} from './helpers/tier.js';

/** Year-less syslog lines (dnsmasq) get their year from the file time: give one. */
const CTX: ParseContext = {file: 'fuzz', options: {referenceEnd: Date.UTC(2024, 11, 31)}};

function formatOf(name: string): Format {
	const f = findFormat(name);
	if (!f) throw new Error(`no format ${name}`);
	return f;
}

/** Parse, checking the contract: no throw, every record valid. */
function parse(format: Format, input: string | Uint8Array, chunk: number): ParseResult {
	const result = parseAll(format, input, CTX, chunk);
	for (const r of result.records) telemetryRecordSchema.parse(r);
	return result;
}

const position = (r: TelemetryRecord, unit: Valid['unit']): number => (unit === 'line' ? (r.origin.line ?? 0) : (r.origin.entry ?? -1));
/** What identifies a record across a damaged and an undamaged parse, given its (shifted) position. */
const key = (r: TelemetryRecord, at: number): string => `${r.kind} @${at} ${r.kind === 'request' ? r.host : r.kind === 'playback' ? (r.container ?? r.evidence) : r.kind === 'device' ? (r.device.product ?? '') : r.name}`;

/** Keys of `want` that `got` lacks (multiset). */
function lost(want: readonly string[], got: readonly string[]): string[] {
	const left = new Map<string, number>();
	for (const g of got) left.set(g, (left.get(g) ?? 0) + 1);
	return want.filter((w) => {
		const n = left.get(w) ?? 0;
		if (n === 0) return true;
		left.set(w, n - 1);
		return false;
	});
}

const chunkSize = fc.oneof(fc.integer({min: 1, max: 16}), fc.integer({min: 17, max: 70_000}));
/** One line of garbage: anything but a line break. */
const garbageLine = fc.oneof(fc.string({unit: 'binary', maxLength: 200}), fc.string({unit: 'grapheme-ascii', maxLength: 200}), fc.constantFrom('', ' ', '"', '"unterminated,quote', '[', '{', '}', ']', '\\', '{"a":', 'null')).map((s) => s.replace(/[\r\n\u2028\u2029]/g, ''));
/** Raise with FUZZ_RUNS=1000 for a long local run. */
const N = Number(process.env['FUZZ_RUNS'] ?? runs(40).numRuns);
const RUNS = {numRuns: N};

describe('parsers never throw and keep what is valid', () => {
	describe.each(FORMATS.map((f) => [f.name, f] as const))('%s', (_name, format) => {
		it('arbitrary bytes, any chunking', () => {
			fc.assert(fc.property(fc.uint8Array({maxLength: 3000}), chunkSize, (bytes, chunk) => void parse(format, bytes, chunk)), {numRuns: Math.round(N * 1.5)});
		});

		it("arbitrary text and every other format's valid inputs (read as this format)", () => {
			const inputs = VALID.map((v) => v.text.slice(0, 20_000));
			fc.assert(fc.property(fc.oneof(fc.string({unit: 'grapheme', maxLength: 2000}), fc.constantFrom(...inputs)), chunkSize, (text, chunk) => void parse(format, text, chunk)), RUNS);
		});
	});

	describe.each(VALID.map((v) => [`${v.format} (${v.name})`, v] as const))('%s', (_name, valid) => {
		const format = formatOf(valid.format);
		const bytes = new TextEncoder().encode(valid.text);
		const whole = parse(format, valid.text, 1 << 20);

		it('the undamaged input gives records (the properties below are not vacuous)', () => {
			expect(whole.records.length).toBeGreaterThan(2);
		});

		it('random truncation: no throw, and chunking does not change the result', () => {
			fc.assert(
				fc.property(fc.integer({min: 0, max: bytes.length}), chunkSize, (cut, chunk) => {
					const part = bytes.subarray(0, cut);
					const a = parse(format, part, chunk);
					const b = parse(format, part, 1 << 20);
					expect(a.records).toEqual(b.records);
				}),
				RUNS,
			);
		});

		if (valid.unit === 'line') {
			const lines = valid.text.split('\n');
			it('a garbage line between lines i and i+1: every record of every other line is still produced', () => {
				fc.assert(
					fc.property(fc.integer({min: 1, max: lines.length - 1}), garbageLine, chunkSize, (i, garbage, chunk) => {
						const damaged = [...lines.slice(0, i), garbage, ...lines.slice(i)].join('\n');
						const got = parse(format, damaged, chunk).records.map((r) => {
							const at = position(r, 'line');
							return key(r, at > i + 1 ? at - 1 : at === i + 1 ? -1 : at);
						});
						// Garbage inside a record that spans lines damages that record: it may go.
						const holder = valid.spans ? Math.max(0, ...whole.records.map((r) => position(r, 'line')).filter((l) => l <= i)) : -1;
						const want = whole.records.filter((r) => position(r, 'line') !== holder).map((r) => key(r, position(r, 'line')));
						expect(lost(want, got)).toEqual([]);
					}),
					RUNS,
				);
			});
		}

		it('random bytes spliced anywhere: no throw; lines (entries) before the damage keep their records', () => {
			fc.assert(
				fc.property(fc.integer({min: 0, max: bytes.length}), fc.uint8Array({minLength: 1, maxLength: 64}), chunkSize, (at, junk, chunk) => {
					const damaged = new Uint8Array(bytes.length + junk.length);
					damaged.set(bytes.subarray(0, at));
					damaged.set(junk, at);
					damaged.set(bytes.subarray(at), at + junk.length);
					const got = parse(format, damaged, chunk);
					if (valid.unit === 'line') {
						// The damaged line holds byte `at`. A record may span lines (quoted CSV newlines, log
						// continuation lines): the last record starting at or before the damage may hold it.
						const damagedLine = new TextDecoder().decode(bytes.subarray(0, at)).split('\n').length;
						const holder = Math.max(0, ...whole.records.map((r) => position(r, 'line')).filter((l) => l <= damagedLine));
						const before = (rs: readonly TelemetryRecord[]) => rs.filter((r) => position(r, 'line') < holder).map((r) => key(r, position(r, 'line')));
						expect(lost(before(whole.records), got.records.map((r) => key(r, position(r, 'line'))))).toEqual([]);
					}
				}),
				RUNS,
			);
		});
	});
});

/** JSON documents: a broken element between elements i and i+1 costs that element only. */
describe('a broken element in a JSON array is skipped with its index, the rest kept', () => {
	const cases: Array<[string, string, (doc: unknown) => unknown[]]> = [
		['har', 'samples/plex-web-session.har', (d) => (d as {log: {entries: unknown[]}}).log.entries],
		['tautulli-history', 'test/fixtures/tautulli/history-api.json', (d) => (d as {response: {data: {data: unknown[]}}}).response.data.data],
		['tautulli-library', 'test/fixtures/tautulli/Library - Movies - All [1].20240309123512.json', (d) => d as unknown[]],
	];
	// Balanced damage only: an element that opens a bracket or a string it never closes holds, as JSON,
	// everything after it (the truncation tests and the corpus cover that: complete elements are kept).
	const BROKEN = ['{"request": {"url": "https://x.example/" oops}}', '{"a": [1, 2}]', '{"url": "\\uZZZZ"}', '{"a": NaN}', '{"a": 1e999999}', 'nul', '{}', '"a string"', '[[[]]]', '{"a":}', '{,}', '{"request": {"url": 42}}'];

	it.each(cases)('%s', (name, rel, list) => {
		const format = formatOf(name);
		const doc = JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) as unknown;
		const entries = list(doc);
		const whole = parse(format, JSON.stringify(doc), 1 << 20);
		const want = whole.records.map((r) => key(r, position(r, 'entry')));
		const MARK = '"__BROKEN_ELEMENT__"';
		fc.assert(
			fc.property(fc.integer({min: 0, max: entries.length}), fc.constantFrom(...BROKEN), chunkSize, (i, broken, chunk) => {
				entries.splice(i, 0, '__BROKEN_ELEMENT__');
				const text = JSON.stringify(doc).replace(MARK, broken);
				entries.splice(i, 1);
				const got = parse(format, text, chunk);
				const keys = got.records.map((r) => {
					const at = position(r, 'entry');
					return key(r, at > i ? at - 1 : at === i ? -99 : at);
				});
				expect(lost(want, keys)).toEqual([]);
			}),
			RUNS,
		);
	});
});

/**
Captures are binary: no lines, no entries. Their unit is the packet, located by number and byte offset.
Damage (truncation, spliced bytes, overwritten bytes) never throws, and every record whose packet lies
wholly before the damage is still produced (same kind, method, host and packet).
*/
describe('packet captures: damage never throws and keeps what came before it', () => {
	const captures = (CAPTURES['pcap'] ?? []).map((name) => ({name, bytes: readFileSync(join(ROOT, 'test/fixtures/pcap', name))}));
	const pcap = formatOf('pcap');
	/** [start, end) of every packet (end: where the next one starts, or the end of the file). */
	const spans = (bytes: Uint8Array): Array<[number, number]> => {
		const starts: number[] = [];
		const reader = new CaptureReader({packet: (p) => void starts.push(p.offset), problem: () => {}});
		reader.push(bytes);
		reader.end();
		return starts.map((s, i) => [s, starts[i + 1] ?? bytes.length]);
	};
	// Not the method: a flow cut before its first data is `TCP`, not yet `TLS` (its host, from DNS, stays).
	const capKey = (r: TelemetryRecord): string => `${r.kind} ${r.kind === 'request' ? r.host : ''} @${r.origin.packet}`;
	/** Records of `whole` from packets that end at or before byte `at`, missing from `got`. */
	const lostBefore = (whole: ParseResult, got: ParseResult, ends: Array<[number, number]>, at: number): string[] => {
		const before = whole.records.filter((r) => r.origin.packet !== undefined && ends[r.origin.packet - 1]![1] <= at);
		return lost(before.map(capKey), got.records.map(capKey));
	};

	it.each(captures)('$name: the undamaged capture gives records (the properties below are not vacuous)', ({bytes}) => {
		expect(parse(pcap, bytes, 1 << 20).records.length).toBeGreaterThan(3);
	});

	it.each(captures)('$name: arbitrary bytes after its first 200, any chunking', ({bytes}) => {
		fc.assert(fc.property(fc.uint8Array({maxLength: 3000}), chunkSize, (junk, chunk) => void parse(pcap, Buffer.concat([bytes.subarray(0, 200), junk]), chunk)), RUNS);
	});

	it.each(captures)('$name: cut anywhere: chunking changes nothing, and every packet before the cut still gives its records', ({bytes}) => {
		const whole = parse(pcap, bytes, 1 << 20);
		const ends = spans(bytes);
		fc.assert(
			fc.property(fc.integer({min: 0, max: bytes.length}), chunkSize, (cut, chunk) => {
				const part = bytes.subarray(0, cut);
				const a = parse(pcap, part, chunk);
				expect(a).toEqual(parse(pcap, part, 1 << 20));
				expect(lostBefore(whole, a, ends, cut)).toEqual([]);
			}),
			RUNS,
		);
	});

	it.each(captures)('$name: random bytes spliced in, or overwritten: no throw, and the packets before the damage keep their records', ({bytes}) => {
		const whole = parse(pcap, bytes, 1 << 20);
		const ends = spans(bytes);
		fc.assert(
			fc.property(fc.integer({min: 0, max: bytes.length}), fc.uint8Array({minLength: 1, maxLength: 64}), fc.boolean(), chunkSize, (at, junk, overwrite, chunk) => {
				const damaged = overwrite
					? Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(Math.min(bytes.length, at + junk.length))])
					: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]);
				expect(lostBefore(whole, parse(pcap, damaged, chunk), ends, at)).toEqual([]);
			}),
			RUNS,
		);
	});
});

describe('the real pipeline agrees with parseAll on damaged files', () => {
	async function ingest(path: string): Promise<RecordStore> {
		const stdin = Object.assign(Readable.from([]), {isTTY: true});
		const {sources, problems} = await resolveInputs([path], {stdin, follow: false});
		const store = new RecordStore();
		await ingestAll(sources, problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: true});
		return store;
	}

	it.each(VALID.filter((v) => v.format !== 'dnsmasq').map((v) => [`${v.format} (${v.name})`, v] as const))('%s with a garbage line in the middle', async (_name, valid) => {
		const dir = tmpDir();
		const lines = valid.text.split('\n');
		const mid = Math.max(1, Math.floor(lines.length / 2));
		const damaged = [...lines.slice(0, mid), 'garbage \u001b[31m "{[ \\', ...lines.slice(mid)].join('\n');
		const path = join(dir, valid.name);
		writeFileSync(path, damaged);
		const store = await ingest(path);
		const direct = parseAll(formatOf(valid.format), damaged, {file: path});
		expect(store.inputs[0]?.format).toBe(valid.format);
		expect(store.size).toBe(direct.records.length);
		expect(store.size).toBeGreaterThan(0);
	});
});

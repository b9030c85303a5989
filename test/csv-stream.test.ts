import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import {CsvStream, detectDelimiter, type CsvDiagnostic} from '../source/formats/csv/stream.js';
import {itLarge, runs} from './helpers/tier.js';

type Read = {header?: {fields: string[]; line: number; delimiter: string}; rows: Array<{fields: string[]; line: number}>; diagnostics: CsvDiagnostic[]};

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Run a CsvStream over byte chunks. */
function read(chunks: Uint8Array[], maxRecordChars?: number): Read {
	const out: Read = {rows: [], diagnostics: []};
	const stream = new CsvStream(
		{
			header: (fields, line, delimiter) => void (out.header = {fields, line, delimiter}),
			row: (fields, line) => void out.rows.push({fields, line}),
			diagnostic: (d) => void out.diagnostics.push(d),
		},
		maxRecordChars === undefined ? {} : {maxRecordChars},
	);
	for (const c of chunks) stream.push(c);
	stream.end();
	return out;
}

/** Split bytes at the given cut points. */
function cut(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
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

type Case = {description: string; notes?: string; input: string; expected: {header: string[]; rows: Array<[number, string[]]>; codes?: Array<[number, string]>}};

const cases: Case[] = [
	{
		description: 'plain comma CSV, last line without newline',
		input: 'a,b\n1,2\n3,4',
		expected: {header: ['a', 'b'], rows: [[2, ['1', '2']], [3, ['3', '4']]]},
	},
	{
		description: 'quoted commas, escaped quotes and quoted newlines keep their start line',
		notes: 'Python csv.DictWriter output (the Tautulli exporter writes with it)',
		input: 'title,summary\r\n"Dune, Part Two","He said ""go"".\nThen left."\r\nAftersun,plain\r\n',
		expected: {header: ['title', 'summary'], rows: [[2, ['Dune, Part Two', 'He said "go".\nThen left.']], [4, ['Aftersun', 'plain']]]},
	},
	{
		description: 'a BOM and blank lines before the header; blank lines between rows are skipped but counted',
		input: '\uFEFF\n\nhost\tstatus\n\nplex.tv\t200\n',
		expected: {header: ['host', 'status'], rows: [[5, ['plex.tv', '200']]]},
	},
	{
		description: 'semicolons are detected',
		input: 'when;dst\n1;plex.tv\n',
		expected: {header: ['when', 'dst'], rows: [[2, ['1', 'plex.tv']]]},
	},
	{
		description: 'a row with the wrong number of fields is reported and skipped, the next survives',
		input: 'a,b\n1,2,3\n4,5\n',
		expected: {header: ['a', 'b'], rows: [[3, ['4', '5']]], codes: [[2, 'csv.row.column-count']]},
	},
	{
		description: 'a quote in the middle of an unquoted field is a literal (as Papa reads it)',
		input: 'size,name\n5",TV\n',
		expected: {header: ['size', 'name'], rows: [[2, ['5"', 'TV']]]},
	},
	{
		description: 'text after a closing quote is malformed: that record is reported, the others survive',
		input: 'a,b\n"x"y,1\nok,2\n',
		expected: {header: ['a', 'b'], rows: [[3, ['ok', '2']]], codes: [[2, 'csv.row.malformed']]},
	},
	{
		description: 'a quoted field that never closes is reported at its line; reading restarts on the next line',
		input: 'a,b\n"open,1\nok,2\nalso,3\n',
		expected: {header: ['a', 'b'], rows: [[3, ['ok', '2']], [4, ['also', '3']]], codes: [[2, 'csv.quote.unterminated']]},
	},
];

describe('CsvStream', () => {
	it.each(cases)('$description', ({input, expected}) => {
		const whole = read([enc(input)]);
		expect(whole.header?.fields).toEqual(expected.header);
		expect(whole.rows.map((r) => [r.line, r.fields])).toEqual(expected.rows);
		expect(whole.diagnostics.map((d) => [d.line, d.code])).toEqual(expected.codes ?? []);
		// Byte by byte gives the same.
		const bytes = enc(input);
		const tiny = read(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
		expect(tiny).toEqual(whole);
	});

	it('detects the delimiter from the header', () => {
		expect(detectDelimiter('a,b,c')).toBe(',');
		expect(detectDelimiter('a\tb\tc')).toBe('\t');
		expect(detectDelimiter('a;b;"c,d"')).toBe(';');
		expect(detectDelimiter('single')).toBe(',');
	});

	it('round-trips any table written by Papa.unparse, whatever the chunking', () => {
		const cell = fc.string({unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', ';', '\t', 'é', '😀'), maxLength: 8});
		fc.assert(
			fc.property(
				fc.integer({min: 1, max: 4}).chain((n) => fc.tuple(fc.array(fc.string({unit: fc.constantFrom('h', 'x', '_'), minLength: 1, maxLength: 4}), {minLength: n, maxLength: n}), fc.array(fc.array(cell, {minLength: n, maxLength: n}), {maxLength: 8}))),
				fc.array(fc.nat(), {maxLength: 12}),
				fc.constantFrom('\n', '\r\n'),
				([header, rows], cuts, newline) => {
					// Rows of one empty cell are blank lines in CSV: not representable, drop them.
					const body = rows.filter((r) => !(r.length === 1 && r[0] === ''));
					const text = Papa.unparse([header, ...body], {newline, quotes: (v: unknown) => typeof v === 'string' && /[",\n\r;\t]|^\s|\s$/.test(v)});
					const bytes = enc(text);
					const got = read(cut(bytes, cuts));
					expect(got.diagnostics).toEqual([]);
					expect(got.header?.fields).toEqual(header);
					expect(got.rows.map((r) => r.fields)).toEqual(body);
					expect(got).toEqual(read([bytes]));
				},
			),
			runs(300),
		);
	});

	it('a lone CR line gives the same rows wherever the chunks are cut', () => {
		const bytes = enc('a\n\r\n\n');
		for (let i = 0; i <= bytes.length; i++) expect(read([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(read([bytes]));
	});

	it('never throws on arbitrary text and gives the same result for any chunking', () => {
		fc.assert(
			fc.property(fc.string({unit: fc.constantFrom('a', ',', '"', '\n', '\r', ';', '\t', ' ', 'ü')}), fc.array(fc.nat(), {maxLength: 8}), (text, cuts) => {
				const bytes = enc(text);
				expect(read(cut(bytes, cuts))).toEqual(read([bytes]));
			}),
			runs(500),
		);
	});

	it('drops a record longer than the cap with a diagnostic and keeps the rows after it', () => {
		const long = 'x'.repeat(5000);
		const got = read([enc(`a,b\n1,2\n${long.slice(0, 3000)}`), enc(`${long.slice(3000)},y\n3,4\n`)], 1000);
		expect(got.rows.map((r) => [r.line, r.fields])).toEqual([
			[2, ['1', '2']],
			[4, ['3', '4']],
		]);
		expect(got.diagnostics.map((d) => [d.line, d.code])).toEqual([[3, 'csv.record.too-long']]);
	});

	it('a quote that never closes cannot hold more than the cap, and the lines after it survive', () => {
		const lines = Array.from({length: 200}, (_, i) => `r${i},${i}`).join('\n');
		const got = read([enc(`a,b\n"never closes,0\n${lines}\n`)], 1000);
		expect(got.diagnostics.map((d) => [d.line, d.code])).toEqual([[2, 'csv.record.too-long']]);
		expect(got.rows).toHaveLength(200);
		expect(got.rows[0]).toEqual({fields: ['r0', '0'], line: 3});
		expect(got.rows.at(-1)).toEqual({fields: ['r199', '199'], line: 202});
	});

	itLarge.each([
		['a', 'a'.repeat(1e6)],
		['spaces', ' '.repeat(1e6)],
		['quotes', '"'.repeat(1e6)],
		['commas', ','.repeat(1e6)],
		['quote-comma', '",'.repeat(5e5)],
		['brackets', '[{'.repeat(5e5)],
	])('finishes on a hostile 1 MB line (%s), as header and as row', (_name, line) => {
		const asHeader = read([enc(`${line}\nx\n`)]);
		expect(asHeader.header !== undefined || asHeader.diagnostics.length > 0).toBe(true);
		const asRow = read([enc(`a,b\n${line}\n1,2\n`)]);
		expect(asRow.rows.at(-1)).toEqual({fields: ['1', '2'], line: 3});
	});
});

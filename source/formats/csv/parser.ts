/**
A `bytes` parser over `CsvStream`: what every CSV-based format shares (history CSV, library CSV,
generic CSV/TSV). The format supplies what to do with the header and each row; stream diagnostics
(malformed records, wrong column counts, unterminated quotes) are reported at their CSV line.
*/
import type {Origin} from '../../model/records.js';
import type {ByteParser, Emit, ParseContext} from '../types.js';
import {CsvStream, type CsvStreamOptions} from './stream.js';
import {reporter, type Reporter} from './report.js';

export type CsvReader = {
	header(names: string[], origin: Origin, report: Reporter): void;
	row(cells: string[], origin: Origin, emit: Emit, report: Reporter): void;
};

/** Run `reader` over a CSV input; reports a missing header at the end. */
export function csvByteParser(ctx: ParseContext, reader: CsvReader, options?: CsvStreamOptions): ByteParser {
	let emit: Emit | undefined;
	let report: Reporter | undefined;
	const stream = new CsvStream(
		{
			header(names, line) {
				if (report) reader.header(names, {file: ctx.file, line}, report);
			},
			row(cells, line) {
				if (emit && report) reader.row(cells, {file: ctx.file, line}, emit, report);
			},
			diagnostic(d) {
				report?.report({file: ctx.file, line: d.line}, d.code, d.message, d.severity);
			},
		},
		options,
	);
	const bind = (e: Emit): void => {
		emit = e;
		report ??= reporter(e, ctx.file);
	};
	return {
		chunk(bytes, e) {
			bind(e);
			stream.push(bytes);
		},
		end(e) {
			bind(e);
			stream.end();
			if (!stream.hasHeader) report?.report({file: ctx.file}, 'csv.header.missing', 'no CSV header found', 'error');
			report?.finish();
		},
	};
}

/** Column name → first index, with names trimmed and lower-cased. */
export function columnIndex(names: readonly string[]): Map<string, number> {
	const index = new Map<string, number>();
	names.forEach((n, i) => {
		const key = n.trim().toLowerCase();
		if (!index.has(key)) index.set(key, i);
	});
	return index;
}

/**
Run a format's parser over an in-memory input and collect what it emits. Used by tests, by the
benchmarks and by anything that already holds the whole input; the streaming path lives in
`source/pipeline/ingest.ts` and shares `splitLines` with this.
*/
import type {Diagnostic, TelemetryRecord} from '../model/records.js';
import {LineSplitter} from '../input/lines.js';
import type {Emit, Format, ParseContext} from './types.js';

export type ParseResult = {records: TelemetryRecord[]; diagnostics: Diagnostic[]};

/** Collects emitted records and diagnostics into arrays. */
export function collector(): Emit & ParseResult {
	const records: TelemetryRecord[] = [];
	const diagnostics: Diagnostic[] = [];
	return {
		records,
		diagnostics,
		record: (r) => void records.push(r),
		diagnostic: (d) => void diagnostics.push(d),
	};
}

/** Parse a whole input (string or bytes) with one format, as the streaming pipeline would. */
export function parseAll(format: Format, input: string | Uint8Array, ctx: ParseContext = {file: 'input'}, chunkSize = 64 * 1024): ParseResult {
	const out = collector();
	const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
	if (format.kind === 'bytes') {
		const parser = format.create(ctx);
		for (let i = 0; i < bytes.length; i += chunkSize) parser.chunk(bytes.subarray(i, i + chunkSize), out);
		parser.end(out);
	} else {
		const parser = format.create(ctx);
		const splitter = new LineSplitter((text, lineNo) => parser.line(text, lineNo, out), (d) => out.diagnostic({...d, origin: {file: ctx.file, ...d.origin}}));
		for (let i = 0; i < bytes.length; i += chunkSize) splitter.push(bytes.subarray(i, i + chunkSize));
		splitter.end();
		parser.end(out);
	}
	return {records: out.records, diagnostics: out.diagnostics};
}

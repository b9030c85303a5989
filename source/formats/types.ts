/**
The contract between the input layer and the parsers.

A format is data plus a pure parser factory: its name, how to recognise it from the first lines
(`sniff`), real sample lines that the tests check, and `create(ctx)` which returns a parser. A parser
never does I/O and never throws on bad input: it calls `emit.record` for every record it finds and
`emit.diagnostic` for every located problem, and carries on.

Two kinds of parser exist:
- `lines`: the input layer splits bytes into lines (BOM removed, `\r\n` handled, long lines capped)
  and calls `line(text, lineNo)`; the parser never sees chunk boundaries.
- `bytes`: the parser gets raw chunks (HAR and other JSON documents, which must be scanned as bytes to
  stay within bounded memory).
*/
import type {ServerFact} from '../model/hosts.js';
import type {Diagnostic, Origin, TelemetryRecord} from '../model/records.js';

/** Where a parser sends what it finds. Records are finalised (redacted, masked, classified) downstream. */
export type Emit = {
	record(record: TelemetryRecord): void;
	diagnostic(diagnostic: Diagnostic): void;
	/**
	What the input shows about whose media servers are whose (the user's own server's plex.direct hash,
	machine identifier, names). The pipeline teaches the classifier; optional for emitters in tests.
	*/
	learn?(fact: ServerFact): void;
};

/** What a parser knows about its input. */
export type ParseContext = {
	/** Display name of the input (`<stdin>`, a path). Use it in every `Origin`. */
	readonly file: string;
	/** Extra options for formats that take them (e.g. generic CSV column mapping from `--map`). */
	readonly options?: Readonly<Record<string, unknown>>;
};

export type LineParser = {
	/** Handle one line (without its line ending). `lineNo` is 1-based. */
	line(text: string, lineNo: number, emit: Emit): void;
	/** The input ended: flush pending state (joined requests, continuation lines). */
	end(emit: Emit): void;
};

export type ByteParser = {
	/** Handle the next chunk of bytes. They are valid during this call only (read buffers are reused): copy what you keep. */
	chunk(bytes: Uint8Array, emit: Emit): void;
	/** The input ended. Report truncation here. */
	end(emit: Emit): void;
};

type FormatBase = {
	/** Short id used by `--type` and in records' `source`, e.g. `har`, `pms`, `jellyfin`. */
	readonly name: string;
	/** Human title, e.g. `Plex Media Server log`. */
	readonly title: string;
	/**
	How sure (0–1) this format is that the input is its own, given the first non-empty lines (BOM
	removed, at most 64 KiB in all). 0 means no. Detection picks the highest score.
	*/
	sniff(head: readonly string[]): number;
	/**
	Binary formats only (packet captures): how sure (0–1) this format is that the input is its own,
	given its first bytes (gzip already undone; up to 64 KiB, possibly only a few bytes on a live
	stdin). Checked before the text checks, which would refuse the input as binary (NUL bytes); a
	format with `magic` gets its bytes as they are, with no UTF-8 check.
	*/
	magic?(head: Uint8Array): number;
	/** Real lines (or documents) that `sniff` must recognise; checked by tests. */
	readonly samples: readonly string[];
};

export type LineFormat = FormatBase & {
	readonly kind: 'lines';
	create(ctx: ParseContext): LineParser;
};

export type ByteFormat = FormatBase & {
	readonly kind: 'bytes';
	create(ctx: ParseContext): ByteParser;
};

export type Format = LineFormat | ByteFormat;

/** Helper for parsers: a diagnostic at a line. */
export function lineDiagnostic(ctx: ParseContext, line: number, code: string, message: string, severity: Diagnostic['severity'] = 'warning'): Diagnostic {
	const origin: Origin = {file: ctx.file, line};
	return {severity, code, message, origin};
}

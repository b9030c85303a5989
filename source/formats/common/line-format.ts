/**
Scaffolding shared by line formats: how the head lines are scored (`sniffByShare`) and the parser of a
format where every line is one record (`oneRecordPerLine`: squid, access-log, AdGuard).

Like every parser, these never catch an exception of their own: a throw is a bug. `parseAll` lets it
through, so the fuzz tests fail on it; the pipeline contains it (`source/pipeline/ingest.ts`: an error
`parser.internal` at that line, and the next lines are read). Catching it here would turn a bug into
"not a line of this format" and hide it. What a format may catch is a library call that reports bad
input by throwing (`JSON.parse`, `new URL`, `decodeURIComponent`), turned into its own located
diagnostic. CONTRIBUTING.md states the rule.
*/
import type {TelemetryRecord} from '../../model/records.js';
import {lineDiagnostic, type LineParser, type ParseContext} from '../types.js';

/** How many non-empty head lines sniffing looks at. */
export const SNIFF_LINES = 20;

/** The non-empty head lines sniffing looks at. */
export function sniffLines(head: readonly string[]): string[] {
	return head.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
}

/**
A score from the share of head lines that are the format's own: 0 when none is, else `floor` plus
`span` times that share. One stray line (a banner, a cut first line) costs little, and the floors keep
the formats apart where two could claim the same line.
*/
export function sniffByShare(head: readonly string[], isOwn: (line: string) => boolean, floor: number, span: number): number {
	const lines = sniffLines(head);
	let hits = 0;
	for (const line of lines) if (isOwn(line)) hits++;
	return hits === 0 ? 0 : floor + span * (hits / lines.length);
}

/** What a one-record-per-line format says about a line that is not its own. */
export type Unparsed = {readonly code: string; readonly message: string};

/**
The parser of a format where every non-blank line is one record: `read` gives the record, or undefined
for a line that is not the format's, which becomes a located warning `unparsed.code`.
*/
export function oneRecordPerLine(ctx: ParseContext, read: (text: string, ctx: ParseContext, lineNo: number) => TelemetryRecord | undefined, unparsed: Unparsed): LineParser {
	return {
		line(text, lineNo, emit) {
			if (text.trim() === '') return;
			const record = read(text, ctx, lineNo);
			if (record) emit.record(record);
			else emit.diagnostic(lineDiagnostic(ctx, lineNo, unparsed.code, unparsed.message));
		},
		end() {},
	};
}

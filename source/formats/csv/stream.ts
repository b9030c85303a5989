/**
Streaming CSV/TSV for `bytes` parsers: raw chunks in, header and rows out, each with the CSV line
number where it starts. Bounded memory: only the records not yet complete are kept.

How: chunks are decoded (UTF-8, split characters carried over, BOM removed), then a small scanner
tracks quoting exactly as Papa Parse reads it (a quote opens a quoted field only at the start of a
field, `""` is an escaped quote) to find the last record boundary outside quotes. The complete records
go to `Papa.parse` in one call; if Papa disagrees with the scanner or reports an error, that block is
parsed again record by record so the damage stays on its own line. Quoted newlines work; the header
is the first non-empty record and is kept for the whole input.

Damage handling: a quoted field that never closes (or a record longer than `maxRecordChars`) is
reported at its first line and reading restarts on the next physical line, so the rows after it survive.
A stray quote that a later quoted field "closes" is legal CSV, but it swallows the rows in between into
one record that is not a row (wrong field count, or malformed): its first line is reported and
scanning restarts on the line after it, so the rows it swallowed (multi-line ones too) survive.
*/
import {StringDecoder} from 'node:string_decoder';
import Papa from 'papaparse';

/** Records longer than this (characters) are dropped with a diagnostic; same cap as `MAX_LINE_LENGTH`. */
export const MAX_RECORD_CHARS = 1024 * 1024;

export type CsvDiagnostic = {severity: 'error' | 'warning' | 'info'; code: string; message: string; line: number};

/** Where the stream sends what it reads. */
export type CsvHandlers = {
	/** The first non-empty record, once. */
	header(fields: string[], line: number, delimiter: string): void;
	/** Every later record with as many fields as the header. */
	row(fields: string[], line: number): void;
	diagnostic(d: CsvDiagnostic): void;
};

export type CsvStreamOptions = {
	/** Force a delimiter; otherwise detected from the header line (comma, tab or semicolon). */
	delimiter?: string;
	maxRecordChars?: number;
};

/** Records a scan finds before they are delivered (a restart rescans at most this many). */
const SCAN_BATCH = 256;
const QUOTE = 0x22;
const NL = 0x0a;
// Scanner states.
const OUT = 0;
const IN = 1;
const QUOTE_IN = 2;
/** `prev` at the start of the input or after a resync: a quote here opens a quoted field. */
const START = -1;

/** The delimiter of a header line: the most frequent of comma, tab and semicolon outside quotes. */
export function detectDelimiter(line: string): string {
	let comma = 0;
	let tab = 0;
	let semi = 0;
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line.charCodeAt(i);
		if (c === QUOTE) quoted = !quoted;
		else if (quoted) continue;
		else if (c === 0x2c) comma++;
		else if (c === 0x09) tab++;
		else if (c === 0x3b) semi++;
	}
	if (tab > comma && tab >= semi) return '\t';
	if (semi > comma && semi > tab) return ';';
	return ',';
}

/** Split one line with Papa Parse (used by sniffers on the header line). */
export function splitCsvLine(line: string, delimiter = detectDelimiter(line)): string[] {
	const res = Papa.parse<string[]>(line, {delimiter, newline: '\n', quoteChar: '"', header: false});
	return res.data[0] ?? [];
}

export class CsvStream {
	private readonly decoder = new StringDecoder('utf8');
	private readonly max: number;
	private delimiter: string | undefined;
	private delimCode = 0x2c;
	private newline: '\n' | '\r\n' = '\n';
	private first = true;
	/** Text not yet delivered; always starts at a record start. */
	private text = '';
	/** Scan position in `text`. */
	private pos = 0;
	private state = OUT;
	/** The last scan stopped after SCAN_BATCH records, before the end of the text. */
	private stoppedEarly = false;
	/** The character before `text[pos]`, or START at a record start (for the quote-at-field-start rule). */
	private prev = START;
	/** Physical line number at `text[pos]`. */
	private line = 1;
	/** Line where the record being scanned starts. */
	private recordLine = 1;
	/** Complete records in `text`: end offsets (after their `\n`) and start lines. */
	private ends: number[] = [];
	private lines: number[] = [];
	/** True while dropping the rest of an abandoned physical line. */
	private skipping = false;
	private columns = -1;

	constructor(
		private readonly handlers: CsvHandlers,
		options: CsvStreamOptions = {},
	) {
		this.max = options.maxRecordChars ?? MAX_RECORD_CHARS;
		if (options.delimiter) this.setDelimiter(options.delimiter);
	}

	/** True once the header record was delivered. */
	get hasHeader(): boolean {
		return this.columns >= 0;
	}

	push(bytes: Uint8Array): void {
		this.feed(this.decoder.write(bytes as Buffer), false);
	}

	end(): void {
		this.feed(this.decoder.end(), true);
		if (this.delimiter === undefined) return; // nothing but blank lines
		// Whatever is left is the last record (no final newline), or an unterminated quoted field.
		for (let guard = 0; this.text.length > 0 && guard < 1e7; guard++) {
			if (this.state === IN) {
				this.abandon('csv.quote.unterminated', `quoted field opened on line ${this.recordLine} never closes; skipped to the next line`);
				this.drain();
				continue;
			}
			const rest = this.text;
			this.text = '';
			this.pos = 0;
			this.parseOne(stripEol(rest, this.newline), this.recordLine);
		}
	}

	private feed(piece: string, final: boolean): void {
		let s = piece;
		if (this.first && s.length > 0) {
			this.first = false;
			if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
		}
		if (this.skipping) {
			const nl = s.indexOf('\n');
			if (nl === -1) return;
			s = s.slice(nl + 1);
			this.skipping = false;
			this.line++;
			this.recordLine = this.line;
		}
		if (s.length > 0) this.text += s;
		if (this.delimiter === undefined && !this.detect(final)) {
			if (this.text.length > this.max) this.abandon('csv.record.too-long', `line is longer than ${this.max.toLocaleString('en-US')} characters; skipped`);
			return;
		}
		this.drain();
		// Each abandon drops at least one physical line, so this ends; memory stays under `max` + a chunk.
		while (this.text.length > this.max) {
			this.abandon('csv.record.too-long', `record is longer than ${this.max.toLocaleString('en-US')} characters; skipped to the next line`);
			this.drain();
		}
	}

	/** Pick the delimiter from the first non-blank line once it is complete (or the input ended). */
	private detect(final: boolean): boolean {
		let start = 0;
		for (;;) {
			const nl = this.text.indexOf('\n', start);
			if (nl === -1) {
				if (!final) return false;
				const last = this.text.slice(start);
				if (last.trim() === '') return false;
				this.setDelimiter(detectDelimiter(last));
				return true;
			}
			const candidate = this.text.slice(start, nl);
			if (candidate.trim() !== '') {
				this.setDelimiter(detectDelimiter(candidate));
				if (candidate.endsWith('\r')) this.newline = '\r\n';
				return true;
			}
			start = nl + 1;
		}
	}

	private setDelimiter(d: string): void {
		this.delimiter = d;
		this.delimCode = d.charCodeAt(0);
	}

	/**
	Advance over `text` from `pos`, recording the record boundaries outside quotes. Jumps with
	`indexOf` between quotes and newlines (the only characters that matter); a quote opens a quoted
	field only when the character before it is the delimiter, a newline or the record start.
	*/
	private scan(): void {
		const base = this.pos;
		this.stoppedEarly = false;
		if (base >= this.text.length) return;
		// `slice` gives a flat string: `indexOf`/`charCodeAt` on the `+=`-built rope would be slower.
		const t = this.text.slice(base);
		const n = t.length;
		const d = this.delimCode;
		let state = this.state;
		let line = this.line;
		let prev = this.prev;
		let i = 0;
		let nextQuote = -2; // -2: not looked up yet; -1: none left
		// The next newline at or after `i`, looked up again only once passed: looking it up afresh for
		// every quote made a run of quotes with no newline after it quadratic (1 MB of `"` took 3.6 s).
		let nextNl = -2;
		const newlineFrom = (from: number): number => {
			if (nextNl !== -1 && nextNl < from) nextNl = t.indexOf('\n', from);
			return nextNl;
		};
		while (i < n) {
			if (state === IN) {
				const q = t.indexOf('"', i);
				const stop = q === -1 ? n : q;
				for (let nl = newlineFrom(i); nl !== -1 && nl < stop; nl = newlineFrom(nl + 1)) line++;
				if (q === -1) {
					i = n;
					break;
				}
				state = QUOTE_IN;
				i = q + 1;
				continue;
			}
			if (state === QUOTE_IN) {
				if (t.charCodeAt(i) === QUOTE) {
					state = IN; // escaped quote
					i++;
					continue;
				}
				state = OUT;
			}
			if (nextQuote !== -1 && nextQuote < i) nextQuote = t.indexOf('"', i);
			const nl = newlineFrom(i);
			if (nextQuote !== -1 && (nl === -1 || nextQuote < nl)) {
				const q = nextQuote;
				const before = q > 0 ? t.charCodeAt(q - 1) : prev;
				i = q + 1;
				if (before === d || before === NL || before === START) state = IN;
				continue;
			}
			if (nl === -1) break;
			line++;
			this.ends.push(base + nl + 1);
			this.lines.push(this.recordLine);
			// A record over several lines may be a stray quote's doing: flush it at once, so that a restart
			// rescans only the lines after it, not a whole batch (a stray quote on every line made each
			// line cost a batch).
			const spanned = line - this.recordLine > 1;
			this.recordLine = line;
			i = nl + 1;
			if (this.ends.length >= SCAN_BATCH || spanned) {
				// Enough records for one flush: a restart after a stray quote scans again from here, so
				// scanning all the rest each time made a file of stray quotes quadratic.
				this.pos = base + i;
				this.state = state;
				this.line = line;
				this.prev = t.charCodeAt(i - 1);
				this.stoppedEarly = true;
				return;
			}
		}
		this.stoppedEarly = false;
		this.pos = this.text.length;
		this.state = state;
		this.line = line;
		this.prev = n > 0 ? t.charCodeAt(n - 1) : prev;
	}

	/** Scan and deliver until everything complete is delivered (a scan stops after SCAN_BATCH records). */
	private drain(): void {
		do {
			this.scan();
			this.flush();
		} while (this.stoppedEarly);
	}

	/** Deliver the complete records scanned so far. */
	private flush(): void {
		// A loop, not recursion: each restart drops one physical line and scans the rest again.
		for (;;) {
			const n = this.ends.length;
			if (n === 0) return;
			const last = this.ends[n - 1]!;
			const whole = this.text;
			const block = whole.slice(0, last);
			const ends = this.ends;
			const lines = this.lines;
			this.text = whole.slice(last);
			this.pos -= last;
			this.ends = [];
			this.lines = [];
			// A scan stops after a record over several lines (see scan): that one is parsed alone, so a
			// malformed one does not send the whole batch to be parsed record by record.
			const lastStart = n > 1 ? ends[n - 2]! : 0;
			const nl = block.indexOf('\n', lastStart);
			const batch = nl !== -1 && nl < last - 1 ? n - 1 : n;
			// Every record goes to Papa the same way, in a block or alone: without its own line ending,
			// followed by `\n`. Papa judges a field like `"" ` differently at the very end of its input, and
			// splits on its one newline setting where the scanner splits on `\n`; either made results depend
			// on where chunks were cut (found by the chunking property test).
			const records: string[] = [];
			for (let k = 0, from = 0; k < batch; from = ends[k]!, k++) records.push(stripEol(block.slice(from, ends[k]), this.newline));
			const res = batch > 0 ? this.papa(records.join('\n')) : undefined;
			const agreed = res !== undefined && res.errors.length === 0 && res.data.length === batch;
			let start = 0;
			let restarted = false;
			for (let k = 0; k < n; k++) {
				const raw = block.slice(start, ends[k]);
				// Papa and the scanner disagree, or a record is malformed: parse each record alone.
				const fields = agreed && k < batch ? res.data[k]! : this.parseAlone(stripEol(raw, this.newline));
				if (this.swallowing(raw, fields)) {
					// Reading restarts on the line after this record's first: a slice of the text as it was
					// (no copy), where joining the rest of the block to the text copied it at every restart.
					const cut = block.indexOf('\n', start) + 1;
					this.restartAt(whole.slice(cut), lines[k]!);
					restarted = true;
					break;
				}
				if (fields) this.deliver(fields, lines[k]!);
				else this.parseOne(stripEol(raw, this.newline), lines[k]!);
				start = ends[k]!;
			}
			if (!restarted) return;
		}
	}

	/** Papa on records joined by `\n` (no final line ending), each record seen with its `\n` after it. */
	private papa(text: string): Papa.ParseResult<string[]> {
		const res = Papa.parse<string[]>(`${text}\n`, {delimiter: this.delimiter, newline: '\n', quoteChar: '"', header: false, skipEmptyLines: false});
		const tail = res.data.at(-1);
		if (res.data.length > 1 && tail && tail.length === 1 && tail[0] === '') res.data.pop();
		return res;
	}

	/** The fields of one record, or undefined when Papa reports an error or more than one row. */
	private parseAlone(record: string): string[] | undefined {
		if (record === '') return [''];
		const res = this.papa(record);
		return res.errors.length === 0 && res.data.length === 1 ? res.data[0] : undefined;
	}

	/** A record spanning lines that cannot be a row: a stray quote may have joined the lines after it. */
	private swallowing(raw: string, fields: readonly string[] | undefined): boolean {
		if (this.columns < 0) return false;
		const nl = raw.indexOf('\n');
		if (nl === -1 || nl >= raw.length - 1) return false;
		return fields === undefined || fields.length !== this.columns;
	}

	/** Report `line` as damaged and scan again from `text`, which starts on the line after it. */
	private restartAt(text: string, line: number): void {
		this.handlers.diagnostic({severity: 'warning', code: 'csv.quote.stray', message: 'a quote on this line joins the lines after it into one malformed record; line skipped, reading restarts on the next line', line});
		this.text = text;
		this.ends = [];
		this.lines = [];
		this.pos = 0;
		this.state = OUT;
		this.prev = START;
		this.line = line + 1;
		this.recordLine = this.line;
		this.scan();
	}

	private parseOne(record: string, line: number): void {
		if (record === '') return;
		const res = this.papa(record);
		const fields = res.data[0];
		if (res.errors.length > 0 || res.data.length !== 1 || !fields) {
			const why = res.errors[0]?.message ?? 'record does not split into one row';
			this.handlers.diagnostic({severity: 'warning', code: 'csv.row.malformed', message: `malformed CSV record (${why}); row skipped`, line});
			return;
		}
		this.deliver(fields, line);
	}

	private deliver(fields: string[], line: number): void {
		if (fields.length === 1 && fields[0] === '') return; // blank line
		if (this.columns < 0) {
			this.columns = fields.length;
			this.handlers.header(fields, line, this.delimiter ?? ',');
			return;
		}
		if (fields.length !== this.columns) {
			this.handlers.diagnostic({severity: 'warning', code: 'csv.row.column-count', message: `row has ${fields.length} fields, the header has ${this.columns}; row skipped`, line});
			return;
		}
		this.handlers.row(fields, line);
	}

	/** Drop the record being scanned: report it at its first line and restart on the next physical line. */
	private abandon(code: string, message: string): void {
		this.handlers.diagnostic({severity: 'warning', code, message, line: this.recordLine});
		this.state = OUT;
		this.prev = START;
		this.pos = 0;
		const nl = this.text.indexOf('\n');
		this.line = this.recordLine + 1;
		if (nl === -1) {
			this.text = '';
			this.skipping = true;
			this.line = this.recordLine;
			return;
		}
		this.text = this.text.slice(nl + 1);
		this.recordLine = this.line;
	}
}

/**
Remove the record's line ending. A `\r` is part of the ending only when the file's newline is `\r\n`:
with `\n` newlines it is data, and stripping it in one place but not another made results depend on
where chunks were cut (found by the chunking property test: `a\n\r\n\n` cut after 4 bytes).
*/
function stripEol(s: string, newline: '\n' | '\r\n'): string {
	if (newline === '\r\n' && s.endsWith('\r\n')) return s.slice(0, -2);
	if (s.endsWith('\n')) return s.slice(0, -1);
	return s;
}

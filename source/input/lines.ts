/**
Bytes → lines, in one place. Chunks may split a line or a multi-byte character anywhere; the splitter
carries the partial line across chunks, removes a leading UTF-8 BOM, accepts `\n` and `\r\n`, and caps
line length so one enormous line cannot exhaust memory (the rest of that line is skipped and reported).
Parsers never see chunk boundaries. Invalid UTF-8 becomes U+FFFD; when there was any, one warning at
the end counts it and names the first line (`encoding.ts`).

A lone CR, U+2028 or U+2029 inside a line is removed: JavaScript regexes treat them as line ends (`.`
and `$` stop there), so one in a User-Agent or a device name would make a parser's grammar fail and
lose the record. Removed rather than made a space, so that a hostile value cannot split into extra
space-separated fields either.
*/
import {invalidUtf8Message, Utf8Counter} from './encoding.js';

/** Lines longer than this are cut (with a diagnostic); the rest of the line is skipped. */
export const MAX_LINE_LENGTH = 1024 * 1024;

// Checked once per chunk; only lines of a chunk that has one pay for the replacement.
const INNER_TERMINATORS = /[\r\u2028\u2029]/g;

/** Does `text` hold a CR not followed by LF, a U+2028 or a U+2029? (`indexOf` scans far faster than a regex.) */
function hasInnerTerminator(text: string): boolean {
	if (text.includes('\u2028') || text.includes('\u2029')) return true;
	for (let at = text.indexOf('\r'); at !== -1; at = text.indexOf('\r', at + 1)) if (text.charCodeAt(at + 1) !== 10) return true;
	return false;
}
export type LineDiagnostic = {severity: 'warning' | 'error'; code: string; message: string; origin: {line: number}};

export class LineSplitter {
	// TextDecoder (simdutf inside Node) decodes about 4× faster than StringDecoder; in stream mode it
	// keeps a multi-byte character split across chunks, and invalid bytes become U+FFFD.
	private readonly decoder = new TextDecoder('utf-8');
	private partial = '';
	private lineNo = 0;
	private first = true;
	/** True while skipping the remainder of an over-long line. */
	private skipping = false;
	private skippedChars = 0;
	/** True while the current chunk (or the partial line carried into it) holds an inner line terminator. */
	private inner = false;
	private readonly utf8 = new Utf8Counter();
	/** The line of the first invalid UTF-8 sequence. */
	private firstInvalidLine = 0;

	constructor(
		private readonly onLine: (text: string, lineNo: number) => void,
		private readonly onDiagnostic: (d: LineDiagnostic) => void = () => {},
		private readonly maxLineLength = MAX_LINE_LENGTH,
	) {}

	/** The number of complete lines delivered so far. */
	get lines(): number {
		return this.lineNo;
	}

	push(bytes: Uint8Array): void {
		const invalidAt = this.utf8.push(bytes);
		if (invalidAt !== undefined) this.firstInvalidLine = this.currentLine() + countNewlines(bytes, invalidAt);
		let text = this.decoder.decode(bytes, {stream: true});
		if (this.first && text.length > 0) {
			this.first = false;
			if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
		}
		this.feed(text);
	}

	/** The input broke off (a read error): drop the incomplete last line, which is the damage, unread. */
	abandon(): void {
		this.partial = '';
		this.skipping = false;
		this.skippedChars = 0;
	}

	end(): void {
		if (this.utf8.end()) this.firstInvalidLine = this.currentLine();
		const rest = this.decoder.decode();
		if (rest) this.feed(rest);
		if (this.skipping) this.finishSkip();
		else if (this.partial.length > 0) this.emit(this.partial);
		this.partial = '';
		if (this.utf8.count > 0) {
			const line = Math.max(1, this.firstInvalidLine);
			this.onDiagnostic({severity: 'warning', code: 'input.encoding.invalid-utf8', message: invalidUtf8Message(this.utf8.count, `first on line ${line.toLocaleString('en-US')}`), origin: {line}});
		}
	}

	/** The line the next byte belongs to. */
	private currentLine(): number {
		return this.skipping ? this.lineNo : this.lineNo + 1;
	}

	private feed(text: string): void {
		this.inner = hasInnerTerminator(text) || (this.inner && this.partial.length > 0);
		let start = 0;
		for (;;) {
			const nl = text.indexOf('\n', start);
			if (nl === -1) break;
			if (this.skipping) {
				this.skippedChars += nl - start;
				this.finishSkip();
			} else {
				const piece = text.slice(start, nl);
				const line = this.partial.length > 0 ? this.partial + piece : piece;
				this.partial = '';
				if (line.length > this.maxLineLength) {
					this.lineNo++;
					this.tooLong(line.length);
					this.deliver(line.slice(0, this.maxLineLength));
				} else {
					this.emit(line);
				}
			}
			start = nl + 1;
		}
		if (start < text.length) {
			if (this.skipping) {
				this.skippedChars += text.length - start;
			} else {
				this.partial = this.partial.length > 0 ? this.partial + text.slice(start) : text.slice(start);
				if (this.partial.length > this.maxLineLength) {
					// Deliver the capped head now and skip the remainder until the next newline.
					this.lineNo++;
					this.deliver(this.partial.slice(0, this.maxLineLength));
					this.skipping = true;
					this.skippedChars = this.partial.length;
					this.partial = '';
				}
			}
		}
	}

	private emit(line: string): void {
		this.lineNo++;
		this.deliver(line.endsWith('\r') ? line.slice(0, -1) : line);
	}

	private deliver(line: string): void {
		this.onLine(this.inner ? line.replace(INNER_TERMINATORS, '') : line, this.lineNo);
	}

	private tooLong(length: number): void {
		this.onDiagnostic({severity: 'warning', code: 'input.line.too-long', message: `line is ${length.toLocaleString('en-US')} characters long; only the first ${this.maxLineLength.toLocaleString('en-US')} were read`, origin: {line: this.lineNo}});
	}

	private finishSkip(): void {
		this.tooLong(this.skippedChars);
		this.skipping = false;
		this.skippedChars = 0;
	}
}

/** Newline bytes in `bytes` before index `end`. */
function countNewlines(bytes: Uint8Array, end: number): number {
	let n = 0;
	for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) n++;
	return n;
}

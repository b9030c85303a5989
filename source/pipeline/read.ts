/**
Reading one input: bytes (gzip undone), the format detected from the head, the parser fed. What it
finds goes to a `ReadSink` in the order it happens: the parser's `Emit` calls (records, learned facts,
diagnostics) and the input's own events (bytes read, the format, a failure, progress, the end).

This half knows nothing of the store, the classifier or redaction, so it runs in the main thread or in
a parse worker (parse-worker.ts) alike; `ingestSource` (ingest.ts) turns the events into the store's
contents in the main thread, one code path for both.
*/
import {CONFIDENT, detectFormat, detectMagic, HEAD_BYTES, HEAD_LINES, headLines, looksBinary} from '../detect/detect.js';
import type {Emit, Format} from '../formats/types.js';
import {invalidUtf8Message, MOSTLY_INVALID, Utf8Counter, utf16Kind} from '../input/encoding.js';
import {LineSplitter} from '../input/lines.js';
import {decompressed, type InputSource} from '../input/sources.js';
import type {Diagnostic, Origin, TelemetryRecord} from '../model/records.js';
import type {ServerFact} from '../model/hosts.js';

/** Where reading an input reports, in order. Diagnostics arrive located (their `origin.file` set). */
export type ReadSink = {
	record(record: TelemetryRecord): void;
	learn(fact: ServerFact): void;
	diagnostic(diagnostic: Diagnostic): void;
	/** `n` more raw (possibly compressed) bytes were read. */
	bytes(n: number): void;
	/** The input's format is known (detected or `--type`). */
	format(name: string): void;
	/** The input failed (not read, or reading stopped): an error diagnostic with this code and message. */
	failed(code: string, message: string, line?: number): void;
	/**
	A chunk was handled (the UI may redraw). A promise makes the reader wait before its next chunk (a
	parse worker's backpressure).
	*/
	progress(): void | Promise<void>;
	/** The input was read to its end (or stopped by its signal: `aborted`). Not called after `failed`. */
	end(aborted: boolean): void;
};

export type ReadOptions = {
	readonly formats: readonly Format[];
	/** `--type`: skip detection. */
	readonly type?: Format | undefined;
	/** Options handed to parsers (`--map`, reference year …). */
	readonly formatOptions?: Readonly<Record<string, unknown>> | undefined;
	readonly signal?: AbortSignal | undefined;
};

/** Read one input to its end into `sink`. Never throws for bad input: problems become the sink's diagnostics. */
export async function readSource(source: InputSource, options: ReadOptions, sink: ReadSink): Promise<void> {
	const emit: Emit = {
		record: (r) => sink.record(r),
		learn: (fact) => sink.learn(fact),
		diagnostic: (d) => sink.diagnostic(d.origin.file ? d : {...d, origin: {...d.origin, file: source.name}}),
	};
	/** Lines read so far, for line formats (where a read error is located). */
	let linesRead: (() => number) | undefined;
	/** End after a read error: like `finish`, but a line format drops its cut last line (the damage) unread. */
	let breakOff: (() => void) | undefined;

	let feed: ((bytes: Uint8Array) => void) | undefined;
	let finish: (() => void) | undefined;
	const head: Uint8Array[] = [];
	let headSize = 0;

	const start = (): boolean => {
		const bytes = Buffer.concat(head);
		// A binary format (packet capture) is claimed by its magic number first: the text checks
		// below would refuse it for its NUL bytes. `--type` naming a binary format skips them too.
		let format = options.type ?? detectMagic(bytes, options.formats);
		const binary = format?.magic !== undefined;
		const utf16 = binary ? undefined : utf16Kind(bytes);
		if (utf16) {
			sink.failed('input.utf16', `UTF-16 text (${utf16}); this tool reads UTF-8: convert it first (iconv -f UTF-16 -t UTF-8); not read`);
			return false;
		}
		if (!binary && looksBinary(bytes)) {
			sink.failed('input.binary', 'binary data (NUL bytes), not a text log or HAR; not read');
			return false;
		}
		const sample = bytes.subarray(0, HEAD_BYTES);
		const invalid = new Utf8Counter();
		invalid.push(sample);
		if (!binary && invalid.count > sample.length * MOSTLY_INVALID) {
			sink.failed('input.not-utf8', `not UTF-8 text: ${Math.round((100 * invalid.count) / sample.length)}% of the first ${sample.length.toLocaleString('en-US')} bytes are invalid UTF-8; not read`);
			return false;
		}
		if (!format) {
			const lines = headLines(new TextDecoder().decode(bytes.subarray(0, HEAD_BYTES)));
			if (lines.length === 0) {
				sink.failed('input.empty', 'empty input');
				return false;
			}
			const detection = detectFormat(lines, options.formats);
			if (!detection.format) {
				sink.failed('input.unknown-format', `not a format this tool reads (tried: ${detection.tried.join(', ')}); use --type to force one`);
				return false;
			}
			format = detection.format;
		}
		sink.format(format.name);
		const formatOptions = {...options.formatOptions, ...(source.mtime ? {referenceEnd: source.mtime.getTime()} : {})};
		const ctx = {file: source.name, options: formatOptions};
		// A parser that throws has a bug. This is the one place that catches it (CONTRIBUTING.md, "A parser
		// that throws"): an error `parser.internal` where it happened, and what was read is kept. A line
		// parser reads on from the next line; a byte parser's state is unknown after a throw, so the rest of
		// that input is not read.
		const internal = (error: unknown, origin: Origin): void =>
			emit.diagnostic({severity: 'error', code: 'parser.internal', message: `internal parser error: ${error instanceof Error ? error.message : String(error)}`, origin});
		if (format.kind === 'bytes') {
			const parser = format.create(ctx);
			// Line formats count invalid UTF-8 in the LineSplitter (by line); byte formats here (by offset);
			// binary formats not at all.
			const utf8 = new Utf8Counter();
			let broken = false;
			let offset = 0;
			feed = (b) => {
				if (broken) return;
				if (!binary) utf8.push(b);
				try {
					parser.chunk(b, emit);
				} catch (error) {
					broken = true;
					internal(error, {file: source.name, offset});
				}
				offset += b.length;
			};
			finish = () => {
				try {
					if (!broken) parser.end(emit);
				} catch (error) {
					internal(error, {file: source.name, offset});
				}
				utf8.end();
				if (utf8.count === 0) return;
				const message = invalidUtf8Message(utf8.count, `first at byte ${utf8.first.toLocaleString('en-US')}`);
				emit.diagnostic({severity: 'warning', code: 'input.encoding.invalid-utf8', message, origin: {file: source.name}});
			};
		} else {
			const parser = format.create(ctx);
			const splitter = new LineSplitter(
				(text, lineNo) => {
					try {
						parser.line(text, lineNo, emit);
					} catch (error) {
						internal(error, {file: source.name, line: lineNo});
					}
				},
				(d) => emit.diagnostic({...d, origin: {file: source.name, line: d.origin.line}}),
			);
			feed = (b) => splitter.push(b);
			linesRead = () => splitter.lines;
			const end = (): void => {
				try {
					parser.end(emit);
				} catch (error) {
					internal(error, {file: source.name, line: Math.max(1, splitter.lines)});
				}
			};
			breakOff = () => {
				splitter.abandon();
				splitter.end();
				end();
			};
			finish = () => {
				splitter.end();
				end();
			};
		}
		for (const chunk of head) feed(chunk);
		head.length = 0;
		return true;
	};

	const enoughHead = (): boolean => {
		if (headSize >= HEAD_BYTES) return true;
		if (!source.live) return false;
		// Live input (stdin, --follow) may pause for a long time: decide as soon as the head is clear.
		if (!options.type && detectMagic(Buffer.concat(head), options.formats)) return true;
		const lines = headLines(new TextDecoder().decode(Buffer.concat(head)));
		if (lines.length >= HEAD_LINES) return true;
		if (options.type) return lines.length > 0;
		const d = detectFormat(lines, options.formats);
		return d.format !== undefined && d.score >= CONFIDENT;
	};

	let read = 0;
	try {
		for await (const chunk of decompressed(source.open(options.signal), (n) => {
			read += n;
			sink.bytes(n);
		})) {
			if (options.signal?.aborted) break;
			if (!feed) {
				// A copy: the reader's buffer holds the next chunk once this loop turns (sources.ts, readChunks).
				head.push(Buffer.from(chunk));
				headSize += chunk.length;
				if (enoughHead() && !start()) return;
				continue;
			}
			feed(chunk);
			const wait = sink.progress();
			if (wait) await wait;
		}
		if (!feed) {
			if (headSize === 0) {
				sink.failed('input.empty', 'empty input');
				return;
			}
			if (!start()) return;
		}
		// Stopped by a signal (Ctrl-C, SIGTERM): the last line may be half read. A line format drops it
		// unread rather than parsing half a line and warning about it; what was read is kept.
		if (options.signal?.aborted && breakOff) breakOff();
		else finish?.();
		sink.end(false);
	} catch (error) {
		const e = error as NodeJS.ErrnoException;
		if (e.name === 'AbortError') {
			// Joins still waiting (a request without its response line) are records too.
			try {
				(breakOff ?? finish)?.();
			} catch {
				// nothing more to give
			}
			sink.end(true);
			return;
		}
		// Keep what was read; say where reading stopped.
		try {
			(breakOff ?? finish)?.();
		} catch {
			// a parser that cannot finish after a read error has nothing more to give
		}
		const what = e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' || /incorrect header|unexpected end/i.test(e.message) ? `not a valid gzip stream (${e.message})` : e.code === 'EACCES' ? 'permission denied' : e.message;
		// For line formats the message is located at the line where the damage is (the cut line was not read).
		sink.failed('input.read-error', `reading stopped after ${read.toLocaleString('en-US')} bytes: ${what}`, linesRead ? linesRead() + 1 : undefined);
	}
}

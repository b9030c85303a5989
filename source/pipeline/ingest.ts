/**
Ingestion: for each input, read bytes (decompressing gzip), detect the format from the head, run
the parser, and finalise every record into the store. Inputs are read one after another; the event
loop gets a turn between chunks, so a UI stays responsive while a large file is read.

Nothing here throws for bad input: a missing file, an undetectable format, a broken gzip stream or even
a parser bug becomes a located diagnostic, and the other inputs (and the rest of the same input, where
that is possible) are still read.
*/
import type {Classifier} from '../classify/classify.js';
import {CONFIDENT, detectFormat, detectMagic, HEAD_BYTES, HEAD_LINES, headLines, looksBinary} from '../detect/detect.js';
import type {Emit, Format} from '../formats/types.js';
import {invalidUtf8Message, MOSTLY_INVALID, Utf8Counter, utf16Kind} from '../input/encoding.js';
import {LineSplitter} from '../input/lines.js';
import {decompressed, type InputSource, type InputProblem} from '../input/sources.js';
import type {Diagnostic, Origin, TelemetryRecord} from '../model/records.js';
import {redactText} from '../privacy/redact.js';
import {sanitizeText} from '../privacy/sanitize.js';
import {boundRecord, Cuts} from './bound.js';
import {finalizeDiagnostic, finalizeRecord} from './finalize.js';
import {learnFrom, tokensOf} from './ledger.js';
import {fromWallClock} from '../model/zone.js';
import type {RecordStore} from '../store/store.js';

export type IngestOptions = {
	readonly formats: readonly Format[];
	/** `--type`: skip detection. */
	readonly type?: Format | undefined;
	readonly classifier: Classifier;
	readonly showSecrets: boolean;
	readonly showIdentifiers?: boolean | undefined;
	/** Options handed to parsers (`--map`, reference year …). */
	readonly formatOptions?: Readonly<Record<string, unknown>>;
	readonly signal?: AbortSignal;
	/** `--log-tz`: the zone of logs that write local time without an offset (Emby); UTC when absent. */
	readonly logZone?: string | undefined;
	/** Called with each finalised record before it is stored (NDJSON streaming). Return false to not store it. */
	readonly onRecord?: (record: TelemetryRecord) => boolean;
};

function problem(file: string, code: string, message: string, severity: Diagnostic['severity'] = 'error', line?: number): Diagnostic {
	return {severity, code, message, origin: line === undefined ? {file} : {file, line}};
}

/**
One raw record into the store: finalised (sanitised, redacted, masked, classified), with what the
identifier ledger needs taken from the raw record first (the values it carried, the identifiers it
names). Every record the store holds comes through here.
*/
export function storeRecord(
	unbounded: TelemetryRecord,
	store: RecordStore,
	inputName: string,
	options: {readonly classifier: Classifier; readonly showSecrets: boolean; readonly showIdentifiers?: boolean | undefined},
	cuts: Cuts = new Cuts(),
): TelemetryRecord {
	const raw = boundRecord(unbounded, cuts);
	const tokens = tokensOf(raw);
	const record = finalizeRecord(raw, options);
	learnFrom(raw, record, store);
	store.add(record, inputName, tokens);
	return record;
}

/** Ingest every source into the store. Resolves when all finite inputs are read. */
export async function ingestAll(sources: readonly InputSource[], problems: readonly InputProblem[], store: RecordStore, options: IngestOptions): Promise<void> {
	for (const p of problems) {
		const input = store.input(shownName(p.name, options.showSecrets));
		input.status = 'failed';
		input.error = shownName(p.message, options.showSecrets);
		store.addDiagnostic(finalizeDiagnostic(problem(p.name, 'input.unreadable', p.message), options.showSecrets, options.showIdentifiers === true));
	}
	// Files are read one after another; live inputs (stdin, followed files) may never end, so each is read
	// alongside the rest from the start (else a second followed file would wait for the first forever).
	const finite = async (): Promise<void> => {
		for (const source of sources) {
			if (options.signal?.aborted) break;
			if (!source.live) await ingestSource(source, store, options);
		}
	};
	await Promise.all([finite(), ...sources.filter((s) => s.live).map((s) => ingestSource(s, store, options))]);
}

/**
An input's name as the overview, diagnostics and origin cells show it: terminal-safe, and with any secret
in it redacted (a file saved as `…?X-Plex-Token=….har`).
*/
export function shownName(name: string, showSecrets: boolean): string {
	const safe = sanitizeText(name);
	return showSecrets ? safe : redactText(safe);
}

/** Formats whose logs write the local time with no offset: their times are read in `--log-tz` (else UTC). */
export const LOCAL_TIME_FORMATS: ReadonlySet<string> = new Set(['emby']);

export async function ingestSource(source: InputSource, store: RecordStore, options: IngestOptions): Promise<void> {
	const {showSecrets, showIdentifiers} = options;
	const inputName = shownName(source.name, showSecrets);
	const input = store.input(inputName);
	// What was cut from this input's records (too large to keep whole), reported once at its end.
	const cuts = new Cuts();
	/** The zone this input's offset-less times are in, once its format is known to write them. */
	let wallZone: string | undefined;
	const finalizing = {classifier: options.classifier, showSecrets, showIdentifiers};
	const emit: Emit = {
		record(parsed) {
			let raw = parsed;
			if (wallZone !== undefined && raw.time !== undefined) {
				const wall = Date.parse(raw.time);
				if (!Number.isNaN(wall)) raw = {...raw, time: new Date(fromWallClock(wall, wallZone)).toISOString()};
			}
			if (options.onRecord) {
				const record = finalizeRecord(boundRecord(raw, cuts), finalizing);
				if (!options.onRecord(record)) {
					input.records++;
					return;
				}
			}
			storeRecord(raw, store, inputName, finalizing, cuts);
		},
		learn(fact) {
			options.classifier.knowledge.learn(fact);
		},
		diagnostic(d) {
			const final = finalizeDiagnostic(d.origin.file ? d : {...d, origin: {...d.origin, file: source.name}}, showSecrets, showIdentifiers);
			if (final.severity === 'error') firstError ??= final.message;
			store.addDiagnostic(final);
		},
	};
	/** The first error reported for this input: with no record read, the input failed (exit 1 if all did). */
	let firstError: string | undefined;
	const fail = (code: string, message: string, line?: number): void => {
		input.status = 'failed';
		input.error = shownName(message, showSecrets);
		emit.diagnostic(problem(source.name, code, message, 'error', line));
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
			fail('input.utf16', `UTF-16 text (${utf16}); this tool reads UTF-8: convert it first (iconv -f UTF-16 -t UTF-8); not read`);
			return false;
		}
		if (!binary && looksBinary(bytes)) {
			fail('input.binary', 'binary data (NUL bytes), not a text log or HAR; not read');
			return false;
		}
		const sample = bytes.subarray(0, HEAD_BYTES);
		const invalid = new Utf8Counter();
		invalid.push(sample);
		if (!binary && invalid.count > sample.length * MOSTLY_INVALID) {
			fail('input.not-utf8', `not UTF-8 text: ${Math.round((100 * invalid.count) / sample.length)}% of the first ${sample.length.toLocaleString('en-US')} bytes are invalid UTF-8; not read`);
			return false;
		}
		if (!format) {
			const lines = headLines(new TextDecoder().decode(bytes.subarray(0, HEAD_BYTES)));
			if (lines.length === 0) {
				fail('input.empty', 'empty input');
				return false;
			}
			const detection = detectFormat(lines, options.formats);
			if (!detection.format) {
				fail('input.unknown-format', `not a format this tool reads (tried: ${detection.tried.join(', ')}); use --type to force one`);
				return false;
			}
			format = detection.format;
		}
		input.format = format.name;
		if (LOCAL_TIME_FORMATS.has(format.name)) {
			// Said in the overview (and on stderr in print mode): which zone the times were read in, and how to change it.
			if (options.logZone && options.logZone !== 'UTC') wallZone = options.logZone;
			const message = options.logZone
				? `this ${format.name} log writes local time without an offset: times read as ${options.logZone} (--log-tz)`
				: `this ${format.name} log writes local time without an offset: times read as UTC; give the server's zone with --log-tz (e.g. --log-tz Europe/Berlin, or local)`;
			emit.diagnostic({severity: 'info', code: 'time.no-offset', message, origin: {file: source.name}});
		}
		store.changed();
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
				if (utf8.count > 0) emit.diagnostic({severity: 'warning', code: 'input.encoding.invalid-utf8', message: invalidUtf8Message(utf8.count, `first at byte ${utf8.first.toLocaleString('en-US')}`), origin: {file: source.name}});
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

	try {
		await read();
	} finally {
		const cut = cuts.message();
		if (cut) emit.diagnostic({severity: 'warning', code: 'record.cut', message: cut, origin: {...(cuts.first ?? {}), file: source.name}});
	}

	async function read(): Promise<void> {
		try {
			for await (const chunk of decompressed(source.open(options.signal), (n) => {
				input.bytes += n;
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
				store.changed();
			}
			if (!feed) {
				if (headSize === 0) {
					fail('input.empty', 'empty input');
					return;
				}
				if (!start()) return;
			}
			// Stopped by a signal (Ctrl-C, SIGTERM): the last line may be half read. A line format drops it
			// unread rather than parsing half a line and warning about it; what was read is kept.
			if (options.signal?.aborted && breakOff) breakOff();
			else finish?.();
			// A parser that reported an error and gave nothing (a HAR without entries, a document cut before
			// its first row) read nothing: the input failed, as a missing file does.
			if (input.records === 0 && firstError !== undefined) {
				input.status = 'failed';
				input.error = firstError;
			} else input.status = 'done';
			store.changed();
		} catch (error) {
			const e = error as NodeJS.ErrnoException;
			if (e.name === 'AbortError') {
				input.status = 'done';
				// Joins still waiting (a request without its response line) are records too.
				try {
					(breakOff ?? finish)?.();
				} catch {
					// nothing more to give
				}
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
			fail('input.read-error', `reading stopped after ${input.bytes.toLocaleString('en-US')} bytes: ${what}`, linesRead ? linesRead() + 1 : undefined);
		}
	}
}

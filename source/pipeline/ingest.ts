/**
Ingestion: for each input, read bytes (decompressing gzip), detect the format from the head, run
the parser, and finalise every record into the store. Inputs are read one after another; the event
loop gets a turn between chunks, so a UI stays responsive while a large file is read.

Nothing here throws for bad input: a missing file, an undetectable format, a broken gzip stream or even
a parser bug becomes a located diagnostic, and the other inputs (and the rest of the same input, where
that is possible) are still read.
*/
import type {Classifier} from '../classify/classify.js';
import type {Format} from '../formats/types.js';
import type {InputSource, InputProblem} from '../input/sources.js';
import type {Diagnostic, TelemetryRecord} from '../model/records.js';
import {redactText} from '../privacy/redact.js';
import {sanitizeText} from '../privacy/sanitize.js';
import {boundRecord, Cuts} from './bound.js';
import {finalizeDiagnostic, finalizeRecord} from './finalize.js';
import {learnFrom, tokensOf} from './ledger.js';
import {clipTime} from '../model/time.js';
import {fromWallClock} from '../model/zone.js';
import type {RecordStore} from '../store/store.js';
import {readSource, type ReadSink} from './read.js';
import {readInWorker} from './worker.js';

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
names). Every record the store holds comes through here. Returns the finalised record; when the store
keeps no spool, without what only a full record shows (its URL, the ISO `time` of a `timeMs`: the store
keeps the number, and its classification: the store classifies each destination once, when it first sees
it): nothing would read them (`finalizeRecord`'s `whole`).
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
	const whole = store.hasSpool;
	const record = finalizeRecord(raw, options, whole);
	learnFrom(raw, record, store);
	store.add(record, inputName, tokens, raw.timeMs === undefined ? undefined : clipTime(raw.timeMs), whole ? undefined : options.classifier);
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
	const sink = storeSink(source, store, options);
	try {
		if (!(await readInWorker(source, options, sink))) await readSource(source, options, sink);
	} finally {
		sink.close();
	}
}

/**
The main thread's half of reading an input: what `readSource` reports (here or in a parse worker), in
order, into the store — every record finalised through `storeRecord`.
*/
export function storeSink(source: InputSource, store: RecordStore, options: IngestOptions): ReadSink & {close(): void} {
	const {showSecrets, showIdentifiers} = options;
	const inputName = shownName(source.name, showSecrets);
	const input = store.input(inputName);
	// What was cut from this input's records (too large to keep whole), reported once at its end.
	const cuts = new Cuts();
	/** The zone this input's offset-less times are in, once its format is known to write them. */
	let wallZone: string | undefined;
	/** The first error reported for this input: with no record read, the input failed (exit 1 if all did). */
	let firstError: string | undefined;
	const finalizing = {classifier: options.classifier, showSecrets, showIdentifiers};
	const sink: ReadSink & {close(): void} = {
		record(parsed) {
			let raw = parsed;
			if (wallZone !== undefined && raw.timeMs !== undefined) {
				const wall = clipTime(raw.timeMs);
				if (!Number.isNaN(wall)) raw = {...raw, timeMs: fromWallClock(wall, wallZone)};
			} else if (wallZone !== undefined && raw.time !== undefined) {
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
		bytes(n) {
			input.bytes += n;
		},
		format(name) {
			input.format = name;
			if (LOCAL_TIME_FORMATS.has(name)) {
				// Said in the overview (and on stderr in print mode): which zone the times were read in, and how to change it.
				if (options.logZone && options.logZone !== 'UTC') wallZone = options.logZone;
				const message = options.logZone
					? `this ${name} log writes local time without an offset: times read as ${options.logZone} (--log-tz)`
					: `this ${name} log writes local time without an offset: times read as UTC; give the server's zone with --log-tz (e.g. --log-tz Europe/Berlin, or local)`;
				sink.diagnostic({severity: 'info', code: 'time.no-offset', message, origin: {file: source.name}});
			}
			store.changed();
		},
		failed(code, message, line) {
			input.status = 'failed';
			input.error = shownName(message, showSecrets);
			sink.diagnostic(problem(source.name, code, message, 'error', line));
		},
		progress() {
			store.changed();
		},
		end(aborted) {
			// A parser that reported an error and gave nothing (a HAR without entries, a document cut before
			// its first row) read nothing: the input failed, as a missing file does.
			if (!aborted && input.records === 0 && firstError !== undefined) {
				input.status = 'failed';
				input.error = firstError;
			} else input.status = 'done';
			if (!aborted) store.changed();
		},
		close() {
			const cut = cuts.message();
			if (cut) sink.diagnostic({severity: 'warning', code: 'record.cut', message: cut, origin: {...(cuts.first ?? {}), file: source.name}});
		},
	};
	return sink;
}

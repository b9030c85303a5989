/**
Interactive mode entry. Returns an exit code, or undefined when no terminal can be had for the keys
(then the caller prints instead).

When the data comes on stdin (`cat log | telemetry-tui`), keys are read from the controlling terminal
(/dev/tty) and stdin stays the data. Without a controlling terminal (CI, cron) there are no keys to
read, so the caller falls back to print mode.
*/
import {openSync} from 'node:fs';
import tty from 'node:tty';
import {defaultMarksPath} from '../audit/marks.js';
import type {InputProblem, InputSource} from '../input/sources.js';
import {ingestAll, type IngestOptions} from '../pipeline/ingest.js';
import type {RecordStore} from '../store/store.js';
import type {Io} from './io.js';
import type {CliOptions} from './options.js';
import {CLEAR_SCREEN, MOUSE_ON, type EarlyScreen} from '../tui/screen.js';
import {emptyMarks, loadMarks} from '../audit/marks.js';
import {applyEarlyKeys, FIRST_FRAME_WAIT_MS, linesToText, plainFrame, readBeforeFirstFrame, terminalSize, type Reading, type Size} from '../tui/first-frame.js';
import {initialState, type TuiState} from '../tui/state/reducer.js';
import {loadConfig, defaultConfigPath} from '../tui/config.js';
import {noColorRequested} from '../tui/tones.js';
import {QueryEngine} from '../views/query.js';

export type InteractiveArgs = {
	options: CliOptions;
	io: Io;
	store: RecordStore;
	sources: InputSource[];
	problems: InputProblem[];
	ingest: Omit<IngestOptions, 'signal' | 'onRecord'>;
	/** The screen taken at start-up (alternate screen, raw mode), handed over to the UI. */
	early?: EarlyScreen | undefined;
};

/** Bytes handed to the parser at a time in interactive mode (the readers deliver 1 MiB chunks). */
export const UI_SLICE_BYTES = 32 * 1024;

/**
An input whose chunks are cut into `size`-byte slices with a turn of the event loop between them.
Parsing a 1 MiB chunk can hold the event loop for hundreds of milliseconds on a slow machine; keys are
read on the same loop, so the UI hands the parser less at a time (measured: worst pause 276 → 60 ms on
a loaded 2-core machine, same total time).
*/
export function sliced(source: InputSource, size = UI_SLICE_BYTES): InputSource {
	async function* slices(raw: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
		for await (const chunk of raw) {
			for (let i = 0; i < chunk.length; i += size) {
				yield chunk.length <= size ? chunk : chunk.subarray(i, i + size);
				await new Promise<void>((resolve) => setImmediate(resolve));
			}
		}
	}
	return {...source, open: (signal) => slices(source.open(signal))};
}

/** A terminal to read keys from: stdin when it is one, else /dev/tty; undefined when there is none. */
export function openKeys(stdin: NodeJS.ReadStream): {keys: NodeJS.ReadStream; opened: tty.ReadStream | undefined} | undefined {
	if (stdin.isTTY) return {keys: stdin, opened: undefined};
	try {
		const ttyStream = new tty.ReadStream(openSync('/dev/tty', 'r'));
		return {keys: ttyStream as unknown as NodeJS.ReadStream, opened: ttyStream};
	} catch {
		return undefined;
	}
}

export async function startInteractive(args: InteractiveArgs): Promise<number | undefined> {
	const {io, store, sources, problems, options} = args;
	const terminal = openKeys(io.stdin);
	if (!terminal) {
		io.stderr.write('telemetry-tui: no terminal for keys; printing instead\n');
		return undefined;
	}
	const ingest = (signal: AbortSignal): Promise<void> => ingestAll(sources.map((s) => sliced(s)), problems, store, {...args.ingest, signal});
	const marksPath = options.marks ?? defaultMarksPath();
	const configPath = defaultConfigPath();
	const startedAt = Date.now();
	const sizes = new Map(sources.map((s) => [s.name, s.size]));
	// With the screen taken at start-up, the inputs are read and the first frame drawn before Ink and
	// React are even loaded (first-frame.ts); the UI then starts from that frame's state and engine.
	const first = args.early && terminal.keys === io.stdin ? await firstFrame(args, terminal.keys, ingest, {marksPath, configPath, startedAt, sizes}) : undefined;
	// Ink is loaded only now: print mode never pays for React.
	const {runTui} = await import('../tui/run.js');
	// Ink draws over the first frame without erasing it: a terminal resized meanwhile (Ink then draws
	// another size) is cleared first, or the first frame's ends of lines would stay beside Ink's.
	const size = terminalSize(io.stdout);
	if (first?.drawn && (first.drawn.columns !== size.columns || first.drawn.rows !== size.rows)) io.stdout.write(CLEAR_SCREEN);
	args.early?.handOver();
	try {
		return await runTui({
			...(first ? {reading: first.reading, screenTaken: true, ...(first.state ? {initialState: first.state, engine: first.engine} : {})} : {}),
			store,
			sizes,
			initialView: options.views?.[0],
			initialFilter: options.filter,
			initialGroup: options.group,
			startedAt,
			marksPath,
			configPath,
			blocklistInclude: options.blocklistInclude,
			classifier: args.ingest.classifier,
			stdin: terminal.keys,
			stdout: io.stdout,
			stderr: io.stderr,
			noColor: noColorRequested(),
			mouse: !options.noMouse,
			ingest,
		});
	} finally {
		terminal.opened?.destroy();
		// A pipe that never ends (tail -f | telemetry-tui) would keep the process alive after quitting.
		if (terminal.keys !== io.stdin) io.stdin.destroy();
	}
}

/**
Before the UI is loaded: read the inputs (up to FIRST_FRAME_WAIT_MS), and when they are all read, draw the
first frame as plain text (first-frame.ts) with the keys typed so far that choose a view applied. Those
keys are taken from the terminal; any other key, and everything after it, is left there for the UI.
Returns the reading, and the state and engine of the frame drawn (none when it was not drawn).
*/
async function firstFrame(
	args: InteractiveArgs,
	keys: NodeJS.ReadStream,
	ingest: (signal: AbortSignal) => Promise<void>,
	context: {marksPath: string; configPath: string; startedAt: number; sizes: ReadonlyMap<string, number | undefined>},
): Promise<{reading: Reading; state?: TuiState; engine?: QueryEngine; drawn?: Size}> {
	const {options, io, store} = args;
	// Keys typed meanwhile are read into the stream's buffer (the terminal is in raw mode: nothing is echoed).
	const keep = (): void => {};
	keys.on('readable', keep);
	try {
		const reading = await readBeforeFirstFrame(ingest, FIRST_FRAME_WAIT_MS, io.stderr);
		if (!reading.done) return {reading};
		const start = initialState({view: options.views?.[0], filter: options.filter, group: options.group, columns: loadConfig(context.configPath).columns});
		const typed = keys.read() as Buffer | string | null;
		const bytes = typed === null ? new Uint8Array(0) : typeof typed === 'string' ? Buffer.from(typed) : typed;
		const {state, used} = applyEarlyKeys(start, bytes);
		if (used < bytes.length) keys.unshift(bytes.subarray(used));
		const loaded = loadMarks(context.marksPath);
		const marks = 'marks' in loaded ? loaded.marks : emptyMarks();
		const engine = new QueryEngine(store);
		const {sizes, startedAt} = context;
		const size = terminalSize(io.stdout);
		const lines = plainFrame({engine, state, size, marks, sizes, startedAt, budgetMs: FIRST_FRAME_BUDGET_MS});
		if (lines === undefined) return {reading, state, engine};
		// The mouse is taken with the frame, as the UI takes it: a click meanwhile waits for the UI, which draws the same frame.
		io.stdout.write(linesToText(lines, !noColorRequested() && (io.stdout.hasColors?.() ?? false)) + (options.noMouse ? '' : MOUSE_ON));
		return {reading, state, engine, drawn: size};
	} finally {
		keys.off('readable', keep);
	}
}

/** Time the plain first frame may take for its queries; past it the frame is left to the UI (which carries on). */
const FIRST_FRAME_BUDGET_MS = 150;

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
import type {EarlyScreen} from '../tui/screen.js';

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
	// Ink is loaded only now: print mode never pays for React.
	const [{runTui}, {noColorRequested}, {defaultConfigPath}] = await Promise.all([import('../tui/run.js'), import('../tui/theme.js'), import('../tui/config.js')]);
	args.early?.handOver();
	try {
		return await runTui({
			store,
			sizes: new Map(sources.map((s) => [s.name, s.size])),
			initialView: options.views?.[0],
			initialFilter: options.filter,
			initialGroup: options.group,
			startedAt: Date.now(),
			marksPath: options.marks ?? defaultMarksPath(),
			configPath: defaultConfigPath(),
			blocklistInclude: options.blocklistInclude,
			classifier: args.ingest.classifier,
			stdin: terminal.keys,
			stdout: io.stdout,
			stderr: io.stderr,
			noColor: noColorRequested(),
			mouse: !options.noMouse,
			ingest: (signal) => ingestAll(sources.map((s) => sliced(s)), problems, store, {...args.ingest, signal}),
		});
	} finally {
		terminal.opened?.destroy();
		// A pipe that never ends (tail -f | telemetry-tui) would keep the process alive after quitting.
		if (terminal.keys !== io.stdin) io.stdin.destroy();
	}
}

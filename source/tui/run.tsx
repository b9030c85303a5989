/**
Running the app in a terminal: enter the alternate screen (and turn mouse reports on), start reading the
inputs, render once they are read (or after a short wait, with the progress), and put the terminal back (mouse reports off, raw mode
off, cursor shown, alternate screen left) on every way out — quit, an error, an uncaught exception (the
'exit' handler), or SIGTERM/SIGINT/SIGHUP — and while suspended (Ctrl-z; taken again on `fg`).

Ctrl-C is a key like any other here (`exitOnCtrlC: false`; the keymap binds it to quit), because in raw
mode the terminal does not turn it into SIGINT.
*/
import {render} from 'ink';
import {App} from './App.js';
import type {TuiOptions} from './use-tui.js';
import {FIRST_FRAME_WAIT_MS, readBeforeFirstFrame, type Reading} from './first-frame.js';

import {ENTER_ALT_SCREEN, HIDE_CURSOR, LEAVE_ALT_SCREEN, MOUSE_OFF, MOUSE_ON, SHOW_CURSOR} from './screen.js';

export {ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, MOUSE_OFF, MOUSE_ON, SHOW_CURSOR};

export type RunOptions = TuiOptions & {
	/** Where keys come from (a TTY: process.stdin, or /dev/tty when data is piped). */
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WriteStream;
	readonly stderr: NodeJS.WriteStream;
	readonly noColor: boolean;
	/** Take the mouse (wheel, clicks) while the UI runs; false (--no-mouse) leaves it to the terminal for selecting text. */
	readonly mouse?: boolean;
	/** Read the inputs into the store; called before the first frame, which waits for it up to `firstFrameWaitMs`. */
	readonly ingest: (signal: AbortSignal) => Promise<void>;
	/** How long the first frame waits for the inputs (default FIRST_FRAME_WAIT_MS). */
	readonly firstFrameWaitMs?: number;
	/** Reading already started (and waited for) before the UI was loaded; `ingest` is then not called. */
	readonly reading?: Reading;
	/** The CLI has entered the alternate screen already (and may have drawn the first frame on it): not entered again, which in some terminals clears it. */
	readonly screenTaken?: boolean;
};

export {FIRST_FRAME_WAIT_MS};

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Readonly<Record<(typeof SIGNALS)[number], number>> = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15};

/**
Draw the whole frame again on a screen that lost it (back from a suspend, where the alternate screen
starts blank). Ink writes only what changed since its last frame and has no call to forget it; a width
that shrinks makes it clear and redraw everything, so the width is shown one column narrower for one
frame and then restored.
*/
function redrawAll(stdout: NodeJS.WriteStream): void {
	const columns = stdout.columns;
	if (!(columns > 1)) return;
	stdout.columns = columns - 1;
	stdout.emit('resize');
	stdout.columns = columns;
	stdout.emit('resize');
}

/** Run until the user quits. Resolves with the exit code; rejects with an app error after restoring. */
export async function runTui(options: RunOptions): Promise<number> {
	const {stdin, stdout, stderr} = options;
	const mouse = options.mouse ?? true;
	let reading = options.reading;
	let instance: ReturnType<typeof render> | undefined;
	let restored = false;
	const restore = (): void => {
		if (restored) return;
		restored = true;
		reading?.controller.abort();
		try {
			instance?.unmount();
		} catch {
			// already unmounted
		}
		try {
			if (stdin.isTTY) stdin.setRawMode(false);
		} catch {
			// the terminal may be gone (SIGHUP)
		}
		// The mouse is given back first: a terminal left reporting it types escape codes into the shell at every click.
		stdout.write((mouse ? MOUSE_OFF : '') + SHOW_CURSOR + LEAVE_ALT_SCREEN);
	};
	const onSignal = (signal: (typeof SIGNALS)[number]): void => {
		restore();
		process.exit(128 + SIGNAL_NUMBERS[signal]);
	};
	for (const signal of SIGNALS) process.on(signal, onSignal);
	process.on('exit', restore);
	// Suspend (Ctrl-z, or SIGTSTP from outside): the terminal is given back as on quitting, then the process
	// stops; on SIGCONT (`fg`) the screen, raw mode and the mouse are taken again and the frame redrawn.
	let suspended = false;
	const onStop = (): void => {
		if (restored) return;
		suspended = true;
		try {
			if (stdin.isTTY) stdin.setRawMode(false);
		} catch {
			// the terminal may be gone
		}
		stdout.write((mouse ? MOUSE_OFF : '') + SHOW_CURSOR + LEAVE_ALT_SCREEN);
		process.kill(process.pid, 'SIGSTOP');
	};
	const onContinue = (): void => {
		if (restored || !suspended) return;
		suspended = false;
		try {
			if (stdin.isTTY) stdin.setRawMode(true);
		} catch {
			// the terminal may be gone
		}
		stdout.write(ENTER_ALT_SCREEN + HIDE_CURSOR + (mouse ? MOUSE_ON : ''));
		redrawAll(stdout);
	};
	process.on('SIGTSTP', onStop);
	process.on('SIGCONT', onContinue);

	stdout.write((options.screenTaken ? '' : ENTER_ALT_SCREEN) + (mouse ? MOUSE_ON : ''));
	try {
		// Read first, and draw the first frame when reading is done or after FIRST_FRAME_WAIT_MS, whichever comes first.
		reading ??= await readBeforeFirstFrame(options.ingest, options.firstFrameWaitMs ?? FIRST_FRAME_WAIT_MS, stderr);
		instance = render(<App {...options} />, {stdin, stdout, stderr, exitOnCtrlC: false, patchConsole: true, maxFps: 30});
		await instance.waitUntilExit();
		return 0;
	} finally {
		restore();
		for (const signal of SIGNALS) process.off(signal, onSignal);
		process.off('exit', restore);
		process.off('SIGTSTP', onStop);
		process.off('SIGCONT', onContinue);
	}
}

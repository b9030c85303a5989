/**
The terminal's screen modes, without Ink: the CLI enters the alternate screen and raw mode the moment
it knows the UI will run, before Ink (about half a second of loading) is imported, so something is on
screen at once and keys typed while starting are neither echoed by the terminal nor lost (they wait in
the terminal's buffer until the UI reads them).
*/
export const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
export const LEAVE_ALT_SCREEN = '\u001B[?1049l';
export const SHOW_CURSOR = '\u001B[?25h';
/** Erase the whole screen and put the cursor at the top left. */
export const CLEAR_SCREEN = '\u001B[2J\u001B[H';
export const HIDE_CURSOR = '\u001B[?25l';
/** Mouse reports on: presses and releases (1000), the wheel among them, in the SGR encoding (1006) that has no 223-column limit. */
export const MOUSE_ON = '\u001B[?1000h\u001B[?1006h';
export const MOUSE_OFF = '\u001B[?1006l\u001B[?1000l';

export type EarlyScreen = {
	/** The UI has taken the terminal over: it restores it from now on. */
	handOver(): void;
	/** Put the terminal back (when the UI never started). */
	restore(): void;
};

const SIGNALS = {SIGHUP: 1, SIGINT: 2, SIGTERM: 15} as const;

/**
Enter the alternate screen with a one-line placeholder, and raw mode (no echo) on `keys`. Until the UI
takes over, a signal that ends the process (the terminal closed, `kill`) puts the terminal back first.
*/
export function earlyScreen(stdout: NodeJS.WriteStream, keys: NodeJS.ReadStream, what: string): EarlyScreen {
	let owned = true;
	try {
		if (keys.isTTY) keys.setRawMode(true);
	} catch {
		// not a terminal after all
	}
	const columns = stdout.columns > 0 ? stdout.columns : 80;
	const line = ` telemetry-tui · starting · ${what}`.slice(0, columns - 1);
	stdout.write(`${ENTER_ALT_SCREEN}${HIDE_CURSOR}${line}\u001B[H`);
	const onSignal = (signal: keyof typeof SIGNALS): void => {
		screen.restore();
		process.exit(128 + SIGNALS[signal]);
	};
	const release = (): void => {
		owned = false;
		for (const signal of Object.keys(SIGNALS)) process.off(signal, onSignal);
	};
	for (const signal of Object.keys(SIGNALS)) process.on(signal, onSignal);
	const screen: EarlyScreen = {
		handOver() {
			release();
		},
		restore() {
			if (!owned) return;
			release();
			try {
				if (keys.isTTY) keys.setRawMode(false);
			} catch {
				// the terminal may be gone
			}
			// The mouse too: the first frame, drawn before the UI, takes it (source/cli/interactive.ts).
			stdout.write(MOUSE_OFF + SHOW_CURSOR + LEAVE_ALT_SCREEN);
		},
	};
	return screen;
}

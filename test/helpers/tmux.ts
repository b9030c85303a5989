/**
Driving a real pseudo-terminal with tmux for end-to-end tests: start a command in a detached session of
a fixed size, send keys, read the screen (`capture-pane -p`), and always kill the session. Every wait
polls the screen with a bounded deadline (generous: this runs on slow shared machines); no fixed sleeps.

The command runs with CI variables unset (for every command of a pipeline, not only the first): Ink
draws nothing but the final frame when it thinks it is in CI, which is right for logs, wrong for a terminal.
*/
import {execFileSync, spawnSync} from 'node:child_process';

export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

let counter = 0;

export type Session = {
	readonly name: string;
	/** The visible screen as text (with `history`, the scrollback above it too). */
	capture(options?: {history?: boolean}): string;
	/** Keys by tmux name (`Enter`, `Escape`, `C-c`, `Tab`, `BTab`, `j`). */
	keys(...keys: string[]): void;
	/** Literal text. */
	type(text: string): void;
	waitFor(expected: string | ((screen: string) => boolean), timeoutMs?: number, options?: {history?: boolean}): Promise<string>;
	/** One step of a script: the key (tmux name), then wait for its effect on the screen; the screen. */
	pressUntil(key: string, expected: string | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
	resize(columns: number, rows: number): void;
	/** The pid of the command's process (the child of the pane's shell). */
	commandPid(): number | undefined;
	kill(): void;
};

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Start `command` in `cwd` in a new columns×rows session. After it ends the pane shows `EXITED <code>`. */
export function startTmux(command: string, options: {columns: number; rows: number; cwd: string}): Session {
	const name = `tui-e2e-${process.pid}-${++counter}`;
	const config = process.env['XDG_CONFIG_HOME'] ? `export XDG_CONFIG_HOME='${process.env['XDG_CONFIG_HOME'].replace(/'/g, `'\\''`)}'; ` : '';
	const script = `unset CI CONTINUOUS_INTEGRATION; ${config}${command}; echo "EXITED $?"; sleep 600`;
	execFileSync('tmux', ['new-session', '-d', '-x', String(options.columns), '-y', String(options.rows), '-s', name, '-c', options.cwd, 'sh', '-c', script]);
	const tmux = (...args: string[]): string => execFileSync('tmux', args, {encoding: 'utf8'});
	const session: Session = {
		name,
		capture: (o) => tmux('capture-pane', '-p', ...(o?.history ? ['-S', '-'] : []), '-t', name),
		keys: (...keys) => void tmux('send-keys', '-t', name, ...keys),
		type: (text) => void tmux('send-keys', '-t', name, '-l', text),
		async waitFor(expected, timeoutMs = 15_000, o) {
			const ok = typeof expected === 'string' ? (s: string) => s.includes(expected) : expected;
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const screen = session.capture(o);
				if (ok(screen)) return screen;
				if (Date.now() > deadline) throw new Error(`screen never matched ${typeof expected === 'string' ? JSON.stringify(expected) : 'the predicate'} in ${timeoutMs} ms; screen:\n${screen}`);
				await tick(100);
			}
		},
		pressUntil(key, expected, timeoutMs) {
			session.keys(key);
			return session.waitFor(expected, timeoutMs);
		},
		resize: (columns, rows) => void tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows)),
		commandPid() {
			const shell = tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim();
			const child = spawnSync('pgrep', ['-P', shell], {encoding: 'utf8'}).stdout.trim().split('\n')[0];
			return child ? Number(child) : undefined;
		},
		kill() {
			spawnSync('tmux', ['kill-session', '-t', name], {stdio: 'ignore'});
		},
	};
	return session;
}

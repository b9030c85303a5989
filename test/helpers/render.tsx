/**
The one render helper for UI frame tests (Ink 6 / React 19). It renders into a fake terminal of a fixed
size, exposes the last frame, and sends keys the way a terminal does, yielding to React's scheduler
after each key so effects (the input handler's closures) are current before the next one — the same
detail Shopify's cli-kit test helpers handle. No fixed sleeps: `waitFor` polls with a bounded wait.
*/
import {EventEmitter} from 'node:events';
import {render as inkRender} from 'ink';
import type React from 'react';
import stringWidth from 'string-width';

class FakeStdout extends EventEmitter {
	readonly isTTY = true;
	frames: string[] = [];
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string): boolean => {
		this.frames.push(frame);
		return true;
	};
	lastFrame = (): string | undefined => this.frames.at(-1);
}

class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	write = (data: string): void => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};
	read = (): string | null => {
		const {data} = this;
		this.data = null;
		return data;
	};
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

/** Key sequences as a terminal sends them. */
export const KEYS = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlD: '\u0004',
	ctrlU: '\u0015',
	ctrlW: '\u0017',
} as const;

const ANSI = /\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

/** A frame without colour codes. */
export function plain(frame: string): string {
	return frame.replace(ANSI, '');
}

/** Display width of the widest line of a frame. */
export function widestLine(frame: string): number {
	return Math.max(0, ...plain(frame).split('\n').map((line) => stringWidth(line)));
}

/** Let React 19 and Ink flush: setImmediate, then a macrotask. */
export function tick(): Promise<void> {
	return new Promise((resolve) => setImmediate(() => setTimeout(resolve, 0)));
}

export type Rendered = {
	/** The last frame, without colour codes. */
	lastFrame(): string;
	/** The last frame as written (with colour codes, if any). */
	rawFrame(): string;
	/** Send keys one at a time (each a string as the terminal sends it), yielding after each. */
	press(...keys: string[]): Promise<void>;
	/** Wait until the plain frame satisfies the predicate (or contains the text); fails after `timeoutMs`. */
	waitFor(expected: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	/** One step of a script: press the key (or keys), then wait for the frame to show its effect; the frame. */
	pressUntil(keys: string | readonly string[], expected: string | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	resize(columns: number, rows: number): Promise<void>;
	unmount(): void;
	readonly exited: Promise<unknown>;
};

/** Render a tree in a `columns`×`rows` terminal. */
export function renderTui(tree: React.ReactElement, size: {columns: number; rows: number}): Rendered {
	const stdout = new FakeStdout(size.columns, size.rows);
	const stderr = new FakeStdout(size.columns, size.rows);
	const stdin = new FakeStdin();
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const lastFrame = (): string => plain(stdout.lastFrame() ?? '');
	const rendered: Rendered = {
		lastFrame,
		rawFrame: () => stdout.lastFrame() ?? '',
		async press(...keys) {
			await tick();
			for (const key of keys) {
				stdin.write(key);
				await tick();
			}
		},
		async waitFor(expected, timeoutMs = 3000) {
			const ok = typeof expected === 'string' ? (f: string) => f.includes(expected) : expected;
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const frame = lastFrame();
				if (ok(frame)) return frame;
				if (Date.now() > deadline) throw new Error(`frame never matched ${typeof expected === 'string' ? JSON.stringify(expected) : 'the predicate'}; last frame:\n${frame}`);
				await tick();
			}
		},
		async pressUntil(keys, expected, timeoutMs) {
			await rendered.press(...(typeof keys === 'string' ? [keys] : keys));
			return rendered.waitFor(expected, timeoutMs);
		},
		async resize(columns, rows) {
			stdout.columns = columns;
			stdout.rows = rows;
			stdout.emit('resize');
			await tick();
		},
		unmount: () => instance.unmount(),
		exited: instance.waitUntilExit(),
	};
	return rendered;
}

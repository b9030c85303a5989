/**
What the binary does before its program loads (source/cli/early.ts): lazy globals that cost a cold start
dearly are replaced with what the program uses of them. Restores the process's globals after each test
(the unit tier shares a process between files).
*/
import {afterEach, describe, expect, it, vi} from 'vitest';
import {earlyScreenLine, lightPerformance} from '../source/cli/early.js';
import {earlyScreen, LEAVE_ALT_SCREEN} from '../source/tui/screen.js';

const before = {SIGTERM: process.listenerCount('SIGTERM'), SIGHUP: process.listenerCount('SIGHUP')};

const saved = Object.getOwnPropertyDescriptor(globalThis, 'performance')!;
afterEach(() => {
	Object.defineProperty(globalThis, 'performance', saved);
});

describe('the light `performance` global', () => {
	it('measures time as the real one does, and answers everything else from the real one', async () => {
		const real = saved.get ? (saved.get.call(globalThis) as typeof performance) : (saved.value as typeof performance);
		lightPerformance();
		expect(globalThis.performance).not.toBe(real);
		// What React's scheduler asks before it uses it.
		expect(typeof performance === 'object' && typeof performance.now === 'function').toBe(true);
		expect('now' in performance).toBe(true);
		const a = performance.now();
		const b = real.now();
		await new Promise((resolve) => setTimeout(resolve, 60));
		const elapsed = performance.now() - a;
		// The same clock (monotonic, milliseconds), whatever its origin.
		expect(elapsed).toBeGreaterThanOrEqual(50);
		expect(Math.abs(elapsed - (real.now() - b))).toBeLessThan(20);
		// Anything else: the real API, loaded on demand.
		const mark = performance.mark('ttui-early-test');
		expect(mark.name).toBe('ttui-early-test');
		expect(performance.getEntriesByName('ttui-early-test')).toHaveLength(1);
		expect(performance.timeOrigin).toBe(real.timeOrigin);
		real.clearMarks('ttui-early-test');
	});
});

describe('the early screen', () => {
	const tty = {isTTY: true} as NodeJS.ReadStream & NodeJS.WriteStream;
	it('is taken only when the UI will run, and names the inputs with control characters made harmless', () => {
		expect(earlyScreenLine(['a.har'], tty, tty)).toBe('reading a.har');
		expect(earlyScreenLine([], tty, tty)).toBe('starting');
		expect(earlyScreenLine(['x\u001b]0;evil\u0007.log'], tty, tty)).toBe('reading x?]0;evil?.log');
		for (const args of [['-p', 'a.har'], ['--print', 'a.har'], ['--version'], ['-h'], ['--blocklist=hosts', 'a'], ['--explain', 'x']]) expect(earlyScreenLine(args, tty, tty)).toBeUndefined();
		expect(earlyScreenLine(['a.har'], {isTTY: false} as NodeJS.ReadStream, tty)).toBeUndefined();
	});
});

describe('the early screen, taken', () => {
	function streams(): {out: string[]; raw: boolean[]; stdout: NodeJS.WriteStream; keys: NodeJS.ReadStream} {
		const out: string[] = [];
		const raw: boolean[] = [];
		const stdout = {columns: 80, write: (s: string) => out.push(s) > 0} as unknown as NodeJS.WriteStream;
		const keys = {isTTY: true, setRawMode: (on: boolean) => raw.push(on)} as unknown as NodeJS.ReadStream;
		return {out, raw, stdout, keys};
	}

	it('gives the terminal back when a signal ends the process before the UI has taken over', () => {
		const {out, raw, stdout, keys} = streams();
		const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
		try {
			earlyScreen(stdout, keys, 'reading x');
			expect(raw).toEqual([true]);
			process.emit('SIGTERM', 'SIGTERM');
			expect(raw).toEqual([true, false]);
			expect(out.at(-1)).toContain(LEAVE_ALT_SCREEN);
			expect(exit).toHaveBeenCalledWith(143);
			// Once given back, the handlers are gone.
			expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM);
		} finally {
			exit.mockRestore();
		}
	});

	it('leaves signals to the UI once it has taken over', () => {
		const {out, stdout, keys} = streams();
		const screen = earlyScreen(stdout, keys, 'reading x');
		expect(process.listenerCount('SIGHUP')).toBe(before.SIGHUP + 1);
		screen.handOver();
		expect(process.listenerCount('SIGHUP')).toBe(before.SIGHUP);
		screen.restore();
		expect(out.join('')).not.toContain(LEAVE_ALT_SCREEN);
	});
});

/**
What the binary does before its program loads (source/cli/early.ts): lazy globals that cost a cold start
dearly are replaced with what the program uses of them. Restores the process's globals after each test
(the unit tier shares a process between files).
*/
import {afterEach, describe, expect, it} from 'vitest';
import {earlyScreenLine, lightPerformance} from '../source/cli/early.js';

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

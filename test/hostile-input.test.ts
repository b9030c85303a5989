/**
Issue 19 items 5 and 8: the stdin reader holds no chunk it has passed on, and `--follow` does not add
an abort listener per poll.
*/
import {getEventListeners} from 'node:events';
import {appendFileSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {describe, expect, it} from 'vitest';
import {followFile, sleep, untilAborted} from '../source/input/sources.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('untilAborted (the stdin reader)', () => {
	it('keeps no chunk it has yielded alive while reading goes on (item 5)', async () => {
		const refs: Array<WeakRef<Uint8Array>> = [];
		function* chunks(): Generator<Uint8Array> {
			for (let k = 0; k < 40; k++) {
				const chunk = new Uint8Array(256 * 1024);
				refs.push(new WeakRef(chunk));
				yield chunk;
			}
		}
		const controller = new AbortController();
		let seen = 0;
		let aliveMidway = -1;
		for await (const chunk of untilAborted(Readable.from(chunks(), {objectMode: true}), controller.signal)) {
			expect(chunk.length).toBe(256 * 1024);
			seen++;
			if (seen === 30) {
				await new Promise((resolve) => setImmediate(resolve));
				gc();
				aliveMidway = refs.slice(0, 25).filter((r) => r.deref() !== undefined).length;
			}
		}
		expect(seen).toBe(40);
		expect(aliveMidway).toBe(0);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	it('still stops at once on abort, with a read pending forever', async () => {
		const controller = new AbortController();
		const never = new Readable({read() {}});
		never.push(Buffer.from('a'));
		const got: number[] = [];
		setTimeout(() => controller.abort(), 20);
		for await (const chunk of untilAborted(never, controller.signal)) got.push(chunk.length);
		expect(got).toEqual([1]);
		expect(never.destroyed).toBe(true);
	});
});

describe('--follow polling (item 8)', () => {
	it('sleep removes its abort listener when the time is up', async () => {
		const controller = new AbortController();
		for (let k = 0; k < 20; k++) await sleep(1, controller.signal);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});

	it('following an idle file for many polls leaves at most one abort listener and no warning', async () => {
		const file = join(mkdtempSync(join(tmpdir(), 'telemetry-tui-follow-')), 'x.log');
		writeFileSync(file, 'first\n');
		const controller = new AbortController();
		const warnings: Error[] = [];
		const onWarning = (w: Error): void => void warnings.push(w);
		process.on('warning', onWarning);
		let polls = 0;
		const most = {listeners: 0};
		const timer = setInterval(() => {
			polls++;
			most.listeners = Math.max(most.listeners, getEventListeners(controller.signal, 'abort').length);
			if (polls === 15) appendFileSync(file, 'second\n');
			if (polls >= 60) controller.abort();
		}, 2);
		const text: string[] = [];
		for await (const chunk of followFile(file, controller.signal, 1)) text.push(Buffer.from(chunk).toString());
		clearInterval(timer);
		process.off('warning', onWarning);
		expect(text.join('')).toBe('first\nsecond\n');
		expect(most.listeners).toBeLessThanOrEqual(1);
		expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
	});
});

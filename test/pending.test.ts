/** The bounded pending joins (source/formats/common/pending.ts) against a plain array of what waits. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {PendingMap, PendingQueue} from '../source/formats/common/pending.js';
import {runs} from './helpers/tier.js';

type Op = {op: 'push' | 'take' | 'takeAll' | 'shift'; key: string};
const opArb: fc.Arbitrary<Op> = fc.record({op: fc.constantFrom('push', 'push', 'take', 'takeAll', 'shift'), key: fc.constantFrom('a', 'b', 'c', 'd')});

describe('PendingQueue', () => {
	it('gives what a plain list of waiting values gives, oldest first, never more than its limit', () => {
		fc.assert(
			fc.property(fc.array(opArb, {maxLength: 300}), fc.integer({min: 1, max: 6}), (ops, limit) => {
				const queue = new PendingQueue<number>(limit);
				const model: Array<{key: string; value: number}> = [];
				ops.forEach(({op, key}, value) => {
					if (op === 'push') {
						model.push({key, value});
						const evicted = model.length > limit ? model.shift()!.value : undefined;
						expect(queue.push(key, value)).toBe(evicted);
					} else if (op === 'take') {
						const i = model.findIndex((m) => m.key === key);
						expect(queue.take(key)).toBe(i === -1 ? undefined : model.splice(i, 1)[0]!.value);
					} else if (op === 'takeAll') {
						const want = model.filter((m) => m.key === key).map((m) => m.value);
						model.splice(0, model.length, ...model.filter((m) => m.key !== key));
						expect(queue.takeAll(key)).toEqual(want);
					} else {
						expect(queue.oldest()).toBe(model[0]?.value);
						expect(queue.shift()).toBe(model.shift()?.value);
					}
					expect(queue.size).toBe(model.length);
				});
				expect(queue.drain()).toEqual(model.map((m) => m.value));
				expect(queue.size).toBe(0);
			}),
			runs(300),
		);
	});

	it('does not keep what was answered behind one that waits long', () => {
		const queue = new PendingQueue<{n: number}>(10);
		queue.push('never', {n: -1});
		for (let n = 0; n < 50_000; n++) {
			queue.push('k', {n});
			queue.take('k');
		}
		// Taken slots are dropped as they pile up: what is left is about the waiting one, not 50,000.
		expect((queue as unknown as {order: unknown[]}).order.length).toBeLessThan(2000);
		expect(queue.drain()).toEqual([{n: -1}]);
	});
});

describe('PendingMap', () => {
	it('makes room by taking out the oldest, once its limit is reached', () => {
		const map = new PendingMap<string, number>(2);
		expect(map.makeRoom()).toBeUndefined();
		map.set('a', 1);
		map.set('b', 2);
		expect(map.makeRoom()).toBe(1);
		expect([...map.keys()]).toEqual(['b']);
		expect(map.take('b')).toBe(2);
		expect(map.take('b')).toBeUndefined();
		expect(map.size).toBe(0);
	});

	it('put hands over what it replaces: the value under the same key, then the oldest when full', () => {
		const map = new PendingMap<string, number>(2);
		const out: number[] = [];
		const put = (k: string, v: number): void => map.put(k, v, (old) => out.push(old));
		put('a', 1);
		put('b', 2);
		expect(out).toEqual([]);
		put('a', 3); // a again: its first value goes, and b is now the oldest of two — nothing else
		expect(out).toEqual([1]);
		put('c', 4); // full: the oldest (b) goes
		expect(out).toEqual([1, 2]);
		expect([...map.entries()]).toEqual([['a', 3], ['c', 4]]);
	});
});

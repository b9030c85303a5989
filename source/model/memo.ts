/**
Bounded memo tables for the per-record hot path: logs repeat the same URL, host, user agent and second
thousands of times, so work that depends only on such a value is done once per distinct value.

A memo never changes a result (it holds what the function returned for that very key) and never grows
without bound: it keeps two generations of at most `limit` entries each; when the young one is full, the
old one is dropped and the young one becomes old, so values in use stay while a long tail of one-off
values is forgotten. Keys longer than `maxKey` characters are not remembered at all (their hash would cost
as much as the work, and they would hold memory).

Keys and string values are stored as copies (`ownCopy`): a key sliced from a 1 MB line would otherwise
keep the whole line alive for as long as the entry lives.
*/
import {ownCopy} from './limits.js';

/**
For tests: memos off (every call computes), or every memo limited to `limit` entries a generation — to
show that results do not depend on what a memo remembers.
*/
export const memoTesting: {off: boolean; limit: number | undefined} = {off: false, limit: undefined};

export class BoundedMemo<V> {
	private young = new Map<string, V>();
	private old = new Map<string, V>();

	constructor(
		private readonly limit = 4096,
		readonly maxKey = 1024,
	) {}

	/** The remembered value of `key`, or undefined. */
	get(key: string): V | undefined {
		const hit = this.young.get(key);
		if (hit !== undefined) return hit;
		const aged = this.old.get(key);
		// Still in use: carried into the young generation (under a copy of the key, as every stored key).
		if (aged !== undefined) this.put(ownCopy(key), aged);
		return aged;
	}

	/** The value for `key`, computed by `make(key)` when not remembered. */
	through(key: string, make: (key: string) => V): V {
		if (key.length > this.maxKey || memoTesting.off) return make(key);
		const hit = this.get(key);
		if (hit !== undefined) return hit;
		const value = make(key);
		const kept = ownCopy(key);
		this.put(kept, this.keep(value, key, kept));
		return value;
	}

	/** What is stored for a computed value (subclasses copy values that may share the key's memory). */
	protected keep(value: V, _key: string, _kept: string): V {
		return value;
	}

	/** Forget everything (an input to the memoised function changed). */
	clear(): void {
		this.young = new Map();
		this.old = new Map();
	}

	get size(): number {
		return this.young.size + this.old.size;
	}

	private put(key: string, value: V): void {
		if (this.young.size >= (memoTesting.limit ?? this.limit)) {
			this.old = this.young;
			this.young = new Map();
		}
		this.young.set(key, value);
	}
}

/** A memo of string → string: the value is copied too (it is often a slice of the key's line). */
export class StringMemo extends BoundedMemo<string> {
	protected override keep(value: string, key: string, kept: string): string {
		return value === key ? kept : ownCopy(value);
	}
}

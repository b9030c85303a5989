/**
Halves of a record waiting for the other half (a request line for its response line, a DNS query for its
answer), in bounded memory: at most `limit` wait, and adding one more first takes out the oldest, which
the caller emits unmatched. Age is insertion order. Used by the PMS parser, the MediaBrowser engine
(Emby, Jellyfin) and dnsmasq.

- `PendingMap`: one waits per key (a Map, so code written for one reads the same).
- `PendingQueue`: several may wait under one key (the same URL asked twice before either answer);
  first in, first out under a key and in all.
*/

/** A Map that holds at most `limit` entries; `makeRoom` before adding one. */
export class PendingMap<K, V> extends Map<K, V> {
	constructor(readonly limit: number) {
		super();
	}

	/** Take out and return what waits under `key`. */
	take(key: K): V | undefined {
		const value = this.get(key);
		if (value !== undefined) this.delete(key);
		return value;
	}

	/**
	Add `value` under `key`, handing `pushedOut` what it replaces: the value that waited under the same key
	(a request asked again before its answer), then the oldest when `limit` wait — each emitted unmatched.
	*/
	put(key: K, value: V, pushedOut: (old: V) => void): void {
		const same = this.take(key);
		if (same !== undefined) pushedOut(same);
		const oldest = this.makeRoom();
		if (oldest !== undefined) pushedOut(oldest);
		this.set(key, value);
	}

	/** When `limit` wait, take out and return the oldest, so one more fits. */
	makeRoom(): V | undefined {
		if (this.size < this.limit) return undefined;
		const first = this.entries().next();
		if (first.done) return undefined;
		this.delete(first.value[0]);
		return first.value[1];
	}
}

type Slot<V> = {readonly key: string; readonly value: V; waiting: boolean};

/** Values waiting under string keys, oldest first; at most `limit` wait. */
export class PendingQueue<V> {
	private readonly byKey = new Map<string, Array<Slot<V>>>();
	/** Every slot in insertion order; taken ones stay until the front passes them (compacted as it goes). */
	private order: Array<Slot<V>> = [];
	private front = 0;
	private count = 0;

	constructor(readonly limit: number) {}

	/** How many wait. */
	get size(): number {
		return this.count;
	}

	/** Add `value` under `key`; when more than `limit` would wait, take out and return the oldest. */
	push(key: string, value: V): V | undefined {
		const slot: Slot<V> = {key, value, waiting: true};
		const list = this.byKey.get(key);
		if (list) list.push(slot);
		else this.byKey.set(key, [slot]);
		this.order.push(slot);
		this.count++;
		return this.count > this.limit ? this.shift() : undefined;
	}

	/** Take out the oldest value waiting under `key`. */
	take(key: string): V | undefined {
		const list = this.byKey.get(key);
		const slot = list?.shift();
		if (!slot) return undefined;
		if (list!.length === 0) this.byKey.delete(key);
		this.release(slot);
		return slot.value;
	}

	/** Take out every value waiting under `key`, oldest first. */
	takeAll(key: string): V[] {
		const list = this.byKey.get(key);
		if (!list) return [];
		this.byKey.delete(key);
		for (const slot of list) this.release(slot);
		return list.map((slot) => slot.value);
	}

	/** The oldest value still waiting, left in place. */
	oldest(): V | undefined {
		this.skipTaken();
		return this.order[this.front]?.value;
	}

	/** Take out and return the oldest value still waiting. */
	shift(): V | undefined {
		this.skipTaken();
		const slot = this.order[this.front];
		if (!slot) return undefined;
		const list = this.byKey.get(slot.key)!;
		list.splice(list.indexOf(slot), 1);
		if (list.length === 0) this.byKey.delete(slot.key);
		this.release(slot);
		return slot.value;
	}

	/** Take out everything, oldest first (the input ended). */
	drain(): V[] {
		const out: V[] = [];
		for (let v = this.shift(); v !== undefined; v = this.shift()) out.push(v);
		return out;
	}

	private release(slot: Slot<V>): void {
		slot.waiting = false;
		this.count--;
		this.skipTaken();
	}

	/**
	Move the front past taken slots, and drop taken slots once they are most of the array — also behind a
	front that waits long (one request never answered among millions that were), so memory stays bounded.
	*/
	private skipTaken(): void {
		while (this.front < this.order.length && !this.order[this.front]!.waiting) this.front++;
		if (this.order.length - this.front > 2 * this.count + 1024) {
			this.order = this.order.slice(this.front).filter((slot) => slot.waiting);
			this.front = 0;
		} else if (this.front > 1024 && this.front * 2 > this.order.length) {
			this.order = this.order.slice(this.front);
			this.front = 0;
		}
	}
}

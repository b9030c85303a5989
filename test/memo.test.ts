/**
The hot path remembers work per distinct value (source/model/memo.ts): sanitised and redacted strings,
masked URLs, finalised devices, fingerprints, a URL's tokens. A memo must never change a result and
never grow without bound; these tests read every golden input with memos as they are, with memos off,
and with memos that forget after every entry, and compare every record and view.
*/
import {Readable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {FORMATS} from '../source/formats/registry.js';
import {resolveInputs} from '../source/input/sources.js';
import {BoundedMemo, memoTesting, StringMemo} from '../source/model/memo.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {GOLDENS, ROOT} from './helpers/format-inputs.js';
import {allRecords, viewRows} from './helpers/records.js';
import {FULL} from './helpers/tier.js';

afterEach(() => {
	memoTesting.off = false;
	memoTesting.limit = undefined;
});

describe('BoundedMemo', () => {
	it('computes once per distinct key and gives the same value back', () => {
		const memo = new BoundedMemo<string>(10);
		let calls = 0;
		const make = (k: string): string => {
			calls++;
			return k.toUpperCase();
		};
		for (let round = 0; round < 3; round++) for (const k of ['a', 'b', 'a', 'c']) expect(memo.through(k, make)).toBe(k.toUpperCase());
		expect(calls).toBe(3);
	});

	it('holds at most two generations of `limit` entries, and keeps what is in use', () => {
		const memo = new BoundedMemo<number>(100);
		let calls = 0;
		const make = (k: string): number => {
			calls++;
			return k.length;
		};
		for (let i = 0; i < 10_000; i++) {
			memo.through(`key ${i}`, make);
			memo.through('hot', make);
			expect(memo.size).toBeLessThanOrEqual(200);
		}
		// The hot key was computed once: it was carried into every new generation.
		expect(calls).toBe(10_001);
	});

	it('does not remember keys longer than its limit', () => {
		const memo = new StringMemo(10, 8);
		let calls = 0;
		const make = (k: string): string => {
			calls++;
			return `${k}!`;
		};
		memo.through('x'.repeat(9), make);
		memo.through('x'.repeat(9), make);
		expect(calls).toBe(2);
		expect(memo.size).toBe(0);
	});
});

async function ingest(path: string, options?: Readonly<Record<string, unknown>>): Promise<RecordStore> {
	const stdin = Object.assign(Readable.from([]), {isTTY: true});
	const {sources, problems} = await resolveInputs([`${ROOT}/${path}`], {stdin, follow: false});
	const store = new RecordStore({spool: true});
	await ingestAll(sources, problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: false, ...(options ? {formatOptions: options} : {})});
	return store;
}

/** Everything a run shows: every record as stored, and the rows of the views built from the columns. */
async function everything(path: string, options?: Readonly<Record<string, unknown>>): Promise<string> {
	const store = await ingest(path, options);
	const views = ['destinations', 'devices', 'identifiers', 'policy', 'ledger'].map((v) => viewRows(store, v));
	const out = JSON.stringify({records: allRecords(store), views, diagnostics: store.diagnostics});
	store.close();
	return out;
}

// The unit tier takes one input per format, the slow tier (FULL) all of them.
const inputs = Object.values(GOLDENS).flatMap((f) => (FULL ? f.inputs : f.inputs.slice(0, 1)));

describe('memos never change a result', () => {
	// Each input is read four times.

	it.each(inputs.map((i) => [i.path, i] as const))('%s: the same records and views with memos, without, and forgetting at once', async (_path, input) => {
		// Twice with memos: the second run finds everything remembered.
		await everything(input.path, input.options);
		const warm = await everything(input.path, input.options);
		memoTesting.off = true;
		const off = await everything(input.path, input.options);
		memoTesting.off = false;
		memoTesting.limit = 1;
		const forgetting = await everything(input.path, input.options);
		expect(warm).toBe(off);
		expect(forgetting).toBe(off);
	});
});

describe('policy reasons for every rule at once', () => {
	it('are those of intrinsicReasons rule by rule, in the same order', async () => {
		const {intrinsicReasons, forEachIntrinsicReason} = await import('../source/classify/policy.js');
		const {POLICY_RULES} = await import('../source/classify/policy-rules.js');
		const records = await Promise.all(inputs.map(async (i) => {
			const store = await ingest(i.path, i.options);
			const all = allRecords(store);
			store.close();
			return all;
		}));
		let compared = 0;
		for (const r of records.flat()) {
			const fast: string[] = [];
			forEachIntrinsicReason(r, (rule, text) => fast.push(`${rule} ${text}`));
			const slow = POLICY_RULES.flatMap((rule, k) => intrinsicReasons(rule, r).map((text) => `${k} ${text}`));
			expect(fast).toEqual(slow);
			compared += slow.length;
		}
		expect(compared).toBeGreaterThan(100);
	});
});

import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {DROPPED_PREFIX, droppedStringLength, JsonArrayScanner, scanArray, type ScanProblem} from '../source/formats/json/array-scanner.js';
import {itLarge, runs} from './helpers/tier.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const HAR = {path: ['log', 'entries']} as const;

/** Split bytes at the given cut points and scan chunk by chunk. */
function scanChunks(bytes: Uint8Array, cuts: number[], options = HAR): ReturnType<typeof scanArray> {
	const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const elements: Array<{index: number; value: unknown}> = [];
	const problems: ScanProblem[] = [];
	const handler = {element: (value: unknown, index: number) => void elements.push({index, value}), problem: (p: ScanProblem) => void problems.push(p)};
	const scanner = new JsonArrayScanner(options);
	let prev = 0;
	for (const p of [...points, bytes.length]) {
		scanner.push(bytes.subarray(prev, p), handler);
		prev = p;
	}
	scanner.end(handler);
	return {elements, problems};
}

// Strings with escapes, quotes, brackets and multi-byte characters: the hard cases for a byte scanner.
const tricky = fc.oneof(fc.string({unit: 'grapheme'}), fc.constantFrom('\\', '"', '\\"', ']', '[{', '}', 'é😀', '\u2028', '\\\\"'));
const jsonValue = fc.letrec((tie) => ({
	value: fc.oneof({depthSize: 'small'}, tricky, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), {maxLength: 3}), fc.dictionary(tricky, tie('value'), {maxKeys: 3})),
})).value;

describe('JsonArrayScanner', () => {
	it('hands out every element of log.entries, whatever the chunking (also inside escapes and multi-byte characters)', () => {
		fc.assert(
			fc.property(fc.array(jsonValue, {maxLength: 6}), fc.array(fc.nat(), {maxLength: 12}), fc.boolean(), (entries, cuts, bom) => {
				const text = `${bom ? '\uFEFF' : ''}{"a\\"log":["x"],"log":{"pages":[{"log":"entries"}],"entries":${JSON.stringify(entries)}}}`;
				const bytes = enc(text);
				const whole = scanChunks(bytes, []);
				expect(whole.problems).toEqual([]);
				expect(whole.elements.map((e) => e.value)).toEqual(entries);
				expect(scanChunks(bytes, cuts)).toEqual(whole);
			}),
		);
	});

	it('keeps every complete entry of a truncated document and says where it was cut', () => {
		const entries = [{a: 1}, {b: 'x]'}, {c: [1, 2]}];
		const text = JSON.stringify({log: {entries}});
		const cut = text.indexOf('{"c"') + 4;
		const {elements, problems} = scanArray(enc(text.slice(0, cut)), HAR);
		expect(elements.map((e) => e.value)).toEqual(entries.slice(0, 2));
		expect(problems).toEqual([{kind: 'truncated', complete: 2, partial: true}]);
	});

	it('keeps every complete entry whatever the cut point', () => {
		const entries = [{a: 'one'}, {b: ['two', {c: '"3"'}]}, {d: 'vier'}];
		const bytes = enc(JSON.stringify({log: {entries}}, null, 1));
		fc.assert(
			fc.property(fc.nat({max: bytes.length}), (cut) => {
				const {elements, problems} = scanArray(bytes.subarray(0, cut), HAR);
				const values = elements.map((e) => e.value);
				expect(values).toEqual(entries.slice(0, values.length));
				if (values.length < entries.length) expect(problems.some((p) => p.kind === 'truncated' || p.kind === 'not-found' || p.kind === 'empty')).toBe(true);
			}),
		);
	});

	it('skips one entry that is not valid JSON, with its index, and keeps the others', () => {
		const text = '{"log":{"entries":[{"a":1},{"b":NaN,"c":[1,]},{"d":2}]}}';
		const {elements, problems} = scanArray(enc(text), HAR);
		expect(elements).toEqual([
			{index: 0, value: {a: 1}},
			{index: 2, value: {d: 2}},
		]);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({kind: 'invalid-element', index: 1});
	});

	it('drops a multi-MB string without decoding it, keeps the entry and the string length', () => {
		const big = 'QUJD'.repeat(1_500_000); // 6 MB of base64
		const text = `{"log":{"entries":[{"response":{"content":{"size":4500000,"text":"${big}","encoding":"base64"}}},{"next":true}]}}`;
		for (const chunk of [1 << 20, 65_536, 4097]) {
			const bytes = enc(text);
			const elements: unknown[] = [];
			const scanner = new JsonArrayScanner({...HAR, maxStringBytes: 64 * 1024});
			const handler = {element: (v: unknown) => void elements.push(v), problem: (p: ScanProblem) => expect.fail(JSON.stringify(p))};
			for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk), handler);
			scanner.end(handler);
			const text0 = (elements[0] as {response: {content: {text: string; size: number}}}).response.content;
			expect(text0.size).toBe(4_500_000);
			expect(text0.text.startsWith(DROPPED_PREFIX)).toBe(true);
			expect(droppedStringLength(text0.text)).toBe(big.length);
			expect(elements[1]).toEqual({next: true});
		}
	});

	it('keeps strings at the limit and drops strings just above it, also with escapes', () => {
		const limit = 100;
		const at = 'a'.repeat(98) + '\\"'; // 100 bytes between the quotes
		const above = 'b'.repeat(99) + '\\\\'; // 101 bytes
		const {elements} = scanArray(enc(`{"log":{"entries":[["${at}","${above}","short"]]}}`), {...HAR, maxStringBytes: limit}, 7);
		expect(elements[0]!.value).toEqual([`${'a'.repeat(98)}"`, `${DROPPED_PREFIX}101`, 'short']);
	});

	it('finds log.entries inside a wrapper object (mitmproxy test data) and inside an array', () => {
		expect(scanArray(enc('{"test_response":{"status":"ok","log":{"entries":[{"a":1}]}}}'), HAR).elements).toEqual([{index: 0, value: {a: 1}}]);
		expect(scanArray(enc('[{"log":{"entries":[2]}}]'), HAR).elements).toEqual([{index: 0, value: 2}]);
		// `entries` elsewhere (not under `log`) is not it.
		expect(scanArray(enc('{"entries":[1],"x":{"log":[{"entries":[2]}]}}'), HAR).problems).toEqual([{kind: 'not-found'}]);
	});

	it('reports an empty input, {} and non-HAR JSON clearly', () => {
		expect(scanArray(enc(''), HAR).problems).toEqual([{kind: 'empty'}]);
		expect(scanArray(enc(' \n\uFEFF'.slice(0, 2)), HAR).problems).toEqual([{kind: 'empty'}]);
		expect(scanArray(enc('{}'), HAR).problems).toEqual([{kind: 'not-found'}]);
		expect(scanArray(enc('{"response":{"result":"success","data":{"data":[]}}}'), HAR).problems).toEqual([{kind: 'not-found'}]);
		expect(scanArray(enc('Mar 26, 2019 21:16:43.234 [0x7fa8493ff700] DEBUG - x'), HAR).problems).toEqual([{kind: 'not-json', found: 'Mar 26, 2019 21:'}]);
	});

	it('takes a path anchored at the root (Tautulli get_history: response.data.data)', () => {
		const tautulli = {path: ['response', 'data', 'data'], anchored: true};
		const doc = '{"response":{"result":"success","message":null,"data":{"draw":1,"recordsTotal":2,"data":[{"user":"a"},{"user":"b"}]}}}';
		expect(scanArray(enc(doc), tautulli).elements.map((e) => e.value)).toEqual([{user: 'a'}, {user: 'b'}]);
		expect(scanArray(enc(`{"x":${doc}}`), tautulli).problems).toEqual([{kind: 'not-found'}]);
	});

	it('skips an element larger than the element limit and keeps the next one', () => {
		const {elements, problems} = scanArray(enc(`{"log":{"entries":[[${'1,'.repeat(5000)}1],{"ok":1}]}}`), {...HAR, maxElementBytes: 1000}, 333);
		expect(elements).toEqual([{index: 1, value: {ok: 1}}]);
		expect(problems).toEqual([{kind: 'element-too-large', index: 0, bytes: 10_003}]);
	});

	it('never throws on arbitrary bytes', () => {
		fc.assert(fc.property(fc.uint8Array({maxLength: 2000}), (bytes) => void scanArray(bytes, HAR, 17)), runs(100));
	});

	itLarge('never throws and finishes on hostile 1 MB input', () => {
		const hostile = ['a'.repeat(1e6), '['.repeat(1e6), '{'.repeat(1e6), '"'.repeat(1e6), ' '.repeat(1e6), '\\'.repeat(1e6), `{"log":{"entries":[${'['.repeat(1e6)}`, `{"log":{"entries":[${'"\\'.repeat(5e5)}`];
		for (const text of hostile) expect(() => scanArray(enc(text), HAR, 65_536)).not.toThrow();
	});
});

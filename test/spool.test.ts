import {describe, expect, it} from 'vitest';
import {Spool} from '../source/store/spool.js';

describe('Spool', () => {
	it('reads back each line as appended: plain, multi-byte, one larger than its write buffer, across flushes', () => {
		const spool = new Spool();
		const texts = ['{"a":1}', '{"t":"…Σ例😀"}', `{"big":"${'é'.repeat(400_000)}"}`, '', ...Array.from({length: 3000}, (_, i) => `{"i":${i},"p":"${'x'.repeat(i % 700)}"}`)];
		const starts = texts.map((t) => spool.appendLine(t));
		starts.push(spool.size);
		texts.forEach((t, i) => {
			// Each record's text runs up to the next one's start, its newline included.
			expect(spool.read(starts[i]!, starts[i + 1]!)).toBe(`${t}\n`);
		});
		expect(spool.size).toBe(texts.reduce((n, t) => n + Buffer.byteLength(t) + 1, 0));
		spool.close();
	});
});

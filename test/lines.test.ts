import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {LineSplitter} from '../source/input/lines.js';
import {cutAt} from './helpers/parse.js';

function split(chunks: Uint8Array[], max?: number): {lines: string[]; warnings: number} {
	const lines: string[] = [];
	let warnings = 0;
	const s = new LineSplitter((t) => lines.push(t), () => warnings++, max);
	for (const c of chunks) s.push(c);
	s.end();
	return {lines, warnings};
}

const enc = (s: string) => new TextEncoder().encode(s);

describe('LineSplitter', () => {
	it('removes a BOM, handles CRLF and a last line without newline', () => {
		expect(split([enc('\uFEFFa\r\nb\nc')]).lines).toEqual(['a', 'b', 'c']);
	});

	it('gives the same lines whatever the chunking, also inside multi-byte characters', () => {
		fc.assert(
			fc.property(fc.array(fc.string({unit: 'grapheme'}), {maxLength: 20}), fc.array(fc.nat(), {maxLength: 10}), (parts, cuts) => {
				const text = parts.join('\n');
				const bytes = enc(text);
				expect(split(cutAt(bytes, cuts)).lines).toEqual(split([bytes]).lines);
			}),
		);
	});

	it('caps an over-long line, reports it, and keeps the lines after it', () => {
		const long = 'x'.repeat(5000);
		const {lines, warnings} = split([enc(`a\n${long.slice(0, 2000)}`), enc(`${long.slice(2000)}\nb\n`)], 100);
		expect(lines).toEqual(['a', 'x'.repeat(100), 'b']);
		expect(warnings).toBe(1);
	});
});

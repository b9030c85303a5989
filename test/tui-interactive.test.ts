import {describe, expect, it} from 'vitest';
import {openKeys, sliced} from '../source/cli/interactive.js';

describe('interactive ingestion', () => {
	it('hands the parser small slices of each chunk, in order', async () => {
		const bytes = Uint8Array.from({length: 300_000}, (_, i) => i % 251);
		const source = {name: 'x', size: bytes.length, live: false, open: async function* () {
			yield bytes.subarray(0, 200_000);
			yield bytes.subarray(200_000);
		}};
		const pieces: Uint8Array[] = [];
		for await (const piece of sliced(source, 65_536).open()) pieces.push(piece);
		expect(pieces.map((p) => p.length)).toEqual([65_536, 65_536, 65_536, 3_392, 65_536, 34_464]);
		expect(Buffer.concat(pieces).equals(Buffer.from(bytes))).toBe(true);
	});
});

describe('keys', () => {
	it('reads keys from stdin when it is a terminal', () => {
		const stdin = {isTTY: true} as unknown as NodeJS.ReadStream;
		expect(openKeys(stdin)).toEqual({keys: stdin, opened: undefined});
	});
});

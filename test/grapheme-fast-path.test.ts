/**
The bundle's fast path for Ink's tokenizer (scripts/grapheme-fast-path.mjs): where it skips
Intl.Segmenter, the segments must be exactly the segmenter's — for every character it accepts, next to
every kind of neighbour, and in random strings of them with escape codes — and strings it cannot vouch
for go to the segmenter.
*/
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import fc from 'fast-check';
import shippedStringWidth from 'string-width';
import {afterAll, describe, expect, it} from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types
import {cannotBeEmoji, graphemeSegments, patchStringWidthSource, singleUnitGraphemes} from '../scripts/grapheme-fast-path.mjs';
// @ts-expect-error: a build script in plain JavaScript, without types
import {SLICE_ANYWAY} from '../scripts/ink-patches.mjs';
import {runs, tenth} from './helpers/tier.js';

const segments = graphemeSegments as (segmenter: Intl.Segmenter, str: string) => Iterable<{segment: string; index: number}>;
const single = singleUnitGraphemes as (str: string) => boolean;
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const bySegmenter = (str: string): Array<{segment: string; index: number}> => [...segmenter.segment(str)].map(({segment, index}) => ({segment, index}));
const byFastPath = (str: string): Array<{segment: string; index: number}> => [...segments(segmenter, str)].map(({segment, index}) => ({segment, index}));

/** `fast` gives what `reference` gives for every string joined from up to `maxLength` random pieces. */
function agreeOnJoins<T>(piece: fc.Arbitrary<string>, maxLength: number, fast: (str: string) => T, reference: (str: string) => T): void {
	fc.assert(
		fc.property(fc.array(piece, {maxLength}), (parts) => {
			const str = parts.join('');
			expect(fast(str)).toEqual(reference(str));
		}),
		runs(2000),
	);
}

/** Every BMP unit the fast path accepts. */
const ACCEPTED = Array.from({length: 0xd800}, (_, c) => String.fromCharCode(c)).filter((ch) => single(ch));
/** Neighbours that join with what precedes or follows them when they can: marks, ZWJ, variation selectors, jamo, CR LF, emoji modifiers, flags. */
const JOINERS = ['\u0301', '\u200d', '\ufe0f', '\u20e3', '\u1161', '\u11a8', '\u1100', '\r', '\n', '\u{1f3fb}', '\u{1f1e9}', '\u0903', '\u0600', 'e', '\u001b[31m', ' '];

describe('the grapheme fast path of the bundle', () => {
	it('accepts what the UI draws and refuses what can join', () => {
		for (const line of ['  Host              Organizat… Category Party Requests ▼', '› 192.…plex.direct  ▕████░░░░▏  45%', '\u001b[1mColumns\u001b[22m · [x] — ┌─┐ ⌚ ☀ ✓ é ñ ß']) expect(single(line)).toBe(true);
		for (const line of ['e\u0301', 'a\u200db', '☀\ufe0f', '\u1100\u1161', '한', '👍', 'a\r\nb', '\u{1f1e9}\u{1f1ea}']) expect(single(line)).toBe(false);
	});

	it('splits every accepted character exactly as Intl.Segmenter does, beside any neighbour', () => {
		expect(ACCEPTED.length).toBeGreaterThan(1500);
		const differ: string[] = [];
		for (const ch of tenth(ACCEPTED)) {
			for (const other of JOINERS) {
				// Where the pair is accepted the fast path answers; else the segmenter itself (the same by construction).
				for (const str of [ch + other, other + ch]) if (JSON.stringify(byFastPath(str)) !== JSON.stringify(bySegmenter(str))) differ.push(str);
			}
		}
		expect(differ).toEqual([]);
	});

	it('gives the segmenter’s segments for random strings of accepted characters and escape codes', () => {
		const piece = fc.oneof(fc.constantFrom(...ACCEPTED), fc.constantFrom('\u001b[31m', '\u001b[39m', '\u001b[1m', '\u001b[7m', '\u001b]8;;https://x\u0007', ...JOINERS));
		agreeOnJoins(piece, 60, byFastPath, bySegmenter);
	});
});

describe('the emoji fast path of string-width in the bundle', () => {
	const noEmoji = cannotBeEmoji as (segment: string) => boolean;
	const rgi = new RegExp('^\\p{RGI_Emoji}$', 'v');
	// string-width as the bundle has it, and as it is published, each loaded from a file beside the tests (their
	// imports resolve from there). The published one is the reference: test processes load the package itself
	// patched (scripts/ink-patches-hook.mjs), as the bundle has it.
	const dir = join(import.meta.dirname, '.tmp-string-width');
	afterAll(() => rmSync(dir, {recursive: true, force: true}));
	const published = readFileSync(join(import.meta.dirname, '../node_modules/string-width/index.js'), 'utf8');
	const load = async (name: string, text: string): Promise<(s: string) => number> => {
		mkdirSync(dir, {recursive: true});
		const file = join(dir, name);
		writeFileSync(file, text);
		return ((await import(pathToFileURL(file).href)) as {default: (s: string) => number}).default;
	};
	const patched = (): Promise<(s: string) => number> => load('patched.mjs', (patchStringWidthSource as (t: string) => string)(published));
	const original = (): Promise<(s: string) => number> => load('original.mjs', published);
	const BMP = Array.from({length: 0xd800}, (_, c) => String.fromCharCode(c));

	it('never skips an emoji: no character it vouches for is one, and the UI’s characters are among them', () => {
		const vouched = BMP.filter((ch) => noEmoji(ch));
		expect(vouched.length).toBeGreaterThan(8000);
		expect(vouched.filter((ch) => rgi.test(ch))).toEqual([]);
		for (const ch of '…›▕█░▲▼─│·→×') expect(noEmoji(ch)).toBe(true);
		for (const ch of ['⌚', '☀\ufe0f', '#\ufe0f\u20e3', '👍', 'a\u200db', '\u{1f1e9}\u{1f1ea}']) expect(noEmoji(ch)).toBe(false);
	});

	it('gives the width string-width gives, for every BMP character and random strings with emoji', async () => {
		const [width, stringWidth] = await Promise.all([patched(), original()]);
		expect(String(stringWidth)).not.toContain('graphemeSegments');
		expect(tenth(BMP).filter((ch) => width(ch) !== stringWidth(ch))).toEqual([]);
		const piece = fc.oneof(fc.constantFrom(...ACCEPTED), fc.constantFrom('⌚', '☀\ufe0f', '#\ufe0f\u20e3', '👍🏽', '👨\u200d👩\u200d👧', '\u{1f1e9}\u{1f1ea}', '한', 'e\u0301', '\u001b[31m', '漢'));
		agreeOnJoins(piece, 40, width, stringWidth);
	});
});

describe('the test processes', () => {
	it('load Ink’s string-width with the bundle’s fast paths (scripts/ink-patches-hook.mjs), as the bundle has it', () => {
		expect(String(shippedStringWidth)).toContain('graphemeSegments(segmenter, string)');
	});
});

describe('Ink’s clip of a line that fits (scripts/ink-patches.mjs)', () => {
	it('writes a line of the fast path’s characters, without controls, as it is: sliceAnsi from 0 to its width gives the same characters', async () => {
		const {default: sliceAnsi} = await import('slice-ansi');
		const {styledCharsFromTokens, tokenize} = await import('@alcalzone/ansi-tokenize');
		const anyway = SLICE_ANYWAY as RegExp;
		const chars = (s: string): unknown => styledCharsFromTokens(tokenize(s));
		const printable = ACCEPTED.filter((ch) => !anyway.test(ch));
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...printable), {maxLength: 80}), (parts) => {
				const line = parts.join('');
				expect(anyway.test(line) || !single(line)).toBe(false);
				expect(chars(line)).toEqual(chars(sliceAnsi(line, 0, shippedStringWidth(line))));
			}),
			runs(4000),
		);
	});

	it('slices as before every line with a control character, an escape code (sliceAnsi may reorder styles) or other characters', async () => {
		const {default: sliceAnsi} = await import('slice-ansi');
		const {styledCharsFromTokens, tokenize} = await import('@alcalzone/ansi-tokenize');
		const chars = (s: string): unknown => styledCharsFromTokens(tokenize(s));
		// Bold, red, bold again: the same styles in another order once sliced.
		const line = '\u001b[1m\u001b[31m\u001b[1m┉';
		expect(chars(sliceAnsi(line, 0, 1))).not.toEqual(chars(line));
		for (const l of [line, 'a\u001b]8;;https://x\u0007b', 'a\u0000b', 'a\tb', 'a\u009b31mb', 'a\u007fb', 'a\u00adb']) expect((SLICE_ANYWAY as RegExp).test(l), JSON.stringify(l)).toBe(true);
		for (const l of ['漢', '👍', 'e\u0301', 'a\u200bb', '\ufeff']) expect(single(l), JSON.stringify(l)).toBe(false);
	});
});

/**
The fast paths patched into Ink's libraries, as `[filter, patch]` pairs: `patch(path)` gives the file's new
source (undefined: leave it as it is). The bundle applies them (scripts/bundle.mjs, an esbuild plugin), and so
does every test process (scripts/ink-patches-hook.mjs, a Node module hook that vitest.config.ts loads into its
workers): the in-process frame tests draw with the code that ships. Each patch is exact: if a new version of a
file no longer has the line, the patch throws instead of silently going without.
*/
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {graphemeSegments, patchStringWidthSource, singleUnitGraphemes} from './grapheme-fast-path.mjs';

const root = resolve(import.meta.dirname, '..');

/**
Ink turns every frame into text cell by cell, and for each cell compares its styles with the previous
cell's (`diffAnsiCodes`: three Sets and three arrays a cell). Neighbouring cells almost always have the
same styles, for which the difference is empty, so check that first: a third to a half of a cold start's
first frame (see README "Performance"). The output is the same text.
*/
const STYLED_CHARS = /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/;
const DIFF_LINE = 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));';
function patchStyledChars(path) {
	const text = readFileSync(path, 'utf8');
	if (!text.includes(DIFF_LINE)) throw new Error(`${path}: the line to patch is gone (${DIFF_LINE}); update scripts/ink-patches.mjs`);
	const same = 'function sameCodes(a, b) { if (a === b) return true; if (a.length !== b.length) return false; for (let k = 0; k < a.length; k++) if (a[k].code !== b[k].code) return false; return true; }\n';
	return same + text.replace(DIFF_LINE, 'if (!sameCodes(chars[i - 1].styles, char.styles)) ' + DIFF_LINE);
}

/**
Ink's tokenizer segments every line of a frame into graphemes with Intl.Segmenter; lines of characters
that never join (nearly every line of this UI) are split into their UTF-16 units instead
(scripts/grapheme-fast-path.mjs).
*/
const TOKENIZE = /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/;
const SEGMENT_LOOP = 'for (const { segment, index } of segmenter.segment(str)) {';
function patchTokenize(path) {
	const text = readFileSync(path, 'utf8');
	if (!text.includes(SEGMENT_LOOP)) throw new Error(`${path}: the line to patch is gone (${SEGMENT_LOOP}); update scripts/ink-patches.mjs`);
	return `${singleUnitGraphemes.toString()}\n${graphemeSegments.toString()}\n${text.replace(SEGMENT_LOOP, 'for (const { segment, index } of graphemeSegments(segmenter, str)) {')}`;
}

/** string-width: its RGI emoji expression made on first need, and not asked about clusters that cannot be emoji (scripts/grapheme-fast-path.mjs). */
const STRING_WIDTH = /[\\/]node_modules[\\/]string-width[\\/]index\.js$/;
/** Only Ink's own string-width 8 (wrap-ansi keeps a string-width 7 of its own, without the expression). */
const STRING_WIDTH_PATH = join(root, 'node_modules', 'string-width', 'index.js');
function patchStringWidth(path) {
	return path === STRING_WIDTH_PATH ? patchStringWidthSource(readFileSync(path, 'utf8'), path) : undefined;
}

/**
Ink clips every line it writes inside a clipping box (the UI's root) with `sliceAnsi(line, from, to)`, which
tokenises the line and builds it again, even when the line fits whole (from 0 to its width): most of the
garbage a frame leaves (2.4 of 6 GB allocated in 100 s of reading a large log at 200 columns). A line that
fits is written as it is; its characters and their styles are the same.
*/
const OUTPUT = /[\\/]node_modules[\\/]ink[\\/]build[\\/]output\.js$/;
const CLIP_LINE = 'return sliceAnsi(line, from, to);';
/**
Only a line of the characters the grapheme fast path knows (scripts/grapheme-fast-path.mjs: ASCII, Latin,
punctuation, arrows, box drawing) is written whole, and not when it holds a control character or a soft
hyphen, which sliceAnsi drops. Escape codes count as controls: with colour codes, sliceAnsi can give the same
styles in another order (bold, red, bold again). test/grapheme-fast-path.test.ts compares the two on random
lines of those characters.
*/
export const SLICE_ANYWAY = /[\u0000-\u001f\u007f-\u009f\u00ad]/;
function patchOutput(path) {
	const text = readFileSync(path, 'utf8');
	if (!text.includes(CLIP_LINE)) throw new Error(`${path}: the line to patch is gone (${CLIP_LINE}); update scripts/ink-patches.mjs`);
	return `${singleUnitGraphemes.toString()}\nconst sliceAnyway = /${SLICE_ANYWAY.source}/;\n${text.replace(CLIP_LINE, () => 'return from === 0 && to >= width && !sliceAnyway.test(line) && singleUnitGraphemes(line) ? line : sliceAnsi(line, from, to);')}`;
}

/** The patches that are always applied (the same text, fewer steps). */
export const SAME_STYLES_PATCHES = [
	[STYLED_CHARS, patchStyledChars],
	[OUTPUT, patchOutput],
];
/** The grapheme and emoji fast paths (off in a bundle built with `TELEMETRY_TUI_NO_GRAPHEME_PATCH`, for comparisons). */
export const GRAPHEME_PATCHES = [
	[TOKENIZE, patchTokenize],
	[STRING_WIDTH, patchStringWidth],
];
/** Every patch, as the shipped bundle has them. */
export const INK_PATCHES = [...SAME_STYLES_PATCHES, ...GRAPHEME_PATCHES];

/**
A fast path for Ink's frame-to-text step, patched into the bundle (scripts/bundle.mjs): Ink tokenises
every line of every frame into grapheme clusters with `Intl.Segmenter` (@alcalzone/ansi-tokenize), which
is slow, and slowest on a cold start. In a string whose every UTF-16 unit is one of the characters below,
every unit is a grapheme cluster of its own — none of them joins its neighbour under the Unicode
grapheme rules (no Extend, ZWJ, SpacingMark, Prepend, Hangul jamo, regional indicator or surrogate among
them, and no CR, the one control that pairs) — so the segments are the units, and the segmenter is asked
only for other strings. The result is the same: test/grapheme-fast-path.test.ts compares it with
`Intl.Segmenter` on every such character and on random strings, and the e2e tests compare the bundle's
frames, colours included, with the build's.
*/

/** Whether every unit of `str` is a grapheme cluster of its own (see above). */
export function singleUnitGraphemes(str) {
	for (let i = 0; i < str.length; i++) {
		const c = str.charCodeAt(i);
		// Controls but CR, ASCII, Latin-1, Latin Extended, IPA, spacing modifier letters.
		if (c < 0x300) {
			if (c === 0x0d) return false;
			continue;
		}
		// General punctuation (dashes, quotes, …, ›), arrows, mathematical operators, technical symbols,
		// box drawing, blocks, geometric shapes, miscellaneous symbols, dingbats.
		if ((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x2190 && c <= 0x23ff) || (c >= 0x2500 && c <= 0x27bf)) continue;
		return false;
	}
	return true;
}

/** `segmenter.segment(str)` as far as the tokenizer reads it ({segment, index}), without the segmenter when it is not needed. */
export function graphemeSegments(segmenter, str) {
	if (!singleUnitGraphemes(str)) return segmenter.segment(str);
	const out = new Array(str.length);
	for (let i = 0; i < str.length; i++) out[i] = {segment: str[i], index: i};
	return out;
}

/**
string-width (8.x) asks `/^\p{RGI_Emoji}$/v` of every cluster that is not plain ASCII, and that one
regular expression costs about 30 ms to create and as much again to run the first time — on every
start, for a UI whose non-ASCII characters are box drawing, arrows and `…`. No emoji is made of the
characters below alone: every emoji with emoji presentation is at U+231A or above (⌚) and outside these
ranges, and every emoji sequence holds U+FE0F, U+20E3, U+200D or a character beyond the BMP, none of them
here. For a cluster of these the answer is known (no emoji); the expression is made on first need
(test/grapheme-fast-path.test.ts checks every such character against it).
*/
export function cannotBeEmoji(segment) {
	for (let i = 0; i < segment.length; i++) {
		const c = segment.charCodeAt(i);
		if (c < 0x2000 || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x2190 && c <= 0x2319) || (c >= 0x2500 && c <= 0x25fc)) continue;
		return false;
	}
	return true;
}

const RGI_LITERAL = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const RGI_TEST = 'if (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment)) {';
const SEGMENT_LOOP = 'for (const {segment} of segmenter.segment(string)) {';

/**
string-width 8's source with the expression made on first need and `cannotBeEmoji` asked first, and its
clusters taken from `graphemeSegments` (the units of a string none of whose units joins, the segmenter for
any other); throws if the lines to patch are gone.
*/
export function patchStringWidthSource(text, path = 'string-width') {
	for (const line of [RGI_LITERAL, RGI_TEST, SEGMENT_LOOP]) if (!text.includes(line)) throw new Error(`${path}: the line to patch is gone (${line}); update scripts/grapheme-fast-path.mjs`);
	// (Replacement functions: a replacement string would read the `$'` in the pattern as "the text after the match".)
	return `${cannotBeEmoji.toString()}\n${singleUnitGraphemes.toString()}\n${graphemeSegments.toString()}\n${text
		.replace(SEGMENT_LOOP, () => 'for (const {segment} of graphemeSegments(segmenter, string)) {')
		.replace(RGI_LITERAL, () => "let rgiEmojiRegexMade; const rgiEmojiRegex = {test: (s) => (rgiEmojiRegexMade ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(s)};")
		.replace(RGI_TEST, () => 'if (!cannotBeEmoji(segment) && (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment))) {')}`;
}

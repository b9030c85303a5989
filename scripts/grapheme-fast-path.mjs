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

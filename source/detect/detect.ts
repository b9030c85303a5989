/**
Format detection: every format scores the first non-empty lines of an input (`sniff`), the highest
score wins. `--type NAME` skips detection. An input that no format claims gets one error naming the
formats that were tried.
*/
import type {Format} from '../formats/types.js';

/** How much of an input detection looks at. */
export const HEAD_BYTES = 64 * 1024;
export const HEAD_LINES = 50;

/** A score this high is certain enough to decide before the head is full (live stdin). */
export const CONFIDENT = 0.9;

export type Detection = {format: Format; score: number} | {format: undefined; tried: string[]};

/** The first non-empty lines of a text head (BOM removed, `\r` trimmed; inner CR, U+2028, U+2029 removed as `LineSplitter` does). */
export function headLines(text: string, max = HEAD_LINES): string[] {
	const out: string[] = [];
	const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	let start = 0;
	while (out.length < max && start < clean.length) {
		let nl = clean.indexOf('\n', start);
		if (nl === -1) nl = clean.length;
		const line = clean.slice(start, nl).replace(/\r$/, '').replace(/[\r\u2028\u2029]/g, '');
		if (line.trim() !== '') out.push(line);
		start = nl + 1;
	}
	return out;
}

export function detectFormat(head: readonly string[], formats: readonly Format[]): Detection {
	let best: {format: Format; score: number} | undefined;
	for (const format of formats) {
		let score = 0;
		try {
			score = format.sniff(head);
		} catch {
			score = 0; // a sniffer must not take detection down
		}
		if (score > 0 && (!best || score > best.score)) best = {format, score};
	}
	return best ?? {format: undefined, tried: formats.map((f) => f.name)};
}

/**
The binary format whose magic number starts the head, if any (packet captures). Tried before any text
check: a capture is full of NUL bytes and would otherwise be refused as binary.
*/
export function detectMagic(head: Uint8Array, formats: readonly Format[]): Format | undefined {
	let best: {format: Format; score: number} | undefined;
	for (const format of formats) {
		let score = 0;
		try {
			score = format.magic?.(head) ?? 0;
		} catch {
			score = 0;
		}
		if (score > 0 && (!best || score > best.score)) best = {format, score};
	}
	return best?.format;
}

/** True when the head looks binary: NUL bytes (UTF-16 text included, which this tool does not read). */
export function looksBinary(bytes: Uint8Array): boolean {
	const n = Math.min(bytes.length, HEAD_BYTES);
	for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
	return false;
}

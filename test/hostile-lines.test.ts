/**
The input layer on hostile bytes: what a line parser is handed when the line itself is hostile.
JavaScript regexes treat a lone CR, U+2028 and U+2029 as line ends (`.` and `$` stop there), so a
User-Agent or device name holding one would make every parser's line grammar fail and lose the record.
*/
import {describe, expect, it} from 'vitest';
import {LineSplitter} from '../source/input/lines.js';
import {parseAll} from '../source/formats/run.js';
import {FORMATS} from '../source/formats/registry.js';
import {runs} from './helpers/tier.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function split(input: string | Uint8Array, chunk = 1 << 20): {lines: string[]; warnings: Array<{code: string; message: string; line: number}>} {
	const lines: string[] = [];
	const warnings: Array<{code: string; message: string; line: number}> = [];
	const s = new LineSplitter((t) => lines.push(t), (d) => warnings.push({code: d.code, message: d.message, line: d.origin.line}));
	const bytes = typeof input === 'string' ? enc(input) : input;
	for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
	s.end();
	return {lines, warnings};
}

describe('line terminators inside a line', () => {
	it.each([
		['lone CR', 'a\rb'],
		['U+2028', 'a\u2028b'],
		['U+2029', 'a\u2029b'],
	])('%s inside a line is removed, so `.` and `$` in a parser regex still see one line (and no extra field appears)', (_name, inner) => {
		for (const chunk of [1, 2, 3, 1 << 20]) {
			expect(split(`first\n${inner}\r\nlast`, chunk).lines).toEqual(['first', 'ab', 'last']);
		}
	});

	it('a CRLF file is unchanged', () => {
		expect(split('a\r\nb\r\n\r\nc').lines).toEqual(['a', 'b', '', 'c']);
	});

	it('a dnsmasq line whose query name carries U+2028 still gives its record', () => {
		const dnsmasq = FORMATS.find((f) => f.name === 'dnsmasq')!;
		const r = parseAll(dnsmasq, 'Mar  1 20:15:02 dnsmasq[612]: query[A] evil\u2028name.example from 192.168.1.40\n', {file: 'x', options: {referenceEnd: Date.UTC(2024, 5, 1)}});
		expect(r.records).toHaveLength(1);
	});
});

describe('detection sees the same lines as the parser', () => {
	it('a squid log whose first lines carry U+2028 is still detected', async () => {
		const {detectFormat, headLines} = await import('../source/detect/detect.js');
		const line = '1157689320.327   2864 10.105.21.199 TCP_MISS/200 10182 GET http://www.goonernews.com/\u2028x badeyek\u2029 DIRECT/207.58.145.61 text/html';
		const d = detectFormat(headLines(`${line}\n${line}\n`), FORMATS);
		expect(d.format?.name).toBe('squid');
	});
});

describe('invalid UTF-8', () => {
	it('scanInvalidUtf8 counts what TextDecoder replaces (each maximal invalid subpart once)', async () => {
		const {scanInvalidUtf8} = await import('../source/input/encoding.js');
		const fc = (await import('fast-check')).default;
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 200}), (bytes) => {
				const text = new TextDecoder().decode(bytes);
				const legit = Buffer.from(bytes).toString('latin1').split('\u00ef\u00bf\u00bd').length - 1;
				const replaced = text.split('\ufffd').length - 1;
				expect(scanInvalidUtf8(bytes).count).toBe(replaced - legit);
			}),
			runs(2000),
		);
	});

	it('one warning at the end, counting them and naming the first line, whatever the chunking', () => {
		const bytes = Buffer.concat([Buffer.from('ok\nstill ok\nLatin-1 caf'), Buffer.from([0xe9]), Buffer.from('\n\u00e9 is fine\ncut '), Buffer.from([0xe2, 0x82])]);
		for (const chunk of [1, 2, 3, 5, 1 << 20]) {
			const {lines, warnings} = split(bytes, chunk);
			expect(lines).toEqual(['ok', 'still ok', 'Latin-1 caf\ufffd', '\u00e9 is fine', 'cut \ufffd']);
			expect(warnings).toEqual([{code: 'input.encoding.invalid-utf8', message: '2 invalid UTF-8 sequences were read as U+FFFD (first on line 3); is this file in another encoding?', line: 3}]);
		}
	});

	it('valid UTF-8 split anywhere gives no warning', () => {
		const bytes = enc('emoji 😀 and 日本語 and é\n'.repeat(50));
		for (const chunk of [1, 2, 3, 7]) expect(split(bytes, chunk).warnings).toEqual([]);
	});

	it('UTF-16 is recognised by its BOM or by its NUL pattern', async () => {
		const {utf16Kind} = await import('../source/input/encoding.js');
		const text = 'Mar  1 20:15:02 dnsmasq[612]: query[A] plex.tv from 192.168.1.40\n';
		expect(utf16Kind(Buffer.from(`\ufeff${text}`, 'utf16le'))).toBe('little-endian');
		expect(utf16Kind(Buffer.from(text, 'utf16le'))).toBe('little-endian');
		expect(utf16Kind(Buffer.from(text, 'utf16le').swap16())).toBe('big-endian');
		expect(utf16Kind(Buffer.from(text))).toBeUndefined();
		expect(utf16Kind(Buffer.from([0x52, 0x45, 0x51, 0x00, 0x01, 0x02]))).toBeUndefined();
	});
});

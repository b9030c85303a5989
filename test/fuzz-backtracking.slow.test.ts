/**
No regex in any parser or sniffer may backtrack catastrophically. For every format, every one of its
own samples is cut at its end and at a token boundary in its middle and followed by a 1 MB run of a
pathological repeat (spaces, quotes, brackets, `=&`, `%25`, backslashes …): each line must be parsed
(and sniffed by every format) to the end. Nothing asserts a time; a catastrophic regex shows up as a test that never finishes, and
vitest's timeout fails it. The line after the hostile one must still give its records.
*/
import {describe, expect, it} from 'vitest';
import {FORMATS} from '../source/formats/registry.js';
import {parseAll} from '../source/formats/run.js';
import type {Format} from '../source/formats/types.js';
import {MAX_LINE_LENGTH} from '../source/input/lines.js';
import {HEAD_BYTES} from '../source/detect/detect.js';

const MB = 1_000_000;
const REPEATS = [' ', '"', '[', '=&', '%25', 'a', '\\', '(', ':', '/', '" "', ' - '];
const CTX = {file: 'hostile', options: {referenceEnd: Date.UTC(2024, 11, 31)}};

/** Up to `n` cut points of a sample: its end and token boundaries spread over it. */
function cuts(sample: string, n = 2): number[] {
	const boundaries: number[] = [];
	for (let i = 1; i < sample.length; i++) if (/[\s"'[\](){}=&:,;?/\\]/.test(sample[i - 1]!)) boundaries.push(i);
	const picked = new Set<number>([sample.length]);
	for (let k = 1; k < n && boundaries.length > 0; k++) picked.add(boundaries[Math.floor((boundaries.length * k) / n)]!);
	return [...picked];
}

/** A line of about `size` characters: `prefix` then `repeat` over and over. */
function hostileLine(prefix: string, repeat: string, size = MB): string {
	return prefix.replace(/\n/g, ' ') + repeat.repeat(Math.ceil((size - prefix.length) / repeat.length));
}

function linesFormat(format: Format): void {
	const samples = format.samples.filter((s) => !s.includes('\n'));
	const follow = samples[0]!;
	const alone = parseAll(format, `${follow}\n`, CTX).records.length;
	it.each(samples.map((s, i) => [i, s.slice(0, 60), s] as const))(`sample %i (%s…) + 1 MB runs: completes, the next line still read`, (_i, _short, sample) => {
		for (const at of cuts(sample)) {
			for (const repeat of REPEATS) {
				const line = hostileLine(sample.slice(0, at), repeat);
				expect(line.length).toBeLessThanOrEqual(MAX_LINE_LENGTH);
				const result = parseAll(format, `${line}\n${follow}\n`, CTX);
				const next = result.records.filter((r) => r.origin.line === 2).length;
				expect(next, `after ${JSON.stringify(sample.slice(0, at).slice(-30))} + ${JSON.stringify(repeat)}…`).toBe(alone);
				// Detection sees at most HEAD_BYTES of it, through every sniffer.
				const head = [line.slice(0, HEAD_BYTES)];
				for (const f of FORMATS) f.sniff(head);
			}
		}
	});
}

describe('no catastrophic backtracking on 1 MB lines', () => {
	for (const format of FORMATS.filter((f) => f.kind === 'lines')) {
		describe(`${format.name} (lines)`, () => linesFormat(format));
	}

	describe('csv-like byte formats: a 1 MB cell after the real header', () => {
		const csvFormats = FORMATS.filter((f) => f.kind === 'bytes' && f.samples.every((s) => !s.trimStart().startsWith('{') && !s.trimStart().startsWith('[')));
		it.each(csvFormats.map((f) => [f.name, f] as const))('%s', (_name, format) => {
			for (const header of format.samples) {
				const width = header.split(/[,;\t]/).length;
				for (const repeat of REPEATS) {
					const cell = hostileLine('', repeat, MB / 2);
					const row = [cell, ...Array.from({length: width - 1}, () => 'x')].join(header.includes('\t') ? '\t' : header.includes(';') ? ';' : ',');
					parseAll(format, `${header}\n${row}\n${header.replace(/[^,;\t]+/g, 'y')}\n`, CTX);
				}
			}
		});
	});

	describe('JSON byte formats: 200 kB strings (under the HAR body cap, so they are read) in every field', () => {
		const jsonFormats = FORMATS.filter((f) => f.kind === 'bytes' && f.samples.some((s) => /^\s*[[{]/.test(s)));
		it.each(jsonFormats.map((f) => [f.name, f] as const))('%s', (_name, format) => {
			for (const repeat of REPEATS) {
				const long = (prefix: string): string => hostileLine(prefix, repeat, 200_000);
				const entry = {
					startedDateTime: long('2024-'),
					request: {method: long('GET'), url: long('https://analytics.plex.tv/collect/event?'), headers: [{name: 'User-Agent', value: long('Mozilla/5.0 (')}, {name: 'X-Plex-Device-Name', value: long('')}], postData: {mimeType: 'text/plain', text: long('{"event":"playback:')}},
					response: {status: 200, content: {mimeType: 'application/xml', text: long('<MediaContainer><Video title="')}},
				};
				const row = {date: 1709931000, user: long(''), friendly_name: long(''), platform: long(''), player: long(''), full_title: long(''), ip_address: long('192.'), title: long(''), media: [{container: long('mk'), parts: [{file: long('/data/')}]}]};
				const doc = {log: {entries: [entry]}, response: {result: 'success', data: {data: [row]}}};
				parseAll(format, JSON.stringify(doc), CTX);
				parseAll(format, JSON.stringify([row, row]), CTX);
			}
		});
	});
});

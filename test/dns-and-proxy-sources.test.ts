/**
Cross-format tests for the destination-log parsers (nginx/Apache, Squid, dnsmasq/Pi-hole, AdGuard Home,
Zeek): golden files, the real sample files, sniffing, hostile input and property tests.
*/
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {telemetryRecordSchema} from '../source/model/records.js';
import {parseAll, type ParseResult} from '../source/formats/run.js';
import type {LineFormat, ParseContext} from '../source/formats/types.js';
import {accessLogFormat} from '../source/formats/access-log/access-log.js';
import {squidFormat} from '../source/formats/access-log/squid.js';
import {dnsmasqFormat} from '../source/formats/dnsmasq/dnsmasq.js';
import {adguardFormat} from '../source/formats/adguard/adguard.js';
import {zeekFormat} from '../source/formats/zeek/zeek.js';
import {describeLarge, runs} from './helpers/tier.js';
// Heads of other inputs (each with where it comes from) that none of these sniffers may claim.
import foreign from './dns-and-proxy-sources.foreign-lines.json' with {type: 'json'};

const FORMATS: readonly LineFormat[] = [accessLogFormat, squidFormat, dnsmasqFormat, adguardFormat, zeekFormat];
const SHARED = fileURLToPath(new URL('../../shared/samples/', import.meta.url));

function parse(format: LineFormat, input: string | Uint8Array, options?: ParseContext['options']): ParseResult {
	const result = parseAll(format, input, {file: 'input', ...(options && {options})});
	for (const record of result.records) telemetryRecordSchema.parse(record);
	return result;
}

/** Diagnostics that mean "a line carried data we could not read". */
const unparsed = (r: ParseResult) => r.diagnostics.filter((d) => d.severity !== 'info');

// Golden files (test/fixtures/{access-log,dnsmasq,adguard,zeek}) are checked by test/formats-registry.test.ts.

describe.skipIf(!existsSync(SHARED))('real sample files', () => {
	const samples: Array<{file: string; format: LineFormat; records: number}> = [
		{file: 'nginx-access-combined-filebeat-test.log', format: accessLogFormat, records: 7},
		{file: 'apache-access-filebeat-test.log', format: accessLogFormat, records: 7},
		// 6 query lines; the answers without a query (the log starts mid-stream) give no record.
		{file: 'dnsmasq-pihole-log-lines-from-issues.log', format: dnsmasqFormat, records: 6},
		{file: 'adguardhome-querylog-from-tests.ndjson', format: adguardFormat, records: 2},
		{file: 'zeek-conn-tsv.log', format: zeekFormat, records: 92},
		{file: 'zeek-http-tsv.log', format: zeekFormat, records: 1},
	];
	it.each(samples)('$file is recognised by its own format and parses completely', ({file, format, records}) => {
		const text = readFileSync(SHARED + file, 'utf8');
		const head = text.split('\n').slice(0, 64);
		const scores = FORMATS.map((f) => ({name: f.name, score: f.sniff(head)}));
		const own = scores.find((s) => s.name === format.name)!.score;
		expect(own).toBeGreaterThan(0);
		for (const other of scores) if (other.name !== format.name) expect(other.score).toBeLessThan(own);
		const result = parse(format, text, {referenceYear: 2021});
		expect(unparsed(result)).toEqual([]);
		expect(result.records).toHaveLength(records);
	});

	it('every other sample file scores 0 with these sniffers', () => {
		const mine = new Set(samples.map((s) => s.file));
		for (const file of readdirSync(SHARED)) {
			if (mine.has(file) || file === 'ORIGINS.md') continue;
			const head = readFileSync(SHARED + file, 'utf8').replace(/^\uFEFF/, '').split('\n').slice(0, 64);
			for (const format of FORMATS) expect({file, format: format.name, score: format.sniff(head)}).toEqual({file, format: format.name, score: 0});
		}
	});
});

describe('sniffing', () => {
	it.each(FORMATS)('$name recognises its own samples', (format) => {
		for (const sample of format.samples) expect(format.sniff(sample.split('\n'))).toBeGreaterThan(0);
	});

	it.each(FORMATS)('$name scores the other formats\' samples 0', (format) => {
		for (const other of FORMATS) {
			if (other === format) continue;
			for (const sample of other.samples) expect({sample, score: format.sniff(sample.split('\n'))}).toEqual({sample, score: 0});
		}
	});

	it.each(foreign)('every sniffer returns 0 on $description', ({input}) => {
		for (const format of FORMATS) expect({format: format.name, score: format.sniff(input.split('\n'))}).toEqual({format: format.name, score: 0});
	});
});

describeLarge('hostile input: 1 MB lines', () => {
	const hostile: Array<{description: string; line: string}> = [
		{description: '1 MB of one letter', line: 'a'.repeat(1_000_000)},
		{description: '1 MB of spaces', line: ' '.repeat(1_000_000)},
		{description: '1 MB of quotes', line: '"'.repeat(1_000_000)},
		{description: '1 MB of brackets', line: '['.repeat(500_000) + ']'.repeat(500_000)},
		{description: '1 MB of ` [` pairs', line: ' ['.repeat(500_000)},
		{description: 'access-log prefix then 1 MB of escaped quotes', line: '1.2.3.4 - - [01/Mar/2024:20:15:10 +0100] "' + '\\"'.repeat(500_000)},
		{description: 'access-log prefix with a 1 MB X-Forwarded-For list', line: '1.1.1.1, '.repeat(110_000) + '2.2.2.2 - - [01/Mar/2024:20:15:10 +0100] "GET / HTTP/1.1" 200 1'},
		{description: 'dnsmasq prefix then 1 MB of words', line: 'Mar  1 20:15:02 dnsmasq[612]: ' + 'reply a '.repeat(125_000)},
		{description: 'Zeek-looking 1 MB of tabs', line: '\t'.repeat(1_000_000)},
		{description: 'JSON-looking 1 MB of braces', line: '{"QH":"' + '{'.repeat(1_000_000)},
	];
	const valid: Record<string, string> = {
		'access-log': '192.168.1.40 - - [01/Mar/2024:20:15:12 +0100] "GET /identity HTTP/1.1" 200 190 "-" "Roku/DVP-12.5 (12.5.0.4178-C8)"',
		squid: '1157689320.327   2864 10.105.21.199 TCP_MISS/200 10182 GET http://www.goonernews.com/ badeyek DIRECT/207.58.145.61 text/html',
		// Query and answer: line 1 before the hostile line, line 4 after it (lines 2 and 5 answer them).
		dnsmasq: 'Mar  1 20:15:02 dnsmasq[612]: query[A] plex.tv from 192.168.1.40\nMar  1 20:15:02 dnsmasq[612]: reply plex.tv is 52.17.198.46',
		adguard: '{"IP":"192.168.1.40","T":"2024-03-01T20:15:02.123+01:00","QH":"plex.tv","QT":"A","Result":{}}',
		zeek: '{"ts":1709320502.12,"uid":"CzQ1Xq3FJ9wP5xT2kb","id.orig_h":"192.168.1.40","query":"plex.tv","qtype_name":"A","answers":["52.17.198.46"]}',
	};
	it.each(FORMATS)('$name survives 1 MB hostile lines and keeps the valid lines around them', (format) => {
		for (const {description, line} of hostile) {
			const input = `${valid[format.name]}\n${line}\n${valid[format.name]}\n`;
			// No timing assertion: finishing within vitest's timeout is the check for backtracking.
			const result = parse(format, input);
			const lines = new Set(result.records.map((r) => r.origin.line));
			expect({description, first: lines.has(1), last: lines.has(format.name === 'dnsmasq' ? 4 : 3)}).toEqual({description, first: true, last: true});
		}
	});
});

describe('property: garbage never throws and never hides valid lines', () => {
	const valid: Record<string, readonly string[]> = {
		'access-log': accessLogFormat.samples,
		squid: squidFormat.samples,
		dnsmasq: ['Mar  1 20:15:02 dnsmasq[612]: query[A] plex.tv from 192.168.1.40', 'Mar  1 20:15:02 dnsmasq[612]: reply plex.tv is 52.17.198.46'],
		adguard: adguardFormat.samples,
		zeek: ['{"ts":1709320502.12,"uid":"CzQ1Xq3FJ9wP5xT2kb","id.orig_h":"192.168.1.40","query":"plex.tv","qtype_name":"A","answers":["52.17.198.46"]}'],
	};
	/** How many records the valid lines give on their own. */
	const recordsOf = (format: LineFormat, lines: readonly string[]) => parse(format, lines.join('\n')).records.length;

	it.each(FORMATS)('$name', (format) => {
		const lines = valid[format.name]!;
		const alone = recordsOf(format, lines);
		expect(alone).toBeGreaterThan(0);
		const garbage = fc.oneof(fc.string({maxLength: 200}), fc.string({unit: 'binary', maxLength: 200}), fc.constantFrom(...FORMATS.flatMap((f) => f.samples)).map((s) => s.slice(0, Math.floor(s.length / 2))));
		const oneLine = garbage.map((g) => g.replace(/[\r\n]/g, ''));
		fc.assert(
			fc.property(fc.array(garbage, {maxLength: 8}), fc.array(oneLine, {minLength: lines.length + 1, maxLength: lines.length + 1}), (before, between) => {
				// Garbage (with newlines) first, then every valid line with a garbage line before and after it.
				const mixed = lines.flatMap((line, i) => [between[i]!, line]);
				const text = [...before, '', ...mixed, between[lines.length]!].join('\n');
				const result = parse(format, text);
				expect(result.records.length).toBeGreaterThanOrEqual(alone);
			}),
			runs(150),
		);
	});

	it.each(FORMATS)('$name: random truncation and splices never throw', (format) => {
		const text = valid[format.name]!.join('\n');
		fc.assert(
			fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({maxLength: 50}), (cut, at, splice) => {
				const damaged = text.slice(0, at) + splice + text.slice(at, Math.max(at, cut));
				expect(() => parse(format, damaged)).not.toThrow();
			}),
			runs(200),
		);
	});
});

/**
Issue 19 item 4: every regex on a hot path grows linearly. For every format, every sample line (cut at
its end and in its middle) is followed by a run of a pathological repeat (letters, spaces, quotes,
`=&`, `%25`, backslashes, brackets, `Token=` …), parsed and taken through the pipeline (bounding,
redaction, masking, the ledger's candidates, classification, the store): ten times the input may take
at most twelve times as long. Byte formats (HAR, Tautulli JSON and CSV, generic CSV, settings files)
get documents whose one field grows. The shapes the issue found (MediaBrowser authorization of
letters, `authorization=` query parameters, 200 k identifier headers with secret body fields) are
measured on their own.

Times are the best of three runs (a busy machine only ever makes a run slower), with a floor of a few
milliseconds (30: on two cores shared by five jobs, a run of a few milliseconds can take twenty
more) under which a ratio says nothing; the quadratic shapes issue 19 found took seconds at these sizes. Sizes stay where the regexes, not the garbage collector,
decide the time: JSON.parse of one HAR entry of 100,000 header objects is itself ×40 slower than of
10,000 on a busy machine (young-generation overflow), so that shape is measured at 2,000 → 20,000;
and lines start above the 8 KiB a record keeps (source/model/limits.ts), since crossing it changes the
work (a cut, a copy) in one step.
*/
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {compileGlob} from '../source/classify/glob.js';
import {parseMediaBrowserAuth} from '../source/formats/common/client-params.js';
import {FORMATS, findFormat} from '../source/formats/registry.js';
import {parseAll} from '../source/formats/run.js';
import type {Format} from '../source/formats/types.js';
import {finalizeDiagnostic} from '../source/pipeline/finalize.js';
import {storeRecord} from '../source/pipeline/ingest.js';
import {redactText} from '../source/privacy/redact.js';
import {RecordStore} from '../source/store/store.js';

const GROWTH = 12;
const FLOOR_MS = 30;
const REPEATS = ['a', ' ', '"', '=&', '%25', '\\', '(', 'Token=', '{"a":'];
const CTX = {file: 'growth', options: {referenceEnd: Date.UTC(2024, 11, 31)}};
const classifier = createClassifier();

function best(run: () => void, times = 3): number {
	let min = Number.POSITIVE_INFINITY;
	for (let k = 0; k < times; k++) {
		const t = performance.now();
		run();
		min = Math.min(min, performance.now() - t);
	}
	return min;
}

/** Parse and take every record and diagnostic through the pipeline, as `ingest` does. */
function pipeline(format: Format, input: string): void {
	const result = parseAll(format, input, CTX);
	const store = new RecordStore({spool: false, classifier});
	for (const r of result.records) storeRecord(r, store, 'growth', {classifier, showSecrets: false});
	for (const d of result.diagnostics) finalizeDiagnostic(d, false);
	store.close();
}

/** Time `make(n)` and `make(10 n)` through `run`; the larger may take at most GROWTH times as long. */
function expectLinear(what: string, make: (n: number) => string, n: number, run: (input: string) => void, growth = GROWTH): void {
	const small = make(n);
	const large = make(10 * n);
	run(small); // warm up (compile the regexes, the JIT)
	const ts = best(() => run(small));
	const tl = best(() => run(large));
	expect(tl, `${what}: ×10 input took ${(tl / Math.max(ts, 0.01)).toFixed(1)}× the time (${ts.toFixed(1)} ms → ${tl.toFixed(1)} ms)`).toBeLessThanOrEqual(growth * ts + FLOOR_MS);
}

/** Its end and a token boundary in its middle. */
function cuts(sample: string): number[] {
	const boundaries: number[] = [];
	for (let i = 1; i < sample.length; i++) if (/[\s"'[\](){}=&:,;?/\\]/.test(sample[i - 1]!)) boundaries.push(i);
	return [...new Set([sample.length, boundaries[Math.floor(boundaries.length / 2)] ?? sample.length])];
}

const ZEEK_HEADER = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\thttp', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\tuser_agent', ''].join('\n');

describe('lines formats: every sample + a growing run of each repeat', () => {
	for (const format of FORMATS.filter((f) => f.kind === 'lines')) {
		const lines = format.name === 'zeek' ? ['1591367999.305988\tCaz\t192.168.4.76\t36844\t203.0.113.9\t80\tGET\tplex.tv\t/a?b='] : format.samples.filter((s) => !s.includes('\n') && !s.startsWith('#'));
		const header = format.name === 'zeek' ? ZEEK_HEADER : '';
		it.each(lines.map((s, i) => [i, s.slice(0, 50), s] as const))(`${format.name} sample %i (%s…)`, (_i, _short, sample) => {
			const make = (n: number): string => header + cuts(sample).flatMap((at) => REPEATS.map((r) => sample.slice(0, at) + r.repeat(Math.ceil(n / r.length)))).join('\n') + '\n';
			expectLinear(`${format.name}: ${sample.slice(0, 40)}`, make, 10_000, (input) => pipeline(format, input));
		});
	}
});

describe('the shapes issue 19 found', () => {
	it('MediaBrowser authorization of letters (item 1)', () => {
		expectLinear('parseMediaBrowserAuth', (n) => `MediaBrowser ${'a'.repeat(n)}`, 20_000, (v) => void parseMediaBrowserAuth(v));
		expectLinear('parseMediaBrowserAuth, names and spaces', (n) => `MediaBrowser ${'a '.repeat(n / 2)}`, 20_000, (v) => void parseMediaBrowserAuth(v));
	});

	it.each([
		['access-log', (v: string) => `10.0.0.2 - - [07/Dec/2016:11:05:07 +0100] "GET /Items?authorization=${v} HTTP/1.1" 200 571 "-" "curl"`],
		['squid', (v: string) => `1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 GET http://plex.tv/a?authorization=${v} - DIRECT/1.2.3.4 text/html`],
		['pms', (v: string) => `Oct 05, 2014 17:48:11 [0x108f7e000] DEBUG - Request: [192.168.1.210:55218] GET /a?authorization=${v} (26 live)`],
		['emby', (v: string) => `2020-09-27 13:37:00.000 Info HttpServer: HTTP GET http://10.0.0.5:8096/emby/Items?authorization=${v}. UserAgent: curl`],
		['jellyfin', (v: string) => `[2024-10-21 20:12:56.265 +02:00] [INF] [21] Jellyfin.Api.Auth: GET /Items?authorization=${v}`],
	])('authorization= query parameters of letters in %s lines (item 1)', (name, line) => {
		const format = findFormat(name)!;
		expectLinear(name, (n) => `${line(`MediaBrowser%20${'a'.repeat(n)}`)}\n${line(`MediaBrowser ${'a'.repeat(n)}`)}\n`, 20_000, (input) => pipeline(format, input));
	});

	it('HAR: identifier headers × secret body fields (item 2) and a MediaBrowser header of letters', () => {
		const har = findFormat('har')!;
		const doc = (n: number): string => {
			const headers = [...Array.from({length: n}, (_, k) => ({name: 'X-Plex-Session-Identifier', value: `s${k}`})), {name: 'Authorization', value: `MediaBrowser ${'a'.repeat(n * 5)}`}];
			const body = JSON.stringify({items: Array.from({length: n / 20}, (_, k) => ({token: `t${k}`}))});
			return JSON.stringify({log: {entries: [{request: {method: 'POST', url: 'https://plex.tv/api', headers, postData: {mimeType: 'application/json', text: body}}, response: {status: 200}}]}});
		};
		expectLinear('har', doc, 2_000, (input) => pipeline(har, input));
	});

	it('redaction of every shape of name and separator', () => {
		for (const unit of ['%5F', 'a%5F', '//a:', '%2F%2Fa%3A', 'token=', 'X-Plex-Token%253D', 'x@', 'a=b&', '%2525']) {
			// Up to 5 MB of text at ×10: past the caches, a linear pass measured ×12–15 on the loaded gate (a quadratic one is ×100).
			expectLinear(`redactText ${unit}`, (n) => unit.repeat(n), 30_000, (text) => void redactText(text), 20);
		}
	});
});

describe('byte formats: one growing field', () => {
	const grow = (n: number, r: string): string => r.repeat(Math.ceil(n / r.length));
	it.each(['"', 'a', '\\\\', '{', ',', ' '])('HAR: URL, header value and body of %j', (r) => {
		const har = findFormat('har')!;
		const doc = (n: number): string =>
			JSON.stringify({log: {entries: [{request: {method: 'GET', url: `https://analytics.plex.tv/collect/event?${grow(n, r)}`, headers: [{name: 'User-Agent', value: grow(n, r)}], postData: {mimeType: 'text/plain', text: grow(n, r)}}, response: {status: 200, content: {mimeType: 'application/xml', text: `<MediaContainer><Video title="${grow(n, r)}"/></MediaContainer>`}}}]}});
		expectLinear(`har ${r}`, doc, 100_000, (input) => pipeline(har, input));
	});

	it.each(['tautulli-history-csv', 'tautulli-library-csv', 'csv'])('%s: a growing cell of each repeat', (name) => {
		const format = findFormat(name)!;
		const header = name === 'csv' ? 'time,host,url\n' : `${format.samples[0]!.split('\n')[0]}\n`;
		const width = header.split(',').length;
		for (const r of ['"', 'a', '""', ',', ' ']) {
			expectLinear(`${name} ${JSON.stringify(r)}`, (n) => `${header}${[grow(n, r), ...Array.from({length: width - 1}, () => 'x')].join(',')}\n`, 2_000, (input) => pipeline(format, input));
		}
		// A stray quote on every line (`\n"`) restarts the scan once per line; each restart now rescans only the
		// lines after the damaged record (it used to copy the buffered rest and rescan a batch of 256 records:
		// 2,000 lines took 1.2 s, now 19 ms). At scale it is linear (50,000 → 500,000 lines: ×5.3 the time), but
		// at these sizes the garbage collector's share grows with the input (×8–15 measured at a load average
		// of 13), so the bound here is ×20: a quadratic path would still fail it by far.
		expectLinear(`${name} "\\n\""`, (n) => `${header}${[grow(n, '\n"'), ...Array.from({length: width - 1}, () => 'x')].join(',')}\n`, 2_000, (input) => pipeline(format, input), 20);
	});

	it.each(['tautulli-history', 'tautulli-library', 'plex-preferences', 'server-settings'])('%s: a growing run of quotes, brackets and letters', (name) => {
		const format = findFormat(name)!;
		for (const r of ['"', '[', '{', 'a', '<', '&amp;']) {
			// Small sizes: each level of nesting is an object to these scanners, and at hundreds of
			// thousands of levels the garbage collector, not the scan, sets the pace.
			expectLinear(`${name} ${r}`, (n) => format.samples[0]!.slice(0, 200) + grow(n, r), 2_000, (input) => pipeline(format, input));
		}
	});
});

// A timing ratio, so here and not in the unit tier (test/classify-provenance.test.ts checks what the globs match).
describe('host globs of a rules file', () => {
	it('`*a*a*a*a*` and `*ad*` against hosts ×10 longer cost ≤ ×12 (best of 5)', () => {
		const globs = ['*a*a*a*a*', '*ad*', '*a*a*a*a*a*a*a*a*b'].map(compileGlob);
		const time = (host: string): number => {
			let best = Infinity;
			for (let run = 0; run < 5; run++) {
				const t0 = process.hrtime.bigint();
				for (let i = 0; i < 2000; i++) for (const g of globs) g.matches(host);
				best = Math.min(best, Number(process.hrtime.bigint() - t0));
			}
			return best;
		};
		const small = time('a'.repeat(24) + '.x');
		const large = time('a'.repeat(240) + '.x');
		expect(large / small).toBeLessThanOrEqual(12);
	});
});

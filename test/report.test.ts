/**
The evidence report (issue 14), in process: Markdown goldens, the HTML's structure (only our own tags and
attributes, every inline block allowed by its hash, no URL anywhere), hostile markup and Markdown from the
inputs inert (the Markdown rendered by markdown-it with HTML and autolinks on, as a forum would), no raw
identifier, the numbers agreeing with print mode, the inputs' hashes and time spans, and the file rules
(never overwrite without --force, default name). The same reports in a real browser: report-browser.test.ts.
*/
import {createHash} from 'node:crypto';
import {existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import MarkdownIt from 'markdown-it';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../source/cli/main.js';
import {defaultReportName} from '../source/cli/report.js';
import {MAX_TABLE_ROWS, MAX_TIME_SERIES, timeChartOf} from '../source/report/data.js';
import {escapeHtml, escapeMarkdown, jsonForScript} from '../source/report/escape.js';
import {itLarge} from './helpers/tier.js';

const ROOT = join(import.meta.dirname, '..');
const SAMPLE = 'samples/plex-web-session.har';
const HOSTILE = 'test/fixtures/report/hostile-markup.har';
const GOLDEN_DIR = join(ROOT, 'test/fixtures/report');

/** Run the CLI in process: exit code, stdout, stderr. */
async function cli(args: readonly string[]): Promise<{code: number; out: string; err: string}> {
	const collect = () => {
		const chunks: string[] = [];
		const stream = new PassThrough() as unknown as NodeJS.WriteStream & {text: () => string};
		(stream as {isTTY?: boolean}).isTTY = false;
		stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
		stream.text = () => chunks.join('');
		return stream;
	};
	const stdout = collect();
	const stderr = collect();
	const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
	(stdin as unknown as PassThrough).end();
	const code = await main(args, {stdin, stdout, stderr});
	await new Promise((resolve) => setImmediate(resolve));
	return {code, out: stdout.text(), err: stderr.text()};
}

const report = async (format: 'html' | 'markdown', ...inputs: string[]): Promise<string> => {
	const r = await cli(['report', '--format', format, '--out', '-', ...inputs]);
	expect(r.code, r.err).toBe(0);
	return r.out;
};

let epoch: string | undefined;
beforeAll(() => {
	epoch = process.env['SOURCE_DATE_EPOCH'];
	process.env['SOURCE_DATE_EPOCH'] = String(Date.UTC(2026, 0, 2, 3, 4, 5) / 1000);
});
afterAll(() => {
	if (epoch === undefined) delete process.env['SOURCE_DATE_EPOCH'];
	else process.env['SOURCE_DATE_EPOCH'] = epoch;
});

/** The inline blocks of a report: scripts, styles, and the HTML around them. */
function split(html: string): {scripts: string[]; styles: string[]; json: string[]; markup: string} {
	const scripts: string[] = [];
	const styles: string[] = [];
	const json: string[] = [];
	const markup = html
		.replace(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/g, (_m, body: string) => (json.push(body), '<script-data>'))
		.replace(/<script>([\s\S]*?)<\/script>/g, (_m, body: string) => (scripts.push(body), '<script-inline>'))
		.replace(/<style>([\s\S]*?)<\/style>/g, (_m, body: string) => (styles.push(body), '<style-inline>'));
	return {scripts, styles, json, markup};
}

const TAGS = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'body', 'header', 'h1', 'h2', 'h3', 'p', 'strong', 'a', 'nav', 'main', 'section', 'div', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'code', 'figure', 'figcaption', 'details', 'summary', 'article', 'dl', 'dt', 'dd', 'wbr', 'script-data', 'script-inline', 'style-inline']);
const ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'href', 'class', 'id', 'data-v', 'scope']);

/** Every tag and attribute of the markup is one the renderer writes; links only to the page's own sections. */
function checkMarkup(html: string): void {
	const {scripts, styles, json, markup} = split(html);
	expect(scripts).toHaveLength(2);
	expect(styles).toHaveLength(2);
	expect(json).toHaveLength(1);
	// The JSON block cannot end early or open a comment, and parses back.
	expect(json[0]).not.toMatch(/<|>|&/);
	expect(() => JSON.parse(json[0]!) as unknown).not.toThrow();
	for (const m of markup.matchAll(/<\/?([a-zA-Z!][\w-]*)([^>]*)>/g)) {
		const tag = m[1]!.toLowerCase();
		expect(TAGS.has(tag), `tag <${tag}>`).toBe(true);
		for (const a of m[2]!.matchAll(/([\w-]+)(?:="([^"]*)")?/g)) {
			if (tag === '!doctype') continue;
			expect(ATTRIBUTES.has(a[1]!), `attribute ${a[1]} on <${tag}>`).toBe(true);
			if (a[1] === 'href') expect(a[2]).toMatch(/^#[a-z-]+$/);
			if (a[1] === 'data-v') expect(a[2]).toMatch(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/);
		}
	}
	const ids = [...markup.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
	expect(ids.length).toBe(new Set(ids).size);
	// No stray angle bracket or quote outside markup: text is escaped.
	const text = markup.replace(/<\/?([a-zA-Z!][\w-]*)([^>]*)>/g, '');
	expect(text).not.toMatch(/[<>]/);
	// The policy allows exactly the inline blocks, by hash, and nothing else.
	const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(markup)?.[1] ?? '';
	const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
	expect(csp).toContain("default-src 'none'");
	expect(csp).toContain(`script-src ${scripts.map(hash).join(' ')};`);
	expect(csp).toContain(`style-src ${styles.map(hash).join(' ')};`);
	expect(csp).not.toMatch(/unsafe|\*|http|data:|blob:/);
	// The CSP comes before anything it governs.
	expect(markup.indexOf('Content-Security-Policy')).toBeLessThan(markup.indexOf('<style-inline>'));
}

describe('report: Markdown', () => {
	it.each([
		['plex-web-session', SAMPLE],
		['pms-mixed-generations', 'test/fixtures/pms/mixed-generations.log'],
		['hostile-markup', HOSTILE],
	])('%s matches its golden file', async (name, input) => {
		const text = await report('markdown', input);
		const path = join(GOLDEN_DIR, `${name}.expected.md`);
		if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) writeFileSync(path, text);
		expect(text).toBe(readFileSync(path, 'utf8'));
	});

	it('renders hostile input as the text it is: no link, image, HTML, mention or emphasis (markdown-it with HTML and autolinks on)', async () => {
		const text = await report('markdown', HOSTILE);
		const html = new MarkdownIt({html: true, linkify: true}).render(text);
		expect(html).not.toMatch(/<(a|img|script|style|meta|iframe|del|s)\b/i);
		expect(html).not.toMatch(/<strong>bold|<em>s|<em>pwned|<code>code/);
		expect(html).not.toContain('evil.example"');
		// The payloads are there, as text (markdown-it escapes < > & " in text).
		expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
		expect(html).toContain('[md link](https://evil.example/l)');
		expect(html).toContain('@everyone #1 **bold** `code` | pipe | $x^2$ ~~s~~ www.evil.example https://evil.example/bare');
		// Tables keep their columns: every row of a table has as many cells as its header.
		for (const table of html.split('<table>').slice(1)) {
			const body = table.split('</table>')[0]!;
			const widths = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => (r[1]!.match(/<t[hd][ >]/g) ?? []).length);
			expect(new Set(widths).size, body.slice(0, 200)).toBe(1);
		}
	});

	it('escapes what has a meaning in GitHub Markdown, and keeps hosts, times and dates readable', () => {
		expect(escapeMarkdown('plex.tv 2025-03-14 19:02:13 1.2 MB')).toBe('plex.tv 2025-03-14 19:02:13 1.2 MB');
		expect(escapeMarkdown('a|b')).toBe('a\\|b');
		expect(escapeMarkdown('- x')).toBe('\\- x');
		expect(escapeMarkdown('1. x')).toBe('1\\. x');
		expect(escapeMarkdown('see www.evil.example or https://evil.example or mailto:a')).toBe('see www\\.evil.example or https\\://evil.example or mailto\\:a');
		expect(escapeMarkdown('line\nbreak')).toBe('line break');
		expect(escapeMarkdown('\u001b[31mred\u202e')).toBe('red');
	});
});

describe('report: HTML', () => {
	it('has only the markup the renderer writes, every inline block allowed by hash, no URL', async () => {
		checkMarkup(await report('html', SAMPLE));
	});

	it('keeps hostile input as escaped text', async () => {
		const html = await report('html', HOSTILE);
		checkMarkup(html);
		expect(html).toContain(escapeHtml('<script>window.__pwned=1</script>'));
		expect(html).toContain(escapeHtml('"><img src=x onerror="window.__pwned=2">'));
		expect(html).not.toMatch(/<img|<a href="h|onerror="/);
	});

	it('escapes for HTML and for a script data block', () => {
		expect(escapeHtml(`<a href="x">'&`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
		expect(jsonForScript({s: '</script><!--&'})).toBe('{"s":"\\u003c/script\\u003e\\u003c!--\\u0026"}');
		expect(jsonForScript({s: 'a\u2028b\u2029c'})).not.toMatch(/[\u2028\u2029]/);
	});

	itLarge('reads every file of the hostile-input corpus (small ones) into a report with the same guarantees', async () => {
		const dir = join(ROOT, 'test/corpus/files');
		const files = readdirSync(dir).filter((f) => statSync(join(dir, f)).size < 200_000);
		expect(files.length).toBeGreaterThan(20);
		for (const f of files) {
			const r = await cli(['report', '--format', 'html', '--out', '-', join('test/corpus/files', f)]);
			// Nothing readable is exit 1 and writes nothing; everything else is a report.
			if (r.code === 1) {
				expect(r.out).toBe('');
				continue;
			}
			expect(r.code, `${f}: ${r.err}`).toBe(0);
			checkMarkup(r.out);
			expect(r.out, f).not.toMatch(/[\u001b\u009b\u202e]/);
		}
	});
});

describe('report: content from the views', () => {
	it('shows no raw identifier or secret (those --show-secrets shows)', async () => {
		const raw = JSON.parse((await cli(['--print', '--view', 'identifiers', '--output', 'json', '--show-secrets', SAMPLE])).out) as Array<{value: string; kind: string}>;
		// Identifiers and secrets (a device named "Chrome" is personal data, but also the platform's name).
		const values = raw.filter((r) => r.kind === 'identifier' || r.kind === 'secret').map((r) => r.value).filter((v) => v.length >= 4);
		expect(values.length).toBeGreaterThan(5);
		for (const format of ['html', 'markdown'] as const) {
			const text = await report(format, SAMPLE);
			for (const v of values) expect(text, `${format} shows ${v}`).not.toContain(v);
		}
		const unmasked = await cli(['report', '--format', 'html', '--out', '-', '--show-secrets', SAMPLE]);
		expect(unmasked.out).toContain('identifiers and secrets UNMASKED');
		expect(values.some((v) => unmasked.out.includes(escapeHtml(v)))).toBe(true);
		const identifiers = await cli(['report', '--format', 'markdown', '--out', '-', '--show-identifiers', SAMPLE]);
		expect(identifiers.out).toContain('identifiers and personal data UNMASKED (--show-identifiers)');
		const secrets = raw.filter((r) => r.kind === 'secret').map((r) => r.value);
		expect(secrets.length).toBeGreaterThan(0);
		for (const v of secrets) expect(identifiers.out).not.toContain(v);
	});

	it("charts the same requests print mode counts: each category's bars sum to the destinations view's requests", async () => {
		const html = await report('html', SAMPLE);
		const {charts} = JSON.parse(split(html).json[0]!) as {charts: Array<{id: string; labels: string[]; series: Array<{label: string; values: number[]}>}>};
		const chart = charts.find((c) => c.id === 'chart-categories')!;
		const rows = JSON.parse((await cli(['--print', '--view', 'destinations', '--output', 'json', SAMPLE])).out) as Array<{category: string; party: string; requests: number}>;
		const expected = new Map<string, number>();
		for (const r of rows) expected.set(r.category, (expected.get(r.category) ?? 0) + r.requests);
		const charted = new Map(chart.labels.map((l, k) => [l, chart.series.reduce((sum, s) => sum + (s.values[k] ?? 0), 0)]));
		expect(charted).toEqual(expected);
	});

	it('lists each input with its size, SHA-256 and the times of its first and last record', async () => {
		const text = await report('markdown', SAMPLE, 'test/fixtures/har/har-firefox-111.har');
		const records = JSON.parse((await cli(['--print', '--view', 'records', '--output', 'json', SAMPLE])).out) as Array<{time?: string}>;
		const times = records.map((r) => r.time).filter((t): t is string => t !== undefined).sort();
		const bytes = readFileSync(join(ROOT, SAMPLE));
		const line = text.split('\n').find((l) => l.startsWith('| samples/plex-web-session.har |'))!;
		expect(line).toContain(`| ${bytes.length.toLocaleString('en-US')} |`);
		expect(line).toContain(`\`${createHash('sha256').update(bytes).digest('hex')}\``);
		expect(line).toContain(`| ${times[0]!.replace('T', ' ').replace(/\.\d+Z$/, '')} | ${times.at(-1)!.replace('T', ' ').replace(/\.\d+Z$/, '')} |`);
		expect(text).toContain('| test/fixtures/har/har-firefox-111.har | har |');
	});

	it('every policy category is there, with evidence values and where they were found', async () => {
		const text = await report('markdown', SAMPLE);
		const policy = JSON.parse((await cli(['--print', '--view', 'policy', '--output', 'json', SAMPLE])).out) as Array<{category: string; records: number; examples: string[]}>;
		for (const p of policy) {
			if (p.records > 0) {
				expect(text).toContain(`### ${p.category}: ${p.records} record`);
				for (const where of p.examples) expect(text).toContain(`  - ${escapeMarkdown(where)}`);
			} else expect(text).toContain(`| ${p.category} |`);
		}
		expect(text).toMatch(/X-Plex-Client-Identifier = k3x9…\\#[0-9a-f]{6}/);
	});
});

describe('report: files', () => {
	it('writes FILE, never overwrites it without --force, and infers the format from the name', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ttui-report-'));
		const out = join(dir, 'r.md');
		expect((await cli(['report', '--out', out, SAMPLE])).code).toBe(0);
		expect(readFileSync(out, 'utf8')).toMatch(/^# Telemetry evidence/);
		writeFileSync(out, 'mine');
		const again = await cli(['report', '--out', out, SAMPLE]);
		expect(again.code).toBe(2);
		expect(again.err).toContain('exists; pass --force');
		expect(readFileSync(out, 'utf8')).toBe('mine');
		expect((await cli(['report', '--force', '--out', out, SAMPLE])).code).toBe(0);
		expect(readFileSync(out, 'utf8')).toMatch(/^# Telemetry evidence/);
	});

	it('names the file after the first input and the date', () => {
		const day = new Date(Date.UTC(2026, 11, 2));
		expect(defaultReportName('captures/Plex Web session.har', day, 'html')).toBe('telemetry-report-Plex-Web-session-2026-12-02.html');
		expect(defaultReportName('logs/Plex Media Server.log.gz', day, 'markdown')).toBe('telemetry-report-Plex-Media-Server-2026-12-02.md');
		expect(defaultReportName('Logs/', day, 'html')).toBe('telemetry-report-Logs-2026-12-02.html');
		expect(defaultReportName(undefined, day, 'html')).toBe('telemetry-report-stdin-2026-12-02.html');
		expect(defaultReportName('../../<script>.har', day, 'html')).toBe('telemetry-report-script-2026-12-02.html');
	});

	it('says what is wrong with the options', async () => {
		expect((await cli(['report', '--format', 'pdf', SAMPLE])).err).toMatch(/--format must be one of html, markdown/);
		expect((await cli(['report', '--bogus', SAMPLE])).code).toBe(2);
		expect((await cli(['report', '--help'])).out).toContain('telemetry-tui report [--out FILE]');
	});
});

describe('report: the timeline chart', () => {
	const columns = [
		{key: 'bucket', header: 'Bucket', kind: 'time'},
		{key: 'category', header: 'Category', kind: 'text'},
		{key: 'requests', header: 'Requests', kind: 'number'},
	] as const;
	const view = {name: 'timeline', title: 'Timeline', columns: columns as unknown as Parameters<typeof timeChartOf>[0]['columns']};
	const t = (m: number) => new Date(Date.UTC(2025, 2, 14, 19, m)).toISOString();

	it('pivots long rows (time, group, count) into one series per group on a shared time axis', () => {
		const rows = [
			{bucket: t(0), category: 'ads', requests: 2},
			{bucket: t(0), category: 'cdn', requests: 5},
			{bucket: t(1), category: 'ads', requests: 1},
			{bucket: t(2), category: 'cdn', requests: 3},
		];
		const chart = timeChartOf(view, rows, 'category')!;
		expect(chart.kind).toBe('time');
		expect(chart.x).toEqual([0, 1, 2].map((m) => Date.UTC(2025, 2, 14, 19, m) / 1000));
		expect(chart.series).toEqual([
			{label: 'cdn', values: [5, 0, 3]},
			{label: 'ads', values: [2, 1, 0]},
		]);
	});

	it(`draws the ${MAX_TIME_SERIES} largest groups and sums the rest as "other", saying how many`, () => {
		const rows = Array.from({length: MAX_TIME_SERIES + 3}, (_, k) => ({bucket: t(0), category: `c${String(k).padStart(2, '0')}`, requests: 100 - k}));
		const chart = timeChartOf(view, rows, 'category')!;
		expect(chart.series).toHaveLength(MAX_TIME_SERIES + 1);
		expect(chart.series.at(-1)).toEqual({label: '3 other category values', values: [(100 - MAX_TIME_SERIES) + (99 - MAX_TIME_SERIES) + (98 - MAX_TIME_SERIES)]});
		// Every request is in exactly one series.
		expect(chart.series.reduce((sum, s) => sum + (s.values[0] ?? 0), 0)).toBe(rows.reduce((sum, r) => sum + r.requests, 0));
	});

	it('takes wide rows (a time and a count per series) as they are', () => {
		const wide = {name: 'timeline', title: 'Timeline', columns: [columns[0], {key: 'first', header: 'First', kind: 'number'}, {key: 'third', header: 'Third', kind: 'number'}] as unknown as Parameters<typeof timeChartOf>[0]['columns']};
		const chart = timeChartOf(wide, [{bucket: t(0), first: 1, third: 2}, {bucket: t(5), first: 3, third: 0}])!;
		expect(chart.series).toEqual([
			{label: 'First', values: [1, 3]},
			{label: 'Third', values: [2, 0]},
		]);
	});
});

describe('report: limits are said out loud', () => {
	itLarge(`a table of more than ${MAX_TABLE_ROWS.toLocaleString('en-US')} rows shows that many, says how many it left out, and how to get them all`, async () => {
		const n = MAX_TABLE_ROWS + 100;
		const entries = Array.from({length: n}, (_, k) => ({
			startedDateTime: '2025-03-14T19:02:11.000Z',
			request: {method: 'GET', url: `https://h${k}.tracker.example/p`, headers: []},
			response: {status: 200, content: {size: 0, mimeType: 'text/plain'}},
		}));
		const dir = mkdtempSync(join(tmpdir(), 'ttui-report-many-'));
		const file = join(dir, 'many-hosts.har');
		writeFileSync(file, JSON.stringify({log: {version: '1.2', creator: {name: 'test', version: '1'}, entries}}));
		const text = await report('markdown', file);
		expect(text).toContain(`**Showing the first ${MAX_TABLE_ROWS.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows.**`);
		expect(text).toContain(`Third parties: the first ${MAX_TABLE_ROWS.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} rows are shown; all: telemetry-tui --print --view destinations --filter 'party:=third' --output csv INPUTS`);
		// The chart and the verdict still count every request.
		expect(text).toContain(`${n} third-party hosts`);
		expect(text).toContain(`| unknown | ${n.toLocaleString('en-US')} |`);
	});
});

describe('diff --report: the comparison as a report', () => {
	const BEFORE = 'test/fixtures/diff/new-tracker.before.log';
	const AFTER = 'test/fixtures/diff/new-tracker.after.log';

	it('Markdown matches its golden file: the sides, then each compared view with new rows first', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ttui-compare-'));
		const out = join(dir, 'changes.md');
		const r = await cli(['diff', BEFORE, AFTER, '--report', out]);
		expect(r.code, r.err).toBe(0);
		expect(r.out).toBe('');
		const text = readFileSync(out, 'utf8');
		const path = join(GOLDEN_DIR, 'new-tracker.compare.expected.md');
		if (process.env['UPDATE_GOLDEN'] || !existsSync(path)) writeFileSync(path, text);
		expect(text).toBe(readFileSync(path, 'utf8'));
		expect(text).toMatch(/\| new \| www\\\.google-analytics\.com \| Google \| ads \| third \|/);
		// Never over an existing file without --force.
		const again = await cli(['diff', BEFORE, AFTER, '--report', out]);
		expect(again.code).toBe(2);
		expect(again.err).toContain('exists; pass --force');
		expect((await cli(['diff', BEFORE, AFTER, '--report', out, '--force'])).code).toBe(0);
	});

	it('HTML has the same guarantees as the report: our markup only, every inline block by hash, no URL', async () => {
		const r = await cli(['diff', BEFORE, AFTER, '--report', '-']);
		expect(r.code, r.err).toBe(0);
		checkMarkup(r.out);
		expect(r.out).toContain('<section id="diff-destinations">');
		expect(r.out).toContain('3 new, 0 gone, 0 changed, 15 same.');
	});

	it('keeps the gate: --fail-on still exits 3 when it writes a report', async () => {
		const r = await cli(['diff', BEFORE, AFTER, '--report', '-', '--fail-on', 'new-third-party']);
		expect(r.code).toBe(3);
		checkMarkup(r.out);
	});
});

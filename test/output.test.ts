import {stripVTControlCharacters} from 'node:util';
import {Table} from '@alcalzone/ink-table';
import {renderToString} from 'ink';
import fc from 'fast-check';
import Papa from 'papaparse';
import React from 'react';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {boxTable, toTable} from '../source/output/table.js';
import {keptTesting, writeViews} from '../source/output/stream.js';
import {RecordStore} from '../source/store/store.js';
import {PassThrough} from 'node:stream';
import {formatCount, formatTime, getDisplayZone, setDisplayZone} from '../source/output/cells.js';
import {isoWithOffset, wallClock} from '../source/model/zone.js';
import {escapeMarkdown, toCsv, toJsonRows, toMarkdown} from '../source/output/write.js';
import {destinationsView} from '../source/views/destinations.js';
import type {Row, ViewDefinition} from '../source/views/types.js';
import {itLarge} from './helpers/tier.js';

const view = destinationsView as unknown as ViewDefinition<Row>;
const row = (host: string, extra: Record<string, unknown> = {}): Row =>
	({host, organization: 'Plex Inc.', category: 'vendor-api', party: 'vendor', requests: 3, playbacks: 0, blocked: 0, clients: 1, bytesSent: 1234, bytesReceived: 5_600_000, firstSeen: '2024-01-01T10:00:00.000Z', lastSeen: '2024-01-01T11:00:00.000Z', identifiers: ['X-Plex-Token (secret)'], events: [], activity: '▁█', period: '', labelSource: 'built-in rules', ...extra}) as Row;

describe('box table', () => {
	it('is character for character what @alcalzone/ink-table draws without its rules between rows, for ASCII rows', () => {
		const headers = ['Host', 'Party', 'Requests'];
		const rows = [['plex.tv', 'vendor', '12'], ['analytics.plex.tv', 'vendor', '3'], ['cdn.flashtalking.com', 'third', '1,024']];
		const data = rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]!])));
		const columns = [{key: 'Host', align: 'left' as const}, {key: 'Party', align: 'left' as const}, {key: 'Requests', align: 'right' as const}];
		// Characters only: ink-table makes its header bold when colours are on.
		const theirs = stripVTControlCharacters(renderToString(React.createElement(Table<Record<string, string>>, {data, columns}), {columns: 400})).split('\n');
		// ink-table draws a rule after the header and between every two rows; ours keeps the first only.
		const rule = theirs[2]!;
		expect(rule).toMatch(/^├[─┼]+┤$/);
		const withoutRowRules = theirs.filter((line, i) => line !== rule || i === 2).join('\n');
		expect(boxTable(headers, rows, ['left', 'left', 'right'])).toBe(withoutRowRules);
		// And with room to spare, fitting to a width changes nothing.
		expect(boxTable(headers, rows, ['left', 'left', 'right'], 80)).toBe(withoutRowRules);
	});

	it('fits a width: long text cut (hosts in the middle, keeping the domain), then the least important columns left out, and says so', () => {
		const rows = [row('192-168-1-20.0f3c9a7e5b2d48c6a1e9f07d3b5c2a18.plex.direct'), row('servedby.flashtalking.com', {organization: 'Flashtalking (Mediaocean)'})];
		for (const width of [80, 120, 200]) {
			const lines = toTable({view, rows}, width).split('\n');
			const table = lines.filter((l) => /^[┌│├└]/.test(l));
			expect(Math.max(...table.map((l) => stringWidth(l)))).toBeLessThanOrEqual(width);
			// The host column keeps the end of every host; the note says what is not shown.
			expect(lines.join('\n')).toMatch(/plex\.direct/);
			expect(lines.join('\n')).toContain('flashtalking.com');
			expect(lines.slice(lines.findIndex((l) => l.startsWith('└')) + 1).join(' ')).toMatch(/left out \(.*\).*to fit \d+ columns; --wide shows everything\)$/);
		}
		const narrow = toTable({view, rows}, 80);
		expect(narrow).toContain('192-168-1-…plex.direct');
		for (const header of ['Host', 'Category', 'Party', 'Requests']) expect(narrow).toContain(header);
		expect(narrow).toContain('left out (');
		// Whole (--wide): every column, every cell, no note.
		const wide = toTable({view, rows});
		expect(wide).toContain('192-168-1-20.0f3c9a7e5b2d48c6a1e9f07d3b5c2a18.plex.direct');
		expect(wide).toContain('Last seen');
		expect(wide).not.toContain('--wide');
	});

	it('formatCount is toLocaleString(\'en-US\') for every number', () => {
		fc.assert(
			fc.property(fc.oneof(fc.nat(), fc.integer(), fc.maxSafeNat(), fc.double()), (n) => {
				expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
			}),
			{numRuns: 5000},
		);
		for (const n of [0, -0, 999, 1000, 999_999, 1_000_000, 2 ** 53, 1e21, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			expect(formatCount(n), String(n)).toBe(n.toLocaleString('en-US'));
		}
	});

	it('formatTime in UTC is the wall clock of the instant Date.parse reads, for ISO times and near misses', () => {
		const zone = getDisplayZone();
		setDisplayZone('UTC');
		try {
			const slow = (iso: string): string => {
				const ms = Date.parse(iso);
				return Number.isNaN(ms) ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : wallClock(ms, 'UTC');
			};
			fc.assert(
				fc.property(fc.integer({min: -62_167_219_200_000, max: 253_402_300_799_999}), (ms) => {
					const iso = new Date(ms).toISOString();
					expect(formatTime(iso)).toBe(slow(iso));
				}),
				{numRuns: 2000},
			);
			// Dates Date.parse moves (30 February, 24:00), refuses (month 13, minute 60) or that are not in the plain form.
			const odd = ['2024-02-30T10:00:00.000Z', '2023-02-29T23:59:59.999Z', '2024-01-31T24:00:00.000Z', '2024-13-01T00:00:00.000Z', '2024-01-01T23:60:00.000Z'];
			for (const iso of [...odd, '2024-01-01T12:00:00Z', '2024-01-01T12:00:00.000+01:00', 'not a time']) {
				expect(formatTime(iso), iso).toBe(slow(iso));
			}
			expect(formatTime('2024-02-30T10:00:00.000Z')).toBe('2024-03-01 10:00:00');
		} finally {
			setDisplayZone(zone);
		}
	});

	it('prints a streamed table the same whether its cells are kept between the passes, in part or not at all', async () => {
		const rows = Array.from({length: 700}, (_, k) =>
			row(`h${k}.${'x'.repeat(k % 50)}.example`, {requests: k, identifiers: k % 3 ? [] : ['a\u0000b', 'c'], activity: k % 2 ? '▁█' : ''}),
		);
		// Rows past the bound are kept in a spill file, read back in runs of at most `runBytes` (at least a row).
		let built = 0;
		const slice = (a = 0, b = rows.length): typeof rows => {
			built += b - a;
			return rows.slice(a, b);
		};
		const list = {length: rows.length, at: (k: number) => rows[k], slice};
		const print = async (chars: number | undefined, width: number | undefined, runBytes?: number): Promise<string> => {
			keptTesting.chars = chars;
			keptTesting.runBytes = runBytes;
			built = 0;
			const out = new PassThrough();
			let text = '';
			out.on('data', (b: Buffer) => (text += b.toString()));
			try {
				await writeViews(out, 'table', [{view, rows: list}], new RecordStore(), {width});
			} finally {
				keptTesting.chars = undefined;
				keptTesting.runBytes = undefined;
			}
			return text;
		};
		for (const width of [undefined, 100]) {
			const all = await print(undefined, width);
			expect(all.split('\n').filter((l) => l.startsWith('│ h')).length).toBe(700);
			// A NUL in a cell is gone (sanitised), so it cannot split a kept row.
			expect(all).not.toContain('\u0000');
			for (const [chars, runBytes] of [[0, undefined], [5000, undefined], [0, 1], [5000, 3000]] as const) {
				expect(await print(chars, width, runBytes), `${chars} ${runBytes}`).toBe(all);
				// Each row is built once, whether kept in memory or in the file.
				expect(built).toBe(700);
			}
		}
	});

	it('shows an unknown figure as — (and CSV leaves it empty, JSON null), never as 0', () => {
		const r = row('plex.tv', {clients: undefined, bytesSent: undefined});
		const text = toTable({view, rows: [r]});
		const line = text.split('\n').find((l) => l.includes('plex.tv'))!;
		const cells = line.split('│').map((c) => c.trim());
		const headers = text.split('\n')[2]!.split('│').map((c) => c.trim());
		expect(cells[headers.indexOf('Clients')]).toBe('—');
		expect(cells[headers.indexOf('Sent')]).toBe('—');
		expect(cells[headers.indexOf('Blocked')]).toBe('0');
		const [, values] = Papa.parse<string[]>(toCsv({view, rows: [r]})).data;
		const fields = view.columns.map((c) => c.key);
		expect(values![fields.indexOf('clients')]).toBe('');
		expect(values![fields.indexOf('bytesSent')]).toBe('');
		expect(toJsonRows({view, rows: [r]})[0]!['clients']).toBeNull();
		expect(toMarkdown({view, rows: [r]})).toContain('| — |');
	});

	it('aligns wide characters and emoji by display width', () => {
		const text = boxTable(['Title', 'N'], [['日本語', '1'], ['🎬 night', '22'], ['plain', '3']], ['left', 'right']);
		const widths = new Set(text.split('\n').map((l) => [...l].reduce((w, ch) => w + (/[\u3000-\u9fff\u{1F300}-\u{1FAFF}]/u.test(ch) ? 2 : 1), 0)));
		expect(widths.size).toBe(1);
	});

	it('shows human units and says when a view is empty', () => {
		const text = toTable({view, rows: [row('plex.tv')]});
		expect(text).toContain('5.6 MB');
		expect(text).toContain('1.2 kB');
		expect(text).toContain('2024-01-01 10:00:00');
		expect(toTable({view, rows: []})).toBe('Destinations\n(no rows)');
	});

	itLarge('draws 20,000 rows (linear, not per-row React work)', () => {
		const rows = Array.from({length: 20_000}, (_, i) => row(`h${i}.example.com`));
		expect(toTable({view, rows}).split('\n')).toHaveLength(1 + 4 + 20_000);
	});
});

describe('CSV', () => {
	it('has the view field names as header and raw numbers', () => {
		const parsed = Papa.parse<Record<string, string>>(toCsv({view, rows: [row('plex.tv')]}), {header: true});
		expect(parsed.meta.fields).toEqual(view.columns.map((c) => c.key));
		expect(parsed.data[0]).toMatchObject({host: 'plex.tv', bytesReceived: '5600000', identifiers: 'X-Plex-Token (secret)'});
	});

	it.each(['=HYPERLINK("http://evil")', '+1+1', '-2+3', '@SUM(A1)', '\t=cmd', '\r@cmd', '  =1+1'])('neutralises formula injection: %j', (evil) => {
		const parsed = Papa.parse<string[]>(toCsv({view, rows: [row(evil)]}));
		expect(parsed.data[1]![0]!.startsWith("'")).toBe(true);
	});

	it('keeps numbers as numbers (a negative count is not a formula)', () => {
		const parsed = Papa.parse<string[]>(toCsv({view, rows: [row('x', {requests: -1})]}));
		expect(parsed.data[1]![4]).toBe('-1');
	});
});

describe('markdown and JSON', () => {
	it('escapes pipes and strips terminal escapes in markdown', () => {
		const md = toMarkdown({view, rows: [row('a|b\u001B[31m.com')]});
		expect(md).toContain('| a\\|b.com |');
		expect(md).not.toContain('\u001B');
	});

	it('JSON rows carry every column with its field name, lists as arrays', () => {
		expect(toJsonRows({view, rows: [row('plex.tv')]})[0]).toEqual({host: 'plex.tv', organization: 'Plex Inc.', category: 'vendor-api', party: 'vendor', requests: 3, playbacks: 0, blocked: 0, clients: 1, bytesSent: 1234, bytesReceived: 5_600_000, firstSeen: isoWithOffset(Date.parse('2024-01-01T10:00:00.000Z'), getDisplayZone()), lastSeen: isoWithOffset(Date.parse('2024-01-01T11:00:00.000Z'), getDisplayZone()), identifiers: ['X-Plex-Token (secret)'], events: [], activity: '▁█', period: '', labelSource: 'built-in rules', address: null, country: null, network: null});
	});
});

describe('markdown escaping (issue 19 item 16)', () => {
	const hostile = [
		'<img src=https://tracker.example/p.gif>',
		'![x](https://tracker.example/p.gif)',
		'[click](javascript:alert(1))',
		'<script>alert(1)</script>',
		'<https://tracker.example/>',
		'www.tracker.example/pixel',
		'**bold** _it_ `code` ~~gone~~ $x$ &lt;b&gt; [^1]',
		'a\\|b',
	];

	/** Undo the escaping the way a CommonMark reader does (a backslash before ASCII punctuation). */
	const unescapeMarkdown = (s: string): string => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

	it.each(hostile)('%s: no markup left, and it reads back as the same text', (cell) => {
		const md = escapeMarkdown(cell);
		expect(unescapeMarkdown(md)).toBe(cell);
		// Every markup character is escaped (preceded by an odd run of backslashes).
		for (const m of md.matchAll(/[`*_[\]()<>!|~&$]/g)) {
			const before = /\\*$/.exec(md.slice(0, m.index))![0].length;
			expect(before % 2, `${md} at ${m.index}`).toBe(1);
		}
		expect(md).not.toMatch(/(?<!\\):\/\/|\bwww\./i);
	});

	it('holds for any text', () => {
		fc.assert(fc.property(fc.string(), (s) => {
			const md = escapeMarkdown(s);
			expect(unescapeMarkdown(md)).toBe(s);
			expect(md).not.toMatch(/(?<!\\)(?:\\\\)*[<>[\]`]/);
		}));
	});

	it('every cell of a view, the title and the headers go through it', () => {
		const md = toMarkdown({view, rows: [row('<img src=https://tracker.example/p.gif>')]});
		expect(md).toContain('\\<img src=https\\://tracker.example/p.gif\\>');
		expect(md).not.toMatch(/(?<!\\)<img/);
	});
});

describe('cell widths', () => {
	it('the one-cell-per-unit fast path agrees with string-width for every character it admits, and text of any kind measures as string-width does', async () => {
		const {NARROW, cellWidth} = await import('../source/output/fit.js');
		for (let c = 0; c <= 0xffff; c++) {
			const ch = String.fromCharCode(c);
			if (NARROW.test(ch)) expect(stringWidth(ch), `U+${c.toString(16)}`).toBe(1);
		}
		fc.assert(
			fc.property(fc.string({unit: fc.oneof(fc.constantFrom('…', '▁', '█', '░', '▏', '漢', '👍', '\u0301', 'é'), fc.string({minLength: 1, maxLength: 1}))}), (text) => {
				expect(cellWidth(text)).toBe(stringWidth(text));
			}),
		);
	});
});

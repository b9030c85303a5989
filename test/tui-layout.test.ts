import {defaultSort} from '../source/views/types.js';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {fitColumns, type ColumnSpec} from '../source/tui/layout/columns.js';
import {hintsLine, statusLine, tabsLine} from '../source/tui/layout/chrome.js';
import {detailLines} from '../source/tui/layout/detail.js';
import {helpLines} from '../source/tui/layout/help.js';
import {clipLine, lineWidth, padLine, percent, shareBar, wrapText, type Line} from '../source/tui/layout/lines.js';
import {layoutTable, tableLines} from '../source/tui/layout/table.js';
import {displayWidth, fit, truncate} from '../source/tui/layout/text.js';
import {scrollOffset, visibleWindow} from '../source/tui/state/window.js';
import {QueryEngine} from '../source/views/query.js';
import {allRecords} from './helpers/records.js';
import type {Row} from '../source/views/types.js';
import {findView} from '../source/views/registry.js';
import {sessionStore} from './helpers/ui-records.js';

const text = (line: Line): string => line.map((s) => s.text).join('');

describe('text by display width', () => {
	it.each<{description: string; input: string; width: number; expected: string}>([
		{description: 'fits', input: 'plex.tv', width: 10, expected: 'plex.tv'},
		{description: 'ASCII cut', input: 'analytics.plex.tv', width: 10, expected: 'analytics…'},
		{description: 'CJK: two cells each, never split', input: '例え例え', width: 5, expected: '例え…'},
		{description: 'CJK: odd width leaves a cell', input: '例え例え', width: 4, expected: '例…'},
		{description: 'emoji ZWJ family stays whole', input: '👨‍👩‍👧‍👦abc', width: 3, expected: '👨‍👩‍👧‍👦…'},
		{description: 'flag stays whole', input: 'x🇯🇵y', width: 3, expected: 'x…'},
		{description: 'combining marks take no cell', input: 'e\u0301e\u0301e\u0301', width: 3, expected: 'e\u0301e\u0301e\u0301'},
		{description: 'width 1', input: 'abc', width: 1, expected: '…'},
		{description: 'width 0', input: 'abc', width: 0, expected: ''},
	])('truncate: $description', ({input, width, expected}) => {
		expect(truncate(input, width)).toBe(expected);
		expect(displayWidth(truncate(input, width))).toBeLessThanOrEqual(width);
	});

	it('fit() is always exactly the width asked for', () => {
		fc.assert(
			fc.property(fc.string({unit: 'grapheme', maxLength: 40}), fc.integer({min: 0, max: 50}), fc.boolean(), (s, w, right) => {
				expect(stringWidth(fit(s, w, right ? 'right' : 'left'))).toBe(w);
			}),
		);
	});

	it('wraps long values by grapheme', () => {
		expect(wrapText('https://plex.tv/api/v2/user', 10)).toEqual(['https://pl', 'ex.tv/api/', 'v2/user']);
		for (const part of wrapText('例え例え例え', 5)) expect(displayWidth(part)).toBeLessThanOrEqual(5);
	});

	it('clips and pads lines of segments', () => {
		const line: Line = [{text: 'abc'}, {text: '例え'}, {text: 'xyz'}];
		expect(text(clipLine(line, 6))).toBe('abc例…');
		expect(lineWidth(padLine(line, 20))).toBe(20);
		expect(lineWidth(padLine(line, 4))).toBe(4);
	});

	it('draws share bars and percentages in fixed widths', () => {
		expect(shareBar(0.5, 8)).toBe('████░░░░');
		expect(shareBar(1, 4)).toBe('████');
		expect(shareBar(0, 4)).toBe('░░░░');
		expect(shareBar(Number.NaN, 3)).toBe('░░░');
		expect(shareBar(0.0625, 4)).toBe('▎░░░');
		for (const share of [0, 0.001, 0.123, 0.5, 1]) expect(percent(share)).toHaveLength(4);
	});
});

describe('fitColumns', () => {
	const spec = (key: string, min: number, natural: number, priority: number, flexible = true): ColumnSpec => ({key, min, natural, priority, flexible});
	const specs = [spec('host', 16, 48, 0), spec('org', 10, 26, 1), spec('party', 5, 6, 0, false), spec('requests', 10, 10, 0, false), spec('ids', 12, 60, 2), spec('events', 8, 40, 6)];

	it('keeps essential columns at 40 columns and everything at 200', () => {
		expect(fitColumns(specs, 40, 1).map((c) => c.key)).toEqual(['host', 'party', 'requests']);
		expect(fitColumns(specs, 200, 2).map((c) => c.key)).toEqual(['host', 'org', 'party', 'requests', 'ids', 'events']);
		expect(fitColumns(specs, 200, 2).find((c) => c.key === 'host')?.width).toBe(48);
	});

	it('never exceeds the width, keeps column order, respects minimums of kept columns', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({min: fc.integer({min: 1, max: 30}), extra: fc.integer({min: 0, max: 40}), priority: fc.integer({min: 0, max: 5}), flexible: fc.boolean()}), {minLength: 1, maxLength: 12}),
				fc.integer({min: 1, max: 300}),
				fc.integer({min: 0, max: 3}),
				(raw, width, gap) => {
					const list = raw.map((r, i) => spec(`c${i}`, r.min, r.min + r.extra, r.priority, r.flexible));
					const fitted = fitColumns(list, width, gap);
					expect(fitted.length).toBeGreaterThan(0);
					const used = fitted.reduce((sum, c) => sum + c.width, 0) + gap * (fitted.length - 1);
					expect(used).toBeLessThanOrEqual(Math.max(width, fitted.length === 1 ? fitted[0]!.width : 0));
					const indexes = fitted.map((c) => Number(c.key.slice(1)));
					expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
					if (fitted.length > 1) for (const c of fitted) expect(c.width).toBeGreaterThanOrEqual(Math.min(list[Number(c.key.slice(1))]!.min, list[Number(c.key.slice(1))]!.natural));
				},
			),
		);
	});
});

describe('windowing', () => {
	it('shows only the window of a million rows and keeps the cursor in it', () => {
		const total = 1_000_000;
		const height = 25;
		let offset = 0;
		let cursor = 0;
		for (const step of [1, 24, 1, 500_000, -3, 499_999, 10, -1_000_000, 999_999]) {
			cursor = Math.min(total - 1, Math.max(0, cursor + step));
			const w = visibleWindow(total, cursor, offset, height);
			expect(w.end - w.start).toBe(height);
			expect(w.cursor).toBeGreaterThanOrEqual(w.start);
			expect(w.cursor).toBeLessThan(w.end);
			offset = w.start;
		}
		expect(visibleWindow(total, total - 1, 0, height)).toEqual({start: total - height, end: total, cursor: total - 1});
	});

	it('scrolls the least amount', () => {
		expect(scrollOffset(10, 0, 10, 100)).toBe(1);
		expect(scrollOffset(5, 3, 10, 100)).toBe(3);
		expect(scrollOffset(2, 3, 10, 100)).toBe(2);
		expect(visibleWindow(5, 9, 0, 10)).toEqual({start: 0, end: 5, cursor: 4});
		expect(visibleWindow(0, 3, 0, 10)).toEqual({start: 0, end: 0, cursor: 0});
	});
});

describe('screen lines stay within the width', () => {
	const store = sessionStore();
	const engine = new QueryEngine(store);
	const hostile: Row = {host: '\u001B[2J\u001B]8;;http://x\u0007ｅｖｉｌ.例え.テスト\u001B[31m', organization: '👨‍👩‍👧‍👦🇯🇵 Org', category: 'ads', party: 'third', requests: 12345678, blocked: 0, clients: 1, bytesSent: 1e12, bytesReceived: 0, firstSeen: '2024-05-02T09:49:48.000Z', lastSeen: undefined, identifiers: ['X-Plex-Token (secret)', '\u202Ereversed'], events: []};

	it.each([20, 40, 80, 120, 200])('tables, tabs, status and hints at %i columns', (width) => {
		for (const name of ['destinations', 'formats', 'resolutions', 'devices', 'records']) {
			const derived = engine.run({view: name, filter: '', sort: defaultSort(findView(name)!)});
			const rows = name === 'destinations' ? [...derived.rows.slice(), hostile] : derived.rows;
			const layout = layoutTable(derived.view, rows, width);
			const lines = tableLines(derived.view, rows, layout, visibleWindow(rows.length, 0, 0, 30), defaultSort(derived.view), derived.countTotal, width);
			for (const line of lines) {
				expect(lineWidth(line)).toBe(width);
				expect(text(line)).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202E]/);
			}
		}
		for (const view of ['overview', 'records']) expect(lineWidth(tabsLine(view, width, '12/345'))).toBe(width);
		expect(lineWidth(statusLine({filter: 'host:"例え 👨‍👩‍👧‍👦"', message: undefined, inputs: store.inputs, sizes: new Map(), elapsedMs: 1000, total: 15, matched: 3, diagnostics: 0}, width))).toBe(width);
		for (const context of ['table', 'detail', 'filter', 'export', 'help'] as const) expect(lineWidth(hintsLine(context, width))).toBe(width);
		for (const line of helpLines(width)) expect(lineWidth(line)).toBeLessThanOrEqual(width);
		for (const r of allRecords(store)) for (const line of detailLines(r, width, '1 of 1')) expect(lineWidth(line)).toBeLessThanOrEqual(width);
	});

	it('marks the sorted column and the cursor row in plain text', () => {
		const derived = engine.run({view: 'destinations', filter: '', sort: {key: 'requests', descending: true}});
		const layout = layoutTable(derived.view, derived.rows, 100);
		const lines = tableLines(derived.view, derived.rows, layout, visibleWindow(derived.rows.length, 1, 0, 10), {key: 'requests', descending: true}, derived.countTotal, 100).map(text);
		expect(lines[0]).toContain('Requests ▼');
		expect(lines[2]?.startsWith('› ')).toBe(true);
		expect(lines[1]?.startsWith('  ')).toBe(true);
		expect(lines[1]).toMatch(/\d+%/);
	});
});

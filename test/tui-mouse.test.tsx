/**
The mouse (issue 17 item 8): SGR mouse reports parsed into the one dispatcher, hit-testing from the pure
layout (tested without rendering), and frames at 80 and 200 columns — where the tab bar and the columns
are laid out differently — in which the wheel scrolls, a click selects a tab, a row or a sort column, and
a double click opens a row.
*/
import {afterEach, describe, expect, it} from 'vitest';
import {DOUBLE_CLICK_MS, keyNames, mouseKeyName, NO_KEY, parseMouse, resolveKey} from '../source/tui/dispatch.js';
import {commandFor, keymapMarkdown} from '../source/tui/keymap.js';
import {tabsLayout, tabsLine} from '../source/tui/layout/chrome.js';
import {columnSpans, hitTest} from '../source/tui/layout/hit.js';
import {CHOOSER_BOX, CHOOSER_TOP, chooserLines, chooserScroll} from '../source/tui/layout/chooser.js';
import {overviewLayout} from '../source/tui/layout/overview.js';
import {defaultChoice, normalizeChoice} from '../source/tui/state/columns.js';
import {headerLine, layoutTable, SHARE_KEY} from '../source/tui/layout/table.js';
import {outcomeOf, type Screen} from '../source/tui/commands.js';
import {initialState, reducer} from '../source/tui/state/reducer.js';
import {findView, VIEWS} from '../source/views/registry.js';
import {QueryEngine} from '../source/views/query.js';
import type {AppProps} from '../source/tui/App.js';
import type {Rendered} from './helpers/render.js';
import {FRAME_WIDTHS} from './helpers/tier.js';
import {sessionStore} from './helpers/ui-records.js';

const {App} = await import('../source/tui/App.js');
const {renderTui} = await import('./helpers/render.js');

/** A mouse report as a terminal sends it (1-based cells, as on the wire). */
const sgr = (code: number, x: number, y: number, press = true): string => `\u001B[<${code};${x + 1};${y + 1}${press ? 'M' : 'm'}`;
const click = (x: number, y: number): string[] => [sgr(0, x, y), sgr(0, x, y, false)];
const WHEEL_DOWN = 65;
const WHEEL_UP = 64;
const text = (line: ReadonlyArray<{text: string}>): string => line.map((s) => s.text).join('');

describe('mouse reports → key names (dispatch.ts)', () => {
	it('parses SGR presses, releases, the wheel and modifiers, with or without the ESC Ink strips', () => {
		expect(parseMouse('\u001B[<0;10;5M')).toEqual({button: 'left', press: true, motion: false, x: 9, y: 4, shift: false, meta: false, ctrl: false});
		expect(parseMouse('[<0;10;5m')).toMatchObject({button: 'left', press: false});
		expect(parseMouse('[<64;1;1M')).toMatchObject({button: 'wheelUp', x: 0, y: 0});
		expect(parseMouse('[<65;200;60M')).toMatchObject({button: 'wheelDown', x: 199, y: 59});
		expect(parseMouse('[<2;3;4M')).toMatchObject({button: 'right'});
		expect(parseMouse('[<20;3;4M')).toMatchObject({button: 'left', shift: true, ctrl: true});
		expect(parseMouse('[<32;3;4M')).toMatchObject({button: 'left', motion: true});
		for (const not of ['j', '[A', '[<0;10M', '[<0;0;5M', '[<0;10;5X', 'x[<0;1;1M']) expect(parseMouse(not)).toBeUndefined();
	});

	it('a left press is a click; a second on the same line soon after is a double click; the wheel steps; the rest is nothing', () => {
		const press = parseMouse(sgr(0, 5, 7))!;
		const first = mouseKeyName(press, undefined, 1000);
		expect(first.name).toBe('click');
		expect(mouseKeyName(press, first.last, 1000 + DOUBLE_CLICK_MS).name).toBe('doubleclick');
		// Too late, or on another line: a click again.
		expect(mouseKeyName(press, first.last, 1001 + DOUBLE_CLICK_MS).name).toBe('click');
		expect(mouseKeyName(parseMouse(sgr(0, 5, 8))!, first.last, 1010).name).toBe('click');
		// A triple click is a double click and a click, not two double clicks.
		const second = mouseKeyName(press, first.last, 1100);
		expect(mouseKeyName(press, second.last, 1200).name).toBe('click');
		expect(mouseKeyName(parseMouse(sgr(0, 5, 7, false))!, first.last, 1100)).toEqual({name: undefined, last: first.last});
		expect(mouseKeyName(parseMouse(sgr(2, 5, 7))!, undefined, 0).name).toBeUndefined();
		expect(mouseKeyName(parseMouse(sgr(WHEEL_UP, 5, 7))!, undefined, 0).name).toBe('wheelup');
		expect(mouseKeyName(parseMouse(sgr(WHEEL_DOWN, 5, 7))!, undefined, 0).name).toBe('wheeldown');
	});

	it('never types a mouse report as keys (`[` would sort, `0` switch view), and binds it as data', () => {
		expect(keyNames('[<0;10;5M', NO_KEY)).toEqual([]);
		expect(keyNames('[<65;1', NO_KEY)).toEqual([]);
		// A burst of ordinary keys is still split.
		expect(keyNames('[0', NO_KEY)).toEqual(['[', '0']);
		expect(commandFor('table', 'wheeldown')).toBe('mouse.scrollDown');
		expect(commandFor('help', 'wheelup')).toBe('mouse.scrollUp');
		expect(commandFor('columns', 'wheeldown')).toBe('columns.down');
		expect(commandFor('table', 'click')).toBe('mouse.select');
		expect(commandFor('table', 'doubleclick')).toBe('mouse.open');
		// Text fields take no clicks and type none.
		expect(resolveKey('filter', 'click')).toBeUndefined();
		expect(keymapMarkdown()).toContain('| `Double-click` | `mouse.open` |');
	});
});

describe('hit-testing from the layout (layout/hit.ts)', () => {
	it.each([80, 200])('every tab span at %i columns covers that tab’s title in the tab bar', (width) => {
		const counts = {destinations: 12, records: 1234};
		for (const active of ['overview', 'destinations', 'timeline']) {
			const {line, spans} = tabsLayout(active, width, '3/12', counts);
			expect(text(line)).toBe(text(tabsLine(active, width, '3/12', counts)));
			const bar = text(line);
			expect(spans.map((s) => s.view)).toEqual(VIEWS.map((v) => v.name));
			VIEWS.forEach((_view, i) => {
				const span = spans[i]!;
				const key = i < 9 ? String(i + 1) : i === 9 ? '0' : 'T';
				// The span starts at the tab's key (or its `[`) and ends inside the bar.
				expect(bar.slice(span.start, span.end).replace(/^\[/, '').startsWith(`${key} `)).toBe(true);
				expect(span.end).toBeLessThanOrEqual(width);
				if (i > 0) expect(span.start).toBeGreaterThan(spans[i - 1]!.end - 1);
			});
			expect(hitTest({tabs: spans, bodyTop: 1, bodyHeight: 10}, spans[2]!.start, 0)).toEqual({kind: 'tab', view: VIEWS[2]!.name});
			expect(hitTest({tabs: spans, bodyTop: 1, bodyHeight: 10}, spans[2]!.start - 1, 0)).toBeUndefined();
		}
	});

	it.each([80, 200])('column titles and rows at %i columns, with the window scrolled', (width) => {
		const engine = new QueryEngine(sessionStore());
		const view = findView('destinations')!;
		const rows = engine.run({view: 'destinations', filter: ''}).rows;
		expect(rows.length).toBeGreaterThan(4);
		const layout = layoutTable(view, rows, width);
		const header = text(headerLine(layout, {key: 'count', descending: true}, width));
		const spans = columnSpans(layout);
		for (const span of spans) {
			const title = header.slice(span.start, span.end).trim();
			if (span.key === SHARE_KEY) expect(title).toBe('Share');
			else expect(title.replace(/ [▲▼]$/, '')).toBe(view.columns.find((c) => c.key === span.key)!.header.slice(0, title.length).trim() || title);
		}
		const map = {tabs: [], bodyTop: 1, bodyHeight: 5, table: {layout, window: {start: 2, end: 6, cursor: 3}}};
		expect(hitTest(map, spans[0]!.start, 1)).toEqual({kind: 'header', key: spans[0]!.key});
		expect(hitTest(map, 0, 1)).toBeUndefined();
		// Line 2 of the screen is the first row of the window: row 2.
		expect(hitTest(map, 5, 2)).toEqual({kind: 'row', index: 2});
		expect(hitTest(map, 5, 5)).toEqual({kind: 'row', index: 5});
		// Below the last row of the window, and below the body.
		expect(hitTest(map, 5, 6)).toBeUndefined();
		expect(hitTest(map, 5, 7)).toBeUndefined();
		// No table on screen (overview, detail, help): rows are not hit.
		expect(hitTest({tabs: [], bodyTop: 1, bodyHeight: 5}, 5, 3)).toBeUndefined();
	});

	it.each([80, 200])('the column chooser at %i columns: a column per line below its title, its box where the frame draws it', (width) => {
		const view = findView('destinations')!;
		const choice = defaultChoice(view);
		const bodyHeight = 6;
		for (const cursor of [0, choice.length - 1]) {
			const scroll = chooserScroll(cursor, bodyHeight);
			// The lines the frame shows, and what a click on each hits.
			const shown = chooserLines(view, choice, cursor, new Set(), width).slice(scroll, scroll + bodyHeight);
			const map = {tabs: [], bodyTop: 1, bodyHeight, chooser: {count: choice.length, scroll}};
			shown.forEach((line, i) => {
				const hit = hitTest(map, 10, 1 + i);
				const title = text(line);
				if (!/\[[x ]\]/.test(title)) return expect(hit).toBeUndefined();
				expect(hit).toMatchObject({kind: 'choice', box: false});
				const index = (hit as {index: number}).index;
				expect(title).toContain(view.columns.find((c) => c.key === choice[index]!.key)!.header);
				// The box: the cells of `[x]` (or `[ ]`).
				expect(title.slice(CHOOSER_BOX[0], CHOOSER_BOX[1])).toMatch(/^\[[x ]\]$/);
				expect(hitTest(map, CHOOSER_BOX[0], 1 + i)).toEqual({kind: 'choice', index, box: true});
				expect(hitTest(map, CHOOSER_BOX[1] - 1, 1 + i)).toEqual({kind: 'choice', index, box: true});
				expect(hitTest(map, CHOOSER_BOX[1], 1 + i)).toEqual({kind: 'choice', index, box: false});
			});
			// The cursor's column is on screen.
			expect(shown.some((l) => text(l).startsWith('› '))).toBe(true);
		}
		// The title lines and below the list hit nothing.
		expect(hitTest({tabs: [], bodyTop: 1, bodyHeight: 30, chooser: {count: 3, scroll: 0}}, 3, 1)).toBeUndefined();
		expect(hitTest({tabs: [], bodyTop: 1, bodyHeight: 30, chooser: {count: 3, scroll: 0}}, 3, 1 + CHOOSER_TOP + 3)).toBeUndefined();
	});

	it.each([80, 200])('the overview at %i columns: "Top …" titles lead to their view, top rows to their row', (width) => {
		const engine = new QueryEngine(sessionStore());
		const tops = ['destinations', 'devices'].map((name) => ({title: findView(name)!.title, derived: engine.run({view: name, filter: ''})}));
		const {lines, targets} = overviewLayout({rows: engine.run({view: 'overview', filter: ''}).rows.slice(), inputs: [], sizes: new Map(), elapsedMs: 0, tops, filter: ''}, width);
		expect(targets).toHaveLength(lines.length);
		const title = lines.findIndex((l) => text(l).startsWith('Top destinations'));
		expect(targets[title]).toEqual({view: 'destinations'});
		const first = tops[0]!.derived.rows.at(0)!;
		expect(targets[title + 1]).toEqual({view: 'destinations', row: first});
		expect(text(lines[title + 1]!)).toContain(String(first['host']).slice(0, 20));
		// Other lines lead nowhere.
		expect(targets[0]).toBeUndefined();
		const scroll = 2;
		const map = {tabs: [], bodyTop: 1, bodyHeight: 40, overview: {targets, scroll}};
		expect(hitTest(map, 5, 1 + title - scroll)).toEqual({kind: 'overview', view: 'destinations'});
		expect(hitTest(map, 5, 1 + title + 1 - scroll)).toEqual({kind: 'overview', view: 'destinations', row: first});
		expect(hitTest(map, 5, 1)).toBeUndefined();
	});
});

describe('mouse commands (commands.ts)', () => {
	const engine = new QueryEngine(sessionStore());
	const derived = engine.run({view: 'destinations', filter: ''});
	const screen = (hit: Screen['hit']): Screen => ({
		derived,
		recordFacts: () => undefined,
		extent: {total: derived.rows.length, height: 10},
		page: 10,
		columnKeys: ['host', 'organization', 'count'],
		detail: {total: 0, height: 10},
		help: {total: 0, height: 10},
		find: () => undefined,
		defaultName: () => 'x',
		complete: (draft) => ({text: draft, candidates: []}),
		hit,
	});
	const state = initialState({view: 'destinations'});
	const apply = (outcomes: ReturnType<typeof outcomeOf>): typeof state =>
		outcomes.reduce((s, o) => (o.kind === 'action' ? reducer(s, o.action) : s), state);

	it('a click on a row moves the cursor there; a double click opens it (as Enter)', () => {
		const at = {x: 4, y: 5};
		const s = apply(outcomeOf('mouse.select', state, screen(() => ({kind: 'row', index: 3})), at));
		expect(s.positions['destinations']?.cursor).toBe(3);
		const opened = apply(outcomeOf('mouse.open', state, screen(() => ({kind: 'row', index: 3})), at));
		expect(opened.view).toBe('records');
		expect(opened.filter).toBe(findView('destinations')!.drill!(derived.rows.at(3)!));
	});

	it('a click on a tab shows it; on a column title sorts by it, and again the other way', () => {
		expect(apply(outcomeOf('mouse.select', state, screen(() => ({kind: 'tab', view: 'devices'})), {x: 0, y: 0})).view).toBe('devices');
		const sorted = apply(outcomeOf('mouse.select', state, screen(() => ({kind: 'header', key: 'organization'})), {x: 0, y: 1}));
		expect(sorted.sorts['destinations']).toEqual({key: 'organization', descending: false});
		// Again — a second click soon after is a double click, which does the same on a title.
		for (const command of ['mouse.select', 'mouse.open'] as const) {
			expect(outcomeOf(command, sorted, screen(() => ({kind: 'header', key: 'organization'})), {x: 0, y: 1})).toEqual([{kind: 'action', action: {type: 'sortReverse'}}]);
		}
		// The share column is not a sort key; nothing under the pointer does nothing.
		expect(outcomeOf('mouse.select', state, screen(() => ({kind: 'header', key: SHARE_KEY})), {x: 0, y: 1})).toEqual([]);
		expect(outcomeOf('mouse.select', state, screen(() => undefined), {x: 0, y: 9})).toEqual([]);
	});

	it('in the column chooser a click selects a column, on its box shows or hides it; a double click on its name too', () => {
		const chooser = reducer(state, {type: 'openOverlay', overlay: 'columns'});
		expect(commandFor('columns', 'click')).toBe('mouse.select');
		expect(commandFor('columns', 'doubleclick')).toBe('mouse.open');
		const view = findView('destinations')!;
		const shownOf = (s: typeof state, key: string): boolean | undefined => normalizeChoice(view, s.columns['destinations']).find((c) => c.key === key)?.shown;
		const from = (s: typeof state, outcomes: ReturnType<typeof outcomeOf>): typeof state => outcomes.reduce((t, o) => (o.kind === 'action' ? reducer(t, o.action) : t), s);
		const hidden = defaultChoice(view).findIndex((c) => !c.shown);
		expect(hidden).toBeGreaterThan(0);
		const key = defaultChoice(view)[hidden]!.key;
		const at = {x: 10, y: 5};
		// On the name: the cursor goes there, nothing is shown or hidden.
		const selected = from(chooser, outcomeOf('mouse.select', chooser, screen(() => ({kind: 'choice', index: hidden, box: false})), at));
		expect(selected.chooser).toBe(hidden);
		expect(shownOf(selected, key)).toBe(false);
		// On the box: shown; a second click there, however soon, hides it again (as a check box).
		const boxed = from(chooser, outcomeOf('mouse.select', chooser, screen(() => ({kind: 'choice', index: hidden, box: true})), at));
		expect(boxed.chooser).toBe(hidden);
		expect(shownOf(boxed, key)).toBe(true);
		expect(shownOf(from(boxed, outcomeOf('mouse.open', boxed, screen(() => ({kind: 'choice', index: hidden, box: true})), at)), key)).toBe(false);
		// A double click on the name: shown, as Space would.
		const doubled = from(selected, outcomeOf('mouse.open', selected, screen(() => ({kind: 'choice', index: hidden, box: false})), at));
		expect(shownOf(doubled, key)).toBe(true);
		expect(doubled.overlay).toBe('columns');
	});

	it('in the overview a double click on a "Top …" title shows its view, on a top row opens its records; a click does nothing', () => {
		const overview = initialState();
		const row = derived.rows.at(1)!;
		const onTitle = screen(() => ({kind: 'overview', view: 'destinations'}));
		const onRow = screen(() => ({kind: 'overview', view: 'destinations', row}));
		const at = {x: 5, y: 20};
		expect(outcomeOf('mouse.select', overview, onTitle, at)).toEqual([]);
		expect(outcomeOf('mouse.select', overview, onRow, at)).toEqual([]);
		const from = (outcomes: ReturnType<typeof outcomeOf>): typeof state => outcomes.reduce((t, o) => (o.kind === 'action' ? reducer(t, o.action) : t), overview);
		expect(from(outcomeOf('mouse.open', overview, onTitle, at)).view).toBe('destinations');
		const opened = from(outcomeOf('mouse.open', overview, onRow, at));
		// What Enter on that row of Destinations opens.
		const onSecond = reducer(state, {type: 'move', target: {by: 1}, extent: {total: derived.rows.length, height: 10}});
		const enter = outcomeOf('row.open', onSecond, screen(() => undefined)).reduce((t, o) => (o.kind === 'action' ? reducer(t, o.action) : t), onSecond);
		expect(opened.view).toBe('records');
		expect(enter.view).toBe('records');
		expect(opened.filter).toBe(enter.filter);
		expect(opened.filter).toBe(findView('destinations')!.drill!(row));
		// Esc comes back to the overview.
		expect(reducer(opened, {type: 'back'}).view).toBe('overview');
	});

	it('the wheel moves three lines', () => {
		expect(apply(outcomeOf('mouse.scrollDown', state, screen(() => undefined))).positions['destinations']?.cursor).toBe(3);
	});
});

const open: Rendered[] = [];
// Unmounted after each test: the unit tier shares a process between files (see CONTRIBUTING.md).
afterEach(() => {
	for (const t of open.splice(0)) t.unmount();
});

function show(props: Partial<AppProps>, size: {columns: number; rows: number}): Rendered {
	const t = renderTui(<App store={sessionStore()} throttleMs={0} {...props} />, size);
	open.push(t);
	return t;
}

/** The cursor row (0-based; the table is not scrolled here): the line marked `›`, below the tabs and the column titles. */
const cursorOf = (frame: string): number => frame.split('\n').findIndex((line) => line.startsWith('›')) - 2;

describe.each(FRAME_WIDTHS)('the mouse in frames at %i columns', (columns) => {
	const size = {columns, rows: columns === 80 ? 24 : 60};

	it('the wheel scrolls, a click selects a row, a double click opens it', async () => {
		const t = show({initialView: 'destinations'}, size);
		let frame = await t.waitFor('[2 Destinations]');
		expect(cursorOf(frame)).toBe(0);
		frame = await t.pressUntil([sgr(WHEEL_DOWN, 10, 5)], (f) => cursorOf(f) === 3);
		await t.press(sgr(WHEEL_DOWN, 10, 5));
		// Seven rows: the wheel stops at the last.
		frame = await t.waitFor((f) => cursorOf(f) === 6);
		frame = await t.pressUntil([sgr(WHEEL_UP, 10, 5)], (f) => cursorOf(f) === 3);
		// Screen line 4 is the third row (line 0 tabs, 1 column titles).
		frame = await t.pressUntil([...click(10, 4)], (f) => cursorOf(f) === 2);
		const host = frame.split('\n')[4]!.replace(/^›\s*/, '').trim().split(/\s+/)[0]!;
		expect(frame.split('\n')[4]).toMatch(/^›/);
		frame = await t.pressUntil([...click(10, 4), ...click(10, 4)], '[8 Records]');
		expect(frame).toContain(`filter: host:=${host}`);
	});

	it('a click selects a tab where this width puts it, and a column title sorts', async () => {
		const t = show({initialView: 'destinations'}, size);
		let frame = await t.waitFor('[2 Destinations]');
		const bar = frame.split('\n')[0]!;
		// At 80 columns the other tabs are short (`5 Dev`), at 200 whole (`5 Devices`).
		const devices = bar.indexOf(columns === 80 ? '5 Dev' : '5 Devices');
		expect(devices).toBeGreaterThan(0);
		frame = await t.pressUntil([...click(devices + 2, 0)], '[5 Devices]');
		frame = await t.pressUntil([...click(bar.indexOf('2 Dest') + 1, 0)], '[2 Destinations]');
		const header = frame.split('\n')[1]!;
		// Sorted by Requests (largest first) to begin with.
		expect(header).toMatch(/Requests ▼/);
		const at = header.indexOf('Party');
		// Names sort A to Z; a second click (however soon) the other way.
		frame = await t.pressUntil([...click(at + 1, 1)], (f) => /Par\S* ▲/.test(f.split('\n')[1]!));
		expect(frame.split('\n')[1]).not.toMatch(/Requests [▲▼]/);
		await t.pressUntil([...click(at + 1, 1)], (f) => /Par\S* ▼/.test(f.split('\n')[1]!));
	});

	it('in the column chooser a click on a name selects the column, a click on its box hides or shows it', async () => {
		const t = show({initialView: 'destinations'}, size);
		let frame = await t.waitFor('[2 Destinations]');
		expect(frame.split('\n')[1]).toContain('Party');
		frame = await t.pressUntil('c', 'Columns of Destinations');
		const lines = frame.split('\n');
		const y = lines.findIndex((l) => /\[x\] Party\b/.test(l));
		expect(y).toBeGreaterThan(2);
		// On the name: the cursor moves there, the column stays shown.
		frame = await t.pressUntil([...click(lines[y]!.indexOf('Party') + 1, y)], (f) => f.split('\n')[y]!.startsWith('›'));
		expect(frame.split('\n')[y]).toContain('[x] Party');
		// On the box (after the double-click time, so this is a click of its own): hidden; again: shown; again: hidden.
		for (const box of ['[ ]', '[x]', '[ ]']) {
			await new Promise((resolve) => setTimeout(resolve, DOUBLE_CLICK_MS + 50));
			frame = await t.pressUntil([...click(lines[y]!.indexOf('[x]') + 1, y)], (f) => f.split('\n')[y]!.includes(`${box} Party`));
		}
		frame = await t.pressUntil('\r', (f) => !f.includes('Columns of') && f.includes('Host'));
		expect(frame.split('\n')[1]).not.toContain('Party');
	});

	it('in the overview a double click on a top destination opens its records', async () => {
		const t = show({}, size);
		let frame = await t.waitFor('Top destinations');
		const lines = frame.split('\n');
		const y = lines.findIndex((l) => l.startsWith('Top destinations')) + 1;
		const host = lines[y]!.trim().split(/\s+/)[0]!;
		expect(host).toMatch(/\./);
		// One click does nothing.
		await t.press(...click(4, y));
		await new Promise((resolve) => setTimeout(resolve, DOUBLE_CLICK_MS + 50));
		expect(t.lastFrame()).toContain('[1 Overview]');
		frame = await t.pressUntil([...click(4, y), ...click(4, y)], '[8 Records]');
		expect(frame).toContain(`filter: host:=${host}`);
	});

	it('mouse reports in the filter input type nothing', async () => {
		const t = show({initialView: 'destinations'}, size);
		await t.waitFor('[2 Destinations]');
		const frame = await t.pressUntil(['/', 'p', ...click(10, 4), sgr(WHEEL_DOWN, 3, 3)], 'filter / p');
		expect(frame).not.toMatch(/filter \/ p\S/);
	});
});

/**
The first frame drawn as plain text before Ink is loaded (source/tui/first-frame.ts) must be the frame
the UI then draws over it, line for line, or the screen would change under the user's eyes; keys typed
before it that pick a view are applied, and every other key is left for the UI.
*/
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {emptyMarks} from '../source/audit/marks.js';
import {applyEarlyKeys, linesToText, plainFrame} from '../source/tui/first-frame.js';
import {initialState} from '../source/tui/state/reducer.js';
import {Writable} from 'node:stream';
import {printViews} from '../source/cli/print.js';
import {QueryEngine} from '../source/views/query.js';
import {appHarness} from './helpers/app.js';
import {ingestFiles} from './helpers/ingest-files.js';
import {plain} from './helpers/render.js';
import {sessionRecords, sessionStore} from './helpers/ui-records.js';

const show = appHarness();

/** The plain frame's text as the terminal shows it: one string per screen row, trailing blanks dropped. */
function screenRows(text: string): string[] {
	return text
		.split(/\u001B\[\d+;1H\u001B\[2K/)
		.slice(1)
		.map((row) => plain(row).trimEnd());
}

describe('the plain first frame', () => {
	for (const size of [
		{columns: 80, rows: 24},
		{columns: 200, rows: 60},
	]) {
		for (const view of ['overview', 'destinations', 'devices', 'records', 'timeline']) {
			it(`${view} at ${size.columns}×${size.rows} is the frame the UI draws`, async () => {
				const store = sessionStore();
				const engine = new QueryEngine(store);
				const state = initialState({view});
				const lines = plainFrame({engine, state, size, marks: emptyMarks(), budgetMs: 10_000});
				expect(lines).toBeDefined();
				const drawn = screenRows(linesToText(lines!, false));
				expect(drawn.length).toBe(size.rows - 1);
				expect(drawn[0]).toContain(`[`);
				// The UI, started from that state and engine as the CLI starts it, once its tab counts are all in.
				const t = show({store, initialState: state, engine}, size);
				// (10 s: on a loaded machine a 200-column Ink frame can take longer than the default 3 s to settle)
				const frame = await t.waitFor((f) => f.split('\n')[0] === drawn[0], 10_000);
				expect(frame.split('\n').map((l) => l.trimEnd())).toEqual(drawn);
			});
		}
	}

	it('is not drawn while the query is unfinished (no figures of part of the input)', () => {
		// More records than the query looks at between two looks at the clock.
		const raws = Array.from({length: 40}, () => sessionRecords()).flat();
		const engine = new QueryEngine(sessionStore({raws}));
		const size = {columns: 80, rows: 24};
		expect(plainFrame({engine, state: initialState({view: 'destinations'}), size, marks: emptyMarks(), budgetMs: 0})).toBeUndefined();
		// Given the time, the same frame is drawn, with every record counted.
		const lines = plainFrame({engine, state: initialState({view: 'destinations'}), size, marks: emptyMarks(), budgetMs: 10_000});
		expect(screenRows(linesToText(lines!, false)).at(-2)).toContain(`${raws.length} records from 1 input`);
	});

	it('is not drawn for an overlay (the UI draws those), nor on a terminal with no room for a body row', () => {
		const engine = new QueryEngine(sessionStore());
		const state = {...initialState({view: 'destinations'}), overlay: 'help' as const};
		expect(plainFrame({engine, state, size: {columns: 80, rows: 24}, marks: emptyMarks(), budgetMs: 10_000})).toBeUndefined();
		expect(plainFrame({engine, state: initialState(), size: {columns: 80, rows: 5}, marks: emptyMarks(), budgetMs: 10_000})).toBeUndefined();
		expect(plainFrame({engine, state: initialState(), size: {columns: 80, rows: 6}, marks: emptyMarks(), budgetMs: 10_000})).toHaveLength(5);
	});

	it('colours the tones as the UI does, and none without colour', () => {
		const line = [{text: 'third', tone: 'third' as const}, {text: ' plain'}, {text: 'tab', bold: true, inverse: true}];
		expect(linesToText([line], true)).toBe('\u001B[1;1H\u001B[2K\u001B[31mthird\u001B[0m plain\u001B[1;7mtab\u001B[0m\u001B[H');
		expect(linesToText([line], false)).toBe('\u001B[1;1H\u001B[2Kthird plaintab\u001B[H');
	});
});

describe('keys typed before the first frame', () => {
	const start = initialState();
	const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');

	it('pick the view', () => {
		expect(applyEarlyKeys(start, bytes('2'))).toMatchObject({state: {view: 'destinations'}, used: 1});
		expect(applyEarlyKeys(start, bytes('25T'))).toMatchObject({state: {view: 'timeline'}, used: 3});
		expect(applyEarlyKeys(start, bytes('\t')).state.view).not.toBe('overview');
	});

	it('stop at the first key that does anything else, which is left for the UI', () => {
		expect(applyEarlyKeys(start, bytes('2j5'))).toMatchObject({state: {view: 'destinations'}, used: 1});
		// `/` opens the filter: what follows is text, not views.
		expect(applyEarlyKeys(start, bytes('/2'))).toMatchObject({state: {view: 'overview'}, used: 0});
		// An escape sequence (an arrow key, a mouse report) is the UI's to read whole.
		expect(applyEarlyKeys(start, bytes('\u001B[A2')).used).toBe(0);
		expect(applyEarlyKeys(start, bytes('q')).used).toBe(0);
		expect(applyEarlyKeys(start, bytes('\u00e92')).used).toBe(0);
	});
});

describe('an empty table under a filter', () => {
	it('says when records match but make no row of the view (the Roku of a session report has no host)', async () => {
		// In the bundled sample the Roku is only the player of a /status/sessions report: no request of its own.
		const {store} = await ingestFiles({'plex-web-session.har': readFileSync(join(import.meta.dirname, '../samples/plex-web-session.har'), 'utf8')});
		const engine = new QueryEngine(store);
		const size = {columns: 120, rows: 24};
		const text = (filter: string): string => {
			const lines = plainFrame({engine, state: initialState({view: 'destinations', filter}), size, marks: emptyMarks(), budgetMs: 10_000});
			return screenRows(linesToText(lines!, false)).join('\n');
		};
		expect(text('device:roku')).toContain('1 record matches the filter device:roku, not a row of this view');
		expect(text('host:=nowhere.example')).toContain('no rows match the filter: host:=nowhere.example');
		// Print mode says the same under the view's title.
		const printed = async (filter: string): Promise<string> => {
			let out = '';
			const sink = new Writable({write: (chunk, _encoding, done) => ((out += String(chunk)), done())});
			await printViews(new QueryEngine(store), {views: ['destinations'], filter, newOnly: false, output: 'table'}, sink);
			return out;
		};
		expect(await printed('device:roku')).toBe('Destinations\n(1 record matches the filter device:roku, not a row of this view)\n');
		expect(await printed('host:=nowhere.example')).toBe('Destinations\n(no rows match the filter: host:=nowhere.example)\n');
	});
});

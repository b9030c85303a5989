/**
Frame tests (80 and 200 columns) of the UI's conventions: the filter that talks back (problems under the
input, live count, Tab completion, history), the column chooser, hosts cut in the middle, times with
their zone.
*/
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {Rendered} from './helpers/render.js';
import {appHarness} from './helpers/app.js';
import {FRAME_WIDTHS} from './helpers/tier.js';

const {KEYS, widestLine} = await import('./helpers/render.js');

const show = appHarness();

const type = async (t: Rendered, text: string): Promise<void> => t.press(...[...text]);

describe.each(FRAME_WIDTHS)('at %i columns', (columns) => {
	const size = {columns, rows: columns === 80 ? 24 : 60};

	it('says what is wrong with a filter while it is typed, with the valid fields, and does not apply it', async () => {
		const t = show({initialView: 'destinations'}, size);
		await t.waitFor('[2 Destinations]');
		await t.press('/');
		await type(t, 'hots:plex.tv');
		let frame = await t.waitFor('unknown field "hots"');
		expect(frame).toContain('did you mean host?');
		expect(frame).toMatch(/fields: host, org, party/);
		expect(widestLine(frame)).toBeLessThanOrEqual(columns);
		await t.press(KEYS.enter);
		// Still editing: Enter does not apply a filter that would silently match nothing.
		frame = t.lastFrame();
		expect(frame).toContain('filter / hots:plex.tv');
		await t.press(KEYS.ctrlU);
		await type(t, 'host:');
		frame = await t.waitFor('host: needs a value');
		await t.pressUntil([KEYS.ctrlU, '!'], '"!" excludes the term right after it');
	});

	it('counts the records a draft matches while it is typed, of all', async () => {
		const t = show({initialView: 'destinations'}, size);
		await t.waitFor('[2 Destinations]');
		await t.press('/');
		await type(t, 'party:third');
		const frame = await t.waitFor((f) => /\d+ of \d+ records match/.test(f));
		const [, matched, total] = /(\d+) of (\d+) records match/.exec(frame)!;
		expect(Number(matched)).toBeGreaterThan(0);
		expect(Number(matched)).toBeLessThan(Number(total));
		await t.pressUntil(KEYS.enter, 'filter: party:third');
	});

	it('completes field names and values with Tab, and keeps a history on ↑/↓', async () => {
		const t = show({initialView: 'destinations'}, size);
		await t.waitFor('[2 Destinations]');
		await t.press('/');
		await type(t, 'par');
		await t.pressUntil(KEYS.tab, 'filter / party:');
		await type(t, 'th');
		await t.pressUntil(KEYS.tab, 'filter / party:third');
		await t.pressUntil(KEYS.enter, 'filter: party:third');
		await t.press('/', KEYS.ctrlU);
		await type(t, 'host:ana');
		await t.pressUntil(KEYS.tab, 'filter / host:analytics.plex.tv');
		// Several candidates: they are listed.
		await t.press(KEYS.ctrlU);
		await type(t, 'host:');
		const frame = await t.pressUntil(KEYS.tab, 'Tab: ');
		expect(frame).toContain('analytics.plex.tv');
		await t.pressUntil([KEYS.ctrlU, KEYS.up], 'filter / party:third');
		await t.pressUntil(KEYS.down, (f) => /^filter \/\s*$/m.test(f));
	});
});

describe.each(FRAME_WIDTHS)('every column reachable at %i columns', (columns) => {
	const size = {columns, rows: columns === 80 ? 24 : 60};
	const header = (frame: string): string => frame.split('\n').find((l) => l.includes('Host'))!;

	it('shows Category by default, says how many columns are hidden, and keeps the sort arrow on screen', async () => {
		const t = show({initialView: 'destinations'}, size);
		const frame = await t.waitFor('[2 Destinations]');
		expect(header(frame)).toContain('Category');
		expect(header(frame)).toMatch(/Requests ▼/);
		expect(header(frame)).toMatch(/\+\d+ \(c\)\s*$/);
		// Sorting by a column that had no room brings it on screen, arrow included.
		for (let i = 0; i < 12 && !/Last seen [▲▼]/.test(header(t.lastFrame())); i++) await t.press('s');
		expect(widestLine(t.lastFrame())).toBeLessThanOrEqual(columns);
	});

	it('c chooses columns: show, hide, reorder; remembered per view in the settings file', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ttui-config-'));
		const configPath = join(dir, 'telemetry-tui', 'ui.json');
		const t = show({initialView: 'destinations', configPath}, size);
		await t.waitFor('[2 Destinations]');
		let frame = await t.pressUntil('c', 'Columns of Destinations');
		expect(frame).toMatch(/\[x\] Host/);
		expect(frame).toMatch(/\[x\] Last seen/);
		// Hide Organization (second), move Last seen to the top and keep it shown.
		frame = await t.pressUntil(['j', ' '], /\[ \] Organization/.test.bind(/\[ \] Organization/));
		for (let i = 0; i < 12; i++) await t.press('j');
		await t.press(...Array.from({length: 13}, () => 'K'));
		// The first entry of the list is the one moved to the top (waited for: the last key may still be drawing).
		await t.waitFor((f) => f.split('\n').find((l) => /\[[x ]\]/.test(l))?.includes('Events') === true);
		frame = await t.pressUntil(KEYS.enter, (f) => !f.includes('Columns of'));
		expect(header(frame)).not.toContain('Organization');
		expect(header(frame).trim().startsWith('Events')).toBe(true);
		const saved = JSON.parse(readFileSync(configPath, 'utf8')) as {columns: Record<string, Array<{key: string; shown: boolean}>>};
		expect(saved.columns['destinations']![0]).toEqual({key: 'events', shown: true});
		expect(saved.columns['destinations']!.find((c) => c.key === 'organization')).toEqual({key: 'organization', shown: false});
		t.unmount();
		// A new start reads the choice back.
		const again = show({initialView: 'destinations', configPath}, size);
		frame = await again.waitFor('[2 Destinations]');
		expect(header(frame)).not.toContain('Organization');
		// r resets to the view's defaults.
		await again.press('c', 'r', KEYS.enter);
		frame = await again.waitFor((f) => !f.includes('Columns of'));
		expect(header(frame).trim().startsWith('Host')).toBe(true);
	});

	it('cuts hosts in the middle so the registrable domain stays', async () => {
		const t = show({initialView: 'destinations'}, {columns: 60, rows: 24});
		const frame = await t.waitFor('[2 Destinations]');
		// The masked plex.direct name keeps its start (the masked address) and `plex.direct`.
		expect(frame).toMatch(/› 192\.[^ ]*…plex\.direct /);
	});
});

describe.each(FRAME_WIDTHS)('conventions at %i columns', (columns) => {
	it('counts rows in the tab titles (for the filter in force) where they fit', async () => {
		const t = show({initialView: 'destinations'}, {columns, rows: columns === 80 ? 24 : 60});
		// The counts come in the frames after the first (each view is counted within a time budget).
		const counted = (f: string): boolean => /\[2 Destinations\] 7 /.test(f.split('\n')[0]!) && /8 Records 15/.test(f.split('\n')[0]!);
		const frame = await t.waitFor(columns === 200 ? counted : '[2 Destinations]', 10_000);
		expect(widestLine(frame)).toBeLessThanOrEqual(columns);
		if (columns === 200) {
			await t.pressUntil(['/', ...'party:third'.split(''), KEYS.enter], (f) => /\[2 Destinations\] 1 /.test(f.split('\n')[0]!) && /8 Records 1\b/.test(f.split('\n')[0]!));
		}
	});
});

describe('the filter language, as data', async () => {
	const {completeFilter, filterProblem} = await import('../source/views/filter.js');
	it.each([
		['foo:bar', /unknown field "foo"/],
		['hots:plex.tv', /did you mean host\?/],
		['host:', /host: needs a value/],
		['!', /"!" excludes/],
		['party:thrid', /party: "thrid" is never a value; party is one of first, vendor, third/],
		['kind:=play', /kind: "play" is never a value/],
	])('%s is a problem', (text, message) => {
		expect(filterProblem(text)).toMatch(message);
	});
	it.each(['host:plex.tv', 'party:third !host:plex.tv', 'kind:play', 'device:roku', '"client:click"', 'https://plex.tv/x', 'product:"Plex Web"', '19:02', ''])('%s is fine', (text) => {
		expect(filterProblem(text)).toBeUndefined();
	});
	it('completes fields, then values, and keeps what came before', () => {
		const values = (field: string): string[] => (field === 'host' ? ['analytics.plex.tv', 'plex.tv', 'player.example'] : []);
		expect(completeFilter('!ho', values as never).text).toBe('!host:');
		expect(completeFilter('party:third ho', values as never).text).toBe('party:third host:');
		expect(completeFilter('host:ana', values as never).text).toBe('host:analytics.plex.tv ');
		expect(completeFilter('host:pl', values as never)).toEqual({text: 'host:pl', candidates: ['plex.tv', 'player.example']});
		expect(completeFilter('host:=pla', values as never).text).toBe('host:=player.example ');
		expect(completeFilter('p', values as never).candidates).toEqual(['party:', 'product:', 'platform:', 'path:', 'policy:']);
	});
});

describe.each(FRAME_WIDTHS)('search at %i columns', (columns) => {
	it('\\ searches without filtering: matches highlighted, n / N jump between them', async () => {
		const t = show({initialView: 'destinations'}, {columns, rows: columns === 80 ? 24 : 60});
		await t.waitFor('[2 Destinations]');
		const rowsBefore = t.lastFrame().split('\n').filter((l) => /^[› ] \S/.test(l)).length;
		await t.pressUntil(['\\', ...'provider'.split('')], 'search \\ provider');
		let frame = await t.pressUntil(KEYS.enter, 'search: provider');
		// Every row is still there; the cursor is on the first match.
		expect(frame.split('\n').filter((l) => /^[› ] \S/.test(l)).length).toBe(rowsBefore);
		expect(frame).toMatch(/› (epg\.provider|metadata\.)/);
		const first = /› (\S+)/.exec(frame)![1];
		frame = await t.pressUntil('n', (f) => /› (\S+)/.exec(f)![1] !== first);
		expect(frame).toMatch(/› (epg\.provider|metadata\.)/);
		await t.pressUntil('N', (f) => /› (\S+)/.exec(f)![1] === first);
		await t.press(KEYS.escape);
		// The match is highlighted: its own segment, in a tone of its own.
		const {layoutTable, rowLine} = await import('../source/tui/layout/table.js');
		const {destinationsView} = await import('../source/views/destinations.js');
		const row = {host: 'epg.provider.plex.tv', organization: 'Plex', category: 'cdn', party: 'vendor', requests: 1} as never;
		const layout = layoutTable(destinationsView as never, {length: 1, at: () => row, slice: () => [row]}, columns);
		const line = rowLine(layout, row, {selected: false, countKey: undefined, countTotal: 0, width: columns, search: 'provider'});
		expect(line.find((s) => s.text === 'provider')).toMatchObject({tone: 'warn', bold: true});
	});
});

describe('the overview verdict', () => {
	it('wraps at spaces at every width: a mask is never split across lines', async () => {
		const {overviewLines} = await import('../source/tui/layout/overview.js');
		const sentence = '1 identifier reached third parties: X-Plex-Client-Identifier k3x9…#c24c85 (Flashtalking (Mediaocean)).';
		const rows = [{section: 'verdict', item: 'identifiers', value: sentence}];
		for (let width = 40; width <= 120; width++) {
			const lines = overviewLines({rows, inputs: [], sizes: new Map(), elapsedMs: 0, tops: [], filter: ''}, width).map((l) => l.map((s) => s.text).join(''));
			const start = lines.findIndex((l) => l.startsWith('Verdict'));
			const verdict = lines.slice(start).filter((l, i) => i === 0 || l.startsWith(' '.repeat(13))).map((l) => l.slice(13).trim());
			expect(verdict.join(' '), `width ${width}`).toBe(sentence);
		}
	});
});

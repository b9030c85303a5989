/**
Compare mode (`telemetry-tui diff` in a terminal): the Diff side's overview and compared views, `c`
stepping Before → After → Diff, the filter narrowing both sides, Enter opening a diff row's records
on the side it is on, and a saved baseline as the BEFORE side (only the Diff shows it).
*/
import {afterEach, describe, expect, it} from 'vitest';
import type {TelemetryRecord} from '../source/model/records.js';
import {RecordStore} from '../source/store/store.js';
import {summarize} from '../source/views/diff.js';
import {QueryEngine} from '../source/views/query.js';
import type {Rendered} from './helpers/render.js';
import {fillStore, request} from './helpers/ui-records.js';

process.env['FORCE_COLOR'] = '1';
const {App} = await import('../source/tui/App.js');
const {KEYS, plain, renderTui, widestLine} = await import('./helpers/render.js');

const T0 = Date.UTC(2024, 4, 2, 9, 0, 0);
const at = (s: number): string => new Date(T0 + s * 1000).toISOString();

function side(options: {tracker: boolean; sentry: boolean}): TelemetryRecord[] {
	const out: TelemetryRecord[] = [];
	for (let s = 0; s < 3600; s += 60) out.push(request('analytics.plex.tv', '/collect', {time: at(s)}));
	for (let s = 0; s < 3600; s += 300) out.push(request('plex.tv', '/api/v2/user', {time: at(s + 7)}));
	if (options.sentry) for (let s = 0; s < 3600; s += 600) out.push(request('o1.ingest.sentry.io', '/api/1/store/', {time: at(s + 3)}));
	if (options.tracker) for (let s = 0; s < 3600; s += 120) out.push(request('www.google-analytics.com', '/g/collect', {time: at(s + 11)}));
	return out;
}

const open: Rendered[] = [];
afterEach(() => {
	for (const t of open.splice(0)) t.unmount();
});

describe('compare mode', () => {
	it('opens on the Diff overview, shows compared views, steps through the sides with c', async () => {
		const before = fillStore(new RecordStore({spool: true}), side({tracker: false, sentry: true}), 'before.log');
		const after = fillStore(new RecordStore({spool: true}), side({tracker: true, sentry: false}), 'after.log');
		const t = renderTui(<App store={after} compare={{before}} throttleMs={0} />, {columns: 110, rows: 30});
		open.push(t);
		let frame = plain(await t.waitFor('Before → after'));
		expect(frame).toMatch(/before after \[DIFF\]/);
		expect(frame).toMatch(/Before → after: \d+ new, \d+ gone, \d+ changed, \d+ same/);
		expect(frame).toMatch(/Destinations +\(2 of 4 rows differ/);
		// The tracker is new, and so are the identifiers it receives (the request helper sends a token and a client id).
		expect(frame).toMatch(/new +www\.google-analytics\.com +– → 30 requests +receives X-Plex-Token \(secret\)/);
		expect(frame).toMatch(/gone +o1\.ingest\.sentry\.io +6 → – requests/);
		await t.press('2');
		frame = plain(await t.waitFor('[2 Destinations]'));
		const lines = frame.split('\n');
		const order = ['www.google-analytics.com', 'o1.ingest.sentry.io', 'analytics.plex.tv'].map((h) => lines.findIndex((l) => l.includes(h)));
		expect(order[0]).toBeLessThan(order[1]!);
		expect(order[1]).toBeLessThan(order[2]!);
		await t.press('o');
		frame = plain(await t.waitFor('[BEFORE]'));
		expect(frame).toContain('o1.ingest.sentry.io');
		expect(frame).not.toContain('google-analytics');
		await t.press('o');
		frame = plain(await t.waitFor('[AFTER]'));
		expect(frame).toContain('www.google-analytics.com');
		expect(frame).not.toContain('sentry');
		await t.press('o');
		frame = plain(await t.waitFor('[DIFF]'));
		// The timeline on the Diff side: both sides' histograms.
		await t.press('T');
		frame = plain(await t.waitFor(' BEFORE\n'));
		expect(frame).toMatch(/ BEFORE\n Requests per minute \(UTC\) · 2024-05-02 09:00 → 2024-05-02 09:59 · 78 requests to 3 hosts/);
		expect(frame).toMatch(/▓▓ crash-reporting 6/);
		// Scroll down to the AFTER histogram (64 lines of BEFORE, 26 on a page).
		await t.press(KEYS.pageDown, KEYS.pageDown);
		frame = plain(await t.waitFor(' AFTER\n'));
		expect(frame).toMatch(/ AFTER\n Requests per minute \(UTC\) · .* · 102 requests to 3 hosts/);
		await t.pressUntil('2', '[2 Destinations]');
		// The filter narrows both sides.
		await t.press('/', ...'host:sentry', KEYS.enter);
		frame = plain(await t.waitFor((f) => !plain(f).includes('google-analytics') && plain(f).includes('sentry')));
		expect(frame).toMatch(/gone +o1\.ingest\.sentry\.io/);
		// Enter on a gone row: both sides, with the records behind it (none after).
		await t.press(KEYS.enter);
		frame = plain(await t.waitFor('Evidence before'));
		expect(frame).toMatch(/ gone +o1\.ingest\.sentry\.io +\(Destinations\)/);
		expect(frame).toMatch(/requests +6 +–/);
		expect(frame).toMatch(/Evidence before: 6 records\n/);
		expect(frame).toMatch(/Evidence after: 0 records/);
		expect(frame).toMatch(/2024-05-02 09:00:03 +GET \/api\/1\/store\/ → 200/);
		expect(frame).toMatch(/identifiers\n +before +X-Plex-Token \(secret\)/);
		// Enter again: its records, on the BEFORE side; Esc comes back to the detail, on the Diff side.
		await t.press(KEYS.enter);
		frame = plain(await t.waitFor('[8 Records]'));
		expect(frame).toMatch(/\[BEFORE\]/);
		expect(frame).toMatch(/o1\.ingest\.sentry\.io/);
		await t.press(KEYS.escape);
		frame = plain(await t.waitFor('Evidence before'));
		expect(frame).toMatch(/\[DIFF\]/);
		expect(widestLine(t.lastFrame())).toBeLessThanOrEqual(110);
		before.close();
		after.close();
	});

	it('takes a saved baseline as BEFORE: c steps After → Diff, and the Diff compares against it', async () => {
		const before = fillStore(new RecordStore(), side({tracker: false, sentry: true}), 'before.log');
		const beforeSummary = summarize(new QueryEngine(before));
		before.close();
		const after = fillStore(new RecordStore({spool: true}), side({tracker: true, sentry: true}), 'after.log');
		const t = renderTui(<App store={after} compare={{beforeSummary}} throttleMs={0} />, {columns: 110, rows: 30});
		open.push(t);
		let frame = plain(await t.waitFor('Before → after'));
		expect(frame).toMatch(/after \[DIFF\]/);
		expect(frame).not.toMatch(/before after/);
		expect(frame).toMatch(/\d+ new, 0 gone/);
		expect(frame).toMatch(/Destinations +\(1 of 4 rows differ/);
		await t.press('o');
		frame = plain(await t.waitFor('[AFTER]'));
		await t.press('o');
		frame = plain(await t.waitFor('[DIFF]'));
		after.close();
	});

	it('outside compare mode, c says what it is for', async () => {
		const store = fillStore(new RecordStore(), side({tracker: false, sentry: false}));
		const t = renderTui(<App store={store} throttleMs={0} />, {columns: 100, rows: 24});
		open.push(t);
		await t.press('o');
		expect(plain(await t.waitFor('compare mode is for'))).toContain('telemetry-tui diff BEFORE AFTER');
		store.close();
	});
});

describe('compare mode with hostile names', () => {
	it('draws terminal escapes in hosts and input names as harmless text', async () => {
		const evil = 'evil\u001B]0;pwned\u0007\u001B[2J.example';
		const before = fillStore(new RecordStore({spool: true}), side({tracker: false, sentry: false}), 'before\u001B[31m.log');
		const after = fillStore(new RecordStore({spool: true}), [...side({tracker: false, sentry: false}), request(evil, '/x', {time: at(5)})], 'after.log');
		const t = renderTui(<App store={after} compare={{before}} throttleMs={0} />, {columns: 100, rows: 30});
		open.push(t);
		const clean = (): void => {
			const frame = t.rawFrame();
			expect(frame).not.toContain('\u001B]0;');
			expect(frame).not.toContain('\u001B[2J');
			expect(frame).not.toContain('\u0007');
			expect(frame).not.toContain('\u001B[31m.log');
		};
		expect(await t.waitFor('Before → after')).toMatch(/new +evil.*example/);
		clean();
		await t.pressUntil('2', '[2 Destinations]');
		clean();
		await t.pressUntil(KEYS.enter, 'Evidence');
		clean();
		before.close();
		after.close();
	});
});

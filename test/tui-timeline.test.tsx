/**
The Timeline tab: a histogram of requests per bucket with a bar per category, narrowed by the filter
like every view; the Destinations view's Activity sparkline and Period columns.
*/
import {afterEach, describe, expect, it} from 'vitest';
import type {TelemetryRecord} from '../source/model/records.js';
import {RecordStore} from '../source/store/store.js';
import {timelineLines} from '../source/tui/layout/timeline.js';
import {QueryEngine} from '../source/views/query.js';
import type {Rendered} from './helpers/render.js';
import {fillStore, request} from './helpers/ui-records.js';

process.env['FORCE_COLOR'] = '1';
const {App} = await import('../source/tui/App.js');
const {KEYS, plain, renderTui, widestLine} = await import('./helpers/render.js');

const T0 = Date.UTC(2024, 4, 2, 9, 0, 0);
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** A beacon to analytics every 60 s for 30 min, an ad host in minutes 10–12 only, plex.tv every 5 min. */
function records(): TelemetryRecord[] {
	const out: TelemetryRecord[] = [];
	for (let s = 0; s < 1800; s += 60) out.push(request('analytics.plex.tv', '/collect', {time: at(s + 2)}));
	for (let s = 600; s < 780; s += 20) out.push(request('securepubads.g.doubleclick.net', '/ad', {time: at(s)}));
	for (let s = 0; s < 1800; s += 300) out.push(request('plex.tv', '/api/v2/user', {time: at(s + 30)}));
	return out;
}

const open: Rendered[] = [];
afterEach(() => {
	for (const t of open.splice(0)) t.unmount();
});

describe('timeline histogram', () => {
	it('draws a line per minute, empty ones too, each bar as long as its count and split by category', () => {
		const store = fillStore(new RecordStore(), records());
		const lines = timelineLines(new QueryEngine(store).rows('timeline'), 100).map((l) => l.map((s) => s.text).join(''));
		expect(lines[0]).toMatch(/Requests per minute \(UTC\) · 2024-05-02 09:00 → 2024-05-02 09:29 · 45 requests to 3 hosts/);
		expect(lines[1]).toMatch(/██ ads 9 +▓▓ vendor-analytics 30 +▒▒ vendor-api 6/);
		const buckets = lines.slice(3);
		expect(buckets).toHaveLength(30);
		// 09:10: three ad requests, one to analytics, one to plex.tv; the busiest minute has the longest bar.
		const ten = buckets.find((l) => l.startsWith(' 09:10'))!;
		expect(ten).toMatch(/^ 09:10 +5 █+▓+▒+ *$/);
		const one = buckets.find((l) => l.startsWith(' 09:01'))!;
		expect(one).toMatch(/^ 09:01 +1 ▓+ *$/);
		const bar = (l: string): number => (l.match(/[█▓▒░▚]/g) ?? []).length;
		expect(bar(ten)).toBeGreaterThan(bar(one) * 3);
		expect(bar(buckets.find((l) => l.startsWith(' 09:00'))!)).toBe(2 * bar(one));
		for (const l of lines) expect(l.length).toBeLessThanOrEqual(100);
		store.close();
	});

	it('counts every request in its title and legend when more buckets than it draws', () => {
		// Two requests 3,000 days apart, and one in between: day buckets, past the 2,000 drawn.
		const day = 86_400;
		const store = fillStore(new RecordStore(), [
			request('plex.tv', '/a', {time: at(0)}),
			request('analytics.plex.tv', '/b', {time: at(2500 * day)}),
			request('plex.tv', '/c', {time: at(3000 * day)}),
		]);
		const lines = timelineLines(new QueryEngine(store).rows('timeline'), 100).map((l) => l.map((s) => s.text).join(''));
		expect(lines[0]).toMatch(/ · 3 requests to 2 hosts/);
		expect(lines[1]).toMatch(/vendor-analytics 1 .*vendor-api 2/);
		expect(lines.some((l) => l.includes('only the first 2,000 days are drawn'))).toBe(true);
		store.close();
	});

	it('is the T tab, narrowed by the filter', async () => {
		const store = fillStore(new RecordStore(), records());
		const t = renderTui(<App store={store} throttleMs={0} />, {columns: 90, rows: 40});
		open.push(t);
		await t.press('T');
		let frame = plain(await t.waitFor('45 requests'));
		expect(frame).toContain('[T Timeline]');
		expect(frame).toMatch(/45 requests to 3 hosts/);
		expect(frame).toMatch(/09:10 +5 /);
		await t.press('/', ...'host:=plex.tv', KEYS.enter);
		frame = plain(await t.waitFor('6 requests to 1 host'));
		expect(frame).not.toMatch(/ads \d/);
		expect(frame).toMatch(/09:00 +1 ▒+/);
		expect(widestLine(t.lastFrame())).toBeLessThanOrEqual(90);
		store.close();
	});
});

describe('destinations: activity and period', () => {
	it('shows when each host was contacted and how regularly', () => {
		const store = fillStore(new RecordStore(), records());
		const rows = new QueryEngine(store).rows('destinations');
		const by = (host: string) => rows.find((r) => r['host'] === host)!;
		expect(by('analytics.plex.tv')['period']).toBe('~60 s (100%)');
		expect(by('plex.tv')['period']).toBe('~300 s (100%)');
		expect(by('securepubads.g.doubleclick.net')['period']).toBe('~20 s (100%)');
		// A contact in every slice of the span (30 minutes in aligned slices of 2^17 ms, ≈ 2.2 minutes: 14 or 15 of them).
		expect(by('analytics.plex.tv')['activity']).toMatch(/^[▂▃▄▅▆▇█]{14,15}$/u);
		// The ads were only in minutes 10–12 of 30: the middle of the sparkline.
		expect(by('securepubads.g.doubleclick.net')['activity']).toMatch(/^▁{4}[▂-█]+▁+$/u);
		store.close();
	});
});

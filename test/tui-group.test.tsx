/**
Frames (80 and 200 columns) of grouping by registrable domain: z groups, the status line says so, a
domain row opens its hosts, Esc comes back grouped, z again shows hosts; help lists the key.
*/
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {appHarness} from './helpers/app.js';
import {FRAME_WIDTHS} from './helpers/tier.js';

const {KEYS, widestLine} = await import('./helpers/render.js');

const show = appHarness();

/** The table's data lines (below the header), trimmed. */
const rowsOf = (frame: string): string[] => frame.split('\n').map((l) => l.replace(/^[\s›✓]+/, ''));

describe.each(FRAME_WIDTHS)('at %i columns', (columns) => {
	const size = {columns, rows: columns === 80 ? 24 : 60};

	it('z groups Destinations by domain; Enter opens the hosts of a domain; Esc comes back grouped; z again shows hosts', async () => {
		const t = show({initialView: 'destinations'}, size);
		await t.waitFor('[2 Destinations]');
		expect(t.lastFrame()).not.toContain('grouped by domain');
		let frame = await t.pressUntil('z', 'Domain');
		expect(frame).toContain('grouped by domain');
		expect(widestLine(frame)).toBeLessThanOrEqual(columns);
		// plex.tv, clients, analytics, metadata.provider and epg.provider.plex.tv are one row; no subdomain is a row of its own.
		const lines = rowsOf(frame);
		expect(lines.some((l) => l.startsWith('plex.tv '))).toBe(true);
		expect(lines.some((l) => l.startsWith('analytics.plex.tv'))).toBe(false);
		expect(lines.some((l) => l.startsWith('google-analytics.com'))).toBe(true);
		expect(frame).toMatch(/Hosts/);
		// The cursor starts on the top row (most requests): plex.tv's hosts.
		frame = await t.pressUntil(KEYS.enter, 'domain:=plex.tv');
		expect(frame).not.toContain('grouped by domain');
		expect(frame).toContain('analytics.plex.tv');
		expect(frame).toContain('clients.plex.tv');
		expect(frame).not.toContain('google-analytics');
		frame = await t.pressUntil(KEYS.escape, (f) => f.includes('grouped by domain') && f.includes('no filter'));
		expect(rowsOf(frame).some((l) => l.startsWith('analytics.plex.tv'))).toBe(false);
		frame = await t.pressUntil('z', 'grouped by host');
		expect(rowsOf(frame).some((l) => l.startsWith('analytics.plex.tv'))).toBe(true);
		expect(frame).toContain('Host');
	});

	it('starts grouped with --group domain, and the identifiers list domains', async () => {
		const t = show({initialView: 'identifiers', initialGroup: 'domain'}, size);
		let frame = await t.waitFor('grouped by domain');
		// At 80 columns the list is not on screen (c shows it); at 200 it is, with domains only.
		if (columns === 200) expect(frame).toMatch(/Destinations \(domains\)[\s\S]*plex\.tv/);
		expect(frame).not.toContain('metadata.provider.plex.tv');
		frame = await t.pressUntil('z', 'grouped by host');
		expect(widestLine(frame)).toBeLessThanOrEqual(columns);
	});

	it('help lists the key', async () => {
		const t = show({initialView: 'destinations'}, size);
		await t.waitFor('[2 Destinations]');
		let frame = await t.pressUntil('?', 'Keys');
		for (let k = 0; k < 20 && !frame.includes('Group by registrable domain'); k++) {
			await t.press(' ');
			frame = t.lastFrame();
		}
		expect(frame).toMatch(/z\s+Group by registrable domain/);
	});
});

describe('a blocklist from the domain rows (B while grouped)', () => {
	it('writes one entry per domain where safe, never plex.tv, and says so', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tt-group-'));
		const t = show({exportDir: dir, initialView: 'destinations', initialGroup: 'domain', now: () => new Date(2024, 0, 1, 0, 0, 0)}, {columns: 160, rows: 30});
		await t.waitFor('grouped by domain');
		await t.pressUntil('B', 'h hosts');
		await t.pressUntil('a', 'Save adguard blocklist as');
		const frame = await t.pressUntil(KEYS.enter, 'wrote a adguard blocklist');
		expect(frame).toContain('(per domain)');
		const text = readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8');
		expect(text).toContain('||google-analytics.com^');
		expect(text).toContain('||analytics.plex.tv^');
		expect(text).not.toMatch(/^\|\|plex\.tv\^/m);
		expect(text).toMatch(/plex\.tv: \d+ hosts? seen under it (is|are) not to be blocked/);
	});
});

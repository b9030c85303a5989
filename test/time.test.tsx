/**
Time you can read: times in the display zone (`--tz`, default local) with the zone in the header, one
human format, ISO 8601 with offset in data formats, and `--log-tz` for logs without an offset (Emby).
*/
import {afterEach, describe, expect, it} from 'vitest';
import {columnHeader, dataCell, humanCell, jsonCell, setDisplayZone} from '../source/output/cells.js';
import {fromWallClock, isoWithOffset, localZone, resolveZone, wallClock, zoneLabel} from '../source/model/zone.js';
import {runMain} from './helpers/main.js';
import {sessionStore} from './helpers/ui-records.js';

const {App} = await import('../source/tui/App.js');
const {renderTui, widestLine} = await import('./helpers/render.js');

const SAMPLE = new URL('../samples/plex-web-session.har', import.meta.url).pathname;
const EMBY = new URL('./fixtures/emby/embyserver.txt', import.meta.url).pathname;

/** The command in this process: its exit code, stdout and stderr. */
async function run(args: string[]): Promise<{code: number; out: string; err: string}> {
	const {code, stdout, stderr} = await runMain(args);
	return {code, out: stdout, err: stderr};
}

afterEach(() => setDisplayZone(localZone()));

describe('zones', () => {
	const t = Date.parse('2025-03-14T19:02:13.715Z');
	it('formats the wall clock and ISO 8601 with the offset of the zone, across summer time', () => {
		expect(wallClock(t, 'UTC')).toBe('2025-03-14 19:02:13');
		expect(wallClock(t, 'Europe/Berlin')).toBe('2025-03-14 20:02:13');
		expect(isoWithOffset(t, 'Europe/Berlin')).toBe('2025-03-14T20:02:13.715+01:00');
		expect(isoWithOffset(Date.parse('2025-07-14T19:02:13.715Z'), 'Europe/Berlin')).toBe('2025-07-14T21:02:13.715+02:00');
		expect(isoWithOffset(t, 'America/New_York')).toBe('2025-03-14T15:02:13.715-04:00');
		expect(isoWithOffset(t, 'UTC')).toBe('2025-03-14T19:02:13.715+00:00');
		expect(new Date(isoWithOffset(t, 'Asia/Kolkata')).getTime()).toBe(t);
	});
	it('names the zone in headers: the offset when it never changes, else the zone', () => {
		expect(zoneLabel('UTC')).toBe('UTC');
		expect(zoneLabel('Asia/Kolkata')).toBe('UTC+05:30');
		expect(zoneLabel('Europe/Berlin')).toBe('Europe/Berlin');
	});
	it('reads a wall clock in a zone back to the instant', () => {
		expect(new Date(fromWallClock(Date.parse('2025-03-14T20:02:13.715Z'), 'Europe/Berlin')).toISOString()).toBe('2025-03-14T19:02:13.715Z');
		expect(new Date(fromWallClock(Date.parse('2025-07-01T12:00:00.000Z'), 'America/New_York')).toISOString()).toBe('2025-07-01T16:00:00.000Z');
	});
	it('knows UTC, local and Area/City, and nothing else', () => {
		expect(resolveZone('utc')).toBe('UTC');
		expect(resolveZone('local')).toBe(localZone());
		expect(resolveZone('Asia/Tokyo')).toBe('Asia/Tokyo');
		expect(resolveZone('Mars/Base')).toBeUndefined();
	});
	it('cells: human time in the display zone, data time with its offset, headers with the zone', () => {
		setDisplayZone('Asia/Kolkata');
		expect(humanCell('2025-03-14T19:02:13.715Z', 'time')).toBe('2025-03-15 00:32:13');
		expect(dataCell('2025-03-14T19:02:13.715Z', 'time')).toBe('2025-03-15T00:32:13.715+05:30');
		expect(jsonCell('2025-03-14T19:02:13.715Z', 'time')).toBe('2025-03-15T00:32:13.715+05:30');
		expect(columnHeader({header: 'First seen', kind: 'time'})).toBe('First seen (UTC+05:30)');
		expect(humanCell(undefined, 'time')).toBe('—');
	});
});

describe('--tz and --log-tz', () => {
	it('print mode shows times in --tz with the zone in the header; CSV and JSON carry the offset', async () => {
		const table = await run(['-p', '-v', 'records', '--tz', 'Asia/Kolkata', SAMPLE]);
		expect(table.out).toContain('Time (UTC+05:30)');
		expect(table.out).toContain('2025-03-15 00:32:');
		const csv = await run(['-p', '-v', 'destinations', '-o', 'csv', '--tz', 'Asia/Kolkata', SAMPLE]);
		expect(csv.out).toMatch(/,2025-03-15T00:32:\d\d\.\d{3}\+05:30,/);
		const json = JSON.parse((await run(['-p', '-v', 'destinations', '-o', 'json', '--tz', 'UTC', SAMPLE])).out) as Array<{firstSeen: string}>;
		expect(json[0]!.firstSeen).toMatch(/^2025-03-14T\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
		const bad = await run(['-p', '--tz', 'Mars/Base', SAMPLE]);
		expect(bad.code).toBe(2);
		expect(bad.err).toMatch(/--tz must be UTC, local or a zone name/);
	});

	it('reads an Emby log (local time, no offset) in --log-tz, and says so', async () => {
		const utc = JSON.parse((await run(['-p', '-v', 'records', '-o', 'json', '--tz', 'UTC', EMBY])).out) as Array<{time?: string}>;
		// A server in India writes 04:00 for 22:30 UTC: read in its zone, every time moves 5 h 30 min earlier.
		const india = await run(['-p', '-v', 'records', '-o', 'json', '--tz', 'UTC', '--log-tz', 'Asia/Kolkata', EMBY]);
		const shifted = JSON.parse(india.out) as Array<{time?: string}>;
		const first = utc.findIndex((r) => r.time);
		expect(first).toBeGreaterThanOrEqual(0);
		expect(Date.parse(utc[first]!.time!) - Date.parse(shifted[first]!.time!)).toBe(5.5 * 3600_000);
		expect(india.err).toMatch(/writes local time without an offset: times read as Asia\/Kolkata \(--log-tz\)/);
		const plain = await run(['-p', '-v', 'overview', EMBY]);
		expect(plain.out + plain.err).toMatch(/read as UTC; give the server's zone with --log-tz/);
	});
});

describe.each([80, 200] as const)('the UI at %i columns', (columns) => {
	it('shows record times in the display zone, the zone in the header', async () => {
		setDisplayZone('Asia/Kolkata');
		const t = renderTui(<App store={sessionStore()} throttleMs={0} initialView="records" />, {columns, rows: columns === 80 ? 24 : 60});
		const frame = await t.waitFor('Time (UTC+05:30)');
		expect(frame).toContain('2024-05-02 15:19:48');
		expect(widestLine(frame)).toBeLessThanOrEqual(columns);
		t.unmount();
	});
});

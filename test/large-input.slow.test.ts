/**
Numbers that do not change with size: on a generated Plex Media Server log of ~50,000 records (past the
40,000 records the old store kept for filters), a filter selects exactly the unfiltered rows it should,
through the built binary, in several views.
*/
import {spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {pmsLog} from '../bench/generate.js';

const CLI = join(import.meta.dirname, '../dist/cli.js');
let log = '';

type Row = Record<string, unknown>;

function rows(view: string, filter?: string): Row[] {
	const args = [CLI, '--print', '--view', view, '--output', 'json', ...(filter ? ['--filter', filter] : []), log];
	const run = spawnSync(process.execPath, args, {encoding: 'utf8', maxBuffer: 1 << 28});
	expect(run.status, run.stderr).toBe(0);
	return JSON.parse(run.stdout) as Row[];
}

function lines(view: string, filter: string): number {
	const run = spawnSync(process.execPath, [CLI, '--print', '--view', view, '--output', 'ndjson', '--filter', filter, log], {encoding: 'utf8', maxBuffer: 1 << 28});
	expect(run.status, run.stderr).toBe(0);
	return run.stdout.split('\n').filter(Boolean).length;
}

beforeAll(async () => {
	log = await pmsLog(join(mkdtempSync(join(tmpdir(), 'ttui-large-')), 'Plex Media Server.log'), 30);
}, 120_000);

describe('a filter selects exactly the rows it names, at any size', () => {
	// The unfiltered destinations, read once for the five filters below (each run reads the whole 30 MB log).
	let destinations: Row[] | undefined;
	const unfiltered = (): Row[] => (destinations ??= rows('destinations'));

	it('has more records than the old 40,000 cap', () => {
		const overview = rows('overview');
		const requests = Number(String(overview.find((r) => r['item'] === 'requests')?.['value']).replace(/,/g, ''));
		expect(requests).toBeGreaterThan(45_000);
	});

	it.each([
		['host:this-server', (r: Row) => String(r['host']).includes('this-server')],
		['host:plex.tv', (r: Row) => String(r['host']).includes('plex.tv')],
		['!host:this-server', (r: Row) => !String(r['host']).includes('this-server')],
		['party:vendor', (r: Row) => r['party'] === 'vendor'],
		['party:first', (r: Row) => r['party'] === 'first'],
	] as const)('destinations with %s equal the unfiltered rows it selects, and the records add up', (filter, selects) => {
		const all = unfiltered();
		const filtered = rows('destinations', filter);
		const expected = all.filter(selects);
		expect(expected.length).toBeGreaterThan(0);
		expect(filtered).toEqual(expected);
		const requests = expected.reduce((n, r) => n + (r['requests'] as number), 0);
		expect(lines('records', `${filter} kind:request`)).toBe(requests);
	});

	it('devices and formats under a filter equal the reference counts of their records', () => {
		const playback = rows('formats', 'kind:playback');
		expect(playback).toEqual(rows('formats'));
		const total = playback.reduce((n, r) => n + (r['count'] as number), 0);
		expect(total).toBeGreaterThan(0);
		expect(lines('records', 'kind:playback container:mp4')).toBe(playback.filter((r) => r['container'] === 'mp4').reduce((n, r) => n + (r['count'] as number), 0));
	});
});

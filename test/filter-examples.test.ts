/**
Every filter example the README gives selects records, and the group views group the selected records:
`device:roku` in Destinations lists the hosts the Roku contacted, `kind:playback` the hosts that got
playback data (issue 17 item 3).
*/
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {filterProblem} from '../source/views/filter.js';
import {QueryEngine} from '../source/views/query.js';
import {sessionStore} from './helpers/ui-records.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const paragraph = readme.slice(readme.indexOf('The filter language'), readme.indexOf('The filter selects records'));
const examples = [...paragraph.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((e) => e.includes(':') && !e.startsWith('/') && !e.startsWith('--'));

/** Views in which an example must give rows on the small session store (what it selects is there). */
const WHERE: Readonly<Record<string, readonly string[]>> = {
	'host:plex.tv': ['destinations', 'devices', 'records'],
	'host:=plex.tv': ['destinations', 'devices', 'records'],
	'domain:=plex.tv': ['destinations', 'devices', 'records'],
	'party:third': ['destinations', 'devices', 'records'],
	'category:ads': ['destinations', 'devices', 'records'],
	'device:roku': ['destinations', 'devices', 'formats', 'resolutions', 'records'],
	'event:playback': ['destinations', 'devices', 'records'],
	'kind:playback': ['destinations', 'devices', 'formats', 'resolutions', 'records'],
	'product:"Plex Web"': ['destinations', 'devices', 'formats', 'records'],
};

describe('README filter examples', () => {
	const engine = new QueryEngine(sessionStore());
	it('are all checked here and none is a problem', () => {
		expect(examples.length).toBeGreaterThan(5);
		for (const e of examples) expect(filterProblem(e), e).toBeUndefined();
		for (const e of examples) if (e !== 'policy:location') expect(Object.keys(WHERE), e).toContain(e);
	});

	it.each(Object.entries(WHERE))('%s gives rows in %j', (filter, views) => {
		for (const view of views) expect(engine.rows(view, filter).length, `${filter} in ${view}`).toBeGreaterThan(0);
	});

	it('device:roku in Destinations is the hosts the Roku contacted; kind:playback the hosts that got playback data', () => {
		expect(engine.rows('destinations', 'device:roku').map((r) => r['host']).sort()).toEqual(['epg.provider.plex.tv', 'metadata.provider.plex.tv']);
		const playback = engine.rows('destinations', 'kind:playback');
		expect(playback.map((r) => r['host'])).toEqual(['analytics.plex.tv']);
		// What was selected is playback data, not requests: counted as such.
		expect(playback[0]).toMatchObject({requests: 0, playbacks: 2});
	});
});

import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {blockEntries, blockPlan, formatBlocklist, leftOutNotes} from '../source/audit/blocklist.js';
import {checkGates, parseGates} from '../source/audit/gate.js';
import {isReviewed, loadMarks, saveMarks, toggleMark, emptyMarks} from '../source/audit/marks.js';
import {createClassifier} from '../source/classify/classify.js';
import {OWN_SERVER} from '../source/model/hosts.js';
import type {DestinationRow} from '../source/views/destinations.js';
import type {IdentifierRow} from '../source/views/identifiers.js';
import type {PolicyRow} from '../source/views/policy.js';
import {playback, request, storeOf, viewRows} from './helpers/records.js';

const SECRET = 'tokSECRET0123456789';
const records = [
	request('analytics.plex.tv', {method: 'POST', event: 'playback:itemstart', fields: ['properties.container', 'properties.videoCodec', 'context.device.model'], identifiers: [{kind: 'identifier', name: 'deviceIdentifier', value: 'web-client-id-0001'}, {kind: 'secret', name: 'X-Plex-Token', value: SECRET}]}),
	request('analytics.plex.tv', {method: 'POST', event: 'client:view', identifiers: [{kind: 'identifier', name: 'deviceIdentifier', value: 'web-client-id-0001'}]}),
	request('plex.tv', {path: '/api/v2/geoip', identifiers: [{kind: 'secret', name: 'X-Plex-Token', value: SECRET}, {kind: 'device', name: 'X-Plex-Platform', value: 'Chrome'}]}),
	request('vod.provider.plex.tv', {path: '/library/sections'}),
	request('cdn.flashtalking.com', {path: '/ad.js'}),
	request('tracker.example.com'),
	request('192-168-1-20.0123456789abcdef0123456789abcdef.plex.direct', {port: 32400, identifiers: [{kind: 'secret', name: 'X-Plex-Token', value: SECRET}]}),
	request(OWN_SERVER, {port: 32400}),
	playback({host: 'analytics.plex.tv', container: 'mp4', videoCodec: 'h264', evidence: 'analytics playback:itemstart'}),
];
// The input shows the plex.direct server is the user's own (as its Preferences.xml or log would).
const classifier = createClassifier();
classifier.knowledge.learn({owner: 'own', plexDirectHash: '0123456789abcdef0123456789abcdef', evidence: 'test'});
const store = storeOf(records, {classifier});
const destinations = viewRows(store, 'destinations') as unknown as DestinationRow[];

describe('policy view', () => {
	const rows = viewRows(store, 'policy') as unknown as PolicyRow[];
	const row = (title: string) => rows.find((r) => r.category === title)!;

	it('names the evidence for every category that has some', () => {
		expect(row('Playback and media info')).toMatchObject({evidence: 'evidence', hosts: ['analytics.plex.tv']});
		expect(row('Playback and media info').fields).toEqual(expect.arrayContaining(['event playback:itemstart', 'properties.container', 'properties.videoCodec']));
		expect(row('Location')).toMatchObject({evidence: 'evidence', hosts: ['plex.tv'], fields: ['path /api/v2/geoip']});
		expect(row('Content watched')).toMatchObject({evidence: 'evidence', hosts: ['vod.provider.plex.tv']});
		expect(row('Ad interaction')).toMatchObject({evidence: 'evidence', hosts: ['cdn.flashtalking.com']});
		expect(row('App usage').fields).toContain('event client:view');
		// What was sent, not only the field names: values as every output shows them (identifiers masked).
		expect(row('Device data').fields).toEqual(expect.arrayContaining(['context.device.model', 'X-Plex-Platform = Chrome', expect.stringMatching(/^deviceIdentifier = web-…#[0-9a-f]{6}$/)]));
	});

	it('says "no evidence in this input" where there is none, and ignores what stayed on the LAN', () => {
		expect(row('Crash reports')).toMatchObject({evidence: 'no evidence in this input', records: 0, hosts: []});
		expect(row('Third-party integrations').evidence).toBe('no evidence in this input');
		for (const r of rows) expect(r.hosts.join(' ')).not.toMatch(/plex\.direct|this-server/);
	});

	it('a policy filter narrows records to one category', () => {
		expect(viewRows(store, 'records', 'policy:location')).toHaveLength(1);
	});
});

describe('identifiers view', () => {
	const rows = viewRows(store, 'identifiers') as unknown as IdentifierRow[];
	it('lists each value once, masked, with kind, count and destinations; secrets first', () => {
		expect(rows[0]).toMatchObject({kind: 'secret', names: ['X-Plex-Token'], count: 3, offsite: 2});
		expect(rows[0]!.value).toBe('[secret]');
		// The plex.direct name is shown with its address and server hash masked.
		expect(rows[0]!.destinations).toEqual([classifier.shown('192-168-1-20.0123456789abcdef0123456789abcdef.plex.direct'), 'analytics.plex.tv', 'plex.tv'].sort());
		expect(rows[0]!.destinations.join(' ')).not.toContain('0123456789abcdef');
		const client = rows.find((r) => r.names.includes('deviceIdentifier'))!;
		expect(client).toMatchObject({kind: 'identifier', count: 2, destinations: ['analytics.plex.tv']});
		expect(JSON.stringify(rows)).not.toContain(SECRET);
		expect(JSON.stringify(rows)).not.toContain('web-client-id-0001');
	});
});

describe('blocklist', () => {
	const entries = blockEntries(destinations, classifier, {include: new Set(['unknown'])});
	it('holds third-party, ads and vendor-analytics hosts, never first-party ones', () => {
		expect(entries.map((e) => e.host)).toEqual(['analytics.plex.tv', 'cdn.flashtalking.com', 'tracker.example.com']);
	});

	it('leaves out unknown hosts and metadata providers unless asked, and says so; warns when they are asked for', () => {
		const plan = blockPlan(destinations, classifier);
		expect(plan.entries.map((e) => e.host)).toEqual(['analytics.plex.tv', 'cdn.flashtalking.com']);
		expect(plan.leftOut).toEqual([{host: 'tracker.example.com', kind: 'unknown'}]);
		expect(leftOutNotes(plan)[0]).toMatch(/left out: 1 unknown host \(tracker\.example\.com\); to block them too: --blocklist-include unknown/);
		expect(formatBlocklist(plan.entries, 'hosts', leftOutNotes(plan))).toMatch(/^# left out: 1 unknown host/m);
		const metadata = [{...destinations[0]!, host: 'api.themoviedb.org', organization: 'TMDB', category: 'metadata' as const, party: 'third' as const}];
		expect(blockPlan(metadata, classifier).entries).toEqual([]);
		const asked = blockPlan(metadata, classifier, {include: new Set(['metadata'])});
		expect(asked.entries.map((e) => e.host)).toEqual(['api.themoviedb.org']);
		expect(asked.entries[0]!.warning).toMatch(/breaks library matching/);
		expect(blockEntries(destinations, classifier, {include: new Set(['unknown'])}).find((e) => e.host === 'tracker.example.com')?.warning).toMatch(/nobody knows this host/);
	});

	it('warns where blocking breaks playback', () => {
		expect(entries.find((e) => e.host === 'cdn.flashtalking.com')?.warning).toMatch(/break playback/);
		expect(entries.find((e) => e.host === 'analytics.plex.tv')?.warning).toBeUndefined();
	});

	it.each([
		['hosts', '0.0.0.0 analytics.plex.tv', '#'],
		['dnsmasq', 'address=/analytics.plex.tv/0.0.0.0', '#'],
		['adguard', '||analytics.plex.tv^', '!'],
		['unbound', 'local-zone: "analytics.plex.tv" always_nxdomain', '#'],
	] as const)('%s syntax, one comment per host', (format, line, commentChar) => {
		const text = formatBlocklist(entries, format);
		expect(text.split('\n')).toContain(line);
		for (const l of text.trim().split('\n')) expect(l.startsWith(commentChar) || /analytics|flashtalking|tracker/.test(l), l).toBe(true);
		expect(text).toContain(`${commentChar} Plex Inc., vendor-analytics`);
		expect(text).not.toContain(SECRET);
	});
});

describe('--fail-on gate', () => {
	it('trips on the kinds asked for and passes otherwise', () => {
		const g = parseGates('ads,vendor-analytics');
		expect('gates' in g && checkGates(g.gates, destinations)).toEqual([
			'ads: 1 destination: cdn.flashtalking.com (1)',
			'vendor-analytics: 1 destination: analytics.plex.tv (2)',
		]);
		expect(checkGates(['crash-reporting'], destinations)).toEqual([]);
		expect(parseGates('spyware')).toEqual({error: expect.stringMatching(/unknown kind "spyware"/)});
	});
});

describe('review marks', () => {
	it('round-trip through the file, toggle, and report a broken file clearly', () => {
		const path = join(mkdtempSync(join(tmpdir(), 'marks-')), 'sub', 'marks.json');
		expect(loadMarks(path)).toEqual({marks: emptyMarks()});
		const marks = toggleMark(emptyMarks(), 'plex.tv', new Date('2026-01-01T00:00:00Z'));
		saveMarks(path, marks);
		const loaded = loadMarks(path);
		expect('marks' in loaded && isReviewed(loaded.marks, 'plex.tv')).toBe(true);
		expect(isReviewed(toggleMark(marks, 'plex.tv'), 'plex.tv')).toBe(false);
		expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({version: 1, reviewed: {'plex.tv': {at: '2026-01-01T00:00:00.000Z'}}});
		saveMarks(path, {version: 1, reviewed: {}});
		const broken = join(mkdtempSync(join(tmpdir(), 'marks-')), 'm.json');
		writeFileSync(broken, '{"version":2}');
		expect(loadMarks(broken)).toEqual({error: expect.stringMatching(/m\.json: version: /)});
		writeFileSync(broken, '{"version":1,');
		expect(loadMarks(broken)).toEqual({error: expect.stringMatching(/m\.json: not valid JSON: /)});
		// Saved by an editor with a byte-order mark: read like any settings file (rules, tracker databases).
		writeFileSync(broken, `\uFEFF${JSON.stringify(marks)}`);
		expect(loadMarks(broken)).toEqual({marks});
	});
});

/**
Grouping by registrable domain through the query layer: which hosts fall together, which never do,
the party of a group, drill-down back to the hosts and records, and the views that list domains.
*/
import {describe, expect, it} from 'vitest';
import {domainOf, worstParty, type DomainRow} from '../source/views/domains.js';
import {QueryEngine} from '../source/views/query.js';
import {groupedView, groupsByDomain} from '../source/views/registry.js';
import {allRecords, request, storeOf} from './helpers/records.js';
import {matchesFilter} from './helpers/reference.js';
import {fieldValues, parseFilter} from '../source/views/filter.js';
import {choiceOf, initialState, positionOf, reducer, shownView, sortOf} from '../source/tui/state/reducer.js';
import {blocklistText} from '../source/audit/blocklist.js';
import {createClassifier} from '../source/classify/classify.js';
import type {DestinationRow} from '../source/views/destinations.js';
import {runMain} from './helpers/main.js';

const T = (minute: number): string => new Date(Date.UTC(2024, 0, 1, 10, minute)).toISOString();

const SAMPLE = [
	request('plex.tv', {time: T(5), bytesSent: 10, identifiers: [{kind: 'secret', name: 'X-Plex-Token', value: 'tok123456789'}]}),
	request('metrics.plex.tv', {time: T(1), bytesSent: 5}),
	request('analytics.plex.tv', {time: T(9)}),
	request('Analytics.Plex.TV.', {time: T(3)}),
	request('o123.ingest.sentry.io', {time: T(2)}),
	request('sentry.io', {time: T(4)}),
	request('d1abc.cloudfront.net', {time: T(6)}),
	request('d2xyz.cloudfront.net', {time: T(7)}),
	request('1-2-3-4.aaaa1111.plex.direct', {time: T(8)}),
	request('5-6-7-8.bbbb2222.plex.direct', {time: T(8)}),
	request('203.0.113.9', {time: T(8)}),
	request('192.168.1.20', {time: T(8), port: 32400}),
];

describe('grouping destinations by registrable domain', () => {
	const store = storeOf(SAMPLE);
	const engine = new QueryEngine(store);
	const rows = engine.run({view: 'destinations', filter: '', group: 'domain'}).rows.slice() as unknown as DomainRow[];
	const byDomain = (d: string): DomainRow | undefined => rows.find((r) => r.domain === d);

	it('folds the hosts of a domain into one row, with sums, span and every member named', () => {
		expect(byDomain('plex.tv')).toMatchObject({hostCount: 4, requests: 4, bytesSent: 15, firstSeen: T(1), lastSeen: T(9), hosts: ['Analytics.Plex.TV.', 'analytics.plex.tv', 'metrics.plex.tv', 'plex.tv']});
		expect(byDomain('plex.tv')!.identifiers).toEqual(['X-Plex-Token (secret)']);
		expect(byDomain('sentry.io')).toMatchObject({hostCount: 2, organizations: ['Sentry'], categories: ['crash-reporting'], party: 'third'});
		expect(rows[0]!.domain).toBe('plex.tv');
	});

	it('keeps private suffixes apart: each CloudFront customer and each Plex server is its own domain', () => {
		expect(byDomain('d1abc.cloudfront.net')).toMatchObject({hostCount: 1});
		expect(byDomain('d2xyz.cloudfront.net')).toMatchObject({hostCount: 1});
		expect(byDomain('cloudfront.net')).toBeUndefined();
		expect(byDomain('aaaa1111.plex.direct')).toMatchObject({hostCount: 1});
		expect(byDomain('bbbb2222.plex.direct')).toMatchObject({hostCount: 1});
	});

	it('an address is a group of its own, never merged with others', () => {
		expect(byDomain('203.0.113.9')).toMatchObject({hostCount: 1, hosts: ['203.0.113.9']});
		expect(byDomain('192.168.1.20')).toMatchObject({hostCount: 1, party: 'first'});
		expect(rows).toHaveLength(8);
	});

	it('the party of a domain is the most third of its hosts', () => {
		expect(worstParty(['first', 'vendor'])).toBe('vendor');
		expect(worstParty(['first', 'third', 'vendor'])).toBe('third');
		expect(worstParty(['first', 'first'])).toBe('first');
		expect(worstParty([])).toBe('third');
		const plex = byDomain('plex.tv')!;
		expect(plex.party).toBe('vendor');
		expect(plex.categories).toEqual(expect.arrayContaining(['vendor-analytics', 'vendor-api']));
	});

	it('every count of the ungrouped view is in exactly one domain row', () => {
		const hosts = engine.run({view: 'destinations', filter: ''}).rows.slice();
		const sum = (list: ReadonlyArray<Record<string, unknown>>, key: string): number => list.reduce((n, r) => n + (r[key] as number), 0);
		expect(sum(rows, 'requests')).toBe(sum(hosts, 'requests'));
		expect(sum(rows, 'hostCount')).toBe(hosts.length);
	});

	it('drill-down from a domain row gives exactly its hosts and records', () => {
		const view = groupedView('destinations', 'domain')!;
		const records = allRecords(store);
		for (const row of rows) {
			const filter = view.drill!(row as never);
			const hosts = engine.run({view: 'destinations', filter}).rows.slice().map((r) => r['host']);
			expect([...hosts].sort(), filter).toEqual(row.hosts);
			expect(records.filter((r) => matchesFilter(parseFilter(filter), r))).toHaveLength(row.requests);
		}
	});

	it('a domain is the registrable domain, or the host itself when there is none', () => {
		expect(domainOf('a.b.example.co.uk')).toBe('example.co.uk');
		expect(domainOf('PLEX.TV.')).toBe('plex.tv');
		expect(domainOf('co.uk')).toBe('co.uk');
		expect(domainOf('this-server')).toBe('this-server');
		// A plex.direct name as shown, address and hash masked: grouped under its (masked) server hash.
		expect(domainOf('192.168.…#77f265.0f3c…#fbbffc.plex.direct')).toBe('0f3c…#fbbffc.plex.direct');
		expect(domainOf('…#77f265.0f3c…#fbbffc.plex.direct')).toBe('0f3c…#fbbffc.plex.direct');
		expect(domainOf('::1')).toBe('::1');
		expect(domainOf('')).toBe('');
	});
});

describe('views that list hosts list domains when grouped', () => {
	const store = storeOf([
		request('analytics.plex.tv', {identifiers: [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'client-abc-123'}]}),
		request('metrics.plex.tv', {identifiers: [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'client-abc-123'}]}),
		request('o1.ingest.sentry.io', {identifiers: [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'client-abc-123'}]}),
	]);
	const engine = new QueryEngine(store);

	it('identifiers: Destinations lists domains; rows and counts are the same', () => {
		const plain = engine.run({view: 'identifiers', filter: ''}).rows.slice();
		const grouped = engine.run({view: 'identifiers', filter: '', group: 'domain'});
		expect(grouped.view.name).toBe('identifiers:domain');
		expect(plain[0]!['destinations']).toEqual(['analytics.plex.tv', 'metrics.plex.tv', 'o1.ingest.sentry.io']);
		expect(grouped.rows.at(0)!['destinations']).toEqual(['plex.tv', 'sentry.io']);
		expect(grouped.rows.slice().map((r) => r['count'])).toEqual(plain.map((r) => r['count']));
	});

	it('ledger: Hosts lists domains', () => {
		const grouped = engine.run({view: 'ledger', filter: '', group: 'domain'});
		expect(grouped.view.columns.find((c) => c.key === 'hosts')?.header).toBe('Domains');
		for (const row of grouped.rows.slice()) for (const d of row['hosts'] as string[]) expect(['plex.tv', 'sentry.io']).toContain(d);
	});

	it('views without hosts are the same view under either grouping', () => {
		for (const name of ['overview', 'formats', 'records', 'timeline', 'policy', 'settings']) {
			expect(groupsByDomain(name)).toBe(false);
			expect(engine.run({view: name, filter: '', group: 'domain'}).view.name).toBe(name);
		}
		expect(groupsByDomain('destinations')).toBe(true);
	});
});

const row = (host: string, extra: Partial<DestinationRow> = {}): DestinationRow => ({host, organization: 'unknown', category: 'unknown', party: 'third', requests: 1, playbacks: 0, blocked: 0, clients: 1, bytesSent: 0, bytesReceived: 0, firstSeen: undefined, lastSeen: undefined, identifiers: [], events: [], activity: '', period: '', labelSource: 'not classified', ...extra});

/** The names a blocklist blocks, in any of the formats. */
const blocked = (text: string): string[] =>
	text
		.split('\n')
		.filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
		.map((l) => /^0\.0\.0\.0 (.+)$|^address=\/(.+)\/0\.0\.0\.0$|^\|\|(.+)\^$|^local-zone: "(.+)" always_nxdomain$/.exec(l)!.slice(1).find(Boolean)!);

describe('blocklists per domain', () => {
	const classifier = createClassifier();
	const analytics = row('analytics.plex.tv', {organization: 'Plex Inc.', category: 'vendor-analytics', party: 'vendor'});
	const metrics = row('metrics.plex.tv', {organization: 'Plex Inc.', category: 'vendor-analytics', party: 'vendor'});
	const sentry = [row('o1.ingest.sentry.io', {organization: 'Sentry', category: 'crash-reporting'}), row('o2.ingest.sentry.io', {organization: 'Sentry', category: 'crash-reporting'})];
	const ads = row('servedby.flashtalking.com', {organization: 'Flashtalking (Mediaocean)', category: 'ads'});

	it('one entry per domain where every host seen is to be blocked, in the formats that block subdomains', () => {
		for (const format of ['dnsmasq', 'adguard', 'unbound'] as const) {
			const {text} = blocklistText([...sentry, ads], classifier, format, {perDomain: true});
			expect(blocked(text), format).toEqual(['flashtalking.com', 'sentry.io']);
			expect(text).toContain('sentry.io and all its subdomains: Sentry, crash-reporting');
			expect(text).toContain('2 hosts seen under it, all to be blocked (o1.ingest.sentry.io, o2.ingest.sentry.io)');
			// The warning of a host that breaks playback goes with its domain.
			expect(text).toMatch(/flashtalking\.com and all its subdomains[^\n]*\n. WARNING: blocking this host is known to break playback/);
			expect(text).toContain('2 entries (per domain)');
		}
	});

	it('never plex.tv for Plex analytics hosts, even when no other plex.tv host was seen: the rules know sign-in is under it', () => {
		const {text, plan} = blocklistText([analytics, metrics], classifier, 'adguard', {perDomain: true});
		expect(blocked(text)).toEqual(['analytics.plex.tv', 'metrics.plex.tv']);
		expect(plan.domainsKept).toEqual([{domain: 'plex.tv', why: expect.stringMatching(/^plex\.tv \(Plex Inc\., vendor-api: accounts, sign-in/)}]);
		expect(text).toContain('plex.tv: plex.tv (Plex Inc., vendor-api');
	});

	it('a domain with a host seen that is not to be blocked, or with the user\'s server under it, is listed host by host', () => {
		const mixed = [row('x.mixed.example', {category: 'ads'}), row('www.mixed.example', {party: 'vendor', category: 'vendor-api'})];
		const own = [row('t.own.example', {category: 'ads'}), row('nas.own.example', {party: 'first', category: 'media-server'})];
		const {text, plan} = blocklistText([...mixed, ...own], classifier, 'dnsmasq', {perDomain: true});
		expect(blocked(text)).toEqual(['t.own.example', 'x.mixed.example']);
		expect(plan.domainsKept?.map((k) => k.domain)).toEqual(['mixed.example', 'own.example']);
	});

	it('a hosts file cannot block subdomains: it lists every host and says so', () => {
		const {text} = blocklistText([...sentry, ads], classifier, 'hosts', {perDomain: true});
		expect(blocked(text)).toEqual(['o1.ingest.sentry.io', 'o2.ingest.sentry.io', 'servedby.flashtalking.com']);
		expect(text).toContain('a hosts file cannot block subdomains');
		expect(text).toContain('3 hosts');
	});

	it('without per domain, the same rows give the hosts', () => {
		expect(blocked(blocklistText([...sentry, ads], classifier, 'adguard').text)).toEqual(['o1.ingest.sentry.io', 'o2.ingest.sentry.io', 'servedby.flashtalking.com']);
	});
});

describe('--group domain in print mode', () => {
	const SAMPLE = new URL('../samples/plex-web-session.har', import.meta.url).pathname;

	it('prints a Destinations row per domain, JSON with every column', async () => {
		const table = await runMain(['--print', '--group', 'domain', SAMPLE]);
		expect(table.code).toBe(0);
		expect(table.stdout).toContain('Destinations by domain');
		expect(table.stdout).toMatch(/│ plex\.tv +│ Plex Inc\. +│ vendor │ +7 │ +13 │/);
		expect(table.stdout).not.toContain('analytics.plex.tv');
		const json = await runMain(['--print', '-g', 'domain', '--output', 'json', SAMPLE]);
		const parsed = JSON.parse(json.stdout) as {destinations?: Array<Record<string, unknown>>} | Array<Record<string, unknown>>;
		const rows = Array.isArray(parsed) ? parsed : (Object.values(parsed)[0] as Array<Record<string, unknown>>);
		const plex = rows.find((r) => r['domain'] === 'plex.tv')!;
		expect(plex).toMatchObject({party: 'vendor', hostCount: 7, requests: 13});
		expect(plex['hosts']).toContain('analytics.plex.tv');
	});

	it('says which asked views have no hosts to group; refuses an unknown grouping', async () => {
		const r = await runMain(['--print', '--group', 'domain', '--view', 'destinations,formats', SAMPLE]);
		expect(r.stderr).toContain('formats has no hosts to group and is printed as it is');
		const bad = await runMain(['--print', '--group', 'org', SAMPLE]);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('--group must be one of host, domain');
	});

	it('--blocklist with --group domain writes domains where safe, never plex.tv', async () => {
		const r = await runMain(['--blocklist', 'adguard', '--group', 'domain', SAMPLE]);
		expect(r.code).toBe(0);
		expect(blocked(r.stdout)).toEqual(['analytics.plex.tv', 'flashtalking.com', 'typekit.net']);
		const hosts = await runMain(['--blocklist', 'hosts', '--group', 'domain', SAMPLE]);
		expect(blocked(hosts.stdout)).toEqual(['analytics.plex.tv', 'servedby.flashtalking.com', 'use.typekit.net']);
		expect(hosts.stderr).toContain('a hosts file cannot block subdomains');
	});
});

describe('the UI state under grouping (pure reducer)', () => {
	it('z keeps sorts meaningful (host ↔ domain), resets cursors, and column choices stay per shown view', () => {
		let s = initialState({view: 'destinations'});
		s = reducer(s, {type: 'sortCycle', keys: ['host'], delta: 1});
		expect(sortOf(s)).toEqual({key: 'host', descending: false});
		s = reducer(s, {type: 'move', target: {by: 3}, extent: {total: 10, height: 5}});
		s = reducer(s, {type: 'group', group: 'domain'});
		expect(s.group).toBe('domain');
		expect(sortOf(s)).toEqual({key: 'domain', descending: false});
		expect(positionOf(s).cursor).toBe(0);
		expect(shownView(s)).toBe('destinations:domain');
		s = reducer(s, {type: 'openOverlay', overlay: 'columns'});
		s = reducer(s, {type: 'chooserToggle'});
		expect(Object.keys(s.columns)).toEqual(['destinations:domain']);
		expect(choiceOf(s)[0]).toEqual({key: 'domain', shown: false});
		s = reducer(s, {type: 'group', group: 'host'});
		expect(sortOf(s)).toEqual({key: 'host', descending: false});
		expect(choiceOf(s)[0]).toEqual({key: 'host', shown: true});
		// A sort by a column only the domain rows have falls back to the host view's own.
		s = reducer(reducer(s, {type: 'group', group: 'domain'}), {type: 'sortCycle', keys: ['hostCount'], delta: 1});
		expect(sortOf(s)).toEqual({key: 'hostCount', descending: true});
		s = reducer(s, {type: 'group', group: 'host'});
		expect(sortOf(s)).toEqual({key: 'requests', descending: true});
	});

	it('a drill from a domain row shows hosts, and back returns to the domains', () => {
		let s = initialState({view: 'destinations', group: 'domain'});
		s = reducer(s, {type: 'drill', view: 'destinations', filter: 'domain:=plex.tv', group: 'host'});
		expect(s).toMatchObject({group: 'host', filter: 'domain:=plex.tv', view: 'destinations'});
		s = reducer(s, {type: 'back'});
		expect(s).toMatchObject({group: 'domain', filter: ''});
	});

	it('Tab completes domains', () => {
		const values = fieldValues(storeOf(SAMPLE), 'domain');
		expect(values).toContain('plex.tv');
		expect(values).toContain('d1abc.cloudfront.net');
		expect(values).not.toContain('analytics.plex.tv');
	});
});

/** Issue 16 item 1: a tracker database beneath our rules; `--tracker-db FILE`; settings against the wire (item 5); blocklists (issue 19 item 13). */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {blockPlan, formatBlocklist} from '../source/audit/blocklist.js';
import {createClassifier} from '../source/classify/classify.js';
import {settingsFindings, type HostSummary} from '../source/classify/settings.js';
import {loadTrackerDbFile, parseTrackerDb} from '../source/classify/tracker-db-file.js';
import {CRASH_REPORTERS, THIRD_PARTY_WEB_CATEGORIES, thirdPartyWeb, thirdPartyWebEntities} from '../source/classify/tracker-db.js';
import {formatOrigin, telemetryRecordSchema, type RequestRecord, type SettingRecord} from '../source/model/records.js';
import {categorySchema} from '../source/model/records.js';
import type {DestinationRow} from '../source/views/destinations.js';
import {suffixParentsSource, thirdPartyWebSource} from './helpers/generate-classify-data.js';
import {ingestFiles} from './helpers/ingest-files.js';
import {allRecords} from './helpers/records.js';

describe('third-party-web beneath our rules', () => {
	it('the committed table is what `npm run data` makes from the pinned package', async () => {
		expect(readFileSync(new URL('../source/classify/data/third-party-web.ts', import.meta.url), 'utf8')).toBe(thirdPartyWebSource());
		expect(readFileSync(new URL('../source/classify/data/suffix-parents.ts', import.meta.url), 'utf8')).toBe(await suffixParentsSource());
		const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {devDependencies: Record<string, string>; dependencies: Record<string, string>};
		expect(pkg.devDependencies['third-party-web']).toMatch(/^\d+\.\d+\.\d+$/);
		expect(pkg.dependencies['tldts']).toMatch(/^\d+\.\d+\.\d+$/);
	});

	it('maps every category the database uses onto ours; only `other` says nothing', () => {
		const used = new Set(thirdPartyWebEntities().map((e) => e.sourceCategory).filter((c) => c !== 'corrected'));
		for (const c of used) expect(THIRD_PARTY_WEB_CATEGORIES[c], c).toBeDefined();
		for (const ours of Object.values(THIRD_PARTY_WEB_CATEGORIES)) expect(categorySchema.options).toContain(ours);
		expect(Object.entries(THIRD_PARTY_WEB_CATEGORIES).filter(([, v]) => v === 'unknown').map(([k]) => k)).toEqual(['other']);
	});

	it.each([
		['o123.ingest.sentry-cdn.com', 'Sentry', 'crash-reporting'],
		['sessions.bugsnag.com', 'Bugsnag', 'crash-reporting'],
		['api.rollbar.com', 'Rollbar', 'crash-reporting'],
		['bat.bing.com', 'Bing Ads', 'ads'],
		['connect.facebook.net', 'Facebook', 'integration'],
		['use.typekit.net', 'Adobe', undefined],
	] as const)('%s → %s, %s', (host, org, category) => {
		const c = createClassifier().classify(host);
		expect(c.source.kind).toBe('tracker-db');
		expect(c.organization).toContain(org);
		if (category) expect(c.category).toBe(category);
		expect(c.party).toBe('third');
	});

	it('crash reporters are crash-reporting whatever the database calls them', () => {
		for (const e of thirdPartyWebEntities().filter((x) => CRASH_REPORTERS.has(x.entity))) expect(e.category, e.entity).toBe('crash-reporting');
	});

	it('no root-domain guess, no reach across a public suffix, and the over-broad entries are corrected', () => {
		const db = thirdPartyWeb();
		expect(db.lookup('update.microsoft.com')).toMatchObject({organization: 'Microsoft', category: 'unknown'});
		expect(db.lookup('www.apple.com')).toMatchObject({organization: 'Apple', category: 'unknown'});
		expect(db.lookup('someone.github.io')).toBeUndefined();
		expect(db.lookup('github.io')).toMatchObject({organization: 'GitHub'});
		expect(db.lookup('google-analytics.com.evil.example')).toBeUndefined();
	});

	it('our rules always win', () => {
		// third-party-web files *.plex.tv nowhere, but Google Analytics and Sentry are in both: ours decide.
		const c = createClassifier();
		expect(c.classify('www.google-analytics.com')).toMatchObject({source: {kind: 'rule'}, organization: 'Google'});
		expect(c.classify('o1.ingest.sentry.io')).toMatchObject({source: {kind: 'rule'}, category: 'crash-reporting'});
		expect(createClassifier([], {builtinTrackerDb: false}).classify('bat.bing.com').source.kind).toBe('none');
	});
});

describe('--tracker-db FILE', () => {
	const dir = mkdtempSync(join(tmpdir(), 'tdb-'));
	const write = (name: string, value: unknown): string => {
		const path = join(dir, name);
		writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
		return path;
	};

	it('Ghostery trackerdb.json', () => {
		const path = write('trackerdb.json', {version: 945, patterns: {plex_metrics: {name: 'Plex Metrics', category: 'site_analytics', organization: 'plex', domains: ['analytics.plex.tv', 'metrics.plex.tv']}, adco: {name: 'AdCo Pixel', category: 'site_analytics', organization: null, domains: ['adco.example']}}, organizations: {plex: {name: 'Plex'}}});
		const r = loadTrackerDbFile(path);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		const c = createClassifier([], {trackerDbs: [r.db]});
		expect(c.classify('px.adco.example')).toMatchObject({organization: 'AdCo Pixel', category: 'ads', source: {kind: 'tracker-db', name: 'Ghostery TrackerDB (trackerdb.json)', version: '945', entity: 'AdCo Pixel'}});
		// Ours still win for analytics.plex.tv.
		expect(c.classify('analytics.plex.tv').source.kind).toBe('rule');
	});

	it('DuckDuckGo tds.json and a Tracker Radar domain file', () => {
		const tds = parseTrackerDb(JSON.stringify({trackers: {'adnxs.com': {domain: 'adnxs.com', owner: {name: 'Microsoft Corporation', displayName: 'Microsoft'}, categories: ['Ad Motivated Tracking', 'Advertising'], default: 'block'}}}), 'tds.json');
		expect(tds.ok && tds.db.lookup('ib.adnxs.com')).toMatchObject({organization: 'Microsoft', category: 'ads', entity: 'Microsoft Corporation'});
		const one = parseTrackerDb(JSON.stringify({domain: 'plex.tv', owner: {name: 'Plex GmbH', displayName: 'Plex'}, categories: [], prevalence: 0.00005}), 'plex.tv.json');
		expect(one.ok && one.db.lookup('images.plex.tv')).toMatchObject({organization: 'Plex', category: 'unknown'});
	});

	it('Disconnect services.json', () => {
		const r = parseTrackerDb(JSON.stringify({license: 'x', categories: {Advertising: [{Flashtalking: {'http://www.flashtalking.com/': ['flashtalking.com'], performance: 'true'}}], Social: [{Twitter: {'https://twitter.com/': ['twitter.com', 'twimg.com']}}]}}), 'services.json');
		expect(r.ok && r.db.lookup('cdn.flashtalking.com')).toMatchObject({organization: 'Flashtalking', category: 'ads'});
		expect(r.ok && r.db.lookup('pbs.twimg.com')).toMatchObject({organization: 'Twitter', category: 'integration'});
	});

	it('refuses what is not a database, a non-regular file, and a file over the cap, with one clear line', () => {
		expect(loadTrackerDbFile(write('x.json', '[1,2]'))).toEqual({ok: false, error: expect.stringMatching(/x\.json: not a tracker database this tool reads/)});
		expect(loadTrackerDbFile(write('bad.json', {patterns: {a: {category: 'ads'}}}))).toEqual({ok: false, error: expect.stringMatching(/bad\.json: looks like a Ghostery TrackerDB but patterns\.a\.name/)});
		expect(loadTrackerDbFile(dir)).toEqual({ok: false, error: `${dir}: not a regular file (a folder); not read`});
		expect(loadTrackerDbFile('/dev/zero')).toEqual({ok: false, error: '/dev/zero: not a regular file (a device); not read'});
		expect(loadTrackerDbFile(write('big.json', {patterns: {}}), 5)).toEqual({ok: false, error: expect.stringMatching(/too large \(a tracker database is read whole, at most 5 bytes\)/)});
		expect(loadTrackerDbFile(join(dir, 'missing.json'))).toEqual({ok: false, error: expect.stringMatching(/cannot read: ENOENT/)});
	});
});

const row = (host: string, extra: Partial<DestinationRow> = {}): DestinationRow => ({host, organization: 'unknown', category: 'unknown', party: 'third', requests: 1, playbacks: 0, blocked: 0, clients: 1, bytesSent: 0, bytesReceived: 0, firstSeen: undefined, lastSeen: undefined, identifiers: [], events: [], activity: '', period: '', labelSource: 'not classified', ...extra});

describe('blocklists never name a suffix, a parent of the user\'s server, or a LAN reverse zone (issue 19 item 13)', () => {
	const own = '0123456789abcdef0123456789abcdef';
	const rows = [
		row('plex.direct'),
		row('co.uk'),
		row('amazonaws.com'),
		row('cloudfront.net'),
		row('home.arpa'),
		row('1.168.192.in-addr.arpa'),
		row('20.1.168.192.in-addr.arpa'),
		row('in-addr.arpa'),
		row(`${own}.plex.direct`, {category: 'media-server'}),
		row(`192-168-1-20.${own}.plex.direct`, {party: 'first', category: 'media-server', organization: 'Your Plex server'}),
		row('example.com'),
		row('nas.example.com', {party: 'first'}),
		row('8.8.8.8.in-addr.arpa'),
		row('tracker.evil.example'),
		row('ads.evil.example'),
	];
	// The rows are of unknown category: asked for, as with --blocklist-include unknown.
	const plan = blockPlan(rows, createClassifier(), {include: new Set(['unknown'])});

	it('keeps only what is safe to block', () => {
		expect(plan.entries.map((e) => e.host)).toEqual(['8.8.8.8.in-addr.arpa', 'ads.evil.example', 'tracker.evil.example']);
		const withheld = Object.fromEntries(plan.withheld.map((w) => [w.host, w.why]));
		expect(withheld).toMatchObject({
			'plex.direct': expect.stringMatching(/public suffix/),
			'co.uk': expect.stringMatching(/public suffix/),
			'amazonaws.com': expect.stringMatching(/public suffixes lie beneath it/),
			'cloudfront.net': expect.stringMatching(/public suffix/),
			'home.arpa': expect.stringMatching(/local name|public suffix/),
			'1.168.192.in-addr.arpa': expect.stringMatching(/reverse zone/),
			'example.com': expect.stringMatching(/your own server is under it/),
		});
		for (const format of ['hosts', 'dnsmasq', 'adguard', 'unbound'] as const) {
			const text = formatBlocklist(plan.entries, format);
			expect(text).not.toMatch(/plex\.direct|co\.uk|amazonaws|192\.in-addr|example\.com/);
		}
	});

	it('comments name the source of each label', () => {
		const text = formatBlocklist(blockPlan([row('bat.bing.com', {organization: 'Bing Ads', category: 'ads'})], createClassifier()).entries, 'hosts');
		expect(text).toContain('[source: third-party-web 0.30.0: Bing Ads]');
	});

	it('per domain: one entry where every host seen under a domain is to be blocked, hosts otherwise', () => {
		const perDomain = blockPlan([row('a.evil.example'), row('b.evil.example'), row('x.mixed.example'), row('www.mixed.example', {party: 'vendor', category: 'vendor-api'}), row('y.mixed.example')], createClassifier(), {perDomain: true, include: new Set(['unknown'])});
		expect(perDomain.entries.map((e) => e.host)).toEqual(['evil.example', 'x.mixed.example', 'y.mixed.example']);
	});
});

describe('settings against the wire (issue 16 item 5)', () => {
	const prefs = `<?xml version="1.0" encoding="utf-8"?>
<Preferences OldestPreviousVersion="1.41.5.9522-a96edc606" MachineIdentifier="fa1e0000demo0000machine0000identifier000" ProcessedMachineIdentifier="89abcdef0123456789abcdef0123456789abcdef" AnonymousMachineIdentifier="aaaabbbb-cccc-dddd-eeee-ffff00001111" MetricsEpoch="1" AcceptedEULA="1" FriendlyName="Living Room NAS" PublishServerOnPlexOnlineKey="1" PlexOnlineToken="xFAKEserverTOKEN7890" PlexOnlineUsername="demo-user" PlexOnlineMail="demo@example.invalid" CertificateUUID="3d85b42aedcd45b78c6aa78510eb6de6" sendCrashReports="0" ManualPortMappingMode="1" plexMetricsUrl="https://metrics.plex.tv"/>
`;
	const crashLine = 'Jan 30, 2025 19:23:31.622 [59948] DEBUG - [JobRunner] Job running: "C:\\Program Files\\Plex\\Plex Media Server\\CrashUploader.exe" --version=1.41.3.9314-a0bfb8370 --platform=Windows --serverUuid=ea387404b0114bb0ca9998e219350751b55dbfdd --url=https://crashreport.plexapp.com --sessionStatus=crashed';
	const pmsLog = ['Jan 30, 2025 19:20:00.000 [59948] DEBUG - [CERT] Subject name is /CN=*.3d85b42aedcd45b78c6aa78510eb6de6.plex.direct', 'Jan 30, 2025 19:21:00.000 [59948] DEBUG - HTTP requesting GET https://plex.tv/api/v2/user', crashLine, crashLine, crashLine].join('\n');

	it('Preferences.xml is detected, its settings read, identifiers masked and learned, the server is the user\'s', async () => {
		const {store, classifier} = await ingestFiles({'Preferences.xml': prefs});
		const settings = allRecords(store).filter((r): r is SettingRecord => r.kind === 'setting');
		for (const s of settings) telemetryRecordSchema.parse(s);
		const byName = new Map(settings.map((s) => [s.name, s]));
		expect(byName.get('sendCrashReports')).toMatchObject({product: 'plex', value: '0', evidence: 'send crash reports to Plex', origin: {line: 2}});
		expect(byName.get('plexMetricsUrl')).toMatchObject({host: 'metrics.plex.tv', classification: {organization: 'Plex Inc.', category: 'vendor-analytics'}});
		expect(byName.get('AnonymousMachineIdentifier')?.identifiers).toEqual([{kind: 'identifier', name: 'AnonymousMachineIdentifier', value: expect.stringMatching(/#/)}]);
		const text = JSON.stringify(settings);
		for (const raw of ['fa1e0000demo0000machine', 'aaaabbbb-cccc', 'xFAKEserverTOKEN7890', 'demo@example.invalid', 'Living Room NAS']) expect(text).not.toContain(raw);
		expect(classifier.classify('1-2-3-4.3d85b42aedcd45b78c6aa78510eb6de6.plex.direct')).toMatchObject({party: 'first', organization: 'Your Plex server', source: {note: expect.stringMatching(/Preferences\.xml/)}});
		expect(settings.some((s) => s.name === 'OldestPreviousVersion')).toBe(false);
	});

	it('crash reports off beside a log that sends them: the contradiction, with its evidence', async () => {
		const {store} = await ingestFiles({'Preferences.xml': prefs, 'Plex Media Server.log': `${pmsLog}\n`});
		const settings = allRecords(store).filter((r): r is SettingRecord => r.kind === 'setting');
		const hosts = new Map<string, HostSummary & {requests: number}>();
		for (const r of allRecords(store)) {
			if (r.kind !== 'request' || !r.classification) continue;
			const h = hosts.get(r.host) ?? {host: r.host, organization: r.classification.organization, category: r.classification.category, requests: 0, firstOrigin: formatOrigin(r.origin)};
			h.requests++;
			hosts.set(r.host, h);
		}
		const rows = settingsFindings(settings, [...hosts.values()]);
		expect(rows[0]).toMatchObject({product: 'plex', setting: 'sendCrashReports', value: '0', verdict: 'contradicted', hosts: ['crashreport.plexapp.com']});
		expect(rows[0]!.finding).toMatch(/^sendCrashReports = 0 \(crash reports off\), but crashreport\.plexapp\.com was contacted 3 times, first at .*Plex Media Server\.log:3$/);
		expect(rows.find((r) => r.setting === 'plexMetricsUrl')).toMatchObject({verdict: 'consistent'});
		expect(rows.find((r) => r.setting === 'FriendlyName')).toMatchObject({verdict: 'no check'});
		// The Settings view says the same, from the store.
		const {viewRows} = await import('./helpers/records.js');
		const view = viewRows(store, 'settings');
		expect(view[0]).toMatchObject({setting: 'sendCrashReports', verdict: 'contradicted', hosts: ['crashreport.plexapp.com']});
		expect(view[0]!['finding']).toBe(rows[0]!.finding);
	});

	it('Emby and Jellyfin system.xml: detected, told apart, checked', async () => {
		const emby = `<?xml version="1.0" encoding="utf-8"?>
<ServerConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <EnableUPnP>false</EnableUPnP>
  <PublicPort>8096</PublicPort>
  <EnableAnonymousUsageReporting>false</EnableAnonymousUsageReporting>
  <WanDdns>media.example.org</WanDdns>
  <ServerName>Den</ServerName>
</ServerConfiguration>
`;
		const jellyfin = `<?xml version="1.0" encoding="utf-8"?>
<ServerConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <EnableMetrics>false</EnableMetrics>
  <PluginRepositories>
    <RepositoryInfo>
      <Name>Jellyfin Stable</Name>
      <Url>https://repo.jellyfin.org/files/plugin/manifest.json</Url>
      <Enabled>true</Enabled>
    </RepositoryInfo>
  </PluginRepositories>
  <QuickConnectAvailable>true</QuickConnectAvailable>
</ServerConfiguration>
`;
		const {store, classifier} = await ingestFiles({'emby-system.xml': emby, 'jellyfin-system.xml': jellyfin});
		const settings = allRecords(store).filter((r): r is SettingRecord => r.kind === 'setting');
		expect(settings.filter((s) => s.product === 'emby').map((s) => s.name)).toEqual(['EnableUPnP', 'PublicPort', 'EnableAnonymousUsageReporting', 'WanDdns', 'ServerName']);
		expect(settings.find((s) => s.name === 'PluginRepositories.RepositoryInfo.Url')).toMatchObject({product: 'jellyfin', host: 'repo.jellyfin.org', origin: {line: 7}, classification: {organization: 'Jellyfin project'}});
		expect(classifier.classify('media.example.org')).toMatchObject({party: 'first', organization: 'Your media server'});
		const rows = settingsFindings(settings, [{host: 'www.mb3admin.com', organization: 'Emby LLC', category: 'vendor-analytics', requests: 2, firstOrigin: 'embyserver.txt:12'}]);
		expect(rows[0]).toMatchObject({setting: 'EnableAnonymousUsageReporting', verdict: 'may be contradicted'});
		expect(rows[0]!.finding).toMatch(/was contacted 2 times, first at embyserver\.txt:12 \(mb3admin\.com also serves/);
	});

	it('the records view and the overview ignore settings safely', async () => {
		const {store} = await ingestFiles({'Preferences.xml': prefs});
		const {viewRows} = await import('./helpers/records.js');
		expect(viewRows(store, 'destinations')).toEqual([]);
		expect(viewRows(store, 'records').length).toBeGreaterThan(5);
		expect(viewRows(store, 'overview')).toContainEqual({section: 'records', item: 'settings', value: expect.stringMatching(/^\d+$/)});
		expect((allRecords(store).filter((r) => r.kind === 'request') as RequestRecord[]).length).toBe(0);
	});
});

/**
Issue 16 (provenance, registrable domains, spoofing-proof matching) and issue 19 items 3, 10, 11, 12:
every label names its source; hosts are read as a browser reads them; no port, name shape or
look-alike makes a host Plex's or the user's own; globs match in linear time.
*/
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {compileGlob} from '../source/classify/glob.js';
import {isLocalName, isPrivateReverseZone, isPublicSuffix, MAX_HOST_LENGTH, normalizeHost, plexDirect, registrableDomain} from '../source/classify/host.js';
import {parseRules} from '../source/classify/rules-file.js';
import {splitUrl} from '../source/formats/common/url.js';
import type {RequestRecord} from '../source/model/records.js';
import {ingestFiles} from './helpers/ingest-files.js';
import {allRecords} from './helpers/records.js';
// URLs whose host a naive split gets wrong, with the host and path the WHATWG URL parser gives.
import WHATWG_HOSTS from './classify-provenance.whatwg-hosts.json' with {type: 'json'};

const SAMPLE = new URL('../samples/plex-web-session.har', import.meta.url).pathname;

const har = (urls: readonly string[]): string =>
	JSON.stringify({log: {version: '1.2', creator: {name: 'test', version: '1'}, entries: urls.map((url) => ({startedDateTime: '2025-01-01T00:00:00Z', request: {method: 'GET', url, headers: []}, response: {status: 200, headers: [], content: {size: 0}}}))}});

describe('spoofed hosts get no vendor and no first-party label (issue 16 item 4, issue 19 items 10–12)', () => {
	const classifier = createClassifier();
	// Each as a URL, read the way a browser reads it, then classified.
	const spoofs = [
		'https://plex.tv.evil.example/',
		'https://PLEX.TV.EVIL.EXAMPLE./',
		'https://evilplex.tv/',
		'https://EvilPlex.TV./x',
		'https://plex.tv.evil.example:32400/',
		'https://plex.tv@evil.example/',
		'https://plex.tv:443@evil.example/',
		'https://evil.example\\@plex.tv/',
		'https:\\\\evil.example\\@plex.tv/',
		'https://pl\u0435x.tv/', // Cyrillic е
		'https://\u0440lex.tv/', // Cyrillic р
		'https://analytics.pl\u0435x.tv/',
		'https://192-168-1-5.0123456789abcdef0123456789abcdef.plex.direct.evil.example/',
		'https://192-168-1-5.x.plex.direct.evil.example/',
		'https://evil\u3002com/',
		'https://evil\uff0ecom/',
		'https://evil\uff61com:32400/',
		'https://tracker.evil.example:8920/',
		'https://ads.evil.example:32400/',
		'http://ads.evil.example:8096/',
		'https://203.0.113.9:32400/',
		'https://[2001:db8::1]:8920/',
		'https://mb3admin.com.evil.example/',
		'https://jellyfin.org.evil.example/',
	];
	it.each(spoofs)('%s', (url) => {
		const {host, port} = splitUrl(url);
		const c = classifier.classify(host, port);
		expect(c.party, `${url} → ${host}`).toBe('third');
		expect(c.organization).not.toMatch(/plex|jellyfin|emby|your/i);
		expect(c.category).not.toBe('media-server');
	});

	it('the same hosts through the HAR parser and the pipeline: third party, so --fail-on and the blocklist see them', async () => {
		const {store} = await ingestFiles({'spoof.har': har(spoofs)});
		const requests = allRecords(store).filter((r): r is RequestRecord => r.kind === 'request');
		expect(requests).toHaveLength(spoofs.length);
		for (const r of requests) expect(r.classification, r.host).toMatchObject({party: 'third'});
		expect(requests.map((r) => r.host)).toContain('evil.example');
		expect(requests.map((r) => r.host)).toContain('evil.com');
		expect(requests.map((r) => r.host)).toContain('xn--plx-sdd.tv');
	});

	it('the real names, written oddly, are still what they are', () => {
		for (const url of ['https://PLEX.TV./', 'https://plex.tv:443/', 'https://user@plex.tv/', 'https://plex%2Etv/']) {
			const {host, port} = splitUrl(url);
			expect(classifier.classify(host, port), url).toMatchObject({organization: 'Plex Inc.', party: 'vendor', source: {kind: 'rule', name: 'built-in rules'}});
		}
		expect(classifier.classify('ANALYTICS.plex.tv.')).toMatchObject({category: 'vendor-analytics'});
	});

	it('hosts no URL parser accepts, and hosts longer than 253 characters, get no label', () => {
		for (const host of ['plex.tv/evil', 'a b.plex.tv', 'x'.repeat(MAX_HOST_LENGTH - 7) + '.plex.tv', 'plex..tv', '']) {
			const c = classifier.classify(host);
			expect(c, JSON.stringify(host)).toMatchObject({organization: 'unknown', party: 'third', source: {kind: 'none'}});
		}
	});
});

describe('WHATWG host normalisation (issue 19 item 11)', () => {
	it.each(WHATWG_HOSTS)('$url → host $host, path $path', ({url, host, path}) => {
		expect(splitUrl(url)).toMatchObject({host, path});
	});

	it('normalizeHost: local names are local only after normalisation', () => {
		expect(isLocalName(normalizeHost('evil\u3002com')!)).toBe(false);
		expect(isLocalName(normalizeHost('NAS')!)).toBe(true);
		expect(normalizeHost('nas.local.')).toBe('nas.local');
		expect(normalizeHost('plex.tv/x')).toBeUndefined();
	});
});

describe('plex.direct: first party only for the servers the input shows as the user\'s (issue 19 item 12)', () => {
	const own = '0f3c9a7e5b2d48c6a1e9f07d3b5c2a18';
	const friend = 'aaaa1111bbbb2222cccc3333dddd4444';

	it('with no evidence: a Plex server not shown to be yours, third party', () => {
		expect(createClassifier().classify(`192-168-1-20.${own}.plex.direct`, 32400)).toMatchObject({organization: 'a Plex server (not shown to be yours)', party: 'third', category: 'media-server', domain: `${own}.plex.direct`});
	});

	it('the sample HAR: plex.tv\'s server list says owned, so its plex.direct name is the user\'s server', async () => {
		const {store, classifier} = await ingestFiles({'session.har': readFileSync(SAMPLE, 'utf8')});
		const server = allRecords(store).find((r): r is RequestRecord => r.kind === 'request' && r.host.endsWith('.plex.direct'));
		expect(server?.classification).toMatchObject({organization: 'Your Plex server', party: 'first', source: {kind: 'learned', note: expect.stringMatching(/plex\.tv server list says owned, .*session\.har entry #3/)}});
		expect(classifier.knowledge.summary()).toEqual({own: 1, other: 0, unknown: 0});
		// The evidence names no identifier.
		expect(JSON.stringify(server?.classification)).not.toContain('fa1e0000demo');
	});

	it('a friend\'s shared server (owned: false) is "a Plex server (not yours)", third party', async () => {
		const resources = JSON.stringify([
			{name: 'Mine', provides: 'server', owned: true, clientIdentifier: 'm1', connections: [{uri: `https://10-0-0-5.${own}.plex.direct:32400`, address: '10.0.0.5'}]},
			{name: 'Friend', provides: 'server', owned: false, clientIdentifier: 'f1', publicAddress: '198.51.100.7', connections: [{uri: `https://192-168-1-5.${friend}.plex.direct:32400`, address: '192.168.1.5'}]},
		]);
		const doc = JSON.stringify({log: {version: '1.2', creator: {name: 't', version: '1'}, entries: [
			{request: {method: 'GET', url: 'https://plex.tv/api/v2/resources?includeHttps=1', headers: []}, response: {status: 200, headers: [], content: {mimeType: 'application/json', text: resources}}},
			{request: {method: 'GET', url: `https://192-168-1-5.${friend}.plex.direct:32400/library/sections`, headers: []}, response: {status: 200, headers: [], content: {}}},
			{request: {method: 'GET', url: `https://10-0-0-5.${own}.plex.direct:32400/library/sections`, headers: []}, response: {status: 200, headers: [], content: {}}},
		]}});
		const {store, classifier} = await ingestFiles({'shared.har': doc});
		const byHost = new Map(allRecords(store).filter((r): r is RequestRecord => r.kind === 'request').map((r) => [r.host, r.classification]));
		// Hosts are stored under their shown (masked) names and still classified by the real ones.
		expect([...byHost.keys()].join(' ')).not.toMatch(new RegExp(`${friend}|${own}|192-168-1-5|10-0-0-5`));
		expect(byHost.get(classifier.shown(`192-168-1-5.${friend}.plex.direct`))).toMatchObject({organization: 'a Plex server (not yours)', party: 'third'});
		expect(byHost.get(classifier.shown(`10-0-0-5.${own}.plex.direct`))).toMatchObject({organization: 'Your Plex server', party: 'first'});
		// The friend's public address is someone else's; the friend's LAN address says nothing about the user's LAN.
		expect(classifier.classify('198.51.100.7')).toMatchObject({party: 'third', organization: 'a media server (not yours)'});
		expect(classifier.classify('192.168.1.5')).toMatchObject({party: 'first', organization: 'Your network'});
	});

	it('the server\'s own log: its certificate names its plex.direct hash; its public address is the user\'s', async () => {
		const log = [
			`Feb 06, 2026 12:48:39.687 [136529695025808] DEBUG - [CERT] Subject name is /CN=*.${own}.plex.direct`,
			'Feb 06, 2026 12:48:40.800 [136529584286520] DEBUG - PublicAddressManager: Got public IP from v4.plex.tv: 203.0.113.44',
			`Feb 06, 2026 12:48:57.347 [136529584286520] DEBUG - [HCl#29] HTTP requesting GET https://203-0-113-44.${own}.plex.direct:37777/identity`,
		].join('\n');
		const {store, classifier} = await ingestFiles({'Plex Media Server.log': `${log}\n`});
		const r = allRecords(store).find((x): x is RequestRecord => x.kind === 'request' && x.host.endsWith('.plex.direct'));
		expect(r?.classification).toMatchObject({organization: 'Your Plex server', party: 'first', source: {kind: 'learned', note: expect.stringMatching(/own certificate .*Plex Media Server\.log:1/)}});
		expect(classifier.classify('203.0.113.44')).toMatchObject({party: 'first'});
	});

	it('the user\'s public address as a host is masked (issue 12), in the host and the URL, and still the user\'s server', async () => {
		const log = [
			'Feb 06, 2026 12:48:40.800 [136529584286520] DEBUG - PublicAddressManager: Got public IP from v4.plex.tv: 203.0.113.44',
			'Feb 06, 2026 12:48:58.347 [136529584286520] DEBUG - [HCl#30] HTTP requesting GET http://203.0.113.44:32400/identity',
			'Feb 06, 2026 12:48:59.347 [136529584286520] DEBUG - [HCl#31] HTTP requesting GET http://198.51.100.80/x',
		].join('\n');
		const {store, classifier} = await ingestFiles({'Plex Media Server.log': `${log}\n`});
		const requests = allRecords(store).filter((x): x is RequestRecord => x.kind === 'request');
		expect(JSON.stringify(requests)).not.toContain('203.0.113.44');
		const own = requests.find((r) => r.path === '/identity');
		expect(own?.host).toBe(classifier.shown('203.0.113.44'));
		expect(own?.host).toMatch(/^…#[0-9a-f]{6}$/);
		expect(own?.url).toBe(`http://${own?.host}:32400/identity`);
		expect(own?.classification).toMatchObject({party: 'first'});
		// Any other public address is a server somewhere, shown as it is.
		expect(requests.find((r) => r.path === '/x')?.host).toBe('198.51.100.80');
	});

	it('a HAR cannot make a tracker the user\'s server by answering /identity or serving /web/', () => {
		const c = createClassifier();
		c.knowledge.learn({owner: 'own', machineIdentifier: 'm1', evidence: 'test'});
		// What the HAR module would pass on for a tracker host: nothing (see source/formats/har/servers.ts); and
		// even a fact naming plex.tv cannot beat our rules.
		c.knowledge.learn({machineIdentifier: 'm1', hosts: ['plex.tv'], evidence: 'forged'});
		expect(c.classify('plex.tv')).toMatchObject({organization: 'Plex Inc.', party: 'vendor'});
	});

	it('knowledge.version moves when an answer changes, and classifications follow it', () => {
		const c = createClassifier();
		const host = `1-2-3-4.${own}.plex.direct`;
		const v0 = c.version;
		expect(c.classify(host).party).toBe('third');
		c.knowledge.learn({machineIdentifier: 'm9', hosts: [host], evidence: 'identity'});
		expect(c.version).toBe(v0); // a link alone changes no answer
		c.knowledge.learn({owner: 'own', machineIdentifier: 'm9', evidence: 'Preferences.xml'});
		expect(c.version).toBeGreaterThan(v0);
		expect(c.classify(host)).toMatchObject({party: 'first', organization: 'Your Plex server'});
	});
});

describe('registrable domains (issue 16 item 3)', () => {
	it.each([
		['metrics.plex.tv', 'plex.tv'],
		['a.b.example.co.uk', 'example.co.uk'],
		['d1234.cloudfront.net', 'd1234.cloudfront.net'],
		['x.y.d1234.cloudfront.net', 'd1234.cloudfront.net'],
		['192-168-1-5.0123456789abcdef0123456789abcdef.plex.direct', '0123456789abcdef0123456789abcdef.plex.direct'],
		['someone.github.io', 'someone.github.io'],
		['co.uk', undefined],
		['plex.direct', undefined],
		['192.168.1.5', undefined],
		['nas.local', undefined],
	])('%s → %s', (host, domain) => {
		expect(registrableDomain(host)).toBe(domain);
	});

	it('every classification of a public name carries its domain', () => {
		expect(createClassifier().classify('analytics.plex.tv').domain).toBe('plex.tv');
		expect(createClassifier().classify('10.0.0.1').domain).toBeUndefined();
	});

	it('plexDirect reads the hash and the address; suffix and reverse-zone tests', () => {
		expect(plexDirect('192-168-1-5.0123456789abcdef0123456789abcdef.plex.direct')).toEqual({hash: '0123456789abcdef0123456789abcdef', address: '192.168.1.5'});
		expect(plexDirect('plex.direct.evil.example')).toBeUndefined();
		expect(isPublicSuffix('co.uk') && isPublicSuffix('cloudfront.net') && isPublicSuffix('plex.direct') && isPublicSuffix('home.arpa')).toBe(true);
		expect(isPublicSuffix('amazonaws.com')).toBe(false);
		for (const z of ['1.168.192.in-addr.arpa', '168.192.in-addr.arpa', '5.0.0.10.in-addr.arpa', '1.16.172.in-addr.arpa', 'in-addr.arpa', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa', 'a.b.d.f.ip6.arpa']) expect(isPrivateReverseZone(z), z).toBe(true);
		for (const z of ['8.8.8.8.in-addr.arpa', '1.32.172.in-addr.arpa', '8.b.d.0.1.0.0.2.ip6.arpa']) expect(isPrivateReverseZone(z), z).toBe(false);
	});
});

describe('provenance on every label (issue 16 item 2)', () => {
	const classifier = createClassifier();
	it.each([
		['analytics.plex.tv', {kind: 'rule', name: 'built-in rules', note: 'telemetry-facts.md §1a'}],
		['this-server', {kind: 'local', name: 'the server that wrote this input'}],
		['192.168.1.9', {kind: 'local', name: 'private or loopback address'}],
		['nas.lan', {kind: 'local', name: 'local name'}],
		['bat.bing.com', {kind: 'tracker-db', name: 'third-party-web', version: '0.30.0', entity: 'Bing Ads'}],
		['never-seen.example', {kind: 'none'}],
	])('%s', (host, source) => {
		expect(classifier.classify(host).source).toMatchObject(source);
	});

	it('user rules name their file; they come before ours', () => {
		const parsed = parseRules(JSON.stringify([{pattern: 'analytics.plex.tv', organization: 'Plex (accepted)', category: 'vendor-api'}]), 'mine.json');
		const c = createClassifier(parsed.ok ? parsed.rules : [], {userRulesName: 'mine.json'});
		expect(c.classify('analytics.plex.tv')).toMatchObject({organization: 'Plex (accepted)', source: {kind: 'user-rules', name: 'mine.json'}});
	});

	it('--explain lists every layer in order and marks the one that decided', () => {
		const e = classifier.explain('crashreport.plexapp.com');
		expect(e.steps.map((s) => s.layer)).toEqual(['the server that wrote this input', 'user rules (none given)', 'built-in rules', 'servers this input shows', 'plex.direct', 'your network', 'tracker database third-party-web 0.30.0']);
		expect(e.steps.filter((s) => s.decided).map((s) => s.layer)).toEqual(['built-in rules']);
		expect(e.classification).toMatchObject({category: 'crash-reporting', source: {kind: 'rule'}});
	});
});

describe('--rules globs match in linear time, whatever the glob (issue 19 item 3)', () => {
	it.each([
		['mediatailor.*.amazonaws.com', 'mediatailor.us-east-1.amazonaws.com', true],
		['mediatailor.*.amazonaws.com', 'mediatailor.a.b.amazonaws.com', true],
		['mediatailor.*.amazonaws.com', 'mediatailor..amazonaws.com', false],
		['mediatailor.*.amazonaws.com', 'mediatailor.amazonaws.com', false],
		['*ad*', 'xadx', true],
		['*ad*', 'adx', false],
		['*ad*', 'x.ad.y', true],
		['a*a', 'aa', false],
		['a*a', 'aba', true],
		['*a*a*a*a*', 'xaxaxaxax', true],
		['*a*a*a*a*', 'xaxaxaxa', false],
		['plex.*', 'plex.tv', true],
		['a**b', 'axyb', true],
		['a**b', 'axb', false],
	] as const)('%s vs %s → %s', (pattern, host, expected) => {
		expect(compileGlob(pattern).matches(host)).toBe(expected);
	});

	it('agrees with a reference matcher on random globs and hosts', () => {
		const reference = (p: string, h: string): boolean => new RegExp(`^${p.split('*').map((s) => s.replace(/[.]/g, '\\.')).join('.+')}$`).test(h);
		let seed = 7;
		const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
		for (let i = 0; i < 3000; i++) {
			const p = Array.from({length: 1 + rnd(7)}, () => 'ab.*'[rnd(4)]).join('');
			const h = Array.from({length: 1 + rnd(10)}, () => 'ab.'[rnd(3)]).join('');
			expect(compileGlob(p).matches(h), `${p} vs ${h}`).toBe(reference(p, h));
		}
	});

	it('a classifier with such rules classifies a 253-character host at once', () => {
		const parsed = parseRules(JSON.stringify([{pattern: '*a*a*a*a*', organization: 'A', category: 'ads'}, {pattern: '*ad*', organization: 'B', category: 'ads'}]), 'r.json');
		const c = createClassifier(parsed.ok ? parsed.rules : []);
		const host = `${'a'.repeat(63)}.${'a'.repeat(63)}.${'a'.repeat(63)}.${'a'.repeat(57)}.b`;
		expect(host.length).toBe(251);
		expect(c.classify(host)).toMatchObject({organization: 'A'});
		expect(c.classify(`${host}aaaaaaaa`)).toMatchObject({organization: 'unknown', rule: 'invalid-host'});
	});
});

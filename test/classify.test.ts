import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createClassifier, isPrivateAddress} from '../source/classify/classify.js';
import {parseRules} from '../source/classify/rules-file.js';
import {DEFAULT_RULES} from '../source/classify/rules.js';
import {isIpv4, isLocalName, OWN_SERVER} from '../source/model/hosts.js';
import {runs} from './helpers/tier.js';

const classifier = createClassifier();

describe('host rules table', () => {
	it('every rule has samples, and each sample is classified by that very rule', () => {
		for (const rule of DEFAULT_RULES) {
			expect(rule.samples?.length, rule.pattern).toBeGreaterThan(0);
			for (const sample of rule.samples ?? []) expect(classifier.classify(sample).rule, `${sample} should match ${rule.pattern}`).toBe(rule.pattern);
		}
	});

	it('no pattern appears twice', () => {
		const patterns = DEFAULT_RULES.map((r) => r.pattern.toLowerCase());
		expect(new Set(patterns).size).toBe(patterns.length);
	});

	it.each([
		['analytics.plex.tv', 'Plex Inc.', 'vendor-analytics', 'vendor'],
		['plex.tv', 'Plex Inc.', 'vendor-api', 'vendor'],
		['status.plex.tv', 'Plex Inc.', 'vendor-api', 'vendor'],
		['vod.provider.plex.tv', 'Plex Inc.', 'vendor-content', 'vendor'],
		['metadata.provider.plex.tv', 'Plex Inc.', 'metadata', 'vendor'],
		// Whose a plex.direct server is comes from the input (test/classify-provenance.test.ts), never from the name.
		['192-168-1-96.2fd7cb1625624bea8ad994d4060602a8.plex.direct', 'a Plex server (not shown to be yours)', 'media-server', 'third'],
		['cdn.flashtalking.com', 'Flashtalking (Mediaocean)', 'ads', 'third'],
		['mediatailor.eu-west-1.amazonaws.com', 'Amazon (AWS Elemental MediaTailor)', 'ads', 'third'],
		['www.mb3admin.com', 'Emby LLC', 'vendor-analytics', 'vendor'],
		['api.themoviedb.org', 'TMDb', 'metadata', 'third'],
		['o450.ingest.sentry.io', 'Sentry', 'crash-reporting', 'third'],
	] as const)('%s → %s / %s / %s', (host, org, category, party) => {
		expect(classifier.classify(host)).toMatchObject({organization: org, category, party});
	});

	it('suffix rules do not match the bare domain or look-alikes', () => {
		expect(classifier.classify('notplex.tv').rule).toBe('default');
		expect(classifier.classify('plex.tv.evil.example').rule).toBe('default');
		expect(classifier.classify('evilflashtalking.com').rule).toBe('default');
	});

	it('private, loopback and local names are first party; media-server ports make them the media server', () => {
		expect(classifier.classify('192.168.1.20', 32400)).toMatchObject({party: 'first', category: 'media-server'});
		expect(classifier.classify('10.0.0.5')).toMatchObject({party: 'first'});
		expect(classifier.classify('::1')).toMatchObject({party: 'first'});
		expect(classifier.classify('nas.local', 8096)).toMatchObject({party: 'first', category: 'media-server'});
		expect(classifier.classify(OWN_SERVER)).toMatchObject({party: 'first', category: 'media-server'});
	});

	it('a media-server port makes no public host first party (issue 19 item 10; this said first party before)', () => {
		expect(classifier.classify('myserver.example.com', 8920)).toMatchObject({party: 'third', category: 'unknown'});
		expect(classifier.classify('203.0.113.9', 32400)).toMatchObject({party: 'third'});
	});

	it('unknown public hosts are unknown third party, never dropped', () => {
		expect(classifier.classify('tracker.example.com')).toEqual({organization: 'unknown', category: 'unknown', party: 'third', rule: 'default', source: {kind: 'none', name: 'no rule or database knows this host'}, domain: 'example.com'});
		expect(classifier.classify('8.8.8.8')).toMatchObject({party: 'third'});
	});

	it('isIpv4, isPrivateAddress and isLocalName read by hand as the patterns they replace do', () => {
		const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
		const ipv4 = (host: string): boolean => {
			const m = IPV4.exec(host);
			return m !== null && m.slice(1).every((p) => Number(p) <= 255);
		};
		const isPrivate = (host: string): boolean => {
			const h = host.replace(/^\[|\]$/g, '').toLowerCase();
			const m = IPV4.exec(h);
			if (m) {
				const a = Number(m[1]);
				const b = Number(m[2]);
				return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
					|| (a === 100 && b >= 64 && b <= 127);
			}
			const v6 = ['fe80:', 'fc', 'fd', '::ffff:127.', '::ffff:192.168.', '::ffff:10.'];
			if (h.includes(':')) return h === '::1' || v6.some((prefix) => h.startsWith(prefix));
			return false;
		};
		const local = (host: string): boolean => {
			const h = host.toLowerCase();
			if (h === '' || h.includes(':') || ipv4(h)) return false;
			if (!h.includes('.')) return true;
			return ['localhost', 'local', 'lan', 'home.arpa', 'internal', 'localdomain', 'home', 'corp'].some((s) => h === s || h.endsWith(`.${s}`));
		};
		const octet = fc.oneof(fc.integer({min: 0, max: 999}).map(String), fc.constantFrom('', '0000', '010', 'a', '1e2', '٣'));
		const address = fc.tuple(octet, octet, octet, octet, fc.constantFrom('.', ':', '..')).map(([a, b, c, d, sep]) => [a, b, c, d].join(sep));
		const host = fc.oneof(
			address,
			address.map((a) => `[${a}]`),
			address.map((a) => `[${a}`),
			address.map((a) => `${a}]`),
			fc.constantFrom('[', ']', '[]', '::1', '[::1]', 'FE80::1', 'fd00::2', '::ffff:192.168.1.1', 'NAS.LAN', 'x.home.arpa', 'home', 'plex.tv', 'a.localdomain', '1.2.3.4.local', ''),
			fc.string({unit: fc.constantFrom('1', '9', '2', '5', '.', ':', '[', ']', 'a', 'F', 'l', 'n')}),
		);
		fc.assert(
			fc.property(host, (h) => {
				expect(isIpv4(h), h).toBe(ipv4(h));
				expect(isPrivateAddress(h), h).toBe(isPrivate(h));
				expect(isLocalName(h), h).toBe(local(h));
			}),
			runs(3000),
		);
	});

	it('isPrivateAddress knows the private ranges and nothing else', () => {
		for (const ip of ['10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.0.1', '127.0.0.1', '169.254.1.1', '100.64.0.1', 'fd00::1', 'fe80::1', '[::1]']) expect(isPrivateAddress(ip), ip).toBe(true);
		for (const ip of ['172.32.0.1', '8.8.8.8', '11.0.0.1', '192.169.0.1', '2001:db8::1', 'plex.tv']) expect(isPrivateAddress(ip), ip).toBe(false);
	});
});

describe('--rules file', () => {
	it('user rules extend and override the defaults', () => {
		const parsed = parseRules(JSON.stringify({rules: [
			{pattern: 'analytics.plex.tv', organization: 'Plex (accepted)', category: 'vendor-api'},
			{pattern: '*.example.net', organization: 'Example', category: 'cdn', party: 'vendor'},
		]}), 'my-rules.json');
		expect(parsed.ok).toBe(true);
		const c = createClassifier(parsed.ok ? parsed.rules : []);
		expect(c.classify('analytics.plex.tv')).toMatchObject({organization: 'Plex (accepted)', category: 'vendor-api'});
		expect(c.classify('a.example.net')).toMatchObject({organization: 'Example', party: 'vendor'});
		expect(c.classify('plex.tv')).toMatchObject({organization: 'Plex Inc.'});
	});

	it.each([
		['{', /^bad\.json: not valid JSON/],
		[JSON.stringify({rules: [{pattern: 'a.com', organization: 'A', category: 'spyware'}]}), /^bad\.json: rules\.0\.category: /],
		[JSON.stringify([{pattern: 'a.com', category: 'cdn'}]), /^bad\.json: 0\.organization: /],
		[JSON.stringify({rules: [{pattern: 'a.com', organization: 'A', category: 'cdn', colour: 'red'}]}), /^bad\.json: rules\.0: .*colour/],
	])('a bad file gets one error line naming file and field: %s', (text, expected) => {
		const r = parseRules(text, 'bad.json');
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.error).toMatch(expected);
			expect(r.error).not.toContain('\n');
		}
	});
});

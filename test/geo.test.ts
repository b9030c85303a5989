/**
The MaxMind DB reader (source/classify/mmdb.ts) against files written from the specification
(test/helpers/mmdb-build.ts), the country/network answers (source/classify/geo.ts), and damaged files.
*/
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {addressBytes, openMmdb} from '../source/classify/mmdb.js';
import {answerOf, createGeo, geoCell, loadGeo} from '../source/classify/geo.js';
import {buildMmdb} from './helpers/mmdb-build.js';
import {runMain} from './helpers/main.js';
import {runs} from './helpers/tier.js';
import {ingestFiles} from './helpers/ingest-files.js';
import {allRecords} from './helpers/records.js';
import {QueryEngine} from '../source/views/query.js';
import type {DestinationRow} from '../source/views/destinations.js';
import {harEntry, harText} from './helpers/har.js';

const COUNTRY = buildMmdb([
	['8.8.8.0/24', {country: {iso_code: 'US', names: {en: 'United States'}}}],
	['1.1.1.0/24', {country_code: 'AU'}],
	['93.184.216.34/32', {country_code: 'DE'}],
	['2001:4860::/32', {country_code: 'US'}],
]);
const ASN = buildMmdb([
	['8.8.8.0/24', {autonomous_system_number: 15169, autonomous_system_organization: 'Google LLC'}],
	['1.1.1.0/24', {autonomous_system_number: 13335, autonomous_system_organization: 'Cloudflare, Inc.'}],
], 'Test-ASN');

describe('MaxMind DB reader', () => {
	it('reads the metadata and finds the record of each network', () => {
		const opened = openMmdb(COUNTRY);
		if (!opened.ok) throw new Error(opened.error);
		const {db} = opened;
		expect(db.metadata).toMatchObject({ipVersion: 6, recordSize: 24, databaseType: 'Test-Country', buildEpoch: 1_700_000_000, description: 'test database'});
		expect(db.lookup('8.8.8.8')).toEqual({country: {iso_code: 'US', names: {en: 'United States'}}});
		expect(db.lookup('8.8.8.255')).toMatchObject({country: {iso_code: 'US'}});
		expect(db.lookup('8.8.9.1')).toBeUndefined();
		expect(db.lookup('1.1.1.1')).toEqual({country_code: 'AU'});
		expect(db.lookup('93.184.216.34')).toEqual({country_code: 'DE'});
		expect(db.lookup('93.184.216.35')).toBeUndefined();
		expect(db.lookup('2001:4860:4860::8888')).toEqual({country_code: 'US'});
		expect(db.lookup('[2001:4860::1]')).toEqual({country_code: 'US'});
		expect(db.lookup('2001:db8::1')).toBeUndefined();
		expect(db.lookup('plex.tv')).toBeUndefined();
	});

	it('parses address text strictly', () => {
		expect([...addressBytes('1.2.3.4')!]).toEqual([1, 2, 3, 4]);
		expect(addressBytes('1.2.3.256')).toBeUndefined();
		expect(addressBytes('::ffff:1.2.3.4')!.slice(10)).toEqual(Uint8Array.from([255, 255, 1, 2, 3, 4]));
		expect(addressBytes('1::2::3')).toBeUndefined();
		expect(addressBytes('1:2:3:4:5:6:7')).toBeUndefined();
		expect(addressBytes('::')).toEqual(new Uint8Array(16));
		expect(addressBytes('g::1')).toBeUndefined();
	});

	it('refuses what is not a database, with the reason', () => {
		expect(openMmdb(new Uint8Array(100))).toEqual({ok: false, error: 'not a MaxMind DB file (no metadata marker)'});
		// The tree cut short: the node count claims more than the file holds.
		const marker = COUNTRY.length - [...COUNTRY].reverse().findIndex((_, k, r) => r[k] === 0xab && r[k - 1] === 0xcd) - 1;
		expect(openMmdb(COUNTRY.slice(marker - 20))).toEqual({ok: false, error: 'its search tree is larger than the file'});
		// Metadata cut off in the middle.
		expect(openMmdb(COUNTRY.slice(0, COUNTRY.length - 40)).ok).toBe(false);
	});

	it('a damaged metadata value is described, not printed (a map has no prototype to print with)', () => {
		const bytes = COUNTRY.slice();
		bytes[260366462 % bytes.length] = 224;
		expect(openMmdb(bytes)).toEqual({ok: false, error: 'record size a map (24, 28 or 32 expected)'});
	});

	it('never throws or loops on damaged files (random bytes flipped, truncated)', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({min: 0, max: 255})), {maxLength: 12}), fc.nat(), (flips, cut) => {
				const bytes = COUNTRY.slice(0, COUNTRY.length - (cut % 8));
				for (const [at, v] of flips) bytes[at % bytes.length] = v;
				const opened = openMmdb(bytes);
				if (opened.ok) for (const a of ['8.8.8.8', '1.1.1.1', '2001:4860::1', '9.9.9.9']) opened.db.lookup(a);
			}),
			runs(2000),
		);
	});
});

describe('country and network', () => {
	const geo = createGeo([COUNTRY, ASN].map((bytes, k) => {
		const o = openMmdb(bytes);
		if (!o.ok) throw new Error(o.error);
		return {name: k === 0 ? 'country.mmdb' : 'asn.mmdb', db: o.db};
	}));

	it('each field from the first database that has it', () => {
		expect(geo.lookup('8.8.8.8')).toEqual({country: 'US', asn: 15169, network: 'Google LLC'});
		expect(geo.lookup('93.184.216.34')).toEqual({country: 'DE', asn: undefined, network: undefined});
		expect(geo.lookup('9.9.9.9')).toBeUndefined();
		expect(geoCell(geo.lookup('1.1.1.1'))).toBe('AU · AS13335 Cloudflare, Inc.');
		expect(geo.names).toEqual(['country.mmdb (Test-Country, built 2023-11-14)', 'asn.mmdb (Test-ASN, built 2023-11-14)']);
	});

	it('private addresses and names are not looked up', () => {
		expect(geo.lookup('192.168.1.20')).toBeUndefined();
		expect(geo.lookup('127.0.0.1')).toBeUndefined();
		expect(geo.lookup('dns.google')).toBeUndefined();
	});

	it('MaxMind and ip-location-db field names', () => {
		expect(answerOf({registered_country: {iso_code: 'FR'}})).toEqual({country: 'FR', asn: undefined, network: undefined});
		expect(answerOf({country_code: 'JP', autonomous_system_number: 2497})).toEqual({country: 'JP', asn: 2497, network: undefined});
		expect(answerOf({city: {names: {en: 'x'}}})).toBeUndefined();
	});

	it('--geo-db files: read, or one line naming the file and what is wrong', () => {
		const dir = mkdtempSync(join(tmpdir(), 'tt-geo-'));
		writeFileSync(join(dir, 'c.mmdb'), COUNTRY);
		writeFileSync(join(dir, 'bad.mmdb'), 'not a database');
		const ok = loadGeo([join(dir, 'c.mmdb')]);
		expect(ok.ok && ok.geo.lookup('1.1.1.1')?.country).toBe('AU');
		expect(loadGeo([join(dir, 'bad.mmdb')])).toEqual({ok: false, error: `${join(dir, 'bad.mmdb')}: not a MaxMind DB file (no metadata marker)`});
		expect(loadGeo([join(dir, 'missing.mmdb')])).toMatchObject({ok: false, error: expect.stringContaining('ENOENT')});
		expect(loadGeo([dir])).toMatchObject({ok: false, error: expect.stringContaining('not a regular file')});
	});
});

describe('--geo-db in print mode', () => {
	const SAMPLE = new URL('../samples/plex-web-session.har', import.meta.url).pathname;
	const dir = mkdtempSync(join(tmpdir(), 'tt-geo-cli-'));
	const country = join(dir, 'country.mmdb');
	const asn = join(dir, 'asn.mmdb');
	writeFileSync(country, buildMmdb([['104.18.0.0/15', {country_code: 'US'}], ['3.33.200.0/24', {country: {iso_code: 'IE'}}], ['192.168.0.0/16', {country_code: 'ZZ'}]]));
	writeFileSync(asn, buildMmdb([['104.18.0.0/15', {autonomous_system_number: 13335, autonomous_system_organization: 'Cloudflare, Inc.'}]], 'Test-ASN'));

	it('gives each destination with a server address its country and network, and says how far it reached', async () => {
		const r = await runMain(['--print', '--output', 'json', '--geo-db', country, '--geo-db', asn, SAMPLE]);
		expect(r.code).toBe(0);
		const parsed = JSON.parse(r.stdout) as unknown;
		const rows = (Array.isArray(parsed) ? parsed : Object.values(parsed as Record<string, unknown>)[0]) as Array<Record<string, unknown>>;
		const of = (host: string): Record<string, unknown> | undefined => rows.find((x) => x['host'] === host);
		expect(of('analytics.plex.tv')).toMatchObject({address: '104.18.22.71', country: 'US', network: 'AS13335 Cloudflare, Inc.'});
		expect(of('app.plex.tv')).toMatchObject({address: '104.18.23.71', country: 'US', network: 'AS13335 Cloudflare, Inc.'});
		expect(of('servedby.flashtalking.com')).toMatchObject({address: '3.33.200.41', country: 'IE', network: null});
		// The user's own server: its name is shown masked, and so is its address (the user's); never looked up.
		const own = rows.find((x) => String(x['host']).endsWith('.plex.direct'))!;
		expect(own['host']).not.toContain('0f3c9a7e5b2d48c6a1e9f07d3b5c2a18');
		expect(String(own['address'])).not.toContain('192.168.1.20');
		expect(own['address']).toMatch(/#/);
		expect(own).toMatchObject({country: null, network: null});
		expect(r.stdout).not.toContain('192.168.1.20');
		expect(r.stderr).toMatch(/--geo-db country\.mmdb \(Test-Country, built 2023-11-14\), asn\.mmdb \(Test-ASN, built 2023-11-14\): 10 of 10 destinations have a server address in the input, 3 of those found/);
	});

	it('without --geo-db the address is there and the country empty; a bad file is a usage error', async () => {
		const r = await runMain(['--print', '--output', 'json', SAMPLE]);
		expect(r.stdout).toContain('"address": "104.18.22.71"');
		expect(r.stdout).not.toContain('"country": "US"');
		const bad = await runMain(['--print', '--geo-db', SAMPLE, SAMPLE]);
		expect(bad.code).toBe(2);
		expect(bad.stderr).toContain('not a MaxMind DB file');
	});
});

describe('server addresses from the inputs', () => {
	it('dnsmasq: the first address answered, through a CNAME chain; never a null route', async () => {
		const log = [
			'Dec  3 21:37:11 dnsmasq[17086]: query[A] classify-client.services.mozilla.com from 192.168.1.108',
			'Dec  3 21:37:11 dnsmasq[17086]: forwarded classify-client.services.mozilla.com to 1.1.1.1',
			'Dec  3 21:37:11 dnsmasq[17086]: reply classify-client.services.mozilla.com is <CNAME>',
			'Dec  3 21:37:11 dnsmasq[17086]: reply classify-client.prod.mozaws.net is 35.190.72.216',
			'Dec  3 21:37:12 dnsmasq[17086]: query[A] ads.example.com from 192.168.1.108',
			'Dec  3 21:37:12 dnsmasq[17086]: gravity blocked ads.example.com is 0.0.0.0',
			'Dec  3 21:37:13 dnsmasq[17086]: query[AAAA] plex.tv from 192.168.1.108',
			'Dec  3 21:37:13 dnsmasq[17086]: reply plex.tv is 2606:4700::6812:1647',
			'',
		].join('\n');
		const {store} = await ingestFiles({'pihole.log': log});
		const records = allRecords(store).filter((r) => r.kind === 'request');
		const address = (host: string): string | undefined => {
			const r = records.find((x) => x.kind === 'request' && x.host === host);
			return r?.kind === 'request' ? r.serverAddress : undefined;
		};
		expect(address('classify-client.services.mozilla.com')).toBe('35.190.72.216');
		expect(address('ads.example.com')).toBeUndefined();
		expect(address('plex.tv')).toBe('2606:4700::6812:1647');
		const rows = new QueryEngine(store).rows('destinations') as unknown as DestinationRow[];
		expect(rows.find((r) => r.host === 'plex.tv')?.address).toBe('2606:4700::6812:1647');
	});

	it('HAR: serverIPAddress, IPv6 without its brackets; anything else is not taken', async () => {
		const entry = (url: string, server: string): object => harEntry(url, {}, 0, {serverIPAddress: server});
		const har = harText([entry('https://a.example.com/', '[2001:db8::5]'), entry('https://b.example.com/', '\u001b[31m1.2.3.4'), entry('https://c.example.com/', '')]);
		const {store} = await ingestFiles({'x.har': har});
		const byHost = new Map(allRecords(store).flatMap((r) => (r.kind === 'request' ? [[r.host, r.serverAddress] as const] : [])));
		expect(byHost.get('a.example.com')).toBe('2001:db8::5');
		expect(byHost.has('b.example.com')).toBe(true);
		expect(byHost.get('b.example.com')).toBeUndefined();
		expect(byHost.get('c.example.com')).toBeUndefined();
	});
});

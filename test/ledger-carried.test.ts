/**
The identifier ledger beyond URLs: a client identifier learned from its own field is found again when a
tracker receives it in a header, a cookie, a form field, a JSON body or a text body (raw or hashed),
through the real pipeline (HAR parser → ingest → store). The values are fingerprinted and dropped: no
stored record, view or export holds them.
*/
import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import type {LedgerRow} from '../source/views/ledger.js';
import {ingestFiles} from './helpers/ingest-files.js';
import {allRecords, viewRows} from './helpers/records.js';
import {harEntry, harText} from './helpers/har.js';

const CLIENT = 'q8w7e6r5t4y3u2i1o0p9z8x7';
const sha1 = createHash('sha1').update(CLIENT).digest('hex');

/** Each tracker, the request that carries the client identifier to it, and where and how the ledger finds it there. */
const CARRIERS: ReadonlyArray<{url: string; request: Record<string, unknown>; where: string; encoding: string}> = [
	{url: 'https://beacon.one.example/h', request: {headers: [{name: 'X-Visitor', value: CLIENT}]}, where: 'header X-Visitor', encoding: 'raw'},
	{url: 'https://beacon.two.example/c', request: {cookies: [{name: 'vid', value: CLIENT}]}, where: 'cookie vid', encoding: 'raw'},
	{
		url: 'https://beacon.three.example/f',
		request: {method: 'POST', postData: {mimeType: 'application/x-www-form-urlencoded', text: `a=1&cid=${CLIENT}`}},
		where: 'form cid',
		encoding: 'raw',
	},
	{
		url: 'https://beacon.four.example/j',
		request: {method: 'POST', postData: {mimeType: 'application/json', text: JSON.stringify({ctx: {user: {anon: CLIENT}}, n: 1})}},
		where: 'body.ctx.user.anon',
		encoding: 'raw',
	},
	{url: 'https://beacon.five.example/t', request: {method: 'POST', postData: {mimeType: 'text/plain', text: `event=open id:${sha1} end`}}, where: 'body', encoding: 'sha1'},
	{url: 'https://beacon.six.example/a', request: {headers: [{name: 'Authorization', value: `Bearer ${sha1.toUpperCase()}`}]}, where: 'header Authorization', encoding: 'sha1'},
];

const entries = [
	...CARRIERS.map(({url, request}) => harEntry(url, request)),
	// The named field comes last: values are found in records read before it too.
	harEntry('https://plex.tv/api/v2/user', {headers: [{name: 'X-Plex-Client-Identifier', value: CLIENT}]}),
	// HTTP/2 sends header names in lower case: still the named field, not a second way out.
	harEntry('https://clients.plex.tv/api/v2/features', {headers: [{name: 'x-plex-client-identifier', value: CLIENT}]}),
].map((e, i) => ({...e, startedDateTime: `2025-03-14T19:02:${String(10 + i).padStart(2, '0')}.000Z`}));

const har = harText(entries);

describe('identifiers carried outside the URL', async () => {
	const {store} = await ingestFiles({'carried.har': har});
	const rows = viewRows(store, 'ledger') as unknown as LedgerRow[];
	const row = (host: string) => rows.find((r) => r.hosts.includes(host));

	it.each(CARRIERS.map(({url, where, encoding}) => [new URL(url).hostname, where, encoding]))('%s received it (%s, %s)', (host, where, encoding) => {
		expect(row(host)).toMatchObject({kind: 'identifier', party: 'third'});
		expect(row(host)!.carriedAs).toContain(where);
		expect(row(host)!.encodings).toContain(encoding);
	});

	it('a value under its own field name (in any case) is listed once, by that name', () => {
		expect(rows.find((r) => r.organization === 'Plex Inc.')?.carriedAs).toEqual(['X-Plex-Client-Identifier']);
	});

	it('is one identifier with one mask across all of them', () => {
		expect(new Set(rows.map((r) => r.identifier)).size).toBe(1);
	});

	it('keeps no carried value in any stored record or view', () => {
		const records = allRecords(store);
		expect(records.some((r) => 'carried' in r)).toBe(false);
		const text = JSON.stringify(records) + JSON.stringify(rows) + JSON.stringify(viewRows(store, 'records'));
		for (const raw of [CLIENT, sha1, sha1.toUpperCase()]) expect(text).not.toContain(raw);
	});
});

describe('CarriedValues', () => {
	it('splits long and separated values into words, skips headers everyone sends, and stays bounded', async () => {
		const {CarriedValues} = await import('../source/formats/common/carried.js');
		const c = new CarriedValues();
		c.headers([['Accept-Language', 'en-US,en;q=0.9'], ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0']]);
		c.cookieHeader('a=1234567; sid=abcdef0123');
		expect(c.values.map((v) => v.where)).not.toContain('header Accept-Language');
		expect(c.values).toContainEqual({where: 'header User-Agent', value: 'x86_64'});
		expect(c.values).toContainEqual({where: 'cookie sid', value: 'abcdef0123'});
		const big = new CarriedValues();
		big.json({list: Array.from({length: 10_000}, (_, i) => `value-${i}`)});
		expect(big.values.length).toBe(2_000);
		expect(big.values[0]).toEqual({where: 'body.list[]', value: 'value-0'});
	});
});

describe('location sent as parameters', async () => {
	const loc = harText([harEntry('https://vod.provider.plex.tv/hubs/sections/home?postalCode=10001&lat=40.7128&lon=-74.0060'), harEntry('https://plex.tv/api/v2/geoip?address=203.0.113.7', {}, 1)]);
	const {store} = await ingestFiles({'loc.har': loc});

	it('postal codes, coordinates and a public IP are location evidence and personal identifiers in the ledger, masked', () => {
		const policy = viewRows(store, 'policy').find((r) => r['category'] === 'Location');
		expect(policy?.['records']).toBe(2);
		const fields = String(policy?.['fields']);
		for (const name of ['postalCode = ', 'lat = ', 'lon = ', 'address = ']) expect(fields).toContain(name);
		const ledger = viewRows(store, 'ledger') as unknown as LedgerRow[];
		expect(ledger.filter((r) => r.kind === 'personal').flatMap((r) => r.carriedAs).sort()).toEqual(['address', 'lat', 'lon', 'postalCode']);
		const text = JSON.stringify([viewRows(store, 'policy'), ledger, allRecords(store)]);
		for (const raw of ['10001', '40.7128', '74.0060', '203.0.113.7']) expect(text).not.toContain(raw);
	});
});

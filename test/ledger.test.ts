/**
The identifier ledger: identifiers named by their fields, and the same values found anywhere else in
outbound requests — under any parameter name, in a path, URL-encoded, base64, hashed — also in records
read before the value was learned.
*/
import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {QueryEngine} from '../source/views/query.js';
import type {LedgerRow} from '../source/views/ledger.js';
import {request, storeOf, viewRows} from './helpers/records.js';

const CLIENT = 'k3p9x2m7q1w8e5r4t6y0u2i9z';
const md5 = createHash('md5').update(CLIENT).digest('hex');
const sha256 = createHash('sha256').update(CLIENT).digest('hex');
const b64 = Buffer.from(CLIENT).toString('base64');
const named = request('plex.tv', {url: `https://plex.tv/api/v2/user?X-Plex-Client-Identifier=${CLIENT}`, identifiers: [{kind: 'identifier', name: 'X-Plex-Client-Identifier', value: CLIENT}]});
// Read before the client identifier is learned (the named record comes last).
const beforeLearned = [
	request('pixel.tracker.example', {url: `https://pixel.tracker.example/i.gif?uid=${CLIENT}`, path: '/i.gif'}),
	request('pixel.tracker.example', {url: `https://pixel.tracker.example/u/${CLIENT}/x.gif`, path: `/u/${CLIENT}/x.gif`}),
	request('cdn.flashtalking.com', {url: `https://cdn.flashtalking.com/ad?h=${md5.toUpperCase()}&s=${sha256}`, path: '/ad'}),
	request('www.google-analytics.com', {url: `https://www.google-analytics.com/g/collect?ep.x=${encodeURIComponent(encodeURIComponent(b64))}`, path: '/g/collect'}),
	request('192.168.1.20', {url: `http://192.168.1.20:32400/library?uid=${CLIENT}`, path: '/library'}),
];

describe('the identifier ledger', () => {
	const store = storeOf([...beforeLearned, named]);
	const rows = viewRows(store, 'ledger') as unknown as LedgerRow[];
	const rowFor = (host: string) => rows.find((r) => r.hosts.includes(host));

	it('finds a learned identifier under any name, in paths, hashed and encoded, in records read before it was learned', () => {
		const tracker = rowFor('pixel.tracker.example');
		expect(tracker).toMatchObject({kind: 'identifier', party: 'third', hosts: ['pixel.tracker.example'], requests: 2});
		expect(tracker!.carriedAs).toEqual(['path', 'query uid']);
		expect(tracker!.encodings).toEqual(['raw']);
		expect(rowFor('cdn.flashtalking.com')?.encodings).toEqual(['md5', 'sha256']);
		// base64 with its padding (`=`), percent-encoded twice on the way.
		expect(b64).toMatch(/=$/);
		expect(rowFor('www.google-analytics.com')?.encodings).toEqual(['base64, URL-encoded ×2']);
		expect(rowFor('plex.tv')).toMatchObject({party: 'vendor', carriedAs: ['X-Plex-Client-Identifier'], encodings: ['raw'], requests: 1});
		// All of them are the same identifier, with the same mask.
		expect(new Set(rows.map((r) => r.identifier)).size).toBe(1);
		// Third parties first.
		expect(rows.at(-1)?.party).toBe('vendor');
	});

	it('what stayed in the network is not in the ledger', () => {
		expect(rows.flatMap((r) => r.hosts)).not.toContain('192.168.1.20');
	});

	it('identifier: finds the records that carried it, by value too', () => {
		const engine = new QueryEngine(store);
		// Five outbound records carried it; the request to the LAN server is not searched.
		expect(engine.count(`identifier:=${rows[0]!.identifier}`)).toBe(5);
		expect(engine.count('identifier:x-plex-client-identifier')).toBe(5);
	});

	it('never shows the raw value in the ledger', () => {
		const text = JSON.stringify(rows);
		for (const raw of [CLIENT, md5, md5.toUpperCase(), sha256]) expect(text).not.toContain(raw);
	});
});

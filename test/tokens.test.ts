import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {comparable, describeEncoding, encodedForms, tokenLike, urlCandidates} from '../source/privacy/tokens.js';
import {bareHostUrl} from '../source/pipeline/ledger.js';

describe('tokenLike', () => {
	it.each([
		['k3p9x2m7q1w8e5r4t6y0u2i9', true],
		['0f3c9a7e5b2d48c6a1e9f07d3b5c2a18', true],
		['2fd7cb16-2562-4bea-8ad9-94d4060602a8', true],
		['aGVsbG8td29ybGQtMTIzNDU2', true],
		['Chrome', false],
		['1920x1080', false],
		['4.116.1', false],
		['en', false],
		['desktop', false],
		['Plex Web', false],
		['/library/metadata/12345', false],
		['https://plex.tv/api/v2', false],
		['abcdefghijklmnopqrstuvwxyz', false],
	] as const)('%s → %s', (value, expected) => {
		expect(tokenLike(value)).toBe(expected);
	});
});

describe('urlCandidates', () => {
	it('gives every query value under its name, with its decodings, and the path segments', () => {
		const id = 'k3p9x2m7q1w8e5r4t6y0u2i9';
		const twice = encodeURIComponent(encodeURIComponent(`id:${id}`));
		const found = urlCandidates(`https://pixel.tracker.example/p/${id}/img.gif?uid=${id}&ref=${twice}&e=1#frag`);
		expect(found).toContainEqual({where: 'path', text: id, decoded: 0});
		expect(found).toContainEqual({where: 'query uid', text: id, decoded: 0});
		expect(found).toContainEqual({where: 'query ref', text: `id:${id}`, decoded: 2});
		// Values too short to mean anything alone are not candidates.
		expect(found.some((c) => c.text === '1')).toBe(false);
	});

	it('decodes percent-encoded parameter names', () => {
		expect(urlCandidates('https://x.example/?user%5Fid=abcd1234')).toContainEqual({where: 'query user_id', text: 'abcd1234', decoded: 0});
	});
});

describe('bareHostUrl: the URLs whose candidates are skipped', () => {
	it('is true only for a scheme and a host, which carry no candidate', () => {
		const id = 'k3p9x2m7q1w8e5r4t6y0u2i9';
		const urls = ['dns://analytics.plex.tv', `dns://${id}.example`, `dns://x.example/${id}`, `dns://x.example?u=${id}`, `dns://x.example#${id}`, `${id}`, `/${id}`, `a#b://${id}`, 'https://x.example/'];
		for (const url of urls) if (bareHostUrl(url)) expect(urlCandidates(url), url).toEqual([]);
		expect(urls.filter(bareHostUrl)).toEqual(['dns://analytics.plex.tv', `dns://${id}.example`]);
	});
});

describe('encodedForms', () => {
	it('raw, base64 (padded and not), base64url and the three hashes in lower-case hex', () => {
		const forms = encodedForms('k3p9x2m7q1w8e5r4t6y0u2i9x');
		const byName = (name: string) => forms.filter((f) => f.encoding === name).map((f) => f.text);
		expect(byName('raw')).toEqual(['k3p9x2m7q1w8e5r4t6y0u2i9x']);
		expect(byName('base64')).toContain(Buffer.from('k3p9x2m7q1w8e5r4t6y0u2i9x').toString('base64'));
		expect(byName('base64')).toContain(Buffer.from('k3p9x2m7q1w8e5r4t6y0u2i9x').toString('base64').replace(/=+$/, ''));
		expect(byName('md5')).toEqual([createHash('md5').update('k3p9x2m7q1w8e5r4t6y0u2i9x').digest('hex')]);
		expect(byName('sha256')[0]).toMatch(/^[0-9a-f]{64}$/);
		expect(comparable(byName('sha1')[0]!.toUpperCase())).toBe(byName('sha1')[0]);
	});

	it('names encodings for people', () => {
		expect(describeEncoding('raw', 0)).toBe('raw');
		expect(describeEncoding('raw', 2)).toBe('URL-encoded ×2');
		expect(describeEncoding('md5', 1)).toBe('md5, URL-encoded');
	});
});

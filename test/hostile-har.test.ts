/** HAR entries shaped by whoever wrote the page: very many query or form parameters in one request. */
import {describe, expect, it} from 'vitest';
import {harFormat} from '../source/formats/har/index.js';
import {parseAll} from '../source/formats/run.js';

describe('a request with 130,000 parameters (a 260 kB query, under the body cap)', () => {
	it.each([
		['query string', {url: `https://plex.tv/api?${'a&'.repeat(130_000)}`}],
		['form body', {url: 'https://plex.tv/api', method: 'POST', postData: {mimeType: 'application/x-www-form-urlencoded', text: 'a&'.repeat(130_000)}}],
		['nested url= query (60,000: the cap on one string bounds it)', {url: `https://plex.tv/photo?url=${encodeURIComponent(`http://x/?${'a&'.repeat(60_000)}`)}`}],
	])('%s: the entry is read (no call-stack overflow), the next entry too', (_name, request) => {
		const doc = {log: {entries: [{request: {headers: [], ...request}}, {request: {url: 'https://ok.example/'}}]}};
		const r = parseAll(harFormat, JSON.stringify(doc), {file: 'x'});
		expect(r.diagnostics).toEqual([]);
		expect(r.records.map((x) => (x.kind === 'request' ? x.host : ''))).toEqual(['plex.tv', 'ok.example']);
	});
});

describe('a decoy log.entries inside log.creator (issue 19 item 19)', () => {
	it.each([
		['before the real entries', (decoy: unknown, real: unknown) => ({log: {version: '1.2', creator: {name: 'x', log: {entries: decoy}}, entries: real}})],
		['inside an entry-less wrapper under log', (decoy: unknown, real: unknown) => ({log: {pages: [], browser: {log: {entries: decoy}}, entries: real}})],
	])('%s: only the top-level log.entries is the capture', (_where, build) => {
		const decoy = [{request: {url: 'https://decoy.example/'}}];
		const real = [{request: {url: 'https://real.example/'}}];
		const r = parseAll(harFormat, JSON.stringify(build(decoy, real)), {file: 'x'});
		expect(r.records.map((x) => (x.kind === 'request' ? x.host : ''))).toEqual(['real.example']);
	});

	it('a wrapped HAR (mitmproxy test data: {"test_response": {"log": …}}) is still read', () => {
		const r = parseAll(harFormat, JSON.stringify({test_response: {log: {entries: [{request: {url: 'https://real.example/'}}]}}}), {file: 'x'});
		expect(r.records).toHaveLength(1);
	});
});

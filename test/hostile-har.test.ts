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

import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {harFormat} from '../source/formats/har/index.js';
import {analyticsEvidence} from '../source/formats/har/analytics.js';
import {parseXml, xmlToObject} from '../source/formats/har/xml.js';
import {parseAll, type ParseResult} from '../source/formats/run.js';
import {diagnosticSchema, telemetryRecordSchema, type Identifier, type PlaybackRecord, type RequestRecord, type TelemetryRecord} from '../source/model/records.js';
import {itLarge, runs} from './helpers/tier.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/har/', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../samples/plex-web-session.har', import.meta.url));
const SHARED = fileURLToPath(new URL('../../shared/samples/', import.meta.url));

function parse(input: string | Uint8Array, file = 'test.har', chunkSize?: number): ParseResult {
	const result = parseAll(harFormat, input, {file}, chunkSize);
	for (const r of result.records) telemetryRecordSchema.parse(r);
	for (const d of result.diagnostics) diagnosticSchema.parse(d);
	return result;
}

/** A HAR document around the given entries. */
function har(entries: unknown[]): string {
	return JSON.stringify({log: {version: '1.2', creator: {name: 'test', version: '1'}, entries}});
}

function entry(request: Record<string, unknown>, response?: Record<string, unknown>): Record<string, unknown> {
	return {startedDateTime: '2025-03-14T19:00:00.000Z', request: {method: 'GET', headers: [], cookies: [], queryString: [], headersSize: -1, bodySize: -1, ...request}, ...(response ? {response} : {})};
}

const requests = (r: ParseResult): RequestRecord[] => r.records.filter((x): x is RequestRecord => x.kind === 'request');
const playbacks = (r: ParseResult): PlaybackRecord[] => r.records.filter((x): x is PlaybackRecord => x.kind === 'playback');

// The golden files (test/fixtures/har/*.expected.json) are checked by test/formats-registry.test.ts.
describe('harFormat fixtures', () => {
	it.skipIf(!existsSync(SHARED))('keeps the copied mitmproxy HARs identical to the shared samples', () => {
		for (const f of readdirSync(FIXTURES).filter((x) => x.startsWith('har-') && x.endsWith('.har'))) {
			expect(readFileSync(`${FIXTURES}${f}`).equals(readFileSync(`${SHARED}${f}`)), f).toBe(true);
		}
	});
});

describe('the bundled Plex Web sample', () => {
	const result = parse(readFileSync(SAMPLE), 'plex-web-session.har');

	it('tells the story: own server, Plex cloud, analytics, an ad host, an unknown third party', () => {
		const hosts = new Set(requests(result).map((r) => r.host));
		for (const h of ['plex.tv', 'clients.plex.tv', 'analytics.plex.tv', 'metadata.provider.plex.tv', 'images.plex.tv', 'vod.provider.plex.tv', 'servedby.flashtalking.com', 'use.typekit.net']) expect(hosts).toContain(h);
		expect([...hosts].some((h) => h.endsWith('.plex.direct'))).toBe(true);
		expect(result.diagnostics).toEqual([]);
		expect(readFileSync(SAMPLE).length).toBeLessThan(200 * 1024);
	});

	it('shows two devices, two formats and two resolutions', () => {
		const p = playbacks(result);
		expect(new Set(p.map((x) => x.device?.product).filter(Boolean))).toEqual(new Set(['Plex Web', 'Plex for Roku']));
		expect(new Set(p.map((x) => x.resolution).filter(Boolean))).toEqual(new Set(['1080p', '4K']));
		expect(new Set(p.map((x) => x.videoCodec).filter(Boolean))).toEqual(new Set(['h264', 'hevc']));
		// The transcoder start request says what Plex Web asked for: 1080p at 8 Mbit/s over DASH.
		expect(p.find((x) => x.evidence.startsWith('PMS transcode request'))).toMatchObject({resolution: '1080p', width: 1920, height: 1080, bitrateKbps: 8000, protocol: 'dash', device: {product: 'Plex Web'}});
		expect(p.find((x) => x.evidence === 'analytics playback:itemstart')).toMatchObject({container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', protocol: 'dash', host: 'analytics.plex.tv'});
	});

	it('holds no token except the obviously fake ones', () => {
		const secrets = new Set(result.records.flatMap((r) => r.identifiers.filter((i) => i.kind === 'secret').map((i) => i.value)));
		for (const s of secrets) expect(s).toMatch(/FAKE/);
	});
});

type SecretCase = {description: string; entry: Record<string, unknown>; expected: Array<Pick<Identifier, 'name' | 'value'>>};

describe('secrets become secret identifiers (the pipeline redacts them)', () => {
	const cases: SecretCase[] = [
		{description: 'token in a header', entry: entry({url: 'https://plex.tv/api/v2/user', headers: [{name: 'X-Plex-Token', value: 'tok-header'}]}), expected: [{name: 'X-Plex-Token', value: 'tok-header'}]},
		{description: 'token in an HTTP/2 (lower-case) header', entry: entry({url: 'https://plex.tv/api/v2/user', headers: [{name: 'x-plex-token', value: 'tok-h2'}]}), expected: [{name: 'X-Plex-Token', value: 'tok-h2'}]},
		{description: 'token in the query', entry: entry({url: 'https://plex.tv/api/v2/user?X-Plex-Token=tok-query'}), expected: [{name: 'X-Plex-Token', value: 'tok-query'}]},
		{
			description: 'token nested in url= (PMS photo transcoder)',
			entry: entry({url: 'https://10.0.0.2:32400/photo/:/transcode?width=1&url=%2Flibrary%2Fmetadata%2F1%2Fthumb%3FX-Plex-Token%3Dtok-nested'}),
			expected: [{name: 'X-Plex-Token', value: 'tok-nested'}],
		},
		{
			description: 'token nested twice (url= inside url=)',
			entry: entry({url: 'https://images.plex.tv/photo?url=https%3A%2F%2Fx.plex.direct%2Fphoto%3Furl%3D%252Fa%253FX-Plex-Token%253Dtok-deep'}),
			expected: [{name: 'X-Plex-Token', value: 'tok-deep'}],
		},
		{
			description: 'authToken in a JSON body',
			entry: entry({method: 'POST', url: 'https://plex.tv/api/v2/x', postData: {mimeType: 'application/json', text: '{"user":{"authToken":"tok-json"}}'}}),
			expected: [{name: 'authToken', value: 'tok-json'}],
		},
		{description: 'api_key in a form body', entry: entry({method: 'POST', url: 'https://x.example/', postData: {mimeType: 'application/x-www-form-urlencoded', text: 'a=1&api_key=tok-form'}}), expected: [{name: 'api_key', value: 'tok-form'}]},
		{
			description: 'cookies from cookies[]',
			entry: entry({url: 'https://x.example/', cookies: [{name: 'sid', value: 'c1'}, {name: 'uid', value: 'c2'}]}),
			expected: [{name: 'Cookie', value: 'sid=c1'}, {name: 'Cookie', value: 'uid=c2'}],
		},
		{description: 'cookies from the Cookie header', entry: entry({url: 'https://x.example/', headers: [{name: 'cookie', value: 'sid=c1; uid=c2'}]}), expected: [{name: 'Cookie', value: 'sid=c1'}, {name: 'Cookie', value: 'uid=c2'}]},
		{description: 'Authorization: Bearer', entry: entry({url: 'https://x.example/', headers: [{name: 'authorization', value: 'Bearer tok-bearer'}]}), expected: [{name: 'Authorization', value: 'Bearer tok-bearer'}]},
		{
			description: 'Authorization: MediaBrowser … Token= (Jellyfin/Emby)',
			entry: entry({url: 'http://192.168.1.5:8096/Items', headers: [{name: 'Authorization', value: 'MediaBrowser Client="Jellyfin Web", DeviceId="d1", Token="tok-mb"'}]}),
			expected: [{name: 'Authorization Token', value: 'tok-mb'}],
		},
		{description: 'X-Emby-Token', entry: entry({url: 'http://192.168.1.5:8096/Items', headers: [{name: 'X-Emby-Token', value: 'tok-emby'}]}), expected: [{name: 'X-Emby-Token', value: 'tok-emby'}]},
	];
	it.each(cases)('$description', ({entry: e, expected}) => {
		const [record] = requests(parse(har([e])));
		const secrets = record!.identifiers.filter((i) => i.kind === 'secret').map(({name, value}) => ({name, value}));
		expect(secrets).toEqual(expected);
	});
});

describe('request records', () => {
	it('reads device and identifiers from X-Plex-* query parameters (Plex Web)', () => {
		const url = 'https://192-168-1-20.0123456789abcdef0123456789abcdef.plex.direct:32400/library/sections?X-Plex-Product=Plex%20Web&X-Plex-Client-Identifier=cid1&X-Plex-Platform=Chrome&X-Plex-Device=Linux&X-Plex-Model=bundled&X-Plex-Device-Name=Chrome&X-Plex-Device-Screen-Resolution=1920x961%2C1920x1080';
		const [r] = requests(parse(har([entry({url})])));
		expect(r!.device).toEqual({product: 'Plex Web', clientId: 'cid1', platform: 'Chrome', device: 'Linux', model: 'bundled', name: 'Chrome', screenResolution: '1920x961,1920x1080'});
		expect(r!.identifiers.find((i) => i.name === 'X-Plex-Client-Identifier')).toEqual({kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'cid1'});
		expect(r).toMatchObject({host: '192-168-1-20.0123456789abcdef0123456789abcdef.plex.direct', port: 32400, path: '/library/sections'});
		// A plex.direct name may be a friend's server: the parser leaves the direction to the classifier.
		expect(r!.direction).toBeUndefined();
	});

	type DirectionCase = {description: string; url: string; expected: RequestRecord['direction']};
	const directions: DirectionCase[] = [
		{description: 'public host', url: 'https://plex.tv/', expected: 'outbound'},
		{description: 'private IPv4', url: 'http://192.168.1.20/', expected: 'inbound'},
		{description: 'loopback IPv6 in brackets', url: 'http://[::1]:8080/', expected: 'inbound'},
		// Issue 19 item 10: a port says nothing about whose server it is (these were `inbound` before).
		{description: 'public IPv6 on the Jellyfin port', url: 'http://[2001:db8::1]:8096/', expected: 'outbound'},
		{description: 'a public address on port 32400', url: 'http://203.0.113.9:32400/', expected: 'outbound'},
		{description: 'plex.direct (maybe a friend\'s server)', url: 'https://1-2-3-4.0123456789abcdef.plex.direct:443/', expected: undefined},
	];
	it.each(directions)('direction: $description', ({url, expected}) => {
		expect(requests(parse(har([entry({url})])))[0]!.direction).toBe(expected);
	});

	it('strips IPv6 brackets from the host', () => {
		expect(requests(parse(har([entry({url: 'http://[2001:db8::1]:8096/x'})])))[0]).toMatchObject({host: '2001:db8::1', port: 8096});
	});

	type BytesCase = {description: string; response: Record<string, unknown>; expected: number | undefined};
	const bytes: BytesCase[] = [
		{description: '_transferSize first (Chrome)', response: {status: 200, _transferSize: 253, headersSize: 100, bodySize: 50, content: {size: 9000}}, expected: 253},
		{description: 'headers + body when both known', response: {status: 200, headersSize: 100, bodySize: 50, content: {size: 9000}}, expected: 150},
		{description: 'content.size when sizes are -1', response: {status: 200, headersSize: -1, bodySize: -1, content: {size: 9000}}, expected: 9000},
		{description: 'unknown when everything is -1 or null', response: {status: 200, headersSize: null, bodySize: -1, content: {}}, expected: undefined},
	];
	it.each(bytes)('bytesReceived: $description', ({response, expected}) => {
		expect(requests(parse(har([entry({url: 'https://x.example/'}, response)])))[0]!.bytesReceived).toBe(expected);
	});

	it('leaves status undefined for status 0 and missing responses, keeps the time in UTC', () => {
		const r = requests(parse(har([entry({url: 'https://a.example/'}, {status: 0, content: {}}), {...entry({url: 'https://b.example/'}), startedDateTime: '2023-03-29T17:37:42.482-07:00'}])));
		expect(r[0]!.status).toBeUndefined();
		expect(r[1]!.status).toBeUndefined();
		expect(r[1]!.time).toBe('2023-03-30T00:37:42.482Z');
	});

	it('counts a multi-MB base64 body without reading it', () => {
		const big = 'AAAA'.repeat(1_000_000);
		const doc = har([entry({url: 'https://10.0.0.2:32400/video/seg.m4s'}, {status: 200, content: {mimeType: 'video/mp4', text: big, encoding: 'base64'}}), entry({url: 'https://plex.tv/after'})]);
		const result = parse(doc, 'big.har', 65_536);
		const r = requests(result);
		expect(r.map((x) => x.host)).toEqual(['10.0.0.2', 'plex.tv']);
		expect(r[0]!.bytesReceived).toBe(3_000_000);
		expect(result.diagnostics).toEqual([
			{severity: 'info', code: 'har.bodies.skipped', message: '1 body longer than 256 KiB (2.9 MiB in all) were counted but not read', origin: {file: 'big.har'}},
		]);
	});

	it('counts websocket messages into the bytes and keeps no message data', () => {
		const e = {...entry({url: 'wss://pubsub.plex.tv/sub', headersSize: 10, bodySize: 0}, {status: 101, headersSize: 20, bodySize: 0}), _webSocketMessages: [{type: 'send', opcode: 1, data: 'abc'}, {type: 'receive', opcode: 1, data: 'é'}]};
		const [r] = requests(parse(har([e])));
		expect(r).toMatchObject({bytesSent: 13, bytesReceived: 22, port: 443});
		expect(JSON.stringify(r)).not.toContain('abc');
	});
});

describe('playback evidence', () => {
	const base = {source: 'har', origin: {file: 'f', entry: 0}};
	type AnalyticsCase = {description: string; body: unknown; events: string[]; playback: number};
	const event = {event: 'playback:itemstart', deviceIdentifier: 'cid', userId: 7, context: {device: {product: 'Plex Web', model: 'bundled'}}, properties: {container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', bitrate: 8000, videoDecision: 'copy', audioDecision: 'transcode', protocol: 'dash', type: 'movie'}};
	const cases: AnalyticsCase[] = [
		{description: 'one event object', body: event, events: ['playback:itemstart'], playback: 1},
		{description: 'an array (batch)', body: [{event: 'client:view'}, event], events: ['client:view', 'playback:itemstart'], playback: 1},
		{description: 'an {events: [...]} batch', body: {events: [event, {...event, event: 'playback:itemend'}]}, events: ['playback:itemstart', 'playback:itemend'], playback: 2},
		{description: 'not an event', body: 'hello', events: [], playback: 0},
	];
	it.each(cases)('analytics body: $description', ({body, events, playback}) => {
		const a = analyticsEvidence(body, base);
		expect(a.events).toEqual(events);
		expect(a.playback).toHaveLength(playback);
	});

	it('analytics playback:itemstart → fields, identifiers, device and a playback record', () => {
		const a = analyticsEvidence(event, base);
		expect(a.fields).toEqual(['context.device.model', 'context.device.product', 'deviceIdentifier', 'event', 'properties.audioCodec', 'properties.audioDecision', 'properties.bitrate', 'properties.container', 'properties.protocol', 'properties.type', 'properties.videoCodec', 'properties.videoDecision', 'userId']);
		expect(a.identifiers.filter((i) => i.kind === 'identifier')).toEqual([{kind: 'identifier', name: 'deviceIdentifier', value: 'cid'}, {kind: 'identifier', name: 'userId', value: '7'}]);
		expect(a.device).toEqual({clientId: 'cid', product: 'Plex Web', model: 'bundled'});
		expect(a.playback[0]).toMatchObject({container: 'mp4', videoCodec: 'h264', audioCodec: 'aac', bitrateKbps: 8000, videoDecision: 'copy', audioDecision: 'transcode', decision: 'transcode', protocol: 'dash', mediaType: 'movie', host: 'analytics.plex.tv', evidence: 'analytics playback:itemstart'});
	});

	it('reads a base64-encoded /status/sessions XML body', () => {
		const xml = '<MediaContainer size="1"><Video type="movie" title="A"><Media container="mkv" videoCodec="hevc" audioCodec="eac3" videoResolution="4k" width="3840" height="2160" bitrate="20000"><Part decision="directplay"/></Media><Player product="Plex for Roku" platform="Roku" machineIdentifier="m1" address="10.0.0.9"/><User id="1" title="u"/></Video></MediaContainer>';
		const e = entry({url: 'http://10.0.0.2:32400/status/sessions'}, {status: 200, content: {mimeType: 'application/xml', text: Buffer.from(xml).toString('base64'), encoding: 'base64'}});
		const [p] = playbacks(parse(har([e])));
		expect(p).toMatchObject({container: 'mkv', videoCodec: 'hevc', resolution: '4K', bitrateKbps: 20000, decision: 'directplay', user: 'u', title: 'A', evidence: '/status/sessions response', device: {product: 'Plex for Roku', platform: 'Roku', clientId: 'm1'}});
		expect(p!.identifiers).toContainEqual({kind: 'personal', name: 'Player address', value: '10.0.0.9'});
	});

	it('reads a JSON /transcode/sessions body', () => {
		const body = JSON.stringify({MediaContainer: {TranscodeSession: [{videoDecision: 'transcode', audioDecision: 'copy', protocol: 'hls', container: 'mpegts', videoCodec: 'h264', audioCodec: 'aac', width: 1280, height: 720}]}});
		const [p] = playbacks(parse(har([entry({url: 'http://10.0.0.2:32400/transcode/sessions'}, {status: 200, content: {text: body}})])));
		expect(p).toMatchObject({container: 'mpegts', resolution: '720p', decision: 'transcode', protocol: 'hls', evidence: '/transcode/sessions response'});
	});
});

describe('XML scanner', () => {
	it('reads elements, attributes, entities and nesting; skips comments, CDATA and declarations', () => {
		const root = parseXml('<?xml version="1.0"?><!-- <x a="1"> --><A k="a &amp; b &#65;&#x42; &bogus;" single=\'q\'><![CDATA[<B/>]]><B n=1 /><C></C></A>');
		expect(root.children).toHaveLength(1);
		expect(xmlToObject(root.children[0]!)).toEqual({k: 'a & b AB &bogus;', single: 'q', B: [{n: '1'}], C: [{}]});
	});

	it('never throws on arbitrary XML-ish text', () => {
		fc.assert(fc.property(fc.string({maxLength: 300}), (s) => void parseXml(s)), runs(100));
	});

	itLarge('never throws and finishes on hostile 1 MB XML', () => {
		const hostile = ['<'.repeat(1e6), '<a '.repeat(3e5), '<a b="'.repeat(2e5), '<a>'.repeat(2e5), '<a b=c d=e '.repeat(1e5), '&#x'.repeat(3e5), '<!--'.repeat(2e5), '</a>'.repeat(2e5)];
		for (const text of hostile) expect(() => parseXml(text)).not.toThrow();
	});
});

describe('sniff', () => {
	const producers = ['Chrome DevTools', 'mitmproxy savehar', 'Insomnia'];
	it.each(harFormat.samples.map((sample, i) => ({producer: producers[i], sample})))('recognises a real HAR head ($producer)', ({sample}) => {
		expect(harFormat.sniff(sample.split('\n'))).toBeGreaterThanOrEqual(0.9);
	});

	type SniffCase = {description: string; notes?: string; head: string[]};
	const others: SniffCase[] = [
		{description: 'AdGuard Home querylog', notes: 'AdGuardHome decode_test.go shape', head: ['{"IP":"127.0.0.1","T":"2020-11-25T18:55:56.519796+03:00","QH":"example.com","QT":"A","QC":"IN"}']},
		{description: 'Tautulli get_history', head: ['{"response": {"result": "success", "message": null, "data": {"draw": 1, "data": [{"date": 1}]}}}']},
		{description: 'PMS log line', head: ['Mar 26, 2019 21:16:43.234 [0x7fa8493ff700] DEBUG - Request: [127.0.0.1:49443 (Loopback)] GET /']},
		{description: 'Jellyfin log line', head: ['[2023-01-01 10:00:00.000 +00:00] [INF] [1] Main: Jellyfin version: 10.8.0']},
		{description: 'an empty object', head: ['{}']},
		{description: 'nothing', head: []},
	];
	it.each(others)('returns 0 for $description', ({head}) => {
		expect(harFormat.sniff(head)).toBe(0);
	});

	it('recognises a HAR with a BOM and a wrapper', () => {
		expect(harFormat.sniff(['\uFEFF{"test_response": {"log": {"version": "1.2", "entries": []}}}'])).toBeGreaterThan(0.9);
	});
});

describe('harFormat diagnostics and robustness', () => {
	it('says what is wrong with empty, {} and non-HAR input', () => {
		expect(parse('', 'e.har').diagnostics.map((d) => d.code)).toEqual(['har.empty']);
		expect(parse('{}', 'e.har').diagnostics).toEqual([{severity: 'error', code: 'har.no-entries', message: 'no log.entries array found: this JSON is not a HAR file, or its entries are missing', origin: {file: 'e.har'}}]);
		expect(parse('not json', 'e.har').diagnostics.map((d) => d.code)).toEqual(['har.not-json']);
	});

	it('reports truncation after the last complete entry, located', () => {
		const doc = har([entry({url: 'https://a.example/'}), entry({url: 'https://b.example/'}), entry({url: 'https://c.example/'})]);
		const result = parse(doc.slice(0, doc.indexOf('c.example')), 't.har');
		expect(requests(result).map((r) => r.host)).toEqual(['a.example', 'b.example']);
		expect(result.diagnostics).toEqual([{severity: 'error', code: 'har.truncated', message: 'the HAR is truncated after entry #1: all 2 complete entries were read, the cut entry #2 was dropped', origin: {file: 't.har', entry: 1}}]);
	});

	it('skips an invalid entry with its index and keeps the others', () => {
		const doc = `{"log":{"entries":[${JSON.stringify(entry({url: 'https://a.example/'}))},{"request":{"url":"https://b.example/",}},${JSON.stringify(entry({url: 'https://c.example/'}))}]}}`;
		const result = parse(doc, 'i.har');
		expect(requests(result).map((r) => [r.origin.entry, r.host])).toEqual([
			[0, 'a.example'],
			[2, 'c.example'],
		]);
		expect(result.diagnostics.map((d) => [d.code, d.origin])).toEqual([['har.entry.invalid-json', {file: 'i.har', entry: 1}]]);
	});

	it('gives the same records whatever the chunking', () => {
		const bytes = readFileSync(`${FIXTURES}quirks.har`);
		const whole = parse(bytes, 'q.har', bytes.length);
		fc.assert(
			fc.property(fc.integer({min: 1, max: 5000}), (size) => {
				expect(parse(bytes, 'q.har', size)).toEqual(whole);
			}),
			runs(30),
		);
	});

	it('keeps the records of the entries before a random truncation or splice', () => {
		const bytes = readFileSync(SAMPLE);
		const recordsBefore = (cut: number): TelemetryRecord[] => parse(bytes.subarray(0, cut)).records;
		fc.assert(
			fc.property(fc.nat({max: bytes.length}), fc.uint8Array({maxLength: 40}), (cut, garbage) => {
				const before = recordsBefore(cut);
				const spliced = Buffer.concat([bytes.subarray(0, cut), garbage, bytes.subarray(cut)]);
				const after = parse(spliced).records;
				expect(after.slice(0, before.length)).toEqual(before);
			}),
			runs(40),
		);
	});

	it('never throws on arbitrary bytes or URLs', () => {
		fc.assert(fc.property(fc.uint8Array({maxLength: 3000}), (b) => void parse(b)), runs(100));
		fc.assert(fc.property(fc.string({maxLength: 400}), (s) => void parse(har([entry({url: s})]))), runs(100));
	});

	itLarge('never throws on hostile 1 MB inputs', () => {
		const hostile = ['a'.repeat(1e6), '['.repeat(1e6), `{"log":{"entries":[${'{'.repeat(1e6)}`, `{"log":{"entries":[{"request":{"url":"${'%'.repeat(1e6)}"}}]}}`, `{"log":{"entries":[{"request":{"url":"http://x/?${'url=%3F'.repeat(1e5)}"}}]}}`];
		for (const text of hostile) expect(() => parse(text)).not.toThrow();
	});
});

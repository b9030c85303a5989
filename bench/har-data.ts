/**
Synthetic HAR data for the HAR benchmarks: Plex-Web-like entries (X-Plex-* query parameters, JSON
bodies, an analytics event) mixed with video-segment entries whose `response.content.text` is a large
base64 body (2–8 MB), the shape of a DevTools export of a streaming session. Deterministic.
*/
import {closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync} from 'node:fs';
import {dirname} from 'node:path';

const SEGMENT_SIZES = [2, 3, 4, 5, 6, 7, 8].map((mb) => mb * 1024 * 1024);

/** Deterministic pseudo-random bytes (xorshift), base64-encoded: a video segment as DevTools saves it. */
function base64Body(bytes: number, seed: number): string {
	const raw = Buffer.alloc(Math.floor((bytes * 3) / 4));
	let x = seed * 2654435761 || 1;
	for (let i = 0; i < raw.length; i += 4) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		raw.writeUInt32LE(x >>> 0, Math.min(i, raw.length - 4));
	}
	return raw.toString('base64');
}

const PARAMS = 'X-Plex-Product=Plex%20Web&X-Plex-Version=4.116.1&X-Plex-Client-Identifier=k3x9q2m7w4z8p1v6r5t0y2u8&X-Plex-Platform=Chrome&X-Plex-Platform-Version=120.0&X-Plex-Model=bundled&X-Plex-Device=Linux&X-Plex-Device-Name=Chrome&X-Plex-Device-Screen-Resolution=1920x961%2C1920x1080&X-Plex-Token=xFAKEtokenDEMO123456&X-Plex-Language=en';
const PMS = 'https://192-168-1-20.0f3c9a7e5b2d48c6a1e9f07d3b5c2a18.plex.direct:32400';

function headers(host: string): Array<{name: string; value: string}> {
	return [
		{name: ':authority', value: host},
		{name: ':method', value: 'GET'},
		{name: ':scheme', value: 'https'},
		{name: 'accept', value: 'application/json'},
		{name: 'accept-encoding', value: 'gzip, deflate, br'},
		{name: 'accept-language', value: 'en-US,en;q=0.9'},
		{name: 'origin', value: 'https://app.plex.tv'},
		{name: 'referer', value: 'https://app.plex.tv/'},
		{name: 'sec-ch-ua', value: '"Not_A Brand";v="8", "Chromium";v="120", "Google Chrome";v="120"'},
		{name: 'sec-fetch-mode', value: 'cors'},
		{name: 'user-agent', value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'},
		{name: 'x-plex-client-identifier', value: 'k3x9q2m7w4z8p1v6r5t0y2u8'},
	];
}

function entry(i: number, body: string | undefined): object {
	const t = new Date(Date.UTC(2025, 2, 14, 19) + i * 250).toISOString();
	const kind = i % 4;
	const host = kind === 3 ? 'analytics.plex.tv' : '192-168-1-20.0f3c9a7e5b2d48c6a1e9f07d3b5c2a18.plex.direct';
	const url = body !== undefined ? `${PMS}/video/:/transcode/universal/session/abc/0/${i}.m4s?X-Plex-Token=xFAKEtokenDEMO123456` : kind === 3 ? 'https://analytics.plex.tv/collect/event' : `${PMS}/library/metadata/${4000 + (i % 97)}?${PARAMS}`;
	const event = {event: 'client:view', deviceIdentifier: 'k3x9q2m7w4z8p1v6r5t0y2u8', context: {device: {product: 'Plex Web', platform: 'Chrome', model: 'bundled'}}, userId: 12345678, properties: {page: 'home'}};
	return {
		_initiator: {type: 'script'},
		_priority: 'High',
		_resourceType: body !== undefined ? 'media' : 'xhr',
		cache: {},
		connection: String(100000 + i),
		pageref: 'page_1',
		request: {
			method: kind === 3 ? 'POST' : 'GET',
			url,
			httpVersion: 'http/2.0',
			headers: headers(host),
			queryString: [],
			cookies: [],
			headersSize: -1,
			bodySize: 0,
			...(kind === 3 && body === undefined ? {postData: {mimeType: 'text/plain;charset=UTF-8', text: JSON.stringify(event)}} : {}),
		},
		response: {
			status: 200,
			statusText: '',
			httpVersion: 'http/2.0',
			headers: [{name: 'content-type', value: body !== undefined ? 'video/mp4' : 'application/json'}, {name: 'date', value: 'Fri, 14 Mar 2025 19:00:00 GMT'}],
			cookies: [],
			content:
				body !== undefined
					? {size: Math.floor((body.length * 3) / 4), mimeType: 'video/mp4', text: body, encoding: 'base64'}
					: {size: 412, mimeType: 'application/json', text: JSON.stringify({MediaContainer: {size: 1, Metadata: [{ratingKey: String(4000 + i), title: `Item ${i}`, type: 'movie'}]}})},
			redirectURL: '',
			headersSize: -1,
			bodySize: -1,
			_transferSize: body !== undefined ? body.length : 640,
			_error: null,
		},
		serverIPAddress: '192.168.1.20',
		startedDateTime: t,
		time: 41.2,
		timings: {blocked: 1.1, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 30.1, receive: 9.8, _blocked_queueing: 0.7},
	};
}

/**
Write a HAR of at least `bytes` bytes to `file` (pretty-printed like DevTools, 2-space indent):
one video segment every `segmentEvery` entries. Returns the number of entries.
*/
export function writeHar(file: string, bytes: number, segmentEvery = 150): number {
	mkdirSync(dirname(file), {recursive: true});
	const tmp = `${file}.tmp`;
	const fd = openSync(tmp, 'w');
	const bodies = SEGMENT_SIZES.map((size, k) => base64Body(size, k + 1));
	let written = 0;
	const put = (s: string): void => {
		const b = Buffer.from(s);
		writeSync(fd, b);
		written += b.length;
	};
	put('{\n  "log": {\n    "version": "1.2",\n    "creator": {\n      "name": "WebInspector",\n      "version": "537.36"\n    },\n    "pages": [],\n    "entries": [\n');
	let i = 0;
	while (written < bytes) {
		const body = i % segmentEvery === segmentEvery - 1 ? bodies[i % bodies.length] : undefined;
		const text = JSON.stringify(entry(i, body), null, 2).replace(/\n/g, '\n      ');
		put(`${i === 0 ? '' : ',\n'}      ${text}`);
		i++;
	}
	put('\n    ]\n  }\n}\n');
	closeSync(fd);
	renameSync(tmp, file);
	return i;
}

/** Make sure `file` exists (generate it once); returns true when it was generated now. */
export function ensureHar(file: string, bytes: number): boolean {
	if (existsSync(file)) return false;
	writeHar(file, bytes);
	return true;
}

/**
HTTP/1 requests in a client's TCP stream: the request line, then the header block (Host, User-Agent,
X-Plex-*, …). Request bodies are skipped by Content-Length so that the next request on a kept-alive
connection is read too; a chunked request body ends the reading of that connection (rare for
requests, and its size is still counted in the flow's bytes).
*/
import {ByteQueue, type Budget, headEnd, latin1} from './bytes.js';

export type HttpRequest = {
	method: string;
	/** As sent: `/path?query`, or an absolute URL (proxy requests), or `host:port` (CONNECT). */
	target: string;
	headers: Array<[string, string]>;
};

/** Methods a request may start with (RFC 9110 and WebDAV's common ones). */
const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'PROPFIND', 'SUBSCRIBE', 'NOTIFY', 'M-SEARCH'];
const METHOD_BYTES = METHODS.map((m) => [...`${m} `].map((c) => c.charCodeAt(0)));

/** The largest header block read. */
export const MAX_HEAD = 16 * 1024;
/** Requests read per connection (a long-lived one keeps its flow record, not a record per request). */
export const MAX_REQUESTS = 1000;

/** True when a stream starts with a request method and a space. */
export function looksLikeHttp(b: Uint8Array, at: number, end: number): boolean {
	outer: for (const m of METHOD_BYTES) {
		if (end - at < m.length) continue;
		for (let i = 0; i < m.length; i++) if (b[at + i] !== m[i]) continue outer;
		return true;
	}
	return false;
}

/** Parse a request head (request line and headers, without the blank line). */
export function parseRequestHead(text: string): HttpRequest | undefined {
	const lines = text.split(/\r?\n/);
	const m = /^([A-Z-]{3,12}) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
	if (!m) return undefined;
	const headers: Array<[string, string]> = [];
	for (const line of lines.slice(1)) {
		const colon = line.indexOf(':');
		if (colon <= 0) continue;
		headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
	}
	return {method: m[1]!, target: m[2]!, headers};
}

/** A header's value by name (case-insensitive), the first one. */
export function header(request: HttpRequest, name: string): string | undefined {
	const lower = name.toLowerCase();
	return request.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** The status code of a response's first line (`HTTP/1.1 200 OK`), if the bytes start with one. */
export function responseStatus(b: Uint8Array, at: number, end: number): number | undefined {
	if (end - at < 12) return undefined;
	const head = latin1(b, at, at + 12);
	const m = /^HTTP\/1\.[01] (\d{3})$/.exec(head);
	return m ? Number(m[1]) : undefined;
}

/**
Reads the requests of one client stream. `push` hands each complete request to `onRequest` and returns
false when reading ends (not HTTP, a head too big, a chunked body, or enough requests).
*/
export class HttpRequestReader {
	private readonly queue: ByteQueue;
	/** Body bytes still to skip before the next request. */
	private skip = 0;
	private requests = 0;
	private stopped = false;

	constructor(budget: Budget, private readonly onRequest: (request: HttpRequest) => void) {
		this.queue = new ByteQueue(budget, MAX_HEAD);
	}

	push(bytes: Uint8Array): boolean {
		if (this.stopped) return false;
		if (this.queue.length === 0) {
			const used = this.read(bytes);
			if (this.stopped) return false;
			if (used < bytes.length && !this.queue.push(bytes.subarray(used))) return this.stop();
			return true;
		}
		if (!this.queue.push(bytes)) return this.stop();
		const used = this.read(this.queue.view());
		this.queue.consume(used);
		return !this.stopped;
	}

	/** Read complete requests (and skip bodies) from `b`; returns the bytes used. */
	private read(b: Uint8Array): number {
		let at = 0;
		while (at < b.length && !this.stopped) {
			if (this.skip > 0) {
				const n = Math.min(this.skip, b.length - at);
				this.skip -= n;
				at += n;
				continue;
			}
			if (!looksLikeHttp(b, at, b.length) && b.length - at >= 12) {
				this.stop();
				break;
			}
			const end = headEnd(b, at, Math.min(b.length, at + MAX_HEAD));
			if (end === -1) {
				if (b.length - at >= MAX_HEAD) this.stop();
				break;
			}
			const request = parseRequestHead(latin1(b, at, end));
			at = end + 4;
			if (!request) {
				this.stop();
				break;
			}
			this.onRequest(request);
			// Enough requests, or a chunked body (its end is not worth finding): stop reading this stream.
			if (++this.requests >= MAX_REQUESTS || /chunked/i.test(header(request, 'transfer-encoding') ?? '')) this.stop();
			const length = Number(header(request, 'content-length') ?? 0);
			this.skip = Number.isSafeInteger(length) && length > 0 ? length : 0;
		}
		return at;
	}

	private stop(): false {
		this.stopped = true;
		return false;
	}

	release(): void {
		this.queue.release();
	}
}

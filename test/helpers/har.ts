/** HAR captures built in tests: entries with every field HAR 1.2 requires, and the document around them. */

/** One entry: a GET of `url` (fields of `request` override), answered 200, `second` seconds after 19:02:10. */
export function harEntry(url: string, request: Record<string, unknown> = {}, second = 0, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		startedDateTime: `2025-03-14T19:02:${String(10 + second).padStart(2, '0')}.000Z`,
		time: 5,
		request: {method: 'GET', url, httpVersion: 'HTTP/1.1', headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1, ...request},
		response: {
			status: 200,
			statusText: 'OK',
			httpVersion: 'HTTP/1.1',
			headers: [],
			cookies: [],
			content: {size: 0, mimeType: 'text/plain'},
			redirectURL: '',
			headersSize: -1,
			bodySize: 0,
		},
		cache: {},
		timings: {send: 0, wait: 5, receive: 0},
		...extra,
	};
}

/** A HAR 1.2 document of these entries, as text. */
export function harText(entries: readonly unknown[]): string {
	return JSON.stringify({log: {version: '1.2', creator: {name: 'test', version: '1'}, entries}});
}

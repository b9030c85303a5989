/**
nginx / Apache access logs (common, combined, vhost_combined; formats.md §6.1) → one `request` record
per line: the requests that reach the user's own server through a reverse proxy.

- `client` is the real client: the first address of an X-Forwarded-For list when the line has one,
  otherwise the first address of the client field; kept as logged. The whole list is an identifier.
- `host` is the vhost when the line names one, else `OWN_SERVER`; `direction` is `inbound`. A request
  in absolute form (`GET http://host/… HTTP/1.1`) or authority form (`CONNECT host:443`) is a proxied
  request: its host comes from the target and the direction is left unknown.
- `url` is the request target as logged (`/path?query`): the log does not say which scheme was used.
- Bytes follow HAR's point of view, the client's: the log's body bytes are what the client received
  (`bytesReceived`); common/combined do not log what the client sent, so `bytesSent` stays unset.
- The device comes from X-Plex-* / api_key query parameters (`clientEvidence`) first, then the User-Agent.
- Requests the server could not read (`"-"` with 408, `""` with 400) still give a record with the
  status and no method: a client did connect. Lines that are not access-log lines give a diagnostic.
*/
import type {Identifier, RequestRecord} from '../../model/records.js';
import {clientEvidence} from '../common/client-params.js';
import {OWN_SERVER} from '../../model/hosts.js';
import {splitUrl} from '../common/url.js';
import {oneRecordPerLine, sniffByShare} from '../common/line-format.js';
import {deviceFromUserAgent, withUserAgent} from '../common/user-agent.js';
import type {LineFormat, ParseContext} from '../types.js';
import {parseAccessLine, type AccessLine} from './line.js';

const REQUEST_LINE = /^([A-Z][A-Z_-]{0,31}) (\S+)(?: HTTP\/\d(?:\.\d)?)?$/;

/** Build the record for one parsed line. Exported for the tests. */
export function accessRecord(parsed: AccessLine, ctx: ParseContext, lineNo: number): RequestRecord {
	const forwarded = parsed.forwardedFor;
	const client = forwarded?.[0] ?? parsed.addresses[0];
	const identifiers: Identifier[] = [];
	const chain = [...(forwarded ?? []), ...parsed.addresses];
	if (chain.length > 1) identifiers.push({kind: 'personal', name: 'X-Forwarded-For', value: chain.join(', ')});
	if (parsed.user) identifiers.push({kind: 'personal', name: 'remote_user', value: parsed.user});

	const req = REQUEST_LINE.exec(parsed.request);
	const method = req?.[1];
	const target = req?.[2] ?? '';
	let host = parsed.vhost?.toLowerCase() ?? OWN_SERVER;
	let port = parsed.vhostPort;
	let path = '';
	let direction: RequestRecord['direction'] = 'inbound';
	let query: Array<[string, string]> = [];
	if (target.startsWith('/') || target === '*') {
		const parts = splitUrl(target);
		path = parts.path;
		query = parts.query;
	} else if (target !== '') {
		direction = undefined;
		const parts = splitUrl(target);
		if (parts.scheme) {
			host = parts.host;
			port = parts.port;
			path = parts.path;
			query = parts.query;
		} else {
			// CONNECT host:port
			const colon = target.lastIndexOf(':');
			host = (colon > 0 ? target.slice(0, colon) : target).replace(/^\[|\]$/g, '').toLowerCase();
			port = colon > 0 && /^\d{1,5}$/.test(target.slice(colon + 1)) ? Number(target.slice(colon + 1)) : undefined;
		}
	}

	const evidence = clientEvidence(query);
	identifiers.push(...evidence.identifiers);
	const device = withUserAgent(evidence.device, deviceFromUserAgent(parsed.userAgent));
	const record: RequestRecord = {
		kind: 'request',
		source: 'access-log',
		origin: {file: ctx.file, line: lineNo},
		identifiers,
		// An unreadable request line (binary TLS bytes sent to a plain-HTTP port …) is kept as logged.
		url: req ? target : parsed.request === '-' ? '' : parsed.request,
		host,
		path,
		status: parsed.status,
		client,
	};
	if (parsed.timeMs !== undefined) record.timeMs = parsed.timeMs;
	if (device) record.device = device;
	if (method) record.method = method;
	if (port !== undefined) record.port = port;
	if (parsed.bytes !== undefined) record.bytesReceived = parsed.bytes;
	if (direction) record.direction = direction;
	return record;
}

const SAMPLES = [
	'10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] "GET /ocelot HTTP/1.1" 200 571 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0"',
	'172.17.0.1 - - [29/May/2017:19:02:48 +0000] "GET /stringpatch HTTP/1.1" 404 612 "-" "Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2" "-"',
	'"10.5.102.222, 199.96.1.1, 204.246.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET /assets/xxxx?q=100 HTTP/1.1" 200 25507 "-" "Amazon CloudFront"',
	'127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "" 400 0 "-" "-"',
	'::1 - - [26/Dec/2016:16:16:29 +0200] "GET /favicon.ico HTTP/1.1" 404 209',
	'::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -',
	'vhost1.domaine.fr 123.123.123.123 - - [04/Jul/2019:09:20:46 +0200] "GET / HTTP/1.1" 200 32953 "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.100 Safari/537.36"',
];

/** Score the first lines: 0 when none is an access-log line. */
export function sniffAccessLog(head: readonly string[]): number {
	return sniffByShare(head, (l) => l.includes('] "') && parseAccessLine(l) !== undefined, 0.5, 0.4);
}

/** One line's record; undefined when it is not an access-log line. */
function readLine(text: string, ctx: ParseContext, lineNo: number): RequestRecord | undefined {
	const parsed = parseAccessLine(text);
	return parsed && accessRecord(parsed, ctx, lineNo);
}

/** nginx/Apache access log (common, combined, vhost_combined, X-Forwarded-For variants). */
export const accessLogFormat: LineFormat = {
	kind: 'lines',
	name: 'access-log',
	title: 'nginx/Apache access log',
	samples: SAMPLES,
	sniff: sniffAccessLog,
	create: (ctx) => oneRecordPerLine(ctx, readLine, {code: 'access-log.line.unparsed', message: 'not an nginx/Apache access-log line'}),
};

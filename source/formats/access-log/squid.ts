/**
Squid's native access.log (formats.md §6.2) → one outbound `request` record per line: what the LAN's
clients fetched through the forward proxy.

    time.ms elapsed_ms client result/status bytes method URL user hierarchy/peer mime

`bytes` is what Squid delivered to the client (`bytesReceived`, the client's point of view). `CONNECT`
lines carry `host:port` (an HTTPS tunnel), kept as the url; the host and port come from it.
*/
import type {Identifier, RequestRecord} from '../../model/records.js';
import {clientEvidence} from '../common/client-params.js';
import {oneRecordPerLine, sniffByShare} from '../common/line-format.js';
import {splitUrl} from '../common/url.js';
import type {LineFormat, ParseContext} from '../types.js';
import {isoOfMs} from '../../model/time.js';

// Every field is `\S+` between single spaces (only the first gap is padded), so this is linear.
const SQUID = /^(\d{9,10}\.\d{3}) +(-?\d+) (\S+) ([A-Z_]+)\/(\d{3}) (\d+) (\S+) (\S+) (\S+) ([A-Z_]+)\/(\S+) (\S+)$/;

/** Parse one line into a record; undefined when it is not a Squid native line. Exported for tests. */
export function squidRecord(text: string, ctx: ParseContext, lineNo: number): RequestRecord | undefined {
	const m = SQUID.exec(text);
	if (!m) return undefined;
	const [, ts, , client, , status, bytes, method, target, user, , , mime] = m as unknown as string[];
	let host: string;
	let port: number | undefined;
	let path = '';
	let query: Array<[string, string]> = [];
	const parts = splitUrl(target!);
	if (parts.scheme) {
		({host, port, path, query} = parts);
	} else {
		const colon = target!.lastIndexOf(':');
		host = (colon > 0 ? target!.slice(0, colon) : target!).replace(/^\[|\]$/g, '').toLowerCase();
		port = colon > 0 && /^\d{1,5}$/.test(target!.slice(colon + 1)) ? Number(target!.slice(colon + 1)) : undefined;
	}
	const evidence = clientEvidence(query);
	const identifiers: Identifier[] = [...evidence.identifiers];
	if (user && user !== '-') identifiers.push({kind: 'personal', name: 'user', value: user});
	const record: RequestRecord = {
		kind: 'request',
		source: 'squid',
		origin: {file: ctx.file, line: lineNo},
		time: isoOfMs(Number(ts) * 1000),
		identifiers,
		method,
		url: target!,
		host,
		path,
		status: Number(status),
		bytesReceived: Number(bytes),
		client,
		direction: 'outbound',
	};
	if (port !== undefined) record.port = port;
	if (evidence.device) record.device = evidence.device;
	if (mime && mime !== '-') record.mimeType = mime;
	return record;
}

const SAMPLES = [
	'1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 badeyek DIRECT/209.73.177.115 -',
	'1157689320.327   2864 10.105.21.199 TCP_MISS/200 10182 GET http://www.goonernews.com/ badeyek DIRECT/207.58.145.61 text/html',
	'1157689337.481      4 10.105.47.218 TCP_DENIED/407 1661 GET http://hi5.com/ - NONE/- text/html',
];

/** Squid native access.log. */
export const squidFormat: LineFormat = {
	kind: 'lines',
	name: 'squid',
	title: 'Squid access log',
	samples: SAMPLES,
	sniff: (head) => sniffByShare(head, (l) => l.length < 65_536 && SQUID.test(l), 0.5, 0.45),
	create: (ctx) => oneRecordPerLine(ctx, squidRecord, {code: 'squid.line.unparsed', message: 'not a Squid native access.log line'}),
};

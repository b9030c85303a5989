/**
AdGuard Home `querylog.json` (NDJSON, one `logEntry` per line; formats.md §6.5) → one DNS `request`
record per line.

Fields (AdguardTeam/AdGuardHome `internal/querylog/entry.go`): `T` RFC 3339 time with an offset, `QH`
the queried host, `QT` type, `IP` the client (possibly anonymised to `1.2.0.0`), `CID` a client id
(DoH/DoT/DoQ client name), `ECS` the EDNS client subnet, `Result` the filtering result.

`blocked` follows `Result.Reason` (`internal/filtering/reason.go`): 3 FilteredBlockList,
4 FilteredSafeBrowsing, 5 FilteredParental and 8 FilteredBlockedService are blocks; SafeSearch (7) and
rewrites (9–11) answer with another address and are not, unless a rewrite answers a null address or
NXDOMAIN (a `$dnsrewrite` blocking rule). Without a `Reason`, `Result.IsFiltered` decides.
*/
import type {Identifier, RequestRecord} from '../../model/records.js';
import {dnsRecord, NULL_ANSWERS} from '../dnsmasq/dns-record.js';
import {answerAddresses, decodeDns} from '../pcap/dns.js';
import {oneRecordPerLine, sniffByShare} from '../common/line-format.js';
import type {LineFormat, ParseContext} from '../types.js';
import {isoOfMs} from '../../model/time.js';

const BLOCKING_REASONS: ReadonlySet<number> = new Set([3, 4, 5, 8]);
const REWRITE_REASONS: ReadonlySet<number> = new Set([9, 10, 11]);
/** DNS RCODE 3. */
const NXDOMAIN = 3;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Whether a `Result` object means the lookup was blocked. */
export function isBlockedResult(result: unknown): boolean {
	if (!isObject(result)) return false;
	const reason = result.Reason;
	if (typeof reason === 'number') {
		if (BLOCKING_REASONS.has(reason)) return true;
		if (!REWRITE_REASONS.has(reason)) return false;
		const rewrite = result.DNSRewriteResult;
		if (isObject(rewrite) && rewrite.RCode === NXDOMAIN) return true;
		const ips = result.IPList;
		return Array.isArray(ips) && ips.length > 0 && ips.every((ip) => typeof ip === 'string' && NULL_ANSWERS.has(ip));
	}
	return result.IsFiltered === true;
}

function toIso(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : isoOfMs(ms);
}

/** Parse one querylog line; undefined when it is not a log entry. Exported for tests. */
export function adguardRecord(text: string, ctx: ParseContext, lineNo: number): RequestRecord | undefined {
	let entry: unknown;
	try {
		entry = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isObject(entry)) return undefined;
	const host = str(entry.QH);
	if (!host) return undefined;
	const identifiers: Identifier[] = [];
	const cid = str(entry.CID);
	if (cid) identifiers.push({kind: 'identifier', name: 'CID', value: cid});
	const ecs = str(entry.ECS);
	if (ecs) identifiers.push({kind: 'personal', name: 'ECS', value: ecs});
	const answered = isObject(entry.Result) || entry.Answer !== undefined;
	return dnsRecord({
		source: 'adguard',
		file: ctx.file,
		line: lineNo,
		name: host,
		client: str(entry.IP),
		time: toIso(entry.T),
		blocked: answered ? isBlockedResult(entry.Result) : undefined,
		address: answerAddress(entry.Answer),
		identifiers,
	});
}

/** The first address in `Answer` (the DNS response, base64), for where the name pointed. */
function answerAddress(answer: unknown): string | undefined {
	if (typeof answer !== 'string' || answer.length > 8192) return undefined;
	const bytes = Buffer.from(answer, 'base64');
	const m = decodeDns(bytes, 0, bytes.length);
	return m ? answerAddresses(m).find((a) => /^[0-9a-f.:]{2,64}$/i.test(a)) : undefined;
}

const SAMPLES = [
	'{"IP":"127.0.0.1","T":"2020-11-25T18:55:56.519796+03:00","QH":"an.yandex.ru","QT":"A","QC":"IN","CP":"","Answer":"Qz+BgAABAAEAAAAAAmFuBnlhbmRleAJydQAAAQABwAwAAQABAAAACgAEAAAAAA==","Result":{"IsFiltered":true,"Reason":3,"Rule":"||an.yandex.","FilterID":1,"ReverseHosts":["example.com"],"IPList":["127.0.0.1"]},"Elapsed":837429}',
];

/** Score the first lines: querylog entries start `{` and carry `"QH":` and `"T":`. */
export function sniffAdguard(head: readonly string[]): number {
	return sniffByShare(
		head,
		(l) => {
			const t = l.trimStart();
			return t.startsWith('{"') && t.includes('"QH":') && t.includes('"T":');
		},
		0.6,
		0.35,
	);
}

/** AdGuard Home query log (NDJSON). */
export const adguardFormat: LineFormat = {
	kind: 'lines',
	name: 'adguard',
	title: 'AdGuard Home query log',
	samples: SAMPLES,
	sniff: sniffAdguard,
	create: (ctx) => oneRecordPerLine(ctx, adguardRecord, {code: 'adguard.line.unparsed', message: 'not an AdGuard Home query-log entry'}),
};

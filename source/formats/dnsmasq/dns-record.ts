/**
The shape every DNS source shares (dnsmasq/Pi-hole, AdGuard Home, Zeek dns.log): one `request` record
per lookup, `method: 'DNS'`, `url: dns://<name>`, `host` = the queried name in lower case without its
trailing dot, `path: ''`, `direction: 'outbound'` (a lookup is the first sign of traffic that leaves
the network), `client` = the LAN client that asked.
*/
import type {Identifier, RequestRecord} from '../../model/records.js';

export type DnsLookup = {
	source: string;
	file: string;
	line: number;
	name: string;
	client?: string | undefined;
	time?: string | undefined;
	/** The time as epoch ms (the record's `timeMs`): preferred to `time` when given. */
	timeMs?: number | undefined;
	/** true: a blocklist answered; false: answered normally; undefined: no answer seen. */
	blocked?: boolean | undefined;
	/** The first address the answer gave (not a null route), for where the name points. */
	address?: string | undefined;
	identifiers?: Identifier[];
};

/** Lower case, no trailing dot: `Plex.TV.` → `plex.tv`. */
export function normalizeDnsName(name: string): string {
	// Most names are written in lower-case ASCII already: checked by character, no new string.
	let plain = true;
	for (let k = 0; k < name.length && plain; k++) {
		const c = name.charCodeAt(k);
		plain = c < 128 && (c < 65 || c > 90);
	}
	if (plain) return name.endsWith('.') && name.length > 1 ? name.slice(0, -1) : name;
	const lower = name.toLowerCase();
	return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

/** Answers that mean "blocked" when a filter gives them (null routes). */
export const NULL_ANSWERS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** Build the record for one lookup. */
export function dnsRecord(lookup: DnsLookup): RequestRecord {
	const host = normalizeDnsName(lookup.name);
	const record: RequestRecord = {
		kind: 'request',
		source: lookup.source,
		origin: {file: lookup.file, line: lookup.line},
		identifiers: lookup.identifiers ?? [],
		method: 'DNS',
		url: `dns://${host}`,
		host,
		path: '',
		direction: 'outbound',
	};
	if (lookup.timeMs !== undefined) record.timeMs = lookup.timeMs;
	else if (lookup.time) record.time = lookup.time;
	if (lookup.client) record.client = lookup.client;
	if (lookup.blocked !== undefined) record.blocked = lookup.blocked;
	if (lookup.address && !lookup.blocked && lookup.address.length <= 64 && !NULL_ANSWERS.has(lookup.address)) record.serverAddress = lookup.address;
	return record;
}

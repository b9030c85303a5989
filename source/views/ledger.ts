/**
The identifier ledger: who received something that identifies you. One row per identifier × organisation
it reached outside your network, with how it travelled (the names and places it was found under, and
the encodings), to which hosts, how often, first and last.

An identifier reaches a host in two ways:
- named: a field the parser knows carried it (X-Plex-Client-Identifier, DeviceId, userId, an e-mail …);
- found by value: an identifier learned from such a field anywhere in the input (also after this record)
  was in another place of an outbound request — any query parameter, a path segment, a header, a cookie,
  a body value — raw, URL-encoded, base64, or hashed (MD5, SHA-1, SHA-256). The store keeps fingerprints
  of the values outbound records carried (`store.tokens`) and of the forms of learned identifiers
  (`store.learned`); matching them here, at query time, finds identifiers in records read before the
  identifier was learned.
Values are the masked ones (the same value always has the same mask); secrets are not identifiers here.
*/
import {isoOfMs} from '../model/time.js';
import type {IdentifierKind, Party} from '../model/records.js';
import {describeEncoding, isLedgerKind, placeNames} from '../privacy/tokens.js';
import {IDENTIFIER_KIND_ORDER, KIND_CODES, type IdentifierEntry, type RecordStore} from '../store/store.js';
import {addFew, valuesOfFew, type Few} from './distinct.js';
import {filterValue} from './filter.js';
import type {GroupView} from './types.js';
import {column, seenColumns} from './columns.js';

export type LedgerRow = {
	identifier: string;
	kind: IdentifierKind;
	organization: string;
	party: Party;
	/** Names and places it travelled under (`X-Plex-Client-Identifier`, `query uid`, `path`, `header X-Foo`). */
	carriedAs: string[];
	/** How: `raw`, `URL-encoded`, `base64`, `md5` … */
	encodings: string[];
	hosts: string[];
	requests: number;
	firstSeen: string | undefined;
	lastSeen: string | undefined;
};

const PARTY_RANK: Record<Party, number> = {third: 0, vendor: 1, first: 2};


/**
Call `visit` for every identifier record `i` took outside the network: its identifier entry, the place
it was found, and how it was encoded. Each identifier once per place; nothing for records that stayed in
the network (or have no destination).
*/
export function ledgerHits(store: RecordStore, i: number, visit: (entry: IdentifierEntry, where: string, encoding: string) => void): void {
	const kind = store.kindOf(i);
	if (kind !== KIND_CODES.request && kind !== KIND_CODES.playback) return;
	const c = store.destinations.classification(store.dest.get(i));
	if (!c || c.party === 'first') return;
	const ids = store.idList;
	const k0 = store.idStart.get(i);
	const k1 = store.idStart.get(i + 1);
	for (let k = k0; k < k1; k++) {
		const entry = store.identifiers.values[ids.get(k)]!;
		if (isLedgerKind(entry.kind)) visit(entry, entry.name, 'raw');
	}
	const t0 = store.tokenStart.get(i);
	const t1 = store.tokenStart.get(i + 1);
	if (t0 === t1 || store.learned.size === 0) return;
	const tokens = store.tokenList;
	for (let t = t0; t < t1; t++) {
		const token = store.tokens.values[tokens.get(t)]!;
		const form = store.learned.get(token.fp);
		if (!form) continue;
		const entry = store.identifiers.values[form.identifier]!;
		// Already carried under its own name by this record: the same evidence twice.
		let named = false;
		for (let k = k0; k < k1 && !named; k++) {
			const own = store.identifiers.values[ids.get(k)]!;
			named = own.value === entry.value && own.kind === entry.kind && placeNames(token.where, own.name);
		}
		if (!named) visit(entry, token.where, describeEncoding(form.encoding, token.decoded));
	}
}

const iso = (ms: number): string | undefined => (Number.isFinite(ms) ? isoOfMs(ms) : undefined);

export const ledgerView: GroupView<LedgerRow> = {
	kind: 'group',
	name: 'ledger',
	title: 'Ledger',
	description: 'every identifier that left the network, per organisation: under which names and places, in which encodings, to which hosts',
	learned: true,
	columns: [
		{key: 'identifier', header: 'Identifier', kind: 'text', priority: 0, minWidth: 12, maxWidth: 30},
		column('kind', 2),
		column('organization', 0),
		column('party', 0),
		{key: 'carriedAs', header: 'Carried as', kind: 'list', priority: 1, minWidth: 12, maxWidth: 40},
		{key: 'encodings', header: 'Encodings', kind: 'list', priority: 1, minWidth: 8, maxWidth: 24},
		column('hosts', 2),
		column('requests', 0),
		...seenColumns(4),
	],
	countKey: 'requests',
	sort: {key: 'requests', descending: true},
	create(store) {
		type Acc = {
			readonly entry: IdentifierEntry;
			readonly organization: string;
			party: Party;
			carriedAs: Few<string>;
			encodings: Few<string>;
			hosts: Few<string>;
			requests: number;
			first: number;
			last: number;
			/** The last record counted, so a record carrying it twice counts once. */
			lastRecord: number;
		};
		const groups: Acc[] = [];
		const byKey = new Map<string, Acc>();
		return {
			add(i) {
				const dest = store.destinations.get(store.dest.get(i));
				const c = dest?.classification;
				if (!dest || !c) return;
				const t = store.time.get(i);
				ledgerHits(store, i, (entry, where, encoding) => {
					const key = `${entry.kind}\u0000${entry.value}\u0000${c.organization}`;
					let acc = byKey.get(key);
					if (!acc) {
						acc = {entry, organization: c.organization, party: c.party, carriedAs: undefined, encodings: undefined, hosts: undefined, requests: 0, first: Number.NaN, last: Number.NaN, lastRecord: -1};
						byKey.set(key, acc);
						groups.push(acc);
					}
					acc.carriedAs = addFew(acc.carriedAs, where);
					acc.encodings = addFew(acc.encodings, encoding);
					if (acc.lastRecord === i) return;
					acc.lastRecord = i;
					acc.requests++;
					acc.hosts = addFew(acc.hosts, dest.host);
					// An organisation's hosts share a party, except where the input showed a server to be the user's.
					if (PARTY_RANK[c.party] < PARTY_RANK[acc.party]) acc.party = c.party;
					if (!Number.isNaN(t)) {
						if (!(t >= acc.first)) acc.first = t;
						if (!(t <= acc.last)) acc.last = t;
					}
				});
			},
			size: () => groups.length,
			row(g) {
				const a = groups[g]!;
				return {
					identifier: a.entry.value,
					kind: a.entry.kind,
					organization: a.organization,
					party: a.party,
					carriedAs: valuesOfFew(a.carriedAs).sort(),
					encodings: valuesOfFew(a.encodings).sort(),
					hosts: valuesOfFew(a.hosts).sort(),
					requests: a.requests,
					firstSeen: iso(a.first),
					lastSeen: iso(a.last),
				};
			},
			value(g, key) {
				const a = groups[g]!;
				switch (key) {
					case 'requests':
						return a.requests;
					case 'firstSeen':
						return a.first;
					case 'lastSeen':
						return a.last;
					case 'identifier':
						return a.entry.value;
					case 'organization':
						return a.organization;
					case 'party':
						return a.party;
					default:
						return this.row(g)[key as keyof LedgerRow];
				}
			},
			// Third parties first, then vendors; within each, personal data before identifiers.
			rank: (g) => PARTY_RANK[groups[g]!.party] * 4 + IDENTIFIER_KIND_ORDER[groups[g]!.entry.kind],
		};
	},
	drill: (row) => `identifier:=${filterValue(row.identifier)} org:=${filterValue(row.organization)}`,
};

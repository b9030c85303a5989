/**
What the identifier ledger needs from each record, taken while the raw record is still at hand (before
finalize masks it): the fingerprints of the values an outbound record carried, and the forms of the
identifiers it names, learned so they can be found anywhere else (source/views/ledger.ts).

Fingerprints are keyed with a random key made for this run and never shown: they only compare values
within one run, and say nothing about a value to anyone.
*/
import {createHmac, randomBytes} from 'node:crypto';
import {ownDeep} from '../model/limits.js';
import {BoundedMemo} from '../model/memo.js';
import {isLocalName, isPrivateAddress, OWN_SERVER} from '../model/hosts.js';
import type {Identifier, TelemetryRecord} from '../model/records.js';
import {comparable, encodedForms, isLedgerKind, urlCandidates, valueCandidates, type Candidate} from '../privacy/tokens.js';
import type {RecordStore, TokenEntry} from '../store/store.js';

const key = randomBytes(32);

const fingerprints = new BoundedMemo<number>(4096, 512);
const hmac = (text: string): number => createHmac('sha256', key).update(comparable(text)).digest().readUIntBE(0, 6);

/** A 48-bit keyed fingerprint of a value (as a number); each distinct value is hashed once (bounded memo). */
export function fingerprintOf(text: string): number {
	return fingerprints.through(text, hmac);
}

/** Identifiers shorter than this are not searched for by value (too many false matches). */
const LEARN_MIN = 4;

// The last host asked and the answer (records repeat their host line after line).
let lastHost: string | undefined;
let lastHome = false;

/** True when a host is the user's own network for certain (never changes with what is learned later). */
function staysHome(host: string): boolean {
	if (host !== lastHost) {
		lastHome = host === OWN_SERVER || isPrivateAddress(host) || isLocalName(host);
		lastHost = host;
	}
	return lastHome;
}

function fingerprinted(candidates: readonly Candidate[], seen: Set<string>, out: TokenEntry[]): TokenEntry[] {
	for (const c of candidates) {
		const fp = fingerprintOf(c.text);
		const id = `${fp}\u0000${c.where}\u0000${c.decoded}`;
		if (seen.has(id)) continue;
		seen.add(id);
		out.push({fp, where: c.where, decoded: c.decoded});
	}
	return out;
}

// The tokens of a URL, once per distinct URL (clients call the same URLs again and again). The entries
// are shared by the records of that URL and never modified; kept as copies that share no memory with
// the line the URL came from.
const urlTokens = new BoundedMemo<readonly TokenEntry[]>(2048, 2048);
const tokensOfUrl = (url: string): readonly TokenEntry[] => ownDeep(fingerprinted(urlCandidates(url), new Set(), []));

const NO_TOKENS: readonly TokenEntry[] = Object.freeze([]);

/**
True when a URL carries no value (`urlCandidates` finds none): a scheme and a host with nothing after it
(`dns://example.com`, every query of a DNS log). Tested by a scan, not remembered: a DNS log's long tail of
names would only churn the memo.
*/
export function bareHostUrl(url: string): boolean {
	const scheme = url.indexOf('://');
	return scheme !== -1 && url.indexOf('/', scheme + 3) === -1 && !url.includes('?') && !url.includes('#');
}

/** The values an outbound request carried, fingerprinted; undefined for records that stay home. */
export function tokensOf(raw: TelemetryRecord): readonly TokenEntry[] | undefined {
	if (raw.kind !== 'request' || staysHome(raw.host)) return undefined;
	const fromUrl = bareHostUrl(raw.url) ? NO_TOKENS : urlTokens.through(raw.url, tokensOfUrl);
	if (!raw.carried || raw.carried.length === 0) return fromUrl.length > 0 ? fromUrl : undefined;
	const seen = new Set<string>();
	for (const t of fromUrl) seen.add(`${t.fp}\u0000${t.where}\u0000${t.decoded}`);
	const carried: Candidate[] = [];
	for (const c of raw.carried) valueCandidates(c.where, c.value, carried);
	const out = fingerprinted(carried, seen, [...fromUrl]);
	return out.length > 0 ? out : undefined;
}

// Per store: learned values seen already (their forms are fingerprinted once).
const learnedRaw = new WeakMap<RecordStore, Set<string>>();

/**
Teach the store the identifiers a record names (raw values beside their finalised, masked twins), with
the fingerprints of every form they may travel in.
*/
export function learnFrom(raw: TelemetryRecord, final: TelemetryRecord, store: RecordStore): void {
	const ids = raw.identifiers;
	for (let k = 0; k < ids.length; k++) {
		const id = ids[k]!;
		if (!isLedgerKind(id.kind) || id.value.length < LEARN_MIN) continue;
		const masked: Identifier | undefined = final.identifiers[k];
		// Finalize may find a "personal" value to be a descriptor (a device named `Chrome`): not learned.
		if (!masked || !isLedgerKind(masked.kind)) continue;
		// An identifier learned into this store a few records ago: nothing new (records repeat a user). Finalize
		// shares one finalised object between records with the same identifier, so the object says which.
		if (lastStore?.deref() !== store) {
			lastStore = new WeakRef(store);
			recentLearned.fill(undefined);
		} else if (recentLearned.includes(masked)) continue;
		recentLearned[recentNext] = masked;
		recentNext = (recentNext + 1) % recentLearned.length;
		const seenKey = `${id.kind}\u0000${id.name}\u0000${id.value}`;
		let seen = learnedRaw.get(store);
		if (!seen) learnedRaw.set(store, (seen = new Set()));
		if (seen.has(seenKey)) continue;
		// Forgetting only costs fingerprinting a value again (the store ignores forms it knows).
		if (seen.size > 100_000) seen.clear();
		seen.add(seenKey);
		store.learn(masked, encodedForms(id.value).map((f) => ({fp: fingerprintOf(f.text), encoding: f.encoding})));
	}
}

// The finalised identifiers last learned (or found learned already), and into which store (not kept alive by this).
let lastStore: WeakRef<RecordStore> | undefined;
const recentLearned: Array<Identifier | undefined> = new Array<Identifier | undefined>(8).fill(undefined);
let recentNext = 0;

/**
The filter language shared by the TUI (`/`) and print mode (`--filter`), and its compiler to a test
over the store's columns. One expression narrows every view at once, because every view is computed
from the records that pass it.

  host:plex.tv         field contains value (case-insensitive)
  host:=plex.tv        field equals value
  party:third  category:ads  device:roku  event:playback  kind:playback  policy:location
  !term  !host:plex.tv  exclude
  "free text"  plain words match anywhere in the record
Terms are ANDed. Values with spaces are quoted: product:"Plex Web".

A term is evaluated once per distinct value of its column (a host, a device, an identifier), not once
per record: testing two million records is then a pass over small integers. Only `path:` and free text
need the record itself; they read it from the store's spool, after the cheap terms have had their say.
*/
import {POLICY_RULES} from '../classify/policy-rules.js';
import {destinationReasons} from '../classify/policy.js';
import {Memo, type IdColumn} from '../store/columns.js';
import {domainOf} from './domain-key.js';
import {KIND_CODES, KIND_NAMES, type RecordStore} from '../store/store.js';

export type FilterTerm = {
	readonly field: FilterField | undefined;
	readonly value: string;
	readonly exact: boolean;
	readonly negate: boolean;
};

export type Filter = {readonly text: string; readonly terms: readonly FilterTerm[]};

/** The fields, with what each matches (for help and completion). */
export const FILTER_FIELDS = {
	host: 'destination host',
	org: 'organisation of the destination',
	party: 'first, vendor or third',
	category: 'destination category (vendor-analytics, ads, …)',
	domain: 'registrable domain of the destination (eTLD+1: plex.tv for metrics.plex.tv; an address is its own)',
	device: 'any device descriptor: product, platform, device, model, vendor, name',
	product: 'client product (Plex Web, Jellyfin Android …)',
	deviceid: 'the client identifier of the device (masked)',
	platform: 'client platform',
	kind: 'request, playback, device or setting',
	source: 'input format (har, pms, jellyfin …)',
	file: 'input file name',
	event: 'analytics event name',
	client: 'client address (masked)',
	method: 'HTTP method, or DNS',
	status: 'HTTP status',
	path: 'request path',
	container: 'media container',
	codec: 'video or audio codec',
	resolution: 'normalised resolution',
	decision: 'directplay, copy or transcode',
	identifier: 'identifier name or (masked) value',
	policy: 'policy category id (device, playback, content, location, ads …)',
	blocked: 'true or false (DNS blocklists)',
} as const;

export type FilterField = keyof typeof FILTER_FIELDS;

function isField(name: string): name is FilterField {
	return Object.hasOwn(FILTER_FIELDS, name);
}

/** Split an expression into terms; unknown `name:` prefixes are treated as free text. */
export function parseFilter(text: string): Filter {
	const terms: FilterTerm[] = [];
	const re = /(!?)(?:([A-Za-z]+):(=?))?(?:"([^"]*)"?|(\S+))/g;
	for (const m of text.matchAll(re)) {
		const negate = m[1] === '!';
		const name = m[2]?.toLowerCase();
		const value = (m[4] ?? m[5] ?? '').toLowerCase();
		if (name !== undefined && isField(name)) {
			terms.push({field: name, value, exact: m[3] === '=', negate});
		} else {
			const free = name === undefined ? value : `${name}:${m[3] ?? ''}${value}`;
			if (free !== '') terms.push({field: undefined, value: free, exact: false, negate});
		}
	}
	return {text, terms};
}

/** Quote a value for a filter expression when it needs it. */
export function filterValue(value: string): string {
	return /[\s"]/.test(value) || value === '' ? `"${value.replace(/"/g, '')}"` : value;
}

/** Join filter expressions (drill-down adds terms to the active filter). */
export function combineFilters(...parts: ReadonlyArray<string | undefined>): string {
	return parts.filter((p): p is string => !!p && p.trim() !== '').map((p) => p.trim()).join(' ');
}

/** A filter compiled against one store. */
export type CompiledFilter = {
	readonly filter: Filter;
	/** True when record `i` passes every term. */
	test(i: number): boolean;
	/** Some term reads the spool (path, free text). */
	readonly readsRecords: boolean;
	/** Some term depends on identifiers learned so far (`identifier:` finds them by value too). */
	readonly learned: boolean;
};

type Test = (i: number) => boolean;

/** A value test for one term: exact or contains, case-insensitive. */
function valueTest(term: FilterTerm): (v: string | undefined) => boolean {
	const want = term.value;
	return term.exact ? (v) => v !== undefined && v.toLowerCase() === want : (v) => v !== undefined && v.toLowerCase().includes(want);
}

/** Compile a filter for a store. Tests on columns run first; tests that read the record run last. */
export function compileFilter(filter: Filter, store: RecordStore): CompiledFilter {
	const cheap: Test[] = [];
	const costly: Test[] = [];
	for (const term of filter.terms) {
		const {test, reads} = termTest(term, store);
		const t: Test = term.negate ? (i) => !test(i) : test;
		(reads ? costly : cheap).push(t);
	}
	const tests = [...cheap, ...costly];
	return {
		filter,
		readsRecords: costly.length > 0,
		learned: filter.terms.some((t) => t.field === 'identifier'),
		test: (i) => {
			for (const t of tests) if (!t(i)) return false;
			return true;
		},
	};
}

/**
A test that reads records' JSON lines, a block of about a megabyte at a time: the records are tested in
increasing order, so each block is read once, not once per record. With `inBytes`, the block's bytes are
searched first: its hits are the answer, or with `confirm` only the records worth decoding and testing.
*/
function textSearch(store: RecordStore, matches: (line: string, i: number) => boolean, inBytes?: BytesSearch, confirm = false): Test {
	let first = 0;
	let end = 0;
	let hits: Uint8Array = new Uint8Array(0);
	return (i) => {
		if (!store.hasSpool) return false;
		if (i < first || i >= end) {
			const run = inBytes ? store.recordsBytes(i) : undefined;
			first = i;
			end = run?.end ?? i;
			hits = new Uint8Array(Math.max(0, end - first));
			if (run && inBytes!(run.bytes, run.at, hits)) {
				if (confirm)
					for (let k = 0; k < end - first; k++) if (hits[k] === 1) hits[k] = matches(run.bytes.toString('utf8', run.at[k]!, run.at[k + 1]! - 1), first + k) ? 1 : 0;
			} else {
				const text = store.recordsText(i);
				end = text.end;
				hits = new Uint8Array(end - first);
				for (let k = 0; k < end - first; k++) hits[k] = matches(text.text.slice(text.at[k]!, text.at[k + 1]! - 1), first + k) ? 1 : 0;
			}
		}
		return hits[i - first] === 1;
	};
}

/**
A search of a run of records' UTF-8 bytes at once: sets `hits[k]` for each record k (its line runs from byte
`at[k]` to the newline before `at[k + 1]`) that matches, and returns true; false when it cannot answer
exactly (then the records are decoded and tested one by one).
*/
type BytesSearch = (bytes: Buffer, at: readonly number[], hits: Uint8Array) => boolean;

// The only characters whose lower case holds an ASCII letter: KELVIN SIGN (→ k) and İ (→ i + a dot above).
const TO_ASCII = [Buffer.from('\u212a'), Buffer.from('\u0130')];

/**
Free text `want` (lower case, printable ASCII) in a run, searched in its bytes: read as Latin-1 (one byte, one
character, no decoding) and matched by a case-insensitive expression, which finds an ASCII text several
times faster than lowering the run and searching it. The same answer as decoding each record and testing
`line.toLowerCase().includes(want)`: ASCII bytes are the same characters either way, a byte of a
multi-byte character is not ASCII and an expression without the `u` flag never matches a character of 128
or more with an ASCII one, and no character but the two above lowers to ASCII — a run holding one of them
is tested record by record. A free-text search over a spool of masked records (`…` is not ASCII) took
most of its time decoding them one by one.
*/
export function asciiContains(want: string): BytesSearch | undefined {
	// Printable ASCII only: JSON writes control characters escaped (and a newline ends a record).
	if (!/^[\x20-\x7e]+$/.test(want)) return undefined;
	const re = new RegExp(want.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'gi');
	return (bytes, at, hits) => {
		if (TO_ASCII.some((c) => bytes.includes(c))) return false;
		const text = bytes.toString('latin1');
		let k = 0;
		re.lastIndex = 0;
		for (let m = re.exec(text); m !== null; m = re.exec(text)) {
			while (at[k + 1]! <= m.index) k++;
			hits[k] = 1;
			// The next record: one hit is enough.
			re.lastIndex = at[k + 1]!;
		}
		return true;
	};
}

/** The `path` of a request record's JSON line, without parsing the whole line. */
export function pathOf(line: string): string | undefined {
	const key = line.indexOf('"path":"');
	if (key === -1) return undefined;
	const start = key + 8;
	let k = start;
	let escaped = false;
	for (; k < line.length; k++) {
		const c = line.charCodeAt(k);
		if (c === 92 /* \\ */) {
			escaped = true;
			k++;
		} else if (c === 34 /* " */) break;
	}
	const raw = line.slice(start, k);
	return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** A test per dictionary id, computed once per id. */
function byId(ids: IdColumn, matchId: (id: number) => boolean): Test {
	const memo = new Memo(matchId);
	return (i) => memo.get(ids.get(i));
}

function termTest(term: FilterTerm, store: RecordStore): {test: Test; reads: boolean} {
	const match = valueTest(term);
	const s = store;
	const str = (id: number): string | undefined => (id === 0 ? undefined : s.strings.values[id]);
	const isKind = (i: number, code: number): boolean => s.kindOf(i) === code;
	/** A request-table (or playback-table) string column, tested per id. */
	const requestString = (column: IdColumn): Test => {
		const memo = new Memo((id: number) => match(str(id)));
		return (i) => isKind(i, 1) && memo.get(column.get(s.sub.get(i)));
	};
	const playbackStrings = (...columns: IdColumn[]): Test => {
		const memo = new Memo((id: number) => match(str(id)));
		return (i) => isKind(i, 2) && columns.some((c) => memo.get(c.get(s.sub.get(i))));
	};
	const classified = (pick: (c: {organization: string; party: string; category: string}) => string): Test =>
		byId(s.dest, (d) => {
			const c = s.destinations.get(d)?.classification;
			return c !== undefined && match(pick(c));
		});
	const deviceTest = (pick: (d: NonNullable<(typeof s.devices.values)[number]>['info']) => Array<string | undefined>): Test =>
		byId(s.device, (id) => {
			const d = s.devices.values[id];
			return d !== undefined && pick(d.info).some(match);
		});
	let test: Test;
	switch (term.field) {
		case undefined:
			// Free text: anywhere in the record as JSON (field names and values), as the record detail shows it.
			return {test: textSearch(s, (line) => line.toLowerCase().includes(term.value), asciiContains(term.value)), reads: true};
		case 'path': {
			// A path that holds the text has it in its JSON line as it is, unless JSON escapes one of its
			// characters (`"`, `\\`, controls): the bytes say which lines to decode (asciiContains refuses
			// controls and non-ASCII text; the quote and backslash are refused here).
			const inBytes = /["\\]/.test(term.value) ? undefined : asciiContains(term.value);
			return {test: textSearch(s, (line, i) => isKind(i, 1) && match(pathOf(line)), inBytes, true), reads: true};
		}
		case 'host':
			test = byId(s.dest, (d) => d !== 0 && match(s.destinations.get(d)!.host));
			break;
		case 'domain': {
			const domains = new Memo((d: number) => d !== 0 && match(domainOf(s.destinations.get(d)!.host)));
			test = (i) => domains.get(s.dest.get(i));
			break;
		}
		case 'org':
			test = classified((c) => c.organization);
			break;
		case 'party':
			test = classified((c) => c.party);
			break;
		case 'category':
			test = classified((c) => c.category);
			break;
		case 'device':
			test = deviceTest((d) => [d.product, d.platform, d.device, d.model, d.vendor, d.name]);
			break;
		case 'product':
			test = deviceTest((d) => [d.product]);
			break;
		case 'deviceid':
			test = deviceTest((d) => [d.clientId]);
			break;
		case 'platform':
			test = deviceTest((d) => [d.platform]);
			break;
		case 'kind': {
			const kinds = KIND_NAMES.map((k) => k !== '' && match(k));
			test = (i) => kinds[s.kindOf(i)]!;
			break;
		}
		case 'source':
			test = byId(s.source, (id) => match(s.sources.values[id]));
			break;
		case 'file':
			test = byId(s.inputId, (id) => match(s.inputNames.values[id]));
			break;
		// These fields are named after the record columns that hold them.
		case 'event':
		case 'client':
		case 'method':
			test = requestString(s.requests[term.field]);
			break;
		case 'status': {
			const memo = new Map<number | undefined, boolean>();
			test = (i) => {
				if (!isKind(i, 1)) return false;
				const status = s.requests.status.get(s.sub.get(i));
				let hit = memo.get(status);
				if (hit === undefined) {
					hit = match(status === undefined ? undefined : String(status));
					memo.set(status, hit);
				}
				return hit;
			};
			break;
		}
		case 'container':
		case 'resolution':
		case 'decision':
			test = playbackStrings(s.playbacks[term.field]);
			break;
		case 'codec':
			test = playbackStrings(s.playbacks.videoCodec, s.playbacks.audioCodec);
			break;
		case 'identifier': {
			const memo = new Memo((id: number) => {
				const entry = s.identifiers.values[id];
				return entry !== undefined && (match(entry.name) || match(entry.value));
			});
			// Also where a learned identifier was found by value (under another name, or encoded).
			const found = new Memo((token: number) => {
				const form = s.learned.get(s.tokens.values[token]!.fp);
				return form !== undefined && memo.get(form.identifier);
			});
			test = (i) => {
				const list = s.idList;
				for (let k = s.idStart.get(i), end = s.idStart.get(i + 1); k < end; k++) if (memo.get(list.get(k))) return true;
				const tokens = s.tokenList;
				for (let t = s.tokenStart.get(i), end = s.tokenStart.get(i + 1); t < end; t++) if (found.get(tokens.get(t))) return true;
				return false;
			};
			break;
		}
		case 'policy': {
			const rules = POLICY_RULES.map((r) => match(r.id));
			const destHit = new Memo((d: number) => {
				const dest = s.destinations.get(d);
				const c = dest?.classification;
				if (!dest || !c || c.party === 'first') return -1; // did not leave the network
				return POLICY_RULES.some((rule, k) => rules[k] && destinationReasons(rule, dest.host, c.category).length > 0) ? 1 : 0;
			});
			const reasonHit = new Memo((id: number) => rules[s.reasons.values[id]!.rule]!);
			test = (i) => {
				const kind = s.kindOf(i);
				if (kind !== KIND_CODES.request && kind !== KIND_CODES.playback) return false;
				const d = destHit.get(s.dest.get(i));
				if (d < 0) return false;
				if (d > 0) return true;
				const list = s.reasonList;
				for (let k = s.reasonStart.get(i), end = s.reasonStart.get(i + 1); k < end; k++) if (reasonHit.get(list.get(k))) return true;
				return false;
			};
			break;
		}
		case 'blocked': {
			const yes = match('true');
			const no = match('false');
			test = (i) => {
				if (!isKind(i, 1)) return false;
				const b = (s.requests.flags.get(s.sub.get(i)) >> 2) & 3;
				return b === 2 ? yes : b === 1 ? no : false;
			};
			break;
		}
	}
	return {test, reads: false};
}

// ---- A filter that talks back: problems, completion ----

/** Values some fields can only take (a term must contain part of one). */
const FIELD_VALUES: Partial<Record<FilterField, readonly string[]>> = {
	party: ['first', 'vendor', 'third'],
	kind: KIND_NAMES.filter((k) => k !== ''),
	blocked: ['true', 'false'],
	policy: POLICY_RULES.map((r) => r.id),
	decision: ['directplay', 'copy', 'transcode'],
};

/** Edit distance, for "did you mean": small strings only. */
function distance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let prev = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = row[j]!;
			row[j] = next;
		}
	}
	return row[b.length]!;
}

/** The field a misspelt name most likely meant. */
function nearestField(name: string): FilterField | undefined {
	let best: FilterField | undefined;
	let bestD = 3;
	for (const field of Object.keys(FILTER_FIELDS) as FilterField[]) {
		const d = distance(name, field);
		if (d < bestD || (d === bestD && best === undefined && field.startsWith(name))) {
			best = field;
			bestD = d;
		}
	}
	return bestD <= (name.length <= 3 ? 1 : 2) || best?.startsWith(name) ? best : undefined;
}

const FIELD_LIST = (): string => Object.keys(FILTER_FIELDS).join(', ');

/**
What is wrong with a filter expression, in words, or undefined when nothing is: an unknown field
(`foo:bar`, `hots:plex.tv`), a field without a value (`host:`), a lone `!`, or a value a field can never
have (`party:thrid`). Such terms would silently match nothing; the UI shows the problem under the input
and print mode exits 2 with it. Quoted text is always free text (`"client:click"`).
*/
export function filterProblem(text: string): string | undefined {
	const re = /(!?)(?:([A-Za-z]+):(=?))?(?:"([^"]*)"?|(\S+))?/g;
	for (const m of text.matchAll(re)) {
		if (m[0] === '') {
			re.lastIndex++;
			continue;
		}
		const [, bang, rawName, eq, quoted, plain] = m;
		const value = quoted ?? plain;
		if (rawName === undefined) {
			if (bang === '!' && (value === undefined || value === '' || value === '!')) return '"!" excludes the term right after it (e.g. !host:plex.tv); nothing follows it';
			if (value !== undefined && /^!+$/.test(value)) return '"!" excludes the term right after it (e.g. !host:plex.tv); nothing follows it';
			continue;
		}
		const name = rawName.toLowerCase();
		if (!isField(name)) {
			// `https://…` and the like are free text, not a field.
			if (plain !== undefined && plain.startsWith('//')) continue;
			const near = nearestField(name);
			return `unknown field "${rawName}"${near ? ` (did you mean ${near}?)` : ''}; fields: ${FIELD_LIST()}; to search for the text, quote it: "${rawName}:${eq ?? ''}${value ?? ''}"`;
		}
		if (value === undefined || value === '') return `${name}: needs a value, e.g. ${name}:${FIELD_VALUES[name]?.[0] ?? (name === 'host' ? 'plex.tv' : '…')} (${FILTER_FIELDS[name]})`;
		const allowed = FIELD_VALUES[name];
		if (allowed) {
			const v = value.toLowerCase();
			const ok = eq === '=' ? allowed.includes(v) : allowed.some((a) => a.includes(v));
			if (!ok) return `${name}: "${value}" is never a value; ${name} is one of ${allowed.join(', ')}`;
		}
	}
	return undefined;
}

/** Distinct values of a field in a store, for completion (at most `limit`, sorted). */
export function fieldValues(store: RecordStore, field: FilterField, limit = 2000): string[] {
	const fixed = FIELD_VALUES[field];
	if (fixed) return [...fixed];
	const out = new Set<string>();
	const add = (v: string | undefined): void => {
		if (v && out.size < limit) out.add(v);
	};
	const column = (ids: IdColumn, length: number): void => {
		const seen = new Set<number>();
		for (let k = 0; k < length && seen.size < limit; k++) seen.add(ids.get(k));
		for (const id of seen) add(store.strings.values[id]);
	};
	switch (field) {
		case 'host':
			for (const d of store.destinations) add(d?.host);
			break;
		case 'domain':
			for (const d of store.destinations) if (d?.host) add(domainOf(d.host));
			break;
		case 'org':
			for (const d of store.destinations) add(d?.classification?.organization);
			break;
		case 'category':
			for (const d of store.destinations) add(d?.classification?.category);
			break;
		case 'device':
		case 'product':
		case 'platform':
		case 'deviceid':
			for (const d of store.devices.values) {
				if (!d) continue;
				const i = d.info;
				if (field === 'device') for (const v of [i.product, i.platform, i.device, i.model, i.vendor]) add(v);
				else add(field === 'product' ? i.product : field === 'platform' ? i.platform : i.clientId);
			}
			break;
		case 'source':
			for (const v of store.sources.values) add(v);
			break;
		case 'file':
			for (const v of store.inputNames.values) add(v);
			break;
		// These fields are named after the record columns that hold them.
		case 'event':
		case 'method':
		case 'client':
			column(store.requests[field], store.requests.length);
			break;
		case 'container':
		case 'resolution':
			column(store.playbacks[field], store.playbacks.length);
			break;
		case 'codec':
			column(store.playbacks.videoCodec, store.playbacks.length);
			column(store.playbacks.audioCodec, store.playbacks.length);
			break;
		case 'identifier':
			for (const e of store.identifiers.values) add(e?.name);
			break;
		default:
			break;
	}
	return [...out].sort((a, b) => a.localeCompare(b));
}

/** A completion of the last word of a filter being typed: the new text, and the candidates when there are several. */
export type Completion = {readonly text: string; readonly candidates: readonly string[]};

/** The longest common prefix of strings, case-insensitively (keeping the first's case). */
function commonPrefix(values: readonly string[]): string {
	if (values.length === 0) return '';
	let prefix = values[0]!;
	for (const v of values) {
		let k = 0;
		while (k < prefix.length && k < v.length && prefix[k]!.toLowerCase() === v[k]!.toLowerCase()) k++;
		prefix = prefix.slice(0, k);
	}
	return prefix;
}

/**
Complete the last word of `text` (Tab in the filter input): a field name (`ho` → `host:`), or a value of
the field (`party:th` → `party:third `, `host:ana` → `host:analytics.plex.tv `) from what the store holds.
Values are matched by prefix, else by substring. Several candidates: the text grows by their common prefix.
*/
export function completeFilter(text: string, values: (field: FilterField) => readonly string[]): Completion {
	const m = /(!?)([A-Za-z]*)(?::(=?)("?)([^\s"]*))?$/.exec(text);
	if (!m || (m[2] === '' && m[5] === undefined)) return {text, candidates: []};
	const before = text.slice(0, m.index);
	const bang = m[1]!;
	const name = m[2]!.toLowerCase();
	if (m[5] === undefined) {
		const fields = (Object.keys(FILTER_FIELDS) as FilterField[]).filter((f) => f.startsWith(name));
		if (fields.length === 1) return {text: `${before}${bang}${fields[0]}:`, candidates: []};
		if (fields.length === 0) return {text, candidates: []};
		return {text: `${before}${bang}${commonPrefix(fields)}`, candidates: fields.map((f) => `${f}:`)};
	}
	if (!isField(name)) return {text, candidates: []};
	const eq = m[3]!;
	const typed = m[5]!.toLowerCase();
	const all = values(name);
	let hits = all.filter((v) => v.toLowerCase().startsWith(typed));
	let prefixMatch = true;
	if (hits.length === 0) {
		hits = all.filter((v) => v.toLowerCase().includes(typed));
		prefixMatch = false;
	}
	const head = `${before}${bang}${name}:${eq}`;
	if (hits.length === 1) return {text: `${head}${filterValue(hits[0]!)} `, candidates: []};
	if (hits.length === 0) return {text, candidates: []};
	const common = prefixMatch ? commonPrefix(hits) : '';
	const grown = common.length > typed.length && !/[\s"]/.test(common) ? `${head}${common}` : text;
	return {text: grown, candidates: hits};
}

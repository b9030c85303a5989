/**
The filter language shared by the TUI (`/`) and print mode (`--filter`). One expression narrows
every view at once, because every view is computed from the records that pass it.

  host:plex.tv         field contains value (case-insensitive)
  host:=plex.tv        field equals value
  party:third  category:ads  device:roku  event:playback  kind:playback  policy:location
  !term  !host:plex.tv  exclude
  "free text"  plain words match anywhere in the record
Terms are ANDed. Values with spaces are quoted: product:"Plex Web".
*/
import {policyCategories} from '../audit/policy.js';
import type {TelemetryRecord} from './records.js';

export type FilterTerm = {
	readonly field: FilterField | undefined;
	readonly value: string;
	readonly exact: boolean;
	readonly negate: boolean;
};

export type Filter = {readonly text: string; readonly terms: readonly FilterTerm[]};

/** Field names the filter knows, each reading one or more values from a record. */
export const FILTER_FIELDS = {
	host: (r) => [r.kind === 'request' ? r.host : r.kind === 'playback' ? r.host : undefined],
	org: (r) => [classificationOf(r)?.organization],
	party: (r) => [classificationOf(r)?.party],
	category: (r) => [classificationOf(r)?.category],
	device: (r) => [r.device?.product, r.device?.platform, r.device?.device, r.device?.model, r.device?.vendor, r.device?.name],
	product: (r) => [r.device?.product],
	platform: (r) => [r.device?.platform],
	kind: (r) => [r.kind],
	source: (r) => [r.source],
	file: (r) => [r.origin.file],
	event: (r) => [r.kind === 'request' ? r.event : undefined],
	client: (r) => [r.kind === 'request' ? r.client : undefined],
	method: (r) => [r.kind === 'request' ? r.method : undefined],
	status: (r) => [r.kind === 'request' && r.status !== undefined ? String(r.status) : undefined],
	path: (r) => [r.kind === 'request' ? r.path : undefined],
	container: (r) => [r.kind === 'playback' ? r.container : undefined],
	codec: (r) => (r.kind === 'playback' ? [r.videoCodec, r.audioCodec] : []),
	resolution: (r) => [r.kind === 'playback' ? r.resolution : undefined],
	decision: (r) => [r.kind === 'playback' ? r.decision : undefined],
	identifier: (r) => r.identifiers.flatMap((i) => [i.name, i.value]),
	policy: (r) => policyCategories(r),
	blocked: (r) => [r.kind === 'request' && r.blocked !== undefined ? String(r.blocked) : undefined],
} satisfies Record<string, (r: TelemetryRecord) => ReadonlyArray<string | undefined>>;

export type FilterField = keyof typeof FILTER_FIELDS;

function classificationOf(r: TelemetryRecord) {
	return r.kind === 'device' ? undefined : r.classification;
}

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

const haystacks = new WeakMap<TelemetryRecord, string>();

/** Everything free text can match, lower-cased, cached per record. */
function haystack(r: TelemetryRecord): string {
	let text = haystacks.get(r);
	if (text === undefined) {
		text = JSON.stringify(r).toLowerCase();
		haystacks.set(r, text);
	}
	return text;
}

function termMatches(term: FilterTerm, r: TelemetryRecord): boolean {
	if (term.field === undefined) return haystack(r).includes(term.value);
	const values = FILTER_FIELDS[term.field](r);
	return values.some((v) => v !== undefined && (term.exact ? v.toLowerCase() === term.value : v.toLowerCase().includes(term.value)));
}

/** True when the record passes every term. An empty filter passes everything. */
export function matchesFilter(filter: Filter, r: TelemetryRecord): boolean {
	for (const term of filter.terms) if (termMatches(term, r) === term.negate) return false;
	return true;
}

/** Quote a value for a filter expression when it needs it. */
export function filterValue(value: string): string {
	return /[\s"]/.test(value) || value === '' ? `"${value.replace(/"/g, '')}"` : value;
}

/** Join filter expressions (drill-down adds terms to the active filter). */
export function combineFilters(...parts: ReadonlyArray<string | undefined>): string {
	return parts.filter((p): p is string => !!p && p.trim() !== '').map((p) => p.trim()).join(' ');
}

/**
A plain reference implementation of the query layer, for property tests: record objects in an array,
brute force, no columns, no dictionaries, no caching, no budgets. Written independently of
source/views (it shares only the filter *parser* and the policy rules, which are data), so the columnar
store and this must agree by construction, not by sharing code.
*/
import {POLICY_RULES} from '../../source/classify/policy-rules.js';
import {policyCategories, policyMatches} from '../../source/classify/policy.js';
import {settingsFindings, type HostSummary} from '../../source/classify/settings.js';
import {isLocalName, isPrivateAddress, normalizeHost, OWN_SERVER} from '../../source/model/hosts.js';
import {registrableDomain} from '../../source/classify/host.js';
import {identifierVerdict} from '../../source/views/overview.js';
import {describeLabelSource, PERIOD_SAMPLE, periodCell} from '../../source/views/destinations.js';
import {detectPeriod, sparkline} from '../../source/views/timeline.js';
import {formatOrigin, type Diagnostic, type Identifier, type SettingRecord, type TelemetryRecord} from '../../source/model/records.js';
import {comparable, describeEncoding, encodedForms, placeNames, urlCandidates, valueCandidates} from '../../source/privacy/tokens.js';
import type {InputSummary} from '../../source/store/store.js';
import {parseFilter, type Filter, type FilterTerm} from '../../source/views/filter.js';
import type {CellValue, Row} from '../../source/views/types.js';

// ---- filter ----------------------------------------------------------------------------------------

function classificationOf(r: TelemetryRecord) {
	return r.kind === 'device' ? undefined : r.classification;
}

function destinationOf(r: TelemetryRecord): string | undefined {
	return r.kind === 'request' ? r.host : r.kind === 'playback' || r.kind === 'setting' ? r.host : undefined;
}

const FIELDS: Record<string, (r: TelemetryRecord) => ReadonlyArray<string | undefined>> = {
	host: (r) => [destinationOf(r)],
	domain: (r) => [destinationOf(r) ? domainOfHost(destinationOf(r)!) : undefined],
	org: (r) => [classificationOf(r)?.organization],
	party: (r) => [classificationOf(r)?.party],
	category: (r) => [classificationOf(r)?.category],
	device: (r) => [r.device?.product, r.device?.platform, r.device?.device, r.device?.model, r.device?.vendor, r.device?.name],
	product: (r) => [r.device?.product],
	deviceid: (r) => [r.device?.clientId],
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
	identifier: (r) => [...r.identifiers, ...(FOUND.get(r) ?? [])].flatMap((i) => [i.name, i.value]),
	policy: (r) => policyCategories(r),
	blocked: (r) => [r.kind === 'request' && r.blocked !== undefined ? String(r.blocked) : undefined],
};

/** The registrable domain of a host (the Public Suffix List, via tldts), or the host itself when it has none. */
function domainOfHost(host: string): string {
	const normal = normalizeHost(host);
	return (normal ? registrableDomain(normal) : undefined) ?? host;
}

function termMatches(term: FilterTerm, r: TelemetryRecord): boolean {
	if (term.field === undefined) return JSON.stringify(r).toLowerCase().includes(term.value);
	return FIELDS[term.field]!(r).some((v) => v !== undefined && (term.exact ? v.toLowerCase() === term.value : v.toLowerCase().includes(term.value)));
}

function alignedSlices(times: readonly number[], from: number, to: number): number[] {
	let width = 1;
	while (Math.floor(to / width) - Math.floor(from / width) > 15) width *= 2;
	const slices = new Array<number>(Math.floor(to / width) - Math.floor(from / width) + 1).fill(0);
	for (const t of times) slices[Math.floor(t / width) - Math.floor(from / width)]!++;
	return slices;
}

export function matchesFilter(filter: Filter, r: TelemetryRecord): boolean {
	return filter.terms.every((t) => termMatches(t, r) !== t.negate);
}

// ---- sort ------------------------------------------------------------------------------------------

function compare(a: CellValue, b: CellValue): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = Array.isArray(a) ? a.length : String(a);
	const sb = Array.isArray(b) ? b.length : String(b);
	if (typeof sa === 'number' && typeof sb === 'number') return sa - sb;
	return String(sa).localeCompare(String(sb), 'en', {numeric: true, sensitivity: 'base'});
}

/** Stable sort, empty cells last in both directions. */
export function sortRows<R extends Row>(rows: readonly R[], key: string, descending: boolean): R[] {
	const empty = (v: CellValue): boolean => v === undefined || v === '';
	return rows
		.map((row, index) => ({row, index}))
		.sort((x, y) => {
			const a = x.row[key];
			const b = y.row[key];
			if (empty(a) || empty(b)) return empty(a) === empty(b) ? x.index - y.index : empty(a) ? 1 : -1;
			const c = compare(a, b);
			return (descending ? -c : c) || x.index - y.index;
		})
		.map((x) => x.row);
}

// ---- views -----------------------------------------------------------------------------------------

const NONE = '—';
const KIND_ORDER = {secret: 0, personal: 1, identifier: 2, device: 3} as const;
const RESOLUTIONS = ['4K', '2K', '1080p', '720p', '576p', '480p', 'SD'];

// ---- identifiers found by value (the ledger) --------------------------------------------------------

/** Identifiers learned from fields that name them, found by value in a record's other values (set by `referenceRows`). */
const FOUND = new WeakMap<TelemetryRecord, Identifier[]>();

type Hit = {entry: Identifier; where: string; encoding: string};

const staysHome = (host: string): boolean => host === OWN_SERVER || isPrivateAddress(host) || isLocalName(host);

/** What the ledger learns from the whole input: every form of every id or personal value, first learned wins. */
function learnedForms(pairs: ReadonlyArray<{raw: TelemetryRecord; final: TelemetryRecord}>): Map<string, {entry: Identifier; encoding: string}> {
	const forms = new Map<string, {entry: Identifier; encoding: string}>();
	for (const {raw, final} of pairs) {
		raw.identifiers.forEach((id, k) => {
			const kind = final.identifiers[k]?.kind;
			if ((kind !== 'identifier' && kind !== 'personal') || id.value.length < 4) return;
			for (const f of encodedForms(id.value)) if (!forms.has(comparable(f.text))) forms.set(comparable(f.text), {entry: final.identifiers[k]!, encoding: f.encoding});
		});
	}
	return forms;
}

/** Every identifier a record took outside the network: named, or found by value. */
function hitsOf(raw: TelemetryRecord, final: TelemetryRecord, forms: Map<string, {entry: Identifier; encoding: string}>): Hit[] {
	if (final.kind !== 'request' && final.kind !== 'playback') return [];
	if (!final.classification || final.classification.party === 'first') return [];
	const hits: Hit[] = final.identifiers.filter((i) => i.kind === 'identifier' || i.kind === 'personal').map((entry) => ({entry, where: entry.name, encoding: 'raw'}));
	for (const found of foundByValue(raw, forms)) {
		const named = final.identifiers.some((own) => own.value === found.entry.value && own.kind === found.entry.kind && placeNames(found.where, own.name));
		if (!named) hits.push(found);
	}
	return hits;
}

function foundByValue(raw: TelemetryRecord, forms: Map<string, {entry: Identifier; encoding: string}>): Hit[] {
	if (raw.kind !== 'request' || staysHome(raw.host)) return [];
	const out: Hit[] = [];
	const candidates = urlCandidates(raw.url);
	for (const c of raw.carried ?? []) valueCandidates(c.where, c.value, candidates);
	for (const c of candidates) {
		const form = forms.get(comparable(c.text));
		if (form) out.push({entry: form.entry, where: c.where, encoding: describeEncoding(form.encoding, c.decoded)});
	}
	return out;
}

const PARTY_RANK: Record<string, number> = {third: 0, vendor: 1, first: 2};

function ledger(records: readonly TelemetryRecord[], context: Context): Row[] {
	const forms = learnedForms(context.pairs ?? []);
	const rawOf = new Map((context.pairs ?? []).map((p) => [p.final, p.raw]));
	type Acc = {entry: Identifier; organization: string; party: string; carriedAs: Set<string>; encodings: Set<string>; hosts: Set<string>; requests: number; first?: string; last?: string};
	const map = new Map<string, Acc>();
	for (const r of records) {
		if (r.kind !== 'request' && r.kind !== 'playback') continue;
		const c = r.classification;
		const raw = rawOf.get(r);
		if (!c || !raw) continue;
		const counted = new Set<Acc>();
		for (const hit of hitsOf(raw, r, forms)) {
			const key = `${hit.entry.kind}\u0000${hit.entry.value}\u0000${c.organization}`;
			const acc = map.get(key) ?? {entry: hit.entry, organization: c.organization, party: c.party, carriedAs: new Set<string>(), encodings: new Set<string>(), hosts: new Set<string>(), requests: 0};
			map.set(key, acc);
			acc.carriedAs.add(hit.where);
			acc.encodings.add(hit.encoding);
			if (counted.has(acc)) continue;
			counted.add(acc);
			acc.requests++;
			acc.hosts.add(r.host!);
			if (PARTY_RANK[c.party]! < PARTY_RANK[acc.party]!) acc.party = c.party;
			if (r.time) {
				if (acc.first === undefined || r.time < acc.first) acc.first = r.time;
				if (acc.last === undefined || r.time > acc.last) acc.last = r.time;
			}
		}
	}
	return [...map.values()]
		.map((a, index) => ({a, index}))
		.sort((x, y) => PARTY_RANK[x.a.party]! * 4 + KIND_ORDER[x.a.entry.kind] - (PARTY_RANK[y.a.party]! * 4 + KIND_ORDER[y.a.entry.kind]) || x.index - y.index)
		.map(({a}) => ({
			identifier: a.entry.value,
			kind: a.entry.kind,
			organization: a.organization,
			party: a.party,
			carriedAs: [...a.carriedAs].sort(),
			encodings: [...a.encodings].sort(),
			hosts: [...a.hosts].sort(),
			requests: a.requests,
			firstSeen: a.first,
			lastSeen: a.last,
		}));
}

export type Context = {
	/** Every record of the input, raw beside finalised (the ledger learns from all of them, whatever the filter). */
	readonly pairs?: ReadonlyArray<{readonly raw: TelemetryRecord; readonly final: TelemetryRecord}>;
	readonly inputs: readonly InputSummary[];
	readonly diagnostics: readonly Diagnostic[];
	readonly counts: {readonly error: number; readonly warning: number};
	readonly dropped: number;
};

function hostOf(r: TelemetryRecord): string | undefined {
	return r.kind === 'request' ? r.host : r.kind === 'playback' ? r.host : undefined;
}

/** The server address of a host: itself when it is an address, else the first `serverAddress` of any record to the same host and port. */
function addressOfHost(host: string, port: number | undefined, context: Context): string | undefined {
	if (/^[0-9.]+$/.test(host) || host.includes(':')) return host;
	for (const {final: r} of context.pairs ?? []) if (r.kind === 'request' && r.host === host && r.port === port && r.serverAddress !== undefined) return r.serverAddress;
	return undefined;
}

function destinations(records: readonly TelemetryRecord[], context: Context): Row[] {
	const rows = new Map<string, {row: Record<string, CellValue>; labels: Map<string, number>; events: Set<string>; clients: Set<string>; times: number[]}>();
	const allTimes = records.filter((r) => r.kind === 'request' && r.time !== undefined).map((r) => Date.parse(r.time!));
	const from = Math.min(...allTimes);
	const to = Math.max(...allTimes);
	for (const r of records) {
		if (r.kind !== 'request' && !(r.kind === 'playback' && r.host)) continue;
		const host = r.host!;
		let acc = rows.get(host);
		if (!acc) {
			const c = r.classification;
			acc = {
				row: {host, organization: c?.organization ?? 'unknown', category: c?.category ?? 'unknown', party: c?.party ?? 'third', requests: 0, playbacks: 0, blocked: 0, clients: undefined, bytesSent: undefined, bytesReceived: undefined, firstSeen: undefined, lastSeen: undefined, labelSource: describeLabelSource(c), address: addressOfHost(host, r.kind === 'request' ? r.port : undefined, context), country: undefined, network: undefined},
				labels: new Map(),
				events: new Set(),
				clients: new Set(),
				times: [],
			};
			rows.set(host, acc);
		}
		const row = acc.row;
		if (r.time) {
			if (row['firstSeen'] === undefined || r.time < (row['firstSeen'] as string)) row['firstSeen'] = r.time;
			if (row['lastSeen'] === undefined || r.time > (row['lastSeen'] as string)) row['lastSeen'] = r.time;
		}
		if (r.kind === 'playback') {
			row['playbacks'] = (row['playbacks'] as number) + 1;
			continue;
		}
		row['requests'] = (row['requests'] as number) + 1;
		if (r.blocked) row['blocked'] = (row['blocked'] as number) + 1;
		if (r.bytesSent !== undefined) row['bytesSent'] = ((row['bytesSent'] as number | undefined) ?? 0) + r.bytesSent;
		if (r.bytesReceived !== undefined) row['bytesReceived'] = ((row['bytesReceived'] as number | undefined) ?? 0) + r.bytesReceived;
		for (const id of r.identifiers) acc.labels.set(`${id.name} (${id.kind})`, KIND_ORDER[id.kind]);
		if (r.event) acc.events.add(r.event);
		if (r.client) acc.clients.add(r.client);
		if (r.time) acc.times.push(Date.parse(r.time));
	}
	return [...rows.values()].map(({row, labels, events, clients, times}) => ({
		...row,
		clients: clients.size === 0 ? undefined : clients.size,
		identifiers: [...labels].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).map(([l]) => l),
		events: [...events].sort(),
		// Activity: requests in slices of the span of every destination's requests, each slice a power of two of
		// milliseconds starting at a multiple of itself, the narrowest that needs at most 16 of them.
		activity: times.length === 0 ? '' : sparkline(alignedSlices(times, from, to)),
		// Period: over the last PERIOD_SAMPLE requests (all of them in these small sets).
		period: periodCell(detectPeriod(times.slice(-PERIOD_SAMPLE))),
	}));
}

const PARTY_WORST: Record<string, number> = {first: 0, vendor: 1, third: 2};

/** Destinations grouped by registrable domain: every member host's labels, the most third party, sums. */
function destinationsByDomain(records: readonly TelemetryRecord[]): Row[] {
	type Acc = {domain: string; hosts: Map<string, {organization: string; category: string; party: string}>; requests: number; playbacks: number; blocked: number; bytesSent?: number; bytesReceived?: number; first?: string; last?: string; labels: Map<string, number>};
	const map = new Map<string, Acc>();
	for (const r of records) {
		if (r.kind !== 'request' && !(r.kind === 'playback' && r.host)) continue;
		const host = r.host!;
		const domain = domainOfHost(host);
		const acc: Acc = map.get(domain) ?? {domain, hosts: new Map(), requests: 0, playbacks: 0, blocked: 0, labels: new Map()};
		map.set(domain, acc);
		if (!acc.hosts.has(host)) acc.hosts.set(host, {organization: r.classification?.organization ?? 'unknown', category: r.classification?.category ?? 'unknown', party: r.classification?.party ?? 'third'});
		if (r.time) {
			if (acc.first === undefined || r.time < acc.first) acc.first = r.time;
			if (acc.last === undefined || r.time > acc.last) acc.last = r.time;
		}
		if (r.kind === 'playback') {
			acc.playbacks++;
			continue;
		}
		acc.requests++;
		if (r.blocked) acc.blocked++;
		if (r.bytesSent !== undefined) acc.bytesSent = (acc.bytesSent ?? 0) + r.bytesSent;
		if (r.bytesReceived !== undefined) acc.bytesReceived = (acc.bytesReceived ?? 0) + r.bytesReceived;
		for (const id of r.identifiers) acc.labels.set(`${id.name} (${id.kind})`, KIND_ORDER[id.kind]);
	}
	return [...map.values()].map((a) => {
		const members = [...a.hosts.values()];
		return {
			domain: a.domain,
			organizations: [...new Set(members.map((m) => m.organization))].sort(),
			categories: [...new Set(members.map((m) => m.category))].sort(),
			party: members.reduce((worst, m) => (PARTY_WORST[m.party]! > PARTY_WORST[worst]! ? m.party : worst), 'first'),
			hostCount: a.hosts.size,
			requests: a.requests,
			playbacks: a.playbacks,
			blocked: a.blocked,
			bytesSent: a.bytesSent,
			bytesReceived: a.bytesReceived,
			firstSeen: a.first,
			lastSeen: a.last,
			identifiers: [...a.labels].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([l]) => l),
			hosts: [...a.hosts.keys()].sort(),
		};
	});
}

/** A view whose list of hosts lists their registrable domains. */
function hostsAsDomains(fold: (records: readonly TelemetryRecord[], context: Context) => Row[], key: string) {
	return (records: readonly TelemetryRecord[], context: Context): Row[] => fold(records, context).map((row) => ({...row, [key]: [...new Set((row[key] as string[]).map(domainOfHost))].sort()}));
}

function formats(records: readonly TelemetryRecord[]): Row[] {
	const map = new Map<string, Record<string, CellValue>>();
	for (const r of records) {
		if (r.kind !== 'playback' || (!r.container && !r.videoCodec && !r.audioCodec)) continue;
		const key = JSON.stringify([r.container || '', r.videoCodec || '', r.audioCodec || '']);
		const row = map.get(key) ?? {container: r.container || NONE, videoCodec: r.videoCodec || NONE, audioCodec: r.audioCodec || NONE, count: 0, transcodes: 0};
		row['count'] = (row['count'] as number) + 1;
		if (r.decision === 'transcode' || r.videoDecision === 'transcode' || r.audioDecision === 'transcode') row['transcodes'] = (row['transcodes'] as number) + 1;
		map.set(key, row);
	}
	return [...map.values()];
}

function resolutions(records: readonly TelemetryRecord[]): Row[] {
	const counts = new Map<string, number>();
	for (const r of records) if (r.kind === 'playback' && r.resolution) counts.set(r.resolution, (counts.get(r.resolution) ?? 0) + 1);
	return [...counts].sort((a, b) => RESOLUTIONS.indexOf(a[0]) - RESOLUTIONS.indexOf(b[0])).map(([resolution, count]) => ({resolution, count}));
}

function devices(records: readonly TelemetryRecord[]): Row[] {
	const richness = (d: NonNullable<TelemetryRecord['device']>): number => (['product', 'version', 'platform', 'platformVersion', 'device', 'model', 'vendor', 'screenResolution'] as const).filter((k) => d[k]).length;
	const map = new Map<string, {group: Record<string, string>; richness: number; clientId: string | undefined; count: number; hosts: Set<string>}>();
	for (const r of records) {
		const d = r.device;
		if (!d) continue;
		const described = !!(d.product || d.platform || d.device || d.model || d.name);
		const clientId = d.clientId || undefined;
		if (!described && !clientId) continue;
		const group = described ? {product: d.product ?? NONE, platform: d.platform ?? NONE, device: d.device ?? d.model ?? d.name ?? NONE} : undefined;
		const key = clientId ? `id ${clientId}` : JSON.stringify(group);
		const acc = map.get(key) ?? {group: {product: NONE, platform: NONE, device: NONE}, richness: -1, clientId, count: 0, hosts: new Set<string>()};
		if (group && richness(d) > acc.richness) {
			acc.richness = richness(d);
			acc.group = group;
		}
		acc.count++;
		if (r.kind === 'request') acc.hosts.add(r.host);
		map.set(key, acc);
	}
	return [...map.values()].map((a) => ({...a.group, count: a.count, destinations: a.hosts.size, clientId: a.clientId}));
}

function identifiers(records: readonly TelemetryRecord[]): Row[] {
	const map = new Map<string, {value: string; kind: keyof typeof KIND_ORDER; count: number; names: Set<string>; hosts: Map<string, string>}>();
	for (const r of records) {
		const host = hostOf(r);
		const party = r.kind === 'device' ? undefined : (r.classification?.party ?? 'third');
		for (const id of r.identifiers) {
			if (id.kind === 'device') continue;
			const key = `${id.kind}\u0000${id.value}`;
			const acc = map.get(key) ?? {value: id.value, kind: id.kind, count: 0, names: new Set<string>(), hosts: new Map<string, string>()};
			acc.count++;
			acc.names.add(id.name);
			if (host) acc.hosts.set(host, party!);
			map.set(key, acc);
		}
	}
	return [...map.values()]
		.map((a) => ({value: a.value, kind: a.kind, names: [...a.names].sort(), count: a.count, offsite: [...a.hosts.values()].filter((p) => p !== 'first').length, destinations: [...a.hosts.keys()].sort()}))
		.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

function policy(records: readonly TelemetryRecord[]): Row[] {
	return POLICY_RULES.map((rule) => {
		let count = 0;
		const hosts = new Set<string>();
		const fields = new Set<string>();
		const examples: string[] = [];
		for (const r of records) {
			const why = policyMatches(rule, r);
			if (why.length === 0) continue;
			count++;
			hosts.add(hostOf(r)!);
			for (const w of why) fields.add(w);
			if (examples.length < 5) examples.push(formatOrigin(r.origin));
		}
		const sorted = [...fields].sort();
		return {
			category: rule.title,
			evidence: count > 0 ? 'evidence' : 'no evidence in this input',
			records: count,
			hosts: [...hosts].sort(),
			fields: sorted.length > 50 ? [...sorted.slice(0, 50), `… ${(sorted.length - 50).toLocaleString('en-US')} more`] : sorted,
			examples,
			basis: rule.source,
		};
	});
}

function overview(records: readonly TelemetryRecord[], context: Context): Row[] {
	const rows: Row[] = [];
	for (const input of context.inputs) {
		const what = input.status === 'failed' ? `failed: ${input.error ?? 'unknown error'}` : `${input.format ?? 'undetected'}, ${input.records.toLocaleString('en-US')} records, ${input.bytes.toLocaleString('en-US')} bytes${input.status === 'reading' ? ' (reading)' : ''}`;
		rows.push({section: 'input', item: input.name, value: what});
	}
	const times = records.map((r) => r.time).filter((t): t is string => t !== undefined).sort();
	rows.push({section: 'time', item: 'span', value: times.length === 0 ? 'no timestamps' : `${times[0]} → ${times[times.length - 1]}`});
	for (const [kind, item] of [['request', 'requests'], ['playback', 'playback'], ['device', 'devices']] as const) {
		rows.push({section: 'records', item, value: records.filter((r) => r.kind === kind).length.toLocaleString('en-US')});
	}
	const settings = records.filter((r) => r.kind === 'setting').length;
	if (settings > 0) rows.push({section: 'records', item: 'settings', value: settings.toLocaleString('en-US')});
	const hosts = new Map<string, {party: string; category: string}>();
	for (const r of records) if (r.kind === 'request' && r.classification && r.classification.party !== 'first' && !hosts.has(r.host)) hosts.set(r.host, r.classification);
	const n = (pred: (h: {party: string; category: string}) => boolean): number => [...hosts.values()].filter(pred).length;
	const vendor = n((h) => h.party === 'vendor');
	const third = n((h) => h.party === 'third');
	const text =
		hosts.size === 0
			? 'No outbound destinations in this input.'
			: `${vendor} vendor host${vendor === 1 ? '' : 's'} (${n((h) => h.category === 'vendor-analytics')} analytics), ${third} third-party host${third === 1 ? '' : 's'} (${n((h) => h.category === 'ads')} ads) received traffic.`;
	const forms = learnedForms(context.pairs ?? []);
	const rawOf = new Map((context.pairs ?? []).map((p) => [p.final, p.raw]));
	const toThird = new Map<string, {label: string; organizations: Set<string>}>();
	for (const r of records) {
		const raw = rawOf.get(r);
		if (r.kind === 'device' || r.classification?.party !== 'third' || !raw) continue;
		for (const hit of hitsOf(raw, r, forms)) {
			const key = `${hit.entry.kind}\u0000${hit.entry.value}`;
			const found = toThird.get(key) ?? {label: `${hit.entry.name} ${hit.entry.value}`, organizations: new Set<string>()};
			found.organizations.add(r.classification.organization);
			toThird.set(key, found);
		}
	}
	rows.push({section: 'verdict', item: 'identifiers', value: identifierVerdict(toThird)});
	rows.push({section: 'verdict', item: 'left the network', value: text});
	const {error, warning} = context.counts;
	rows.push({section: 'diagnostics', item: 'total', value: `${error.toLocaleString('en-US')} errors, ${warning.toLocaleString('en-US')} warnings${context.dropped ? ` (${context.diagnostics.length.toLocaleString('en-US')} kept, the rest counted)` : ''}`});
	for (const d of context.diagnostics.slice(0, 200)) rows.push({section: 'diagnostics', item: formatOrigin(d.origin), value: `${d.severity}: ${d.message}`});
	return rows;
}

function summary(r: TelemetryRecord): string {
	switch (r.kind) {
		case 'request':
			return [r.method ?? '', r.path, r.status !== undefined ? `→ ${r.status}` : '', r.event ? `[${r.event}]` : '', r.blocked ? '(blocked)' : ''].filter(Boolean).join(' ');
		case 'playback':
			return [[r.container, r.videoCodec, r.audioCodec].filter(Boolean).join('/'), r.resolution, r.bitrateKbps !== undefined ? `${Math.round(r.bitrateKbps)} kbps` : '', r.decision, r.title ? `“${r.title}”` : '', `(${r.evidence})`].filter(Boolean).join(' ');
		case 'device':
			return `device seen (${r.evidence})`;
		case 'setting':
			return `setting ${r.name} = ${r.value} (${r.evidence})`;
	}
}

function recordRows(records: readonly TelemetryRecord[]): Row[] {
	return records.map((r) => ({
		time: r.time,
		kind: r.kind,
		source: r.source,
		destination: destinationOf(r) ?? '',
		party: r.kind === 'device' ? '' : (r.classification?.party ?? ''),
		summary: summary(r),
		device: r.device ? [r.device.product, r.device.platform, r.device.device ?? r.device.model].filter(Boolean).join(' · ') : '',
		identifiers: [...new Set(r.identifiers.map((i) => i.name))],
		origin: formatOrigin(r.origin),
	}));
}

/** Settings: the checks themselves are classification data (source/classify/settings.ts); the gathering is here. */
function settings(records: readonly TelemetryRecord[]): Row[] {
	const hosts = new Map<string, HostSummary & {requests: number}>();
	for (const r of records) {
		if (r.kind !== 'request') continue;
		const h = hosts.get(r.host) ?? {host: r.host, organization: r.classification?.organization ?? 'unknown', category: r.classification?.category ?? 'unknown', requests: 0, firstOrigin: formatOrigin(r.origin)};
		h.requests++;
		hosts.set(r.host, h);
	}
	const found = records.filter((r): r is SettingRecord => r.kind === 'setting').map((r) => ({...r, identifiers: []}));
	return settingsFindings(found, [...hosts.values()]) as unknown as Row[];
}

/** Timeline: requests per UTC bucket (minute under 2 h of span, hour under 3 days, else day) and host. */
function timeline(records: readonly TelemetryRecord[], fixed?: 'minute' | 'hour' | 'day'): Row[] {
	const requests = records.filter((r): r is Extract<TelemetryRecord, {kind: 'request'}> => r.kind === 'request');
	const times = requests.filter((r) => r.time !== undefined).map((r) => Date.parse(r.time!));
	const span = times.length === 0 ? 0 : Math.max(...times) - Math.min(...times);
	const unit = fixed ?? (span < 2 * 3_600_000 ? 'minute' : span < 72 * 3_600_000 ? 'hour' : 'day');
	const size = {minute: 60_000, hour: 3_600_000, day: 86_400_000}[unit];
	const hostOrder: string[] = [];
	const hostClass = new Map<string, {organization: string; category: string; party: string}>();
	const cells = new Map<string, {at: number; host: string; requests: number; blocked: number; bytesSent: number; bytesReceived: number}>();
	for (const r of requests) {
		if (!hostClass.has(r.host)) {
			hostOrder.push(r.host);
			hostClass.set(r.host, {organization: r.classification?.organization ?? 'unknown', category: r.classification?.category ?? 'unknown', party: r.classification?.party ?? 'third'});
		}
		const at = r.time === undefined ? Number.POSITIVE_INFINITY : Math.floor(Date.parse(r.time) / size) * size;
		const key = `${at} ${r.host}`;
		const c = cells.get(key) ?? {at, host: r.host, requests: 0, blocked: 0, bytesSent: 0, bytesReceived: 0};
		cells.set(key, c);
		c.requests++;
		if (r.blocked) c.blocked++;
		c.bytesSent += r.bytesSent ?? 0;
		c.bytesReceived += r.bytesReceived ?? 0;
	}
	return [...cells.values()]
		.sort((a, b) => (a.at === b.at ? 0 : a.at < b.at ? -1 : 1) || b.requests - a.requests || hostOrder.indexOf(a.host) - hostOrder.indexOf(b.host))
		.map((c) => ({
			bucket: Number.isFinite(c.at) ? new Date(c.at).toISOString() : undefined,
			unit,
			host: c.host,
			...hostClass.get(c.host)!,
			requests: c.requests,
			blocked: c.blocked,
			bytesSent: c.bytesSent,
			bytesReceived: c.bytesReceived,
		}));
}

const VIEWS: Record<string, {fold: (records: readonly TelemetryRecord[], context: Context) => Row[]; sort?: {key: string; descending: boolean}}> = {
	ledger: {fold: ledger, sort: {key: 'requests', descending: true}},
	settings: {fold: settings},
	overview: {fold: overview},
	destinations: {fold: destinations, sort: {key: 'requests', descending: true}},
	'destinations:domain': {fold: destinationsByDomain, sort: {key: 'requests', descending: true}},
	'ledger:domain': {fold: hostsAsDomains(ledger, 'hosts'), sort: {key: 'requests', descending: true}},
	'identifiers:domain': {fold: hostsAsDomains(identifiers, 'destinations'), sort: {key: 'count', descending: true}},
	formats: {fold: formats, sort: {key: 'count', descending: true}},
	resolutions: {fold: resolutions, sort: {key: 'count', descending: true}},
	devices: {fold: devices, sort: {key: 'count', descending: true}},
	identifiers: {fold: identifiers, sort: {key: 'count', descending: true}},
	policy: {fold: policy, sort: {key: 'records', descending: true}},
	records: {fold: recordRows, sort: {key: 'time', descending: false}},
	timeline: {fold: (records) => timeline(records), sort: {key: 'bucket', descending: false}},
	'timeline:minute': {fold: (records) => timeline(records, 'minute'), sort: {key: 'bucket', descending: false}},
	'timeline:hour': {fold: (records) => timeline(records, 'hour'), sort: {key: 'bucket', descending: false}},
	'timeline:day': {fold: (records) => timeline(records, 'day'), sort: {key: 'bucket', descending: false}},
};

export const REFERENCE_VIEWS = Object.keys(VIEWS);

/** A view's rows over plain records: filter, fold, sort (the view's default, or `sort`). */
export function referenceRows(records: readonly TelemetryRecord[], context: Context, view: string, filterText = '', sort?: {key: string; descending: boolean}): Row[] {
	const filter = parseFilter(filterText);
	const forms = learnedForms(context.pairs ?? []);
	for (const {raw, final} of context.pairs ?? []) FOUND.set(final, foundByValue(raw, forms).map((h) => h.entry));
	const kept = records.filter((r) => matchesFilter(filter, r));
	const v = VIEWS[view]!;
	const rows = v.fold(kept, context);
	const s = sort ?? v.sort;
	if (view === 'records' && s?.key === 'origin') {
		// Records by origin: by file, then by line (or entry) within it.
		const pos = (r: TelemetryRecord): number => r.origin.line ?? r.origin.entry ?? r.origin.packet ?? 0;
		const order = kept.map((_, k) => k).sort((a, b) => {
			const c = compare(kept[a]!.origin.file, kept[b]!.origin.file) || pos(kept[a]!) - pos(kept[b]!);
			return (s.descending ? -c : c) || a - b;
		});
		return order.map((k) => rows[k]!);
	}
	return s ? sortRows(rows, s.key, s.descending) : rows;
}

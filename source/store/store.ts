/**
The record store: every finalised record, kept compactly, for the query layer (source/views/query.ts).

A record is a position `i` in typed columns; strings are dictionary-encoded, so the memory a record
costs is a few dozen bytes whatever its text, and the garbage collector never traces records:

- every record: kind and origin flags, its input and line (or entry), time (ms), device, destination
  (host and port, which carries the classification), identifiers and policy reasons (each a run of
  dictionary ids: `idStart[i]..idStart[i + 1]`), and its row in its kind's own table (`sub`);
- requests: method, status, bytes each way, MIME type, client, event, body fields, direction, blocked;
- playbacks: container, codecs, resolution, size, bitrate, decisions, protocol, media type, title, user, evidence;
- device sightings: user, evidence.

The full record as JSON (URL, path and all) goes to the spool (source/store/spool.ts) when the store
has one, and `record(i)` reads it back; the columns hold everything filters, groups and sorts need
except the path and free text, which the query layer reads from the spool.

Nothing is ever dropped or capped here: every number a view shows is computed from every record.
*/
import {ownCopy, ownDeep} from '../model/limits.js';
import {parseIsoTime} from '../model/time.js';
import {forEachIntrinsicReason} from '../classify/policy.js';
import type {Classifier} from '../classify/classify.js';
import type {Geo} from '../classify/geo.js';
import type {Classification, DeviceInfo, Diagnostic, Identifier, IdentifierKind, TelemetryRecord} from '../model/records.js';
import {ColumnSpace, Dict, f64, IdColumn, NumberColumn, Recent, StringDict, u32, u8} from './columns.js';
import {DestinationTable} from './hosts.js';
import {Spool} from './spool.js';

export const KIND_CODES = {request: 1, playback: 2, device: 3, setting: 4} as const;
export const KIND_NAMES = ['', 'request', 'playback', 'device', 'setting'] as const;
export type KindCode = (typeof KIND_CODES)[keyof typeof KIND_CODES];

/** The kind's bits of `flags`; above them, which origin field `pos` holds. */
const KIND_MASK = 7;
export const HAS_LINE = 8;
export const HAS_ENTRY = 16;
export const HAS_PACKET = 32;

export const DEFAULT_MAX_DIAGNOSTICS = 10_000;

/** What labels a destination the store sees first (the classifier the records were finalised with). */
type Labeller = Pick<Classifier, 'classify'>;

export type InputSummary = {
	readonly name: string;
	readonly format: string | undefined;
	readonly bytes: number;
	readonly records: number;
	readonly status: 'reading' | 'done' | 'failed';
	readonly error?: string;
	/** The earliest and latest record time of this input (epoch ms), when its records have times. */
	readonly firstTime?: number;
	readonly lastTime?: number;
};
type MutableInput = {-readonly [K in keyof InputSummary]: InputSummary[K]};

export type {Destination} from './hosts.js';

/** A distinct device description, with what the views group and show it by. */
export type DeviceEntry = {
	readonly info: DeviceInfo;
	/** The devices view's group: product, platform, device (or model, or name); undefined when it says nothing. */
	readonly group: {readonly product: string; readonly platform: string; readonly device: string} | undefined;
	/** `product · platform · device` for the records view. */
	readonly label: string;
};

export type IdentifierEntry = Identifier & {
	/** The id of `name (kind)` in `labels`: how Destinations lists what a host received. */
	readonly label: number;
};

/** A name and kind of identifier, without the value: `X-Plex-Token (secret)`. */
export type LabelEntry = {readonly text: string; readonly kind: IdentifierKind};

/**
A value an outbound record carried (a query value, a path segment, a header, cookie or body value), as
a keyed fingerprint (never the value), where it was and how many URL-decodings it took to get there.
The identifier ledger matches these against the forms of learned identifiers.
*/
export type TokenEntry = {readonly fp: number; readonly where: string; readonly decoded: number};

/** One form of a learned identifier: the identifier (dictionary id) and how the form encodes it. */
export type LearnedForm = {readonly identifier: number; readonly encoding: string};

/** A reason a record is evidence for a policy rule (index into POLICY_RULES). */
export type ReasonEntry = {readonly rule: number; readonly text: string};

export const NONE = '—';

/** The devices-view group of a device description. */
export function deviceGroup(d: DeviceInfo): DeviceEntry['group'] {
	if (!d.product && !d.platform && !d.device && !d.model && !d.name) return undefined;
	// A device known only by its (masked) friendly name, e.g. one PMS found by SSDP, is still a device.
	return {product: d.product ?? NONE, platform: d.platform ?? NONE, device: d.device ?? d.model ?? d.name ?? NONE};
}

/** `product · platform · device` (or model). */
export function deviceLabelOf(d: DeviceInfo | undefined): string {
	if (!d) return '';
	return [d.product, d.platform, d.device ?? d.model].filter(Boolean).join(' · ');
}

const NO_NUMBER = 0xffffffff;

/** Optional non-negative integers in four bytes; the rare value that does not fit is kept aside. */
export class OptionalCount {
	readonly column = u32();
	private readonly big = new Map<number, number>();

	push(value: number | undefined): void {
		if (value === undefined) this.column.push(NO_NUMBER);
		else if (Number.isInteger(value) && value >= 0 && value < NO_NUMBER) this.column.push(value);
		else {
			this.big.set(this.column.length, value);
			this.column.push(NO_NUMBER);
		}
	}

	get(row: number): number | undefined {
		const v = this.column.get(row);
		return v === NO_NUMBER ? this.big.get(row) : v;
	}
}

const DIRECTIONS = [undefined, 'outbound', 'inbound'] as const;

class RequestTable {
	readonly method = new IdColumn();
	readonly status = new OptionalCount();
	readonly bytesSent = new OptionalCount();
	readonly bytesReceived = new OptionalCount();
	readonly mimeType = new IdColumn();
	readonly client = new IdColumn();
	readonly event = new IdColumn();
	/** Body field lists, as a dictionary of whole lists. */
	readonly fields = new IdColumn();
	/** direction (bits 0–1: 0 none, 1 outbound, 2 inbound) and blocked (bits 2–3: 0 none, 1 false, 2 true). */
	readonly flags = u8();
	length = 0;
}

/**
The text fields of a playback, a device sighting and a setting: each kept as dictionary ids in the column of
its name (`store.playbacks.container` holds every playback's container).
*/
const PLAYBACK_TEXT = ['container', 'videoCodec', 'audioCodec', 'resolution', 'videoDecision', 'audioDecision', 'decision', 'protocol', 'mediaType', 'title', 'user', 'evidence'] as const;
const SIGHTING_TEXT = ['user', 'evidence'] as const;
const SETTING_TEXT = ['product', 'name', 'value', 'evidence'] as const;

type TextColumns<K extends string> = {readonly [F in K]: IdColumn};

/** A column per name, and the count of records of the table's kind. */
function textTable<K extends string>(names: readonly K[]): TextColumns<K> & {length: number} {
	const table = {length: 0} as Record<string, unknown>;
	for (const name of names) table[name] = new IdColumn();
	return table as TextColumns<K> & {length: number};
}

function playbackTable() {
	return Object.assign(textTable(PLAYBACK_TEXT), {width: new OptionalCount(), height: new OptionalCount(), bitrate: f64()});
}

export type StoreOptions = {
	/** Keep every record as JSON in a spool file, for `record(i)`, paths and free-text search. */
	readonly spool?: boolean;
	readonly maxDiagnostics?: number;
	/**
	The classifier the records were labelled with. What it knows grows as inputs are read (whose servers
	are the user's own), so destinations are labelled again whenever its `version` moves.
	*/
	readonly classifier?: Pick<Classifier, 'classify' | 'version'>;
	/** `--geo-db`: country and network of destination addresses (Destinations' Country and Network columns). */
	readonly geo?: Geo;
	/**
	Bytes of column chunks kept in memory; older chunks go to a private spill file and are read back when
	a query looks at them (source/store/columns.ts). Default `DEFAULT_COLUMN_BUDGET`; Infinity keeps all.
	*/
	readonly columnBudget?: number;
	/** Values per column chunk as a power of two (tests use small chunks to exercise spilling). */
	readonly chunkShift?: number;
};

/**
The default memory budget of the columns. Two million records take about 120 MB of columns; with this
budget a store of any size holds at most this much of them in memory (plus each column's growing last
chunk). State per distinct value (hosts, devices) is not under this budget (README, "Memory, and how it is
bounded"). 32 MB, not 64: the interactive UI on 1.23 M DNS queries to 153,768 hosts peaked at 313 MB with
64 and 285 MB with 32 (its views keep per-host tables besides); a scan reads a spilled chunk back once.
*/
export const DEFAULT_COLUMN_BUDGET = 32 * 2 ** 20;

export class RecordStore {
	/** Records stored. */
	size = 0;
	/** Bumped on every change; the UI redraws when it moves. */
	version = 0;

	// ---- every record ----
	/** Kind code (bits 0–1) and origin flags (HAS_LINE, HAS_ENTRY). */
	readonly flags = u8();
	readonly sub = u32();
	readonly source = new IdColumn();
	readonly inputId = new IdColumn();
	/** The origin's line, else its entry, else its packet number. */
	readonly pos = u32();
	/** Origin fields beside the one in `pos` (rare: an entry and a line, say). */
	private readonly originExtra = new Map<number, Partial<TelemetryRecord['origin']>>();
	/** Byte offsets of origins (captures); made when the first record with one arrives. */
	private offset: NumberColumn<Float64Array> | undefined;
	/** Epoch milliseconds; NaN when the record has no time. */
	readonly time = f64();
	readonly device = new IdColumn();
	readonly dest = new IdColumn();
	readonly idStart = u32();
	readonly idList = new IdColumn();
	readonly reasonStart = u32();
	readonly tokenStart = u32();
	readonly tokenList = new IdColumn();
	readonly reasonList = new IdColumn();

	// ---- dictionaries ----
	readonly sources = new StringDict();
	readonly inputNames = new StringDict();
	readonly strings = new StringDict();
	readonly devices = new Dict<DeviceEntry | undefined>(undefined);
	/** Its bytes count against the columns' budget (`space`): more hosts, earlier spills. */
	readonly destinations: DestinationTable;
	readonly identifiers = new Dict<IdentifierEntry | undefined>(undefined);
	readonly labels = new Dict<LabelEntry | undefined>(undefined);
	readonly reasons = new Dict<ReasonEntry | undefined>(undefined);
	readonly fieldLists = new Dict<readonly string[]>([]);

	readonly requests = new RequestTable();
	readonly playbacks = playbackTable();
	readonly sightings = textTable(SIGHTING_TEXT);
	readonly settings = textTable(SETTING_TEXT);
	/** Bumped whenever destinations were labelled again (cached filters and views on labels go stale). */
	labelsVersion = 0;
	readonly tokens = new Dict<TokenEntry | undefined>(undefined);
	/** Forms of learned identifiers by fingerprint; `learnedVersion` moves when one is added. */
	readonly learned = new Map<number, LearnedForm>();
	learnedVersion = 0;
	private classifiedAt: number | undefined;

	// ---- diagnostics and inputs ----
	readonly diagnostics: Diagnostic[] = [];
	droppedDiagnostics = 0;
	readonly diagnosticCounts = {error: 0, warning: 0, info: 0};
	private readonly inputMap = new Map<string, MutableInput>();
	private readonly listeners = new Set<() => void>();

	private readonly spool: Spool | undefined;
	private readonly spoolAt = f64();
	private readonly deviceIds = new WeakMap<DeviceInfo, number>();
	readonly maxDiagnostics: number;

	private readonly classifier: StoreOptions['classifier'];

	/** `--geo-db`, when given. */
	readonly geo: Geo | undefined;

	/** The memory budget and spill file of the columns. */
	readonly space: ColumnSpace;

	constructor(options: StoreOptions = {}) {
		this.space = new ColumnSpace({budgetBytes: options.columnBudget ?? DEFAULT_COLUMN_BUDGET, chunkShift: options.chunkShift});
		this.destinations = new DestinationTable((delta) => this.space.account(delta));
		for (const owner of [this, this.requests, this.playbacks, this.sightings, this.settings] as object[]) {
			for (const v of Object.values(owner)) {
				if (v instanceof NumberColumn || v instanceof IdColumn) v.adopt(this.space);
				else if (v instanceof OptionalCount) v.column.adopt(this.space);
			}
		}
		this.geo = options.geo;
		this.maxDiagnostics = options.maxDiagnostics ?? DEFAULT_MAX_DIAGNOSTICS;
		this.classifier = options.classifier;
		this.classifiedAt = options.classifier?.version;
		this.idStart.push(0);
		this.reasonStart.push(0);
		this.tokenStart.push(0);
		if (options.spool) {
			this.spool = new Spool();
			this.spoolAt.push(0);
		}
	}

	/** True when full records can be read back (`record(i)`, paths, free text). */
	get hasSpool(): boolean {
		return this.spool !== undefined;
	}

	/** True while some input is still being read (records may still arrive). */
	get reading(): boolean {
		for (const input of this.inputMap.values()) if (input.status === 'reading') return true;
		return false;
	}

	get inputs(): readonly InputSummary[] {
		return [...this.inputMap.values()];
	}

	input(name: string): MutableInput {
		let input = this.inputMap.get(name);
		if (!input) {
			input = {name, format: undefined, bytes: 0, records: 0, status: 'reading'};
			this.inputMap.set(name, input);
			this.changed();
		}
		return input;
	}

	/**
	Store one finalised record, with the fingerprints of the values it carried (outbound records). `timeMs`:
	its time as epoch ms when the parser gave it so (`clipTime` of the raw record's `timeMs`, NaN for none),
	which spares reading the number back from the record's `time`. `classifier`: for a record finalised
	without its classification (no spool: `finalizeRecord`'s `whole`), what labels its destination when the
	store first sees it — the label the record would have carried, asked once a destination, not once a record.
	*/
	add(r: TelemetryRecord, inputName: string, tokens?: readonly TokenEntry[], timeMs?: number, classifier?: Labeller): void {
		const i = this.size;
		const input = this.input(inputName);
		input.records++;
		const {origin} = r;
		let flags: number = KIND_CODES[r.kind];
		if (origin.line !== undefined) {
			flags |= HAS_LINE;
			this.pos.push(origin.line);
			if (origin.entry !== undefined || origin.packet !== undefined) this.originExtra.set(i, origin.entry === undefined ? {packet: origin.packet} : origin.packet === undefined ? {entry: origin.entry} : {entry: origin.entry, packet: origin.packet});
		} else if (origin.entry !== undefined) {
			flags |= HAS_ENTRY;
			this.pos.push(origin.entry);
			if (origin.packet !== undefined) this.originExtra.set(i, {packet: origin.packet});
		} else if (origin.packet !== undefined) {
			flags |= HAS_PACKET;
			this.pos.push(origin.packet);
		} else this.pos.push(0);
		if (origin.offset !== undefined && !this.offset) {
			this.offset = f64(this.space);
			for (let k = 0; k < i; k++) this.offset.push(Number.NaN);
		}
		this.offset?.push(origin.offset ?? Number.NaN);
		this.flags.push(flags);
		const recent = this.recent;
		this.source.push(this.sources.idVia(r.source, recent.source));
		this.inputId.push(this.inputNames.idVia(origin.file, recent.input));
		const t = timeMs !== undefined ? timeMs : r.time === undefined ? Number.NaN : parseTime(r.time);
		this.time.push(t);
		if (!Number.isNaN(t)) {
			if (!(t >= (input.firstTime ?? Number.NaN))) input.firstTime = t;
			if (!(t <= (input.lastTime ?? Number.NaN))) input.lastTime = t;
		}
		this.device.push(r.device ? this.deviceId(r.device) : 0);
		// Every request has a destination (even an empty host: it is a row of its own); a playback or a
		// setting only when it names one.
		if (r.kind === 'request') this.dest.push(this.destId(r.host, r.port, r.classification, r.serverAddress, classifier));
		else this.dest.push((r.kind === 'playback' || r.kind === 'setting') && r.host ? this.destId(r.host, undefined, r.classification, undefined, classifier) : 0);
		for (const id of r.identifiers) this.idList.push(this.identifierId(id));
		this.idStart.push(this.idList.length);
		forEachIntrinsicReason(r, this.addReason);
		this.reasonStart.push(this.reasonList.length);
		if (tokens) for (const t of tokens) this.tokenList.push(this.tokens.intern(`${t.fp}\u0000${t.where}\u0000${t.decoded}`, () => ownDeep(t)));
		this.tokenStart.push(this.tokenList.length);
		switch (r.kind) {
			case 'request': {
				const t = this.requests;
				this.sub.push(t.length++);
				t.method.push(this.strings.idVia(r.method, recent.method));
				t.status.push(r.status);
				t.bytesSent.push(r.bytesSent);
				t.bytesReceived.push(r.bytesReceived);
				t.mimeType.push(this.strings.idVia(r.mimeType, recent.mimeType));
				t.client.push(this.strings.idVia(r.client, recent.client));
				t.event.push(this.strings.idVia(r.event, recent.event));
				t.fields.push(r.fields && r.fields.length > 0 ? this.fieldLists.intern(r.fields.join('\u0000'), () => r.fields!.map(ownCopy)) : 0);
				t.flags.push((r.direction === 'outbound' ? 1 : r.direction === 'inbound' ? 2 : 0) | (r.blocked === undefined ? 0 : r.blocked ? 8 : 4));
				break;
			}
			case 'playback': {
				const t = this.playbacks;
				this.sub.push(t.length++);
				this.pushText(t, PLAYBACK_TEXT, r);
				t.width.push(r.width);
				t.height.push(r.height);
				t.bitrate.push(r.bitrateKbps ?? Number.NaN);
				break;
			}
			case 'device':
				this.sub.push(this.sightings.length++);
				this.pushText(this.sightings, SIGHTING_TEXT, r);
				break;
			case 'setting':
				this.sub.push(this.settings.length++);
				this.pushText(this.settings, SETTING_TEXT, r);
				break;
		}
		if (this.spool) {
			this.spool.appendLine(JSON.stringify(r));
			this.spoolAt.push(this.spool.size);
		}
		this.size++;
		this.changed();
	}

	/** Each of the record's `names` fields as a dictionary id, into the table's column of that name. */
	private pushText<K extends string>(table: TextColumns<K>, names: readonly K[], r: {readonly [F in K]?: string | undefined}): void {
		for (const name of names) table[name].push(this.strings.id(r[name]));
	}

	addDiagnostic(d: Diagnostic): void {
		this.diagnosticCounts[d.severity]++;
		if (this.diagnostics.length < this.maxDiagnostics) this.diagnostics.push(d);
		else this.droppedDiagnostics++;
		this.changed();
	}

	// ---- reading ----

	kindOf(i: number): KindCode {
		return (this.flags.get(i) & KIND_MASK) as KindCode;
	}

	/** The record's origin, as the record had it. */
	originOf(i: number): TelemetryRecord['origin'] {
		const f = this.flags.get(i);
		const file = this.inputNames.values[this.inputId.get(i)]!;
		const pos = this.pos.get(i);
		const origin: {-readonly [K in keyof TelemetryRecord['origin']]: TelemetryRecord['origin'][K]} = {file};
		if (f & HAS_LINE) origin.line = pos;
		else if (f & HAS_ENTRY) origin.entry = pos;
		else if (f & HAS_PACKET) origin.packet = pos;
		const extra = this.originExtra.get(i);
		if (extra) Object.assign(origin, extra);
		const offset = this.offset?.get(i);
		if (offset !== undefined && !Number.isNaN(offset)) origin.offset = offset;
		return origin;
	}

	/** The destination host of record `i` ('' when it has none). */
	hostOf(i: number): string {
		return this.destinations.host(this.dest.get(i));
	}

	classificationOf(i: number): Classification | undefined {
		return this.destinations.classification(this.dest.get(i));
	}

	/** Time of record `i` as ISO-8601, or undefined. */
	timeOf(i: number): string | undefined {
		const t = this.time.get(i);
		return Number.isNaN(t) ? undefined : new Date(t).toISOString();
	}

	/**
	An identifier learned from a field that names it (X-Plex-Client-Identifier, DeviceId, an e-mail …),
	with the fingerprints of the forms it may travel in. Records already stored are searched too: the
	ledger matches at query time.
	*/
	learn(identifier: Identifier, forms: ReadonlyArray<{readonly fp: number; readonly encoding: string}>): void {
		const id = this.identifierId(identifier);
		let added = false;
		for (const f of forms) {
			if (this.learned.has(f.fp)) continue;
			this.learned.set(f.fp, {identifier: id, encoding: f.encoding});
			added = true;
		}
		if (added) {
			this.learnedVersion++;
			this.changed();
		}
	}

	/**
	Label every destination again if the classifier learned something since (whose servers are the
	user's own). Queries call this first; it is one comparison when nothing changed.
	*/
	refreshLabels(): void {
		const c = this.classifier;
		if (!c || c.version === this.classifiedAt) return;
		this.classifiedAt = c.version;
		const d = this.destinations;
		for (let id = 1; id < d.size; id++) d.setClassification(id, c.classify(d.host(id), d.portOf(id)));
		this.labelsVersion++;
	}

	/** The full record, read back from the spool, with its destination's current label. */
	record(i: number): TelemetryRecord {
		if (!this.spool) throw new Error('this store keeps no spool: full records are not available');
		const record = JSON.parse(this.recordText(i)) as TelemetryRecord;
		const label = this.classificationOf(i);
		if (label && record.kind !== 'device') record.classification = label;
		return record;
	}

	/** The record as one line of JSON (what `--output ndjson` writes), without the line end. */
	recordText(i: number): string {
		if (!this.spool) throw new Error('this store keeps no spool: full records are not available');
		const at = this.spoolAt;
		return this.spool.read(at.get(i), at.get(i + 1) - 1);
	}

	/**
	Records `first`, `first + 1`, … as one text (their JSON lines, each ending in a newline), up to about
	`maxBytes`: `at.get(k)` is where record `first + k` starts in `text`, and `end` is the first record not
	included. For scanning many records at once.
	*/
	recordsText(first: number, maxBytes = 1 << 20): {text: string; at: number[]; end: number} {
		if (!this.spool) throw new Error('this store keeps no spool: full records are not available');
		return this.spool.readRun(this.spoolAt, first, this.size - first, maxBytes);
	}

	/** `recordsText` as bytes (UTF-8) with byte offsets; the buffer is valid until the next read. */
	recordsBytes(first: number, maxBytes = 1 << 20): {bytes: Buffer; at: number[]; end: number} {
		if (!this.spool) throw new Error('this store keeps no spool: full records are not available');
		return this.spool.readRunBytes(this.spoolAt, first, this.size - first, maxBytes);
	}

	/** Approximate bytes held by the columns (for benchmarks and tests). */
	get columnBytes(): number {
		let total = 0;
		const add = (o: object): void => {
			for (const v of Object.values(o)) {
				if (v && typeof v === 'object' && 'bytes' in v && typeof v.bytes === 'number') total += v.bytes;
				else if (v && typeof v === 'object' && 'column' in v) total += (v as OptionalCount).column.bytes;
			}
		};
		add(this);
		add(this.requests);
		add(this.playbacks);
		add(this.sightings);
		add(this.settings);
		return total;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Notify listeners; they are expected to throttle (the TUI redraws at most every 100 ms). */
	changed(): void {
		this.version++;
		for (const l of this.listeners) l();
	}

	/** Remove the spool. The store can still be queried by columns (those in memory: the spill file goes too). */
	close(): void {
		this.spool?.close();
		this.space.close();
	}

	// ---- interning ----

	/**
	What the last records were stored with, per field: logs repeat a host, a client, a user line after
	line, and comparing with the last few values costs far less than hashing a new string for a map.
	Only ever a shortcut to the id the map gives (ids never change).
	*/
	private readonly recent = {
		source: new Recent(),
		input: new Recent(),
		method: new Recent(),
		mimeType: new Recent(),
		client: new Recent(),
		event: new Recent(),
	};
	private readonly recentReasons = new RecentRing<string, number>();
	private readonly recentIdentifiers = new RecentRing<Identifier, number>();
	private lastHost: string | undefined;
	private lastPort: number | undefined;
	private lastDest = 0;

	private readonly addReason = (rule: number, text: string): void => {
		const ring = this.recentReasons;
		let id = ring.find(text, rule);
		if (id === undefined) {
			id = this.reasons.intern(`${rule}\u0000${text}`, () => ({rule, text: ownCopy(text)}));
			// The kept copy as the ring's key: `text` may be sliced from a line, which the ring would keep alive.
			ring.add(this.reasons.values[id]!.text, rule, id);
		}
		this.reasonList.push(id);
	};

	private deviceId(d: DeviceInfo): number {
		const known = this.deviceIds.get(d);
		if (known !== undefined) return known;
		// Kept as a copy (see Dict.intern): the description's strings may be sliced from a line.
		const id = this.devices.intern(JSON.stringify(d), () => {
			const info = ownDeep(d);
			return {info, group: deviceGroup(info), label: deviceLabelOf(info)};
		});
		this.deviceIds.set(d, id);
		return id;
	}

	private destId(host: string, port: number | undefined, label: Classification | undefined, address?: string, classifier?: Labeller): number {
		const d = this.destinations;
		// `lastHost` may keep the one line it was sliced from alive: one line, bounded, where decoding the
		// table's own copy on every change of host would cost the per-record path.
		const id = host === this.lastHost && port === this.lastPort ? this.lastDest : d.intern(host, port, label);
		this.lastHost = host;
		this.lastPort = port;
		this.lastDest = id;
		// Where the name pointed: the first server address a record of it gave.
		if (address !== undefined && d.addressOf(id) === undefined) d.setAddress(id, address);
		// Records of a host before the classifier knew it keep the first classification seen.
		if (!d.classification(id)) {
			const first = label ?? classifier?.classify(host, port);
			if (first) d.setClassification(id, first);
		}
		return id;
	}

	private identifierId(id: Identifier): number {
		const ring = this.recentIdentifiers;
		const known = ring.findIdentifier(id);
		if (known !== undefined) return known;
		const n = this.identifiers.intern(`${id.kind}\u0000${id.name}\u0000${id.value}`, () => {
			const text = `${id.name} (${id.kind})`;
			return {kind: id.kind, name: ownCopy(id.name), value: ownCopy(id.value), label: this.labels.intern(text, (own) => ({text: own, kind: id.kind}))};
		});
		// The kept entry (same kind, name and value, its own copies) as the ring's key, not the record's object.
		ring.add(this.identifiers.values[n]!, 0, n);
		return n;
	}
}

/**
The last few keys one call site looked up (with a small number that is part of the key) and what they
gave; the oldest is replaced. Only a shortcut to what a map gives for the same key.
*/
class RecentRing<K, V> {
	private static readonly SIZE = 8;
	private readonly keys: Array<K | undefined> = new Array<K | undefined>(RecentRing.SIZE).fill(undefined);
	private readonly tags = new Int32Array(RecentRing.SIZE);
	private readonly values: Array<V | undefined> = new Array<V | undefined>(RecentRing.SIZE).fill(undefined);
	private next = 0;

	find(key: K, tag: number): V | undefined {
		for (let s = 0; s < RecentRing.SIZE; s++) if (this.keys[s] === key && this.tags[s] === tag) return this.values[s];
		return undefined;
	}

	/** For identifiers: the same object, or one with the same kind, name and value. */
	findIdentifier(this: RecentRing<Identifier, V>, id: Identifier): V | undefined {
		for (let s = 0; s < RecentRing.SIZE; s++) {
			const k = this.keys[s];
			if (k !== undefined && (k === id || (k.value === id.value && k.name === id.name && k.kind === id.kind))) return this.values[s];
		}
		return undefined;
	}

	add(key: K, tag: number, value: V): void {
		this.keys[this.next] = key;
		this.tags[this.next] = tag;
		this.values[this.next] = value;
		this.next = (this.next + 1) % RecentRing.SIZE;
	}
}

/** Kinds of identifier in the order views list them: secrets first. */
export const IDENTIFIER_KIND_ORDER: Readonly<Record<IdentifierKind, number>> = {secret: 0, personal: 1, identifier: 2, device: 3};

/** Parse an ISO-8601 time to epoch ms (source/model/time.ts). */
export const parseTime = parseIsoTime;

export {DIRECTIONS};

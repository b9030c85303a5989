/**
The one place every record passes through between a parser and anything that shows or writes it:

1. every string field is stripped of terminal escape sequences and control characters;
2. every secret found in free text (URLs, messages) is replaced by `[REDACTED]`;
3. identifier values, client addresses and user names are masked (prefix + stable hash);
4. the destination host is classified (organisation, category, party, and the source of that label).

Steps 2 and 3 are skipped with `--show-secrets`. Parsers stay simple and pure, and no output path can
forget to redact because nothing downstream ever sees a raw record.
*/
import type {Classifier} from '../classify/classify.js';
import type {DeviceInfo, Diagnostic, Identifier, TelemetryRecord} from '../model/records.js';
import {ownDeep} from '../model/limits.js';
import {hasIsoForm, isoOrUndefined} from '../model/time.js';
import {BoundedMemo, StringMemo} from '../model/memo.js';
import {maskEpoch, maskValue} from '../privacy/mask.js';
import {maskLeavesUrl, mayHoldSecret, maskPlexDirectNames, maskUrlIdentifiers, noPlexDirectName, redactText} from '../privacy/redact.js';
import {isTerminalSafe, sanitizeText} from '../privacy/sanitize.js';
import {isDescriptor} from '../privacy/tokens.js';

export type FinalizeOptions = {
	readonly classifier: Classifier;
	/** `--show-secrets`: keep secrets and identifiers as they are (terminal safety still applies). */
	readonly showSecrets: boolean;
	/** `--show-identifiers`: keep identifiers and personal data as they are; secrets stay redacted. */
	readonly showIdentifiers?: boolean | undefined;
};

// Logs repeat the same strings (URLs, paths, hosts, user agents) thousands of times: each distinct one
// is sanitised and redacted once (source/model/memo.ts; bounded, and a memo never changes a result).
const redacted = new StringMemo(2048, 2048);
const redactClean = (value: string): string => redactText(sanitizeText(value));

/** Terminal-safe, secrets redacted unless `showSecrets`, plex.direct names masked when `maskIds`. */
function cleanString(value: string, showSecrets: boolean, maskIds = false): string {
	if (showSecrets) return sanitizeText(value);
	// Most strings need nothing (two cheap tests, no hashing): a time, a host, a method.
	const cleaned = isTerminalSafe(value) && !mayHoldSecret(value) ? value : redacted.through(value, redactClean);
	return maskIds ? maskPlexDirectNames(cleaned, maskValue) : cleaned;
}

// URLs and paths of requests, cleaned and with their identifying values masked: raw → shown. Masks depend
// on the mask key, so the memo is emptied when the key changes.
const maskedUrls = new StringMemo(2048, 2048);
let maskedUrlsEpoch = maskEpoch();
const maskClean = (value: string): string => maskPlexDirectNames(maskUrlIdentifiers(redactClean(value), maskValue), maskValue);

function maskedUrl(raw: string): string {
	if (maskedUrlsEpoch !== maskEpoch()) {
		maskedUrls.clear();
		maskedUrlsEpoch = maskEpoch();
	}
	// Most paths, and URLs without a query, need nothing: four scans, and no memo (whose hashing of the
	// whole URL and copies cost more than the scans). The same answer as `maskClean`, which returns it too.
	if (maskLeavesUrl(raw) && noPlexDirectName(raw) && isTerminalSafe(raw) && !mayHoldSecret(raw)) return raw;
	return maskedUrls.through(raw, maskClean);
}

/** Deep-clean every string in a plain JSON-like value (for rare nested fields). */
function cleanDeep<T>(value: T, showSecrets: boolean, maskIds = false): T {
	if (typeof value === 'string') return cleanString(value, showSecrets, maskIds) as T;
	if (Array.isArray(value)) return value.map((v: unknown) => cleanDeep(v, showSecrets, maskIds)) as T;
	if (value !== null && typeof value === 'object') {
		// fromEntries defines own properties: a `__proto__` key from input stays a key.
		return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [[k, cleanDeep(v, showSecrets, maskIds)]]))) as T;
	}
	return value;
}

// Parsers often attach one device object to many records (a PMS server's identity, a HAR page's
// client): finalise each such object once. Others build a new object per record with the same content
// (a request's client parameters): those are finalised once per distinct content, and records with the
// same content share the finalised object.
const deviceCache = new WeakMap<DeviceInfo, {showSecrets: boolean; showIdentifiers: boolean; epoch: number; device: DeviceInfo}>();
const deviceMemo = new BoundedMemo<DeviceInfo>(1024, 4096);
let deviceMemoEpoch = maskEpoch();

function finalizeDevice(raw: DeviceInfo, showSecrets: boolean, showIdentifiers: boolean): DeviceInfo {
	const epoch = maskEpoch();
	const hit = deviceCache.get(raw);
	if (hit?.showSecrets === showSecrets && hit.showIdentifiers === showIdentifiers && hit.epoch === epoch) return hit.device;
	if (deviceMemoEpoch !== epoch) {
		deviceMemo.clear();
		deviceMemoEpoch = epoch;
	}
	const key = `${showSecrets ? 1 : 0}${showIdentifiers ? 1 : 0}${JSON.stringify(raw)}`;
	// Kept as a copy that shares no memory with the line the values were sliced from.
	const device = deviceMemo.through(key, () => ownDeep(cleanDevice(raw, showSecrets, showIdentifiers)));
	deviceCache.set(raw, {showSecrets, showIdentifiers, epoch, device});
	return device;
}

function cleanDevice(raw: DeviceInfo, showSecrets: boolean, showIdentifiers: boolean): DeviceInfo {
	const device = cleanDeep(raw, showSecrets, !showIdentifiers);
	if (!showSecrets && !showIdentifiers) {
		if (device.clientId) device.clientId = maskValue(device.clientId, 'identifier');
		if (device.name && !describesDevice(device.name, device)) device.name = maskValue(device.name, 'personal');
	}
	return device;
}

/** A device name that only says what the device is (`Chrome`, `Linux`, its own model): not a person's choice. */
function describesDevice(name: string, device?: DeviceInfo): boolean {
	if (isDescriptor(name)) return true;
	const lower = name.trim().toLowerCase();
	return device !== undefined && [device.product, device.platform, device.device, device.model, device.vendor].some((d) => d !== undefined && d.trim().toLowerCase() === lower);
}

const DEVICE_NAME = /device[ ._-]?name$|player title$|^mediabrowser device$|authorization device$/i;

function finalizeIdentifier(id: Identifier, showSecrets: boolean, showIdentifiers: boolean): Identifier {
	const value = sanitizeText(id.value);
	const name = sanitizeText(id.name);
	// A device called by what it is (`X-Plex-Device-Name: Chrome`) is a descriptor, shown like one.
	if (id.kind === 'personal' && DEVICE_NAME.test(name) && describesDevice(value)) return {kind: 'device', name, value};
	const shown = showSecrets || (showIdentifiers && id.kind !== 'secret');
	return {kind: id.kind, name, value: shown ? value : maskValue(value, id.kind)};
}

/**
What the last records' string fields were and became, per field name, and their last identifiers: logs
repeat a method, a host, a client, a file name, a user line after line, and comparing with the last
value costs far less than the tests (or a memo's hashing) it saves. For the options and mask key they
were made with (`recentMode`, `recentEpoch`); emptied when those change. A shortcut only: a miss
computes the same answer.
*/
type Seen = {raw: string; shown: string; by: (value: string) => string};
const recentStrings = new Map<string, Seen>();
const RECENT_IDS = 8;
const recentRawIds: Array<Identifier | undefined> = new Array<Identifier | undefined>(RECENT_IDS).fill(undefined);
const recentIds: Identifier[] = [];
let recentNext = 0;
let recentMode = -1;
let recentEpoch = -1;

function forgetRecent(mode: number, epoch: number): void {
	recentStrings.clear();
	recentRawIds.fill(undefined);
	recentMode = mode;
	recentEpoch = epoch;
}

/** `shown(raw)`, or the last answer for this field when its value is the same as last time. */
function recentString(field: string, raw: string, shown: (value: string) => string): string {
	const seen = recentStrings.get(field);
	if (seen === undefined) {
		const made = shown(raw);
		recentStrings.set(field, {raw, shown: made, by: shown});
		return made;
	}
	if (seen.raw !== raw || seen.by !== shown) {
		seen.shown = shown(raw);
		seen.raw = raw;
		seen.by = shown;
	}
	return seen.shown;
}

/** `finalizeIdentifier`, shared with a recent record that had the same identifier (finalised objects are never modified). */
function recentIdentifier(id: Identifier, showSecrets: boolean, showIdentifiers: boolean): Identifier {
	for (let s = 0; s < RECENT_IDS; s++) {
		const r = recentRawIds[s];
		if (r !== undefined && (r === id || (r.value === id.value && r.name === id.name && r.kind === id.kind))) return recentIds[s]!;
	}
	const done = finalizeIdentifier(id, showSecrets, showIdentifiers);
	recentRawIds[recentNext] = id;
	recentIds[recentNext] = done;
	recentNext = (recentNext + 1) % RECENT_IDS;
	return done;
}

// The cleaning of a string field, by which cleaning it gets (as `cleanString` with those options).
const cleanSecrets = (value: string): string => cleanString(value, true);
const cleanKeepIds = (value: string): string => cleanString(value, false, false);
const cleanMaskIds = (value: string): string => cleanString(value, false, true);

/**
Finalise one record into a new object (the input is not modified). Written out field by field rather
than as a generic deep copy: this runs once per record on the hot path.

`whole` false leaves out what only a full record shows (the spool, `--view records`, NDJSON): a request's
URL, the ISO `time` of a time given as `timeMs` (the store keeps the number), and the destination's
classification (a store keeps one per destination, and classifies a destination when it first sees it:
`RecordStore.add`'s `classifier`). For a store that keeps no spool, where nothing would read them: their
cleaning, masking and making are work for nothing (a DNS log names a host ≈ 8 times: classified once).
*/
export function finalizeRecord(raw: TelemetryRecord, options: FinalizeOptions, whole = true): TelemetryRecord {
	const {showSecrets, classifier} = options;
	const showIdentifiers = options.showIdentifiers === true;
	const maskIds = !showSecrets && !showIdentifiers;
	const mode = (showSecrets ? 1 : 0) | (showIdentifiers ? 2 : 0);
	if (mode !== recentMode || maskEpoch() !== recentEpoch) forgetRecent(mode, maskEpoch());
	const clean = showSecrets ? cleanSecrets : maskIds ? cleanMaskIds : cleanKeepIds;
	const out: Record<string, unknown> = {};
	// Request URLs and paths are cleaned and masked in one memoised step.
	const masksUrls = raw.kind === 'request' && !showSecrets && !showIdentifiers;
	// A time given as a number: its ISO string is made here, in the number's place (no `time` string read).
	const timeMs = raw.timeMs;
	for (const key in raw) {
		const value = (raw as Record<string, unknown>)[key];
		// `carried` holds raw values for the ledger (taken before this runs); it is never kept.
		if (value === undefined || key === 'carried') continue;
		if (timeMs !== undefined && (key === 'timeMs' || key === 'time')) {
			if (key === 'timeMs' && whole) {
				const iso = isoOrUndefined(timeMs);
				if (iso !== undefined) out['time'] = iso;
			}
			continue;
		}
		// The host is masked by the classifier (below), which keeps the real name to classify it by.
		if (typeof value === 'string') {
			// A time differs on every line: its form alone says it needs no cleaning (no memo, no regex).
			if (key === 'time' && hasIsoForm(value)) {
				out[key] = value;
				continue;
			}
			if (key === 'url' && !whole) continue;
			const url = masksUrls && (key === 'url' || key === 'path');
			out[key] = recentString(key, value, url ? maskedUrl : key === 'host' && !showSecrets ? cleanKeepIds : clean);
		}
		else if (key === 'identifiers') {
			const ids = value as Identifier[];
			const done: Identifier[] = [];
			for (const id of ids) done.push(recentIdentifier(id, showSecrets, showIdentifiers));
			out[key] = done;
		} else if (key === 'device') out[key] = finalizeDevice(value as DeviceInfo, showSecrets, showIdentifiers);
		else if (key === 'origin') {
			const origin = value as TelemetryRecord['origin'];
			const file = recentString('\u0000file', origin.file, clean);
			// Records are never modified after this: an origin whose file name needs no cleaning is shared.
			out[key] = file === origin.file ? origin : {...origin, file};
		} else if (typeof value === 'object' && value !== null) out[key] = cleanDeep(value, showSecrets, maskIds);
		else out[key] = value;
	}
	const record = out as TelemetryRecord;
	if (!showSecrets && !showIdentifiers) {
		if (record.kind === 'request' && record.client) record.client = maskValue(record.client, 'personal');
		if ((record.kind === 'playback' || record.kind === 'device') && record.user) record.user = maskValue(record.user, 'personal');
	}
	if (record.kind === 'setting') {
		// A setting that identifies someone shows its value as the identifier does (masked unless --show-secrets).
		const id = (record.identifiers as Identifier[]).find((i) => i.name === record.name);
		if (id) record.value = id.value;
	}
	// A plex.direct name carries its server's hash and address: shown masked, classified on the real name.
	if (maskIds && 'host' in record && record.host) {
		const real = record.host;
		record.host = classifier.shown(real);
		// A masked address (a media server's public address) is masked in the request's URL too.
		if (record.host !== real && record.kind === 'request' && record.url?.includes(real)) record.url = record.url.split(real).join(record.host);
		// The address of a server whose name is masked (the user's own, a plex.direct name) is the user's address.
		if (record.host !== real && record.kind === 'request' && record.serverAddress) record.serverAddress = maskValue(record.serverAddress, 'personal');
	}
	if (!whole) return record;
	if (record.kind === 'request') record.classification = classifier.classify(record.host, record.port);
	else if ((record.kind === 'playback' || record.kind === 'setting') && record.host) record.classification = classifier.classify(record.host);
	return record;
}

/** Diagnostics quote input too: make them terminal-safe and secret-free the same way. */
export function finalizeDiagnostic(d: Diagnostic, showSecrets: boolean, showIdentifiers = false): Diagnostic {
	const maskIds = !showIdentifiers;
	return {...d, message: cleanString(d.message, showSecrets, maskIds), origin: {...d.origin, file: cleanString(d.origin.file, showSecrets, maskIds)}};
}

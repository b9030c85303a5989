/**
The one place every record passes through between a parser and anything that shows or writes it:

1. every string field is stripped of terminal escape sequences and control characters;
2. every secret found in free text (URLs, messages) is replaced by `[REDACTED]`;
3. identifier values, client addresses and user names are masked (prefix + stable hash);
4. the destination host is classified (organisation, category, party).

Steps 2 and 3 are skipped with `--show-secrets`. Parsers stay simple and pure, and no output path can
forget to redact because nothing downstream ever sees a raw record.
*/
import type {Classifier} from '../classify/classify.js';
import type {Diagnostic, Identifier, TelemetryRecord} from '../model/records.js';
import {maskValue} from '../privacy/mask.js';
import {redactText} from '../privacy/redact.js';
import {sanitizeText} from '../privacy/sanitize.js';

export type FinalizeOptions = {
	readonly classifier: Classifier;
	/** `--show-secrets`: keep secrets and identifiers as they are (terminal safety still applies). */
	readonly showSecrets: boolean;
};

function cleanString(value: string, showSecrets: boolean): string {
	const safe = sanitizeText(value);
	return showSecrets ? safe : redactText(safe);
}

/** Deep-clean every string in a plain JSON-like value. */
function cleanDeep<T>(value: T, showSecrets: boolean): T {
	if (typeof value === 'string') return cleanString(value, showSecrets) as T;
	if (Array.isArray(value)) return value.map((v: unknown) => cleanDeep(v, showSecrets)) as T;
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = cleanDeep(v, showSecrets);
		return out as T;
	}
	return value;
}

function maskIdentifiers(ids: readonly Identifier[]): Identifier[] {
	return ids.map((id) => ({...id, value: maskValue(id.value, id.kind)}));
}

/** Finalise one record. The input object is not modified. */
export function finalizeRecord(raw: TelemetryRecord, options: FinalizeOptions): TelemetryRecord {
	const {showSecrets, classifier} = options;
	const record = cleanDeep(raw, showSecrets);
	if (!showSecrets) {
		record.identifiers = maskIdentifiers(record.identifiers);
		if (record.device?.clientId) record.device = {...record.device, clientId: maskValue(record.device.clientId, 'identifier')};
		if (record.device?.name) record.device = {...record.device, name: maskValue(record.device.name, 'personal')};
		if (record.kind === 'request' && record.client) record.client = maskValue(record.client, 'personal');
		if (record.kind !== 'request' && record.user) record.user = maskValue(record.user, 'personal');
	}
	if (record.kind === 'request') {
		record.classification = classifier.classify(record.host, record.port);
	} else if (record.kind === 'playback' && record.host) {
		record.classification = classifier.classify(record.host);
	}
	return record;
}

/** Diagnostics quote input too: make them terminal-safe and secret-free the same way. */
export function finalizeDiagnostic(d: Diagnostic, showSecrets: boolean): Diagnostic {
	return {...d, message: cleanString(d.message, showSecrets), origin: {...d.origin, file: sanitizeText(d.origin.file)}};
}

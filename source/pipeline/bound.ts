/**
Bounded records: what one record may keep, whatever the input holds. A 1 MB URL, a header value of a
megabyte or a million identifier headers in one HAR entry would otherwise be kept whole by every step
after the parser (the ledger's candidates, the store's dictionaries, the spool, a JSON batch) and a
few thousand such lines exhaust memory. Every record passes `boundRecord` before anything else reads
it; what was cut is counted per input and reported once, with the counts (`Cuts.message`).

A cut value ends in `…[cut: N characters]`, so a reader of any output sees it was cut and how long
it was. Records within the limits are returned as they are (no copy): the hot path pays one length
check per field.
*/
import {cutText, LIMITS, ownDeep} from '../model/limits.js';
import type {DeviceInfo, Identifier, TelemetryRecord} from '../model/records.js';

export {LIMITS} from '../model/limits.js';

/** What was cut from the records of one input, by what. */
export class Cuts {
	readonly counts = new Map<string, number>();
	records = 0;
	first: TelemetryRecord['origin'] | undefined;

	note(what: string): void {
		this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
	}

	/** One line for the diagnostics, or undefined when nothing was cut. */
	message(): string | undefined {
		if (this.records === 0) return undefined;
		const parts = [...this.counts].map(([what, n]) => `${what} (${n.toLocaleString('en-US')}×)`);
		return `${this.records.toLocaleString('en-US')} record${this.records === 1 ? ' was' : 's were'} too large and kept cut to size: ${parts.join(', ')}; first at this location`;
	}
}

const nf = (n: number): string => n.toLocaleString('en-US');

/** True when some field of the record is over its limit (no allocation: this runs for every record). */
function overLimits(raw: TelemetryRecord): boolean {
	for (const key in raw) {
		const value = (raw as Record<string, unknown>)[key];
		if (typeof value === 'string') {
			if (value.length > (key === 'url' || key === 'path' ? LIMITS.url : LIMITS.text)) return true;
		} else if (key === 'identifiers') {
			const ids = value as Identifier[];
			if (ids.length > LIMITS.identifiers) return true;
			for (const id of ids) if (id.value.length > LIMITS.identifierValue || id.name.length > LIMITS.identifierValue) return true;
		} else if (key === 'device' && value) {
			const device = value as Record<string, unknown>;
			for (const k in device) {
				const v = device[k];
				if (typeof v === 'string' && v.length > LIMITS.identifierValue) return true;
			}
		} else if (Array.isArray(value)) {
			if (value.length > LIMITS.list) return true;
			for (const v of value as unknown[]) if (typeof v === 'string' && v.length > LIMITS.text) return true;
		}
	}
	return false;
}

/** The record, or a copy cut to the limits (counted in `cuts`). */
export function boundRecord(raw: TelemetryRecord, cuts: Cuts): TelemetryRecord {
	return overLimits(raw) ? cutToLimits(raw, cuts) : raw;
}

function cutToLimits(raw: TelemetryRecord, cuts: Cuts): TelemetryRecord {
	let copy: Record<string, unknown> | undefined;
	const set = (key: string, value: unknown, what: string): void => {
		copy ??= {...(raw as Record<string, unknown>)};
		copy[key] = value;
		cuts.note(what);
	};
	for (const key in raw) {
		const value = (raw as Record<string, unknown>)[key];
		if (typeof value === 'string') {
			const max = key === 'url' || key === 'path' ? LIMITS.url : LIMITS.text;
			if (value.length > max) set(key, cutText(value, max), `${key} over ${nf(max)} characters`);
		} else if (key === 'identifiers') {
			const ids = value as Identifier[];
			let out: Identifier[] | undefined;
			if (ids.length > LIMITS.identifiers) {
				out = ids.slice(0, LIMITS.identifiers);
				cuts.note(`identifiers over ${nf(LIMITS.identifiers)} per record`);
			}
			for (let k = 0; k < (out ?? ids).length; k++) {
				const id = (out ?? ids)[k]!;
				if (id.value.length > LIMITS.identifierValue || id.name.length > LIMITS.identifierValue) {
					out ??= ids.slice();
					out[k] = {kind: id.kind, name: id.name.length > LIMITS.identifierValue ? cutText(id.name, LIMITS.identifierValue) : id.name, value: id.value.length > LIMITS.identifierValue ? cutText(id.value, LIMITS.identifierValue) : id.value};
					cuts.note(`identifier values over ${nf(LIMITS.identifierValue)} characters`);
				}
			}
			if (out) {
				copy ??= {...(raw as Record<string, unknown>)};
				copy[key] = out;
			}
		} else if (key === 'device' && value) {
			const device = value as DeviceInfo;
			let out: Record<string, string> | undefined;
			for (const [k, v] of Object.entries(device)) {
				if (typeof v === 'string' && v.length > LIMITS.identifierValue) {
					out ??= {...(device as Record<string, string>)};
					out[k] = cutText(v, LIMITS.identifierValue);
				}
			}
			if (out) set(key, out, `device fields over ${nf(LIMITS.identifierValue)} characters`);
		} else if (Array.isArray(value)) {
			const long = (v: unknown): boolean => typeof v === 'string' && v.length > LIMITS.text;
			if (value.length > LIMITS.list || value.some(long)) {
				const out = value.slice(0, LIMITS.list).map((v: unknown) => (long(v) ? cutText(v as string, LIMITS.text) : v));
				set(key, out, `${key} over ${nf(LIMITS.list)} entries or ${nf(LIMITS.text)} characters`);
			}
		}
	}
	if (!copy) return raw;
	cuts.records++;
	cuts.first ??= raw.origin;
	// A record that had to be cut came from a huge line or entry: what it keeps must not keep that alive.
	return ownDeep(copy) as TelemetryRecord;
}

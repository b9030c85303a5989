/** Records' times as finalize shows them, for tests that compare parsed records (goldens, table cases). */
import type {TelemetryRecord} from '../../source/model/records.js';
import {isoOrUndefined} from '../../source/model/time.js';

/**
A parsed record as finalize shows its time: a `timeMs` becomes the ISO `time` in its place (none when it is
not a valid time), so cases and goldens read the same whichever way a parser gives the time.
*/
export function shownTime<T extends TelemetryRecord>(record: T): T {
	if (record.timeMs === undefined) return record;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) {
		if (key === 'timeMs') {
			const iso = isoOrUndefined(value as number);
			if (iso !== undefined) out['time'] = iso;
		} else if (key !== 'time') out[key] = value;
	}
	return out as T;
}

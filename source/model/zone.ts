/**
Time zones for people: the zone times are shown in (`--tz`), the zone of logs that write local time
without an offset (`--log-tz`), one human format (`2025-03-14 19:02:13`) and ISO 8601 with the zone's
offset for data (`2025-03-14T20:02:13.715+01:00`). Zones are IANA names (`Europe/Berlin`), `UTC`, or
`local` (the system's). Pure: the conversions use Intl, with one formatter per zone.
*/

/** The system's zone (`TZ`, else the OS setting). */
export function localZone(): string {
	return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** An IANA zone name for `UTC`, `local` or a zone, or undefined when the name is not a zone. */
export function resolveZone(name: string): string | undefined {
	const lower = name.toLowerCase();
	if (lower === 'utc' || lower === 'z' || lower === 'gmt') return 'UTC';
	if (lower === 'local') return localZone();
	try {
		const resolved = new Intl.DateTimeFormat('en-US', {timeZone: name}).resolvedOptions().timeZone;
		// Keep the name as given when it is an alias (ICU says Asia/Calcutta for Asia/Kolkata).
		return resolved.toLowerCase() === lower || name.includes('/') ? name : resolved;
	} catch {
		return undefined;
	}
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit'});
		formatters.set(zone, f);
	}
	return f;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Calendar fields of an instant in a zone (the wall clock there). */
function fields(ms: number, zone: string): {y: number; mo: number; d: number; h: number; mi: number; s: number} {
	if (zone === 'UTC') {
		const t = new Date(ms);
		return {y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds()};
	}
	const out = {y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0};
	for (const p of formatter(zone).formatToParts(new Date(ms))) {
		if (p.type === 'year') out.y = Number(p.value);
		else if (p.type === 'month') out.mo = Number(p.value);
		else if (p.type === 'day') out.d = Number(p.value);
		else if (p.type === 'hour') out.h = Number(p.value);
		else if (p.type === 'minute') out.mi = Number(p.value);
		else if (p.type === 'second') out.s = Number(p.value);
	}
	return out;
}

/** The zone's offset from UTC at an instant, in minutes (east positive). */
export function offsetMinutes(ms: number, zone: string): number {
	if (zone === 'UTC') return 0;
	const f = fields(ms, zone);
	const wall = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s);
	return Math.round((wall - (ms - (((ms % 1000) + 1000) % 1000))) / 60_000);
}

/** `+01:00`, `-05:30`, `+00:00`. */
export function offsetText(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const m = Math.abs(minutes);
	return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}

/** The one human format: `2025-03-14 19:02:13`, the wall clock in the zone. */
export function wallClock(ms: number, zone: string): string {
	const f = fields(ms, zone);
	return `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)} ${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}`;
}

/** ISO 8601 with the zone's offset: `2025-03-14T20:02:13.715+01:00` (`+00:00` in UTC). */
export function isoWithOffset(ms: number, zone: string): string {
	const offset = offsetMinutes(ms, zone);
	const local = new Date(ms + offset * 60_000).toISOString().slice(0, 23);
	return `${local}${offsetText(offset)}`;
}

/**
How a column header names the zone: `UTC`, `UTC+05:30` for a zone with one offset all year, or the
zone's name for one whose offset changes with summer time (`Europe/Berlin`), since rows may carry either.
*/
export function zoneLabel(zone: string, atMs = Date.now()): string {
	if (zone === 'UTC') return 'UTC';
	const year = new Date(atMs).getUTCFullYear();
	const shifts = offsetMinutes(Date.UTC(year, 0, 15), zone) !== offsetMinutes(Date.UTC(year, 6, 15), zone);
	return shifts ? zone : `UTC${offsetText(offsetMinutes(atMs, zone))}`;
}

/**
The instant of a wall-clock time in a zone: `wallAsUtc` is the wall clock read as if it were UTC (what a
parser that saw no offset produced). Around a summer-time change the earlier of two readings is taken.
*/
export function fromWallClock(wallAsUtc: number, zone: string): number {
	if (zone === 'UTC') return wallAsUtc;
	const first = wallAsUtc - offsetMinutes(wallAsUtc, zone) * 60_000;
	return wallAsUtc - offsetMinutes(first, zone) * 60_000;
}

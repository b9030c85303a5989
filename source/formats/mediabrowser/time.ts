/** Calendar fields → UTC, shared by the Jellyfin and Emby header parsers. */

/** UTC milliseconds from calendar fields, or undefined when they are out of range. */
export function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | undefined {
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
	const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
	return Number.isFinite(t) ? t : undefined;
}

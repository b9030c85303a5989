/** Sorting rows by any column; the same order on screen and in exports. */
import type {CellValue, Row} from './types.js';

function compare(a: CellValue, b: CellValue): number {
	if (a === b) return 0;
	const emptyA = a === undefined || a === '';
	const emptyB = b === undefined || b === '';
	if (emptyA && emptyB) return 0;
	if (emptyA) return 1; // empty cells last, whatever the direction
	if (b === undefined || b === '') return -1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const sa = Array.isArray(a) ? a.length : String(a);
	const sb = Array.isArray(b) ? b.length : String(b);
	if (typeof sa === 'number' && typeof sb === 'number') return sa - sb;
	return String(sa).localeCompare(String(sb), 'en', {numeric: true, sensitivity: 'base'});
}

/** A sorted copy. Ties keep their original order (stable). Empty values sort last in both directions. */
export function sortRows<R extends Row>(rows: readonly R[], key: string, descending: boolean): R[] {
	return rows
		.map((row, index) => ({row, index}))
		.sort((x, y) => {
			const a = x.row[key];
			const b = y.row[key];
			const emptyA = a === undefined || a === '';
			const emptyB = b === undefined || b === '';
			if (emptyA !== emptyB) return emptyA ? 1 : -1;
			const c = compare(a, b);
			return (descending ? -c : c) || x.index - y.index;
		})
		.map((x) => x.row);
}

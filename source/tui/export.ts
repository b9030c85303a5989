/**
Export of the view on screen: the same rows, filtered and sorted as shown, written as CSV or JSON to
a new file in the current directory. An existing file is never overwritten (the name gets a suffix);
the file is created with O_EXCL so two exports in the same second cannot clobber each other either.
*/
import {closeSync, openSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import type {TelemetryRecord} from '../model/records.js';
import {toCsv, toJsonRows} from '../output/write.js';
import type {Row, ViewDefinition} from '../views/types.js';
import type {ExportFormat} from './commands.js';

const two = (n: number): string => String(n).padStart(2, '0');

/** `telemetry-<view>-<YYYYMMDD-HHMMSS>` in local time. */
export function exportBaseName(view: string, date: Date): string {
	const d = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`;
	const t = `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
	return `telemetry-${view}-${d}-${t}`;
}

/** The text of an export. JSON of the records view is the typed records themselves, in screen order. */
export function exportText(view: ViewDefinition<Row>, rows: readonly Row[], format: ExportFormat, recordOf: (row: Row) => TelemetryRecord | undefined): string {
	if (format === 'csv') return `${toCsv({view, rows})}\n`;
	const value = view.name === 'records' ? rows.map((r) => recordOf(r) ?? r) : toJsonRows({view, rows});
	return `${JSON.stringify(value, null, 2)}\n`;
}

/** Write to a new file in `dir`; returns the path written. Throws on I/O errors (the caller reports them). */
export function writeExport(dir: string, base: string, extension: ExportFormat | 'hosts', text: string): string {
	for (let n = 0; ; n++) {
		const path = join(dir, `${base}${n === 0 ? '' : `-${n}`}.${extension}`);
		let fd: number;
		try {
			fd = openSync(path, 'wx');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 1000) continue;
			throw error;
		}
		try {
			writeSync(fd, text);
		} finally {
			closeSync(fd);
		}
		return path;
	}
}

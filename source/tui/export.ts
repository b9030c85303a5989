/**
Export of the view on screen: the same rows, filtered and sorted as shown, written as CSV or JSON to
a new file in the current directory. An existing file is never overwritten (the name gets a suffix);
the file is created with O_EXCL so two exports in the same second cannot clobber each other either.
*/
import {closeSync, constants, lstatSync, openSync, writeSync, type Stats} from 'node:fs';
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

/** Extensions of blocklist files by format. */
const BLOCKLIST_EXTENSIONS: Readonly<Record<string, string>> = {hosts: 'hosts', dnsmasq: 'conf', adguard: 'txt', unbound: 'conf'};

/** The name offered for a file: `telemetry-destinations-20240502-094948.csv`, `telemetry-blocklist-dnsmasq-….conf`. */
export function defaultFileName(kind: 'view' | 'blocklist', view: string, format: string, date: Date): string {
	if (kind === 'blocklist') return `${exportBaseName(`blocklist-${format}`, date)}.${BLOCKLIST_EXTENSIONS[format] ?? 'txt'}`;
	return `${exportBaseName(view, date)}.${format}`;
}

export type SaveResult = {readonly ok: true; readonly path: string} | {readonly ok: false; readonly exists: boolean; readonly problem: string};

/**
Write `text` to `path`, safely: a symbolic link is never followed (refused, whether it points anywhere
or not); an existing file is replaced only when `overwrite` says the user confirmed it (else the answer
says it exists); a new file is created exclusively (O_EXCL), mode 0600.
*/
export function saveFile(path: string, text: string, overwrite: boolean): SaveResult {
	let stat: Stats | undefined;
	try {
		stat = lstatSync(path);
	} catch {
		stat = undefined;
	}
	if (stat?.isSymbolicLink()) return {ok: false, exists: false, problem: `${path} is a symbolic link, which is never followed: choose another name`};
	if (stat && !stat.isFile()) return {ok: false, exists: false, problem: `${path} exists and is not a regular file: choose another name`};
	if (stat && !overwrite) return {ok: false, exists: true, problem: `${path} exists: replace it? y replaces, n keeps it`};
	const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (stat ? constants.O_TRUNC : constants.O_EXCL);
	let fd: number;
	try {
		fd = openSync(path, flags, 0o600);
	} catch (error) {
		const e = error as NodeJS.ErrnoException;
		if (e.code === 'ELOOP') return {ok: false, exists: false, problem: `${path} is a symbolic link, which is never followed: choose another name`};
		if (e.code === 'EEXIST') return {ok: false, exists: true, problem: `${path} exists: replace it? y replaces, n keeps it`};
		return {ok: false, exists: false, problem: `cannot write ${path}: ${e.message}`};
	}
	try {
		writeSync(fd, text);
	} finally {
		closeSync(fd);
	}
	return {ok: true, path};
}

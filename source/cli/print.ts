/**
Print mode: the asked views from the query layer (filtered and sorted), streamed in the asked format to
stdout, or with `--output-dir` each view to its own file (`destinations.csv`, `records.ndjson` …).
*/
import {constants, mkdirSync, openSync, createWriteStream} from 'node:fs';
import {join} from 'node:path';
import {emptyMarks, isReviewed, type Marks} from '../audit/marks.js';
import {writeViews, type PrintedView} from '../output/stream.js';
import type {OutputFormat} from '../output/write.js';
import type {QueryEngine} from '../views/query.js';
import {emptyTableText, recordsOf} from '../views/query.js';
import type {CliOptions} from './options.js';
import type {Grouping} from '../views/domains.js';
import type {Row} from '../views/types.js';

const EXTENSIONS: Readonly<Record<OutputFormat, string>> = {table: 'txt', csv: 'csv', json: 'json', ndjson: 'ndjson', markdown: 'md'};

/** The file a view is written to with `--output-dir`. */
export function viewFileName(view: string, format: OutputFormat): string {
	return `${view}.${EXTENSIONS[format]}`;
}

/**
Open a file for writing without following a symbolic link at its name (O_NOFOLLOW: a link planted in a
shared folder cannot redirect the write), created with mode 0600 when new.
*/
function openNoFollow(path: string): NodeJS.WritableStream {
	const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
	return createWriteStream('', {fd});
}

export async function printViews(
	engine: QueryEngine,
	options: Pick<CliOptions, 'views' | 'filter' | 'newOnly' | 'output'> & {readonly outputDir?: string | undefined; readonly group?: Grouping | undefined},
	out: NodeJS.WritableStream,
	marks: Marks = emptyMarks(),
	width?: number,
): Promise<string[]> {
	const names = options.views ?? ['destinations'];
	const printed = names.map((name): PrintedView => {
		const {view, rows, filtered, matched} = engine.run({view: name, filter: options.filter ?? '', group: options.group});
		const empty = filtered ? emptyTableText(filtered, options.filter ?? '', engine.store, matched) : undefined;
		// --new-only: destinations not yet marked as reviewed (grouped: domains with a host not yet reviewed).
		if (options.newOnly && name === 'destinations') {
			const fresh = (r: Row): boolean => (Array.isArray(r['hosts']) && r['domain'] !== undefined ? (r['hosts'] as readonly string[]).some((h) => !isReviewed(marks, h)) : !isReviewed(marks, String(r['host'])));
			return {view, rows: rows.slice().filter(fresh), empty};
		}
		return {view, rows, records: recordsOf(rows), empty};
	});
	if (options.outputDir === undefined) {
		await writeViews(out, options.output, printed, engine.store, {width});
		return [];
	}
	mkdirSync(options.outputDir, {recursive: true});
	const written: string[] = [];
	for (const p of printed) {
		const path = join(options.outputDir, viewFileName(p.view.name, options.output));
		const file = openNoFollow(path);
		// A file is read by programs, not a terminal: tables are not fitted to a width.
		await writeViews(file, options.output, [p], engine.store);
		await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
		written.push(path);
	}
	return written;
}

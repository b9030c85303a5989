/**
Streaming print output: a view's rows are written in batches as they are formatted, so printing two
million records needs memory for a batch, not for the whole text (one string of every record overflows
V8's string limit long before memory runs out). Writes wait for the stream to drain, so a slow reader
(`| less`, a pipe to ssh) holds the producer back instead of filling memory.

The text is the same as the whole-text renderers in write.ts and table.ts produce (they format each
batch); JSON is pretty-printed with the same indentation as `JSON.stringify(value, null, 2)`.
*/
import Papa from 'papaparse';
import {Spool} from '../store/spool.js';
import type {RecordStore} from '../store/store.js';
import type {RowList} from '../views/query.js';
import type {Row, ViewDefinition} from '../views/types.js';
import {dataCell, humanCell} from './cells.js';
import {tableColumns, tableParts} from './table.js';
import {toJsonRows, toMarkdown, type OutputFormat} from './write.js';

const BATCH = 256;
const FLUSH_AT = 1 << 16;

/** A buffered writer that respects back-pressure. */
export class Sink {
	private buffer: string[] = [];
	private size = 0;

	constructor(private readonly out: NodeJS.WritableStream) {}

	async write(text: string): Promise<void> {
		this.buffer.push(text);
		this.size += text.length;
		if (this.size >= FLUSH_AT) await this.flush();
	}

	async flush(): Promise<void> {
		if (this.size === 0) return;
		const text = this.buffer.join('');
		this.buffer = [];
		this.size = 0;
		if (!this.out.write(text)) await new Promise<void>((resolve) => {
			const done = (): void => {
				this.out.off('drain', done);
				this.out.off('error', done);
				this.out.off('close', done);
				resolve();
			};
			this.out.once('drain', done);
			this.out.once('error', done);
			this.out.once('close', done);
		});
	}
}

/** What one view prints: its rows, and for the records view the records behind them. */
export type PrintedView = {
	readonly view: ViewDefinition<Row>;
	readonly rows: RowList;
	/** Records view: the records in row order, written as typed records by JSON and NDJSON. */
	readonly records?: Iterable<number> | undefined;
	/** What the table says when it has no rows (default: `no rows`). */
	readonly empty?: string | undefined;
};

function* batches(rows: RowList, from = 0): Generator<Row[]> {
	for (let start = from; start < rows.length; start += BATCH) yield rows.slice(start, Math.min(rows.length, start + BATCH));
}

/**
Characters of a table's cells kept in memory from its measuring pass for its drawing pass (each row's
cells as one string): rows are built and their cells formatted once instead of twice. Bounded (≤ 4 MB,
in two-byte strings); the rows past it go to a private temporary file (a `Spool`, unlinked as soon as it
is open) and are read back in order: a table of 150,000 hosts is 20 MB of cells, and building its rows
and cells again was a quarter of printing it.
*/
export const KEPT_CHARS = 2 * 2 ** 20;
/**
Bytes of spilled cells read back at a time: the text of a run stays under V8's large-object size (runs of
1 MB, each a new 2 MB string in the old generation, raised the peak RSS of a 150,000-host table by 30 MB).
*/
const SPILL_RUN = 32 * 1024;
/** For tests: another bound (0 keeps none), to show the output does not depend on it. */
export const keptTesting: {chars: number | undefined; runBytes: number | undefined} = {chars: undefined, runBytes: undefined};
/** Between a kept row's cells: `humanCell` sanitises every string, so no cell holds one. */
const CELL_GAP = '\u0000';

/** Indent every line after the first of `text` by `pad`. */
const indent = (text: string, pad: string): string => (pad === '' ? text : text.replace(/\n/g, `\n${pad}`));

/** The JSON values of a view, one at a time: rows, or the typed records of the records view. */
function* jsonValues(printed: PrintedView, store: RecordStore): Generator<unknown> {
	if (printed.records) {
		for (const i of printed.records) yield JSON.parse(store.recordText(i));
		return;
	}
	for (const batch of batches(printed.rows)) yield* toJsonRows({view: printed.view, rows: batch});
}

/** A pretty JSON array written element by element, at a nesting depth (0 = top level). */
async function jsonArray(sink: Sink, values: Iterable<unknown>, depth: number): Promise<void> {
	const pad = '  '.repeat(depth);
	let first = true;
	for (const value of values) {
		await sink.write(`${first ? '[\n' : ',\n'}${pad}  ${indent(JSON.stringify(value, null, 2), `${pad}  `)}`);
		first = false;
	}
	await sink.write(first ? '[]' : `\n${pad}]`);
}

async function table(sink: Sink, printed: PrintedView, width: number | undefined): Promise<void> {
	const {view, rows} = printed;
	if (rows.length === 0) {
		await sink.write(`${view.title}\n(${printed.empty ?? 'no rows'})`);
		return;
	}
	const cells = (row: Row): string[] => view.columns.map((c) => humanCell(row[c.key], c.kind));
	// Two passes: the widths of every cell first, then the lines.
	const parts = tableParts(tableColumns(view.columns), [], {width});
	const kept: string[] = [];
	const keep = keptTesting.chars ?? KEPT_CHARS;
	let keptChars = 0;
	// The rows past `keep`: their cells' text in the spill file, each a line starting at `spillAt[k]`.
	let spill: Spool | undefined;
	const spillAt: number[] = [];
	try {
		for (const batch of batches(rows)) {
			for (const row of batch) {
				const text = cells(row);
				parts.measure(text);
				const joined = text.join(CELL_GAP);
				if (keptChars < keep) {
					keptChars += joined.length;
					kept.push(joined);
				} else {
					spill ??= new Spool();
					spillAt.push(spill.appendLine(joined));
				}
			}
		}
		await sink.write(`${view.title}\n${parts.top()}`);
		for (let k = 0; k < kept.length; k++) {
			await sink.write(`\n${parts.line(kept[k]!.split(CELL_GAP))}`);
			kept[k] = '';
		}
		if (spill) {
			spillAt.push(spill.size);
			const starts = {get: (k: number): number => spillAt[k]!};
			for (let first = 0; first < spillAt.length - 1; ) {
				const {text, at, end} = spill.readRun(starts, first, spillAt.length - 1 - first, keptTesting.runBytes ?? SPILL_RUN);
				// Each line without its newline (cells hold none: `humanCell` sanitises them).
				for (let k = 0; k < end - first; k++) await sink.write(`\n${parts.line(text.slice(at[k], at[k + 1]! - 1).split(CELL_GAP))}`);
				first = end;
			}
		}
	} finally {
		spill?.close();
	}
	await sink.write(`\n${parts.bottom()}`);
	const note = parts.note();
	if (note) await sink.write(`\n${note}`);
}

async function csv(sink: Sink, printed: PrintedView): Promise<void> {
	const fields = printed.view.columns.map((c) => c.key);
	let header = true;
	for (const batch of batches(printed.rows)) {
		const data = batch.map((row) => printed.view.columns.map((c) => dataCell(row[c.key], c.kind)));
		// Also after leading spaces: some spreadsheets trim before they evaluate.
		await sink.write((header ? '' : '\n') + Papa.unparse({fields, data}, {escapeFormulae: /^\s*[=+\-@\t\r]/, newline: '\n', header}));
		header = false;
	}
	if (header) await sink.write(Papa.unparse({fields, data: []}, {newline: '\n'}));
}

async function markdown(sink: Sink, printed: PrintedView): Promise<void> {
	let first = true;
	for (const batch of batches(printed.rows)) {
		const text = toMarkdown({view: printed.view, rows: batch});
		// Every batch renders the heading and header; keep them from the first batch only.
		await sink.write(first ? text : `\n${text.split('\n').slice(4).join('\n')}`);
		first = false;
	}
	if (first) await sink.write(toMarkdown({view: printed.view, rows: []}));
}

/**
Write the printed views in one output format. CSV has no place for a second table: several views in CSV
are refused here (the CLI writes one file per view with `--output-dir`, or stops with a usage error).
`width` fits the box table to a terminal (undefined: every cell whole).
*/
export async function writeViews(out: NodeJS.WritableStream, format: OutputFormat, printed: readonly PrintedView[], store: RecordStore, options: {readonly width?: number | undefined} = {}): Promise<void> {
	if (format === 'csv' && printed.length > 1) throw new Error('CSV holds one view; write several to separate files');
	const sink = new Sink(out);
	const several = printed.length > 1;
	switch (format) {
		case 'json': {
			if (!several) await jsonArray(sink, jsonValues(printed[0]!, store), 0);
			else {
				await sink.write('{');
				for (const [k, p] of printed.entries()) {
					await sink.write(`${k === 0 ? '' : ','}\n  ${JSON.stringify(p.view.name)}: `);
					await jsonArray(sink, jsonValues(p, store), 1);
				}
				await sink.write('\n}');
			}
			await sink.write('\n');
			break;
		}
		case 'ndjson':
			for (const p of printed) {
				if (p.records && !several) {
					// The spool holds each record as one line of JSON already.
					for (const i of p.records) await sink.write(`${store.recordText(i)}\n`);
					continue;
				}
				for (const value of jsonValues(p, store)) await sink.write(`${JSON.stringify(several ? {view: p.view.name, ...(value as object)} : value)}\n`);
			}
			break;
		case 'csv':
		case 'markdown':
		case 'table':
			for (const [k, p] of printed.entries()) {
				if (k > 0) await sink.write('\n\n');
				if (format === 'csv') await csv(sink, p);
				else if (format === 'markdown') await markdown(sink, p);
				else await table(sink, p, options.width);
			}
			await sink.write('\n');
			break;
	}
	await sink.flush();
}

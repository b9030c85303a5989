/** Print mode: compute the asked views (filtered and sorted) and write them in the asked format. */
import {emptyMarks, isReviewed, type Marks} from '../audit/marks.js';
import {matchesFilter, parseFilter} from '../model/filter.js';
import {toTable} from '../output/table.js';
import {toCsv, toJsonRows, toMarkdown, type ViewOutput} from '../output/write.js';
import type {RecordStore} from '../pipeline/store.js';
import {findView} from '../views/registry.js';
import {sortRows} from '../views/sort.js';
import {computeView, type Row} from '../views/types.js';
import type {CliOptions} from './options.js';

/** Rows of a view over the store: exact aggregates when unfiltered, kept records when filtered. */
export function viewRows(store: RecordStore, name: string, filterText: string | undefined): ViewOutput {
	const view = findView(name);
	if (!view) throw new Error(`unknown view ${name}`);
	const filter = parseFilter(filterText ?? '');
	let rows: Row[];
	if (filter.terms.length === 0 && name !== 'records') rows = store.rows(name) ?? computeView(view, store.records, store);
	else rows = computeView(view, filter.terms.length === 0 ? store.records : store.records.filter((r) => matchesFilter(filter, r)), store);
	return {view, rows: view.sort ? sortRows(rows, view.sort.key, view.sort.descending) : rows};
}

export async function printViews(store: RecordStore, options: CliOptions, out: NodeJS.WritableStream, marks: Marks = emptyMarks()): Promise<void> {
	const names = options.views ?? ['destinations'];
	const outputs = names.map((n) => {
		const o = viewRows(store, n, options.filter);
		// --new-only: destinations not yet marked as reviewed.
		return options.newOnly && n === 'destinations' ? {...o, rows: o.rows.filter((r) => !isReviewed(marks, String(r['host'])))} : o;
	});
	const recordsOf = (): unknown[] => {
		const filter = parseFilter(options.filter ?? '');
		const kept = filter.terms.length === 0 ? store.records : store.records.filter((r) => matchesFilter(filter, r));
		return [...kept].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
	};
	// JSON and NDJSON write the typed records themselves for the records view.
	const jsonOf = (o: ViewOutput): unknown[] => (o.view.name === 'records' ? recordsOf() : toJsonRows(o));
	switch (options.output) {
		case 'json': {
			const value = outputs.length === 1 ? jsonOf(outputs[0]!) : Object.fromEntries(outputs.map((o) => [o.view.name, jsonOf(o)]));
			out.write(`${JSON.stringify(value, null, 2)}\n`);
			break;
		}
		case 'ndjson': {
			for (const o of outputs) for (const row of jsonOf(o)) out.write(`${JSON.stringify(outputs.length > 1 ? {view: o.view.name, ...(row as object)} : row)}\n`);
			break;
		}
		case 'csv': {
			out.write(`${outputs.map((o) => (outputs.length > 1 ? `# ${o.view.name}\n` : '') + toCsv(o)).join('\n\n')}\n`);
			break;
		}
		case 'markdown': {
			out.write(`${outputs.map(toMarkdown).join('\n\n')}\n`);
			break;
		}
		case 'table': {
			out.write(`${outputs.map((o) => toTable(o)).join('\n\n')}\n`);
			break;
		}
	}
}

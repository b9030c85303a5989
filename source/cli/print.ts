/** Print mode: the asked views from the query layer (filtered and sorted), streamed in the asked format. */
import {emptyMarks, isReviewed, type Marks} from '../audit/marks.js';
import {writeViews, type PrintedView} from '../output/stream.js';
import type {QueryEngine} from '../views/query.js';
import {recordsOf} from '../views/query.js';
import type {CliOptions} from './options.js';

export async function printViews(engine: QueryEngine, options: Pick<CliOptions, 'views' | 'filter' | 'newOnly' | 'output'>, out: NodeJS.WritableStream, marks: Marks = emptyMarks()): Promise<void> {
	const names = options.views ?? ['destinations'];
	const printed = names.map((name): PrintedView => {
		const {view, rows} = engine.run({view: name, filter: options.filter ?? ''});
		// --new-only: destinations not yet marked as reviewed.
		if (options.newOnly && name === 'destinations') return {view, rows: rows.slice().filter((r) => !isReviewed(marks, String(r['host'])))};
		return {view, rows, records: recordsOf(rows)};
	});
	await writeViews(out, options.output, printed, engine.store);
}

/**
The query layer on selections past one sort chunk (16,384 records), where the records view's first sort
is a radix sort in steps: every column, both directions, equals the plain reference.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {QueryEngine} from '../source/views/query.js';
import {findView} from '../source/views/registry.js';
import {build, contextOf, recordArb} from './helpers/random-records.js';
import {referenceRows} from './helpers/reference.js';

describe('large selections', () => {
	it('the first sort of many records equals the reference, every column both ways', () => {
		// Unique origins, so the order of equal sort values (stable: store order) is checked too.
		const raws = fc.sample(recordArb, {numRuns: 17_000, seed: 42}).map((r, k) => ({...r, origin: {file: r.origin.file, line: k + 1}}));
		const {store, records} = build(raws);
		for (const column of findView('records')!.columns) {
			if (column.key === 'summary') continue;
			for (const descending of [false, true]) {
				const sort = {key: column.key, descending};
				const ours = new QueryEngine(store).run({view: 'records', filter: '', sort}).rows.slice().map((r) => r['origin']);
				const theirs = referenceRows(records, contextOf(store), 'records', '', sort).map((r) => r['origin']);
				expect(ours.join('|'), `${column.key} ${descending ? 'descending' : 'ascending'}`).toBe(theirs.join('|'));
			}
		}
		store.close();
	});
});

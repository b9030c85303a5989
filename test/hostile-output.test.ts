/**
Output writers on hostile rows: rows are built from records (already clean) but also from input names,
error messages and whatever a view computes, so every writer makes strings safe itself; and writers
must cope with as many rows as an input can give.
*/
import {describe, expect, it} from 'vitest';
import {toJsonRows} from '../source/output/write.js';
import {overviewView} from '../source/views/overview.js';
import type {Row, ViewDefinition} from '../source/views/types.js';
import {itLarge} from './helpers/tier.js';

const HOSTILE = 'log\u001b]0;title\u0007\u009b2J\u202egol.txt';

describe('JSON rows', () => {
	it('strings in rows (an input name in the overview) are terminal-safe, in lists too', () => {
		const view = overviewView as unknown as ViewDefinition<Row>;
		const rows = toJsonRows({view, rows: [{section: 'input', item: HOSTILE, value: `failed: ${HOSTILE}`}]});
		expect(rows).toEqual([{section: 'input', item: 'loggol.txt', value: 'failed: loggol.txt'}]);
		const list = toJsonRows({view: {...view, columns: [{key: 'ids', header: 'Ids', kind: 'list'}]} as ViewDefinition<Row>, rows: [{ids: [HOSTILE, 'plain']}]});
		expect(list).toEqual([{ids: ['loggol.txt', 'plain']}]);
	});
});

describe('box table on a large input', () => {
	itLarge('draws 200,000 rows (one per host of a big DNS log) without exceeding the call stack', async () => {
		const {boxTable} = await import('../source/output/table.js');
		const rows = Array.from({length: 200_000}, (_, i) => [`host${i}.example.com`, String(i)]);
		const text = boxTable(['Host', 'N'], rows, ['left', 'right']);
		// Top border, header, rule under it, a line per row (no rule between rows), bottom border.
		expect(text.split('\n')).toHaveLength(4 + rows.length);
	});
});

/**
Issue 19 item 20: the identifiers view has no silent stop. The store used to keep 100,000 identifier
values and drop the rest without a word (the one that reached a tracker was the 150,001st); now every
value is kept and listed.
*/
import {describe, expect, it} from 'vitest';
import type {Identifier} from '../source/model/records.js';
import {maskValue} from '../source/privacy/mask.js';
import {request, storeOf, viewRows} from './helpers/records.js';

describe('150,001 distinct identifier values', () => {
	it('are all listed, the last one with the tracker that received it', () => {
		const PER = 250;
		const records = Array.from({length: 600}, (_, r) =>
			request('plex.tv', {identifiers: Array.from({length: PER}, (_, k): Identifier => ({kind: 'identifier', name: 'X-Plex-Session-Identifier', value: `session-${r * PER + k}`}))}),
		);
		records.push(request('tracker.example', {identifiers: [{kind: 'identifier', name: 'uid', value: 'the-150001st-value'}]}));
		const store = storeOf(records);
		const rows = viewRows(store, 'identifiers');
		// Every value is listed under its mask. Masks are 24-bit fingerprints, so among 150,001 values some
		// hundreds share one (a birthday collision) and are one row: the count is the number of distinct masks.
		const values = records.flatMap((r) => r.identifiers.map((i) => i.value));
		expect(rows).toHaveLength(new Set(values.map((v) => maskValue(v, 'identifier'))).size);
		expect(rows.length).toBeGreaterThan(149_000);
		expect(rows.filter((r) => (r['destinations'] as string[]).includes('tracker.example'))).toHaveLength(1);
		store.close();
	});
});

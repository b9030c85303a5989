/**
Chunked columns and their spill file (source/store/columns.ts): what goes in comes back, in memory or
read back from disk, whatever the chunk size, the budget and the widths of the ids.
*/
import {fstatSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ColumnSpace, f64, IdColumn, u32, u8} from '../source/store/columns.js';
import {runs} from './helpers/tier.js';
import {RecordStore} from '../source/store/store.js';
import type {TelemetryRecord} from '../source/model/records.js';

const request = (host: string): TelemetryRecord =>
	({kind: 'request', source: 'test', origin: {file: 'in'}, host, method: 'GET', path: '/', identifiers: [], time: '2026-03-14T19:02:13.000Z'}) as unknown as TelemetryRecord;

describe('chunked columns', () => {
	it('give back every value pushed, spilled or not, read in any order', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.nat({max: 300}), fc.nat({max: 70_000}), fc.nat()), {maxLength: 400}), fc.integer({min: 1, max: 6}), fc.nat({max: 200}), fc.array(fc.nat(), {maxLength: 50}), (ids, shift, budget, probes) => {
				const space = new ColumnSpace({chunkShift: shift, budgetBytes: budget});
				const idc = new IdColumn(space);
				const times = f64(space);
				const small = u8(space);
				const big = u32(space);
				ids.forEach((id, k) => {
					idc.push(id);
					times.push(k === 3 ? Number.NaN : id / 7);
					small.push(id & 0xff);
					big.push(id);
				});
				expect(idc.length).toBe(ids.length);
				const check = (k: number): void => {
					expect(idc.get(k)).toBe(ids[k]);
					expect(times.get(k)).toBe(k === 3 ? Number.NaN : ids[k]! / 7);
					expect(small.get(k)).toBe(ids[k]! & 0xff);
					expect(big.get(k)).toBe(ids[k]);
				};
				for (let k = 0; k < ids.length; k++) check(k);
				for (const p of probes) if (ids.length > 0) check(p % ids.length);
				// Four columns of full chunks past a budget smaller than them must have spilled.
				const fullChunks = Math.floor(ids.length / (1 << shift)) - 1;
				if (fullChunks > 0 && budget < 1 << shift) expect(space.spilled).toBeGreaterThan(0);
				if (space.spilled > 0) expect(space.spillBytes).toBeGreaterThan(0);
				space.close();
			}),
			runs(300),
		);
	});

	it('keep at most the budget of full chunks in memory, and read a spilled chunk back once per pass', () => {
		const space = new ColumnSpace({chunkShift: 8, budgetBytes: 4 * 1024});
		const c = u32(space);
		for (let k = 0; k < 25_000; k++) c.push(k * 3);
		expect(space.resident).toBeLessThanOrEqual(4 * 1024);
		// 97 full chunks of 1 kB; 4 may stay in memory.
		expect(space.spilled).toBe(93);
		const before = space.reloaded;
		let wrong = 0;
		for (let k = 0; k < c.length; k++) if (c.get(k) !== k * 3) wrong++;
		expect(wrong).toBe(0);
		// Each full chunk at most once in a pass in record order (the four in memory may go before their turn).
		expect(space.reloaded - before).toBeGreaterThanOrEqual(93);
		expect(space.reloaded - before).toBeLessThanOrEqual(97);
		expect(space.resident).toBeLessThanOrEqual(4 * 1024);
		space.close();
	});

	it('spill full chunks to make room for bytes that share the budget (the destination table), and still read back', () => {
		const space = new ColumnSpace({chunkShift: 4, budgetBytes: 1024});
		const column = u32(space);
		for (let k = 0; k < 160; k++) column.push(k * 3);
		expect(space.spilled).toBe(0);
		space.account(900);
		expect(space.spilled).toBeGreaterThan(0);
		// The chunks keep half the budget even when the table takes most of it.
		expect(space.resident - space.pinned).toBeLessThanOrEqual(512);
		for (let k = 0; k < 160; k++) expect(column.get(k)).toBe(k * 3);
		space.close();
	});

	it('read each spilled chunk back once per scan even when the destination table takes the whole budget', () => {
		// Two columns read together, record by record, as a query reads a record's columns.
		const space = new ColumnSpace({chunkShift: 4, budgetBytes: 1024});
		const a = u32(space);
		const b = f64(space);
		for (let k = 0; k < 1600; k++) {
			a.push(k);
			b.push(k / 2);
		}
		space.account(4096);
		const before = space.reloaded;
		let wrong = 0;
		for (let k = 0; k < 1600; k++) if (a.get(k) !== k || b.get(k) !== k / 2) wrong++;
		expect(wrong).toBe(0);
		// 100 chunks a column: at most one read back each (it was one a value read: 3,200).
		expect(space.reloaded - before).toBeLessThanOrEqual(200);
		expect(space.resident - space.pinned).toBeLessThanOrEqual(512);
		space.close();
	});

	it("count a store's destination table against its column budget", () => {
		const store = new RecordStore({columnBudget: 4096, chunkShift: 4});
		for (let k = 0; k < 2000; k++) store.add(request(`host${k}.example-${k % 7}.com`), 'in');
		expect(store.space.pinned).toBeGreaterThan(4096);
		expect(store.space.spilled).toBeGreaterThan(0);
		for (let k = 0; k < 2000; k += 97) expect(store.hostOf(k)).toBe(`host${k}.example-${k % 7}.com`);
		store.close();
	});

	it('without a budget, never write a spill file', () => {
		const space = new ColumnSpace({chunkShift: 4});
		const c = new IdColumn(space);
		for (let k = 0; k < 10_000; k++) c.push(k);
		expect(space.spilled).toBe(0);
		expect(space.spillBytes).toBe(0);
		expect(c.get(9_999)).toBe(9_999);
	});
});

describe('the spill file', () => {
	it('is private (mode 0600) and leaves nothing in the temporary folder, open or closed', () => {
		const saved = process.env['TMPDIR'];
		const tmp = mkdtempSync(join(tmpdir(), 'spill-test-'));
		process.env['TMPDIR'] = tmp;
		try {
			const space = new ColumnSpace({chunkShift: 2, budgetBytes: 8});
			const c = u32(space);
			for (let k = 0; k < 100; k++) c.push(k);
			expect(space.spilled).toBeGreaterThan(0);
			const fd = (space as unknown as {fd: number}).fd;
			expect(fstatSync(fd).mode & 0o777).toBe(0o600);
			expect(readdirSync(tmp)).toEqual([]);
			expect(c.get(5)).toBe(5);
			space.close();
			expect(readdirSync(tmp)).toEqual([]);
		} finally {
			if (saved === undefined) delete process.env['TMPDIR'];
			else process.env['TMPDIR'] = saved;
			rmSync(tmp, {recursive: true, force: true});
		}
	});
});

/**
How a parse worker's batch crosses to the main thread (source/pipeline/worker.ts `packBatch` and
`unpackBatch`, through postMessage's structured clone): records as one JSON text when JSON keeps them
exactly, else the batch by structured clone alone. What arrives is what the parser made, either way.
*/
import {serialize, deserialize} from 'node:v8';
import {describe, expect, it} from 'vitest';
import {EVENT, packBatch, type ToMain, unpackBatch} from '../source/pipeline/worker.js';

/** Pack, post (structured clone, as postMessage does) and unpack. */
function crossed(kinds: number[], values: unknown[]): {message: Extract<ToMain, {type: 'batch'}>; values: unknown[]} {
	const message = deserialize(serialize(packBatch(kinds, values))) as Extract<ToMain, {type: 'batch'}>;
	return {message, values: unpackBatch(message)};
}

const record = (line: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	kind: 'request',
	source: 'pms',
	origin: {file: 'a.log', line},
	identifiers: [{kind: 'personal', name: 'user', value: 'ann'}],
	method: 'GET',
	url: 'https://h/p?\u0000x=\ud800',
	host: 'h',
	path: '/p',
	status: 200,
	...extra,
});

describe('a batch between the parse worker and the main thread', () => {
	it('carries records as JSON, in order between the other events, unchanged', () => {
		const kinds = [EVENT.format, EVENT.record, EVENT.bytes, EVENT.record, EVENT.progress, EVENT.learn];
		const values = ['pms', record(1), 4096, record(2, {bytesReceived: 5, device: {product: 'Plex Web'}}), undefined, {host: 'x', owner: 'own'}];
		const {message, values: got} = crossed(kinds, [...values]);
		expect(message.records).toHaveLength(1);
		expect(got).toEqual(values);
		expect(got[4]).toBeUndefined();
	});

	it('splits many records over several JSON texts and puts each back in its place', () => {
		const kinds: number[] = [];
		const values: unknown[] = [];
		for (let i = 0; i < 1000; i++) {
			kinds.push(EVENT.record, EVENT.progress);
			values.push(record(i), undefined);
		}
		const {message, values: got} = crossed(kinds, [...values]);
		expect(message.records!.length).toBeGreaterThan(1);
		expect(got).toEqual(values);
	});

	it('sends a batch by structured clone when JSON would change a record (NaN, Infinity, undefined in a list)', () => {
		for (const odd of [{bitrateKbps: Number.NaN}, {bytesSent: Number.POSITIVE_INFINITY}, {fields: ['a', undefined]}]) {
			const values = [record(1), record(2, odd)];
			const {message, values: got} = crossed([EVENT.record, EVENT.record], values);
			expect(message.records).toBeUndefined();
			expect(got).toEqual(values);
		}
	});

	it('drops only undefined fields, which every reader treats as absent', () => {
		const {values: got} = crossed([EVENT.record], [record(1, {client: undefined})]);
		expect(got[0]).toEqual(record(1));
		expect(Object.hasOwn(got[0] as object, 'client')).toBe(false);
	});

	it('keeps a batch without records as it is', () => {
		const {message, values: got} = crossed([EVENT.failed], [['input.read-error', 'stopped', undefined]]);
		expect(message.records).toBeUndefined();
		expect(got).toEqual([['input.read-error', 'stopped', undefined]]);
	});
});

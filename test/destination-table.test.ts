/**
The store's destinations table (source/store/hosts.ts): host and port to one id each, names read back
exactly as given (ASCII in the byte heap, anything else kept aside), labels and addresses per id, checked
against a Map of the same keys.
*/
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Classification} from '../source/model/records.js';
import {DestinationTable} from '../source/store/hosts.js';
import {runs} from './helpers/tier.js';

const label = (organization: string): Classification => ({organization, category: 'unknown', party: 'third', rule: 'default', source: {kind: 'none', name: 'test'}}) as Classification;
const LABELS = [label('a'), label('b'), undefined];

const hostArb = fc.oneof(
	fc.constantFrom('plex.tv', 'a', '', 'Plex.TV', 'x.example.com', 'a\u0000443'),
	fc.string({maxLength: 12}),
	fc.string({unit: 'binary', maxLength: 6}),
	fc.nat({max: 3000}).map((n) => `host${n}.example.com`),
);

const portArb = fc.option(fc.constantFrom(0, 443, 32400, 65535, 70000), {nil: undefined});
const addressArb = fc.option(fc.constantFrom('1.2.3.4', '::1', 'é'), {nil: undefined});

describe('destination table', () => {
	it('gives each host and port one id, and reads back what was given, past many rehashes', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(hostArb, portArb, fc.nat({max: 2}), addressArb), {maxLength: 3000}), (adds) => {
				const table = new DestinationTable();
				const ids = new Map<string, number>();
				const first = new Map<number, {host: string; port: number | undefined; label: Classification | undefined; address: string | undefined}>();
				for (const [host, port, l, address] of adds) {
					const key = JSON.stringify([host, port ?? null]);
					const id = table.intern(host, port, LABELS[l]);
					if (ids.has(key)) expect(id).toBe(ids.get(key));
					else {
						expect(id).toBe(ids.size + 1);
						ids.set(key, id);
						first.set(id, {host, port, label: LABELS[l], address});
						if (address !== undefined) table.setAddress(id, address);
					}
				}
				expect(table.size).toBe(ids.size + 1);
				for (const [id, want] of first) {
					expect(table.host(id)).toBe(want.host);
					expect(table.portOf(id)).toBe(want.port);
					expect(table.classification(id)).toBe(want.label);
					expect(table.addressOf(id)).toBe(want.address);
					expect(table.get(id)).toEqual({host: want.host, port: want.port, classification: want.label, address: want.address});
					if (want.port === undefined) expect(table.find(want.host)).toBe(id);
				}
				expect(table.find('never.added.example')).toBe(0);
				expect(table.get(0)).toBeUndefined();
				expect(table.host(0)).toBe('');
				expect([...table].length).toBe(ids.size);
			}),
			runs(60),
		);
	});

	it('relabels a destination', () => {
		const table = new DestinationTable();
		const id = table.intern('metrics.plex.tv', undefined, LABELS[0]);
		table.setClassification(id, LABELS[1]);
		expect(table.classification(id)).toBe(LABELS[1]);
		expect(table.intern('metrics.plex.tv', undefined, LABELS[0])).toBe(id);
	});
});

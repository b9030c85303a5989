/**
`--fail-on`: a gate for cron jobs. Exit 3 with a summary on stderr when the input holds destinations of
the named kinds.
*/
import type {DestinationRow} from '../views/destinations.js';
import {parseFailOn} from '../views/diff.js';

export const GATES = ['third-party', 'vendor-analytics', 'ads', 'unknown', 'crash-reporting', 'vendor'] as const;
export type Gate = (typeof GATES)[number];

const TESTS: Record<Gate, (row: DestinationRow) => boolean> = {
	'third-party': (r) => r.party === 'third',
	vendor: (r) => r.party === 'vendor',
	'vendor-analytics': (r) => r.category === 'vendor-analytics',
	ads: (r) => r.category === 'ads',
	unknown: (r) => r.category === 'unknown' && r.party !== 'first',
	'crash-reporting': (r) => r.category === 'crash-reporting',
};

export const parseGates = (text: string): {gates: Gate[]} | {error: string} => parseFailOn(text, GATES);

/** The lines of the summary, one per gate that tripped; empty when the gate passes. */
export function checkGates(gates: readonly Gate[], rows: readonly DestinationRow[]): string[] {
	const out: string[] = [];
	for (const gate of gates) {
		const hits = rows.filter(TESTS[gate]);
		if (hits.length === 0) continue;
		const list = hits.slice(0, 10).map((h) => `${h.host} (${h.requests})`).join(', ');
		out.push(`${gate}: ${hits.length} destination${hits.length === 1 ? '' : 's'}: ${list}${hits.length > 10 ? ', …' : ''}`);
	}
	return out;
}

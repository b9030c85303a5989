/**
Policy: one row per privacy-policy category with the evidence found for it — how many records, to
which hosts, carrying which fields, and where in the input — or "no evidence in this input".
The categories and their tests are data: `source/classify/policy-rules.ts`.
*/
import {POLICY_RULES} from '../classify/policy-rules.js';
import {destinationReasons} from '../classify/policy.js';
import {Memo} from '../store/columns.js';
import {KIND_CODES} from '../store/store.js';
import {formatOrigin} from '../model/records.js';
import {eagerRows, type GroupView} from './types.js';
import {column} from './columns.js';

export type PolicyRow = {
	category: string;
	evidence: 'evidence' | 'no evidence in this input';
	records: number;
	hosts: string[];
	fields: string[];
	examples: string[];
	basis: string;
};

/** Where-examples per category. */
const MAX_EXAMPLES = 5;
/** Fields listed per category; more are summarised as "… N more". */
const MAX_FIELDS = 50;
/** Hosts a policy rule names (its other destination reasons depend on the category alone). */
const LISTED_HOSTS = new Set(POLICY_RULES.flatMap((rule) => rule.hosts ?? []));

export const policyView: GroupView<PolicyRow> = {
	kind: 'group',
	name: 'policy',
	title: 'Policy',
	description: 'one row per privacy-policy category with the evidence for it (or "no evidence in this input")',
	columns: [
		{key: 'category', header: 'Category', kind: 'text', priority: 0, minWidth: 12, maxWidth: 26},
		{key: 'evidence', header: 'Evidence', kind: 'text', priority: 0, minWidth: 8, maxWidth: 26},
		{key: 'records', header: 'Records', kind: 'number', priority: 0},
		column('hosts', 1),
		{key: 'fields', header: 'Fields', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
		{key: 'examples', header: 'Where', kind: 'list', priority: 3, minWidth: 10, maxWidth: 50},
		{key: 'basis', header: 'Basis', kind: 'text', priority: 5, minWidth: 10, maxWidth: 80},
	],
	countKey: 'records',
	sort: {key: 'records', descending: true},
	create(store) {
		const acc = POLICY_RULES.map((rule) => ({rule, records: 0, hosts: new Set<string>(), fields: new Set<string>(), examples: [] as number[]}));
		/**
		Per destination: null when it stayed in the network, else the destination reasons per rule. A host no
		rule names has the reasons of its category, shared: a DNS log names hundreds of thousands of hosts.
		*/
		const byCategory = new Map<string, string[][]>();
		const destReasons = new Memo((d: number): string[][] | null => {
			const dest = store.destinations.get(d);
			const c = dest?.classification;
			if (!dest || !dest.host || !c || c.party === 'first') return null;
			if (LISTED_HOSTS.has(dest.host)) return POLICY_RULES.map((rule) => destinationReasons(rule, dest.host, c.category));
			let shared = byCategory.get(c.category);
			if (!shared) {
				shared = POLICY_RULES.map((rule) => destinationReasons(rule, dest.host, c.category));
				byCategory.set(c.category, shared);
			}
			return shared;
		});
		const hit = new Array<boolean>(POLICY_RULES.length);
		return eagerRows(
			store,
			(i) => {
				// Only what left the network is evidence; most records of a server log stay on the LAN.
				const kind = store.kindOf(i);
				if (kind !== KIND_CODES.request && kind !== KIND_CODES.playback) return;
				const d = store.dest.get(i);
				const byDest = destReasons.get(d);
				if (byDest === null) return;
				hit.fill(false);
				const list = store.reasonList;
				for (let k = store.reasonStart.get(i), end = store.reasonStart.get(i + 1); k < end; k++) {
					const reason = store.reasons.values[list.get(k)]!;
					acc[reason.rule]!.fields.add(reason.text);
					hit[reason.rule] = true;
				}
				for (let rule = 0; rule < acc.length; rule++) {
					const a = acc[rule]!;
					const fromDest = byDest[rule]!;
					for (const w of fromDest) a.fields.add(w);
					if (!hit[rule] && fromDest.length === 0) continue;
					a.records++;
					a.hosts.add(store.destinations.get(d)!.host);
					if (a.examples.length < MAX_EXAMPLES) a.examples.push(i);
				}
			},
			() =>
				acc.map((a) => {
					const fields = [...a.fields].sort();
					return {
						category: a.rule.title,
						evidence: a.records > 0 ? 'evidence' : 'no evidence in this input',
						records: a.records,
						hosts: [...a.hosts].sort(),
						fields: fields.length > MAX_FIELDS ? [...fields.slice(0, MAX_FIELDS), `… ${(fields.length - MAX_FIELDS).toLocaleString('en-US')} more`] : fields,
						examples: a.examples.map((i) => formatOrigin(store.originOf(i))),
						basis: a.rule.source,
					};
				}),
		);
	},
	// A row a policy category, with evidence or without.
	counter: () => ({add() {}, size: () => POLICY_RULES.length}),
	drill: (row) => {
		const rule = POLICY_RULES.find((r) => r.title === row.category);
		return rule ? `policy:${rule.id}` : '';
	},
};

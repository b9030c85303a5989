/**
Policy: one row per privacy-policy category with the evidence found for it — how many records, to
which hosts, carrying which fields, and where in the input — or "no evidence in this input".
The categories and their tests are data: `source/audit/policy-rules.ts`.
*/
import {offsiteHost, policyMatches} from '../audit/policy.js';
import {POLICY_RULES} from '../audit/policy-rules.js';
import {formatOrigin} from '../model/records.js';
import type {ViewDefinition} from './types.js';

export type PolicyRow = {
	category: string;
	evidence: 'evidence' | 'no evidence in this input';
	records: number;
	hosts: string[];
	fields: string[];
	examples: string[];
	basis: string;
};

const MAX_EXAMPLES = 5;
const MAX_LIST = 50;

export const policyView: ViewDefinition<PolicyRow> = {
	name: 'policy',
	title: 'Policy',
	description: 'one row per privacy-policy category with the evidence for it (or "no evidence in this input")',
	columns: [
		{key: 'category', header: 'Category', kind: 'text', priority: 0, minWidth: 12, maxWidth: 26},
		{key: 'evidence', header: 'Evidence', kind: 'text', priority: 0, minWidth: 8, maxWidth: 26},
		{key: 'records', header: 'Records', kind: 'number', priority: 0},
		{key: 'hosts', header: 'Hosts', kind: 'list', priority: 1, minWidth: 12, maxWidth: 50},
		{key: 'fields', header: 'Fields', kind: 'list', priority: 2, minWidth: 12, maxWidth: 60},
		{key: 'examples', header: 'Where', kind: 'list', priority: 3, minWidth: 10, maxWidth: 50},
		{key: 'basis', header: 'Basis', kind: 'text', priority: 5, minWidth: 10, maxWidth: 80},
	],
	countKey: 'records',
	sort: {key: 'records', descending: true},
	create() {
		const acc = POLICY_RULES.map((rule) => ({rule, records: 0, hosts: new Set<string>(), fields: new Set<string>(), examples: [] as string[]}));
		return {
			add(r) {
				// Only what left the network is evidence; most records of a server log stay on the LAN.
				if (offsiteHost(r) === undefined) return;
				for (const a of acc) {
					const why = policyMatches(a.rule, r);
					if (why.length === 0) continue;
					a.records++;
					const host = offsiteHost(r);
					if (host && a.hosts.size < MAX_LIST) a.hosts.add(host);
					for (const w of why) if (a.fields.size < MAX_LIST) a.fields.add(w);
					if (a.examples.length < MAX_EXAMPLES) a.examples.push(formatOrigin(r.origin));
				}
			},
			rows: () =>
				acc.map((a) => ({
					category: a.rule.title,
					evidence: a.records > 0 ? 'evidence' : 'no evidence in this input',
					records: a.records,
					hosts: [...a.hosts].sort(),
					fields: [...a.fields].sort(),
					examples: a.examples,
					basis: a.rule.source,
				})),
		};
	},
	drill: (row) => {
		const rule = POLICY_RULES.find((r) => r.title === row.category);
		return rule ? `policy:${rule.id}` : '';
	},
};

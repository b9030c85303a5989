/** Overview: what was read, the time span, record counts, diagnostics, and a one-line verdict. */
import {formatOrigin} from '../model/records.js';
import type {ViewDefinition} from './types.js';

export type OverviewRow = {section: string; item: string; value: string};

export type Verdict = {text: string; third: number; vendor: number; analytics: number; ads: number};

/** One sentence saying what left the network, from per-host counts. */
export function verdict(hosts: ReadonlyMap<string, {party: string; category: string}>): Verdict {
	let third = 0;
	let vendor = 0;
	let analytics = 0;
	let ads = 0;
	for (const h of hosts.values()) {
		if (h.party === 'third') third++;
		if (h.party === 'vendor') vendor++;
		if (h.category === 'vendor-analytics') analytics++;
		if (h.category === 'ads') ads++;
	}
	const text =
		hosts.size === 0
			? 'No outbound destinations in this input.'
			: `${vendor} vendor host${vendor === 1 ? '' : 's'} (${analytics} analytics), ${third} third-party host${third === 1 ? '' : 's'} (${ads} ads) received traffic.`;
	return {text, third, vendor, analytics, ads};
}

export const overviewView: ViewDefinition<OverviewRow> = {
	name: 'overview',
	title: 'Overview',
	description: 'inputs read, time span, record counts, diagnostics, verdict',
	columns: [
		{key: 'section', header: 'Section', kind: 'text', priority: 0, minWidth: 8, maxWidth: 12},
		{key: 'item', header: 'Item', kind: 'text', priority: 0, minWidth: 10, maxWidth: 50},
		{key: 'value', header: 'Value', kind: 'text', priority: 0, minWidth: 10, maxWidth: 100},
	],
	create(context) {
		const counts = {request: 0, playback: 0, device: 0, setting: 0};
		let from: string | undefined;
		let to: string | undefined;
		const hosts = new Map<string, {party: string; category: string}>();
		return {
			add(r) {
				counts[r.kind]++;
				if (r.time) {
					if (from === undefined || r.time < from) from = r.time;
					if (to === undefined || r.time > to) to = r.time;
				}
				if (r.kind === 'request' && r.classification && !hosts.has(r.host) && r.classification.party !== 'first') {
					hosts.set(r.host, r.classification);
				}
			},
			rows() {
				const rows: OverviewRow[] = [];
				for (const input of context.inputs) {
					const what = input.status === 'failed' ? `failed: ${input.error ?? 'unknown error'}` : `${input.format ?? 'undetected'}, ${input.records.toLocaleString('en-US')} records, ${input.bytes.toLocaleString('en-US')} bytes${input.status === 'reading' ? ' (reading)' : ''}`;
					rows.push({section: 'input', item: input.name, value: what});
				}
				rows.push({section: 'time', item: 'span', value: from && to ? `${from} → ${to}` : 'no timestamps'});
				rows.push({section: 'records', item: 'requests', value: counts.request.toLocaleString('en-US')});
				rows.push({section: 'records', item: 'playback', value: counts.playback.toLocaleString('en-US')});
				rows.push({section: 'records', item: 'devices', value: counts.device.toLocaleString('en-US')});
				if (context.droppedRecords > 0) rows.push({section: 'records', item: 'not kept', value: `${context.droppedRecords.toLocaleString('en-US')} records beyond --max-records were counted in the tables but not kept for the records view`});
				rows.push({section: 'verdict', item: 'left the network', value: verdict(hosts).text});
				const errors = context.diagnostics.filter((d) => d.severity === 'error').length;
				const warnings = context.diagnostics.filter((d) => d.severity === 'warning').length;
				rows.push({section: 'diagnostics', item: 'total', value: `${errors} errors, ${warnings} warnings${context.droppedDiagnostics ? ` (+${context.droppedDiagnostics} not kept)` : ''}`});
				for (const d of context.diagnostics.slice(0, 200)) rows.push({section: 'diagnostics', item: formatOrigin(d.origin), value: `${d.severity}: ${d.message}`});
				return rows;
			},
		};
	},
};

/** Overview: what was read, the time span, record counts, diagnostics, and a one-line verdict. */
import {formatOrigin} from '../model/records.js';
import {KIND_CODES, type InputSummary} from '../store/store.js';
import {ledgerHits} from './ledger.js';
import {eagerRows, type GroupView} from './types.js';

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

/** Inputs listed one by one in the overview; the others are summed up in one line. */
export const OVERVIEW_INPUTS = 200;

/**
The inputs the overview lists, and one line for the rest: a folder of 100,000 small files is not
100,000 lines. Inputs still being read and failed ones are listed first (they are what needs looking
at), then the others in reading order.
*/
export function listedInputs(inputs: readonly InputSummary[], max = OVERVIEW_INPUTS): {listed: InputSummary[]; rest: string | undefined} {
	if (inputs.length <= max) return {listed: inputs.slice(), rest: undefined};
	const urgent = inputs.filter((i) => i.status !== 'done');
	const listedSet = new Set(urgent.slice(0, max));
	for (const i of inputs) {
		if (listedSet.size >= max) break;
		listedSet.add(i);
	}
	const listed = inputs.filter((i) => listedSet.has(i));
	let records = 0;
	let bytes = 0;
	let failed = 0;
	let reading = 0;
	const formats = new Map<string, number>();
	for (const i of inputs) {
		if (listedSet.has(i)) continue;
		records += i.records;
		bytes += i.bytes;
		if (i.status === 'failed') failed++;
		if (i.status === 'reading') reading++;
		const f = i.format ?? 'undetected';
		formats.set(f, (formats.get(f) ?? 0) + 1);
	}
	const n = (x: number): string => x.toLocaleString('en-US');
	const byFormat = [...formats].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 6).map(([f, c]) => `${f} ${n(c)}`).join(', ');
	const states = [failed ? `${n(failed)} failed` : '', reading ? `${n(reading)} reading` : ''].filter(Boolean).join(', ');
	return {listed, rest: `… and ${n(inputs.length - listed.length)} more inputs (${byFormat}${states ? `; ${states}` : ''}): ${n(records)} records, ${n(bytes)} bytes`};
}

/** Diagnostics listed in the overview; the total counts all. */
export const OVERVIEW_DIAGNOSTICS = 200;

/** One sentence naming the identifiers that reached third parties, and which. */
export function identifierVerdict(found: ReadonlyMap<string, {readonly label: string; readonly organizations: ReadonlySet<string>}>): string {
	if (found.size === 0) return 'No identifier reached a third party.';
	const listed = [...found.values()]
		.slice(0, 5)
		.map((f) => `${f.label} (${[...f.organizations].sort().slice(0, 3).join(', ')}${f.organizations.size > 3 ? ` and ${f.organizations.size - 3} more` : ''})`);
	const more = found.size > 5 ? `; and ${found.size - 5} more (see the Ledger)` : '';
	return `${found.size} identifier${found.size === 1 ? '' : 's'} reached third parties: ${listed.join('; ')}${more}.`;
}

export const overviewView: GroupView<OverviewRow> = {
	kind: 'group',
	name: 'overview',
	learned: true,
	title: 'Overview',
	description: 'inputs read, time span, record counts, diagnostics, verdict',
	columns: [
		{key: 'section', header: 'Section', kind: 'text', priority: 0, minWidth: 8, maxWidth: 12},
		{key: 'item', header: 'Item', kind: 'text', priority: 0, minWidth: 10, maxWidth: 50},
		{key: 'value', header: 'Value', kind: 'text', priority: 0, minWidth: 10, maxWidth: 100},
	],
	create(store) {
		const counts = [0, 0, 0, 0, 0];
		let from = Number.NaN;
		let to = Number.NaN;
		/** Destinations already looked at (first record of each decides, as in Destinations). */
		const seen: boolean[] = [];
		const hosts = new Map<string, {party: string; category: string}>();
		/** Identifiers that reached a third party: value → how it is shown and the organisations. */
		const toThird = new Map<string, {label: string; organizations: Set<string>}>();
		return eagerRows(
			store,
			(i) => {
				const label = store.classificationOf(i);
				if (label?.party === 'third') {
					ledgerHits(store, i, (entry) => {
						const key = `${entry.kind}\u0000${entry.value}`;
						let found = toThird.get(key);
						if (!found) toThird.set(key, (found = {label: `${entry.name} ${entry.value}`, organizations: new Set()}));
						found.organizations.add(label.organization);
					});
				}
				const code = store.kindOf(i);
				counts[code]!++;
				const t = store.time.get(i);
				if (!Number.isNaN(t)) {
					if (!(t >= from)) from = t;
					if (!(t <= to)) to = t;
				}
				if (code !== KIND_CODES.request) return;
				const d = store.dest.get(i);
				if (seen[d]) return;
				seen[d] = true;
				const dest = store.destinations.get(d)!;
				const c = dest.classification;
				if (c && !hosts.has(dest.host) && c.party !== 'first') hosts.set(dest.host, c);
			},
			() => {
				const rows: OverviewRow[] = [];
				const {listed, rest} = listedInputs(store.inputs);
				for (const input of listed) {
					const what = input.status === 'failed' ? `failed: ${input.error ?? 'unknown error'}` : `${input.format ?? 'undetected'}, ${input.records.toLocaleString('en-US')} records, ${input.bytes.toLocaleString('en-US')} bytes${input.status === 'reading' ? ' (reading)' : ''}`;
					rows.push({section: 'input', item: input.name, value: what});
				}
				if (rest) rows.push({section: 'input', item: `${(store.inputs.length - listed.length).toLocaleString('en-US')} more`, value: rest});
				const iso = (ms: number): string => new Date(ms).toISOString();
				rows.push({section: 'time', item: 'span', value: Number.isNaN(from) ? 'no timestamps' : `${iso(from)} → ${iso(to)}`});
				rows.push({section: 'records', item: 'requests', value: counts[KIND_CODES.request]!.toLocaleString('en-US')});
				rows.push({section: 'records', item: 'playback', value: counts[KIND_CODES.playback]!.toLocaleString('en-US')});
				rows.push({section: 'records', item: 'devices', value: counts[KIND_CODES.device]!.toLocaleString('en-US')});
				if (counts[KIND_CODES.setting]! > 0) rows.push({section: 'records', item: 'settings', value: counts[KIND_CODES.setting]!.toLocaleString('en-US')});
				rows.push({section: 'verdict', item: 'identifiers', value: identifierVerdict(toThird)});
				rows.push({section: 'verdict', item: 'left the network', value: verdict(hosts).text});
				const {error, warning} = store.diagnosticCounts;
				const kept = store.diagnostics.length;
				rows.push({section: 'diagnostics', item: 'total', value: `${error.toLocaleString('en-US')} errors, ${warning.toLocaleString('en-US')} warnings${store.droppedDiagnostics ? ` (${kept.toLocaleString('en-US')} kept, the rest counted)` : ''}`});
				for (const d of store.diagnostics.slice(0, OVERVIEW_DIAGNOSTICS)) rows.push({section: 'diagnostics', item: formatOrigin(d.origin), value: `${d.severity}: ${d.message}`});
				return rows;
			},
		);
	},
};

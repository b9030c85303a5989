/**
A comparison report (`telemetry-tui diff BEFORE AFTER --report FILE`): the diff's own rows — the sides
with their spans, then every compared view's new, gone, changed and same rows in significance order —
as tables for html.ts and markdown.ts. Nothing is compared here; source/views/diff.ts did that.
*/
import {flatDiffView, sidesView, type DiffResult} from '../views/diff.js';
import type {Row} from '../views/types.js';
import {MAX_TABLE_ROWS, type ReportTable} from './data.js';

export type ComparisonData = {
	readonly title: string;
	readonly tool: {readonly name: string; readonly version: string};
	readonly generatedAt: string;
	/** `2 new, 0 gone, 1 changed, 14 same.` */
	readonly summary: string;
	readonly caveats: readonly string[];
	readonly sides: ReportTable;
	readonly views: readonly ReportTable[];
};

const TITLES: Readonly<Record<string, string>> = {
	destinations: 'Destinations',
	categories: 'Categories (requests that left the network)',
	ledger: 'Identifier ledger',
	identifiers: 'Identifiers',
	formats: 'Formats',
	resolutions: 'Resolutions',
	devices: 'Devices',
	policy: 'Policy categories',
};

function tableOf(id: string, title: string, view: string, flat: {view: {columns: ReportTable['columns']}; rows: readonly Row[]}, command: string): ReportTable {
	return {
		id,
		title,
		view,
		filter: '',
		columns: flat.view.columns,
		rows: flat.rows.length > MAX_TABLE_ROWS ? flat.rows.slice(0, MAX_TABLE_ROWS) : flat.rows,
		total: flat.rows.length,
		empty: 'No rows.',
		command,
	};
}

export function collectComparison(result: DiffResult, meta: {tool: {name: string; version: string}; generatedAt: string}): ComparisonData {
	const {new: added, gone, changed, same} = result.counts;
	const command = (view: string) => `telemetry-tui diff BEFORE AFTER --print --view ${view}`;
	return {
		title: `What changed: ${result.before.inputs.slice(0, 2).join(', ') || 'before'} → ${result.after.inputs.slice(0, 2).join(', ') || 'after'}`,
		tool: meta.tool,
		generatedAt: meta.generatedAt,
		summary: `${added} new, ${gone} gone, ${changed} changed, ${same} same.`,
		caveats: result.caveats,
		sides: tableOf('sides', 'Before and after', 'sides', sidesView(result), 'telemetry-tui diff BEFORE AFTER --print'),
		views: result.views
			.filter((v) => v.rows.length > 0)
			.map((v) => tableOf(`diff-${v.spec.name}`, TITLES[v.spec.name] ?? v.spec.name, v.spec.name, flatDiffView(v.spec, v.rows), command(v.spec.name))),
	};
}

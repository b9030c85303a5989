/**
Saved baselines: a side's summary (source/views/diff.ts) as versioned JSON, checked with zod on load.
A baseline holds masks, never raw identifying values (summaries mask them), so it can be kept and
shared like any print output. A file of another format, a damaged one, or one written by a newer
version gets one clear error.
*/
import * as z from 'zod';
import type {Summary} from './diff.js';
import {DIFF_SPECS} from './diff.js';

export const BASELINE_FORMAT = 'telemetry-tui-baseline';
export const BASELINE_VERSION = 1;

const value = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);
const row = z.record(z.string(), value);

const summarySchema = z.object({
	inputs: z.array(z.object({name: z.string(), format: z.string().nullable(), records: z.number().int().nonnegative()})),
	records: z.number().int().nonnegative(),
	first: z.string().nullable(),
	last: z.string().nullable(),
	hours: z.number().nonnegative().nullable(),
	views: z.record(z.string(), z.array(row)),
});

const baselineSchema = z.object({
	format: z.literal(BASELINE_FORMAT),
	version: z.literal(BASELINE_VERSION),
	tool: z.string(),
	created: z.string(),
	filter: z.string(),
	summary: summarySchema,
});

export type Baseline = z.infer<typeof baselineSchema>;

export function baselineOf(summary: Summary, meta: {tool: string; created: Date; filter: string}): Baseline {
	return {format: BASELINE_FORMAT, version: BASELINE_VERSION, tool: meta.tool, created: meta.created.toISOString(), filter: meta.filter, summary: summary as Baseline['summary']};
}

export function baselineText(b: Baseline): string {
	return `${JSON.stringify(b, null, 2)}\n`;
}

/** True when text looks like a baseline (for a side given as a file: baseline or capture?). */
export function looksLikeBaseline(head: string): boolean {
	return /^\s*\{\s*"format"\s*:\s*"telemetry-tui-baseline"/.test(head);
}

/** Parse a baseline; `name` is used in the error. */
export function parseBaseline(text: string, name: string): {baseline: Baseline} | {error: string} {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		return {error: `${name}: not a baseline: not JSON (${(error as Error).message})`};
	}
	const head = z.object({format: z.string(), version: z.number()}).safeParse(data);
	if (!head.success || head.data.format !== BASELINE_FORMAT) return {error: `${name}: not a telemetry-tui baseline (no "format": "${BASELINE_FORMAT}")`};
	if (head.data.version > BASELINE_VERSION) return {error: `${name}: baseline version ${head.data.version} is newer than this telemetry-tui reads (${BASELINE_VERSION}); update telemetry-tui or save the baseline again`};
	if (head.data.version !== BASELINE_VERSION) return {error: `${name}: baseline version ${head.data.version} is not one this telemetry-tui reads (${BASELINE_VERSION}); save the baseline again`};
	const parsed = baselineSchema.safeParse(data);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		return {error: `${name}: damaged baseline: ${issue.path.join('.') || '(top)'}: ${issue.message}`};
	}
	for (const spec of DIFF_SPECS) {
		const rows = parsed.data.summary.views[spec.name];
		if (!rows) return {error: `${name}: damaged baseline: summary.views.${spec.name} is missing`};
		const bad = rows.findIndex((r) => spec.keys.some((k) => !(k in r)));
		if (bad >= 0) return {error: `${name}: damaged baseline: summary.views.${spec.name}.${bad} lacks ${spec.keys.filter((k) => !(k in rows[bad]!)).join(', ')}`};
	}
	return {baseline: parsed.data};
}

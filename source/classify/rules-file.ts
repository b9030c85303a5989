/**
`--rules FILE`: user rules that extend and override the built-in table. The file is JSON, either an
array of rules or `{"rules": [...]}`, each `{pattern, organization, category, party?, note?}`.
A bad file gives one error line naming the file, the field and what is wrong.
*/
import * as z from 'zod';
import {parseJsonText, readSmallFile} from '../input/small-file.js';
import {categorySchema, partySchema} from '../model/records.js';
import type {HostRule} from './rules.js';

const ruleSchema = z.strictObject({
	pattern: z.string().min(1).regex(/^[A-Za-z0-9*.:_-]+$/, 'a host name, `*.suffix` or a glob with *'),
	organization: z.string().min(1),
	category: categorySchema,
	party: partySchema.optional(),
	note: z.string().optional(),
	breaksPlayback: z.boolean().optional(),
	samples: z.array(z.string()).optional(),
});
const fileSchema = z.union([z.array(ruleSchema), z.strictObject({rules: z.array(ruleSchema)})]);

export type RulesResult = {ok: true; rules: HostRule[]} | {ok: false; error: string};

/** Parse rules from JSON text; `file` names the source in the error. */
export function parseRules(text: string, file: string): RulesResult {
	const parsed = parseJsonText(text, file);
	if (!parsed.ok) return parsed;
	const result = fileSchema.safeParse(parsed.json);
	if (!result.success) {
		// Report the issue of the branch that got furthest (the deepest path).
		const issues = result.error.issues.flatMap((i) => (i.code === 'invalid_union' ? i.errors.flat() : [i]));
		const issue = issues.sort((a, b) => b.path.length - a.path.length)[0];
		const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
		return {ok: false, error: `${file}: ${where}: ${issue?.message ?? 'invalid rules file'}`};
	}
	return {ok: true, rules: Array.isArray(result.data) ? result.data : result.data.rules};
}

/** A rules file is read whole: at most this many bytes (thousands of rules fit in a fraction of it). */
export const MAX_RULES_BYTES = 4 * 1024 * 1024;

/** Read and parse a rules file: a regular file of at most `MAX_RULES_BYTES`. */
export function loadRulesFile(path: string, maxBytes = MAX_RULES_BYTES): RulesResult {
	const file = readSmallFile(path, maxBytes, 'a rules file');
	if (!file.ok) return {ok: false, error: `${path}: ${file.error}`};
	return parseRules(file.text, path);
}

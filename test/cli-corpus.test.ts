/**
The nasty-input corpus (test/corpus/), one table-driven test through the built CLI: for each file, the
exit code, the number of records, the required stderr messages (expectations.json, and the `corpus` cases a
format's test/fixtures/<folder>/fixtures.json carries), and for all of them
terminal-safe output and stderr lines only in the located form.
*/
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {z} from 'zod';
import {CORPUS, HAVE_CLI, ROOT, runCli, terminalProblems, tmpDir} from './corpus/harness.js';
import {FOLDER_CORPUS} from './helpers/format-inputs.js';
import {BIG, FILES_DIR, SMALL, writeBig} from './corpus/generate.js';

const caseSchema = z
	.object({
		file: z.string(),
		format: z.string().optional(),
		about: z.string(),
		big: z.boolean().optional(),
		via: z.enum(['path', 'stdin']).optional(),
		args: z.array(z.string()).optional(),
		exit: z.number().int(),
		records: z.number().int().nonnegative().optional(),
		minRecords: z.number().int().nonnegative().optional(),
		stderr: z.array(z.string()).optional(),
		quiet: z.boolean().optional(),
	})
	.strict();
const CASES = z.object({$comment: z.string(), cases: z.array(caseSchema)}).parse(JSON.parse(readFileSync(join(CORPUS, 'expectations.json'), 'utf8'))).cases;
/** The cases fixtures folders carry, with their files there. */
const FOLDER_CASES = FOLDER_CORPUS.map((c) => ({...caseSchema.parse(c.case), path: join(ROOT, c.path)}));

/** A stderr line the CLI may write: a located message, or the count of those not shown. */
const LOCATED = /^telemetry-tui: (?:.+?(?::\d+| entry #\d+| packet \d+ at byte offset \d+| at byte offset \d+)?): (?:error|warning|info): .+$|^telemetry-tui: … and [\d,]+ more diagnostics/;

let bigDir = '';
beforeAll(() => {
	bigDir = tmpDir('ttui-corpus-');
	writeBig(bigDir);
});

describe('the corpus itself', () => {
	it('has at least 25 cases and every file has an expectation and the other way round', () => {
		expect(CASES.length).toBeGreaterThanOrEqual(25);
		const named = new Set(CASES.map((c) => c.file));
		expect([...named].sort()).toEqual([...Object.keys(SMALL), ...Object.keys(BIG)].sort());
		expect(readdirSync(FILES_DIR).sort()).toEqual(Object.keys(SMALL).sort());
	});

	it('the committed files are what generate.ts writes (regenerate with npx tsx test/corpus/generate.ts)', () => {
		for (const [name, content] of Object.entries(SMALL)) expect(readFileSync(join(FILES_DIR, name)).equals(Buffer.from(content)), name).toBe(true);
	});

	it('stays small in the repository (big cases are generated at run time)', () => {
		const total = readdirSync(FILES_DIR).reduce((sum, f) => sum + readFileSync(join(FILES_DIR, f)).length, 0);
		expect(total).toBeLessThan(200 * 1024);
	});
});

describe.skipIf(!HAVE_CLI)('the corpus through the built CLI', () => {
	const all = [...CASES.map((c) => ({...c, path: ''})), ...FOLDER_CASES];
	it.each(all.map((c) => [`${c.file}${c.via === 'stdin' ? ' (stdin)' : ''}: ${c.about}`, c] as const))('%s', (_name, c) => {
		const path = c.path || join(c.big ? bigDir : FILES_DIR, c.file);
		expect(existsSync(path)).toBe(true);
		const args = ['--print', '--view', 'records', '--output', 'ndjson', ...(c.args ?? [])];
		const r = c.via === 'stdin' ? runCli(args, {input: readFileSync(path)}) : runCli([...args, path]);
		expect(r.status, r.err.slice(0, 1000)).toBe(c.exit);
		const records = r.out.split('\n').filter(Boolean);
		if (c.records !== undefined) expect(records).toHaveLength(c.records);
		if (c.minRecords !== undefined) expect(records.length).toBeGreaterThanOrEqual(c.minRecords);
		for (const part of c.stderr ?? []) expect(r.err, part).toContain(part);
		if (c.quiet) expect(r.err).toBe('');
		for (const line of r.err.split('\n').filter(Boolean)) expect(line).toMatch(LOCATED);
		expect(terminalProblems(r.stdout)).toEqual([]);
		expect(terminalProblems(r.stderr)).toEqual([]);
	}, 180_000); // the generated 200,000-line case takes tens of seconds on a loaded 2-core machine
});

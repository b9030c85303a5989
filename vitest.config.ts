import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {availableParallelism, tmpdir} from 'node:os';
import {join} from 'node:path';
import {defineConfig} from 'vitest/config';

/**
Three tiers (see CONTRIBUTING.md):
- unit: in-process tests, no built binary, no terminal, no large generated inputs — the inner loop
  (`npm run test:unit`, under 30 s). Property tests try a tenth of their cases here (test/helpers/tier.ts).
  The files share one module graph per worker (`isolate: false`): loading Ink, React and zod once instead of
  once per file halves the tier. A test file that changes the process (environment, working folder) restores it.
- e2e: the built binary (`dist/cli.js`) in a shell, a pipe or tmux; the build runs first
  (test/helpers/build.ts), so the binary under test is never stale;
- slow: `*.slow.test.ts` — million-record runs, 1 MB lines, growth checks, generated large logs — and every
  test file that imports test/helpers/tier.ts again at full strength (all property cases, the large inputs).
`npm test` runs all three, each file once and at full strength (GATE below).
*/
const E2E = [
	'test/binary.test.ts',
	'test/cli-corpus.test.ts',
	'test/cli-errors.test.ts',
	'test/cli-process.test.ts',
	'test/e2e-cli.test.ts',
	'test/e2e-diff.test.ts',
	'test/e2e-startup.test.ts',
	'test/e2e-ux.test.ts',
	'test/e2e-mouse.test.ts',
	'test/e2e-tui.test.ts',
	'test/hostile-terminal.test.ts',
	'test/no-network.test.ts',
	'test/report-browser.test.ts',
];
const SLOW = ['test/**/*.slow.test.ts', 'test/**/*.slow.test.tsx'];
// The slow files that time themselves (growth ratios): in the gate they run after every other file, alone,
// so that nothing beside them skews a ratio. The other slow files run in the gate's shared pool.
const TIMED = readdirSync('test')
	.filter((f) => /\.slow\.test\.tsx?$/.test(f) && /performance\.now\(|process\.hrtime/.test(readFileSync(join('test', f), 'utf8')))
	.map((f) => `test/${f}`);
// Unit test files that scale with the tier (they import test/helpers/tier.ts, or parse.ts which uses it): the
// slow tier runs them again at full strength.
const TIERED = readdirSync('test')
	.filter((f) => /\.test\.tsx?$/.test(f) && !/\.slow\.test\./.test(f) && !E2E.includes(`test/${f}`))
	.filter((f) => /from '\.\/helpers\/(tier|parse)\.js'/.test(readFileSync(join('test', f), 'utf8')))
	.map((f) => `test/${f}`);
// Vitest's default on two cores is one worker; the main process is idle while tests run, so use both.
const WORKERS = Math.max(2, availableParallelism() - 1);
/**
The gate (`npm test`: every project, no `--project`) runs each unit file once, at full strength, in the unit
project — not a tenth of it there and all of it again in the slow project — and the end-to-end files beside
them: those mostly wait on a child process or a terminal, so they share one pool of workers with the
in-process files (one more worker than cores keeps the CPU busy while they wait). The slow project holds
only the `*.slow` files; those that do not time themselves (large generated inputs, backtracking fuzz,
3,000 files) join the same pool, and the ones that do (TIMED: growth ratios) run last, one at a time, as
the project `timed`. `--project unit` and `--project slow` are the tiers as described above.
*/
const GATE = !process.argv.some((a) => a === '--project' || a.startsWith('--project='));
const FULL_ENV = {TELEMETRY_TUI_FULL_TESTS: '1'};
const GATE_WORKERS = WORKERS + 1;
// The config folder (mask key, review marks) of every test, in process or spawned: a temporary one, never
// the real home.
const CONFIG_HOME = process.env['TELEMETRY_TUI_TEST_CONFIG_HOME'] ?? mkdtempSync(join(tmpdir(), 'telemetry-tui-test-config-'));
process.env['TELEMETRY_TUI_TEST_CONFIG_HOME'] = CONFIG_HOME;
/** The slow files' environment: as the unit tier's (the files it runs again must see the same colours and React build), at full strength. */
const SLOW_ENV = {XDG_CONFIG_HOME: CONFIG_HOME, FORCE_COLOR: '1', NODE_ENV: 'production', ...FULL_ENV};
// A fixed mask key there, so masks in golden files (diffs, reports) are the same in every run; tests of
// the key itself use folders of their own.
mkdirSync(join(CONFIG_HOME, 'telemetry-tui'), {recursive: true, mode: 0o700});
if (!existsSync(join(CONFIG_HOME, 'telemetry-tui', 'mask-key'))) writeFileSync(join(CONFIG_HOME, 'telemetry-tui', 'mask-key'), `${'7e57'.repeat(16)}\n`, {mode: 0o600});

export default defineConfig({
	// JSX compiled as for production (no jsxDEV calls), and NODE_ENV=production in the unit tier: the tests
	// run React's production build, as the CLI does (source/cli.ts sets NODE_ENV, the bundle defines it). The
	// development build cost the frame tests about a fifth more CPU (tui-app + tui-ux: 24.5 s → 20.4 s).
	oxc: {jsx: {runtime: 'automatic', development: false}},
	test: {
		environment: 'node',
		pool: 'forks',
		// Ink's libraries with the bundle's patches (scripts/ink-patches.mjs): the frame tests draw with the code that
		// ships, and its fast paths cut their CPU time.
		execArgv: ['--import', join(import.meta.dirname, 'scripts', 'ink-patches-hook.mjs')],
		testTimeout: 30_000,
		// The bundle's code cache (source/cli/code-cache.ts) too goes to a temporary folder, never the real home.
		env: {XDG_CONFIG_HOME: CONFIG_HOME, XDG_CACHE_HOME: join(CONFIG_HOME, 'cache')},
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					// Projects with their own worker counts run one after another (Vitest requires distinct groups).
					sequence: {groupOrder: 0},
					include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
					exclude: [...E2E, ...SLOW],
					isolate: false,
					maxWorkers: GATE ? GATE_WORKERS : WORKERS,
					// Colours are decided once, when chalk loads with Ink — with a shared module graph, for all
					// files: on, so that the UI's noColor (NO_COLOR) is what turns them off.
					env: {XDG_CONFIG_HOME: CONFIG_HOME, FORCE_COLOR: '1', NODE_ENV: 'production', ...(GATE ? FULL_ENV : {})},
					...(GATE ? {testTimeout: 300_000} : {}),
				},
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					sequence: {groupOrder: GATE ? 0 : 1},
					include: E2E,
					globalSetup: ['test/helpers/build.ts'],
					// A test here runs the CLI tens of times; on a loaded two-core machine beside other files that takes minutes.
					testTimeout: 180_000,
					...(GATE ? {maxWorkers: GATE_WORKERS} : {}),
				},
			},
			{
				extends: true,
				test: {
					name: 'slow',
					sequence: {groupOrder: GATE ? 0 : 2},
					include: GATE ? SLOW : [...SLOW, ...TIERED],
					exclude: GATE ? TIMED : [],
					env: SLOW_ENV,
					globalSetup: ['test/helpers/build.ts'],
					testTimeout: 300_000,
					...(GATE ? {maxWorkers: GATE_WORKERS} : {}),
				},
			},
			...(GATE
				? [
						{
							extends: true as const,
							// One file at a time: a ratio measured beside another timed file is skewed by it.
							test: {name: 'timed', sequence: {groupOrder: 2}, include: TIMED, maxWorkers: 1, env: SLOW_ENV, globalSetup: ['test/helpers/build.ts'], testTimeout: 300_000},
						},
					]
				: []),
		],
	},
});

import {defineConfig} from 'vitest/config';

/**
Three tiers (see CONTRIBUTING.md):
- unit: in-process tests, no built binary, no terminal, no large generated inputs — the inner loop
  (`npm run test:unit`);
- e2e: the built binary (`dist/cli.js`) in a shell, a pipe or tmux; the build runs first
  (test/helpers/build.ts), so the binary under test is never stale;
- slow: `*.slow.test.ts` — million-record runs, 1 MB lines, growth checks, generated large logs.
`npm test` runs all three.
*/
const E2E = [
	'test/binary.test.ts',
	'test/cli-corpus.test.ts',
	'test/cli-errors.test.ts',
	'test/cli-process.test.ts',
	'test/e2e-cli.test.ts',
	'test/e2e-startup.test.ts',
	'test/e2e-ux.test.ts',
	'test/e2e-tui.test.ts',
	'test/hostile-terminal.test.ts',
	'test/no-network.test.ts',
];
const SLOW = ['test/**/*.slow.test.ts', 'test/**/*.slow.test.tsx'];

export default defineConfig({
	test: {
		environment: 'node',
		pool: 'forks',
		testTimeout: 30_000,
		projects: [
			{extends: true, test: {name: 'unit', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], exclude: [...E2E, ...SLOW]}},
			{extends: true, test: {name: 'e2e', include: E2E, globalSetup: ['test/helpers/build.ts']}},
			{extends: true, test: {name: 'slow', include: SLOW, globalSetup: ['test/helpers/build.ts'], testTimeout: 300_000}},
		],
	},
});

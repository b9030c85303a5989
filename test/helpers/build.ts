/**
Global setup of the end-to-end and slow tiers: build `dist/` from the sources before any test runs the
binary, so a test never runs a stale build, and a build that fails fails the run (nothing is skipped).
Runs once per `vitest run` (also when several projects ask for it: the second call is a no-op).

Two builds, both with esbuild, in about a second together:
- `dist/<module>.js`, each source file on its own, as `npm run build` lays them out (`node dist/cli.js`,
  the README's development command). esbuild only strips the types (the tsconfig's `isolatedModules` and
  `verbatimModuleSyntax` make that exact); the type check is `npm run typecheck`, which `npm test` runs
  first. `npm run build` (tsc, with the check) stayed the build of the package (`prepack`): running tsc
  here too cost ≈ 18 s of CPU a run for a second check of the same sources.
- `dist/telemetry-tui.mjs` (`npm run bundle`): the one file the package's `bin` names, what `npx` users run.
  Most end-to-end tests run it (test/corpus/harness.ts): half the CPU of a start of `dist/cli.js`.
*/
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {build} from 'esbuild';

let built = false;

export default async function setup(): Promise<void> {
	if (built) return;
	const root = join(import.meta.dirname, '../..');
	const sources = readdirSync(join(root, 'source'), {recursive: true, encoding: 'utf8'})
		.filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
		.map((f) => join(root, 'source', f));
	try {
		await build({
			entryPoints: sources,
			outdir: join(root, 'dist'),
			outbase: join(root, 'source'),
			tsconfig: join(root, 'tsconfig.build.json'),
			format: 'esm',
			platform: 'node',
			target: 'node20',
			jsx: 'automatic',
			logLevel: 'silent',
		});
	} catch (error) {
		throw new Error(`the build failed, so the binary cannot be tested:\n${error instanceof Error ? error.message : String(error)}`);
	}
	const bundle = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], {cwd: root, encoding: 'utf8', stdio: 'pipe'});
	if (bundle.status !== 0) throw new Error(`the bundle failed, so the binary cannot be tested:\n${bundle.stdout}${bundle.stderr}`);
	built = true;
}

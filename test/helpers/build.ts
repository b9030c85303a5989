/**
Global setup of the end-to-end and slow tiers: build `dist/` from the sources before any test runs the
binary, so a test never runs a stale build, and a build that fails fails the run (nothing is skipped).
Runs once per `vitest run` (also when several projects ask for it: the second build finds nothing newer).
*/
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';

export default function setup(): void {
	const root = join(import.meta.dirname, '../..');
	const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {cwd: root, encoding: 'utf8', stdio: 'pipe'});
	if (build.status !== 0) throw new Error(`the build failed, so the binary cannot be tested:\n${build.stdout}${build.stderr}`);
}

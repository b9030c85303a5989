/**
`npm start`: build `dist/` only when a source (or the build configuration) is newer than it, then run
the built CLI in this process (no second Node start-up). Arguments after `--` go to the CLI; without
any, it opens the bundled sample.
*/
import {spawnSync} from 'node:child_process';
import {readdirSync, statSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';

const root = resolve(import.meta.dirname, '..');
const target = join(root, 'dist', 'cli.js');

/** The newest modification time (ms) under a folder or of a file; 0 when absent. */
function newest(path) {
	let stat;
	try {
		stat = statSync(path);
	} catch {
		return 0;
	}
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = stat.mtimeMs;
	for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
	return latest;
}

const built = newest(target);
const sources = Math.max(newest(join(root, 'source')), newest(join(root, 'tsconfig.json')), newest(join(root, 'tsconfig.build.json')), newest(join(root, 'package.json')));
if (built === 0 || sources > built) {
	process.stderr.write('telemetry-tui: sources changed; building dist/ …\n');
	const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], {stdio: 'inherit'});
	if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

const args = process.argv.slice(2);
process.argv = [process.argv[0], target, ...(args.length > 0 ? args : [join(root, 'samples', 'plex-web-session.har')])];
await import(pathToFileURL(target).href);

/**
Peak memory and CPU of the interactive UI itself on a large input: the bundle (or any `--cli`) runs in a
real terminal (tmux, 200×50 unless `--size`), Destinations is asked for at once (`2`), and when the status
line says every record is read (`records from`), `Q` quits. `/usr/bin/time` gives the wall time, CPU and
peak RSS. In the same run, as the reference, the same program's `--print` of four views on the same file:
the pipeline and store without frames. Several `--cli` are measured in turns (run 1 of each, run 2 of each),
so a changing load falls on each alike; the load average is printed with the figures.

  node --import tsx bench/ui-memory.ts FILE [--runs 1] [--size 200x50] [--cli dist/telemetry-tui.mjs]…

The 250 MB dnsmasq log of the README's row is `bench/data/dnsmasq-1230000.log` (`bench/generate.ts`). The
goal is the guide's: < 300 MB on inputs of any size.
*/
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!file || !existsSync(file)) throw new Error('usage: bench/ui-memory.ts FILE [--runs N] [--size 200x50] [--cli dist/telemetry-tui.mjs]…');
const runs = Number(option('--runs')) || 1;
const [columns, rows] = (option('--size') ?? '200x50').split('x').map(Number) as [number, number];
const named = args.flatMap((a, i) => (a === '--cli' && args[i + 1] ? [resolve(args[i + 1]!)] : []));
const clis = named.length > 0 ? named : [join(ROOT, 'dist/telemetry-tui.mjs')];
for (const cli of clis) if (!existsSync(cli)) throw new Error(`${cli} is missing: npm run build && npm run bundle`);
if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is needed');
if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed (Debian: apt install time)');

// A tmux server of the benchmark's own, ended with it (as bench/startup.ts).
const SOCKET = `ttui-uimem-${process.pid}`;
const tmux = (...a: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...a], {encoding: 'utf8'});
tmux('new-session', '-d', '-s', 'keeper', 'sleep 100000');
process.once('exit', () => spawnSync('tmux', ['-L', SOCKET, 'kill-server']));

type Figures = {wall: number; cpu: number; rssMB: number; done: boolean};

/** `/usr/bin/time -f '%e %U %S %M'`'s line: wall s, user s, system s, peak RSS KB. */
function timed(path: string, done: boolean): Figures {
	const [wall, user, sys, kb] = readFileSync(path, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
	return {wall, cpu: user + sys, rssMB: kb / 1024, done};
}

function ui(cli: string, n: number): Figures {
	const name = `ui-${n}`;
	const out = join(tmpdir(), `ttui-uimem-${process.pid}-${n}.time`);
	tmux('new-session', '-d', '-x', String(columns), '-y', String(rows), '-s', name, '-c', ROOT, 'sh', '-c', `unset CI; /usr/bin/time -f '%e %U %S %M' -o ${out} node ${cli} ${resolve(file!)}; sleep 100000`);
	try {
		spawnSync('sleep', ['1']);
		tmux('send-keys', '-t', name, '2');
		let done = false;
		// Until every record is read (the status line's "N records from K inputs"), at most an hour.
		for (const started = Date.now(); !done && Date.now() - started < 3_600_000; ) {
			spawnSync('sleep', ['2']);
			done = tmux('capture-pane', '-p', '-t', name).includes(' records from ');
		}
		tmux('send-keys', '-t', name, 'Q');
		for (let k = 0; k < 100 && !(existsSync(out) && readFileSync(out, 'utf8').trim() !== ''); k++) spawnSync('sleep', ['0.2']);
		return timed(out, done);
	} finally {
		tmux('kill-session', '-t', name);
		rmSync(out, {force: true});
	}
}

function print(cli: string, n: number): Figures {
	const out = join(tmpdir(), `ttui-uimem-${process.pid}-p${n}.time`);
	const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', out, 'node', cli, '--print', '--wide', '--view', 'destinations,devices,identifiers,policy', resolve(file!)], {stdio: ['ignore', 'ignore', 'ignore']});
	try {
		return timed(out, result.status === 0);
	} finally {
		rmSync(out, {force: true});
	}
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');
const row = (what: string, f: Figures): string =>
	`${what.padEnd(56)} ${f.wall.toFixed(1).padStart(7)} s ${f.cpu.toFixed(1).padStart(7)} s CPU ${f.rssMB.toFixed(0).padStart(5)} MB${f.rssMB >= 300 ? ' (≥ 300 MB)' : ''}${f.done ? '' : ' NOT FINISHED'}`;
console.log(`${file}: the UI at ${columns}×${rows} until read, and --print of four views; load average ${load()}`);
for (let r = 0; r < runs; r++) {
	for (const [k, cli] of clis.entries()) {
		const name = cli.startsWith(ROOT) ? cli.slice(ROOT.length + 1) : cli;
		console.log(row(`UI     ${name}`, ui(cli, r * clis.length + k)));
		console.log(row(`--print ${name}`, print(cli, r * clis.length + k)));
	}
	console.log(`load average ${load()}`);
}

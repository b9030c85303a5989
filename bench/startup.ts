/**
Start-up time of the interactive UI, measured in a real terminal (tmux): from Enter to (a) something on
screen, (b) the first frame of the UI (the tab bar), (c) the first useful frame (the overview of the
bundled sample with its verdict). Also checks that a key typed during start-up is acted on and not
echoed. Runs the built CLI (`dist/cli.js`, or `--bundle` for `dist/telemetry-tui.mjs`).

  node --import tsx bench/startup.ts [--runs 7] [--bundle] [--cli 'FILE']… [--cli 'NAME=VALUE… FILE']…

Several `--cli` files are measured in turns (run 1 of each, run 2 of each …), so a machine whose load
changes during the benchmark loads each alike; the load average is printed with the figures. A `--cli`
may start with environment variables, e.g. `--cli 'TELEMETRY_TUI_NO_CODE_CACHE=1 dist/telemetry-tui.mjs'`
to measure the bundle without its code cache beside it with one. Each is run once, unmeasured, before the
runs that count: the files are then in the page cache, and the bundle's code cache is written (as after
a user's first run; the bundle writes it at exit), for every one alike.

The pane runs `read; exec node …`: Enter ends the `read`, so shell start-up is not counted. The screen
is polled with `tmux capture-pane` (a few ms per poll), which bounds the resolution.
*/
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {cpus, loadavg} from 'node:os';
import {join} from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const bundle = args.includes('--bundle');
const named = args.flatMap((a, i) => (a === '--cli' && args[i + 1] ? [args[i + 1]!] : []));
const clis = named.length > 0 ? named : [bundle ? 'dist/telemetry-tui.mjs' : 'dist/cli.js'];
/** The file of a `--cli` (after its environment variables, if any). */
const fileOf = (cli: string): string => cli.trim().split(/\s+/).at(-1)!;
for (const cli of clis.map(fileOf)) if (!existsSync(join(ROOT, cli))) throw new Error(`${cli} is missing: npm run build${bundle ? ' && npm run bundle' : ''}`);
if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is needed');

// A tmux server of the benchmark's own (other programs' sessions on the default server come and go, and a
// client that meets the default server as it exits fails with "server exited unexpectedly"); a session
// that does nothing keeps it up between runs, and the server is ended with the benchmark.
const SOCKET = `ttui-startup-${process.pid}`;
const tmux = (...a: string[]): string => execFileSync('tmux', ['-L', SOCKET, ...a], {encoding: 'utf8'});
tmux('new-session', '-d', '-s', 'keeper', 'sleep 100000');
process.once('exit', () => spawnSync('tmux', ['-L', SOCKET, 'kill-server']));
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Run = {something: number; frame: number; useful: number; cpuSomething: number; cpuFrame: number; cpu: number; keyActed: boolean; echoed: boolean};

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN where there is none. */
function cpuMs(pid: number): number {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
		// utime and stime are fields 14 and 15 of stat (11 and 12 after the name); in clock ticks (100 a second).
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return Number.NaN;
	}
}

function once(cli: string, n: number): Run {
	const name = `ttui-startup-${process.pid}-${n}`;
	const words = cli.trim().split(/\s+/);
	const env = words.slice(0, -1);
	// `exec env … node` keeps the pane's process id too.
	const command = `read x; exec ${env.length > 0 ? `env ${env.join(' ')} ` : ''}node ${words.at(-1)} samples/plex-web-session.har`;
	tmux('new-session', '-d', '-x', '100', '-y', '30', '-s', name, '-c', ROOT, 'sh', '-c', `unset CI; ${command}`);
	try {
		// Let the shell reach `read`.
		spawnSync('sleep', ['0.3']);
		const t0 = performance.now();
		tmux('send-keys', '-t', name, 'Enter');
		// A key typed at once, while the UI is still starting: 2 = Destinations.
		tmux('send-keys', '-t', name, '2');
		let something = Number.NaN;
		let frame = Number.NaN;
		let useful = Number.NaN;
		let cpu = Number.NaN;
		let cpuSomething = Number.NaN;
		let cpuFrame = Number.NaN;
		let screen = '';
		// `exec node` keeps the pane's process id.
		const pid = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
		while (performance.now() - t0 < 15_000) {
			screen = tmux('capture-pane', '-p', '-t', name);
			const t = performance.now() - t0;
			if (Number.isNaN(something) && screen.trim() !== '') {
				something = t;
				cpuSomething = cpuMs(pid);
			}
			if (Number.isNaN(frame) && /\[\d [A-Z]/.test(screen)) {
				frame = t;
				cpuFrame = cpuMs(pid);
			}
			if (Number.isNaN(useful) && /\[2 Destinations\]/.test(screen) && /analytics\.plex\.tv/.test(screen)) {
				useful = t;
				cpu = cpuMs(pid);
				break;
			}
		}
		const echoed = /^2\s*$/m.test(screen) || screen.split('\n')[0]!.startsWith('2');
		return {something, frame, useful, cpuSomething, cpuFrame, cpu, keyActed: !Number.isNaN(useful), echoed};
	} finally {
		spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', name]);
	}
}

const results = new Map<string, Run[]>(clis.map((c) => [c, []]));
for (const cli of clis) once(cli, -1);
const load = [loadavg()[0]!];
for (let i = 0; i < runs; i++) for (const cli of clis) results.get(cli)!.push(once(cli, i));
load.push(loadavg()[0]!);
const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
for (const [cli, rs] of results) {
	console.log(`${cli}, ${runs} runs, 100×30 tmux pane, ${cpus().length} cores, load average ${load.map((l) => l.toFixed(1)).join(' → ')}`);
	console.log(`  something on screen:            ${fmt(rs.map((r) => r.something))}`);
	console.log(`  first frame (tab bar):          ${fmt(rs.map((r) => r.frame))}`);
	console.log(`  first useful frame (data, key): ${fmt(rs.map((r) => r.useful))}`);
	console.log(`  CPU time to something on screen: ${fmt(rs.map((r) => r.cpuSomething))}; to the first frame: ${fmt(rs.map((r) => r.cpuFrame))}`);
	console.log(`  CPU time to the useful frame:   ${fmt(rs.map((r) => r.cpu))} (10 ms ticks; what a loaded machine stretches into the wall time above)`);
	console.log(`  key typed during start-up acted on: ${rs.filter((r) => r.keyActed).length}/${runs}; echoed: ${rs.filter((r) => r.echoed).length}/${runs}`);
}

/**
Start-up time of the interactive UI, measured in a real terminal (tmux): from Enter to (a) something on
screen (the alternate screen with text in it), (b) the first frame of the UI (the tab bar), (c) the
first useful frame (Destinations of the bundled sample, asked for by a `2` typed at once). Also checks
that the key typed during start-up is acted on and not echoed. Runs the built CLI (`dist/cli.js`, or `--bundle` for `dist/telemetry-tui.mjs`).

  node --import tsx bench/startup.ts [--runs 7] [--bundle] [--cli 'FILE']… [--cli 'NAME=VALUE… FILE']…

Several `--cli` files are measured in turns (run 1 of each, run 2 of each …), so a machine whose load
changes during the benchmark loads each alike; the load average is printed with the figures. A `--cli`
may start with environment variables, e.g. `--cli 'TELEMETRY_TUI_NO_CODE_CACHE=1 dist/telemetry-tui.mjs'`
to measure the bundle without its code cache beside it with one. Each is run once, unmeasured, before the
runs that count: the files are then in the page cache, and the bundle's code cache is written (as after
a user's first run; the bundle writes it at exit), for every one alike.

The pane runs `read; exec node …`: Enter ends the `read`, so shell start-up is not counted. The pane's
output is timestamped as it arrives (`tmux pipe-pane`), with the CPU time the program has used by then
(from /proc, in 10 ms ticks). An earlier version polled the screen with `tmux capture-pane`, a tmux
process per poll, as fast as it could: on 2 busy cores that slowed the program it measured, and it took
the `2` the terminal echoes before the program starts (on the normal screen) for "something on screen".
*/
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, loadavg, tmpdir} from 'node:os';
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

/**
Stamps the pane's output as it arrives (tmux `pipe-pane` hands it to this script's stdin): for each chunk,
the wall clock (ms since the epoch, as the benchmark reads it), the CPU time the measured process has
used so far, and the bytes. Watching the output stream rather than polling the screen costs nothing while
the program starts (a poll is a tmux client process, which on 2 busy cores slowed what it measured), and
times each frame to when it was written.
*/
const STAMPER = `
const {appendFileSync, readFileSync} = require('node:fs');
const [pid, out] = process.argv.slice(2);
const cpu = () => { try { const f = readFileSync('/proc/' + pid + '/stat', 'utf8').replace(/^.*\\) /s, '').split(' '); return (Number(f[11]) + Number(f[12])) * 10; } catch { return NaN; } };
process.stdin.on('data', (chunk) => appendFileSync(out, JSON.stringify({t: performance.timeOrigin + performance.now(), cpu: cpu(), text: chunk.toString('latin1')}) + '\\n'));
`;

type Chunk = {t: number; cpu: number; text: string};
const stamper = join(tmpdir(), `ttui-startup-${process.pid}-stamper.cjs`);
writeFileSync(stamper, STAMPER);
process.once('exit', () => rmSync(stamper, {force: true}));

function once(cli: string, n: number): Run {
	const name = `ttui-startup-${process.pid}-${n}`;
	const words = cli.trim().split(/\s+/);
	const env = words.slice(0, -1);
	// `exec env … node` keeps the pane's process id too.
	const command = `read x; exec ${env.length > 0 ? `env ${env.join(' ')} ` : ''}node ${words.at(-1)} samples/plex-web-session.har`;
	tmux('new-session', '-d', '-x', '100', '-y', '30', '-s', name, '-c', ROOT, 'sh', '-c', `unset CI; ${command}`);
	const out = join(tmpdir(), `${name}.ndjson`);
	writeFileSync(out, '');
	try {
		const pid = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
		tmux('pipe-pane', '-t', name, `exec node ${stamper} ${pid} ${out}`);
		// Let the shell reach `read` and the stamper start.
		spawnSync('sleep', ['0.5']);
		const t0 = performance.timeOrigin + performance.now();
		tmux('send-keys', '-t', name, 'Enter');
		// A key typed at once, while the UI is still starting: 2 = Destinations.
		tmux('send-keys', '-t', name, '2');
		let something = Number.NaN;
		let frame = Number.NaN;
		let useful = Number.NaN;
		let cpu = Number.NaN;
		let cpuSomething = Number.NaN;
		let cpuFrame = Number.NaN;
		while (performance.timeOrigin + performance.now() - t0 < 15_000 && Number.isNaN(useful)) {
			spawnSync('sleep', ['0.05']);
			const chunks = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Chunk);
			let text = '';
			for (const c of chunks) {
				text += c.text;
				const t = c.t - t0;
				// Something on screen: the alternate screen entered and text written into it.
				const shown = text.slice(text.indexOf('\u001B[?1049h'));
				if (Number.isNaN(something) && text.includes('\u001B[?1049h') && /[A-Za-z]/.test(shown.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, ''))) {
					something = t;
					cpuSomething = c.cpu;
				}
				if (Number.isNaN(frame) && /\[\d [A-Z]/.test(shown)) {
					frame = t;
					cpuFrame = c.cpu;
				}
				const tab = shown.lastIndexOf('[2 Destinations]');
				if (Number.isNaN(useful) && tab >= 0 && shown.indexOf('analytics.plex.tv', tab) >= 0) {
					useful = t;
					cpu = c.cpu;
					break;
				}
			}
		}
		const screen = tmux('capture-pane', '-p', '-t', name);
		const echoed = /^2\s*$/m.test(screen) || screen.split('\n')[0]!.startsWith('2');
		return {something, frame, useful, cpuSomething, cpuFrame, cpu, keyActed: !Number.isNaN(useful) && screen.includes('[2 Destinations]'), echoed};
	} finally {
		spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', name]);
		rmSync(out, {force: true});
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

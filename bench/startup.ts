/**
Start-up time of the interactive UI, measured in a real terminal (tmux): from Enter to (a) something on
screen, (b) the first frame of the UI (the tab bar), (c) the first useful frame (the overview of the
bundled sample with its verdict). Also checks that a key typed during start-up is acted on and not
echoed. Runs the built CLI (`dist/cli.js`, or `--bundle` for `dist/telemetry-tui.mjs`).

  node --import tsx bench/startup.ts [--runs 7] [--bundle]

The pane runs `read; exec node …`: Enter ends the `read`, so shell start-up is not counted. The screen
is polled with `tmux capture-pane` (a few ms per poll), which bounds the resolution.
*/
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 7;
const bundle = args.includes('--bundle');
const cli = bundle ? 'dist/telemetry-tui.mjs' : 'dist/cli.js';
if (!existsSync(join(ROOT, cli))) throw new Error(`${cli} is missing: npm run build${bundle ? ' && npm run bundle' : ''}`);
if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is needed');

const tmux = (...a: string[]): string => execFileSync('tmux', a, {encoding: 'utf8'});
const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Run = {something: number; frame: number; useful: number; keyActed: boolean; echoed: boolean};

function once(n: number): Run {
	const name = `ttui-startup-${process.pid}-${n}`;
	const command = `read x; exec node ${cli} samples/plex-web-session.har`;
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
		let screen = '';
		while (performance.now() - t0 < 15_000) {
			screen = tmux('capture-pane', '-p', '-t', name);
			const t = performance.now() - t0;
			if (Number.isNaN(something) && screen.trim() !== '') something = t;
			if (Number.isNaN(frame) && /\[\d [A-Z]/.test(screen)) frame = t;
			if (Number.isNaN(useful) && /\[2 Destinations\]/.test(screen) && /analytics\.plex\.tv/.test(screen)) {
				useful = t;
				break;
			}
		}
		const echoed = /^2\s*$/m.test(screen) || screen.split('\n')[0]!.startsWith('2');
		return {something, frame, useful, keyActed: !Number.isNaN(useful), echoed};
	} finally {
		spawnSync('tmux', ['kill-session', '-t', name]);
	}
}

const results: Run[] = [];
for (let i = 0; i < runs; i++) results.push(once(i));
const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
console.log(`${cli}, ${runs} runs, 100×30 tmux pane`);
console.log(`  something on screen:            ${fmt(results.map((r) => r.something))}`);
console.log(`  first frame (tab bar):          ${fmt(results.map((r) => r.frame))}`);
console.log(`  first useful frame (data, key): ${fmt(results.map((r) => r.useful))}`);
console.log(`  key typed during start-up acted on: ${results.filter((r) => r.keyActed).length}/${runs}; echoed: ${results.filter((r) => r.echoed).length}/${runs}`);

/**
Start-up in a real terminal (tmux): the single-file bundle gives the same answers as the build, keys
typed while the UI starts are acted on and never echoed, and something is on screen before Ink has
loaded. Timing itself is measured in bench/startup.ts (machines here are shared and noisy).
*/
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, startTmux, type Session} from './helpers/tmux.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = 'samples/plex-web-session.har';

describe('the bundled binary', () => {
	beforeAll(() => {
		execFileSync('node', ['scripts/bundle.mjs'], {cwd: ROOT, stdio: 'pipe'});
	}, 120_000);

	it('prints what the build prints', () => {
		for (const args of [['--print', '--output', 'json', '--view', 'destinations,devices', SAMPLE], ['--print', '--view', 'records', '--tz', 'UTC', SAMPLE], ['--version']]) {
			const built = spawnSync('node', ['dist/cli.js', ...args], {cwd: ROOT, encoding: 'utf8'});
			const bundled = spawnSync('node', ['dist/telemetry-tui.mjs', ...args], {cwd: ROOT, encoding: 'utf8'});
			expect(bundled.status).toBe(0);
			expect(bundled.stdout).toBe(built.stdout);
		}
	});

	// The bundle compiles its program with a V8 code cache (source/cli/code-cache.ts): written by the first
	// run, used by the next; a damaged cache, or a cache folder that cannot be, changes nothing but speed.
	it('gives the same output with no code cache, a fresh one, a damaged one and none possible', () => {
		const home = mkdtempSync(join(tmpdir(), 'ttui-cache-home-'));
		try {
			const args = ['--print', '--output', 'json', '--view', 'destinations', SAMPLE];
			const bundled = (cacheHome: string): string => {
				const r = spawnSync('node', ['dist/telemetry-tui.mjs', ...args], {cwd: ROOT, encoding: 'utf8', env: {...process.env, XDG_CACHE_HOME: cacheHome}});
				expect(r.stderr).toBe('');
				expect(r.status).toBe(0);
				return r.stdout;
			};
			const expected = spawnSync('node', ['dist/cli.js', ...args], {cwd: ROOT, encoding: 'utf8'}).stdout;
			const dir = join(home, 'telemetry-tui');
			expect(bundled(home)).toBe(expected);
			const files = readdirSync(dir).filter((f) => f.endsWith('-print.v8cache'));
			expect(files).toHaveLength(1);
			const file = join(dir, files[0]!);
			const written = statSync(file).mtimeMs;
			// Used, not written again.
			expect(bundled(home)).toBe(expected);
			expect(statSync(file).mtimeMs).toBe(written);
			// Damaged in the middle: not used, and written again.
			const bytes = readFileSync(file);
			bytes.fill(0x5a, bytes.length >> 1, (bytes.length >> 1) + 64);
			writeFileSync(file, bytes);
			expect(bundled(home)).toBe(expected);
			expect(readFileSync(file).equals(bytes)).toBe(false);
			// A cache folder that cannot be made (a file where it would be).
			const blocked = join(home, 'blocked');
			writeFileSync(blocked, '');
			expect(bundled(blocked)).toBe(expected);
		} finally {
			rmSync(home, {recursive: true, force: true});
		}
	});
});

describe.skipIf(!hasTmux())('start-up in a terminal', () => {
	const sessions: Session[] = [];
	afterEach(() => {
		for (const s of sessions.splice(0)) s.kill();
	});

	it.each(['dist/cli.js', 'dist/telemetry-tui.mjs'])('%s: something on screen at once; keys typed while starting are acted on, not echoed', async (cli) => {
		const s = startTmux(`read x; node ${cli} ${SAMPLE}`, {columns: 100, rows: 30, cwd: ROOT});
		sessions.push(s);
		await new Promise((resolve) => setTimeout(resolve, 300));
		// Enter starts the program; something is on screen at once (a placeholder while Ink loads, or the UI).
		s.keys('Enter');
		const first = await s.waitFor((text) => text.trim() !== '', 30_000);
		expect(first).toMatch(/telemetry-tui · starting · reading samples\/plex-web-session\.har|\[\d [A-Z]/);
		// A filter is typed at once, while the UI may still be loading: `/`, the text, Enter, then `2`.
		s.type('/party:third');
		s.keys('Enter', '2');
		const echoed = s.capture();
		expect(echoed).not.toMatch(/^\/party:third/m);
		const screen = await s.waitFor((text) => text.includes('[2 Destinations]') && text.includes('filter: party:third') && /flashtalking|typekit/.test(text), 30_000);
		// Only third parties: no Plex host is listed.
		expect(screen).not.toContain('analytics.plex.tv');
		expect(screen.split('\n')[0]).not.toContain('/party');
		await s.pressUntil('Q', 'EXITED 0');
	}, 60_000);

	// The first frame is drawn as plain text before Ink is loaded (source/tui/first-frame.ts), with the
	// keys typed so far that pick a view applied; Ink then draws over it, and nothing may change.
	it('the first frame, drawn before Ink, is the frame Ink then draws, colours included', async () => {
		const s = startTmux(`read x; FORCE_COLOR=1 node dist/telemetry-tui.mjs --tz UTC ${SAMPLE}`, {columns: 100, rows: 30, cwd: ROOT});
		sessions.push(s);
		await new Promise((resolve) => setTimeout(resolve, 300));
		s.keys('Enter', '2');
		const capture = (): string => execFileSync('tmux', ['capture-pane', '-e', '-p', '-t', s.name], {encoding: 'utf8'});
		let first = '';
		// The whole frame: tmux may show it before the last lines (status, keys) have arrived.
		for (const deadline = Date.now() + 30_000; Date.now() < deadline && !(/\[\d [A-Z]/.test(first) && /quit/.test(first)); ) first = capture();
		expect(first).toContain('[2 Destinations]');
		expect(first).toContain('analytics.plex.tv');
		expect(first).toContain('\u001B[');
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect(capture()).toBe(first);
		// The UI has the keys now: `3` goes on from the view the first frame showed.
		s.keys('3');
		await s.waitFor('[3 Formats]');
		s.keys('Q');
		await s.waitFor('EXITED 0');
	}, 60_000);

	// The bundle patches Ink's frame-to-text step (a fast path for a cell with its neighbour's styles,
	// scripts/bundle.mjs): the frames must be the very same, colours and attributes included.
	it('the bundle draws the same frames as the build, colours included', async () => {
		const frames: string[][] = [];
		for (const cli of ['dist/cli.js', 'dist/telemetry-tui.mjs']) {
			const s = startTmux(`FORCE_COLOR=1 node ${cli} --tz UTC ${SAMPLE}`, {columns: 120, rows: 30, cwd: ROOT});
			sessions.push(s);
			const shots: string[] = [];
			await s.waitFor('Verdict', 30_000);
			for (const key of ['2', '5', 'j', '8']) {
				s.keys(key);
				await s.waitFor((text) => text.split('\n')[0]!.includes(`[${key === 'j' ? '5' : key} `) && (key !== 'j' || /^›/m.test(text.split('\n').slice(3).join('\n'))));
				// Let the frame settle (the tab counts fill in), then capture with escapes (-e).
				await new Promise((resolve) => setTimeout(resolve, 800));
				shots.push(execFileSync('tmux', ['capture-pane', '-e', '-p', '-t', s.name], {encoding: 'utf8'}));
			}
			await s.pressUntil('Q', 'EXITED 0');
			frames.push(shots);
		}
		expect(frames[0]!.some((f) => f.includes('\u001B['))).toBe(true);
		expect(frames[1]).toEqual(frames[0]);
	}, 120_000);
});

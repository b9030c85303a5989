/**
The interactive UI in a real terminal (tmux), through the real `startInteractive` path: alternate
screen, raw-mode keys, keys from /dev/tty while data comes on stdin, live updates from a pipe that
stays open, resize, quitting and restoring the terminal (also on SIGTERM), and the print fallback when
there is no terminal at all. Inputs use the test-only `test-ndjson` format of test/helpers/demo.ts, so
these run before any parser is merged; test/e2e-cli.test.ts covers the built binary on a real HAR.
*/
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import stringWidth from 'string-width';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {manyRequests, sessionRecords} from './helpers/ui-records.js';
import {hasTmux, startTmux, type Session} from './helpers/tmux.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEMO = 'node --import tsx test/helpers/demo.ts';
// Starting through tsx on a busy machine takes a while; everything after the first frame is quick.
const START_MS = 45_000;

describe.skipIf(!hasTmux())('interactive UI in a terminal (tmux)', () => {
	let dir: string;
	let small: string;
	let more: string;
	const sessions: Session[] = [];
	const start = (command: string, columns = 100, rows = 30): Session => {
		const s = startTmux(command, {columns, rows, cwd: ROOT});
		sessions.push(s);
		return s;
	};

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'tui-e2e-'));
		small = join(dir, 'session.ndjson');
		more = join(dir, 'more.ndjson');
		writeFileSync(small, `${sessionRecords().map((r) => JSON.stringify(r)).join('\n')}\n`);
		writeFileSync(more, `${[...manyRequests(500)].map((r) => JSON.stringify(r)).join('\n')}\n`);
	});
	afterEach(() => {
		for (const s of sessions.splice(0)) s.kill();
	});
	afterAll(() => rmSync(dir, {recursive: true, force: true}));

	it('opens on a file, takes keys, and restores the terminal on quit', async () => {
		const s = start(`${DEMO} ${small}`);
		await s.waitFor('Verdict', START_MS);
		await s.pressUntil('2', '[2 Destinations]');
		await s.pressUntil('/', 'filter /');
		s.type('party:third');
		let screen = await s.pressUntil('Enter', 'filter: party:third');
		expect(screen).toContain('www.google-analytics.com');
		expect(screen).not.toContain('analytics.plex.tv');
		await s.pressUntil('Escape', 'no filter');
		await s.pressUntil('8', '[8 Records]');
		screen = await s.pressUntil('Enter', 'Record 1 of 15');
		expect(screen).toContain('session.ndjson:1');
		screen = await s.pressUntil('Q', 'EXITED 0');
		// The alternate screen is gone: the shell's screen is back, with none of the UI on it.
		expect(screen).not.toContain('Destinations');
	}, 120_000);

	it('reads data from a pipe and keys from the terminal, and keeps updating while the pipe is open', async () => {
		// The shell waits for the whole pipeline (the writer sleeps on), so the UI's own exit is echoed inside.
		const s = start(`sh -c 'cat ${small}; sleep 2; cat ${more}; sleep 600' | (${DEMO}; echo "UI EXITED $?")`);
		await s.waitFor('reading <stdin>', START_MS);
		await s.pressUntil('2', '[2 Destinations]');
		// The second batch arrives while the UI is up: the table counts grow.
		const screen = await s.waitFor((text) => /› plex\.tv .* 86 /.test(text), 30_000);
		expect(screen).toContain('reading <stdin>');
		expect(screen).toMatch(/\/s/);
		s.keys('q');
		// Quitting does not wait for a pipe that never ends.
		await s.waitFor('UI EXITED 0');
	}, 120_000);

	it('redraws cleanly at a new size', async () => {
		const s = start(`${DEMO} ${small}`, 200, 60);
		await s.waitFor('Verdict', START_MS);
		let screen = await s.pressUntil('2', 'Organization');
		s.resize(60, 20);
		screen = await s.waitFor((text) => !text.includes('Organization') && text.includes('Host'));
		for (const line of screen.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(60);
		s.resize(100, 30);
		await s.waitFor('Category');
		await s.pressUntil('C-c', 'EXITED 0');
	}, 120_000);

	it('restores the terminal on SIGTERM', async () => {
		const s = start(`${DEMO} ${small}`);
		await s.waitFor('Verdict', START_MS);
		const pid = s.commandPid();
		expect(pid).toBeDefined();
		process.kill(pid!, 'SIGTERM');
		const screen = await s.waitFor('EXITED 143');
		expect(screen).not.toContain('Verdict');
		// Raw mode is off again: the shell echoes typed text.
		s.type('echo typed');
		await s.pressUntil('Enter', 'typed');
	}, 120_000);
});

describe('without a terminal for keys', () => {
	it('falls back to printing, with a note on stderr', () => {
		const dir = mkdtempSync(join(tmpdir(), 'tui-e2e-'));
		try {
			const file = join(dir, 'session.ndjson');
			writeFileSync(file, `${sessionRecords().map((r) => JSON.stringify(r)).join('\n')}\n`);
			// setsid: a new session with no controlling terminal, so /dev/tty cannot be opened.
			const result = spawnSync('setsid', ['-w', 'node', '--import', 'tsx', 'test/helpers/demo.ts'], {cwd: ROOT, input: `${sessionRecords().map((r) => JSON.stringify(r)).join('\n')}\n`, encoding: 'utf8', timeout: 90_000});
			expect(result.stderr).toContain('telemetry-tui: no terminal for keys; printing instead');
			expect(result.stdout).toContain('printed instead');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	}, 120_000);
});

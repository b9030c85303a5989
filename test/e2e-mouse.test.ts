/**
The mouse in a real terminal (tmux, 80×24), on the built binary and the bundled sample: the UI turns
mouse reports on (tmux knows: `#{mouse_standard_flag}`, `#{mouse_sgr_flag}`), the wheel scrolls, a click
selects a tab and a row, a double click opens it, clicks in the column chooser hide and show a column, a
double click on a top row of the overview opens its records, and the mouse mode is off again after quitting, after
SIGTERM and while suspended (Ctrl-z; back on SIGCONT, redrawn); `--no-mouse` never turns it on. tmux cannot make up mouse events for a pane, so the reports are
typed into it literally (`send-keys -l`), exactly as a terminal writes them.
*/
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {hasTmux, startTmux, type Session} from './helpers/tmux.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(ROOT, 'samples/plex-web-session.har');
const CLI = join(ROOT, 'dist/cli.js');

/** A mouse report as the terminal sends it: 0-based cell in, 1-based on the wire. */
const sgr = (code: number, x: number, y: number, press = true): string => `\u001B[<${code};${x + 1};${y + 1}${press ? 'M' : 'm'}`;
const click = (s: Session, x: number, y: number): void => s.type(sgr(0, x, y) + sgr(0, x, y, false));
/** The pane's mouse modes as tmux tracks them: standard (1000) and SGR (1006) reporting. */
const mouseFlags = (s: Session): string => execFileSync('tmux', ['display-message', '-p', '-t', s.name, '#{mouse_standard_flag}#{mouse_sgr_flag}'], {encoding: 'utf8'}).trim();
/** The cursor row's line on screen (the one marked ›). */
const cursorLine = (screen: string): number => screen.split('\n').findIndex((line) => line.startsWith('›'));

describe.skipIf(!hasTmux() || !existsSync(CLI))('the mouse in tmux, at 80×24', () => {
	const sessions: Session[] = [];
	afterEach(() => {
		for (const s of sessions.splice(0)) s.kill();
	});
	const start = (flags = ''): Session => {
		const dir = mkdtempSync(join(tmpdir(), 'ttui-mouse-e2e-'));
		const s = startTmux(`XDG_CONFIG_HOME=${join(dir, 'config')} node ${CLI} ${flags} ${SAMPLE}`, {columns: 80, rows: 24, cwd: dir});
		sessions.push(s);
		return s;
	};

	it('wheel, click on a tab and a row, double click; the mouse mode is given back on quitting', async () => {
		const s = start();
		let screen = await s.waitFor('Verdict', 30_000);
		expect(mouseFlags(s)).toBe('11');
		// The Destinations tab, where this width puts it.
		const tab = screen.split('\n')[0]!.indexOf('2 Dest');
		expect(tab).toBeGreaterThan(0);
		click(s, tab + 1, 0);
		screen = await s.waitFor((text) => text.includes('[2 Destinations]') && cursorLine(text) === 2);
		// The wheel: three rows a step.
		s.type(sgr(65, 10, 6));
		screen = await s.waitFor((text) => cursorLine(text) === 5);
		s.type(sgr(64, 10, 6));
		screen = await s.waitFor((text) => cursorLine(text) === 2);
		// A click on the fourth row (screen line 5).
		click(s, 10, 5);
		screen = await s.waitFor((text) => cursorLine(text) === 5);
		const host = screen.split('\n')[5]!.replace(/^›\s*/, '').split(/\s+/)[0]!;
		// A double click opens it: the records sent to that host.
		click(s, 10, 5);
		click(s, 10, 5);
		screen = await s.waitFor('[8 Records]');
		expect(screen).toContain(`filter: host:=${host.includes('…') ? '' : host}`);
		await s.pressUntil('Q', 'EXITED 0');
		expect(mouseFlags(s)).toBe('00');
	}, 90_000);

	it('clicks in the column chooser hide and show a column; a double click in the overview opens a top destination', async () => {
		const s = start();
		// Read to the end (the top rows are final), and settled.
		let screen = await s.waitFor((text) => text.includes('Top destinations') && text.includes('done ·'), 30_000);
		await new Promise((resolve) => setTimeout(resolve, 500));
		screen = s.capture();
		// A double click on the first top destination: the records sent to it.
		const lines = screen.split('\n');
		const y = lines.findIndex((line) => line.startsWith('Top destinations')) + 1;
		const host = lines[y]!.trim().split(/\s+/)[0]!;
		click(s, 4, y);
		click(s, 4, y);
		screen = await s.waitFor('[8 Records]');
		expect(screen).toContain(`filter: host:=${host.includes('…') ? '' : host}`);
		// Back to the overview (Esc on its own: Esc and 2 together would be Alt-2), Destinations, then the
		// chooser; Party is shown, on a line of its own.
		await s.pressUntil('Escape', '[1 Overview]');
		screen = await s.pressUntil('2', (text) => text.includes('[2 Destinations]') && text.split('\n')[1]!.includes('Party'));
		screen = await s.pressUntil('c', 'Columns of Destinations');
		const party = screen.split('\n').findIndex((line) => /\[x\] Party\b/.test(line));
		expect(party).toBeGreaterThan(2);
		const box = screen.split('\n')[party]!.indexOf('[x]') + 1;
		click(s, box, party);
		screen = await s.waitFor((text) => text.split('\n')[party]!.includes('[ ] Party'));
		expect(screen.split('\n')[party]).toMatch(/^›/);
		screen = await s.pressUntil('Enter', (text) => !text.includes('Columns of') && text.split('\n')[1]!.includes('Host'));
		expect(screen.split('\n')[1]).not.toContain('Party');
		// And back: the chooser remembers where Party is.
		await s.pressUntil('c', 'Columns of Destinations');
		click(s, box, party);
		await s.waitFor((text) => text.split('\n')[party]!.includes('[x] Party'));
		await s.pressUntil('Enter', (text) => !text.includes('Columns of') && text.split('\n')[1]!.includes('Party'));
		await s.pressUntil('Q', 'EXITED 0');
	}, 90_000);

	it('Ctrl-z gives the terminal back while suspended (mouse mode, alternate screen); SIGCONT takes it again and redraws', async () => {
		const s = start();
		await s.waitFor('Verdict', 30_000);
		await s.pressUntil('2', '[2 Destinations]');
		const alternate = (): string => execFileSync('tmux', ['display-message', '-p', '-t', s.name, '#{alternate_on}'], {encoding: 'utf8'}).trim();
		expect(alternate()).toBe('1');
		const pid = s.commandPid()!;
		s.keys('C-z');
		// Stopped ('T' in /proc), with the terminal as it was before the UI.
		const deadline = Date.now() + 15_000;
		while (!/^T/m.test(execFileSync('ps', ['-o', 'state=', '-p', String(pid)], {encoding: 'utf8'})) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(execFileSync('ps', ['-o', 'state=', '-p', String(pid)], {encoding: 'utf8'}).trim()).toMatch(/^T/);
		expect(mouseFlags(s)).toBe('00');
		expect(alternate()).toBe('0');
		process.kill(pid, 'SIGCONT');
		const screen = await s.waitFor((text) => text.includes('[2 Destinations]') && text.includes('analytics.plex.tv'));
		expect(screen.split('\n')[1]).toMatch(/Host/);
		expect(mouseFlags(s)).toBe('11');
		expect(alternate()).toBe('1');
		await s.pressUntil('Q', 'EXITED 0');
		expect(mouseFlags(s)).toBe('00');
	}, 90_000);

	it('SIGTERM gives the mouse mode back too; --no-mouse never takes it', async () => {
		const s = start();
		await s.waitFor('Verdict', 30_000);
		expect(mouseFlags(s)).toBe('11');
		const pid = s.commandPid();
		expect(pid).toBeDefined();
		process.kill(pid!, 'SIGTERM');
		await s.waitFor('EXITED 143');
		expect(mouseFlags(s)).toBe('00');

		const plain = start('--no-mouse');
		await plain.waitFor('Verdict', 30_000);
		expect(mouseFlags(plain)).toBe('00');
		// A report typed anyway (a terminal that kept the mode from elsewhere) does nothing harmful.
		plain.type(sgr(0, 10, 0));
		plain.keys('Q');
		await plain.waitFor('EXITED 0');
	}, 90_000);
});

/**
The built binary in tmux (80×24) on the bundled sample: the filter that talks back (problem with the
valid fields, Tab completion), the column chooser remembered across starts, search with n/N, and the
file name prompt that never clobbers a file.
*/
import {existsSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {hasTmux, startTmux, type Session} from './helpers/tmux.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = join(ROOT, 'samples/plex-web-session.har');
const CLI = join(ROOT, 'dist/cli.js');

describe.skipIf(!hasTmux() || !existsSync(CLI))('the UI as a new user meets it, at 80×24', () => {
	const sessions: Session[] = [];
	afterEach(() => {
		for (const s of sessions.splice(0)) s.kill();
	});
	const start = (cwd: string, config: string): Session => {
		const s = startTmux(`XDG_CONFIG_HOME=${config} node ${CLI} ${SAMPLE}`, {columns: 80, rows: 24, cwd});
		sessions.push(s);
		return s;
	};

	it('filter errors, completion, column chooser, search, and a save that asks before replacing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ttui-ux-e2e-'));
		const config = join(dir, 'config');
		let s = start(dir, config);
		await s.waitFor('Verdict', 30_000);
		await s.pressUntil('2', '[2 Destinations]');
		// An unknown field: said at once, with the valid fields; Enter does not apply it.
		s.keys('/');
		s.type('hots:plex.tv');
		let screen = await s.waitFor('unknown field "hots"');
		expect(screen).toContain('did you mean host?');
		s.keys('C-u');
		s.type('par');
		await s.pressUntil('Tab', 'filter / party:');
		s.type('th');
		await s.pressUntil('Tab', 'filter / party:third');
		screen = await s.pressUntil('Enter', 'filter: party:third');
		expect(screen).not.toContain('analytics.plex.tv');
		await s.pressUntil('x', 'analytics.plex.tv');
		// The column chooser: hide Organization; the choice is kept for the next start.
		await s.pressUntil('c', 'Columns of Destinations');
		s.keys('j', 'Space', 'Enter');
		screen = await s.waitFor((text) => !text.includes('Columns of') && /Host.*Category/.test(text));
		expect(screen.split('\n')[1]).not.toContain('Organization');
		// Saved by an effect after the frame is drawn: the screen can show the change a moment before the file has it.
		const settings = join(config, 'telemetry-tui', 'ui.json');
		for (const deadline = Date.now() + 10_000; !existsSync(settings) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(readFileSync(settings, 'utf8')).toContain('"organization"');
		// Search without filtering; n jumps.
		s.keys('\\');
		s.type('typekit');
		screen = await s.pressUntil('Enter', 'search: typekit');
		expect(screen).toMatch(/› use\.typekit\.net/);
		// Save: the name is asked, then a second save of the same name asks before replacing.
		s.keys('w', 'c');
		await s.waitFor('Save CSV as: telemetry-destinations-');
		await s.pressUntil('Enter', 'wrote 10 rows to telemetry-destinations-');
		// The same name again (the default changes with the clock): asked before replacing.
		const [written] = readdirSync(dir).filter((f) => f.endsWith('.csv'));
		s.keys('w', 'c', 'C-u');
		s.type(written!);
		await s.pressUntil('Enter', 'y replaces, n keeps it');
		s.keys('n', 'Escape');
		expect(readdirSync(dir).filter((f) => f.endsWith('.csv'))).toHaveLength(1);
		await s.pressUntil('Q', 'EXITED 0');
		// The next start shows the chosen columns.
		s = start(dir, config);
		await s.waitFor('Verdict', 30_000);
		screen = await s.pressUntil('2', '[2 Destinations]');
		expect(screen.split('\n')[1]).not.toContain('Organization');
		await s.pressUntil('Q', 'EXITED 0');
	}, 120_000);
});

/**
The built binary (`node dist/cli.js`) in a real terminal (tmux) on the bundled Plex Web HAR, from a
file and from a pipe. Skipped until the HAR format is registered in source/formats/registry.ts and the
sample is in samples/ (both come from other branches), and when tmux is missing.
*/
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {FORMATS} from '../source/formats/registry.js';
import {hasTmux, startTmux, type Session} from './helpers/tmux.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SAMPLE = 'samples/plex-web-session.har';
const ready = FORMATS.some((f) => f.name === 'har') && existsSync(`${ROOT}${SAMPLE}`) && hasTmux();

describe.skipIf(!ready)('the built binary in a terminal', () => {
	const sessions: Session[] = [];
	const start = (command: string): Session => {
		const s = startTmux(command, {columns: 100, rows: 30, cwd: ROOT});
		sessions.push(s);
		return s;
	};

	// dist/ is built once by the tier's global setup (test/helpers/build.ts): building again here would rewrite it
	// under the other end-to-end files that run the CLI at the same time.
	afterEach(() => {
		for (const s of sessions.splice(0)) s.kill();
	});

	it('opens a HAR file, drills down and back, shows a record, quits', async () => {
		const s = start(`node dist/cli.js ${SAMPLE}`);
		let screen = await s.waitFor((text) => /plex-web-session\.har\s+har\s+done/.test(text), 30_000);
		expect(screen).toMatch(/Verdict\s+1 identifier reached third parties: X-Plex-Client-Identifier/);
		expect(screen).toMatch(/\d+ vendor hosts \(\d+ analytics\)/);
		screen = await s.pressUntil('2', '[2 Destinations]');
		expect(screen).toMatch(/plex\.tv/);
		screen = await s.pressUntil('Enter', '[8 Records]');
		expect(screen).toMatch(/filter: host:=/);
		await s.pressUntil('Escape', 'no filter');
		await s.pressUntil('8', '[8 Records]');
		screen = await s.pressUntil('Enter', 'Record 1 of');
		expect(screen).toMatch(/plex-web-session\.har entry #\d+/);
		await s.pressUntil('Q', 'EXITED 0');
	}, 120_000);

	it('reads the HAR from a pipe while keys come from the terminal', async () => {
		const s = start(`cat ${SAMPLE} | node dist/cli.js`);
		await s.waitFor('done ·', 30_000);
		await s.pressUntil('2', '[2 Destinations]');
		await s.pressUntil('q', 'EXITED 0');
	}, 120_000);

	it('prints instead when there is no terminal to read keys from', async () => {
		// setsid: no controlling terminal, though stdout is still the pane.
		const s = start(`cat ${SAMPLE} | setsid -w node dist/cli.js`);
		const screen = await s.waitFor('EXITED 0', 30_000, {history: true});
		expect(screen).toContain('no terminal for keys; printing instead');
		expect(screen).toContain('Destinations');
	}, 120_000);
});

/**
The built binary: the drift gate's exit codes as a cron job sees them (test/fixtures/diff/gate.sh), and
compare mode driven in a real terminal (tmux): the Diff overview, the Destinations diff, c through
Before / After / Diff, a filter on both sides, Enter into a row's records, quit.
*/
import {spawnSync} from 'node:child_process';
import {loadMaskKey} from '../source/config/mask-key.js';
import {maskValue, setMaskKey} from '../source/privacy/mask.js';
import {afterEach, describe, expect, it} from 'vitest';
import {CLI, HAVE_CLI, ROOT} from './corpus/harness.js';
import {hasTmux, startTmux, type Session} from './helpers/tmux.js';

const FIX = 'test/fixtures/diff';

/** The mask the CLI gives a value: keyed with the tests' fixed key (vitest.config.ts). */
function userMask(value: string, kind: 'identifier' | 'personal'): string {
	setMaskKey(loadMaskKey(process.env).key);
	return maskValue(value, kind);
}

describe.skipIf(!HAVE_CLI)('diff with the built binary', () => {
	it('gate.sh: --baseline … --fail-on exits 3 exactly when something of that kind is new', () => {
		// The script splits its first argument into words, as a crontab line would (paths without spaces).
		const r = spawnSync('sh', [`${FIX}/gate.sh`, `${process.execPath} ${CLI}`], {cwd: ROOT, encoding: 'utf8', timeout: 120_000});
		expect(r.stdout).not.toContain('FAIL');
		expect(r.stdout.match(/^ok /gm)?.length).toBe(14);
		expect(r.status, r.stdout).toBe(0);
		// Fourteen runs of the binary: about 20 s on an idle machine, much more on a busy one.
	}, 180_000);
});

describe.skipIf(!HAVE_CLI || !hasTmux())('compare mode in a terminal', () => {
	const sessions: Session[] = [];
	afterEach(() => {
		for (const s of sessions.splice(0)) s.kill();
	});

	it('shows the diff, switches sides, filters both, drills into a row, quits', async () => {
		const s = startTmux(`node dist/cli.js diff ${FIX}/new-identifier.before.log ${FIX}/new-identifier.after.log`, {columns: 120, rows: 32, cwd: ROOT});
		sessions.push(s);
		let screen = await s.waitFor('Before → after', 30_000);
		expect(screen).toMatch(/before after \[DIFF\]/);
		expect(screen).toMatch(/changed +analytics\.plex\.tv +60 → 60 requests +identifiers \+X-Plex-Device-Name \(personal\)/);
		// The device name is new at Plex, masked with this user's mask key.
		expect(screen).toContain(`${userMask('Living Room TV', 'personal')} personal Plex Inc.`);
		expect(screen).not.toContain('Living Room');
		screen = await s.pressUntil('2', '[2 Destinations]');
		expect(screen).toMatch(/› changed +analytics\.plex\.tv/);
		screen = await s.pressUntil('o', '[BEFORE]');
		// The BEFORE side's own Destinations table: its columns, not the diff's.
		expect(screen).toMatch(/Host +Organization/);
		expect(screen).not.toMatch(/Change/);
		await s.pressUntil('o', '[AFTER]');
		await s.pressUntil('o', '[DIFF]');
		s.keys('/');
		s.type('host:metadata');
		screen = await s.pressUntil('Enter', (text) => text.includes('metadata.provider.plex.tv') && !text.includes('analytics.plex.tv'));
		expect(screen).toMatch(/same +metadata\.provider\.plex\.tv/);
		screen = await s.pressUntil('Enter', 'Evidence after');
		expect(screen).toMatch(/Evidence before: 8 records, the first 6/);
		screen = await s.pressUntil('Enter', '[8 Records]');
		expect(screen).toMatch(/\[AFTER\]/);
		expect(screen).toMatch(/metadata\.provider\.plex\.tv/);
		screen = await s.pressUntil('o', '[DIFF]');
		screen = await s.pressUntil('o', '[BEFORE]');
		expect(screen).toMatch(/metadata\.provider\.plex\.tv/);
		await s.pressUntil('Q', 'EXITED 0');
	}, 60_000);
});

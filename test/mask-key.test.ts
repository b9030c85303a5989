/**
Masks are keyed with the user's own random key (issue 19 item 15): stable for that user across runs,
meaningless to anyone without the key. Every test here points the config folder at a temporary one.
*/
import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadMaskKey, maskKeyPath} from '../source/config/mask-key.js';
import {maskValue, setMaskKey} from '../source/privacy/mask.js';

const home = mkdtempSync(join(tmpdir(), 'telemetry-tui-mask-key-'));
const envAt = (dir: string): NodeJS.ProcessEnv => ({XDG_CONFIG_HOME: dir});
afterAll(() => setMaskKey(Buffer.alloc(32, 1)));

describe('the mask key', () => {
	it('is created once in $XDG_CONFIG_HOME/telemetry-tui/mask-key, mode 0600, and read back the same', () => {
		const env = envAt(join(home, 'fresh'));
		const first = loadMaskKey(env);
		expect(first.note).toBeUndefined();
		expect(first.path).toBe(join(home, 'fresh', 'telemetry-tui', 'mask-key'));
		expect(statSync(first.path!).mode & 0o777).toBe(0o600);
		expect(statSync(join(home, 'fresh', 'telemetry-tui')).mode & 0o077).toBe(0);
		expect(readFileSync(first.path!, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
		const second = loadMaskKey(env);
		expect(second.key.equals(first.key)).toBe(true);
	});

	it('gives the same masks in a later run of the same user, and other masks to another user', () => {
		const mine = loadMaskKey(envAt(join(home, 'me')));
		setMaskKey(mine.key);
		const a = maskValue('192.168.1.57', 'personal');
		const b = maskValue('client-id-0123456789', 'identifier');
		setMaskKey(loadMaskKey(envAt(join(home, 'someone-else'))).key);
		expect(maskValue('192.168.1.57', 'personal')).not.toBe(a);
		setMaskKey(loadMaskKey(envAt(join(home, 'me'))).key);
		expect(maskValue('192.168.1.57', 'personal')).toBe(a);
		expect(maskValue('client-id-0123456789', 'identifier')).toBe(b);
	});

	it('makes masks that an unkeyed hash does not reproduce (no brute force over addresses)', () => {
		setMaskKey(loadMaskKey(envAt(join(home, 'me'))).key);
		const ip = '192.168.1.57';
		const unkeyed = createHash('sha256').update(ip).digest('hex').slice(0, 6);
		expect(maskValue(ip, 'personal')).toMatch(/^192\.168\.…#[0-9a-f]{6}$/);
		expect(maskValue(ip, 'personal')).not.toContain(unkeyed);
	});

	it('shows secrets as [secret], with no hash a dictionary could confirm', () => {
		expect(maskValue('hunter2', 'secret')).toBe('[secret]');
		expect(maskValue('correct horse battery staple', 'secret')).toBe('[secret]');
	});

	it('tightens a key file others can read', () => {
		const env = envAt(join(home, 'loose'));
		const path = loadMaskKey(env).path!;
		chmodSync(path, 0o644);
		loadMaskKey(env);
		expect(statSync(path).mode & 0o777).toBe(0o600);
	});

	it('falls back to a key of this run, and says why, when the folder cannot be written or the file is not a key', () => {
		const readOnly = join(home, 'read-only');
		mkdirSync(readOnly, {mode: 0o500});
		const ro = loadMaskKey(envAt(readOnly));
		if (process.getuid?.() !== 0) {
			expect(ro.path).toBeUndefined();
			expect(ro.note).toMatch(/cannot keep the mask key in .*read-only.*mask-key \(EACCES\): masks in this run use a key of their own/);
		}
		expect(ro.key).toHaveLength(32);

		const notAFile = join(home, 'dir-in-the-way');
		mkdirSync(maskKeyPath(envAt(notAFile)), {recursive: true});
		expect(loadMaskKey(envAt(notAFile)).note).toMatch(/not a regular file/);

		const garbage = join(home, 'garbage');
		mkdirSync(join(garbage, 'telemetry-tui'), {recursive: true});
		writeFileSync(maskKeyPath(envAt(garbage)), 'not a key');
		const g = loadMaskKey(envAt(garbage));
		expect(g.note).toMatch(/64 hex digits expected/);
		expect(readFileSync(maskKeyPath(envAt(garbage)), 'utf8')).toBe('not a key');
	});

	it('the tests themselves run with the config folder in a temporary place, never the real home', () => {
		expect(process.env['XDG_CONFIG_HOME']).toBeTruthy();
		expect(process.env['XDG_CONFIG_HOME']!.startsWith(tmpdir())).toBe(true);
	});
});

/**
Issue 19 items 14 and 15, through the whole command: secrets that used to slip through (legacy signed
access, URL userinfo, key=, id_token=, percent-encoded names, nested url= three times, token tails,
tokens in file names) appear in no view, no output format and no diagnostic; masks are keyed.
*/
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {OUTPUT_FORMATS} from '../source/output/write.js';
import {VIEW_NAMES} from '../source/views/registry.js';
import {runMain} from './helpers/main.js';

const SECRETS = ['AKEYSECRET01', 'ACODESECRET02', 'PWSECRET03', 'GKEYSECRET04', 'IDTOKSECRET05', 'ENCNAMESECRET06', 'NESTEDSECRET07', 'TAILSECRET08', 'FILESECRET09'];

const dir = mkdtempSync(join(tmpdir(), 'telemetry-tui-secrets-'));
// A file saved under a name that carries a token (a browser's "save as" of a URL).
const file = join(dir, 'capture?X-Plex-Token=FILESECRET09.log');
const prefix = 'Oct 05, 2014 17:48:11 [0x108f7e000] DEBUG - Request: [192.168.1.210:55218] GET';
writeFileSync(
	file,
	[
		`${prefix} /video/:/transcode/start.m3u8?quality=10&X-Plex-Access-Key=AKEYSECRET01&X-Plex-Access-Time=1412549280&X-Plex-Access-Code=ACODESECRET02 (26 live)`,
		`${prefix} /photo/:/transcode?url=https%3A%2F%2Fbob%3APWSECRET03%40images.example%2Fa.jpg (26 live)`,
		`${prefix} /x?url=https%3A%2F%2Fwww.googleapis.com%2Fv3%3Fkey%3DGKEYSECRET04 (26 live)`,
		`${prefix} /cb?id_token=IDTOKSECRET05&access%5Ftoken=ENCNAMESECRET06 (26 live)`,
		`${prefix} /a?url=https%253A%252F%252Fb%252F%25253Furl%25253Dhttps%2525253A%2525252F%2525252Fc%2525252F%2525253FX-Plex-Token%2525253DNESTEDSECRET07 (26 live)`,
		`${prefix} /t?X-Plex-Token=abcd)TAILSECRET08 (26 live)`,
		'this line is not a PMS line and gets a diagnostic naming the file',
		'',
	].join('\n'),
);

describe('no secret in any corner (issue 19 item 14)', () => {
	it.each(OUTPUT_FORMATS)('every view as %s, and stderr', async (output) => {
		// Tables at full width (--wide: a cut cell would hide what is checked); CSV one file per view.
		const outDir = output === 'csv' ? mkdtempSync(join(dir, 'csv-')) : undefined;
		const extra = output === 'table' ? ['--wide'] : outDir ? ['--output-dir', outDir] : [];
		const r = await runMain(['--print', '--type', 'pms', '--view', VIEW_NAMES.join(','), '--output', output, ...extra, file]);
		expect(r.code, r.stderr).toBe(0);
		let all = r.stdout + r.stderr;
		if (outDir) for (const name of readdirSync(outDir)) all += readFileSync(join(outDir, name), 'utf8');
		for (const s of SECRETS) expect(all, s).not.toContain(s);
		// Markdown escapes the brackets (\[REDACTED\]) so they are text, not a link.
		expect(all).toMatch(/\\?\[REDACTED\\?\]/);
	});

	it('the file name is shown with its token redacted', async () => {
		const r = await runMain(['--print', '--type', 'pms', '--view', 'overview', '--output', 'json', file]);
		expect(r.stdout).toContain('X-Plex-Token=[REDACTED]');
	});

	it('--show-secrets still shows them (the user asked)', async () => {
		const r = await runMain(['--print', '--show-secrets', '--type', 'pms', '--view', 'records', '--output', 'json', file]);
		expect(r.stdout).toContain('AKEYSECRET01');
	});
});

describe('keyed masks through the command (issue 19 item 15)', () => {
	it('masks the client address with a keyed hash that is stable across runs of the same user', async () => {
		const home = join(dir, 'config');
		mkdirSync(home);
		const before = process.env['XDG_CONFIG_HOME'];
		process.env['XDG_CONFIG_HOME'] = home;
		try {
			const run = async (): Promise<string> => (await runMain(['--print', '--type', 'pms', '--view', 'records', '--output', 'json', file])).stdout;
			const first = await run();
			const mask = /192\.168\.…#([0-9a-f]{6})/.exec(first)?.[1];
			expect(mask).toBeDefined();
			expect(mask).not.toBe(createHash('sha256').update('192.168.1.210').digest('hex').slice(0, 6));
			expect(await run()).toContain(`192.168.…#${mask}`);
		} finally {
			process.env['XDG_CONFIG_HOME'] = before;
		}
	});

	it('says once on stderr when the key cannot be kept, and still masks', async () => {
		const before = process.env['XDG_CONFIG_HOME'];
		process.env['XDG_CONFIG_HOME'] = join(file, 'not-a-folder');
		try {
			const r = await runMain(['--print', '--type', 'pms', '--view', 'records', '--output', 'json', file]);
			expect(r.stderr.match(/cannot keep the mask key/g)).toHaveLength(1);
			expect(r.stdout).toMatch(/192\.168\.…#[0-9a-f]{6}/);
			expect(r.stdout).not.toContain('192.168.1.210');
		} finally {
			process.env['XDG_CONFIG_HOME'] = before;
		}
	});
});

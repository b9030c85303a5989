/**
Print mode in-process (no built binary): tables that fit, CSV of several views, `--output-dir`,
`--help` wrapped and aligned, filter errors.
*/
import {mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {runMain} from './helpers/main.js';
import {outputWidth} from '../source/cli/io.js';

const SAMPLE = new URL('../samples/plex-web-session.har', import.meta.url).pathname;

/** The command in this process with $COLUMNS as given (unset when not): its exit code, stdout and stderr. */
async function run(args: string[], env: {columns?: string} = {}): Promise<{code: number; out: string; err: string}> {
	const saved = process.env['COLUMNS'];
	if (env.columns === undefined) delete process.env['COLUMNS'];
	else process.env['COLUMNS'] = env.columns;
	try {
		const {code, stdout, stderr} = await runMain(args);
		return {code, out: stdout, err: stderr};
	} finally {
		if (saved === undefined) delete process.env['COLUMNS'];
		else process.env['COLUMNS'] = saved;
	}
}

const widest = (text: string): number => Math.max(...text.split('\n').map((l) => stringWidth(l)));

describe('print tables that fit', () => {
	it('is 80 columns wide when piped and $COLUMNS is unknown, $COLUMNS when set, whole with --wide; no rule between rows', async () => {
		const piped = await run(['--print', SAMPLE]);
		expect(piped.code).toBe(0);
		expect(widest(piped.out)).toBeLessThanOrEqual(80);
		expect(piped.out).toMatch(/to\s+fit\s+80\s+columns;\s+--wide\s+shows\s+everything/);
		expect(piped.out.split('\n').filter((l) => l.startsWith('├'))).toHaveLength(1);
		const at200 = await run(['--print', SAMPLE], {columns: '200'});
		expect(widest(at200.out)).toBeLessThanOrEqual(200);
		expect(widest(at200.out)).toBeGreaterThan(120);
		const wide = await run(['--print', '--wide', SAMPLE]);
		// The whole (masked) plex.direct name: its address and server hash masked, `plex.direct` kept.
		expect(wide.out).toMatch(/192\.168\.…#[0-9a-f]{6}\.0f3c…#[0-9a-f]{6}\.plex\.direct/);
		expect(wide.out).not.toContain('0f3c9a7e5b2d48c6a1e9f07d3b5c2a18');
		expect(wide.out).toContain('Last seen');
		expect(wide.out).not.toContain('--wide');
	});

	it('takes the terminal width from $COLUMNS, then the terminal, then 80', () => {
		expect(outputWidth({isTTY: false}, {})).toBe(80);
		expect(outputWidth({isTTY: true, columns: 132}, {})).toBe(132);
		expect(outputWidth({isTTY: true, columns: 132}, {COLUMNS: '100'})).toBe(100);
		expect(outputWidth({isTTY: false}, {COLUMNS: 'abc'})).toBe(80);
	});
});

describe('CSV of several views', () => {
	it('is a usage error without --output-dir (never "# view" lines inside CSV)', async () => {
		const r = await run(['--print', '-o', 'csv', '-v', 'destinations,devices', SAMPLE]);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(/--output-dir/);
		expect(r.out).toBe('');
	});

	it('writes one file per view with --output-dir, and never follows a symbolic link', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'ttui-out-'));
		const r = await run(['--print', '-o', 'csv', '-v', 'destinations,devices', '--output-dir', join(dir, 'out'), SAMPLE]);
		expect(r.code).toBe(0);
		expect(readdirSync(join(dir, 'out')).sort()).toEqual(['destinations.csv', 'devices.csv']);
		const csv = readFileSync(join(dir, 'out', 'destinations.csv'), 'utf8');
		expect(csv.split('\n')[0]).toMatch(/^host,organization,category/);
		expect(csv).not.toMatch(/^#/m);
		expect(r.err).toContain('destinations.csv');
		// A link planted where a file will be written is refused, and its target is untouched.
		const target = join(dir, 'precious.txt');
		writeFileSync(target, 'keep me');
		const linked = join(dir, 'linked');
		await run(['--print', '-o', 'csv', '--output-dir', linked, SAMPLE]);
		symlinkSync(target, join(linked, 'devices.csv'));
		const refused = await run(['--print', '-o', 'csv', '-v', 'devices', '--output-dir', linked, SAMPLE]);
		expect(refused.code).toBe(1);
		expect(refused.err).toMatch(/symbolic link/);
		expect(readFileSync(target, 'utf8')).toBe('keep me');
	});
});

describe('--help', () => {
	it('fits 80 columns with every option and view description aligned in one column', async () => {
		const r = await run(['--help']);
		expect(r.code).toBe(0);
		expect(widest(r.out)).toBeLessThanOrEqual(80);
		const options = r.out.slice(r.out.indexOf('Options:'), r.out.indexOf('Views:')).split('\n').slice(1).filter((l) => l.trim() !== '');
		// Every option's text and every continuation line start in the same column.
		const starts = new Set(
			options.map((l) => {
				const m = /^(\s+(?:-\w, )?--\S+(?: \S+)?)(\s{2,})/.exec(l);
				return m ? m[1]!.length + m[2]!.length : l.search(/\S/);
			}),
		);
		expect(starts.size).toBe(1);
		// Words are never split across lines.
		for (const line of r.out.split('\n')) expect(line).not.toMatch(/\b(received t|raffic\.)$/);
		expect(r.out).toMatch(/Fields:\n\s+host, org, party/);
	});
});

describe('--filter that talks back', () => {
	it.each([
		['foo:bar', /unknown field "foo".*fields: host, org/],
		['hots:plex.tv', /did you mean host\?/],
		['host:', /host: needs a value/],
		['!', /"!" excludes/],
	])('%s: exit 2 with the problem and the valid fields', async (filter, message) => {
		const r = await run(['--print', '-f', filter, SAMPLE]);
		expect(r.code).toBe(2);
		expect(r.err).toMatch(message);
		expect(r.out).toBe('');
	});
});

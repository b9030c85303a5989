/**
The tool never opens a network connection. Every input the project ships (samples/ and every test
fixture) is run through the built CLI with networking made to fail loudly, and, where strace exists,
under strace to see that not one inet socket is connected.
*/
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {VIEW_NAMES} from '../source/views/registry.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const GUARD = join(ROOT, 'test', 'helpers', 'no-network.mjs');

function inputs(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((name) => {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) return inputs(full);
		return /\.(json|md)$/.test(name) && name !== 'querylog.json' && !/history.*\.json$/.test(name) ? [] : [full];
	});
}

const FILES = [...inputs(join(ROOT, 'samples')), ...inputs(join(ROOT, 'test', 'fixtures')).filter((f) => !f.endsWith('.expected.json'))];

function runGuarded(args: string[]) {
	return spawnSync(process.execPath, ['--import', GUARD, CLI, ...args], {encoding: 'utf8', env: {...process.env, DEV: 'true'}, timeout: 120_000, maxBuffer: 512 * 1024 * 1024});
}

describe.skipIf(!existsSync(CLI))('no network, proven', () => {
	it('the guard itself catches a connection attempt (control)', () => {
		const r = spawnSync(process.execPath, ['--import', GUARD, '-e', "require('node:net').connect(9, '127.0.0.1')"], {encoding: 'utf8'});
		expect(r.stderr).toContain('NETWORK ATTEMPT');
	});

	it('has inputs to check', () => {
		expect(FILES.length).toBeGreaterThan(0);
	});

	it('every shipped input, every view, every output: no connection attempted (DEV=true set, which would start Ink devtools)', () => {
		// One run per output with every input at once: each input is still detected and parsed on its own.
		const failures: string[] = [];
		for (const output of ['json', 'csv', 'table', 'markdown']) {
			// CSV holds one view: several go to one file each (--output-dir).
			const r = runGuarded(['--print', '--view', VIEW_NAMES.join(','), '--output', output, ...(output === 'csv' ? ['--output-dir', mkdtempSync(join(tmpdir(), 'ttui-net-'))] : []), ...FILES]);
			if (r.stderr.includes('NETWORK ATTEMPT') || r.status !== 0) failures.push(`${output}: status ${r.status}: ${r.stderr.slice(0, 500)}`);
		}
		expect(failures).toEqual([]);
	});

	it('blocklist and gate modes attempt no connection either', () => {
		const sample = FILES[0]!;
		for (const args of [['--blocklist', 'hosts', sample], ['--fail-on', 'ads', sample], ['--print', '--output', 'ndjson', '--view', 'records', sample]]) {
			const r = runGuarded(args);
			expect(r.stderr).not.toContain('NETWORK ATTEMPT');
		}
	});

	it('the report (HTML and Markdown) over every shipped input attempts no connection', () => {
		for (const format of ['html', 'markdown']) {
			const r = runGuarded(['report', '--format', format, '--out', '-', ...FILES]);
			expect(r.stderr).not.toContain('NETWORK ATTEMPT');
			expect(r.status, r.stderr.slice(0, 500)).toBe(0);
			expect(r.stdout.length).toBeGreaterThan(10_000);
		}
	});

	const strace = spawnSync('strace', ['-V'], {encoding: 'utf8'});
	it.skipIf(strace.status !== 0)('under strace: no inet or inet6 socket is ever connected or sent to', () => {
		// In a temporary folder: a run stopped midway leaves nothing in the repository.
		const dir = mkdtempSync(join(tmpdir(), 'telemetry-tui-strace-'));
		const log = join(dir, 'strace.log');
		const sample = FILES.find((f) => f.endsWith('.har')) ?? FILES[0]!;
		const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg,bind', '-o', log, process.execPath, CLI, '--print', '--view', VIEW_NAMES.join(','), '--output', 'json', sample], {encoding: 'utf8', env: {...process.env, DEV: 'true'}, timeout: 120_000, maxBuffer: 512 * 1024 * 1024});
		expect(r.status).toBe(0);
		const trace = readFileSync(log, 'utf8');
		rmSync(dir, {recursive: true, force: true});
		expect(trace.split('\n').filter((l) => /AF_INET6?\b/.test(l))).toEqual([]);
	});
});

/**
The built binary as a user runs it: on the bundled sample, with JSON checked; in a shell script with
--fail-on; and installed from the packed tarball.
*/
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import type {DestinationRow} from '../source/views/destinations.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const SAMPLE = join(ROOT, 'samples', 'plex-web-session.har');
const run = (args: string[], input?: string) => spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', cwd: ROOT, input, maxBuffer: 64 << 20});

describe.skipIf(!existsSync(CLI))('the built binary', () => {
	it('prints the views of the bundled sample as JSON keyed by view', () => {
		const r = run(['--print', '--output', 'json', '--view', 'destinations,formats,resolutions,devices', SAMPLE]);
		expect(r.status).toBe(0);
		expect(r.stderr).toBe('');
		const out = JSON.parse(r.stdout) as {destinations: DestinationRow[]; formats: unknown[]; resolutions: unknown[]; devices: unknown[]};
		const analytics = out.destinations.find((d) => d.host === 'analytics.plex.tv');
		expect(analytics).toMatchObject({organization: 'Plex Inc.', category: 'vendor-analytics', party: 'vendor'});
		expect(analytics?.events).toContain('playback:itemstart');
		expect(out.destinations.find((d) => d.host.endsWith('.plex.direct'))).toMatchObject({party: 'first', category: 'media-server'});
		expect(out.destinations.find((d) => d.host === 'servedby.flashtalking.com')).toMatchObject({category: 'ads', party: 'third'});
		expect(out.formats).toContainEqual({container: 'mkv', videoCodec: 'hevc', audioCodec: 'eac3', count: 2, transcodes: 0});
		expect(out.resolutions).toEqual([{resolution: '1080p', count: 3}, {resolution: '4K', count: 2}]);
		expect(out.devices).toContainEqual(expect.objectContaining({product: 'Plex for Roku', platform: 'Roku'}));
		expect(r.stdout).not.toContain('xFAKEtokenDEMO123456');
	});

	it('one view as JSON is a plain array of rows; records as NDJSON are typed records', () => {
		const one = JSON.parse(run(['--print', '--output', 'json', '--view', 'resolutions', SAMPLE]).stdout) as unknown[];
		expect(Array.isArray(one)).toBe(true);
		const lines = run(['--output', 'ndjson', '--view', 'records', SAMPLE]).stdout.trim().split('\n');
		expect(lines.length).toBe(35);
		expect(JSON.parse(lines[0]!)).toMatchObject({kind: 'request', source: 'har', origin: {file: expect.stringContaining('plex-web-session.har'), entry: expect.any(Number)}});
	});

	it('reads stdin when piped, with the same result as the file', () => {
		const file = run(['--print', '--output', 'csv', SAMPLE]).stdout;
		const piped = spawnSync('sh', ['-c', `cat "${SAMPLE}" | "${process.execPath}" "${CLI}" --output csv`], {encoding: 'utf8'});
		// The same, but for the input's name (a label learned from the input says where: `<stdin> entry #3`).
		expect(piped.stdout.replaceAll('<stdin>', SAMPLE)).toBe(file);
	});

	it('--help, --version, usage errors (exit 2), nothing readable (exit 1)', () => {
		expect(run(['--help']).stdout).toContain('Usage:');
		expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
		const bad = run(['--output', 'xml', SAMPLE]);
		expect(bad.status).toBe(2);
		expect(bad.stderr).toBe('telemetry-tui: --output must be one of table, csv, json, ndjson, markdown (got "xml") (see --help)\n');
		const missing = run(['--print', 'no-such-file.har']);
		expect(missing.status).toBe(1);
		expect(missing.stderr).toBe('telemetry-tui: no-such-file.har: error: no such file or folder\n');
	});

	it('--fail-on works in a shell script (exit 3 with a summary on stderr)', () => {
		const script = `"${process.execPath}" "${CLI}" --fail-on ads,vendor-analytics "${SAMPLE}" 2>err.txt; echo "code=$?"; cat err.txt`;
		const dir = mkdtempSync(join(tmpdir(), 'gate-'));
		const r = spawnSync('sh', ['-c', script], {encoding: 'utf8', cwd: dir});
		expect(r.stdout).toContain('code=3');
		expect(r.stdout).toContain('ads: 1 destination: servedby.flashtalking.com (1)');
		expect(r.stdout).toContain('vendor-analytics: 1 destination: analytics.plex.tv (4)');
		const pass = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --fail-on crash-reporting "${SAMPLE}" >/dev/null; echo "code=$?"`], {encoding: 'utf8'});
		expect(pass.stdout.trim()).toBe('code=0');
	});

	it('--blocklist never lists the user\'s own server and carries no secret', () => {
		const r = run(['--blocklist', 'dnsmasq', SAMPLE]);
		expect(r.stdout).toContain('address=/analytics.plex.tv/0.0.0.0');
		expect(r.stdout).not.toMatch(/plex\.direct|xFAKEtoken/);
	});

	it('npm pack gives a tarball whose binary runs on the sample', () => {
		const dir = mkdtempSync(join(tmpdir(), 'pack-'));
		const pack = spawnSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', dir], {encoding: 'utf8', cwd: ROOT});
		expect(pack.status).toBe(0);
		const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
		const list = spawnSync('tar', ['-tzf', join(dir, tarball)], {encoding: 'utf8'}).stdout.split('\n');
		expect(list).toContain('package/dist/cli.js');
		expect(list).toContain('package/samples/plex-web-session.har');
		expect(list.some((f) => f.startsWith('package/source/') || f.startsWith('package/test/'))).toBe(false);
		spawnSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
		// This project's node_modules stand in for the installed dependencies (no registry in tests).
		spawnSync('ln', ['-s', join(ROOT, 'node_modules'), join(dir, 'package', 'node_modules')]);
		const r = spawnSync(process.execPath, [join(dir, 'package', 'dist', 'cli.js'), '--print', '--output', 'json', '--view', 'resolutions', SAMPLE], {encoding: 'utf8'});
		expect(r.status).toBe(0);
		expect(JSON.parse(r.stdout)).toEqual([{resolution: '1080p', count: 3}, {resolution: '4K', count: 2}]);
	});
});

const BUNDLE = join(ROOT, 'dist', 'telemetry-tui.mjs');
const WORKER = join(ROOT, 'dist', 'parse-worker.mjs');

describe.skipIf(!existsSync(BUNDLE) || !existsSync(WORKER))('the single-file bundle (npm run bundle) and its parse worker', () => {
	it('reads in its parse worker (a second thread: a second CPU profile) with the same output as in-process', () => {
		const capture = join(ROOT, 'test', 'fixtures', 'pcap', 'lan.pcapng');
		const outputs = ['0', 'always'].map((workers) => {
			const profiles = mkdtempSync(join(tmpdir(), 'bundle-worker-'));
			const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', profiles, BUNDLE, '--print', '--output', 'json', SAMPLE, capture], {
				encoding: 'utf8',
				env: {...process.env, TELEMETRY_TUI_WORKERS: workers},
			});
			expect(r.status).toBe(0);
			// One profile per thread: the main thread, plus one per input read in a worker.
			expect(readdirSync(profiles).length).toBe(workers === '0' ? 1 : 3);
			return r.stdout;
		});
		expect(JSON.parse(outputs[1]!)).toEqual(JSON.parse(outputs[0]!));
		expect(outputs[0]).toContain('analytics.plex.tv');
	});
});

describe.skipIf(!existsSync(CLI))('several logs', () => {
	it('cat *.log | telemetry-tui, the folder, and the files listed give the same tables', () => {
		const dir = mkdtempSync(join(tmpdir(), 'logs-'));
		const log = readFileSync(join(ROOT, 'test', 'fixtures', 'pms', 'mixed-generations.log'), 'utf8').split('\n');
		// A rotated PMS log set: the older part in .1.log, the newer in the live file, cut where a new
		// request starts. (A Request whose Completed line landed in the next file is joined when the files
		// are concatenated but counted once per file when they are read apart: see the issue note.)
		const half = log.findIndex((line, i) => i >= log.length / 2 && line.includes('Request: ['));
		writeFileSync(join(dir, 'Plex Media Server.1.log'), `${log.slice(0, half).join('\n')}\n`);
		// Each PMS log file opens with the server's identity line (version, GMT offset).
		const identity = log.filter((line) => / - GMT [+-]\d\d:\d\d/.test(line)).at(-1);
		writeFileSync(join(dir, 'Plex Media Server.log'), [...(identity ? [identity] : []), ...log.slice(half)].join('\n'));
		const views = ['--print', '--output', 'json', '--view', 'destinations,formats,resolutions,devices'];
		const files = ['Plex Media Server.1.log', 'Plex Media Server.log'].map((f) => join(dir, f));
		const listed = spawnSync(process.execPath, [CLI, ...views, ...files], {encoding: 'utf8'}).stdout;
		const folder = spawnSync(process.execPath, [CLI, ...views, dir], {encoding: 'utf8'}).stdout;
		const piped = spawnSync('sh', ['-c', `cat "${files[0]}" "${files[1]}" | "${process.execPath}" "${CLI}" ${views.join(' ')}`], {encoding: 'utf8'}).stdout;
		expect(JSON.parse(listed)).toEqual(JSON.parse(folder));
		expect(JSON.parse(piped)).toEqual(JSON.parse(listed));
		expect((JSON.parse(listed) as {destinations: unknown[]}).destinations.length).toBeGreaterThan(1);
	});
});

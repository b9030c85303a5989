/**
The built CLI on a folder of 3,000 small logs (half of them gzip), printed and followed (issue 17 item 8):
every file read, and nothing on stderr from Node (a `MaxListenersExceededWarning`, or any other warning).
The UI reads through the same `ingestAll`; test/many-files.test.ts checks the listeners in process.
*/
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {beforeAll, describe, expect, it} from 'vitest';

const CLI = join(import.meta.dirname, '../dist/cli.js');
const FILES = 3000;
const line = (i: number): string => `192.168.1.${i % 250} - - [14/Mar/2025:19:02:${String(i % 60).padStart(2, '0')} +0000] "GET /library/sections?n=${i} HTTP/1.1" 200 512 "-" "Plex/1.0"\n`;

let dir = '';
beforeAll(() => {
	dir = join(mkdtempSync(join(tmpdir(), 'ttui-many-slow-')), 'logs');
	mkdirSync(dir);
	for (let i = 0; i < FILES / 2; i++) {
		writeFileSync(join(dir, `access-${i}.log`), line(i));
		writeFileSync(join(dir, `old-${i}.log.gz`), gzipSync(line(i + FILES)));
	}
});

const noWarning = (stderr: string): void => {
	expect(stderr).not.toMatch(/Warning|MaxListeners|EMFILE/);
};

describe('3,000 files through the CLI', () => {
	it('--print reads every file and Node warns of nothing', () => {
		const run = spawnSync(process.execPath, [CLI, '--print', '--view', 'records', '--output', 'ndjson', dir], {encoding: 'utf8', maxBuffer: 1 << 28});
		noWarning(run.stderr);
		expect(run.status).toBe(0);
		expect(run.stdout.trim().split('\n')).toHaveLength(FILES);
	});

	it('--follow reads every file (followed ones side by side), Node warns of nothing, Ctrl-C ends it', async () => {
		const child = spawn(process.execPath, [CLI, '--print', '--follow', '--view', 'records', '--output', 'ndjson', dir], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		const lines = (): number => stdout.split('\n').length - 1;
		const deadline = Date.now() + 120_000;
		while (lines() < FILES && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
		expect(lines()).toBe(FILES);
		// A few polls of every followed file (3,000 files: every 3 s).
		await new Promise((resolve) => setTimeout(resolve, 7_000));
		const code = await new Promise<number | null>((resolve) => {
			child.on('exit', (c) => resolve(c));
			child.kill('SIGINT');
		});
		noWarning(stderr);
		expect(code).toBe(130);
	});
});

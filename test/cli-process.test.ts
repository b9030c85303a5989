/**
Process hygiene of the built CLI: output piped into `head -1` ends quietly; SIGINT and SIGTERM while
print mode reads a never-ending stdin stop it promptly, print what was read and exit 130/143 without a
stack trace; buffers stay bounded when stdin is one endless line (node's heap capped below the input).
*/
import {spawnSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {once} from 'node:events';
import {describe, expect, it} from 'vitest';
import {CLI, HAVE_CLI, startCli, tmpDir} from './corpus/harness.js';

const dnsmasqLine = (i: number): string => `Mar  1 20:15:${String(i % 60).padStart(2, '0')} dnsmasq[612]: query[A] host${i}.example.com from 192.168.1.${i % 250}\n`;

describe.skipIf(!HAVE_CLI)('process hygiene', () => {
	const dir = tmpDir('ttui-process-');
	const large = join(dir, 'large.log');
	writeFileSync(large, Array.from({length: 60_000}, (_, i) => dnsmasqLine(i)).join(''));

	it.each([
		['table', 'destinations'],
		['csv', 'destinations'],
		['ndjson', 'destinations'],
		['ndjson', 'records'],
		['json', 'records'],
		['markdown', 'records'],
	])('--output %s --view %s | head -1: ends quietly', (output, view) => {
		const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" --print --output ${output} --view ${view} "${large}" 2>"${dir}/err-${output}-${view}" | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat "${dir}/err-${output}-${view}"`], {encoding: 'utf8', timeout: 120_000});
		const [status, ...err] = r.stdout.split('\n');
		// 0 (EPIPE handled) or 141 (128 + SIGPIPE) are both a quiet end.
		expect(['0', '141']).toContain(status);
		expect(err.join('\n').trim()).toBe('');
	});

	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const)('%s while reading a stdin that never ends: stops promptly, prints what was read, exit %i, no stack trace', async (signal, code) => {
		const child = startCli(['--print', '--output', 'csv']);
		let out = '';
		let err = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		// More than a pipe buffer holds: when the write completes the CLI is reading (its handlers are set).
		const lines = 40_000;
		await new Promise<void>((resolve) => child.stdin.write(Array.from({length: lines}, (_, i) => dnsmasqLine(i)).join(''), () => resolve()));
		const exited = once(child, 'exit');
		child.kill(signal);
		const [status] = (await exited) as [number | null];
		expect(status).toBe(code);
		expect(err).not.toMatch(/\n\s+at /);
		expect(err).toBe('');
		// What was read is printed: the header and one row per host read (all but what was still in the pipe).
		const rows = out.split('\n').filter(Boolean);
		expect(rows[0]).toMatch(/^host,organization,/);
		expect(rows.length).toBeGreaterThan(lines / 2);
		expect(rows.length).toBeLessThanOrEqual(lines + 1);
		child.stdin.destroy();
	});

	it('a never-ending stdin of one giant line (300 MB, no newline) with the heap capped at 200 MB: no OOM, the line is capped and reported', async () => {
		const child = startCli(['--print', '--output', 'csv', '--view', 'records'], {node: ['--max-old-space-size=200']});
		let out = '';
		let err = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.stdin.on('error', () => {}); // a crash would close the pipe: the exit status tells
		child.stdin.write(`${dnsmasqLine(1)}${dnsmasqLine(2)}Mar  1 20:15:03 dnsmasq[612]: query[A] `);
		const block = Buffer.alloc(1 << 20, 0x61);
		for (let i = 0; i < 300; i++) {
			if (!child.stdin.write(block)) await once(child.stdin, 'drain');
			if (child.exitCode !== null) break;
		}
		child.stdin.end(`\n${dnsmasqLine(4)}`);
		const [status] = (await once(child, 'exit')) as [number | null];
		expect(err).not.toMatch(/heap out of memory|Allocation failed/);
		expect(status).toBe(0);
		expect(err).toContain(`<stdin>:3: warning: line is ${(300 * 1024 * 1024 + 39).toLocaleString('en-US')} characters long; only the first 1,048,576 were read`);
		expect(out).toContain('host4.example.com');
	}, 180_000);
});

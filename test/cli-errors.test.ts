/**
Broken input through the built CLI: each problem gets one located message on stderr in the shape
`telemetry-tui: <file>:<line>: <severity>: …` or `telemetry-tui: <file> entry #N: <severity>: …`, and
everything around it is still read. Exit codes: 0 when anything at all was read, 1 when nothing could
be, 2 for usage errors.
*/
import {mkdirSync, readFileSync, symlinkSync, writeFileSync, chmodSync} from 'node:fs';
import {join} from 'node:path';
import {execFileSync} from 'node:child_process';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {HAVE_CLI, isRoot, locatedMessages, ROOT, runCli, tmpDir, type Located} from './corpus/harness.js';

/** Records per host from `--view records --output ndjson`. */
function records(out: string): Array<{kind: string; host?: string; origin: {file: string; line?: number; entry?: number}}> {
	return out
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as {kind: string; host?: string; origin: {file: string; line?: number; entry?: number}});
}

const REC = ['--print', '--view', 'records', '--output', 'ndjson'];

/** A dnsmasq log of `n` query lines (one record each), for inputs whose records are easy to count. */
function dnsmasq(n: number, from = 0): string {
	return Array.from({length: n}, (_, i) => `Mar  1 20:15:${String((from + i) % 60).padStart(2, '0')} dnsmasq[612]: query[A] host${from + i}.example.com from 192.168.1.40`).join('\n') + '\n';
}

function only(messages: Located[], where: string): Located[] {
	return messages.filter((m) => m.where === where);
}

describe.skipIf(!HAVE_CLI)('located messages through the built CLI; the rest is still read', () => {
	const dir = tmpDir('ttui-cli-errors-');
	const har = JSON.parse(readFileSync(join(ROOT, 'samples/plex-web-session.har'), 'utf8')) as {log: {entries: unknown[]}};
	const entries = har.log.entries;
	const entryText = entries.map((e) => JSON.stringify(e));
	const harHead = '{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[';

	it('a truncated HAR: every complete entry is kept, one error says after which entry it was cut', () => {
		const cutEntry = 20;
		const before = harHead + entryText.slice(0, cutEntry).join(',') + ',';
		const file = join(dir, 'truncated.har');
		writeFileSync(file, before + entryText[cutEntry]!.slice(0, Math.floor(entryText[cutEntry]!.length / 2)));
		const r = runCli([...REC, file]);
		expect(r.status).toBe(0);
		const got = records(r.out).filter((x) => x.kind === 'request');
		expect(got.map((x) => x.origin.entry)).toEqual(Array.from({length: cutEntry}, (_, i) => i));
		expect(locatedMessages(r.err)).toEqual([{where: `${file} entry #${cutEntry - 1}`, severity: 'error', message: `the HAR is truncated after entry #${cutEntry - 1}: all ${cutEntry} complete entries were read, the cut entry #${cutEntry} was dropped`}]);
	});

	it('a HAR cut in the middle of a string (no entry completed yet) says so', () => {
		const file = join(dir, 'cut-in-string.har');
		writeFileSync(file, `${harHead}{"request":{"url":"https://plex.tv/api?X-Plex-Tok`);
		const r = runCli([...REC, file]);
		expect(r.status).toBe(1);
		expect(locatedMessages(r.err)).toEqual([{where: file, severity: 'error', message: 'the HAR is truncated before its first complete entry'}]);
	});

	it('invalid JSON in one HAR entry: that entry is skipped with its index, the others are read', () => {
		const file = join(dir, 'bad-entry.har');
		const broken = [...entryText];
		broken[3] = broken[3]!.replace('"request":', '"request": oops,');
		writeFileSync(file, `${harHead}${broken.join(',')}]}}`);
		const r = runCli([...REC, file]);
		expect(r.status).toBe(0);
		const got = [...new Set(records(r.out).map((x) => x.origin.entry))];
		expect(got).toEqual(Array.from({length: entries.length}, (_, i) => i).filter((i) => i !== 3));
		const m = locatedMessages(r.err);
		expect(m).toHaveLength(1);
		expect(m[0]).toMatchObject({where: `${file} entry #3`, severity: 'warning'});
		expect(m[0]!.message).toMatch(/^entry #3 is not valid JSON and was skipped: /);
	});

	it('HAR whose log.entries is not an array: one error, exit 1 (nothing read)', () => {
		const file = join(dir, 'entries-object.har');
		writeFileSync(file, '{"log":{"version":"1.2","creator":{"name":"x"},"entries":{"0":{"request":{"url":"https://plex.tv/"}}}}}');
		const r = runCli([...REC, file]);
		expect(r.status).toBe(1);
		expect(locatedMessages(r.err).map((m) => [m.where, m.severity])).toEqual([[file, 'error']]);
		expect(r.err).toMatch(/entries/);
		expect(r.out).toBe('');
	});

	it('occasional invalid UTF-8 is read as U+FFFD with ONE warning that counts them and names the first line', () => {
		const file = join(dir, 'latin1.log');
		const lines = dnsmasq(10).split('\n');
		const bytes = Buffer.concat(
			lines.map((l, i) => {
				const line = Buffer.from(`${l}\n`);
				// In the query name: a Latin-1 "é" (0xE9) on line 3, a stray continuation byte and 0xFF on line 7.
				const at = line.indexOf('host') + 4;
				return i === 2 || i === 6 ? Buffer.concat([line.subarray(0, at), Buffer.from(i === 2 ? [0xe9] : [0x80, 0xff]), line.subarray(at)]) : line;
			}),
		);
		writeFileSync(file, bytes.subarray(0, bytes.length - 1));
		const r = runCli([...REC, file]);
		expect(r.status).toBe(0);
		expect(records(r.out)).toHaveLength(10);
		expect(locatedMessages(r.err)).toEqual([{where: `${file}:3`, severity: 'warning', message: '3 invalid UTF-8 sequences were read as U+FFFD (first on line 3); is this file in another encoding?'}]);
	});

	it('a file that is mostly not UTF-8 (Latin-1 or binary without NULs) is refused with a message', () => {
		const file = join(dir, 'mostly-invalid.log');
		const junk = Buffer.alloc(4000);
		for (let i = 0; i < junk.length; i++) junk[i] = i % 3 === 0 ? 0x41 : 0x80 + (i % 0x7f);
		writeFileSync(file, junk);
		const r = runCli([...REC, file]);
		expect(r.status).toBe(1);
		expect(locatedMessages(r.err)).toEqual([{where: file, severity: 'error', message: expect.stringMatching(/^not UTF-8 text: \d+% of the first [\d,]+ bytes are invalid UTF-8; not read$/)}]);
	});

	it('NUL bytes (a binary file) are refused; UTF-16 is refused by name', () => {
		const bin = join(dir, 'blob.bin');
		writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
		const u16 = join(dir, 'utf16.log');
		writeFileSync(u16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(dnsmasq(3), 'utf16le')]));
		const u16be = join(dir, 'utf16be-nobom.log');
		writeFileSync(u16be, Buffer.from(dnsmasq(3), 'utf16le').swap16());
		const r = runCli([...REC, bin, u16, u16be]);
		expect(r.status).toBe(1);
		expect(locatedMessages(r.err)).toEqual([
			{where: bin, severity: 'error', message: 'binary data (NUL bytes), not a text log or HAR; not read'},
			{where: u16, severity: 'error', message: 'UTF-16 text (little-endian); this tool reads UTF-8: convert it first (iconv -f UTF-16 -t UTF-8); not read'},
			{where: u16be, severity: 'error', message: 'UTF-16 text (big-endian); this tool reads UTF-8: convert it first (iconv -f UTF-16 -t UTF-8); not read'},
		]);
	});

	it('a 100 MB single line: bounded memory (node capped at 256 MB), a located "too long" warning, the lines after it read', () => {
		const file = join(dir, 'huge-line.log');
		const head = dnsmasq(3);
		const tail = dnsmasq(4, 3);
		const size = 100 * 1024 * 1024;
		// Written with dd-like appends so the test itself does not hold 100 MB in a JS string.
		writeFileSync(file, head + 'Mar  1 20:16:00 dnsmasq[612]: query[A] ');
		execFileSync('sh', ['-c', `head -c ${size} /dev/zero | tr '\\0' 'a' >> '${file}'`]);
		writeFileSync(file, `\n${tail}`, {flag: 'a'});
		const r = runCli([...REC, file], {node: ['--max-old-space-size=256']});
		expect(r.status, r.err).toBe(0);
		expect(records(r.out).map((x) => x.origin.line)).toEqual([1, 2, 3, 5, 6, 7, 8]);
		const warnings = locatedMessages(r.err).filter((m) => m.message.startsWith('line is'));
		expect(warnings).toEqual([{where: `${file}:4`, severity: 'warning', message: `line is ${(size + 39).toLocaleString('en-US')} characters long; only the first 1,048,576 were read`}]);
	}, 120_000);

	it('empty input, as a file and on stdin (also "-"): one error, exit 1', () => {
		const file = join(dir, 'empty.log');
		writeFileSync(file, '');
		for (const [args, where] of [[[file], file], [[], '<stdin>'], [['-'], '<stdin>']] as const) {
			const r = runCli([...REC, ...args], {input: ''});
			expect(r.status).toBe(1);
			expect(locatedMessages(r.err)).toEqual([{where, severity: 'error', message: 'empty input'}]);
		}
	});

	it('a folder with a dangling symlink, a FIFO, a folder named like a file, a link loop and a symlink to a good file: the good files are read, the rest reported', () => {
		const folder = join(dir, 'folder');
		mkdirSync(folder);
		writeFileSync(join(folder, 'a.log'), dnsmasq(2));
		symlinkSync('/nonexistent/target.log', join(folder, 'dangling.log'));
		execFileSync('mkfifo', [join(folder, 'fifo.log')]);
		mkdirSync(join(folder, 'not-a-file.log'));
		symlinkSync(join(folder, 'a.log'), join(folder, 'z-link.log'));
		// A link back to the folder itself: followed once, no endless walk.
		symlinkSync(folder, join(folder, 'loop'));
		const r = runCli([...REC, folder], {timeout: 30_000});
		expect(r.status, r.err).toBe(0);
		const files = records(r.out).map((x) => x.origin.file);
		expect(files).toEqual([join(folder, 'a.log'), join(folder, 'a.log'), join(folder, 'z-link.log'), join(folder, 'z-link.log')]);
		const m = locatedMessages(r.err);
		expect(only(m, join(folder, 'dangling.log'))).toEqual([{where: join(folder, 'dangling.log'), severity: 'error', message: 'no such file or folder (a symbolic link to a missing target)'}]);
		expect(only(m, join(folder, 'fifo.log'))).toEqual([{where: join(folder, 'fifo.log'), severity: 'error', message: 'not a regular file (a FIFO); skipped'}]);
	});

	it('a folder named like a file, given directly, holds nothing: reported; the other input is read', () => {
		const d = join(dir, 'looks-like-a-file.log');
		mkdirSync(d);
		const good = join(dir, 'good.log');
		writeFileSync(good, dnsmasq(2));
		const r = runCli([...REC, d, good]);
		expect(r.status).toBe(0);
		expect(records(r.out)).toHaveLength(2);
		expect(locatedMessages(r.err)).toEqual([{where: d, severity: 'error', message: 'folder holds no readable files'}]);
	});

	it.skipIf(isRoot())('a file without read permission is reported, the other input read', () => {
		const locked = join(dir, 'locked.log');
		writeFileSync(locked, dnsmasq(1));
		chmodSync(locked, 0o000);
		const good = join(dir, 'good2.log');
		writeFileSync(good, dnsmasq(2));
		const r = runCli([...REC, locked, good]);
		expect(r.status).toBe(0);
		expect(records(r.out)).toHaveLength(2);
		expect(only(locatedMessages(r.err), locked)[0]?.message).toMatch(/permission denied/);
	});

	it('a missing file: exit 1 alone, exit 0 next to a readable one', () => {
		const missing = join(dir, 'missing.log');
		const alone = runCli([...REC, missing]);
		expect(alone.status).toBe(1);
		expect(locatedMessages(alone.err)).toEqual([{where: missing, severity: 'error', message: 'no such file or folder'}]);
		const good = join(dir, 'good3.log');
		writeFileSync(good, dnsmasq(3));
		const both = runCli([...REC, missing, good]);
		expect(both.status).toBe(0);
		expect(records(both.out)).toHaveLength(3);
	});

	it('a .gz that is not gzip is read as text (magic bytes decide, not names)', () => {
		const fake = join(dir, 'plain-text.log.gz');
		writeFileSync(fake, dnsmasq(5));
		const r = runCli([...REC, fake]);
		expect(r.status).toBe(0);
		expect(records(r.out)).toHaveLength(5);
		expect(r.err).toBe('');
		// And real gzip without the name is decompressed.
		const packed = join(dir, 'packed-without-extension');
		writeFileSync(packed, gzipSync(dnsmasq(4)));
		expect(records(runCli([...REC, packed]).out)).toHaveLength(4);
	});

	it('a truncated real gzip: the records before the damage are kept (also when it is the only input), with a located error', () => {
		const n = 60_000;
		const packed = gzipSync(dnsmasq(n));
		const file = join(dir, 'cut.log.gz');
		writeFileSync(file, packed.subarray(0, Math.floor(packed.length / 2)));
		const r = runCli([...REC, file]);
		expect(r.status).toBe(0);
		const got = records(r.out);
		expect(got.length).toBeGreaterThan(1000);
		expect(got.length).toBeLessThan(n);
		// Every record before the damage, in order, none missing.
		expect(got.map((x) => x.host)).toEqual(Array.from({length: got.length}, (_, i) => `host${i}.example.com`));
		const m = locatedMessages(r.err);
		expect(m).toHaveLength(1);
		expect(m[0]!.where).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+$`));
		expect(m[0]!.severity).toBe('error');
		expect(m[0]!.message).toMatch(/^reading stopped after [\d,]+ bytes: not a valid gzip stream \(unexpected end of file\)$/);
	});

	it('a gzip stream with corrupt bytes in the middle: same', () => {
		const packed = Buffer.from(gzipSync(dnsmasq(60_000)));
		for (let i = Math.floor(packed.length / 2); i < Math.floor(packed.length / 2) + 64; i++) packed[i] = 0x55;
		const file = join(dir, 'corrupt.gz');
		writeFileSync(file, packed);
		const r = runCli([...REC, file]);
		expect(r.status).toBe(0);
		// Deflate cannot notice corruption at once: lines decoded from damaged blocks may come before the
		// error. The records before the damage are all there, in order.
		const hosts = records(r.out).map((x) => x.host);
		const intact = hosts.findIndex((h, i) => h !== `host${i}.example.com`);
		expect(intact).toBeGreaterThan(1000);
		expect(locatedMessages(r.err).filter((m) => m.severity === 'error')).toEqual([{where: expect.stringMatching(/corrupt\.gz:\d+$/), severity: 'error', message: expect.stringMatching(/^reading stopped after [\d,]+ bytes: not a valid gzip stream/)}]);
	});

	it('several inputs where one is bad: the others are fully read, exit 0', () => {
		const a = join(dir, 'multi-a.log');
		const b = join(dir, 'multi-b.bin');
		const c = join(dir, 'multi-c.log');
		writeFileSync(a, dnsmasq(3));
		writeFileSync(b, Buffer.from([0, 1, 2, 3]));
		writeFileSync(c, dnsmasq(4, 3));
		const r = runCli([...REC, a, b, c]);
		expect(r.status).toBe(0);
		expect(records(r.out)).toHaveLength(7);
		expect(locatedMessages(r.err).map((m) => m.where)).toEqual([b]);
	});

	it('usage errors exit 2 with one message and read nothing', () => {
		for (const args of [['--output', 'xml', 'x.log'], ['--no-such-option'], ['--view', 'nope', 'x.log'], ['--type', 'nope', 'x.log'], ['--max-records', '-1', 'x.log']]) {
			const r = runCli(args);
			expect(r.status, args.join(' ')).toBe(2);
			expect(r.err).toMatch(/^telemetry-tui: .+ \(see --help\)\n$/);
			expect(r.out).toBe('');
		}
		// No input at all (stdin a terminal is simulated by no pipe data being impossible here): an empty pipe is "empty input", exit 1.
		expect(runCli(['--print'], {input: ''}).status).toBe(1);
	});
});

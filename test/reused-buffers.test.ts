/**
Files are read into two buffers used in turn (source/input/sources.ts, `readChunks`): a chunk is valid
only until the next one is asked for. Every consumer that keeps bytes past its turn (the detection head,
the gzip decompressor, the UTF-8 counter's carried bytes, the line splitter, every byte parser) must copy
them. These tests feed every golden input through a source whose single buffer is overwritten with
garbage as soon as the next chunk is asked for, and compare the records and diagnostics with a run on
fresh chunks: a consumer that kept a view reads garbage and the two runs differ.
*/
import {execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {FORMATS} from '../source/formats/registry.js';
import {type InputSource, readChunks, resolveInputs} from '../source/input/sources.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {GOLDENS, ROOT} from './helpers/format-inputs.js';
import {allRecords} from './helpers/records.js';
import {tenth} from './helpers/tier.js';

/** `bytes` in chunks of `size`: fresh copies, or views of ONE buffer overwritten once the next chunk is asked for. */
async function* chunks(bytes: Uint8Array, size: number, reused: boolean): AsyncIterable<Uint8Array> {
	const buffer = Buffer.alloc(size);
	for (let at = 0; at < bytes.length; at += size) {
		const piece = bytes.subarray(at, Math.min(bytes.length, at + size));
		if (!reused) {
			yield Buffer.from(piece);
			continue;
		}
		buffer.set(piece);
		yield buffer.subarray(0, piece.length);
		// The consumer asked for the next chunk: what it kept of this one is garbage now. 0xEE starts a
		// three-byte UTF-8 sequence, so kept text bytes turn invalid and kept binary bytes wrong.
		buffer.fill(0xee);
	}
}

type Case = {name: string; bytes: Uint8Array; format?: string; options?: Readonly<Record<string, unknown>>};

async function ingest(c: Case, size: number, reused: boolean): Promise<unknown> {
	const source: InputSource = {name: c.name, size: c.bytes.length, live: false, open: () => chunks(c.bytes, size, reused)};
	const store = new RecordStore({spool: true});
	const type = c.format === undefined ? undefined : FORMATS.find((f) => f.name === c.format);
	const options = {formats: FORMATS, type, classifier: createClassifier(), showSecrets: false, ...(c.options ? {formatOptions: c.options} : {})};
	await ingestAll([source], [], store, options);
	const inputs = store.inputs.map((i) => ({format: i.format, status: i.status, records: i.records, bytes: i.bytes}));
	return {records: allRecords(store), diagnostics: store.diagnostics, inputs};
}

/** Text with multi-byte characters split across chunks and invalid bytes: what the UTF-8 counter carries over (past
the 64 KiB detection head, whose chunks are copies). */
const accented = Buffer.concat(
	Array.from({length: 300}, (_, i) =>
		Buffer.concat([
			Buffer.from(`192.168.1.${i % 200} - - [14/Mar/2025:19:00:${String(i % 60).padStart(2, '0')} +0000] "GET /library/sections/${i}/all?title=Amélie%20${i} HTTP/1.1" `),
			Buffer.from(`200 512 "-" "Plex/1.0 (Größe ${i} — ${'東京'.repeat(60)})" `),
			i % 37 === 0 ? Buffer.from([0xc3, 0x28]) : Buffer.alloc(0),
			Buffer.from('\n'),
		]),
	),
);

const CASES: Case[] = [
	...Object.entries(GOLDENS).flatMap(([format, {inputs}]) =>
		inputs.map((input) => ({
			name: input.path,
			bytes: readFileSync(join(ROOT, input.path.replace(/^\//, ''))),
			...(input.detected === false ? {format} : {}),
			...(input.options ? {options: input.options} : {}),
		})),
	),
	{name: 'accented.log', bytes: accented},
];

describe('reused read buffers', () => {
	// 1000 bytes: many chunks per input, so the detection head (64 KiB) spans dozens of them and records,
	// lines, packets and characters are cut at every kind of place.
	// Every input in the slow tier (and the gate); every tenth and the accented text in the unit tier.
	it.each([...tenth(CASES.slice(0, -1)), CASES.at(-1)!].map((c) => [c.name, c] as const))('%s: the same records and diagnostics as with fresh chunks', async (_, c) => {
		const fresh = await ingest(c, 1000, false);
		expect(await ingest(c, 1000, true)).toEqual(fresh);
	});

	it('gzip-compressed inputs too (the decompressor holds chunks while it works)', async () => {
		for (const c of CASES.filter((x) => /lan-ethernet\.pcap$|firefox|accented/.test(x.name))) {
			const packed = {...c, name: `${c.name}.gz`, bytes: gzipSync(c.bytes)};
			const fresh = await ingest(packed, 777, false);
			expect((fresh as {records: unknown[]}).records.length, c.name).toBeGreaterThan(0);
			expect(await ingest(packed, 777, true), c.name).toEqual(fresh);
		}
	});

	it('the overwriting source does break a consumer that keeps a view (the test can fail)', async () => {
		const kept: Uint8Array[] = [];
		for await (const chunk of chunks(Buffer.from('abcdef'), 2, true)) kept.push(chunk);
		expect(Buffer.concat(kept).toString('latin1')).not.toBe('abcdef');
	});
});

describe('readChunks', () => {
	const dir = mkdtempSync(join(tmpdir(), 'ttui-read-'));
	const bytes = Buffer.from(Array.from({length: 10_000}, (_, i) => (i * 7919) % 251));
	const file = join(dir, 'bytes.bin');
	writeFileSync(file, bytes);

	it('gives the file in order for every chunk size, into two buffers used in turn', async () => {
		for (const size of [1, 999, 1000, 4096, 9999, 10_000, 10_001, 65_536]) {
			const copies: Buffer[] = [];
			const buffers = new Set<ArrayBufferLike>();
			for await (const chunk of readChunks(file, size)) {
				expect(chunk.length).toBeLessThanOrEqual(size);
				copies.push(Buffer.from(chunk));
				buffers.add(chunk.buffer);
			}
			expect(Buffer.concat(copies).equals(bytes), `size ${size}`).toBe(true);
			expect(buffers.size, `size ${size}`).toBeLessThanOrEqual(2);
		}
	});

	it('an empty file gives no chunk; a consumer that stops early leaves no read under way and the file closed', async () => {
		const empty = join(dir, 'empty.bin');
		writeFileSync(empty, '');
		const got: Uint8Array[] = [];
		for await (const chunk of readChunks(empty, 1024)) got.push(chunk);
		expect(got).toEqual([]);
		// Descriptors of this process open on the file (Linux; none elsewhere, where the check passes trivially).
		const openOnFile = (): number => {
			if (!existsSync('/proc/self/fd')) return 0;
			return readdirSync('/proc/self/fd').filter((fd) => {
				try {
					return readlinkSync(`/proc/self/fd/${fd}`) === file;
				} catch {
					return false;
				}
			}).length;
		};
		for await (const chunk of readChunks(file, 100)) {
			expect(chunk[0]).toBe(bytes[0]);
			expect(openOnFile()).toBe(1);
			break;
		}
		expect(openOnFile()).toBe(0);
	});

	it('reads a regular file in small chunks by this thread, and the event loop still gets its turns', async () => {
		const large = join(dir, 'large.bin');
		writeFileSync(large, Buffer.alloc(4 * 1024 * 1024, 7));
		let turns = 0;
		const timer = setInterval(() => turns++, 1);
		let chunks = 0;
		let turnsAtFirst = 0;
		let turnsBeforeEnd = 0;
		try {
			for await (const chunk of readChunks(large, 1024 * 1024)) {
				expect(chunk.length).toBeLessThanOrEqual(128 * 1024);
				if (chunks++ === 0) turnsAtFirst = turns;
				// A consumer that takes its time: 2 ms a chunk, 64 ms in all.
				const until = performance.now() + 2;
				while (performance.now() < until);
				turnsBeforeEnd = turns;
			}
		} finally {
			clearInterval(timer);
		}
		expect(chunks).toBe(32);
		// Turns of the event loop between the first chunk and the last (opening the file gives some before).
		expect(turnsBeforeEnd).toBeGreaterThan(turnsAtFirst);
	});

	it('stops with an AbortError when its signal aborts (ingestion keeps what was read)', async () => {
		const controller = new AbortController();
		let n = 0;
		const reading = (async () => {
			for await (const _ of readChunks(file, 100, controller.signal)) if (++n === 3) controller.abort();
		})();
		await expect(reading).rejects.toMatchObject({name: 'AbortError'});
		expect(n).toBe(3);
	});

	it.skipIf(process.platform === 'win32')('a FIFO given by path: it is read, and an abort stops at once a read that waits for a writer', async () => {
		const fifo = join(dir, 'fifo.log');
		execFileSync('mkfifo', [fifo]);
		const stdin = Object.assign(Readable.from([]), {isTTY: true});
		// A writer that writes two lines and closes: both are read.
		const writer = spawn('sh', ['-c', `printf 'REQ https://plex.tv/a\\nREQ https://plex.tv/b\\n' > '${fifo}'`]);
		const written = new Promise((resolve) => writer.on('close', resolve));
		const {sources} = await resolveInputs([fifo], {stdin, follow: false});
		const got: string[] = [];
		for await (const chunk of sources[0]!.open()) got.push(Buffer.from(chunk).toString());
		expect(got.join('')).toBe('REQ https://plex.tv/a\nREQ https://plex.tv/b\n');
		await written;
		// A writer that opens the FIFO and says nothing: the abort ends the read at once.
		const silent = spawn('sh', ['-c', `exec 3>'${fifo}'; sleep 15`]);
		try {
			const controller = new AbortController();
			const {sources: again} = await resolveInputs([fifo], {stdin, follow: false});
			setTimeout(() => controller.abort(), 200);
			const started = Date.now();
			await expect((async () => {
				for await (const _ of again[0]!.open(controller.signal));
			})()).rejects.toMatchObject({name: 'AbortError'});
			expect(Date.now() - started).toBeLessThan(10_000);
		} finally {
			silent.kill();
		}
	});
});

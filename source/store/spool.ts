/**
The spool: every finalised record as one line of JSON in a private temporary file, read back on demand.

The store keeps in memory only what queries need (typed columns). What a reader wants only for a few
records at a time — the full redacted URL, body fields, the record as JSON for `--output json`, the
record detail — is written here once and re-read by byte offset, the way lnav re-reads lines from its
line index instead of keeping them.

Only finalised records are spooled: redacted and masked, so the file holds no secret and no raw
identifier that outputs could not show anyway (less than the user's own input holds). It lives in a
fresh mode-0700 directory, is created mode 0600 with O_EXCL, and is unlinked as soon as it is open: the
open descriptor keeps it readable, and no exit path — a signal, a crash, `kill -9` — can leave it behind.
Where unlinking an open file is not possible (Windows), it is removed on exit.
*/
import {isAscii} from 'node:buffer';
import {closeSync, mkdtempSync, openSync, readSync, rmdirSync, rmSync, unlinkSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const WRITE_BUFFER = 1 << 20;
const READ_BLOCK = 1 << 20;

export class Spool {
	private readonly fd: number;
	private readonly buffer = Buffer.allocUnsafe(WRITE_BUFFER);
	private pending = 0;
	/** Bytes written to the file (the buffer holds the bytes after these). */
	private flushed = 0;
	private closed = false;
	private block: {start: number; bytes: Buffer; length: number} | undefined;
	private readonly leftover: string | undefined;
	private readonly decoder = new TextDecoder();
	private runBuffer = Buffer.allocUnsafe(0);

	constructor() {
		({fd: this.fd, leftover: this.leftover} = openPrivateFile('records.ndjson'));
		if (this.leftover) process.once('exit', () => this.close());
	}

	/** Bytes in the spool (written or buffered): the offset the next record gets. */
	get size(): number {
		return this.flushed + this.pending;
	}

	/**
	Append one record's text and a newline; returns its start offset. The newline is written as a byte, not
	joined to the text: a joined string is flattened (copied) to be encoded, a record's worth of garbage each.
	*/
	appendLine(text: string): number {
		const start = this.size;
		// UTF-8 takes at most three bytes per UTF-16 unit: make sure the buffer has room for the worst case.
		if (this.buffer.length - this.pending < text.length * 3 + 1) {
			this.flush();
			if (text.length * 3 + 1 > this.buffer.length) {
				const bytes = Buffer.from(`${text}\n`, 'utf8');
				this.writeOut(bytes, bytes.length);
				return start;
			}
		}
		this.pending += this.buffer.write(text, this.pending, 'utf8');
		this.buffer[this.pending++] = 0x0a;
		return start;
	}

	/** The text between two offsets (one record: its start and the next record's start). */
	read(start: number, end: number): string {
		if (end <= start) return '';
		if (start >= this.flushed) return this.decoder.decode(this.buffer.subarray(start - this.flushed, end - this.flushed));
		if (end > this.flushed) this.flush();
		const b = this.block;
		if (b && start >= b.start && end <= b.start + b.length) return this.decoder.decode(b.bytes.subarray(start - b.start, end - b.start));
		const length = Math.max(end - start, READ_BLOCK);
		const bytes = b && b.bytes.length >= length ? b.bytes : Buffer.allocUnsafe(length);
		const got = readFully(this.fd, bytes, Math.min(length, this.flushed - start), start);
		this.block = {start, bytes, length: got};
		return this.decoder.decode(bytes.subarray(0, Math.min(end - start, got)));
	}

	/**
	The text of a run of records from `starts[0]` up to at most `maxBytes` further (whole records only, at
	least one): the text and where each record starts in it (characters). Used to scan many records at
	once (free-text search); a block of plain ASCII is sliced by byte offsets without decoding twice.
	*/
	readRun(starts: {get(i: number): number}, first: number, count: number, maxBytes: number): {text: string; at: number[]; end: number} {
		const {bytes, at: byteAt, end} = this.readRunBytes(starts, first, count, maxBytes);
		if (isAscii(bytes)) return {text: bytes.toString('latin1'), at: byteAt, end};
		const base = starts.get(first);
		// Not plain ASCII (a mask's `…` is enough): decoded once, and each record's start found after the
		// newline that ends the one before (JSON text never holds a raw newline). Decoding record by record
		// instead took most of a free-text search's time.
		const text = this.decoder.decode(bytes);
		const at: number[] = [0];
		for (let p = text.indexOf('\n'); p !== -1 && at.length <= end - first; p = text.indexOf('\n', p + 1)) at.push(p + 1);
		if (at.length === end - first + 1 && at[end - first] === text.length) return {text, at, end};
		return this.decodeRecords(bytes, starts, first, end, base);
	}

	/**
	The bytes of a run of records, as `readRun` chooses them, and where each record starts in them (bytes).
	The buffer is reused: valid until the next read.
	*/
	readRunBytes(starts: {get(i: number): number}, first: number, count: number, maxBytes: number): {bytes: Buffer; at: number[]; end: number} {
		const base = starts.get(first);
		let end = first + 1;
		while (end < first + count && starts.get(end + 1) - base <= maxBytes) end++;
		const limit = starts.get(end);
		if (limit > this.flushed) this.flush();
		// One reusable buffer: a fresh megabyte per block costs more in page faults than the read itself.
		if (this.runBuffer.length < limit - base) this.runBuffer = Buffer.allocUnsafe(Math.max(limit - base, READ_BLOCK));
		const bytes = this.runBuffer.subarray(0, limit - base);
		readFully(this.fd, bytes, bytes.length, base);
		const at: number[] = [];
		for (let k = first; k <= end; k++) at.push(starts.get(k) - base);
		return {bytes, at, end};
	}

	/** A run decoded record by record (records whose text is not one line each). */
	private decodeRecords(bytes: Buffer, starts: {get(i: number): number}, first: number, end: number, base: number): {text: string; at: number[]; end: number} {
		const parts: string[] = [];
		const at: number[] = [0];
		let length = 0;
		for (let k = first; k < end; k++) {
			const part = this.decoder.decode(bytes.subarray(starts.get(k) - base, starts.get(k + 1) - base));
			parts.push(part);
			length += part.length;
			at.push(length);
		}
		return {text: parts.join(''), at, end};
	}

	private flush(): void {
		if (this.pending === 0) return;
		this.writeOut(this.buffer, this.pending);
		this.pending = 0;
	}

	private writeOut(bytes: Buffer, length: number): void {
		let done = 0;
		while (done < length) done += writeSync(this.fd, bytes, done, length - done, this.flushed + done);
		this.flushed += length;
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		try {
			closeSync(this.fd);
		} catch {
			// already closed
		}
		if (this.leftover) rmSync(this.leftover, {recursive: true, force: true});
	}
}

/**
A private temporary file (the spool, the columns' spill file): created mode 0600 with O_EXCL in a fresh
mode-0700 folder and unlinked, folder and all, as soon as it is open. Where an open file cannot be
unlinked (Windows), `leftover` is the folder its owner removes on close or at exit.
*/
export function openPrivateFile(name: string): {fd: number; leftover: string | undefined} {
	const dir = mkdtempSync(join(tmpdir(), 'telemetry-tui-'));
	const path = join(dir, name);
	const fd = openSync(path, 'wx+', 0o600);
	try {
		unlinkSync(path);
		rmdirSync(dir);
		return {fd, leftover: undefined};
	} catch {
		return {fd, leftover: dir};
	}
}

function readFully(fd: number, into: Buffer, length: number, position: number): number {
	let got = 0;
	while (got < length) {
		const n = readSync(fd, into, got, length - got, position + got);
		if (n === 0) break;
		got += n;
	}
	return got;
}

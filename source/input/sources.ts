/**
Where bytes come from: files, folders (walked recursively, in name order, links followed), gzip (recognised by its
magic bytes, not its name), stdin, and followed files (`--follow`, like `tail -F`: keeps reading as the
file grows and starts again when it is rotated or truncated). This module only reads bytes; it knows
nothing of formats.
*/
import {readSync, type Stats} from 'node:fs';
import {open, readdir, realpath, stat} from 'node:fs/promises';
import {join, relative} from 'node:path';
import {pipeline, Readable} from 'node:stream';
import {createGunzip} from 'node:zlib';

export type InputSource = {
	/** Display name (path as given, `dir/file` inside a folder, or `<stdin>`). */
	readonly name: string;
	/** Size in bytes when known (files), for progress. */
	readonly size: number | undefined;
	/** True for stdin and followed files: the input may never end. */
	readonly live: boolean;
	/** Last modification time (files), which gives year-less log lines (syslog, dnsmasq) their year. */
	readonly mtime?: Date;
	/** The file's path, for a file read once to its end (not stdin, not followed): a parse worker opens it again. */
	readonly path?: string;
	/**
	Raw bytes, as read (possibly gzip-compressed). A chunk is valid only until the next one is asked for:
	files are read into buffers used again (`readChunks`), so a consumer that keeps bytes past its turn of
	the loop copies them.
	*/
	open(signal?: AbortSignal): AsyncIterable<Uint8Array>;
};

export type InputProblem = {name: string; message: string};

const CHUNK = 1024 * 1024;

function describeError(error: unknown): string {
	const e = error as NodeJS.ErrnoException;
	switch (e.code) {
		case 'ENOENT':
			return 'no such file or folder';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EISDIR':
			return 'is a folder';
		default:
			return e.code ? `${e.code}: ${e.message}` : String(e.message ?? error);
	}
}

/** The error a read stopped by its signal ends with (as Node's streams name it; ingestion keeps what was read). */
function abortError(): Error {
	return Object.assign(new Error('The operation was aborted'), {name: 'AbortError', code: 'ABORT_ERR'});
}

/**
Read a file from its start to its end in chunks of at most `size` bytes. A chunk is valid until the next is
asked for. A regular file is read by this thread, a small chunk at a time (`readFileInPlace`); anything else
(a FIFO, a device) into two buffers of `size` used in turn: while the consumer reads one chunk, the next is
read into the other by the thread pool.

Why not a fresh buffer per chunk (a read stream): on this VM the first touch of a freshly allocated
megabyte costs a page fault per 4 KiB, and each one adds "external memory" that triggers garbage
collections; reading 514 MiB took 0.66 s that way and 0.35 s into one reused buffer (bench/pcap-ingest.ts).
The second buffer lets the read of the next chunk overlap the parsing of this one.
*/
export async function* readChunks(path: string, size: number, signal?: AbortSignal): AsyncIterable<Uint8Array> {
	if (signal?.aborted) throw abortError();
	const handle = await open(path, 'r');
	if ((await handle.stat().catch(() => undefined))?.isFile()) {
		try {
			yield* readFileInPlace(handle.fd, Math.min(size, IN_PLACE_CHUNK), signal);
		} finally {
			await handle.close();
		}
		return;
	}
	const buffers = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)] as const;
	const fill = (buffer: Buffer): Promise<number> => handle.read(buffer, 0, size, null).then((r) => r.bytesRead);
	let turn = 0;
	let next: Promise<number> | undefined = fill(buffers[0]);
	try {
		for (;;) {
			const n = await unlessAborted(next, signal);
			next = undefined;
			if (n === 0) return;
			if (signal?.aborted) throw abortError();
			const chunk = buffers[turn]!;
			turn ^= 1;
			next = fill(buffers[turn]!);
			yield n === size ? chunk : chunk.subarray(0, n);
		}
	} finally {
		const pending = next;
		if (pending && signal?.aborted) {
			// A read that waits for a writer (a FIFO given by path, `<(…)`) is not waited for: Ctrl-C stops
			// now, and the file is closed when that read ends.
			pending.then(
				() => handle.close(),
				() => handle.close(),
			).catch(() => {});
		} else {
			// A read still under way (the consumer stopped early) finishes before the file is closed.
			await pending?.catch(() => {});
			await handle.close();
		}
	}
}

/**
A regular file is read by this thread into one buffer of `IN_PLACE_CHUNK` bytes, each chunk just before the
consumer reads it: the kernel's copy leaves the chunk in this core's cache, where the consumer finds it.
Measured on the 514 MiB capture (bench/pcap-ingest.ts, 3 December 2026, load 12): reading it took 86–103 ms
of CPU this way against 373–410 ms in 1 MiB chunks by the thread pool (two buffers in turn), and the pcap
parser reading it 626–855 ms against 1,009–1,349 ms. A read of a regular file never waits for a writer,
so it cannot hold the thread; a FIFO, a device or a socket given by path is read as before, by the thread
pool. The event loop gets a turn every `TURN_MS` (a thread-pool read gave it one per chunk), so the UI
redraws and Ctrl-C is heard while a large file is read.
*/
async function* readFileInPlace(fd: number, size: number, signal: AbortSignal | undefined): AsyncIterable<Uint8Array> {
	const buffer = Buffer.allocUnsafeSlow(size);
	let turn = performance.now();
	for (;;) {
		const n = readSync(fd, buffer, 0, size, null);
		if (n === 0) return;
		if (signal?.aborted) throw abortError();
		yield n === size ? buffer : buffer.subarray(0, n);
		if (performance.now() - turn >= TURN_MS) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			turn = performance.now();
			if (signal?.aborted) throw abortError();
		}
	}
}

/** The chunk a regular file is read in by this thread: it and its consumer's work stay in the core's cache (L2). */
const IN_PLACE_CHUNK = 128 * 1024;
/** The longest the event loop waits while a regular file is read. */
const TURN_MS = 8;

/** `read`'s result, or an AbortError as soon as `signal` aborts (the read itself goes on). */
function unlessAborted<T>(read: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (!signal) return read;
	return new Promise<T>((resolve, reject) => {
		const onAbort = (): void => reject(abortError());
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, {once: true});
		read.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
	});
}

export function fileSource(path: string, name: string, size: number, mtime?: Date): InputSource {
	return {
		name,
		size,
		live: false,
		path,
		...(mtime ? {mtime} : {}),
		// A small file gets buffers its size, not a megabyte each (a folder of 100,000 small files would
		// allocate 100 GB of read buffers for the garbage collector to catch up with).
		open: (signal) => readChunks(path, Math.min(CHUNK, Math.max(16 * 1024, size + 1)), signal),
	};
}

/**
Sleepers waiting on each signal, woken together by ONE abort listener: thousands of followed files poll
on the same signal, and a listener each would pass Node's limit of ten (`MaxListenersExceededWarning`)
and cost a closure per file. The listener is removed when the last sleeper wakes.
*/
const sleepers = new WeakMap<AbortSignal, {wakers: Set<() => void>; onAbort: () => void}>();

/** Wait `ms`, or less when `signal` aborts. However many wait at once, the signal has at most one abort listener from here. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (!signal) {
			setTimeout(resolve, ms);
			return;
		}
		if (signal.aborted) {
			resolve();
			return;
		}
		let group = sleepers.get(signal);
		if (!group) {
			const wakers = new Set<() => void>();
			const onAbort = (): void => {
				sleepers.delete(signal);
				for (const wake of wakers) wake();
				wakers.clear();
			};
			group = {wakers, onAbort};
			sleepers.set(signal, group);
			signal.addEventListener('abort', onAbort, {once: true});
		}
		const {wakers, onAbort} = group;
		const done = (): void => {
			clearTimeout(timer);
			wakers.delete(done);
			if (wakers.size === 0 && sleepers.get(signal)?.wakers === wakers) {
				sleepers.delete(signal);
				signal.removeEventListener('abort', onAbort);
			}
			resolve();
		};
		const timer = setTimeout(done, ms);
		wakers.add(done);
	});
}

/** How often followed files are polled: every 250 ms, slower when there are very many (one ms per file). */
export function followPollMs(files: number): number {
	return Math.max(250, files);
}

/**
Read a file and keep reading as it grows; start again from the beginning when it is replaced (rotation)
or truncated. The file is open only while it has new bytes to read, and the read buffer is no larger than
what is new, so following thousands of files holds neither a descriptor nor a megabyte each.
*/
export async function* followFile(path: string, signal?: AbortSignal, pollMs = 250): AsyncIterable<Uint8Array> {
	let position = 0;
	let ino: number | undefined;
	let first = true;
	while (!signal?.aborted) {
		if (!first) await sleep(pollMs, signal);
		if (signal?.aborted) return;
		let current: Stats;
		try {
			current = await stat(path);
		} catch (error) {
			// A missing file at the start is an error (as for any input); later it is rotated away and not yet recreated.
			if (first) throw error;
			continue;
		}
		first = false;
		if (ino !== undefined && (current.ino !== ino || current.size < position)) position = 0;
		ino = current.ino;
		if (current.size <= position) continue;
		const handle = await open(path, 'r');
		try {
			for (;;) {
				if (signal?.aborted) return;
				const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(16 * 1024, current.size - position)));
				const {bytesRead} = await handle.read(buffer, 0, buffer.length, position);
				if (bytesRead === 0) break;
				position += bytesRead;
				yield bytesRead === buffer.length ? buffer : Buffer.from(buffer.subarray(0, bytesRead));
			}
		} finally {
			await handle.close();
		}
	}
}

/** The followed files of one run: their count sets the poll interval (`followPollMs`). */
type Follow = {count: number};

function followedSource(path: string, name: string, info: Stats, follow: Follow): InputSource {
	follow.count++;
	return {name, size: info.size, live: true, mtime: info.mtime, open: (signal) => followFile(path, signal, followPollMs(follow.count))};
}

/**
Natural name order, so `Plex Media Server.2.log` sorts before `.10.log`. Made when a folder is first read:
a collator costs 15–20 ms of ICU set-up, which a start on files alone need not pay.
*/
let collator: Intl.Collator | undefined;

/** What a non-regular file is, for the message that says it was skipped. */
function specialKind(entry: {isFIFO(): boolean; isSocket(): boolean}): string {
	return entry.isFIFO() ? 'a FIFO' : entry.isSocket() ? 'a socket' : 'a device';
}

/**
Walk a folder. Symbolic links are followed (a linked folder once: `seen` holds real paths, so a link
loop ends); a dangling link is reported. FIFOs, sockets and devices are reported and skipped: reading
one could block forever.
*/
async function walk(dir: string, root: string, out: InputSource[], problems: InputProblem[], follow: Follow | undefined, seen = new Set<string>()): Promise<void> {
	try {
		const real = await realpath(dir);
		if (seen.has(real)) return;
		seen.add(real);
	} catch {
		// readdir below reports it
	}
	let entries;
	try {
		entries = await readdir(dir, {withFileTypes: true});
	} catch (error) {
		problems.push({name: relative(root, dir) || dir, message: describeError(error)});
		return;
	}
	const order = (collator ??= new Intl.Collator('en', {numeric: true, sensitivity: 'base'}));
	entries.sort((a, b) => order.compare(a.name, b.name));
	for (const entry of entries) {
		if (entry.name.startsWith('.')) continue;
		const full = join(dir, entry.name);
		const display = join(root, relative(root, full));
		if (entry.isDirectory()) {
			await walk(full, root, out, problems, follow, seen);
			continue;
		}
		let info: Stats;
		try {
			info = await stat(full);
		} catch (error) {
			problems.push({name: display, message: entry.isSymbolicLink() ? `${describeError(error)} (a symbolic link to a missing target)` : describeError(error)});
			continue;
		}
		// --follow follows a folder's logs too; compressed ones are archives (rotated away) and are read once.
		if (info.isFile()) out.push(follow && !/\.gz$/i.test(entry.name) ? followedSource(full, display, info, follow) : fileSource(full, display, info.size, info.mtime));
		else if (info.isDirectory()) await walk(full, root, out, problems, follow, seen);
		else problems.push({name: display, message: `not a regular file (${specialKind(info)}); skipped`});
	}
}

/**
Turn command-line arguments into inputs. `-` is stdin. With no arguments, stdin is used when it is
not a terminal. Missing or unreadable paths become problems; the other inputs are still read.
*/
export async function resolveInputs(args: readonly string[], options: {stdin: NodeJS.ReadableStream & {isTTY?: boolean}; follow: boolean}): Promise<{sources: InputSource[]; problems: InputProblem[]}> {
	const sources: InputSource[] = [];
	const problems: InputProblem[] = [];
	const follow: Follow | undefined = options.follow ? {count: 0} : undefined;
	const stdinSource = (): InputSource => ({name: '<stdin>', size: undefined, live: true, open: (signal) => untilAborted(options.stdin as AsyncIterable<Uint8Array> & {destroy?: () => void}, signal)});
	if (args.length === 0) {
		if (!options.stdin.isTTY) sources.push(stdinSource());
		return {sources, problems};
	}
	for (const arg of args) {
		if (arg === '-') {
			sources.push(stdinSource());
			continue;
		}
		let info: Stats;
		try {
			info = await stat(arg);
		} catch (error) {
			problems.push({name: arg, message: describeError(error)});
			continue;
		}
		if (info.isDirectory()) {
			const before = sources.length;
			await walk(arg, arg, sources, problems, follow);
			if (sources.length === before) problems.push({name: arg, message: 'folder holds no readable files'});
		} else if (follow) {
			sources.push(followedSource(arg, arg, info, follow));
		} else {
			sources.push(fileSource(arg, arg, info.size, info.mtime));
		}
	}
	return {sources, problems};
}

/**
Iterate a stream until it ends or `signal` aborts. Stdin may never end (a pipe kept open, `tail -f |`):
Ctrl-C must still stop reading. On abort the stream is stopped, so its open handle does not keep the
process alive after the output is printed.
*/
export async function* untilAborted(stream: AsyncIterable<Uint8Array> & {destroy?: () => void}, signal: AbortSignal | undefined): AsyncIterable<Uint8Array> {
	const iterator = stream[Symbol.asyncIterator]();
	try {
		while (!signal?.aborted) {
			const next = iterator.next();
			// The read still pending when the signal wins must not become an unhandled rejection.
			next.catch(() => {});
			// One settled promise and one listener per read, both gone after it: racing every read against
			// one long-lived "aborted" promise left a reaction on it per read, each holding its chunk (1 GB
			// piped in held 1.15 GB).
			let onAbort: (() => void) | undefined;
			const result = await new Promise<IteratorResult<Uint8Array, undefined>>((resolve, reject) => {
				onAbort = () => resolve({done: true, value: undefined});
				signal?.addEventListener('abort', onAbort, {once: true});
				next.then(resolve, reject);
			}).finally(() => {
				if (onAbort) signal?.removeEventListener('abort', onAbort);
			});
			if (result.done) return;
			yield result.value;
		}
	} finally {
		// `return()` on a Readable's iterator waits for the pending read, which may never come: destroy.
		if (signal?.aborted) stream.destroy?.();
		else iterator.return?.()?.catch(() => {});
	}
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
Decompress transparently when the stream starts with the gzip magic bytes. `onRaw` is told how many
raw (compressed) bytes were read, for progress.
*/
export async function* decompressed(raw: AsyncIterable<Uint8Array>, onRaw: (bytes: number) => void): AsyncIterable<Uint8Array> {
	const iterator = raw[Symbol.asyncIterator]();
	let first = await iterator.next();
	while (!first.done && first.value.length === 0) first = await iterator.next();
	if (first.done) return;
	const head = first.value;
	onRaw(head.length);
	const gzip = head.length >= 2 ? isGzip(head) : head[0] === 0x1f;
	async function* rest(): AsyncIterable<Uint8Array> {
		// The decompressor reads ahead and holds chunks while it works: it gets copies (a file's reader
		// reuses its buffers).
		yield gzip ? Buffer.from(head) : head;
		for (;;) {
			const next = await iterator.next();
			if (next.done) return;
			onRaw(next.value.length);
			yield gzip ? Buffer.from(next.value) : next.value;
		}
	}
	if (gzip) {
		const gunzip = createGunzip();
		// pipeline (not pipe) so that a read error upstream also ends the decompressor with that error.
		pipeline(Readable.from(rest()), gunzip, () => {});
		yield* gunzip as AsyncIterable<Uint8Array>;
	} else {
		yield* rest();
	}
}

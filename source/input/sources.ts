/**
Where bytes come from: files, folders (walked recursively, in name order, links followed), gzip (recognised by its
magic bytes, not its name), stdin, and followed files (`--follow`, like `tail -F`: keeps reading as the
file grows and starts again when it is rotated or truncated). This module only reads bytes; it knows
nothing of formats.
*/
import {createReadStream, type Stats} from 'node:fs';
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
	/** Raw bytes, as read (possibly gzip-compressed). */
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

function fileSource(path: string, name: string, size: number, mtime?: Date): InputSource {
	return {
		name,
		size,
		live: false,
		...(mtime ? {mtime} : {}),
		open: (signal) => createReadStream(path, {highWaterMark: CHUNK, signal}),
	};
}

/** Wait `ms`, or less when `signal` aborts; the abort listener is removed either way (a poll every 250 ms must not add one each time). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const onAbort = (): void => {
			clearTimeout(t);
			resolve();
		};
		const t = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** Read a file and keep reading as it grows; reopen when it is replaced (rotation) or truncated. */
export async function* followFile(path: string, signal?: AbortSignal, pollMs = 250): AsyncIterable<Uint8Array> {
	let handle = await open(path, 'r');
	let position = 0;
	let ino = (await handle.stat()).ino;
	const buffer = Buffer.allocUnsafe(CHUNK);
	try {
		while (!signal?.aborted) {
			const {bytesRead} = await handle.read(buffer, 0, CHUNK, position);
			if (bytesRead > 0) {
				position += bytesRead;
				yield Buffer.from(buffer.subarray(0, bytesRead));
				continue;
			}
			await sleep(pollMs, signal);
			let current: Stats | undefined;
			try {
				current = await stat(path);
			} catch {
				continue; // rotated away and not yet recreated
			}
			if (current.ino !== ino || current.size < position) {
				await handle.close();
				handle = await open(path, 'r');
				ino = (await handle.stat()).ino;
				position = 0;
			}
		}
	} finally {
		await handle.close();
	}
}

/** Natural name order, so `Plex Media Server.2.log` sorts before `.10.log`. */
const collator = new Intl.Collator('en', {numeric: true, sensitivity: 'base'});

/** What a non-regular file is, for the message that says it was skipped. */
function specialKind(entry: {isFIFO(): boolean; isSocket(): boolean}): string {
	return entry.isFIFO() ? 'a FIFO' : entry.isSocket() ? 'a socket' : 'a device';
}

/**
Walk a folder. Symbolic links are followed (a linked folder once: `seen` holds real paths, so a link
loop ends); a dangling link is reported. FIFOs, sockets and devices are reported and skipped: reading
one could block forever.
*/
async function walk(dir: string, root: string, out: InputSource[], problems: InputProblem[], seen = new Set<string>()): Promise<void> {
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
	entries.sort((a, b) => collator.compare(a.name, b.name));
	for (const entry of entries) {
		if (entry.name.startsWith('.')) continue;
		const full = join(dir, entry.name);
		const display = join(root, relative(root, full));
		if (entry.isDirectory()) {
			await walk(full, root, out, problems, seen);
			continue;
		}
		let info: Stats;
		try {
			info = await stat(full);
		} catch (error) {
			problems.push({name: display, message: entry.isSymbolicLink() ? `${describeError(error)} (a symbolic link to a missing target)` : describeError(error)});
			continue;
		}
		if (info.isFile()) out.push(fileSource(full, display, info.size, info.mtime));
		else if (info.isDirectory()) await walk(full, root, out, problems, seen);
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
			await walk(arg, arg, sources, problems);
			if (sources.length === before) problems.push({name: arg, message: 'folder holds no readable files'});
		} else if (options.follow) {
			sources.push({name: arg, size: info.size, live: true, mtime: info.mtime, open: (signal) => followFile(arg, signal)});
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
	async function* rest(): AsyncIterable<Uint8Array> {
		yield head;
		for (;;) {
			const next = await iterator.next();
			if (next.done) return;
			onRaw(next.value.length);
			yield next.value;
		}
	}
	if (head.length >= 2 ? isGzip(head) : head[0] === 0x1f) {
		const gunzip = createGunzip();
		// pipeline (not pipe) so that a read error upstream also ends the decompressor with that error.
		pipeline(Readable.from(rest()), gunzip, () => {});
		yield* gunzip as AsyncIterable<Uint8Array>;
	} else {
		yield* rest();
	}
}

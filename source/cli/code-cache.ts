/**
A V8 code cache for the single-file bundle. Node 20 has no `module.enableCompileCache`, so the bundle
(scripts/bundle.mjs) carries its program as a CommonJS-style script that the bundle's own head compiles
with `vm.Script`, handing V8 the code it compiled last time (`cachedData`) and saving it at exit when there
was none. V8 then neither parses the 1.2 MB program nor compiles its functions again before running them.

The cache is an optimisation and nothing else: a missing, stale, corrupt, foreign or unwritable cache
is the same as none (the script is compiled from source), and any failure here is silent.
- Stale: the file name carries the program's SHA-1 (computed when the bundle is built and written beside
  it), its length and Node's version, and V8 rejects data made by another V8, with other flags or for a
  source of another length (`cachedDataRejected`), after which the file is written again.
- Corrupt: the file holds a checksum of the data after it, checked before V8 sees a byte.
- Foreign: code from a cache is run as code, so a file is only read from a folder that is the user's own
  and writable by nobody else (created 0700), owned by the user, not writable by others, and never
  through a symbolic link (O_NOFOLLOW); it is written to a private temporary file and renamed into place.
- Unwritable or absent home: nothing is saved.
`TELEMETRY_TUI_NO_CODE_CACHE=1` turns it off (the benchmark measures with and without).
*/
import {createRequire} from 'node:module';
import {closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {Script} from 'node:vm';

const MAGIC = 'ttui-v8-cache-1\n';
/** Header: magic, then the MD5 of the data (16 bytes; V8 does not check a code cache's checksum itself), then the data. */
const HEADER_BYTES = MAGIC.length + 16;

/** The user's cache folder for telemetry-tui ($XDG_CACHE_HOME, else ~/.cache); undefined without a home. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
	const xdg = env['XDG_CACHE_HOME'];
	if (xdg && xdg.startsWith('/')) return join(xdg, 'telemetry-tui');
	let home: string;
	try {
		home = homedir();
	} catch {
		return undefined;
	}
	return home ? join(home, '.cache', 'telemetry-tui') : undefined;
}

/** A folder that is ours alone: a real folder (not a link), owned by this user, writable by nobody else. */
function ownFolder(dir: string): boolean {
	try {
		const stat = lstatSync(dir);
		return stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid()) && (stat.mode & 0o022) === 0;
	} catch {
		return false;
	}
}

/** A checksum against damage (the folder's ownership is what keeps others out): MD5, 3 ms on a 1.7 MB cache. */
function checksum(data: Uint8Array): Buffer {
	return (createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')).createHash('md5').update(data).digest();
}

/** The cached data in `file`, or undefined when it is absent, foreign, damaged or not ours. */
export function readCache(file: string): Buffer | undefined {
	let fd: number | undefined;
	try {
		fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
		const stat = fstatSync(fd);
		if (!stat.isFile() || (process.getuid !== undefined && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0) return undefined;
		if (stat.size <= HEADER_BYTES || stat.size > 256 * 1024 * 1024) return undefined;
		const bytes = Buffer.allocUnsafe(stat.size);
		let got = 0;
		while (got < bytes.length) {
			const n = readSync(fd, bytes, got, bytes.length - got, got);
			if (n === 0) return undefined;
			got += n;
		}
		if (bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
		const data = bytes.subarray(HEADER_BYTES);
		return checksum(data).equals(bytes.subarray(MAGIC.length, HEADER_BYTES)) ? data : undefined;
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/** Write `data` as `file` in `dir` (created 0700 if missing), atomically; false when it cannot be. */
export function writeCache(dir: string, file: string, data: Buffer, keep: (name: string) => boolean = () => true): boolean {
	let temporary: string | undefined;
	try {
		mkdirSync(dir, {recursive: true, mode: 0o700});
		if (!ownFolder(dir)) return false;
		// Caches of other versions of the program are of no further use.
		for (const name of readdirSync(dir)) {
			if (name.endsWith('.v8cache') && name !== file && !keep(name)) unlinkSync(join(dir, name));
		}
		temporary = join(dir, `.${file}.${process.pid}.tmp`);
		const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
		try {
			const whole = Buffer.concat([Buffer.from(MAGIC, 'latin1'), checksum(data), data]);
			let put = 0;
			while (put < whole.length) put += writeSync(fd, whole, put, whole.length - put, put);
		} finally {
			closeSync(fd);
		}
		renameSync(temporary, join(dir, file));
		temporary = undefined;
		return true;
	} catch {
		return false;
	} finally {
		if (temporary !== undefined) {
			try {
				unlinkSync(temporary);
			} catch {
				// never written
			}
		}
	}
}

/** The line after which the program follows, each of its lines behind `//`: `//--- program HASH ---`, with the SHA-1 of the program's text (hex). scripts/bundle.mjs writes it. */
const MARK_START = '\n//--- program ';
const MARK_END = ' ---\n';
const HASH_LENGTH = 40;

/**
The program carried by a bundle (its bytes), and the hash of it written at build time (so that no
start-up hashes 1.2 MB): what follows the last mark (the head may hold the text of one too) without the
`//` of each line; undefined when there is no mark. The bytes are moved in place and decoded once as
one-byte text (the program is ASCII): one string of the program's size is made, not three.
*/
export function programText(bundle: Buffer): {text: string; hash: string} | undefined {
	let at = bundle.lastIndexOf(MARK_START);
	for (; at >= 0; at = at === 0 ? -1 : bundle.lastIndexOf(MARK_START, at - 1)) {
		const hash = bundle.toString('latin1', at + MARK_START.length, at + MARK_START.length + HASH_LENGTH);
		const end = at + MARK_START.length + HASH_LENGTH;
		if (/^[0-9a-f]{40}$/.test(hash) && bundle.toString('latin1', end, end + MARK_END.length) === MARK_END) {
			// Each line is `//` and the line: copy the lines down over the slashes.
			let from = end + MARK_END.length;
			let to = from;
			while (from < bundle.length) {
				const newline = bundle.indexOf(0x0a, from);
				const stop = newline < 0 ? bundle.length : newline + 1;
				const start = bundle[from] === 0x2f && bundle[from + 1] === 0x2f ? from + 2 : from;
				bundle.copyWithin(to, start, stop);
				to += stop - start;
				from = stop;
			}
			return {text: bundle.toString('latin1', end + MARK_END.length, to), hash};
		}
	}
	return undefined;
}

export type Compiled = {
	/** The script's value (what it evaluates to). */
	readonly value: unknown;
	/** Whether code from the cache was used. */
	readonly cached: boolean;
	/**
	Save the cache now when there was none (or V8 rejected it), with every function compiled so far; false
	when nothing was saved. The head calls it at exit, when every function the run needed is compiled.
	*/
	readonly save: () => boolean;
};

/**
Compile and run the program (`source`, with `hash` the SHA-1 of its text; named `filename` in stack
traces) with the code cache for `kind` (the UI and print mode run different code, so each keeps its own);
`cacheDir` undefined: no cache.
*/
export function runCached(source: string, hash: string, filename: string, kind: 'ui' | 'print', cacheDir: string | undefined): Compiled {
	const stem = `${hash.slice(0, 16)}-${source.length}-${process.version}-${process.arch}-`;
	const name = `${stem}${kind}.v8cache`;
	const cachedData = cacheDir !== undefined && ownFolder(cacheDir) ? readCache(join(cacheDir, name)) : undefined;
	const script = new Script(source, {filename, ...(cachedData ? {cachedData} : {})});
	const cached = cachedData !== undefined && !script.cachedDataRejected;
	const save = (): boolean => {
		if (cached || cacheDir === undefined) return false;
		try {
			return writeCache(cacheDir, name, script.createCachedData(), (other) => other.startsWith(stem));
		} catch {
			return false;
		}
	};
	return {value: script.runInThisContext(), cached, save};
}

/**
A V8 code cache for the single-file bundle. Node 20 has no `module.enableCompileCache`, so the bundle
(scripts/bundle.mjs) carries its program as a CommonJS-style script that the bundle's own head compiles
with `vm.Script`, handing V8 the code it compiled last time (`cachedData`) and saving it at exit when there
was none. V8 then neither parses the 1.2 MB program nor compiles its functions again before running them.

The cache is an optimisation and nothing else: a missing, stale, corrupt, foreign or unwritable cache
is the same as none (the script is compiled from source), and any failure here is silent.
- Stale: the file name carries a hash of the program's text and Node's version, and V8 rejects data made
  by another V8 or with other flags (`cachedDataRejected`), after which the file is written again.
- Corrupt: the file holds a checksum of the data after it, checked before V8 sees a byte.
- Foreign: code from a cache is run as code, so a file is only read from a folder that is the user's own
  and writable by nobody else (created 0700), owned by the user, not writable by others, and never
  through a symbolic link (O_NOFOLLOW); it is written to a private temporary file and renamed into place.
- Unwritable or absent home: nothing is saved.
`TELEMETRY_TUI_NO_CODE_CACHE=1` turns it off (the benchmark measures with and without).
*/
import {createHash} from 'node:crypto';
import {closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {Script} from 'node:vm';

const MAGIC = 'ttui-v8-cache-1\n';
/** Header: magic, then the SHA-1 of the data (20 bytes), then the data. */
const HEADER_BYTES = MAGIC.length + 20;

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

function sha1(data: Uint8Array | string): Buffer {
	return createHash('sha1').update(data).digest();
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
		return sha1(data).equals(bytes.subarray(MAGIC.length, HEADER_BYTES)) ? data : undefined;
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
			const whole = Buffer.concat([Buffer.from(MAGIC, 'latin1'), sha1(data), data]);
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

/** The line after which the program follows, each of its lines behind `//`. scripts/bundle.mjs writes it. */
export const PROGRAM_MARK = '\n//--- program ---\n';

/** The program's text from the bundle's text: what follows the mark (its last occurrence: the head holds it too), without the `//` of each line. */
export function programText(bundle: string): string | undefined {
	const at = bundle.lastIndexOf(PROGRAM_MARK);
	return at < 0 ? undefined : bundle.slice(at + PROGRAM_MARK.length - 1).replaceAll('\n//', '\n').slice(1);
}

export type Compiled = {
	/** The script's value (what it evaluates to). */
	readonly value: unknown;
	/** Whether code from the cache was used. */
	readonly cached: boolean;
};

/**
Compile and run `source` (named `filename` in stack traces) with the code cache for `kind` (the UI and
print mode run different code, so each keeps its own), and save the cache at exit when it had none.
`cacheDir` undefined: no cache.
*/
export function runCached(source: string, filename: string, kind: string, cacheDir: string | undefined): Compiled {
	const name = `${sha1(`${process.version}\n${process.arch}\n${source}`).toString('hex').slice(0, 20)}-${kind}.v8cache`;
	const cachedData = cacheDir !== undefined && ownFolder(cacheDir) ? readCache(join(cacheDir, name)) : undefined;
	const script = new Script(source, {filename, ...(cachedData ? {cachedData} : {})});
	const cached = cachedData !== undefined && !script.cachedDataRejected;
	if (!cached && cacheDir !== undefined) {
		// At exit every function the run needed has been compiled, and goes into the cache with the script.
		process.once('exit', () => {
			try {
				writeCache(cacheDir, name, script.createCachedData(), (other) => other.endsWith(`-${kind === 'ui' ? 'print' : 'ui'}.v8cache`) && other.slice(0, 20) === name.slice(0, 20));
			} catch {
				// no cache this time
			}
		});
	}
	return {value: script.runInThisContext(), cached};
}

/**
The key masks are made with (source/privacy/mask.ts keys an HMAC-SHA-256 with it): 32 random bytes,
created once per user in the config folder (`mask-key`, mode 0600, in a folder made mode 0700), so the
same value gets the same mask in every run of this user (baselines, diffs) and a mask means nothing to
anyone without the key (no dictionary or brute force over IP addresses or passwords).

When the file cannot be read or written (a read-only home, a file that is not ours) the run uses a
random key of its own and says so once: masks are still safe, only not comparable with other runs.
*/
import {chmodSync, closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync, constants} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {configDir} from './paths.js';

export const MASK_KEY_BYTES = 32;

export type MaskKey = {
	readonly key: Buffer;
	/** Where the key is kept; undefined when this run uses a key of its own. */
	readonly path: string | undefined;
	/** Why the key is this run's own (one line for stderr), when it is. */
	readonly note?: string;
};

export function maskKeyPath(env: NodeJS.ProcessEnv = process.env): string {
	return join(configDir(env), 'mask-key');
}

const HEX_KEY = /^[0-9a-f]{64}$/;

/** Read an existing key file: undefined when it does not exist; throws when it exists but cannot be used. */
function readKey(path: string): Buffer | undefined {
	let fd: number;
	try {
		// O_NONBLOCK: a FIFO put in the key's place must not hang the run.
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) throw new Error('not a regular file');
		if (stat.size > 1024) throw new Error('not a mask key (too large)');
		const buffer = Buffer.alloc(1024);
		const n = readSync(fd, buffer, 0, buffer.length, 0);
		const text = buffer.subarray(0, n).toString('utf8').trim();
		if (!HEX_KEY.test(text)) throw new Error('not a mask key (64 hex digits expected)');
		// A key others can read would let them reverse masks: keep it the user's own.
		if ((stat.mode & 0o077) !== 0) {
			try {
				chmodSync(path, 0o600);
			} catch {
				// reading it still works; the note below is not worth a run
			}
		}
		return Buffer.from(text, 'hex');
	} finally {
		closeSync(fd);
	}
}

/** Create the key file (exclusively: a key another run created first wins). */
function createKey(path: string, dir: string): Buffer {
	mkdirSync(dir, {recursive: true, mode: 0o700});
	const key = randomBytes(MASK_KEY_BYTES);
	let fd: number;
	try {
		fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
			const other = readKey(path);
			if (other) return other;
		}
		throw error;
	}
	try {
		writeSync(fd, `${key.toString('hex')}\n`);
	} finally {
		closeSync(fd);
	}
	return key;
}

/** This user's mask key: read from the config folder, created there the first time. Never throws. */
export function loadMaskKey(env: NodeJS.ProcessEnv = process.env): MaskKey {
	const path = maskKeyPath(env);
	try {
		const key = readKey(path) ?? createKey(path, configDir(env));
		return {key, path};
	} catch (error) {
		const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		return {
			key: randomBytes(MASK_KEY_BYTES),
			path: undefined,
			note: `cannot keep the mask key in ${path} (${why}): masks in this run use a key of their own and will differ from other runs`,
		};
	}
}

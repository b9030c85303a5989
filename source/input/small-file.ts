/**
Files the user names for settings rather than for reading as input (`--rules`, `--marks`,
`--tracker-db`): read whole, so they must be regular files of a bounded size. `/dev/zero`, a FIFO or a
socket named by mistake (or by a script) is refused at once instead of being read until memory runs out
or blocking forever.
*/
import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';

export type SmallFile = {ok: true; text: string} | {ok: false; code: 'ENOENT' | 'other'; error: string};

function kind(stat: {isFIFO(): boolean; isSocket(): boolean; isDirectory(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean}): string {
	if (stat.isDirectory()) return 'a folder';
	if (stat.isFIFO()) return 'a FIFO';
	if (stat.isSocket()) return 'a socket';
	return 'a device';
}

/**
Read a regular file of at most `maxBytes` as UTF-8. `what` names it in the message (`a rules file`).
Errors are one phrase without the path (callers put the path first).
*/
export function readSmallFile(path: string, maxBytes: number, what: string): SmallFile {
	const read = readSmallBytes(path, maxBytes, what);
	return read.ok ? {ok: true, text: read.bytes.toString('utf8')} : read;
}

/** The JSON value of such a file's text (a leading BOM allowed), or one error naming the file: `FILE: not valid JSON: …`. */
export function parseJsonText(text: string, file: string): {ok: true; json: unknown} | {ok: false; error: string} {
	try {
		return {ok: true, json: JSON.parse(text.replace(/^\uFEFF/, ''))};
	} catch (error) {
		return {ok: false, error: `${file}: not valid JSON: ${(error as Error).message}`};
	}
}

/** Read a regular file of at most `maxBytes` as bytes (a binary database: `--geo-db`); as `readSmallFile`. */
export function readSmallBytes(path: string, maxBytes: number, what: string): {ok: true; bytes: Buffer} | Extract<SmallFile, {ok: false}> {
	let fd: number;
	try {
		// Non-blocking: opening a FIFO for reading must not wait for a writer.
		fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return {ok: false, code: code === 'ENOENT' ? 'ENOENT' : 'other', error: `cannot read: ${code ?? (error as Error).message}`};
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) return {ok: false, code: 'other', error: `not a regular file (${kind(stat)}); not read`};
		const limit = `${what} is read whole, at most ${maxBytes.toLocaleString('en-US')} bytes`;
		if (stat.size > maxBytes) return {ok: false, code: 'other', error: `${stat.size.toLocaleString('en-US')} bytes: too large (${limit}); not read`};
		// The file may grow while it is read: read one byte past the limit to notice.
		let buffer = Buffer.alloc(Math.min(maxBytes + 1, stat.size + 1));
		let read = 0;
		for (;;) {
			if (read === buffer.length) {
				if (buffer.length > maxBytes) return {ok: false, code: 'other', error: `more than ${maxBytes.toLocaleString('en-US')} bytes: too large (${limit}); not read`};
				const bigger = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2 + 4096));
				buffer.copy(bigger);
				buffer = bigger;
			}
			const n = readSync(fd, buffer, read, buffer.length - read, read);
			if (n === 0) break;
			read += n;
		}
		return {ok: true, bytes: buffer.subarray(0, read)};
	} catch (error) {
		return {ok: false, code: 'other', error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`};
	} finally {
		closeSync(fd);
	}
}

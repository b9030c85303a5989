/**
Review marks: destinations the user has reviewed, kept in a small JSON file so the next audit of the
same server shows what is new. The default file is `$XDG_CONFIG_HOME/telemetry-tui/marks.json`
(`~/.config/…`); `--marks FILE` chooses another.
*/
import {copyFileSync, mkdirSync, renameSync, writeFileSync} from 'node:fs';
import {parseJsonText, readSmallFile} from '../input/small-file.js';
import {dirname, join} from 'node:path';
import {configDir} from '../config/paths.js';
import * as z from 'zod';

const marksSchema = z.object({
	version: z.literal(1),
	reviewed: z.record(z.string(), z.object({at: z.string(), note: z.string().optional()})),
});
export type Marks = z.infer<typeof marksSchema>;

export function defaultMarksPath(env: NodeJS.ProcessEnv = process.env): string {
	return join(configDir(env), 'marks.json');
}

export function emptyMarks(): Marks {
	return {version: 1, reviewed: {}};
}

/** A marks file is read whole: at most this many bytes (tens of thousands of reviewed hosts). */
export const MAX_MARKS_BYTES = 4 * 1024 * 1024;

/** Read marks; a missing file is an empty set, a broken one is an error naming the file and field. */
export function loadMarks(path: string, maxBytes = MAX_MARKS_BYTES): {marks: Marks} | {error: string} {
	const file = readSmallFile(path, maxBytes, 'a marks file');
	if (!file.ok) return file.code === 'ENOENT' ? {marks: emptyMarks()} : {error: `${path}: ${file.error}`};
	const json = parseJsonText(file.text, path);
	if (!json.ok) return {error: json.error};
	const parsed = marksSchema.safeParse(json.json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return {error: `${path}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`};
	}
	return {marks: parsed.data};
}

/**
Write marks atomically (temp file + rename), creating the folder. The file it replaces is kept as
`FILE.bak`. A file there that does not parse is never written over (it may be a hand edit gone wrong):
that throws, and the file is left as it is.
*/
export function saveMarks(path: string, marks: Marks): void {
	const before = loadMarks(path);
	if ('error' in before) throw new Error(`${before.error}: not overwritten`);
	mkdirSync(dirname(path), {recursive: true});
	try {
		copyFileSync(path, `${path}.bak`);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, `${JSON.stringify(marks, null, 2)}\n`, {mode: 0o600});
	renameSync(tmp, path);
}

export function toggleMark(marks: Marks, host: string, now = new Date()): Marks {
	const reviewed = {...marks.reviewed};
	if (reviewed[host]) delete reviewed[host];
	else reviewed[host] = {at: now.toISOString()};
	return {version: 1, reviewed};
}

export function isReviewed(marks: Marks, host: string): boolean {
	return Object.hasOwn(marks.reviewed, host);
}

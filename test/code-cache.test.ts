/**
The bundle's V8 code cache (source/cli/code-cache.ts): a cache is used when it is this program's and
intact, and anything else — stale, corrupt, foreign, a link, an unwritable folder — is the same as no
cache: the program runs, compiled from source, and nothing throws. The bundle itself is checked end to
end in test/e2e-startup.test.ts.
*/
import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {codeCacheDir, programText, readCache, runCached, writeCache} from '../source/cli/code-cache.js';

const folders: string[] = [];
afterEach(() => {
	for (const f of folders.splice(0)) rmSync(f, {recursive: true, force: true});
});
function folder(): string {
	const dir = mkdtempSync(join(tmpdir(), 'ttui-code-cache-'));
	folders.push(dir);
	return dir;
}

// A program as the bundle carries one: a function of the module object, here with enough code for V8 to cache.
const source = (n: number): string => `(function (exports, require, module) {\n${Array.from({length: 40}, (_, i) => `function f${i}(x) { return x * ${i + n} + ${i}; }`).join('\n')}\nmodule.exports.answer = f3(10) + ${n};\n})`;
const hashOf = (text: string): string => createHash('sha1').update(text, 'latin1').digest('hex');

function run(text: string, dir: string | undefined, kind: 'ui' | 'print' = 'ui'): {answer: number; cached: boolean; save: () => boolean} {
	const compiled = runCached(text, hashOf(text), 'program.js', kind, dir);
	const module = {exports: {} as {answer?: number}};
	(compiled.value as (e: object, r: unknown, m: object) => void)(module.exports, undefined, module);
	return {answer: module.exports.answer!, cached: compiled.cached, save: compiled.save};
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.v8cache'));

describe('the code cache', () => {
	it('is written once, then used, and gives the same result', () => {
		const dir = join(folder(), 'telemetry-tui');
		const first = run(source(1), dir);
		expect(first).toMatchObject({answer: 44, cached: false});
		expect(first.save()).toBe(true);
		expect(cacheFiles(dir)).toHaveLength(1);
		// The folder is private and the file the user's alone.
		expect(statSync(dir).mode & 0o777).toBe(0o700);
		expect(statSync(join(dir, cacheFiles(dir)[0]!)).mode & 0o777).toBe(0o600);
		const second = run(source(1), dir);
		expect(second).toMatchObject({answer: 44, cached: true});
		// A cache that was used is not written again.
		expect(second.save()).toBe(false);
	});

	it('keeps one cache per kind (UI, print) and drops those of other programs', () => {
		const dir = join(folder(), 'telemetry-tui');
		run(source(1), dir, 'ui').save();
		run(source(1), dir, 'print').save();
		expect(cacheFiles(dir)).toHaveLength(2);
		// A new version of the program: its cache replaces both of the old one's.
		run(source(2), dir, 'ui').save();
		expect(cacheFiles(dir)).toHaveLength(1);
		expect(run(source(2), dir, 'ui')).toMatchObject({answer: 55, cached: true});
	});

	it('a stale cache (another program under the same name) is rejected by V8 and written again', () => {
		const dir = join(folder(), 'telemetry-tui');
		const old = run(source(1), dir);
		old.save();
		const [file] = cacheFiles(dir);
		// Another program (another length) given the old one's hash, so its cache file is the old one's.
		const other = `${source(1)}\n;`;
		const compiled = runCached(other, hashOf(source(1)), 'program.js', 'ui', dir);
		expect(file!.startsWith(hashOf(source(1)).slice(0, 16))).toBe(true);
		expect(compiled.cached).toBe(false);
		expect(compiled.save()).toBe(true);
	});

	it('a corrupt, truncated or foreign file is no cache, and the program still runs', () => {
		const dir = join(folder(), 'telemetry-tui');
		run(source(1), dir).save();
		const file = join(dir, cacheFiles(dir)[0]!);
		const good = readFileSync(file);
		const damaged = [
			Buffer.concat([good.subarray(0, 200), Buffer.from([good[200]! ^ 0xff]), good.subarray(201)]),
			good.subarray(0, good.length >> 1),
			Buffer.alloc(good.length),
			Buffer.from('not a cache at all'),
		];
		for (const bytes of damaged) {
			writeFileSync(file, bytes, {mode: 0o600});
			expect(readCache(file)).toBeUndefined();
			expect(run(source(1), dir)).toMatchObject({answer: 44, cached: false});
		}
		// Writable by others: not read (code from it would run as ours).
		writeFileSync(file, good);
		chmodSync(file, 0o622);
		expect(readCache(file)).toBeUndefined();
		chmodSync(file, 0o600);
		expect(readCache(file)).toBeDefined();
	});

	it('never reads through a symbolic link, nor from a folder others can write', () => {
		const base = folder();
		const dir = join(base, 'telemetry-tui');
		run(source(1), dir).save();
		const name = cacheFiles(dir)[0]!;
		const elsewhere = join(base, 'elsewhere');
		mkdirSync(elsewhere);
		writeFileSync(join(elsewhere, 'data'), readFileSync(join(dir, name)), {mode: 0o600});
		rmSync(join(dir, name));
		symlinkSync(join(elsewhere, 'data'), join(dir, name));
		expect(readCache(join(dir, name))).toBeUndefined();
		expect(run(source(1), dir).cached).toBe(false);

		const shared = join(base, 'shared');
		run(source(1), shared).save();
		chmodSync(shared, 0o777);
		expect(run(source(1), shared)).toMatchObject({answer: 44, cached: false});
		// Nor is anything written there.
		expect(writeCache(shared, 'x.v8cache', Buffer.from('data'))).toBe(false);
	});

	it('an unwritable place is no cache, without an error', () => {
		const base = folder();
		const notAFolder = join(base, 'file');
		writeFileSync(notAFolder, '');
		const r = run(source(1), join(notAFolder, 'telemetry-tui'));
		expect(r).toMatchObject({answer: 44, cached: false});
		expect(r.save()).toBe(false);
		expect(run(source(1), undefined)).toMatchObject({answer: 44, cached: false});
	});

	it('lives in $XDG_CACHE_HOME (absolute only), else ~/.cache', () => {
		expect(codeCacheDir({XDG_CACHE_HOME: '/x/cache'})).toBe('/x/cache/telemetry-tui');
		expect(codeCacheDir({XDG_CACHE_HOME: 'relative'})).toMatch(/\/\.cache\/telemetry-tui$/);
	});
});

describe('the program inside the bundle', () => {
	it('is read back exactly, with the hash written after the last mark', () => {
		const program = '(function () {\nconst a = `x\n//y`;\n\nreturn a;\n})\n';
		const hash = hashOf(program);
		// The head holds a mark-like text too (the pattern); only the last mark counts.
		const bundle = `#!/usr/bin/env node\nconst m = "\n//--- program ${'0'.repeat(40)} ---\n";\n//--- program ${hash} ---\n${program
			.replace(/\n$/, '')
			.split('\n')
			.map((l) => `//${l}`)
			.join('\n')}\n`;
		expect(programText(Buffer.from(bundle, 'latin1'))).toEqual({text: program, hash});
		expect(programText(Buffer.from('no program here'))).toBeUndefined();
		// A mark-like line whose hash is not one is not the mark.
		expect(programText(Buffer.from(`x\n//--- program nothex ---\n//y\n`))).toBeUndefined();
	});
});

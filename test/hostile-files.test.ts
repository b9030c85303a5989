/** Issue 19 item 7: `--rules` and `--marks` are regular files of a bounded size; anything else is refused at once. */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadMarks} from '../source/audit/marks.js';
import {loadRulesFile} from '../source/classify/rules-file.js';
import {readSmallFile} from '../source/input/small-file.js';

const dir = mkdtempSync(join(tmpdir(), 'telemetry-tui-files-'));
const fifo = join(dir, 'fifo');
execFileSync('mkfifo', [fifo]);

describe('readSmallFile', () => {
	it('reads a regular file under the cap', () => {
		writeFileSync(join(dir, 'ok.json'), '[]');
		expect(readSmallFile(join(dir, 'ok.json'), 10, 'x')).toEqual({ok: true, text: '[]'});
	});

	it.each([
		['/dev/zero (endless)', '/dev/zero', /not a regular file \(a device\); not read/],
		['a FIFO (would block)', fifo, /not a regular file \(a FIFO\); not read/],
		['a folder', dir, /not a regular file \(a folder\); not read/],
	])('refuses %s without reading it', (_what, path, message) => {
		expect(readSmallFile(path, 1024, 'a rules file')).toEqual({ok: false, code: 'other', error: expect.stringMatching(message)});
	});

	it('refuses a file over the cap, saying the cap', () => {
		writeFileSync(join(dir, 'big.json'), 'x'.repeat(2000));
		expect(readSmallFile(join(dir, 'big.json'), 1000, 'a rules file')).toEqual({ok: false, code: 'other', error: '2,000 bytes: too large (a rules file is read whole, at most 1,000 bytes); not read'});
	});
});

describe('--rules and --marks use it', () => {
	it('--rules /dev/zero, a FIFO and an oversized file are one clear error each', () => {
		expect(loadRulesFile('/dev/zero')).toEqual({ok: false, error: '/dev/zero: not a regular file (a device); not read'});
		expect(loadRulesFile(fifo)).toEqual({ok: false, error: expect.stringMatching(/fifo: not a regular file \(a FIFO\)/)});
		writeFileSync(join(dir, 'rules.json'), `[${' '.repeat(100)}]`);
		expect(loadRulesFile(join(dir, 'rules.json'), 50)).toEqual({ok: false, error: expect.stringMatching(/rules\.json: 102 bytes: too large/)});
		expect(loadRulesFile(join(dir, 'rules.json'))).toEqual({ok: true, rules: []});
	});

	it('--marks /dev/zero and a FIFO are errors; a missing marks file is still an empty set', () => {
		expect(loadMarks('/dev/zero')).toEqual({error: '/dev/zero: not a regular file (a device); not read'});
		expect(loadMarks(fifo)).toEqual({error: expect.stringMatching(/not a regular file \(a FIFO\)/)});
		expect(loadMarks(join(dir, 'missing.json'))).toEqual({marks: {version: 1, reviewed: {}}});
	});
});

/**
Golden tests: every `test/fixtures/pms/*.log` is parsed and compared with `<name>.expected.json`
(records and diagnostics). Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/pms-golden.test.ts`
and read the diff before committing.
*/
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parseAll} from '../source/formats/run.js';
import {pmsFormat} from '../source/formats/pms/index.js';
import {telemetryRecordSchema} from '../source/model/records.js';

const DIR = fileURLToPath(new URL('./fixtures/pms/', import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.log'));

describe('PMS golden files', () => {
	it('has fixtures', () => expect(files.length).toBeGreaterThan(0));

	it.each(files)('%s', (name) => {
		const result = parseAll(pmsFormat, readFileSync(DIR + name), {file: name});
		for (const r of result.records) telemetryRecordSchema.parse(r);
		const expectedPath = DIR + name.replace(/\.log$/, '.expected.json');
		const actual = JSON.parse(JSON.stringify(result));
		if (process.env['UPDATE_GOLDEN'] || !existsSync(expectedPath)) writeFileSync(expectedPath, JSON.stringify(actual, null, '\t') + '\n');
		expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
	});
});

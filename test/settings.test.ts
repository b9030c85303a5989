/** Settings files past their size limit: said once, at the line that crosses it, and nothing after it is read. */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {MAX_BYTES, plexPreferencesFormat, serverSettingsFormat} from '../source/formats/settings/settings.js';
import {parseAll} from '../source/formats/run.js';

const SYSTEM = readFileSync('test/fixtures/settings/system.xml', 'utf8');
const PREFERENCES = readFileSync('test/fixtures/settings/Preferences.xml', 'utf8');

describe('settings: the size limit', () => {
	it.each([
		['system.xml', serverSettingsFormat, SYSTEM],
		['Preferences.xml', plexPreferencesFormat, PREFERENCES],
	] as const)('%s: one located diagnostic where the file passes the limit, and nothing after it', (_name, format, text) => {
		const whole = parseAll(format, text);
		expect(whole.records.length).toBeGreaterThan(0);
		expect(whole.diagnostics.filter((d) => d.code === 'settings.too-large')).toEqual([]);
		const lines = text.split('\n');
		// Comment lines under the line-length cap, three of them past the limit: the third crosses it.
		const filler = `<!-- ${'x'.repeat(Math.ceil(MAX_BYTES / 2.5))} -->`;
		const big = [...lines.slice(0, -1), filler, filler, filler, ...lines.slice(-1), ...lines];
		const cut = parseAll(format, big.join('\n'));
		expect(cut.diagnostics.filter((d) => d.code === 'settings.too-large').map((d) => d.origin.line)).toEqual([lines.length + 2]);
		// The records of the file's own lines, none of the copy after the limit.
		expect(cut.records.length).toBeLessThanOrEqual(whole.records.length);
	});
});

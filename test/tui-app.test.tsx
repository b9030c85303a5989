import {mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import type {TelemetryRecord} from '../source/model/records.js';
import {RecordStore} from '../source/store/store.js';
import type {AppProps} from '../source/tui/App.js';
import type {Rendered} from './helpers/render.js';
import {FRAME_WIDTHS} from './helpers/tier.js';
import {fillStore, request, sessionRecords, sessionStore} from './helpers/ui-records.js';

// Colours are decided when chalk loads (with Ink): force them on first, so that NO_COLOR is what turns
// them off. Hence the dynamic imports of everything that loads Ink.
process.env['FORCE_COLOR'] = '1';
const {App} = await import('../source/tui/App.js');
const {KEYS, plain, renderTui, widestLine} = await import('./helpers/render.js');

const dirs: string[] = [];
function freshDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'tui-app-'));
	dirs.push(dir);
	return dir;
}
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});
const dir = freshDir();

const open: Rendered[] = [];

function show(props: Partial<AppProps> & {store?: RecordStore} = {}, size = {columns: 80, rows: 24}): Rendered {
	const t = renderTui(<App store={props.store ?? sessionStore()} throttleMs={0} exportDir={dir} {...props} />, size);
	open.push(t);
	return t;
}

/** Every line of the frame fits the terminal width. */
function expectFits(t: Rendered, width: number): void {
	expect(widestLine(t.lastFrame())).toBeLessThanOrEqual(width);
	expect(t.lastFrame().split('\n').length).toBeLessThanOrEqual(60);
}

// Unmounted after each test: the unit tier shares a process between files, and a mounted app keeps React
// and Ink busy with work no later test asks for.
afterEach(() => {
	for (const t of open.splice(0)) t.unmount();
});

describe.each(FRAME_WIDTHS)('at %i columns', (columns) => {
	const size = {columns, rows: columns === 80 ? 24 : 60};

	it('opens on the overview: inputs, span, counts, verdict, top rows', async () => {
		const t = show({}, size);
		const frame = await t.waitFor('Verdict');
		expect(frame).toContain('[1 Overview]');
		expect(frame).toContain('plex-web-session.har');
		expect(frame).toContain('2024-05-02 09:49:48 → 2024-05-02 09:51:10');
		expect(frame).toContain('11 requests · 3 playback · 1 device records');
		expect(frame).toMatch(/vendor hosts \(1 analytics\), 1 third-party host \(1 ads\)/);
		expect(frame).toContain('Top destinations');
		expect(frame).toContain('analytics.plex.tv');
		expectFits(t, columns);
	});

	it('switches views with digits, Tab, Shift-Tab, h and l', async () => {
		const t = show({}, size);
		await t.pressUntil('2', '[2 Destinations]');
		await t.pressUntil(KEYS.tab, '[3 Formats]');
		await t.pressUntil([KEYS.shiftTab, KEYS.shiftTab, KEYS.shiftTab], '[T Timeline]');
		await t.pressUntil(['h', 'h'], '[9 Settings]');
		await t.pressUntil(['l', 'l', 'l'], '[1 Overview]');
		const frame = await t.pressUntil('5', 'Plex for Roku');
		expect(frame).toContain('Plex Web');
		expectFits(t, columns);
	});

	it('filters every view at once and always shows the filter', async () => {
		const t = show({}, size);
		await t.press('2', '/');
		// Waited for, not read at once: under load the frame of the last key may come a tick later.
		await t.waitFor('filter /');
		let frame = await t.pressUntil([...'party:third'.split(''), KEYS.enter], 'filter: party:third');
		expect(frame).toContain('www.google-analytics.com');
		expect(frame).not.toContain('analytics.plex.tv');
		frame = await t.pressUntil('8', '[8 Records]');
		expect(frame).toContain('filter: party:third');
		expect(frame).toContain('1/1');
		frame = await t.pressUntil('1', '[1 Overview]');
		expect(frame).toContain('1 requests · 0 playback · 0 device records');
		// Esc in a table with nowhere to go back clears the filter.
		frame = await t.pressUntil(['2', KEYS.escape], 'no filter');
		expect(frame).toContain('analytics.plex.tv');
		expectFits(t, columns);
	});

	it('drills from a destination to its records and comes back to the same row', async () => {
		const t = show({}, size);
		let frame = await t.pressUntil(['2', 'j', 'j', KEYS.enter], '[8 Records]');
		const filter = /filter: (host:=\S+)/.exec(frame)?.[1];
		expect(filter).toBeDefined();
		expect(frame).toContain('1/4'); // analytics.plex.tv: 2 requests and 2 playbacks reported to it
		frame = await t.pressUntil(KEYS.escape, '[2 Destinations]');
		expect(frame).toContain('no filter');
		expect(frame).toMatch(/› analytics\.plex\.tv|› plex\.tv/);
	});

	it('acts on each key of a burst in the view the keys before it opened (`8⏎` typed at once)', async () => {
		const t = show({}, size);
		await t.pressUntil('6', '[6 Identifiers]');
		// One write, as a fast typist or a paste delivers it: Enter must open the first record, not drill
		// into the identifier that was under the cursor before `8` switched views.
		let frame = await t.pressUntil(`8${KEYS.enter}`, 'Record 1 of 15');
		expect(frame).toContain('no filter');
		// A burst that types into the filter keeps every character, in order, then applies it.
		frame = await t.pressUntil(['2', `/host:plex.tv${KEYS.enter}`], 'filter: host:plex.tv');
		expect(frame).toContain('[2 Destinations]');
	});

	it('shows a record in full: fields, masked identifiers, origin', async () => {
		const t = show({}, size);
		let frame = await t.pressUntil(['8', KEYS.enter], 'Record 1 of 15');
		expect(frame).toContain('plex-web-session.har entry #0');
		expect(frame).toContain('X-Plex-Token=[REDACTED]');
		expect(frame).not.toContain('xRtY7uIoP9aSdF2gHjK4');
		frame = await t.pressUntil('G', 'Identifiers carried (2)');
		expect(frame).toMatch(/secret\s+X-Plex-Token = /);
		expect(frame).toContain('origin');
		frame = await t.pressUntil('l', 'Record 2 of 15');
		frame = await t.pressUntil('q', (f) => /Time \([^)]+\) ▲/.test(f));
		expect(frame).toContain('› 2024-05-02 09:49:49');
		expectFits(t, columns);
	});

	it('sorts by any column and reverses, with ▲/▼ in the header', async () => {
		const t = show({}, size);
		await t.pressUntil('2', 'Requests ▼');
		// `s` cycles through the columns on screen (more of them at 200 columns) back to the first.
		for (let i = 0; i < 20 && !t.lastFrame().includes('Host ▲'); i++) await t.press('s');
		let frame = await t.waitFor('Host ▲');
		expect(frame.indexOf('› 192.168.')).toBeGreaterThan(-1);
		expect(frame.indexOf('› 192.168.')).toBeLessThan(frame.indexOf('www.google'));
		frame = await t.pressUntil('r', 'Host ▼');
		expect(frame.indexOf('192.168.')).toBeGreaterThan(frame.indexOf('www.google'));
		await t.pressUntil('[', 'Host ▲');
	});

	it('lists the keys from the keymap on ?', async () => {
		const t = show({}, size);
		const frame = await t.pressUntil('?', 'Show the keys');
		expect(frame).toContain('Shift-Tab');
		expect(frame).toContain('closes this help');
		await t.pressUntil('G', (f) => !f.includes('closes this help') && f.includes('deviceid:') && f.includes('blocked:'));
		await t.pressUntil(KEYS.escape, (f) => !f.includes('Show the keys'));
	});
});

describe('the app', () => {
	it('exports the view as shown, never overwriting a file', async () => {
		const now = () => new Date(2024, 4, 2, 9, 49, 48);
		const dir = freshDir();
		const t = show({now, exportDir: dir}, {columns: 120, rows: 30});
		await t.press('2', '/', ...'party:vendor'.split(''), KEYS.enter);
		for (let i = 0; i < 20 && !t.lastFrame().includes('Host ▲'); i++) await t.press('s');
		await t.pressUntil('w', 'c CSV');
		await t.press('c');
		// The name is asked for, with a timestamped default in the export folder.
		await t.waitFor('Save CSV as: telemetry-destinations-20240502-094948.csv');
		const frame = await t.pressUntil(KEYS.enter, 'wrote 5 rows');
		expect(frame).toContain('telemetry-destinations-20240502-094948');
		// The same name again: asked before replacing; n keeps the file, and another name is typed.
		await t.pressUntil(['w', 'c', KEYS.enter], 'exists: replace it? y replaces, n keeps it');
		await t.pressUntil(['n', KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, ...'-1.csv'.split(''), KEYS.enter], '-1.csv');
		await t.pressUntil(['w', 'j', KEYS.enter], '.json');
		const files = readdirSync(dir).sort();
		expect(files).toEqual(['telemetry-destinations-20240502-094948-1.csv', 'telemetry-destinations-20240502-094948.csv', 'telemetry-destinations-20240502-094948.json']);
		const csv = readFileSync(join(dir, files[1]!), 'utf8').trim().split('\n');
		expect(readFileSync(join(dir, files[0]!), 'utf8')).toBe(readFileSync(join(dir, files[1]!), 'utf8'));
		// y replaces it; a symbolic link is never followed.
		await t.pressUntil(['w', 'c', KEYS.enter], 'replace it?');
		await t.pressUntil('y', 'wrote 5 rows to');
		symlinkSync(join(dir, files[2]!), join(dir, 'link.csv'));
		await t.pressUntil(['w', 'c', KEYS.ctrlU, ...'link.csv'.split(''), KEYS.enter], 'is a symbolic link, which is never followed');
		await t.press(KEYS.escape);
		expect(csv[0]).toBe('host,organization,category,party,requests,playbacks,blocked,clients,bytesSent,bytesReceived,firstSeen,lastSeen,identifiers,events,activity,period,labelSource,address,country,network');
		expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['analytics.plex.tv', 'clients.plex.tv', 'epg.provider.plex.tv', 'metadata.provider.plex.tv', 'plex.tv']);
		const json = JSON.parse(readFileSync(join(dir, files[2]!), 'utf8')) as Array<{host: string}>;
		expect(json.map((r) => r.host)).toEqual(['analytics.plex.tv', 'clients.plex.tv', 'epg.provider.plex.tv', 'metadata.provider.plex.tv', 'plex.tv']);
	});

	it('exports the records view as JSON records', async () => {
		const dir = freshDir();
		const t = show({now: () => new Date(2024, 0, 1, 0, 0, 0), exportDir: dir});
		await t.pressUntil(['8', '/', ...'kind:playback'.split(''), KEYS.enter, 'w', 'j', KEYS.enter], 'wrote 3 rows');
		const [file] = readdirSync(dir);
		const records = JSON.parse(readFileSync(join(dir, file!), 'utf8')) as TelemetryRecord[];
		expect(records.map((r) => r.kind)).toEqual(['playback', 'playback', 'playback']);
		expect(records[0]?.origin).toEqual({file: 'plex-web-session.har', entry: 11});
	});

	it('marks a destination as reviewed (m), keeps it in the marks file, and unmarks it', async () => {
		const dir = freshDir();
		const marksPath = join(dir, 'marks.json');
		const t = show({marksPath, now: () => new Date(2024, 0, 1, 0, 0, 0)});
		await t.pressUntil(['2', 'g', 'm'], 'reviewed: ');
		const marked = JSON.parse(readFileSync(marksPath, 'utf8')) as {reviewed: Record<string, unknown>};
		const host = Object.keys(marked.reviewed)[0]!;
		expect(plain(t.lastFrame())).toContain(`✓ ${host.slice(0, 12)}`);
		// The next audit of the same server shows the mark.
		const next = show({marksPath});
		await next.press('2');
		await next.waitFor(`✓ ${host.slice(0, 12)}`);
		await t.pressUntil('m', 'not reviewed: ');
		expect(JSON.parse(readFileSync(marksPath, 'utf8'))).toEqual({version: 1, reviewed: {}});
	});

	it('a marks file that does not parse is said so, never loaded as empty nor overwritten by m (issue 19 item 17)', async () => {
		const dir = freshDir();
		const marksPath = join(dir, 'marks.json');
		const broken = '{"version": 1, "reviewed": {"a.example": {"at": "2024-01-01T00:00:00.000Z", "note": "keep"},}}\n';
		writeFileSync(marksPath, broken);
		const t = show({marksPath});
		await t.waitFor('marks not loaded: ');
		expect(plain(t.lastFrame())).toContain('marks.json: not valid JSON');
		await t.pressUntil(['2', 'g', 'm'], 'marks not saved: ');
		expect(readFileSync(marksPath, 'utf8')).toBe(broken);
	});

	it('rewriting the marks file keeps the previous one as marks.json.bak', async () => {
		const dir = freshDir();
		const marksPath = join(dir, 'marks.json');
		const before = `${JSON.stringify({version: 1, reviewed: {'a.example': {at: '2024-01-01T00:00:00.000Z', note: 'keep'}}}, null, 2)}\n`;
		writeFileSync(marksPath, before);
		const t = show({marksPath});
		await t.pressUntil(['2', 'g', 'm'], 'reviewed: ');
		expect(readFileSync(`${marksPath}.bak`, 'utf8')).toBe(before);
		const after = JSON.parse(readFileSync(marksPath, 'utf8')) as {reviewed: Record<string, {note?: string}>};
		expect(after.reviewed['a.example']?.note).toBe('keep');
		expect(Object.keys(after.reviewed)).toHaveLength(2);
	});

	it('writes a blocklist of the destinations shown (B), never with first-party hosts', async () => {
		const dir = freshDir();
		const t = show({exportDir: dir, now: () => new Date(2024, 0, 1, 0, 0, 0)});
		await t.pressUntil(['2', 'B'], 'h hosts');
		await t.pressUntil('h', 'Save hosts blocklist as: telemetry-blocklist-hosts-20240101-000000.hosts');
		await t.pressUntil(KEYS.enter, 'wrote a hosts blocklist');
		const [file] = readdirSync(dir);
		const text = readFileSync(join(dir, file!), 'utf8');
		expect(text).toContain('0.0.0.0 analytics.plex.tv');
		expect(text).not.toMatch(/plex\.direct|192\.168\./);
	});

	it('keeps hostile strings from breaking the layout', async () => {
		const hostile = request('ｅｖｉｌ.例え.テスト\u001B[31m', '/👨‍👩‍👧‍👦🇯🇵/\u202Egnp.exe\u001B]8;;http://x\u0007', {
			url: 'https://evil.example/\u001B[2J\u001B[H',
			identifiers: [{kind: 'personal', name: 'user\u001B[5m', value: '山田太郎'}],
			device: {product: '📺 Télé 客厅\u0007', platform: 'Ｒｏｋｕ', device: 'x'.repeat(300)},
		});
		const store = fillStore(new RecordStore({spool: true}), [...sessionRecords(), hostile]);
		for (const columns of [40, ...FRAME_WIDTHS]) {
			const t = show({store}, {columns, rows: 30});
			for (const key of ['1', '2', '5', '6', '7', '8', 'G', KEYS.enter, 'G']) {
				await t.press(key);
				expectFits(t, columns);
				// Only colour codes (SGR) may reach the terminal: no cursor moves, screen clears or OSC links.
				expect(t.rawFrame().replace(/\u001B\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
			}
			expect(t.lastFrame()).toContain('Record 16 of 16');
			t.unmount();
		}
	});

	it('uses colour, and none under NO_COLOR (text labels carry the meaning)', async () => {
		const coloured = show({});
		await coloured.press('2');
		expect(coloured.rawFrame()).toMatch(/\u001B\[(3[1-7]|9[0-7])m/);
		const plain = show({noColor: true});
		await plain.press('2');
		expect(plain.rawFrame()).not.toMatch(/\u001B\[(3[0-9]|9[0-7])m/);
		expect(plain.lastFrame()).toContain('[2 Destinations]');
		expect(plain.lastFrame()).toContain('› ');
		expect(plain.lastFrame()).toMatch(/third\s+1/);
	});

	it('fills while records stream in and shows progress', async () => {
		const store = new RecordStore({spool: true});
		const input = store.input('big.har');
		const t = show({store, sizes: new Map([['big.har', 1000]])});
		await t.waitFor('big.har');
		input.bytes = 450;
		fillStore(store, sessionRecords().slice(0, 3), 'big.har');
		let frame = await t.waitFor('45%');
		expect(frame).toContain('reading big.har');
		await t.pressUntil('2', 'plex.tv');
		fillStore(store, sessionRecords().slice(3), 'big.har');
		input.status = 'done';
		input.bytes = 1000;
		store.changed();
		// The status line counts the store at once; the table catches up within its time budget (a frame or more).
		frame = await t.waitFor((f) => f.includes('15 records from 1 input') && f.includes('analytics.plex.tv'));
		expect(frame).not.toContain('reading big.har');
	});

	it('shows records/s for stdin, which has no size', async () => {
		const store = new RecordStore({spool: true});
		const input = store.input('<stdin>');
		fillStore(store, sessionRecords(), '<stdin>');
		input.bytes = 2048;
		const t = show({store, startedAt: Date.now() - 5000});
		const frame = await t.waitFor('/s');
		expect(frame).toMatch(/reading <stdin> 15 records · [0-9]+\/s · 2\.0 kB read/);
	});

	it('shows how many records the filter matched of all', async () => {
		const t = show({store: sessionStore()});
		await t.pressUntil(['/', 'k', 'i', 'n', 'd', ':', 'r', 'e', 'q', KEYS.enter], '11 of 15 records match');
	});

	it('redraws at the new size on resize', async () => {
		const t = show({}, {columns: 200, rows: 60});
		await t.pressUntil('2', 'Identifiers received');
		await t.resize(60, 20);
		const frame = await t.waitFor((f) => !f.includes('Identifiers received'));
		expect(widestLine(frame)).toBeLessThanOrEqual(60);
		expect(frame.split('\n').length).toBeLessThanOrEqual(20);
	});

	it('quits on Q, on Ctrl-C, and on q at the top level', async () => {
		for (const keys of [['Q'], [KEYS.ctrlC], ['/', 'x', KEYS.ctrlC], ['2', 'q']]) {
			const t = show({});
			await t.press(...keys);
			await expect(t.exited).resolves.toBeUndefined();
		}
	});

	it('does not quit on q when it can go back', async () => {
		const t = show({});
		const frame = await t.pressUntil(['2', KEYS.enter, 'q'], '[2 Destinations]');
		expect(frame).toContain('no filter');
	});
});

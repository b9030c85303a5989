import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {telemetryRecordSchema, type PlaybackRecord, type TelemetryRecord} from '../source/model/records.js';
import {collector, parseAll} from '../source/formats/run.js';
import type {ByteFormat} from '../source/formats/types.js';
import {genericCsvFormat} from '../source/formats/csv/generic.js';
import {historyRowRecord} from '../source/formats/tautulli/history-row.js';
import {tautulliHistoryCsvFormat, tautulliHistoryJsonFormat} from '../source/formats/tautulli/history.js';
import {forEachJsonRow, JsonDocument, type JsonRowProblem, jsonRowsParser} from '../source/formats/tautulli/json-rows.js';
import {tautulliLibraryCsvFormat, tautulliLibraryJsonFormat} from '../source/formats/tautulli/library.js';
import {describeLarge, runs} from './helpers/tier.js';
import {parseChunks, sniffHead, validate} from './helpers/parse.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/tautulli/', import.meta.url));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const fixture = (name: string): Buffer => readFileSync(FIXTURES + name);

const TAUTULLI_FORMATS: readonly ByteFormat[] = [tautulliHistoryJsonFormat, tautulliHistoryCsvFormat, tautulliLibraryCsvFormat, tautulliLibraryJsonFormat];
const ALL_FORMATS: readonly ByteFormat[] = [...TAUTULLI_FORMATS, genericCsvFormat];

// ---------------------------------------------------------------- history rows

type HistoryCase = {description: string; notes?: string; input: Record<string, unknown>; expected: {record: Omit<PlaybackRecord, 'kind' | 'source' | 'origin' | 'evidence'> | undefined; problems?: string[]}};

const historyCases: HistoryCase[] = [
	{
		description: 'get_history row: who, where, what, transcode decision; no media format in these rows',
		notes: 'values of the get_history docstring example, Tautulli/Tautulli plexpy/webserve.py',
		input: {date: 1462687607, friendly_name: 'Mother of Dragons', full_title: 'Game of Thrones - The Red Woman', ip_address: '203.0.113.5', live: 0, location: 'wan', machine_id: 'lmd93nkn12k29j2lnm', media_type: 'episode', paused_counter: 0, platform: 'Windows', play_duration: 263, product: 'Plex for Windows', player: 'Castle-PC', started: 1462688107, stopped: 1462688370, title: 'The Red Woman', transcode_decision: 'transcode', user: 'DanyKhaleesi69', user_id: 8008135},
		expected: {
			record: {
				time: '2016-05-08T06:15:07.000Z', user: 'DanyKhaleesi69', decision: 'transcode', title: 'Game of Thrones - The Red Woman', mediaType: 'episode',
				device: {product: 'Plex for Windows', platform: 'Windows', name: 'Castle-PC', clientId: 'lmd93nkn12k29j2lnm'},
				identifiers: [
					{kind: 'personal', name: 'user', value: 'DanyKhaleesi69'},
					{kind: 'personal', name: 'friendly_name', value: 'Mother of Dragons'},
					{kind: 'identifier', name: 'user_id', value: '8008135'},
					{kind: 'personal', name: 'ip_address', value: '203.0.113.5'},
					{kind: 'device', name: 'product', value: 'Plex for Windows'},
					{kind: 'device', name: 'platform', value: 'Windows'},
					{kind: 'personal', name: 'player', value: 'Castle-PC'},
					{kind: 'identifier', name: 'machine_id', value: 'lmd93nkn12k29j2lnm'},
				],
			},
		},
	},
	{
		description: '`direct play` and `copy` decisions; `date` when `started` is missing; live TV',
		input: {date: '1709892000', transcode_decision: 'direct play', live: 1, media_type: 'episode', platform: 'Roku'},
		expected: {record: {time: '2024-03-08T10:00:00.000Z', decision: 'directplay', mediaType: 'live', device: {platform: 'Roku'}, identifiers: [{kind: 'device', name: 'platform', value: 'Roku'}]}},
	},
	{
		description: 'database row with media info: the format fields describe the source file, not the transcode',
		notes: 'session_history + session_history_media_info columns (plexpy/__init__.py); Konvergo is renamed as Tautulli does',
		input: {started: 1709924400, platform: 'Konvergo', product_version: '1.88.1.4175', platform_version: '10.0.22631', transcode_decision: 'transcode', video_decision: 'transcode', audio_decision: 'copy', container: 'mkv', bitrate: 26541, video_codec: 'hevc', audio_codec: 'eac3', video_full_resolution: '1080i', video_width: 1920, video_height: 1080, width: 1280, stream_video_resolution: '720', stream_video_width: 1280},
		expected: {
			record: {
				time: '2024-03-08T19:00:00.000Z', decision: 'transcode', videoDecision: 'transcode', audioDecision: 'copy', container: 'mkv', bitrateKbps: 26541, videoCodec: 'hevc', audioCodec: 'eac3', resolution: '1080p', width: 1920, height: 1080,
				device: {platform: 'Plex Media Player', version: '1.88.1.4175', platformVersion: '10.0.22631'},
				identifiers: [{kind: 'device', name: 'platform', value: 'Konvergo'}],
			},
		},
	},
	{
		description: 'CSV cells: numbers as text, `sd` label, empty cells absent',
		input: {started: '1709906400', transcode_decision: 'copy', video_resolution: 'sd', video_width: '', video_height: '', bitrate: '1689', user: 'grandpa_ted', ip_address: ''},
		expected: {record: {time: '2024-03-08T14:00:00.000Z', decision: 'copy', resolution: 'SD', bitrateKbps: 1689, user: 'grandpa_ted', identifiers: [{kind: 'personal', name: 'user', value: 'grandpa_ted'}]}},
	},
	{
		description: 'unreadable values are reported; the record keeps the rest',
		input: {started: 'soon', user: 'mariam_h', bitrate: 'fast', video_width: -1, transcode_decision: 'maybe'},
		expected: {
			record: {user: 'mariam_h', identifiers: [{kind: 'personal', name: 'user', value: 'mariam_h'}]},
			problems: ['started is not a time (epoch seconds): "soon"', 'transcode_decision is not a transcode decision: "maybe"', 'bitrate is not a bitrate (kbps): "fast"', 'video_width is not a width in pixels: -1'],
		},
	},
	{
		description: 'a row with no history fields gives no record',
		input: {foo: 1, stopped: 0},
		expected: {record: undefined},
	},
];

describe('Tautulli history row → record', () => {
	it.each(historyCases)('$description', ({input, expected}) => {
		const {record, problems} = historyRowRecord((name) => input[name], 'tautulli-history', {file: 'h', entry: 0});
		expect(problems.map((p) => p.message)).toEqual(expected.problems ?? []);
		if (expected.record === undefined) return void expect(record).toBeUndefined();
		expect(record).toEqual({kind: 'playback', source: 'tautulli-history', origin: {file: 'h', entry: 0}, evidence: 'Tautulli history', ...expected.record});
		telemetryRecordSchema.parse(record);
	});
});

// ---------------------------------------------------------------- library rows

describe('Tautulli library export rows', () => {
	it('CSV: nested show → seasons → episodes media columns, continuation rows take the item above', () => {
		const csv = [
			'ratingKey,title,titleSort,type,seasons.ratingKey,seasons.title,seasons.episodes.ratingKey,seasons.episodes.title,seasons.episodes.type,seasons.episodes.media.container,seasons.episodes.media.videoCodec,seasons.episodes.media.videoResolution,seasons.episodes.media.parts.file',
			'39899,Columbo,Columbo,show,39900,Season 1,39911,Murder by the Book,episode,avi,mpeg4,sd,/tv/Columbo/S01E01.avi',
			',,,,,,,,,mkv,h264,720,/tv/Columbo/S01E01.720p.mkv',
			',,,,,,39912,Death Lends a Hand,episode,mkv,h264,1080,/tv/Columbo/S01E02.mkv',
			',,,,,,,,,,,,',
		].join('\r\n');
		const result = validate(parseAll(tautulliLibraryCsvFormat, csv, {file: 'show.csv'}));
		expect(result.diagnostics).toEqual([]);
		expect(result.records.map((r) => r.kind === 'playback' && [r.origin.line, r.title, r.mediaType, r.container, r.resolution, r.identifiers[0]?.value])).toEqual([
			[2, 'Murder by the Book', 'episode', 'avi', 'SD', '/tv/Columbo/S01E01.avi'],
			[3, 'Murder by the Book', 'episode', 'mkv', '720p', '/tv/Columbo/S01E01.720p.mkv'],
			[4, 'Death Lends a Hand', 'episode', 'mkv', '1080p', '/tv/Columbo/S01E02.mkv'],
		]);
	});

	it('JSON: every nested object with a media list gives records; bad numbers are located', () => {
		const doc = JSON.stringify([
			{ratingKey: 39899, title: 'Columbo', type: 'show', seasons: [{title: 'Season 1', episodes: [
				{title: 'Murder by the Book', type: 'episode', media: [{container: 'avi', videoCodec: 'mpeg4', videoResolution: 'sd', width: 640, height: 480, bitrate: 1689, parts: [{file: '/tv/Columbo/S01E01.avi'}]}]},
				{title: 'Death Lends a Hand', type: 'episode', media: [{container: 'mkv', videoResolution: 'huge', width: 'wide', height: 1080}]},
			]}]},
			'not an item',
		], null, 4);
		const result = validate(parseAll(tautulliLibraryJsonFormat, doc, {file: 'show.json'}));
		expect(result.records.map((r) => r.kind === 'playback' && [r.origin.entry, r.title, r.container, r.resolution, r.width, r.height])).toEqual([
			[0, 'Murder by the Book', 'avi', 'SD', 640, 480],
			[0, 'Death Lends a Hand', 'mkv', '1080p', undefined, 1080],
		]);
		expect(result.diagnostics.map((d) => [d.origin.entry, d.code, d.message])).toEqual([
			[0, 'tautulli.library.bad-value', 'media.width is not a width in pixels: "wide"'],
			[0, 'tautulli.library.bad-value', 'media.videoResolution is not a resolution: "huge"'],
			[1, 'tautulli.library.bad-row', 'item 1 is not an object; skipped'],
		]);
	});
});

// ---------------------------------------------------------------- fixtures

const goldens: Array<{file: string; format: ByteFormat}> = [
	{file: 'history-api.json', format: tautulliHistoryJsonFormat},
	{file: 'history-sqlite.json', format: tautulliHistoryJsonFormat},
	{file: 'history.csv', format: tautulliHistoryCsvFormat},
	{file: 'Library - Movies - All [1].20240309123000.csv', format: tautulliLibraryCsvFormat},
	{file: 'Library - Movies - All [1].20240309123512.json', format: tautulliLibraryJsonFormat},
];
const DEBUG = 'history-api-debug.json';

// The golden files are checked by test/formats-registry.test.ts; here: chunking and agreement between exports.
describe('Tautulli fixtures', () => {
	it.each(goldens)('$file: any chunking gives the same', ({file, format}) => {
		const result = validate(parseAll(format, fixture(file), {file}));
		expect(result.records.length).toBeGreaterThan(0);
		fc.assert(fc.property(fc.array(fc.nat(), {maxLength: 12}), (cuts) => void expect(parseChunks(format, fixture(file), cuts, {file})).toEqual(result)), runs(100));
	});

	it('the api_debug (indented, sorted) answer gives the same records as the compact one', () => {
		const compact = parseAll(tautulliHistoryJsonFormat, fixture('history-api.json'), {file: 'x'});
		const debug = parseAll(tautulliHistoryJsonFormat, fixture(DEBUG), {file: 'x'});
		expect(debug).toEqual(compact);
		expect(compact.records).toHaveLength(8);
	});

	it('the database export as CSV and as sqlite3 -json gives the same records', () => {
		const csv = parseAll(tautulliHistoryCsvFormat, fixture('history.csv'), {file: 'x'}).records;
		const json = parseAll(tautulliHistoryJsonFormat, fixture('history-sqlite.json'), {file: 'x'}).records;
		const strip = (r: TelemetryRecord): object => {
			const {origin: _o, source: _s, ...rest} = r as PlaybackRecord;
			return {...rest, title: undefined};
		};
		expect(csv.map(strip)).toEqual(json.map(strip));
	});

	it('the library CSV and JSON exports describe the same media', () => {
		const pick = (r: TelemetryRecord): unknown => r.kind === 'playback' && [r.title, r.container, r.videoCodec, r.audioCodec, r.resolution, r.width, r.height, r.bitrateKbps, r.identifiers];
		const csv = parseAll(tautulliLibraryCsvFormat, fixture(goldens[3]!.file)).records.map(pick);
		const json = parseAll(tautulliLibraryJsonFormat, fixture(goldens[4]!.file)).records.map(pick);
		expect(csv).toEqual(json);
		expect(csv).toHaveLength(5);
	});
});

// ---------------------------------------------------------------- damage

describe('damaged history JSON', () => {
	const text = readFileSync(FIXTURES + DEBUG, 'utf8');
	const full = parseAll(tautulliHistoryJsonFormat, text, {file: 'h.json'});
	/** Offset of the opening brace of row `n` in the indented document (rows are at depth 4). */
	const rowStart = (n: number): number => {
		let at = text.indexOf('"data": [');
		for (let i = 0; i <= n; i++) at = text.indexOf('\n                {', at + 1);
		return at + 1;
	};
	const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;

	it('a document cut inside row 5 yields rows 0–4 and one error at row 5', () => {
		const at = rowStart(5) + 40;
		const result = validate(parseAll(tautulliHistoryJsonFormat, text.slice(0, at), {file: 'h.json'}));
		expect(result.records).toEqual(full.records.slice(0, 5));
		expect(result.diagnostics).toEqual([
			{severity: 'error', code: 'tautulli.history.invalid-json', message: 'document ends early: row 5 is cut off; 5 rows read before the damage', origin: {file: 'h.json', line: lineOf(rowStart(5)) , entry: 5}},
		]);
	});

	it('any truncation yields a prefix of the rows and, unless complete, an error diagnostic', () => {
		fc.assert(
			fc.property(fc.nat({max: text.length}), (at) => {
				const result = validate(parseChunks(tautulliHistoryJsonFormat, enc(text.slice(0, at)), [at >> 1], {file: 'h.json'}));
				expect(result.records).toEqual(full.records.slice(0, result.records.length));
				if (text.slice(at).trim() !== '') expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
			}),
			runs(300),
		);
	});

	it('a broken row in the middle is located; the rows around it survive', () => {
		const at = rowStart(3);
		const damaged = text.slice(0, at) + text.slice(at).replace(/"started": (\d+)/, '"started": $1x');
		const result = validate(parseAll(tautulliHistoryJsonFormat, damaged, {file: 'h.json'}));
		expect(result.records).toEqual([...full.records.slice(0, 3), ...full.records.slice(4)]);
		expect(result.diagnostics.map((d) => [d.code, d.origin])).toEqual([['tautulli.history.invalid-row', {file: 'h.json', line: lineOf(at), entry: 3}]]);
	});

	it('valid JSON with unreadable values: located warnings, records kept', () => {
		const doc = {response: {result: 'success', message: null, data: {draw: 1, recordsTotal: 3, recordsFiltered: 3, data: [{started: 'yesterday', user: 'a', transcode_decision: 'transcode', paused_counter: 0}, 42, {started: 1709884800, user: 'b', transcode_decision: 'copy'}]}}};
		const result = validate(parseAll(tautulliHistoryJsonFormat, JSON.stringify(doc), {file: 'h.json'}));
		expect(result.records.map((r) => r.kind === 'playback' && [r.origin.entry, r.user, r.time, r.decision])).toEqual([
			[0, 'a', undefined, 'transcode'],
			[2, 'b', '2024-03-08T08:00:00.000Z', 'copy'],
		]);
		expect(result.diagnostics.map((d) => [d.origin.entry, d.code])).toEqual([
			[0, 'tautulli.history.bad-value'],
			[1, 'tautulli.history.bad-row'],
		]);
	});

	it('an API error answer is reported with its message', () => {
		const result = parseAll(tautulliHistoryJsonFormat, '{"response": {"result": "error", "message": "Invalid apikey", "data": {}}}', {file: 'h.json'});
		expect(result.records).toEqual([]);
		expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
			['tautulli.history.no-rows', 'no rows array at response.data.data or data or the top level'],
			['tautulli.history.api-error', 'Tautulli answered "error": Invalid apikey'],
		]);
	});

	it('a truncated library JSON keeps the items before the damage', () => {
		const lib = readFileSync(FIXTURES + goldens[4]!.file, 'utf8');
		const whole = parseAll(tautulliLibraryJsonFormat, lib);
		const cut = lib.slice(0, lib.indexOf('"title": "Aftersun"'));
		const result = validate(parseAll(tautulliLibraryJsonFormat, cut));
		expect(result.records).toEqual(whole.records.slice(0, 3));
		expect(result.diagnostics.map((d) => [d.code, d.origin.entry])).toEqual([['tautulli.library.invalid-json', 2]]);
	});

	it('a history CSV with a wrong column count and a bad number: located, the other rows survive', () => {
		const csv = fixture('history.csv').toString('utf8').split('\n');
		csv[2] = `${csv[2]},extra`;
		csv[4] = csv[4]!.replace(/^(\d+),(\d+),(\d+)/, '$1,$2,17099x');
		const result = validate(parseAll(tautulliHistoryCsvFormat, csv.join('\n'), {file: 'h.csv'}));
		const full = parseAll(tautulliHistoryCsvFormat, fixture('history.csv'), {file: 'h.csv'});
		expect(result.records).toHaveLength(full.records.length - 1);
		const bad = result.records.find((r) => r.origin.line === 5);
		expect(bad).toMatchObject({user: 'grandpa_ted', decision: 'transcode'});
		expect(bad && 'time' in bad).toBe(false);
		expect(result.diagnostics.map((d) => [d.origin.line, d.code])).toEqual([
			[3, 'csv.row.column-count'],
			[5, 'tautulli.history.bad-value'],
		]);
	});
});

describe('forEachJsonRow (the stop-gap before the shared array scanner)', () => {
	const rows = (text: string, cap?: number): {rows: unknown[]; problems: JsonRowProblem[]} => {
		const doc = new JsonDocument(cap);
		doc.push(enc(text));
		const out: {rows: unknown[]; problems: JsonRowProblem[]} = {rows: [], problems: []};
		forEachJsonRow(doc.text(), {paths: [['a', 'rows']], onRow: (r) => void out.rows.push(r), onProblem: (p) => void out.problems.push(p)});
		return out;
	};

	it('finds the rows array by key path, not by a same-named key elsewhere', () => {
		expect(rows('{"rows": [9], "a": {"x": {"rows": [8]}, "rows": [1, {"rows": [2]}, "s]"]}}').rows).toEqual([1, {rows: [2]}, 's]']);
		// The same when recovering from damage after the array.
		expect(rows('{"rows": [9], "a": {"x": {"rows": [8]}, "rows": [1, {"rows": [2]}, "s]"]} oops').rows).toEqual([1, {rows: [2]}, 's]']);
	});

	it('a cap cuts the document; the rows before the cut are still read', () => {
		const text = '{"a": {"rows": [{"n": 1}, {"n": 2}, {"n": 3}]}}';
		const got = rows(text, text.indexOf('{"n": 3}') + 3);
		expect(got.rows).toEqual([{n: 1}, {n: 2}]);
		expect(got.problems.map((p) => [p.code, p.entry])).toEqual([['json.invalid', 2]]);
	});

	it('strings with escaped quotes and brackets do not confuse recovery', () => {
		expect(rows('{"a": {"rows": ["\\"]", {"k\\"": "}"}, 3').rows).toEqual(['"]', {'k"': '}'}]);
	});

	it('jsonRowsParser: a cut document and a damaged row are reported under the format\'s codes; the rows before the cut are read', () => {
		const codes = {'too-large': 'x.too-large', 'json.invalid': 'x.invalid-json', 'json.row.invalid': 'x.invalid-row', 'json.rows.missing': 'x.no-rows'};
		const text = '{"a": {"rows": [{"n": 1}, {"n": oops}, {"n": 3}, {"n": 4}]}}';
		const seen: Array<[unknown, number]> = [];
		const parser = jsonRowsParser('f.json', {paths: [['a', 'rows']], codes, row: (row, origin) => void seen.push([row, origin.entry])}, text.indexOf('{"n": 4}'));
		const out = collector();
		parser.chunk(enc(text), out);
		parser.end(out);
		expect(seen).toEqual([[{n: 1}, 0], [{n: 3}, 2]]);
		expect(out.diagnostics.map((d) => [d.code, d.severity, d.origin.entry])).toEqual([
			['x.too-large', 'error', undefined],
			['x.invalid-row', 'warning', 1],
			['x.invalid-json', 'error', 3],
		]);
	});
});

// ---------------------------------------------------------------- sniffing and hostile input

describe('sniffing', () => {
	it.each(TAUTULLI_FORMATS.map((f) => [f.name, f] as const))('%s recognises its samples', (_name, format) => {
		for (const sample of format.samples) expect(format.sniff(sniffHead(sample))).toBeGreaterThan(0.5);
	});

	it.each(goldens.concat({file: DEBUG, format: tautulliHistoryJsonFormat}))('$file: its own format scores highest, generic CSV lower', ({file, format}) => {
		const lines = sniffHead(fixture(file).toString('utf8'));
		const own = format.sniff(lines);
		expect(own).toBeGreaterThanOrEqual(0.8);
		for (const other of ALL_FORMATS.filter((f) => f !== format)) expect(other.sniff(lines), `${other.name} on ${file}`).toBeLessThan(own);
		// Only the generic CSV sniffer may also claim a Tautulli CSV, and only at its low score.
		for (const other of TAUTULLI_FORMATS.filter((f) => f !== format)) expect(other.sniff(lines), `${other.name} on ${file}`).toBe(0);
	});

	it('other Tautulli API answers (users table) are not history', () => {
		// Row keys of get_users_table (Tautulli plexpy/webserve.py docstring): it shares transcode_decision.
		const users = '{"response": {"result": "success", "message": null, "data": {"draw": 1, "recordsTotal": 10, "recordsFiltered": 10, "data": [{"friendly_name": "Jon Snow", "ip_address": "xxx.xxx.xxx.xxx", "last_played": "Game of Thrones - The Red Woman", "platform": "Chrome", "player": "Plex Web (Chrome)", "plays": 487, "transcode_decision": "transcode", "user_id": 133788}]}}}';
		for (const format of ALL_FORMATS) expect(format.sniff([users]), format.name).toBe(0);
	});

	it('a HAR document is not Tautulli', () => {
		const har = JSON.stringify({log: {version: '1.2', creator: {name: 'Firefox', version: '111.0'}, entries: [{request: {url: 'https://plex.tv/api/v2/user'}, response: {content: {text: '{"ratingKey":"1","media":[],"durationHuman":"x"}'}}}]}}, null, 2);
		for (const format of ALL_FORMATS) expect(format.sniff(sniffHead(har)), format.name).toBe(0);
	});
});

describeLarge('hostile input: 1 MB lines', () => {
	const hostile = ['a'.repeat(1e6), ' '.repeat(1e6), '"'.repeat(1e6), '['.repeat(1e6), '{'.repeat(1e6), '{"a":'.repeat(2e5), '\\"'.repeat(5e5), ','.repeat(1e6)];

	it.each(hostile.map((h, i) => [i, h] as const))('1 MB line #%i: every Tautulli format finishes without throwing', (_i, line) => {
		for (const format of TAUTULLI_FORMATS) {
			expect(format.sniff([line])).toBeGreaterThanOrEqual(0);
			validate(parseAll(format, line, {file: 'x'}));
			validate(parseAll(format, `${line}\n`, {file: 'x'}));
		}
	});

	it('a 1 MB line inside a history CSV is reported and the rows after it survive', () => {
		const csv = fixture('history.csv').toString('utf8').split('\n');
		csv.splice(2, 0, 'x'.repeat(2e6));
		const result = validate(parseAll(tautulliHistoryCsvFormat, csv.join('\n'), {file: 'h.csv'}));
		expect(result.records).toHaveLength(6);
		expect(result.diagnostics.map((d) => [d.origin.line, d.code])).toEqual([[3, 'csv.record.too-long']]);
	});
});

describe('hostile input', () => {
	it('arbitrary bytes never throw', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 200}), (bytes) => {
				for (const format of TAUTULLI_FORMATS) validate(parseAll(format, bytes, {file: 'x'}, 5));
			}),
			runs(200),
		);
	});

	it('random splices of valid history JSON never throw', () => {
		const text = fixture('history-api.json').toString('utf8');
		fc.assert(
			fc.property(fc.nat({max: text.length}), fc.nat({max: 200}), fc.constantFrom('', '"', '}', ']', '{', ',', '\\', 'null'), (at, drop, junk) => {
				validate(parseAll(tautulliHistoryJsonFormat, text.slice(0, at) + junk + text.slice(at + drop), {file: 'x'}));
			}),
			runs(200),
		);
	});
});

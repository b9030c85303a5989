import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import type {TelemetryRecord} from '../source/model/records.js';
import {parseAll, type ParseResult} from '../source/formats/run.js';
import type {ByteFormat, ParseContext} from '../source/formats/types.js';
import {GENERIC_CSV_FIELDS, genericCsvFormat, mapColumns, normalizeColumn, validateColumnMap} from '../source/formats/csv/generic.js';
import {tautulliHistoryCsvFormat, tautulliHistoryJsonFormat} from '../source/formats/tautulli/history.js';
import {tautulliLibraryCsvFormat, tautulliLibraryJsonFormat} from '../source/formats/tautulli/library.js';
import {itLarge, runs} from './helpers/tier.js';
import {parseChunks, sniffHead, validate} from './helpers/parse.js';
// Lines of other formats (each with where it comes from) that no sniffer may take for CSV, nor for anything else on its own.
import negatives from './csv.foreign-lines.json' with {type: 'json'};

const FIXTURES = fileURLToPath(new URL('./fixtures/csv/', import.meta.url));
const SHARED = fileURLToPath(new URL('../../shared/samples/', import.meta.url));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

const ALL_FORMATS: readonly ByteFormat[] = [genericCsvFormat, tautulliHistoryCsvFormat, tautulliHistoryJsonFormat, tautulliLibraryCsvFormat, tautulliLibraryJsonFormat];

function run(input: string, options?: Record<string, unknown>): ParseResult {
	const result = parseAll(genericCsvFormat, input, options ? {file: 't.csv', options} : {file: 't.csv'});
	validate(result);
	return result;
}

type RowCase = {description: string; notes?: string; input: string; options?: Record<string, unknown>; expected: TelemetryRecord[]};

const rowCases: RowCase[] = [
	{
		description: 'host column + path: request record; X-Plex-* query parameters become identifiers',
		input: 'Timestamp,Client IP,Server,Path,Status\n2024-03-08T19:02:11+01:00,10.0.0.5,Plex.TV,/api/v2/user?X-Plex-Token=abc123&X-Plex-Platform=Chrome,200\n',
		expected: [
			{
				kind: 'request', source: 'csv', origin: {file: 't.csv', line: 2}, time: '2024-03-08T18:02:11.000Z', url: 'plex.tv/api/v2/user?X-Plex-Token=abc123&X-Plex-Platform=Chrome', host: 'plex.tv', path: '/api/v2/user', status: 200, client: '10.0.0.5',
				device: {platform: 'Chrome'},
				identifiers: [{kind: 'secret', name: 'X-Plex-Token', value: 'abc123'}, {kind: 'device', name: 'X-Plex-Platform', value: 'Chrome'}, {kind: 'personal', name: 'client', value: '10.0.0.5'}],
			},
		],
	},
	{
		description: 'absolute URL only: host, port and path come from the URL',
		input: 'url,method\nhttps://analytics.plex.tv:8443/collect?x=1,post\n',
		expected: [{kind: 'request', source: 'csv', origin: {file: 't.csv', line: 2}, url: 'https://analytics.plex.tv:8443/collect?x=1', host: 'analytics.plex.tv', port: 8443, path: '/collect', method: 'POST', identifiers: []}],
	},
	{
		description: 'a URL without a scheme still names its host',
		input: 'request,bytes\nmetrics.plex.tv/metrics/ingest,512\n',
		expected: [{kind: 'request', source: 'csv', origin: {file: 't.csv', line: 2}, url: 'metrics.plex.tv/metrics/ingest', host: 'metrics.plex.tv', path: '/metrics/ingest', bytesReceived: 512, identifiers: []}],
	},
	{
		description: 'domain only (DNS-filter export): request with an empty path, epoch-millisecond time',
		notes: 'column names of a Pi-hole / AdGuard query CSV export',
		input: 'time,domain,client\n1709884800123,plex.tv,192.168.1.20\n',
		expected: [{kind: 'request', source: 'csv', origin: {file: 't.csv', line: 2}, time: '2024-03-08T08:00:00.123Z', url: 'plex.tv', host: 'plex.tv', path: '', client: '192.168.1.20', identifiers: [{kind: 'personal', name: 'client', value: '192.168.1.20'}]}],
	},
	{
		description: 'media columns only: playback record, WxH resolution gives the size too',
		input: 'video_codec,audio_codec,container,resolution,bitrate,decision,title\nhevc,eac3,mkv,3840x1600,26541,transcode,Shōgun\n',
		expected: [{kind: 'playback', source: 'csv', origin: {file: 't.csv', line: 2}, evidence: 'CSV columns', videoCodec: 'hevc', audioCodec: 'eac3', container: 'mkv', width: 3840, height: 1600, resolution: '4K', bitrateKbps: 26541, decision: 'transcode', title: 'Shōgun', identifiers: []}],
	},
	{
		description: 'host and media columns: both records, device columns on both',
		input: 'host,codec,platform,device\nplex.tv,h264,Android,SHIELD Android TV\n',
		expected: [
			{kind: 'request', source: 'csv', origin: {file: 't.csv', line: 2}, url: 'plex.tv', host: 'plex.tv', path: '', device: {platform: 'Android', device: 'SHIELD Android TV'}, identifiers: [{kind: 'device', name: 'platform', value: 'Android'}, {kind: 'device', name: 'device', value: 'SHIELD Android TV'}]},
			{kind: 'playback', source: 'csv', origin: {file: 't.csv', line: 2}, evidence: 'CSV columns', videoCodec: 'h264', device: {platform: 'Android', device: 'SHIELD Android TV'}, identifiers: [{kind: 'device', name: 'platform', value: 'Android'}, {kind: 'device', name: 'device', value: 'SHIELD Android TV'}]},
		],
	},
	{
		description: '--map maps unknown columns and overrides an automatic one; ignore drops a column',
		input: 'dst,host,fmt\nplex.tv,192.168.1.5,mkv\n',
		options: {map: {dst: 'host', HOST: 'ignore', fmt: 'container'}},
		expected: [
			{kind: 'request', source: 'csv', origin: {file: 't.csv', line: 2}, url: 'plex.tv', host: 'plex.tv', path: '', identifiers: []},
			{kind: 'playback', source: 'csv', origin: {file: 't.csv', line: 2}, evidence: 'CSV columns', container: 'mkv', identifiers: []},
		],
	},
	{
		description: 'the best alias wins when two columns match one field (timestamp over date)',
		input: 'date,timestamp,host\n2024-01-01,2024-03-08 10:00:00,plex.tv\n',
		expected: [{kind: 'request', source: 'csv', origin: {file: 't.csv', line: 2}, time: '2024-03-08T10:00:00.000Z', url: 'plex.tv', host: 'plex.tv', path: '', identifiers: []}],
	},
];

describe('generic CSV rows → records', () => {
	it.each(rowCases)('$description', ({input, options, expected}) => {
		const result = run(input, options);
		expect(result.diagnostics).toEqual([]);
		expect(result.records).toEqual(expected);
	});

	it('bad numbers and times give located warnings and the record without them', () => {
		const result = run('time,host,status,bytes\nyesterday,plex.tv,OK,12\n2024-03-08,vortex.plex.tv,200,-5\n');
		expect(result.records.map((r) => r.kind === 'request' && [r.host, r.time, r.status, r.bytesReceived])).toEqual([
			['plex.tv', undefined, undefined, 12],
			['vortex.plex.tv', '2024-03-08T00:00:00.000Z', 200, undefined],
		]);
		expect(result.diagnostics.map((d) => [d.origin.line, d.code])).toEqual([
			[2, 'csv.row.bad-value'],
			[2, 'csv.row.bad-value'],
			[3, 'csv.row.bad-value'],
		]);
	});

	it('a header without host/url or media columns is an error at line 1', () => {
		const result = run('name,colour\nx,y\n');
		expect(result.records).toEqual([]);
		expect(result.diagnostics.map((d) => [d.origin.line, d.code, d.severity])).toEqual([[1, 'csv.columns.none', 'error']]);
	});

	it('--map naming a missing column or an unknown field is reported', () => {
		const result = run('host\nplex.tv\n', {map: {nope: 'host', host: 'hostess'}});
		expect(result.diagnostics.map((d) => d.code)).toEqual(['csv.map.invalid', 'csv.map.unknown-column']);
		expect(result.records).toHaveLength(1);
	});

	it('caps repeated diagnostics per code and says how many were cut', () => {
		const rows = Array.from({length: 120}, (_, i) => `bad${i},plex.tv`).join('\n');
		const result = run(`time,host\n${rows}\n`);
		expect(result.records).toHaveLength(120);
		expect(result.diagnostics.filter((d) => d.code === 'csv.row.bad-value')).toHaveLength(51);
		expect(result.diagnostics.at(-1)?.message).toBe('70 more csv.row.bad-value diagnostics not shown');
	});
});

describe('column mapping', () => {
	it('normalises case, spaces, underscores, dashes and dots', () => {
		expect(['Client IP', 'client_ip', 'clientIp', 'CLIENT-IP', 'client.ip'].map(normalizeColumn)).toEqual(Array(5).fill('clientip'));
	});

	it('maps the common names', () => {
		const {columns} = mapColumns(['Hostname', 'URI', 'src', 'Date Time', 'Video Resolution', 'Audio_Codec', 'HTTP Status', 'bytes']);
		expect(Object.fromEntries(columns)).toEqual({host: 0, url: 1, client: 2, time: 3, resolution: 4, audioCodec: 5, status: 6, bytesReceived: 7});
	});

	it('validateColumnMap accepts valid fields (any case) and lists the valid ones otherwise', () => {
		expect(validateColumnMap({a: 'host', b: 'VideoCodec', c: 'ignore'})).toBeUndefined();
		const error = validateColumnMap({a: 'host', b: 'codecs'});
		expect(error).toContain('"codecs"');
		for (const field of GENERIC_CSV_FIELDS) expect(error).toContain(field);
	});
});

// The golden files are checked by test/formats-registry.test.ts; here: chunking and damage.
describe('generic CSV fixtures', () => {
	const fixtures: Array<{file: string; options?: Record<string, unknown>}> = [
		{file: 'proxy-export.csv'},
		{file: 'playback.tsv'},
		{file: 'mapped.csv', options: {map: {when: 'time', who: 'client', dst: 'host', q: 'path', fmt: 'container', vc: 'videoCodec'}}},
	];

	it.each(fixtures)('$file: any chunking gives the same', ({file, options}) => {
		const ctx: ParseContext = options ? {file, options} : {file};
		const result = parseAll(genericCsvFormat, readFileSync(FIXTURES + file), ctx);
		validate(result);
		expect(result.records.length).toBeGreaterThan(0);
		fc.assert(fc.property(fc.array(fc.nat(), {maxLength: 10}), (cuts) => void expect(parseChunks(genericCsvFormat, readFileSync(FIXTURES + file), cuts, ctx)).toEqual(result)), runs(100));
	});

	it('random damage never throws, and rows away from the damage keep their records', () => {
		const text = readFileSync(`${FIXTURES}proxy-export.csv`, 'utf8');
		const full = run(text);
		fc.assert(
			fc.property(fc.nat({max: text.length}), fc.constantFrom('"', ',', '\n', '', 'x"y', '\u0000'), (at, junk) => {
				const damaged = text.slice(0, at) + junk + text.slice(at);
				const result = run(damaged);
				// The rows ending before the damage are untouched.
				const damagedLine = text.slice(0, at).split('\n').length;
				const before = full.records.filter((r) => (r.origin.line ?? 0) < damagedLine);
				expect(result.records.slice(0, before.length)).toEqual(before);
			}),
			runs(300),
		);
	});
});

describe('sniffing', () => {
	const fixtureHeads = (): Array<[string, string[]]> => readdirSync(FIXTURES).filter((f) => !f.endsWith('.json')).map((f) => [f, sniffHead(readFileSync(FIXTURES + f, 'utf8'))]);

	it('recognises its samples', () => {
		for (const sample of genericCsvFormat.samples) expect(genericCsvFormat.sniff(sniffHead(sample))).toBeGreaterThan(0);
	});

	it('recognises proxy-export.csv and playback.tsv, with a low score so specific formats win', () => {
		for (const [file, lines] of fixtureHeads()) {
			const score = genericCsvFormat.sniff(lines);
			if (file === 'mapped.csv') expect(score).toBe(0); // no known column: needs --type csv --map
			else expect(score).toBe(0.3);
			for (const other of ALL_FORMATS.filter((f) => f !== genericCsvFormat)) expect(other.sniff(lines), `${other.name} on ${file}`).toBe(0);
		}
	});

	it.each(negatives)('gives 0 to other inputs: $description', ({line}) => {
		for (const format of ALL_FORMATS) expect(format.sniff([line]), format.name).toBe(0);
	});

	describe.skipIf(!existsSync(SHARED))('shared samples', () => {
		it('no CSV or Tautulli sniffer claims any of them', () => {
			for (const file of readdirSync(SHARED).filter((f) => f !== 'ORIGINS.md')) {
				const lines = sniffHead(readFileSync(SHARED + file, 'utf8'));
				for (const format of ALL_FORMATS) expect(format.sniff(lines), `${format.name} on ${file}`).toBe(0);
			}
		});
	});
});

describe('hostile input', () => {
	const hostile = ['a'.repeat(1e6), ' '.repeat(1e6), '"'.repeat(1e6), ','.repeat(1e6), '\t;'.repeat(5e5), '[{'.repeat(5e5)];

	itLarge.each(hostile.map((h, i) => [i, h] as const))('1 MB line #%i finishes as header, as row and in sniff', (_i, line) => {
		expect(genericCsvFormat.sniff([line])).toBe(0);
		const asHeader = parseAll(genericCsvFormat, `${line}\nplex.tv\n`);
		validate(asHeader);
		const asRow = parseAll(genericCsvFormat, `host,status\n${line}\nplex.tv,200\n`);
		validate(asRow);
		expect(asRow.records.at(-1)).toMatchObject({host: 'plex.tv', status: 200, origin: {line: 3}});
	});

	it('arbitrary bytes never throw', () => {
		fc.assert(
			fc.property(fc.uint8Array({maxLength: 300}), (bytes) => {
				validate(parseAll(genericCsvFormat, bytes, {file: 'x'}, 7));
			}),
			runs(300),
		);
	});

	it('a header row alone gives no records and no errors', () => {
		expect(run('host,url\n')).toEqual({records: [], diagnostics: []});
		expect(parseAll(genericCsvFormat, enc('')).diagnostics.map((d) => d.code)).toEqual(['csv.header.missing']);
	});
});

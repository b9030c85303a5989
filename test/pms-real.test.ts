/**
The parser on the real PMS logs in ../shared/samples (skipped when absent): every line is parsed, a
continuation or known no-telemetry; the destinations, devices and playback they contain come out.
Expected values were read from the files by hand and are re-counted here with plain string tests.
*/
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {LineSplitter} from '../source/input/lines.js';
import {shownTime} from './helpers/shown-time.js';
import {collector} from '../source/formats/run.js';
import {createPmsParser, type PmsStats} from '../source/formats/pms/index.js';
import {telemetryRecordSchema, type RequestRecord, type TelemetryRecord} from '../source/model/records.js';

const SHARED = fileURLToPath(new URL('../../shared/samples/', import.meta.url));

function run(name: string): {text: string; lines: string[]; records: TelemetryRecord[]; diagnostics: unknown[]; stats: PmsStats} {
	const bytes = readFileSync(SHARED + name);
	const parser = createPmsParser({file: name});
	const out = collector();
	const splitter = new LineSplitter((t, n) => parser.line(t, n, out));
	splitter.push(bytes);
	splitter.end();
	parser.end(out);
	for (const r of out.records) telemetryRecordSchema.parse(r);
	const text = bytes.toString('utf8');
	return {text, lines: text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== ''), records: out.records, diagnostics: out.diagnostics, stats: parser.stats};
}

const requests = (records: TelemetryRecord[]): RequestRecord[] => records.filter((r): r is RequestRecord => r.kind === 'request');

describe.skipIf(!existsSync(SHARED))('PMS 1.43 startup log (real, 1,747 lines)', () => {
	const r = existsSync(SHARED) ? run('plex-media-server-1.43-startup.log') : undefined;

	it('every line is parsed (or a continuation); nothing unparsed or malformed', () => {
		const {stats, lines, diagnostics} = r!;
		expect(stats.lines).toBe(lines.length);
		expect(stats.unparsed).toBe(0);
		expect(stats.malformed).toBe(0);
		expect(stats.parsed + stats.continuation + stats.blank).toBe(stats.lines);
		expect(stats.telemetry + stats.noTelemetry).toBe(stats.parsed);
		expect(diagnostics).toEqual([]);
	});

	it('one inbound record per Request line, joined with its Completed line', () => {
		const {lines, records} = r!;
		const requestLines = lines.filter((l) => l.includes(' - Request: [')).length;
		const inbound = requests(records).filter((x) => x.direction === 'inbound');
		expect(inbound).toHaveLength(requestLines);
		const completed = lines.filter((l) => / - Completed(?: after connection close)?: \[/.test(l)).length;
		// Completed lines with a real HTTP status (not the websocket -3) all joined a Request.
		const websocketCloses = lines.filter((l) => l.includes('Completed after connection close')).length;
		expect(inbound.filter((x) => x.status !== undefined)).toHaveLength(completed - websocketCloses);
		expect(inbound.every((x) => x.host === 'this-server' && x.port === 32400)).toBe(true);
		expect(inbound.find((x) => x.path === '/library/sections/50/all')?.identifiers).toContainEqual({kind: 'personal', name: 'user', value: 'Briadin'});
	});

	it('one outbound record per HTTP requesting line, with the status of its response', () => {
		const {lines, records} = r!;
		const requesting = lines.map((l, i) => [l, i + 1] as const).filter(([l]) => l.includes('] HTTP requesting ')).map(([, n]) => n);
		const outbound = requests(records).filter((x) => x.direction === 'outbound');
		const fromRequesting = outbound.filter((x) => requesting.includes(x.origin.line!));
		expect(fromRequesting).toHaveLength(requesting.length);
		expect(fromRequesting.every((x) => x.status !== undefined)).toBe(true);
	});

	it('the destinations view works from the log alone', () => {
		const outbound = requests(r!.records).filter((x) => x.direction === 'outbound');
		const hosts = new Set(outbound.map((x) => x.host));
		for (const h of ['plex.tv', 'v4.plex.tv', 'images.plex.tv', 'me.plexapp.com', '104-171-250-43.3d85b42aedcd45b78c6aa78510eb6de6.plex.direct', '45.79.211.188', '192.168.1.81', '10.10.10.113'])
			expect(hosts, h).toContain(h);
		const plexTv = outbound.filter((x) => x.host === 'plex.tv');
		expect(plexTv).toHaveLength(r!.lines.filter((l) => /HTTP requesting [A-Z]+ https:\/\/plex\.tv\//.test(l)).length);
		expect(plexTv.find((x) => x.path === '/servers.xml' && x.status === 201)?.identifiers).toContainEqual({kind: 'personal', name: 'public IP', value: '104.171.250.43'});
		expect(plexTv.find((x) => x.path === '/api/v2/user/privacy')?.identifiers).toContainEqual({kind: 'secret', name: 'X-Plex-Token', value: 'xxxxxxxxxxxxxxxxxxxx'});
		expect(outbound.find((x) => x.host === 'me.plexapp.com')?.identifiers.map((i) => i.name)).toEqual(expect.arrayContaining(['filename', 'plexHash', 'openSubtitlesHash']));
		expect(outbound.every((x) => x.device?.version === '1.43.0.10467-2b1ba6e69')).toBe(true);
		// Local time GMT -05:00 → UTC.
		const line60 = outbound.find((x) => x.origin.line === 60);
		expect(line60 && shownTime(line60).time).toBe('2026-02-06T17:48:39.728Z');
	});

	it('devices: the LAN devices PMS discovered, once each; no playback in a startup log', () => {
		const devices = r!.records.filter((x) => x.kind === 'device');
		const names = devices.map((d) => d.device.name);
		expect(names).toEqual(expect.arrayContaining(['Bedroom TV', 'SHIELD', 'Hue Bridge (192.168.1.129)', 'Hell-Realm (Home Assistant)']));
		expect(new Set(names).size).toBe(names.length);
		expect(r!.lines.some((l) => / MDE: | Job running: .*Transcoder|reporting timeline/.test(l))).toBe(false);
		expect(r!.records.filter((x) => x.kind === 'playback')).toEqual([]);
	});
});

describe.skipIf(!existsSync(SHARED))('PMS lines from issues (real, 2014–2026)', () => {
	const r = existsSync(SHARED) ? run('plex-pms-log-lines-from-issues.log') : undefined;

	it('every line is parsed; nothing unparsed or malformed', () => {
		expect(r!.stats).toMatchObject({unparsed: 0, malformed: 0, continuation: 0});
		expect(r!.stats.parsed).toBe(r!.lines.length);
		expect(r!.diagnostics).toEqual([]);
	});

	it('playback, devices and destinations come out', () => {
		const {records} = r!;
		const playback = records.filter((x) => x.kind === 'playback');
		expect(playback).toEqual(expect.arrayContaining([
			expect.objectContaining({protocol: 'http', container: 'mp3'}),
			expect.objectContaining({protocol: 'hls', container: 'mpegts'}),
			expect.objectContaining({protocol: 'hls', container: 'mkv'}),
			expect.objectContaining({protocol: 'hls', container: 'mpegts', videoCodec: 'h264', title: 'M+ ACCION HD'}),
			expect.objectContaining({mediaType: 'track'}),
		]));
		const devices = records.filter((x) => x.kind === 'device');
		expect(devices).toEqual(expect.arrayContaining([
			expect.objectContaining({user: 'Flavio_59', device: expect.objectContaining({platform: 'windows', name: 'Net-Hunter', clientId: '0mysqobo3vpvjatpnks6ubu4'})}),
			expect.objectContaining({device: expect.objectContaining({platform: 'webOS', model: 'funnyclient'})}),
			expect.objectContaining({user: 'Makhuta', device: {clientId: 'wtc6gwnn3i6yi4iflnlyqoiy'}}),
		]));
		const hosts = new Set(requests(records).map((x) => x.host));
		expect(hosts).toEqual(new Set(['this-server', 'plex.tv', '127.0.0.1']));
		const livetv = requests(records).find((x) => x.path.endsWith('/04893.ts'));
		expect(livetv).toMatchObject({status: 200, bytesReceived: 278804, client: '192.168.2.45'});
	});
});

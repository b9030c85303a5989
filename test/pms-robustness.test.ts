/** PMS parser on hostile input (1 MB lines) and a fast-check property test: never throws, keeps valid lines. */
import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {parseAll} from '../source/formats/run.js';
import {pmsFormat} from '../source/formats/pms/index.js';
import {telemetryRecordSchema} from '../source/model/records.js';
import {describeLarge, runs} from './helpers/tier.js';

const H = 'Feb 06, 2026 12:48:45.834 [136529439558456] DEBUG - ';
const MB = 1_000_000;

describeLarge('PMS parser on hostile lines', () => {
	const hostile: Array<[string, string]> = [
		['letters', 'a'.repeat(MB)],
		['spaces', ' '.repeat(MB)],
		['brackets', '['.repeat(MB)],
		['header + brackets', H + '[x] '.repeat(MB / 4)],
		['Request with a digit run', `${H}Request: [${'1'.repeat(MB)}`],
		['Request with colons', `${H}Request: [${':'.repeat(MB)}]`],
		['Request with live runs', `${H}Request: [1.2.3.4:5] GET /${' (1 live)'.repeat(MB / 9)}`],
		['Completed with ms runs', `${H}Completed: [1.2.3.4:5] 200 GET / (1 live)${' 1ms'.repeat(MB / 4)}`],
		['Completed with bytes runs', `${H}Completed: [1.2.3.4:5] 200 GET / (1 live)${' 1ms 1 bytes'.repeat(MB / 12)}x`],
		['Completed request with colons', `${H}Completed request: GET ${'/:'.repeat(MB / 2)}`],
		['HTTP requesting with spaces', `${H}HTTP requesting GET ${'a '.repeat(MB / 2)}`],
		['Job running with quotes', `${H}Job running: "/usr/lib/plexmediaserver/Plex Transcoder" ${"'".repeat(MB)}`],
		['Job running with options', `${H}Job running: "/usr/lib/plexmediaserver/Plex Transcoder" -i x ${'-codec:1 aac '.repeat(MB / 13)}`],
		['MDE with colons', `${H}MDE: ${'a: '.repeat(MB / 3)}`],
		['timeline', `${H}Client [${'x'.repeat(MB)}`],
		['Now device', `${H}[Now] Device is ${'a ('.repeat(MB / 3)}`],
		['Now user', `${H}[Now] User is ${'a (ID: 1'.repeat(MB / 8)}`],
		['scrobble', `${H}Library item 1 '${"' got played by account 1".repeat(MB / 25)}`],
		['SSDP arrived', `${H}SSDP arrived: x ${'('.repeat(MB)}`],
		['identity', `${H}Plex Media Server v1 - ${' - '.repeat(MB / 3)}`],
		['unicode', '\u2014'.repeat(MB)],
	];
	it.each(hostile)('%s: completes and keeps the next line', (_name, line) => {
		const next = `${H}Request: [192.168.1.208:18113 (Subnet)] GET /ok (2 live) #1 GZIP`;
		const result = parseAll(pmsFormat, `${line}\n${next}\n`, {file: 'h'});
		expect(result.records.some((r) => r.kind === 'request' && r.path === '/ok')).toBe(true);
	});
});

const VALID = [
	`${H}Request: [192.168.1.208:1 (Subnet)] GET /a (4 live) #a1 GZIP Signed-in Token (u)`,
	`${H}Completed: [192.168.1.208:1] 200 GET /a (4 live) #a1 GZIP 0ms 10 bytes`,
	`${H}[HCl#5] HTTP requesting GET https://plex.tv/api/v2/user`,
	`${H}[HttpClient/HCl#5] HTTP/1.1 (0.1s) 200 response from GET https://plex.tv/api/v2/user (reused)`,
	`${H}[Transcode] MDE: Selected protocol hls; container: mkv`,
];

describe('PMS parser property', () => {
	it('never throws on arbitrary text and every record is valid', () => {
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(...VALID), fc.constantFrom(...VALID).map((v) => v.slice(0, 60))), {maxLength: 30}), (lines) => {
				const result = parseAll(pmsFormat, lines.join('\n'), {file: 'p'});
				for (const r of result.records) telemetryRecordSchema.parse(r);
			}),
			runs(100),
		);
	});

	it('valid lines around random damage still produce their records', () => {
		fc.assert(
			fc.property(fc.string(), fc.nat(VALID.length), fc.nat(200), (junk, at, cut) => {
				// Damage: a truncated copy of a valid line, and junk (which may contain newlines) spliced in.
				const damaged = [...VALID];
				damaged.splice(at, 0, `${VALID[at % VALID.length]!.slice(0, cut)}${junk}`);
				const result = parseAll(pmsFormat, damaged.join('\n'), {file: 'p'});
				const paths = result.records.filter((r) => r.kind === 'request').map((r) => (r.kind === 'request' ? r.host + r.path : ''));
				expect(paths).toContain('this-server/a');
				expect(paths).toContain('plex.tv/api/v2/user');
				expect(result.records.some((r) => r.kind === 'playback' && r.container === 'mkv')).toBe(true);
			}),
			runs(100),
		);
	});
});

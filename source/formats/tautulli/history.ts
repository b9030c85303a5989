/**
Tautulli watch history: the `get_history` API JSON and history CSV files → `playback` records
(evidence `Tautulli history`). Row mapping lives in `history-row.ts`.

- JSON: `/api/v2?apikey=…&cmd=get_history` answers
  `{"response": {"result": "success", "message": null, "data": {"draw": 1, "recordsTotal": …,
  "recordsFiltered": …, "total_duration": …, "filter_duration": …, "data": [ {row}, … ]}}}`. The web
  UI's own endpoint returns the inner `{draw, …, data}` object; a bare array of rows (`jq
  .response.data.data`) is accepted too.
- CSV: Tautulli has no history CSV writer. What users have is a database export
  (`sqlite3 -header -csv tautulli.db "SELECT … FROM session_history JOIN session_history_media_info …"`)
  or the API JSON converted by a spreadsheet: a header with Tautulli's column names (any subset).
*/
import type {ByteFormat, ParseContext} from '../types.js';
import {columnIndex, csvByteParser} from '../csv/parser.js';
import {detectDelimiter, splitCsvLine} from '../csv/stream.js';
import {HISTORY_FIELDS, historyRowRecord} from './history-row.js';
import {headText, type JsonRowCodes, jsonRowsParser} from './json-rows.js';

/** Keys only a history row has (not the users or libraries tables, which share `transcode_decision`). */
const HISTORY_MARKERS = ['paused_counter', 'full_title', 'play_duration', 'percent_complete', 'group_ids', 'reference_id'];

/** Sniff the `get_history` JSON: the API envelope or DataTables envelope around history rows. */
export function sniffHistoryJson(head: readonly string[]): number {
	const first = head[0]?.trimStart() ?? '';
	if (!first.startsWith('{') && !first.startsWith('[')) return 0;
	const text = headText(head);
	if (text.includes('"log"') && text.includes('"entries"')) return 0; // a HAR (e.g. a capture of Tautulli's API)
	const markers = HISTORY_MARKERS.filter((m) => text.includes(`"${m}"`)).length;
	// With `api_debug` on, keys are sorted: `transcode_decision` and the envelope's `draw` may lie past the head.
	if (markers === 0 || (!text.includes('"transcode_decision"') && markers < 3)) return 0;
	const datatable = text.includes('"recordsTotal"') || text.includes('"recordsFiltered"') || text.includes('"draw"');
	if (text.includes('"response"') && (datatable || text.includes('"data"'))) return 0.95;
	if (datatable) return 0.9;
	if (first.startsWith('[') && markers >= 2) return 0.8;
	return 0;
}

const JSON_CODES: JsonRowCodes = {
	'too-large': 'tautulli.history.too-large',
	'json.invalid': 'tautulli.history.invalid-json',
	'json.row.invalid': 'tautulli.history.invalid-row',
	'json.rows.missing': 'tautulli.history.no-rows',
};

const JSON_NAME = 'tautulli-history';
const CSV_NAME = 'tautulli-history-csv';

export const tautulliHistoryJsonFormat: ByteFormat = {
	kind: 'bytes',
	name: JSON_NAME,
	title: 'Tautulli watch history (get_history JSON)',
	sniff: sniffHistoryJson,
	samples: [
		// Shape of the `get_history` docstring example (Tautulli/Tautulli plexpy/webserve.py), one line.
		'{"response": {"result": "success", "message": null, "data": {"draw": 1, "recordsTotal": 1000, "recordsFiltered": 250, "total_duration": "42 days 5 hrs 18 mins", "filter_duration": "10 hrs 12 mins", "data": [{"date": 1462687607, "friendly_name": "Mother of Dragons", "full_title": "Game of Thrones - The Red Woman", "ip_address": "xxx.xxx.xxx.xxx", "paused_counter": 0, "platform": "Windows", "player": "Castle-PC", "product": "Plex for Windows", "started": 1462688107, "transcode_decision": "transcode", "user": "DanyKhaleesi69"}]}}}',
	],
	create: (ctx: ParseContext) =>
		jsonRowsParser(ctx.file, {
			paths: [['response', 'data', 'data'], ['data'], []],
			codes: JSON_CODES,
			row(row, origin, report, emit) {
				if (row === null || typeof row !== 'object' || Array.isArray(row)) {
					report.report(origin, 'tautulli.history.bad-row', `row ${origin.entry} is not an object; row skipped`);
					return;
				}
				const fields = row as Record<string, unknown>;
				const {record, problems: found} = historyRowRecord((name) => fields[name], JSON_NAME, origin);
				for (const p of found) report.report(origin, p.code, p.message);
				if (record) emit.record(record);
				else report.report(origin, 'tautulli.history.empty-row', `row ${origin.entry} has no Tautulli history fields`, 'info');
			},
			done(root, emit) {
				const response = envelope(root);
				if (response && response.result !== undefined && response.result !== 'success') {
					const why = typeof response.message === 'string' ? `: ${response.message}` : '';
					emit.diagnostic({severity: 'error', code: 'tautulli.history.api-error', message: `Tautulli answered "${String(response.result)}"${why}`, origin: {file: ctx.file, line: 1}});
				}
			},
		}),
};

function envelope(root: unknown): Record<string, unknown> | undefined {
	if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
	const response = (root as Record<string, unknown>).response;
	return response !== null && typeof response === 'object' && !Array.isArray(response) ? (response as Record<string, unknown>) : undefined;
}

const HISTORY_SET: ReadonlySet<string> = new Set(HISTORY_FIELDS);
const CSV_MARKERS: ReadonlySet<string> = new Set([...HISTORY_MARKERS, 'transcode_decision', 'friendly_name', 'machine_id', 'rating_key', 'session_key']);

/** Sniff a CSV whose header uses Tautulli's history column names. */
export function sniffHistoryCsv(head: readonly string[]): number {
	const first = head[0];
	if (first === undefined || first.length > 16384) return 0;
	const c = first.trimStart().charCodeAt(0);
	if (c === 0x7b || c === 0x5b || c === 0x23) return 0; // JSON, Zeek `#separator`
	const names = splitCsvLine(first, detectDelimiter(first)).map((n) => n.trim().toLowerCase());
	if (names.length < 3) return 0;
	const known = names.filter((n) => HISTORY_SET.has(n)).length;
	const markers = names.filter((n) => CSV_MARKERS.has(n)).length;
	return known >= 3 && markers >= 1 ? 0.85 : 0;
}

export const tautulliHistoryCsvFormat: ByteFormat = {
	kind: 'bytes',
	name: CSV_NAME,
	title: 'Tautulli watch history (CSV with Tautulli column names)',
	sniff: sniffHistoryCsv,
	samples: [
		// Column names of `get_history` rows / the `session_history` table (Tautulli plexpy/__init__.py).
		'date,started,stopped,user,friendly_name,ip_address,platform,product,player,full_title,media_type,transcode_decision,paused_counter',
		'started,stopped,user,ip_address,player,product,platform,machine_id,media_type,transcode_decision,container,bitrate,video_codec,video_resolution,audio_codec',
	],
	create(ctx: ParseContext) {
		let index = new Map<string, number>();
		let cells: string[] = [];
		const get = (name: string): unknown => {
			const i = index.get(name);
			return i === undefined ? undefined : cells[i];
		};
		return csvByteParser(ctx, {
			header(names, origin, report) {
				index = columnIndex(names);
				if (![...index.keys()].some((k) => HISTORY_SET.has(k))) {
					report.report(origin, 'tautulli.history.no-columns', `the header has none of Tautulli's history columns (${HISTORY_FIELDS.slice(0, 8).join(', ')}, …)`, 'error');
				}
			},
			row(row, origin, emit, report) {
				cells = row;
				const {record, problems} = historyRowRecord(get, CSV_NAME, origin);
				for (const p of problems) report.report(origin, p.code, p.message);
				if (record) emit.record(record);
			},
		});
	},
};

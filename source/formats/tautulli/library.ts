/**
Tautulli exporter output (`plexpy/exporter.py`): library, collection and playlist METADATA exports in
CSV or JSON → one `playback` record per media version, evidence `Tautulli library export`.

These records describe what the LIBRARY holds (container, codecs, resolution, bitrate of each file), not
traffic and not plays: no time, no device, no user. They let the media-format tables show what the
server has next to what was played.

- JSON: `json.dumps(sort_obj(result), indent=4)`: an array of items (sorted keys) whose `media` is a list
  of versions (`container`, `videoCodec`, `audioCodec`, `videoResolution`, `width`, `height`,
  `bitrate`, `parts: [{file, …, videoStreams, audioStreams, …}]`). Shows nest `seasons` → `episodes`,
  collections `children`, playlists `items`; every nested object with a `media` list is read.
- CSV: `helpers.flatten_dict()` joins keys with `.` (`media.videoCodec`, `seasons.episodes.media.width`)
  and explodes lists into extra rows: the first row of an item has its own fields plus the first
  element of each list, the next rows only the next elements. So a row with media fields but no
  `ratingKey` is the item's next version (it takes the title of the item above it), and a row without
  media fields (a second audio stream, a second location) gives no record. Headers are sorted with
  `ratingKey,title,titleSort` moved to the front.
*/
import type {Identifier, Origin, PlaybackRecord} from '../../model/records.js';
import type {ByteFormat, ParseContext} from '../types.js';
import {csvByteParser} from '../csv/parser.js';
import type {Reporter} from '../csv/report.js';
import {detectDelimiter, splitCsvLine} from '../csv/stream.js';
import {readNonNegative, readPositiveInt, readResolution, readText, setTexts} from '../csv/values.js';
import {normalizeResolution} from '../../model/records.js';
import {headText, jsonRowsParser} from './json-rows.js';

const CSV_NAME = 'tautulli-library-csv';
const JSON_NAME = 'tautulli-library';
const EVIDENCE = 'Tautulli library export';

/** The media-version attributes read from each `media` element (exporter names). */
const MEDIA_ATTRS = ['container', 'videoCodec', 'audioCodec', 'videoResolution', 'width', 'height', 'bitrate'] as const;
type MediaAttr = (typeof MEDIA_ATTRS)[number];

/** Builds the record of one media version from its attribute getter. */
function mediaRecord(
	get: (attr: MediaAttr) => unknown,
	item: {title?: string | undefined; type?: string | undefined},
	files: readonly string[],
	source: string,
	origin: Origin,
	report: Reporter,
): PlaybackRecord | undefined {
	if (!MEDIA_ATTRS.some((a) => readText(get(a)) !== undefined)) return undefined;
	const identifiers: Identifier[] = files.map((value) => ({kind: 'personal', name: 'media.parts.file', value}));
	const record: PlaybackRecord = {kind: 'playback', source, origin, identifiers, evidence: EVIDENCE};
	const number = (attr: MediaAttr, read: (v: unknown) => number | null | undefined, what: string): number | undefined => {
		const n = read(get(attr));
		if (n === null) report.report(origin, 'tautulli.library.bad-value', `media.${attr} is not ${what}: ${JSON.stringify(String(get(attr)).slice(0, 60))}`);
		return n ?? undefined;
	};
	setTexts(record, {container: get('container'), videoCodec: get('videoCodec'), audioCodec: get('audioCodec')});
	const width = number('width', readPositiveInt, 'a width in pixels');
	const height = number('height', readPositiveInt, 'a height in pixels');
	if (width) record.width = width;
	if (height) record.height = height;
	const bitrate = number('bitrate', readNonNegative, 'a bitrate (kbps)');
	if (bitrate) record.bitrateKbps = bitrate;
	const label = readResolution(get('videoResolution'));
	if (label === null) report.report(origin, 'tautulli.library.bad-value', `media.videoResolution is not a resolution: ${JSON.stringify(String(get('videoResolution')).slice(0, 60))}`);
	const resolution = label?.resolution ?? (width || height ? normalizeResolution({width, height}) : undefined);
	if (resolution) record.resolution = resolution;
	if (item.title) record.title = item.title;
	if (item.type) record.mediaType = item.type;
	return record;
}

// ---------------------------------------------------------------- CSV

/** Sniff the exporter's CSV header. */
export function sniffLibraryCsv(head: readonly string[]): number {
	const first = head[0];
	if (first === undefined || first.length > 65536) return 0;
	if (first.startsWith('ratingKey,title,titleSort') || first.startsWith('ratingKey,title,')) return 0.95;
	const c = first.trimStart().charCodeAt(0);
	if (c === 0x7b || c === 0x5b || c === 0x23) return 0;
	const names = splitCsvLine(first, detectDelimiter(first)).map((n) => n.trim());
	if (!names.includes('ratingKey')) return 0;
	if (names.includes('titleSort') || names.some((n) => /(?:^|\.)media\.[A-Za-z]+$/.test(n))) return 0.85;
	return 0;
}

/** Column layout of one nesting level that has media columns (`''`, `seasons.episodes.`, `children.`). */
type Level = {
	prefix: string;
	attrs: Partial<Record<MediaAttr, number>>;
	file: number | undefined;
	ratingKey: number | undefined;
	title: number | undefined;
	type: number | undefined;
	/** The item the following continuation rows belong to. */
	current: {title?: string | undefined; type?: string | undefined};
};

function levelsOf(names: readonly string[]): Level[] {
	const at = new Map<string, number>();
	names.forEach((n, i) => {
		if (!at.has(n)) at.set(n, i);
	});
	const levels = new Map<string, Level>();
	for (const [name, i] of at) {
		const m = /^(.*?)media\.([A-Za-z]+)$/.exec(name);
		if (!m || (m[1] !== '' && !m[1]!.endsWith('.'))) continue;
		const attr = m[2] as MediaAttr;
		if (!(MEDIA_ATTRS as readonly string[]).includes(attr)) continue;
		const prefix = m[1]!;
		let level = levels.get(prefix);
		if (!level) {
			level = {prefix, attrs: {}, file: at.get(`${prefix}media.parts.file`), ratingKey: at.get(`${prefix}ratingKey`), title: at.get(`${prefix}title`), type: at.get(`${prefix}type`), current: {}};
			levels.set(prefix, level);
		}
		level.attrs[attr] = i;
	}
	return [...levels.values()];
}

export const tautulliLibraryCsvFormat: ByteFormat = {
	kind: 'bytes',
	name: CSV_NAME,
	title: 'Tautulli library export (CSV)',
	sniff: sniffLibraryCsv,
	samples: [
		// Header of a movie library export at metadata level 1, media info level 1 (exporter.py movie_levels).
		'ratingKey,title,titleSort,addedAt,audienceRating,audienceRatingImage,contentRating,duration,durationHuman,editionTitle,guid,hasCreditsMarker,locations,media.aspectRatio,media.audioChannels,media.audioCodec,media.audioProfile,media.bitrate,media.container,media.duration,media.hdr,media.height,media.isOptimizedVersion,media.videoCodec,media.videoFrameRate,media.videoProfile,media.videoResolution,media.width,originalTitle,originallyAvailableAt,rating,ratingImage,studio,summary,tagline,type,userRating,year',
	],
	create(ctx: ParseContext) {
		let levels: Level[] = [];
		return csvByteParser(ctx, {
			header(names, origin, report) {
				levels = levelsOf(names);
				if (levels.length === 0) report.report(origin, 'tautulli.library.no-media', 'the export has no media columns (media info level 0): nothing to read', 'info');
			},
			row(cells, origin, emit, report) {
				for (const level of levels) {
					const cell = (i: number | undefined): string | undefined => (i === undefined ? undefined : readText(cells[i]));
					if (cell(level.ratingKey) !== undefined) level.current = {title: cell(level.title), type: cell(level.type)};
					const file = cell(level.file);
					const record = mediaRecord((a) => cells[level.attrs[a] ?? -1], level.current, file ? [file] : [], CSV_NAME, origin, report);
					if (record) emit.record(record);
				}
			},
		});
	},
};

// ---------------------------------------------------------------- JSON

/** Sniff the exporter's JSON: sorted keys, `durationHuman`/`sizeHuman` (exporter inventions), lowercase `media`. */
export function sniffLibraryJson(head: readonly string[]): number {
	const first = head[0]?.trimStart() ?? '';
	if (!first.startsWith('[') && !first.startsWith('{')) return 0;
	const text = headText(head);
	if (text.includes('"response"') || text.includes('"MediaContainer"') || text.includes('"log"')) return 0;
	const human = text.includes('"durationHuman":') || text.includes('"sizeHuman":');
	const media = text.includes('"media": [') || text.includes('"media":[');
	const item = text.includes('"ratingKey":') || text.includes('"addedAt":');
	if (human && (media || item)) return 0.9;
	if (media && item && (text.includes('"videoResolution":') || text.includes('"titleSort":'))) return 0.75;
	return 0;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every object (this one and nested lists of objects) that has a `media` list, to a bounded depth. */
function* mediaOwners(item: Json, depth = 0): Iterable<Json> {
	if (depth > 6) return;
	if (Array.isArray(item.media)) yield item;
	for (const [key, value] of Object.entries(item)) {
		if (key === 'media' || !Array.isArray(value)) continue;
		for (const child of value) if (isObject(child)) yield* mediaOwners(child, depth + 1);
	}
}

function partFiles(media: Json): string[] {
	const out: string[] = [];
	if (!Array.isArray(media.parts)) return out;
	for (const part of media.parts) {
		const file = isObject(part) ? readText(part.file) : undefined;
		if (file) out.push(file);
	}
	return out;
}

export const tautulliLibraryJsonFormat: ByteFormat = {
	kind: 'bytes',
	name: JSON_NAME,
	title: 'Tautulli library export (JSON)',
	sniff: sniffLibraryJson,
	samples: [
		// Start of a movie library export (exporter.py, json.dumps(sort_obj(result), indent=4)), lines joined.
		'[\n    {\n        "addedAt": "2021-03-14T18:22:41",\n        "audienceRating": 8.1,\n        "contentRating": "PG-13",\n        "duration": 8880000,\n        "durationHuman": "2 hrs 28 mins",\n        "guid": "plex://movie/5d776825880197001ec967c6",\n        "media": [\n            {\n                "audioCodec": "eac3",\n                "bitrate": 20150,\n                "container": "mkv",\n                "height": 1608,\n                "videoCodec": "hevc",\n                "videoResolution": "4k",\n                "width": 3840\n            }\n        ],\n        "ratingKey": 1201,',
	],
	create: (ctx: ParseContext) =>
		jsonRowsParser(ctx.file, {
			paths: [[]],
			rootObjectIsRow: true,
			codes: {
				'too-large': 'tautulli.library.too-large',
				'json.invalid': 'tautulli.library.invalid-json',
				'json.row.invalid': 'tautulli.library.invalid-row',
				'json.rows.missing': 'tautulli.library.no-items',
			},
			row(row, origin, report, emit) {
				if (!isObject(row)) {
					report.report(origin, 'tautulli.library.bad-row', `item ${origin.entry} is not an object; skipped`);
					return;
				}
				for (const owner of mediaOwners(row)) {
					const item = {title: readText(owner.title), type: readText(owner.type)};
					for (const media of owner.media as unknown[]) {
						if (!isObject(media)) continue;
						const record = mediaRecord((a) => media[a], item, partFiles(media), JSON_NAME, origin, report);
						if (record) emit.record(record);
					}
				}
			},
		}),
};

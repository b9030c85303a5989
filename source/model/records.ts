/**
The typed telemetry model. Every parser produces these records and nothing downstream bypasses them.

The zod schemas are the single definition: the TypeScript types are inferred from them, golden tests
validate every record a parser produces against them, and `--output ndjson` emits exactly this shape.
Parsers build records with the plain types (no zod on the per-line hot path); `finalizeRecord` in
`source/pipeline/finalize.ts` then sanitises, redacts, masks and classifies every record in one place.
*/
import * as z from 'zod';

/**
Where a record or diagnostic came from: a file (or `<stdin>`) and a 1-based line, a HAR entry index,
or a packet of a capture with the byte offset of its record (binary input has no lines).
*/
export const originSchema = z.object({
	/** Display name of the input: a path as given, `<stdin>`, or `dir/file.log` inside a folder. */
	file: z.string(),
	/** 1-based line number for line formats. */
	line: z.number().int().positive().optional(),
	/** 0-based index into `log.entries` (HAR) or a JSON array. */
	entry: z.number().int().nonnegative().optional(),
	/** 1-based packet number in a capture (as Wireshark numbers them). */
	packet: z.number().int().positive().optional(),
	/** Byte offset (of the decompressed input) where that packet's record or block starts. */
	offset: z.number().int().nonnegative().optional(),
});
export type Origin = z.infer<typeof originSchema>;

/** Format an origin the way every message shows it: `file:line`, `file entry #N` or `file packet N at byte offset X`. */
export function formatOrigin(origin: Origin): string {
	if (origin.line !== undefined) return `${origin.file}:${origin.line}`;
	if (origin.entry !== undefined) return `${origin.file} entry #${origin.entry}`;
	if (origin.packet !== undefined) return `${origin.file} packet ${origin.packet}${origin.offset === undefined ? '' : ` at byte offset ${origin.offset}`}`;
	if (origin.offset !== undefined) return `${origin.file} at byte offset ${origin.offset}`;
	return origin.file;
}

/**
What a client app says about itself (X-Plex-* headers and parameters, `Authorization: MediaBrowser …`,
analytics `context.device`, Player elements, log lines).
*/
export const deviceInfoSchema = z.object({
	product: z.string().optional(),
	version: z.string().optional(),
	platform: z.string().optional(),
	platformVersion: z.string().optional(),
	device: z.string().optional(),
	model: z.string().optional(),
	vendor: z.string().optional(),
	/** A friendly device name (often the owner's name): masked by default. */
	name: z.string().optional(),
	/** The client identifier (X-Plex-Client-Identifier, DeviceId): masked by default. */
	clientId: z.string().optional(),
	screenResolution: z.string().optional(),
});
export type DeviceInfo = z.infer<typeof deviceInfoSchema>;

/**
How sensitive an identifying value is.
- `secret`: grants access (tokens, api keys, cookies, Authorization). Never printed without `--show-secrets`.
- `identifier`: a stable pseudonymous id (client identifier, session id, account id, machine id).
- `personal`: about a person (user name, e-mail, IP address, postal code, geolocation, device name).
- `device`: a device descriptor (product, platform, model, screen resolution) — a fingerprinting surface.
*/
export const identifierKindSchema = z.enum(['secret', 'identifier', 'personal', 'device']);
export type IdentifierKind = z.infer<typeof identifierKindSchema>;

export const identifierSchema = z.object({
	kind: identifierKindSchema,
	/** Where it was carried: a header, parameter or field name, e.g. `X-Plex-Client-Identifier`. */
	name: z.string(),
	/** The value, masked (`abcd…#1f2e3d`) unless `--show-secrets`. */
	value: z.string(),
});
export type Identifier = z.infer<typeof identifierSchema>;

export const categorySchema = z.enum([
	'media-server',
	'vendor-api',
	'vendor-analytics',
	'vendor-content',
	'metadata',
	'cdn',
	'ads',
	'crash-reporting',
	'integration',
	'unknown',
]);
export type Category = z.infer<typeof categorySchema>;

export const partySchema = z.enum(['first', 'vendor', 'third']);
export type Party = z.infer<typeof partySchema>;

/**
Where a label comes from: our rule (`name` "built-in rules", `note` the rule's own source), a user
rules file, a tracker database (name, version, entity), what the input showed about the user's own
servers (`learned`, `note` the evidence), the local network, or nothing (`none`).
*/
export const classificationSourceSchema = z.object({
	kind: z.enum(['rule', 'user-rules', 'tracker-db', 'learned', 'local', 'none']),
	name: z.string(),
	version: z.string().optional(),
	entity: z.string().optional(),
	note: z.string().optional(),
});
export type ClassificationSource = z.infer<typeof classificationSourceSchema>;

/** Who a destination host belongs to; attached by the classifier, never by parsers. */
export const classificationSchema = z.object({
	organization: z.string(),
	category: categorySchema,
	party: partySchema,
	/** The rule that matched (its pattern, a database pattern, or a name such as `own-server`), or `default` when none did. */
	rule: z.string(),
	source: classificationSourceSchema,
	/** The registrable domain (eTLD+1; `<hash>.plex.direct` for a Plex server); absent for addresses and local names. */
	domain: z.string().optional(),
});
export type Classification = z.infer<typeof classificationSchema>;

const baseRecord = {
	/** ISO-8601 UTC time, when the input gives one. */
	time: z.string().optional(),
	/**
	The time as epoch milliseconds, which a parser may give instead of `time`: no string is made or parsed
	back per record. When present it decides (a `time` beside it is ignored). Finalised records never
	carry it: finalize turns it into `time` (in its place among the fields; none when it is not a valid
	time) and the store keeps the number (source/pipeline/ingest.ts `storeRecord`).
	*/
	timeMs: z.number().optional(),
	/** The format that produced the record (`har`, `pms`, `jellyfin`, …). */
	source: z.string(),
	origin: originSchema,
	/** The device the record came from, when known. */
	device: deviceInfoSchema.optional(),
	/** Identifying values the record carried (masked). */
	identifiers: z.array(identifierSchema),
};

/**
One request from a client to a destination host: an HTTP request in a HAR, an inbound or outbound
request in a server log, a proxied request, or a DNS lookup (`method: 'DNS'`).
*/
/** A value a request carried and where (`header X-Foo`, `cookie uid`, `body context.device.id`). */
export const carriedSchema = z.object({where: z.string(), value: z.string()});
export type Carried = z.infer<typeof carriedSchema>;

export const requestRecordSchema = z.object({
	kind: z.literal('request'),
	...baseRecord,
	method: z.string().optional(),
	/** The full URL with secrets replaced by `[REDACTED]` (unless `--show-secrets`). */
	url: z.string(),
	host: z.string(),
	port: z.number().int().optional(),
	path: z.string(),
	status: z.number().int().optional(),
	bytesSent: z.number().nonnegative().optional(),
	bytesReceived: z.number().nonnegative().optional(),
	/** The server's address, when the input names it: HAR `serverIPAddress`, a capture's flow, a DNS answer. */
	serverAddress: z.string().max(64).optional(),
	mimeType: z.string().optional(),
	/** The client that made the request (IP or name), masked by default. */
	client: z.string().optional(),
	/** `outbound`: leaves the user's network; `inbound`: reaches the user's own server; unknown otherwise. */
	direction: z.enum(['outbound', 'inbound']).optional(),
	/** The analytics event name when the request is an analytics event (e.g. `playback:itemstart`). */
	event: z.string().optional(),
	/** For DNS records: true when a blocklist answered (0.0.0.0, NXDOMAIN by filter, …). */
	blocked: z.boolean().optional(),
	/** Which fields of the body carried telemetry (e.g. `properties.videoCodec`). */
	fields: z.array(z.string()).optional(),
	/** Set by the classifier. */
	classification: classificationSchema.optional(),
	/**
	Raw values the request carried outside its URL (header and cookie values, form fields, body strings),
	for the identifier ledger. Transient: the pipeline fingerprints them and drops them before the record
	is stored, so they never reach a view, an export or a diagnostic.
	*/
	carried: z.array(carriedSchema).optional(),
});
export type RequestRecord = z.infer<typeof requestRecordSchema>;

export const resolutionSchema = z.enum(['SD', '480p', '576p', '720p', '1080p', '2K', '4K']);
export type Resolution = z.infer<typeof resolutionSchema>;

export const decisionSchema = z.enum(['directplay', 'copy', 'transcode']);
export type Decision = z.infer<typeof decisionSchema>;

/** One playback (or a statement about one): what format and resolution was played, on which device. */
export const playbackRecordSchema = z.object({
	kind: z.literal('playback'),
	...baseRecord,
	container: z.string().optional(),
	videoCodec: z.string().optional(),
	audioCodec: z.string().optional(),
	resolution: resolutionSchema.optional(),
	width: z.number().int().positive().optional(),
	height: z.number().int().positive().optional(),
	bitrateKbps: z.number().nonnegative().optional(),
	videoDecision: decisionSchema.optional(),
	audioDecision: decisionSchema.optional(),
	/** Overall: `directplay` when nothing is transcoded, `copy` (direct stream), or `transcode`. */
	decision: decisionSchema.optional(),
	protocol: z.string().optional(),
	/** movie, episode, track, clip, live … */
	mediaType: z.string().optional(),
	/** What was watched (title), when the evidence names it. */
	title: z.string().optional(),
	/** The user (masked by default). */
	user: z.string().optional(),
	/** The destination the playback data was sent to, when it was sent somewhere (analytics). */
	host: z.string().optional(),
	/** What the record was derived from, e.g. `analytics playback:itemstart`, `/status/sessions`, `PMS transcoder`. */
	evidence: z.string(),
	classification: classificationSchema.optional(),
});
export type PlaybackRecord = z.infer<typeof playbackRecordSchema>;

/** A device seen without a request or playback (e.g. a PMS `[Now] User/Device/Profile is` line). */
export const deviceRecordSchema = z.object({
	kind: z.literal('device'),
	...baseRecord,
	device: deviceInfoSchema,
	user: z.string().optional(),
	evidence: z.string(),
});
export type DeviceRecord = z.infer<typeof deviceRecordSchema>;

/**
One setting read from a media server's settings file (Plex `Preferences.xml`, Jellyfin or Emby
`system.xml`/`network.xml`): what the file says, so traffic can be checked against it
(source/classify/settings.ts). Identifying values (machine ids, tokens, e-mail) are in `identifiers`
and the `value` shows them masked like every identifier. Views that count traffic ignore settings.
*/
export const settingRecordSchema = z.object({
	kind: z.literal('setting'),
	...baseRecord,
	product: z.enum(['plex', 'jellyfin', 'emby']),
	/** The setting's name as the file spells it, e.g. `sendCrashReports`. */
	name: z.string(),
	/** The value as written (masked when it identifies someone). */
	value: z.string(),
	/** What the setting means, e.g. `send crash reports to Plex`. */
	evidence: z.string(),
	/** A host the setting names (e.g. `plexMetricsUrl`'s host), classified like any destination. */
	host: z.string().optional(),
	classification: classificationSchema.optional(),
});
export type SettingRecord = z.infer<typeof settingRecordSchema>;

export const telemetryRecordSchema = z.discriminatedUnion('kind', [
	requestRecordSchema,
	playbackRecordSchema,
	deviceRecordSchema,
	settingRecordSchema,
]);
export type TelemetryRecord = z.infer<typeof telemetryRecordSchema>;
export type RecordKind = TelemetryRecord['kind'];

/** A located message about the input. Parsers return these instead of throwing. */
export const diagnosticSchema = z.object({
	severity: z.enum(['error', 'warning', 'info']),
	/** A stable machine-readable code, e.g. `har.entry.invalid-json`, `pms.line.unparsed`. */
	code: z.string(),
	message: z.string(),
	origin: originSchema,
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;

/** Normalise a height, a `videoResolution` attribute or a label to the fixed resolution buckets. */
export function normalizeResolution(input: {label?: string | undefined; width?: number | undefined; height?: number | undefined}): Resolution | undefined {
	const label = input.label?.trim().toLowerCase();
	if (label) {
		const direct: Record<string, Resolution> = {
			sd: 'SD', '480': '480p', '480p': '480p', '576': '576p', '576p': '576p', '720': '720p', '720p': '720p',
			'1080': '1080p', '1080p': '1080p', '1080i': '1080p', fhd: '1080p', hd: '720p', '2k': '2K', '1440': '2K', '1440p': '2K',
			'4k': '4K', '2160': '4K', '2160p': '4K', uhd: '4K',
		};
		const hit = direct[label];
		if (hit) return hit;
	}
	const {width, height} = input;
	if (height === undefined && width === undefined) return undefined;
	// Widescreen sources are letterboxed (1920×800 is 1080p), so the width decides when it says more.
	const w = width ?? 0;
	const h = height ?? 0;
	if (w >= 3200 || h >= 1800) return '4K';
	if (w >= 2200 || h >= 1300) return '2K';
	if (w >= 1700 || h >= 1000) return '1080p';
	if (w >= 1200 || h >= 700) return '720p';
	if (h >= 560 || (h === 0 && w >= 1000)) return '576p';
	if (h >= 470 || (h === 0 && w >= 700)) return '480p';
	return 'SD';
}

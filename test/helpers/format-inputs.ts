/**
The inputs every format is tested with, in one place, so that test/formats-registry.test.ts can check
that each format in the registry has them all:

- `GOLDENS`: each format's fixtures under `test/fixtures/<folder>/`, each with its golden
  `<input>.expected.json` (records and diagnostics of `parseAll`, `carried` left out);
- `VALID` and `CAPTURES`: the record-rich inputs the fuzzers damage (test/fuzz-parsers.test.ts);
- the corpus (test/corpus/expectations.json) names the format of each case in its `format` field.

Adding a format: add its fixtures and goldens here (`UPDATE_GOLDEN=1` writes the goldens; read them),
one VALID input, and one corpus case; the registry test fails, naming what is missing, until then.
*/
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** One golden input: `path` relative to the repository; options for the parse context (as `--map` gives). */
export type GoldenInput = {
	readonly path: string;
	readonly options?: Readonly<Record<string, unknown>>;
	/** False when the input is only read with `--type` (and options): detection is not expected to pick it. */
	readonly detected?: false;
};
/** A format's fixtures: the folder under test/fixtures/ that holds them (and their goldens), and its inputs. */
export type FormatFixtures = {readonly folder: string; readonly inputs: readonly GoldenInput[]};

const inFolder = (folder: string, ...names: string[]): FormatFixtures => ({folder, inputs: names.map((n) => ({path: `test/fixtures/${folder}/${n}`}))});

/** Format name → its golden fixtures. A format missing here fails the registry test. */
export const GOLDENS: Readonly<Record<string, FormatFixtures>> = {
	har: {
		folder: 'har',
		inputs: [
			...[
				'har-charles-4.6.3.har',
				'har-chrome-devtools.har',
				'har-chrome-postdata.har',
				'har-chrome-with-utf8-bom.har',
				'har-firefox-111.har',
				'har-insomnia-2022.1.1.har',
				'har-mitmproxy-savehar-incomplete.har',
				'har-mitmproxy-savehar-ok.har',
				'har-mitmproxy-savehar-websocket.har',
				'har-safari-webkit-subset.har',
				'quirks.har',
			].map((n) => ({path: `test/fixtures/har/${n}`})),
			// The README's demo capture; its golden sits with the other HAR goldens.
			{path: 'samples/plex-web-session.har'},
		],
	},
	pms: inFolder('pms', 'mixed-generations.log'),
	jellyfin: inFolder('jellyfin', 'console.log', 'server.log'),
	emby: inFolder('emby', 'embyserver.txt'),
	'tautulli-history': inFolder('tautulli', 'history-api.json', 'history-sqlite.json'),
	'tautulli-history-csv': inFolder('tautulli', 'history.csv'),
	'tautulli-library': inFolder('tautulli', 'Library - Movies - All [1].20240309123512.json'),
	'tautulli-library-csv': inFolder('tautulli', 'Library - Movies - All [1].20240309123000.csv'),
	'access-log': inFolder('access-log', 'nginx-plex-proxy.log'),
	squid: inFolder('access-log', 'squid-access.log'),
	dnsmasq: {folder: 'dnsmasq', inputs: [{path: 'test/fixtures/dnsmasq/pihole-plex-lan.log', options: {referenceYear: 2024, utcOffsetMinutes: 60}}]},
	adguard: inFolder('adguard', 'querylog.json'),
	zeek: inFolder('zeek', 'dns.log', 'dns-json.log', 'mixed.log'),
	pcap: inFolder('pcap', 'lan-ethernet.pcap', 'lan.pcapng', 'lan-raw.pcap', 'damaged.pcap', 'odd.pcapng'),
	'plex-preferences': inFolder('settings', 'Preferences.xml'),
	'server-settings': inFolder('settings', 'system.xml'),
	csv: {
		folder: 'csv',
		inputs: [
			{path: 'test/fixtures/csv/proxy-export.csv'},
			{path: 'test/fixtures/csv/playback.tsv'},
			{
				path: 'test/fixtures/csv/mapped.csv',
				detected: false,
				options: {map: {when: 'time', who: 'client', dst: 'host', q: 'path', fmt: 'container', vc: 'videoCodec'}},
			},
		],
	},
};

/**
Files in a fixtures folder that are neither a golden input nor a golden: inputs other tests read
(each says which), notes, and generators. Anything else there fails the registry test.
*/
export const FIXTURE_EXTRAS: Readonly<Record<string, readonly string[]>> = {
	har: ['ORIGINS.md'],
	// test/tautulli.test.ts: the api_debug answer gives the same records as the compact one.
	tautulli: ['history-api-debug.json'],
	// test/pcap.test.ts: the other link layers are held to the Ethernet capture; the views golden.
	pcap: ['ORIGINS.md', 'generate.ts', 'lan-ethernet-be-ns.pcap', 'lan-null.pcap', 'lan-sll.pcap', 'lan-sll2.pcap', 'lan-ethernet.views.expected.json', 'real'],
};

/** The golden file of an input: `test/fixtures/<folder>/<input file name>.expected.json`. */
export function goldenPath(folder: string, input: GoldenInput): string {
	return join(FIXTURES, folder, `${input.path.split('/').pop()!}.expected.json`);
}

const fixture = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');

/** `spans`: some records span several lines (quoted CSV newlines, exception continuation lines). */
export type Valid = {format: string; name: string; text: string; unit: 'line' | 'entry'; spans?: boolean};

/** One valid, record-rich text input per format (the formats' own fixtures), damaged by the fuzzers. */
export const VALID: readonly Valid[] = [
	{format: 'har', name: 'plex-web-session.har', text: fixture('samples/plex-web-session.har'), unit: 'entry'},
	{format: 'har', name: 'quirks.har', text: fixture('test/fixtures/har/quirks.har'), unit: 'entry'},
	{format: 'pms', name: 'mixed-generations.log', text: fixture('test/fixtures/pms/mixed-generations.log'), unit: 'line'},
	{format: 'jellyfin', name: 'server.log', text: fixture('test/fixtures/jellyfin/server.log'), unit: 'line', spans: true},
	{format: 'emby', name: 'embyserver.txt', text: fixture('test/fixtures/emby/embyserver.txt'), unit: 'line', spans: true},
	{format: 'tautulli-history', name: 'history-api.json', text: fixture('test/fixtures/tautulli/history-api.json'), unit: 'entry'},
	{format: 'tautulli-history-csv', name: 'history.csv', text: fixture('test/fixtures/tautulli/history.csv'), unit: 'line'},
	{format: 'tautulli-library', name: 'library.json', text: fixture('test/fixtures/tautulli/Library - Movies - All [1].20240309123512.json'), unit: 'entry'},
	{
		format: 'tautulli-library-csv',
		name: 'library.csv',
		text: fixture('test/fixtures/tautulli/Library - Movies - All [1].20240309123000.csv'),
		unit: 'line',
		spans: true,
	},
	{format: 'access-log', name: 'nginx-plex-proxy.log', text: fixture('test/fixtures/access-log/nginx-plex-proxy.log'), unit: 'line'},
	{format: 'squid', name: 'squid-access.log', text: fixture('test/fixtures/access-log/squid-access.log'), unit: 'line'},
	{format: 'dnsmasq', name: 'pihole-plex-lan.log', text: fixture('test/fixtures/dnsmasq/pihole-plex-lan.log'), unit: 'line'},
	{format: 'adguard', name: 'querylog.json', text: fixture('test/fixtures/adguard/querylog.json'), unit: 'line'},
	{format: 'zeek', name: 'dns.log', text: fixture('test/fixtures/zeek/dns.log'), unit: 'line'},
	{format: 'zeek', name: 'dns-json.log', text: fixture('test/fixtures/zeek/dns-json.log'), unit: 'line'},
	{format: 'plex-preferences', name: 'Preferences.xml', text: fixture('test/fixtures/settings/Preferences.xml'), unit: 'line'},
	// One record per child element; a list element (PluginRepositories) holds several lines.
	{format: 'server-settings', name: 'system.xml', text: fixture('test/fixtures/settings/system.xml'), unit: 'line', spans: true},
	{format: 'csv', name: 'proxy-export.csv', text: fixture('test/fixtures/csv/proxy-export.csv'), unit: 'line'},
];

/** Binary inputs (packet captures) the fuzzers damage by packet: format → files under test/fixtures/pcap/. */
export const CAPTURES: Readonly<Record<string, readonly string[]>> = {pcap: ['lan-ethernet.pcap', 'lan.pcapng', 'odd.pcapng']};

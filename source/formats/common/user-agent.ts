/**
A small User-Agent parser for the clients a media server sees: Plex, Jellyfin and Emby apps, Kodi,
Infuse, VLC, ExoPlayer/okhttp players, Roku, Apple TV, smart TVs (LG webOS, Samsung Tizen) and the
common browsers. Used by every format that logs a User-Agent but no X-Plex-* / MediaBrowser evidence
(proxy access logs, Zeek http.log).

Both tables are data: `PRODUCT_RULES` names the client app (first match wins, so specific apps come
before the browsers whose tokens they also carry), `PLATFORM_RULES` names the operating system and the
hardware (first match wins). Each rule carries real sample strings that the tests check.
It is deliberately small: it names what a telemetry table needs, not every browser ever shipped.
*/
import type {DeviceInfo} from '../../model/records.js';
import {own} from '../../model/own.js';
import {ownDeep} from '../../model/limits.js';
import {BoundedMemo} from '../../model/memo.js';

type Fields = Pick<DeviceInfo, 'product' | 'version' | 'platform' | 'platformVersion' | 'device' | 'model' | 'vendor'>;

/** One rule: a regex (no nested quantifiers, so it cannot backtrack badly) and what its match means. */
export type UaRule = {
	readonly name: string;
	readonly re: RegExp;
	readonly build: (m: RegExpExecArray) => Fields;
	/** User-Agent strings this rule must match (checked by tests). */
	readonly samples: readonly string[];
};

/** `10_15_7` → `10.15.7`. */
const dotted = (v: string | undefined): string | undefined => v?.replace(/_/g, '.');

const WINDOWS_NT: Readonly<Record<string, string>> = {'10.0': '10', '6.3': '8.1', '6.2': '8', '6.1': '7', '6.0': 'Vista', '5.1': 'XP'};

/** Client apps and browsers, most specific first. */
export const PRODUCT_RULES: readonly UaRule[] = [
	{
		name: 'plex-media-server',
		re: /\bPlexMediaServer\/([\w.-]+)/,
		build: (m) => ({product: 'Plex Media Server', version: m[1]}),
		samples: ['PlexMediaServer/1.25.2.5319-c43dc0277', 'PlexMediaServer/1.41.3.9314-a0bfb8370'],
	},
	{
		name: 'plexamp',
		re: /\bPlexamp(?:\/([\w.-]+))?/i,
		build: (m) => ({product: 'Plexamp', version: m[1]}),
		samples: ['Plexamp/4.6.2 (iPhone; iOS 16.5; Scale/3.00)'],
	},
	{
		// The Plex desktop app as PMS verbose logs show its header (guirem/plugin-googlecast#94).
		name: 'plex-desktop',
		re: /^Plex; ([^;]+); ([^;]+)$/,
		build: (m) => ({product: 'Plex', version: m[1], platform: m[2]}),
		samples: ['Plex; 1.39.1.2763-300bb607; Windows 10 Version 2009'],
	},
	{
		name: 'plex-app',
		re: /^Plex(?: for ([A-Za-z]+(?: [A-Za-z]+)?))?\/([\w.-]+)/,
		build: (m) => ({product: m[1] ? `Plex for ${m[1]}` : 'Plex', version: m[2], platform: m[1]}),
		samples: ['Plex/10.14.0 (Android 13; Pixel 7)', 'Plex for Roku/8.0.1'],
	},
	{
		name: 'jellyfin-server',
		re: /\bJellyfin-Server\/([\w.-]+)/,
		build: (m) => ({product: 'Jellyfin Server', version: m[1]}),
		samples: ['Jellyfin-Server/10.8.13', 'Jellyfin-Server/10.9.0'],
	},
	{
		name: 'jellyfin-media-player',
		re: /\bJellyfin ?Media ?Player(?:[ /]v?(\d[\w.-]*))?/i,
		build: (m) => ({product: 'Jellyfin Media Player', version: m[1]}),
		samples: ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) JellyfinMediaPlayer 1.9.1 Chrome/108.0.5359.220 Safari/537.36'],
	},
	{
		name: 'jellyfin-app',
		re: /^(Swiftfin(?: [A-Za-z]+)?|Findroid|Jellyfin(?:-| )(?:Android|iOS|Mobile|Web|Roku|Kodi|TV)[\w -]*?)\/([\w.-]+)/,
		build: (m) => ({product: m[1]!.replace(/-/g, ' '), version: m[2]}),
		samples: ['Swiftfin iOS/1.0', 'Jellyfin-Android/2.6.1'],
	},
	{
		name: 'emby',
		re: /^(EmbyServer|Emby Server|Emby Theater|Emby for [A-Za-z]+(?: [A-Za-z]+)?|Emby)\/([\w.-]+)/,
		build: (m) => ({product: m[1] === 'EmbyServer' ? 'Emby Server' : m[1], version: m[2]}),
		samples: ['EmbyServer/4.8.0', 'Emby Theater/3.0.10', 'Emby for iOS/2.2.5', 'Emby/3.4.1'],
	},
	{
		name: 'kodi',
		re: /\b(?:Kodi|XBMC)\/(\d[\w.-]*)/,
		build: (m) => ({product: 'Kodi', version: m[1]}),
		samples: ['Kodi/20.1 (Linux; Android 9; BRAVIA 4K VH2) Version/20.1', 'Kodi/19.0 (Windows NT 10.0; Win64; x64) App_Bitness/64 Version/19.0-Matrix', 'Kodi/21.0 (X11; Linux x86_64) App_Bitness/64 Version/21.0'],
	},
	{
		name: 'infuse',
		re: /\bInfuse(?:-Library)?\/(\d[\w.-]*)/,
		build: (m) => ({product: 'Infuse', version: m[1]}),
		samples: ['Infuse/7.7.1 (iPhone; iOS 17.4.1; Scale/3.00)', 'Infuse/7.8.1'],
	},
	{
		name: 'vlc',
		re: /\b(?:VLC|LibVLC)\/(\d[\w.-]*)/,
		build: (m) => ({product: 'VLC', version: m[1]}),
		samples: ['VLC/3.0.20 LibVLC/3.0.20', 'VLC/3.0.18 LibVLC/3.0.18'],
	},
	{
		// ExoPlayer's default User-Agent is `<app>/<version> (Linux;Android <v>) ExoPlayerLib/<v>`.
		name: 'exoplayer',
		re: /^(?:([A-Za-z][\w .-]*?)\/([\w.-]+) )?\(Linux; ?Android ([\d.]+)\) ExoPlayerLib\/([\w.-]+)/,
		build: (m) => (m[1] ? {product: m[1], version: m[2]} : {product: 'ExoPlayer', version: m[4]}),
		samples: ['HDPlayer/3.5.47 (Linux;Android 12) ExoPlayerLib/2.14.1', 'TuneIn Radio/24.2 (Linux;Android 10) ExoPlayerLib/2.11.4'],
	},
	{
		// The HTTP library of many Android apps; Plex names `okhttp/2.6.0` as its Android app's user agent.
		name: 'okhttp',
		re: /^okhttp\/([\w.-]+)/,
		build: (m) => ({product: 'okhttp', version: m[1]}),
		samples: ['okhttp/2.6.0', 'okhttp/4.12.13'],
	},
	{
		name: 'apple-core-media',
		re: /^AppleCoreMedia\/([\w.]+)/,
		build: (m) => ({product: 'AppleCoreMedia', version: m[1]}),
		samples: ['AppleCoreMedia/1.0.0.20K71 (iPhone; U; CPU OS 16_1 like Mac OS X; en_us)', 'AppleCoreMedia/1.0.0.19J346 (Apple TV; U; CPU OS 15_0 like Mac OS X; en_us)'],
	},
	{
		name: 'edge',
		re: /\bEdg(?:e|A|iOS)?\/(\d[\d.]*)/,
		build: (m) => ({product: 'Edge', version: m[1]}),
		samples: ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91'],
	},
	{
		name: 'opera',
		re: /\bOPR\/(\d[\d.]*)/,
		build: (m) => ({product: 'Opera', version: m[1]}),
		samples: ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0'],
	},
	{
		name: 'firefox',
		re: /\b(?:Firefox|FxiOS)\/(\d[\w.]*)/,
		build: (m) => ({product: 'Firefox', version: m[1]}),
		samples: ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0', 'Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2'],
	},
	{
		name: 'chrome',
		re: /\b(?:Chrome|CriOS)\/(\d[\d.]*)/,
		build: (m) => ({product: 'Chrome', version: m[1]}),
		samples: ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36'],
	},
	{
		name: 'safari',
		re: /\bVersion\/(\d[\d.]*)(?: Mobile\/\w+)? Safari\//,
		build: (m) => ({product: 'Safari', version: m[1]}),
		samples: ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.3 Safari/605.1.15'],
	},
];

/** Operating system and hardware, first match wins. */
export const PLATFORM_RULES: readonly UaRule[] = [
	{
		name: 'roku',
		re: /\bRoku\/DVP-(\d[\d.]*)/,
		build: (m) => ({platform: 'Roku', platformVersion: m[1], device: 'Roku', vendor: 'Roku'}),
		samples: ['Roku/DVP-9.10 (519.10E04111A)', 'Roku/DVP-14.5 (14.5.0.4126-46)'],
	},
	{
		name: 'lg-webos',
		re: /\bWeb0S\b|\bwebOS\.TV\b/,
		build: () => ({platform: 'webOS', device: 'Smart TV', vendor: 'LG'}),
		samples: ['Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.1785.34 Safari/537.36 WebAppManager'],
	},
	{
		name: 'samsung-tizen',
		re: /\bTizen ?(\d[\d.]*)?/,
		build: (m) => ({platform: 'Tizen', platformVersion: m[1], device: 'Smart TV', vendor: 'Samsung'}),
		samples: ['Mozilla/5.0 (SMART-TV; Linux; Tizen 2.3) AppleWebkit/538.1 (KHTML, like Gecko) SamsungBrowser/1.0 TV Safari/538.1', 'Mozilla/5.0 (SMART-TV; LINUX; Tizen 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/5.0 TV Safari/537.36'],
	},
	{
		name: 'apple-tv',
		re: /\b(?:Apple ?TV|tvOS)\b(?:[^)]*?\bOS (\d+(?:_\d+)*))?/,
		build: (m) => ({platform: 'tvOS', platformVersion: dotted(m[1]), device: 'Apple TV', vendor: 'Apple'}),
		samples: ['AppleCoreMedia/1.0.0.19J346 (Apple TV; U; CPU OS 15_0 like Mac OS X; en_us)', 'Mozilla/5.0 (Apple TV; CPU iPhone OS 9_0 like Mac OS X) AppleWebKit/601.1.46 (KHTML, like Gecko)'],
	},
	{
		name: 'android',
		// `Android 9; BRAVIA 4K VH2)`: the model follows the version unless it is a build tag or `K`/`wv`.
		re: /\bAndroid[ /]?(\d[\d.]*)?(?:; ([^;)]+?)(?: Build\/[^;)]*)?\))?/,
		build: (m) => ({platform: 'Android', platformVersion: m[1], model: m[2] && !/^(?:K|wv|U|Mobile|[a-z]{2}[-_][a-zA-Z]{2})$/.test(m[2]) ? m[2] : undefined}),
		samples: ['Kodi/20.1 (Linux; Android 9; BRAVIA 4K VH2) Version/20.1', 'HDPlayer/3.5.47 (Linux;Android 12) ExoPlayerLib/2.14.1', 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36'],
	},
	{
		name: 'ios',
		re: /\b(iPhone|iPad|iPod)\b(?:[^)]*?\b(?:OS|iOS|iPadOS) (\d+(?:[_.]\d+)*))?/,
		build: (m) => ({platform: m[1] === 'iPad' ? 'iPadOS' : 'iOS', platformVersion: dotted(m[2]), device: m[1], vendor: 'Apple'}),
		samples: ['Infuse/7.7.1 (iPhone; iOS 17.4.1; Scale/3.00)', 'AppleCoreMedia/1.0.0.20K71 (iPhone; U; CPU OS 16_1 like Mac OS X; en_us)', 'Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1'],
	},
	{
		name: 'macos',
		re: /\bMac OS X (\d+(?:[_.]\d+)*)?/,
		build: (m) => ({platform: 'macOS', platformVersion: dotted(m[1])}),
		samples: ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/111.0'],
	},
	{
		name: 'windows',
		re: /\bWindows NT (\d+\.\d+)/,
		build: (m) => ({platform: 'Windows', platformVersion: own(WINDOWS_NT, m[1]!) ?? m[1]}),
		samples: ['Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2', 'Kodi/19.0 (Windows NT 10.0; Win64; x64) App_Bitness/64 Version/19.0-Matrix'],
	},
	{
		name: 'chromeos',
		re: /\bCrOS \w+ (\d[\d.]*)/,
		build: (m) => ({platform: 'ChromeOS', platformVersion: m[1]}),
		samples: ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'],
	},
	{
		name: 'linux',
		re: /\b(?:X11|Linux)\b/,
		build: () => ({platform: 'Linux'}),
		samples: ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.100 Safari/537.36'],
	},
];

/** User-Agents longer than this are cut before matching; real ones are a few hundred characters. */
const MAX_UA_LENGTH = 1024;

function firstMatch(rules: readonly UaRule[], ua: string): Fields | undefined {
	for (const rule of rules) {
		const m = rule.re.exec(ua);
		if (m) return rule.build(m);
	}
	return undefined;
}

/**
What a User-Agent says about the client: product and version (the app or browser), platform and its
version, and the hardware (`device`, `model`, `vendor`) where the string names it. Returns undefined
when nothing is recognised (bots, `-`, empty).
*/
export function deviceFromUserAgent(ua: string | undefined): DeviceInfo | undefined {
	if (!ua || ua === '-') return undefined;
	// A copy each time: callers may extend what they get.
	const known = parsedAgents.through(ua, parseAgent);
	return known === null ? undefined : {...known};
}

/** Clients send the same few User-Agents on every request: each distinct one is read once (bounded). */
const parsedAgents = new BoundedMemo<Readonly<DeviceInfo> | null>(2048, MAX_UA_LENGTH);
// Kept as a copy that shares no memory with the line the User-Agent came from.
const parseAgent = (ua: string): Readonly<DeviceInfo> | null => {
	const device = readAgent(ua);
	return device ? ownDeep(device) : null;
};

function readAgent(ua: string): DeviceInfo | undefined {
	const text = ua.length > MAX_UA_LENGTH ? ua.slice(0, MAX_UA_LENGTH) : ua;
	const product = firstMatch(PRODUCT_RULES, text);
	const platform = firstMatch(PLATFORM_RULES, text);
	if (!product && !platform) return undefined;
	const out: DeviceInfo = {};
	// The product rule's own platform (e.g. `Plex for Roku`) wins over the one read from the string.
	for (const source of [product, platform]) {
		if (!source) continue;
		for (const [key, value] of Object.entries(source) as Array<[keyof Fields, string | undefined]>) {
			if (value !== undefined && value !== '' && out[key] === undefined) out[key] = value;
		}
	}
	return Object.keys(out).length > 0 ? out : undefined;
}

/**
Combine what a client declared about itself (X-Plex-* parameters, MediaBrowser auth) with what its
User-Agent says. Declared fields win; a User-Agent product or platform is only used together with its
own version, so `Plex for LG` never gets the version of the Chrome engine inside the TV's web app.
*/
export function withUserAgent(declared: DeviceInfo | undefined, fromUa: DeviceInfo | undefined): DeviceInfo | undefined {
	if (!fromUa) return declared;
	if (!declared) return fromUa;
	const out: DeviceInfo = {...declared};
	// Field by field, in this order (the order of the keys added): a closure over a computed key cost ~10 % of an access log.
	if (declared.product === undefined && declared.version === undefined) {
		if (fromUa.product !== undefined) out.product = fromUa.product;
		if (fromUa.version !== undefined) out.version = fromUa.version;
	}
	if (declared.platform === undefined && declared.platformVersion === undefined) {
		if (fromUa.platform !== undefined) out.platform = fromUa.platform;
		if (fromUa.platformVersion !== undefined) out.platformVersion = fromUa.platformVersion;
	}
	if (out.device === undefined && fromUa.device !== undefined) out.device = fromUa.device;
	if (out.model === undefined && fromUa.model !== undefined) out.model = fromUa.model;
	if (out.vendor === undefined && fromUa.vendor !== undefined) out.vendor = fromUa.vendor;
	return out;
}

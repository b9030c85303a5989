import {describe, expect, it} from 'vitest';
import type {DeviceInfo} from '../source/model/records.js';
import {deviceFromUserAgent, PLATFORM_RULES, PRODUCT_RULES, withUserAgent, type UaRule} from '../source/formats/common/user-agent.js';

type Case = {description: string; notes: string; input: string; expected: DeviceInfo | undefined};

const cases: Case[] = [
	{
		description: 'Plex Media Server',
		notes: 'PMS outbound requests; string from a public plex.tv certificate script (header `user-agent`)',
		input: 'PlexMediaServer/1.25.2.5319-c43dc0277',
		expected: {product: 'Plex Media Server', version: '1.25.2.5319-c43dc0277'},
	},
	{
		description: 'Plex desktop app header as PMS verbose logs show it',
		notes: 'telemetry-facts.md §3, guirem/plugin-googlecast#94',
		input: 'Plex; 1.39.1.2763-300bb607; Windows 10 Version 2009',
		expected: {product: 'Plex', version: '1.39.1.2763-300bb607', platform: 'Windows 10 Version 2009'},
	},
	{
		description: 'Plex Android HTTP client',
		notes: "Plex privacy-preferences page (deprecated June 2024): Application Data sample user agent",
		input: 'okhttp/2.6.0',
		expected: {product: 'okhttp', version: '2.6.0'},
	},
	{
		description: 'Jellyfin server',
		notes: 'Jellyfin webhook User-Agent as used in public webhook tests',
		input: 'Jellyfin-Server/10.8.13',
		expected: {product: 'Jellyfin Server', version: '10.8.13'},
	},
	{
		description: 'Swiftfin (Jellyfin for iOS)',
		notes: 'public client-name derivation test ("Swiftfin iOS/1.0")',
		input: 'Swiftfin iOS/1.0',
		expected: {product: 'Swiftfin iOS', version: '1.0'},
	},
	{
		description: 'Emby Theater',
		notes: 'Emby Connect app string used by a public Emby client',
		input: 'Emby Theater/3.0.10',
		expected: {product: 'Emby Theater', version: '3.0.10'},
	},
	{
		description: 'Emby server',
		notes: 'server User-Agent as used in public webhook receivers',
		input: 'EmbyServer/4.8.0',
		expected: {product: 'Emby Server', version: '4.8.0'},
	},
	{
		description: 'Kodi on an Android TV (Sony Bravia)',
		notes: 'Kodi 20 User-Agent list in a public IPTV proxy',
		input: 'Kodi/20.1 (Linux; Android 9; BRAVIA 4K VH2) Version/20.1',
		expected: {product: 'Kodi', version: '20.1', platform: 'Android', platformVersion: '9', model: 'BRAVIA 4K VH2'},
	},
	{
		description: 'Kodi on Windows',
		notes: 'Kodi 19 Matrix default User-Agent (public Kodi add-on)',
		input: 'Kodi/19.0 (Windows NT 10.0; Win64; x64) App_Bitness/64 Version/19.0-Matrix',
		expected: {product: 'Kodi', version: '19.0', platform: 'Windows', platformVersion: '10'},
	},
	{
		description: 'Infuse on iPhone',
		notes: 'Infuse 7.7 User-Agent as spoofed by public Emby proxies',
		input: 'Infuse/7.7.1 (iPhone; iOS 17.4.1; Scale/3.00)',
		expected: {product: 'Infuse', version: '7.7.1', platform: 'iOS', platformVersion: '17.4.1', device: 'iPhone', vendor: 'Apple'},
	},
	{
		description: 'VLC',
		notes: 'VLC 3.0.20 default User-Agent',
		input: 'VLC/3.0.20 LibVLC/3.0.20',
		expected: {product: 'VLC', version: '3.0.20'},
	},
	{
		description: 'an ExoPlayer app',
		notes: "ExoPlayer's default `<app>/<v> (Linux;Android <v>) ExoPlayerLib/<v>`, from a public IPTV app",
		input: 'HDPlayer/3.5.47 (Linux;Android 12) ExoPlayerLib/2.14.1',
		expected: {product: 'HDPlayer', version: '3.5.47', platform: 'Android', platformVersion: '12'},
	},
	{
		description: 'Roku',
		notes: 'Roku firmware 14.5 User-Agent (public bot-classification test)',
		input: 'Roku/DVP-14.5 (14.5.0.4126-46)',
		expected: {platform: 'Roku', platformVersion: '14.5', device: 'Roku', vendor: 'Roku'},
	},
	{
		description: 'Apple TV media framework',
		notes: 'tvOS 15 AppleCoreMedia User-Agent',
		input: 'AppleCoreMedia/1.0.0.19J346 (Apple TV; U; CPU OS 15_0 like Mac OS X; en_us)',
		expected: {product: 'AppleCoreMedia', version: '1.0.0.19J346', platform: 'tvOS', platformVersion: '15.0', device: 'Apple TV', vendor: 'Apple'},
	},
	{
		description: 'LG webOS TV web app',
		notes: 'webOS TV 4 web engine (webostv.developer.lge.com specification, quoted in a public test)',
		input: 'Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.1785.34 Safari/537.36 WebAppManager',
		expected: {product: 'Chrome', version: '53.0.1785.34', platform: 'webOS', device: 'Smart TV', vendor: 'LG'},
	},
	{
		description: 'Samsung Tizen TV browser',
		notes: 'Samsung Internet for Smart TV (ua-parser-js test data)',
		input: 'Mozilla/5.0 (SMART-TV; Linux; Tizen 2.3) AppleWebkit/538.1 (KHTML, like Gecko) SamsungBrowser/1.0 TV Safari/538.1',
		expected: {platform: 'Tizen', platformVersion: '2.3', device: 'Smart TV', vendor: 'Samsung'},
	},
	{
		description: 'Firefox on macOS',
		notes: 'elastic/beats nginx access test log',
		input: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0',
		expected: {product: 'Firefox', version: '49.0', platform: 'macOS', platformVersion: '10.12'},
	},
	{
		description: 'Firefox on Windows 7',
		notes: 'elastic/beats nginx/apache access test logs',
		input: 'Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2',
		expected: {product: 'Firefox', version: '15.0a2', platform: 'Windows', platformVersion: '7'},
	},
	{
		description: 'Chrome on macOS',
		notes: 'elastic/beats nginx access test log',
		input: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36',
		expected: {product: 'Chrome', version: '70.0.3538.102', platform: 'macOS', platformVersion: '10.14.0'},
	},
	{
		description: 'Chrome on Linux',
		notes: 'elastic/beats apache access test log (vhost_combined line)',
		input: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/75.0.3770.100 Safari/537.36',
		expected: {product: 'Chrome', version: '75.0.3770.100', platform: 'Linux'},
	},
	{
		description: 'Safari on macOS',
		notes: 'mitmproxy test HAR safari.har',
		input: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.3 Safari/605.1.15',
		expected: {product: 'Safari', version: '16.3', platform: 'macOS', platformVersion: '10.15.7'},
	},
	{
		description: 'Edge on Windows 10 (Chrome tokens too)',
		notes: 'Edge 120 User-Agent; the Edg/ token must win over Chrome/',
		input: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
		expected: {product: 'Edge', version: '120.0.2210.91', platform: 'Windows', platformVersion: '10'},
	},
	{
		description: 'Chrome on Android (reduced UA)',
		notes: 'Chrome 110+ reduced User-Agent: the model is always `K`, which is not a model',
		input: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
		expected: {product: 'Chrome', version: '120.0.0.0', platform: 'Android', platformVersion: '10'},
	},
	{description: 'a CDN fetcher', notes: 'elastic/beats nginx access test log', input: 'Amazon CloudFront', expected: undefined},
	{description: 'a crawler', notes: 'elastic/beats nginx access test log', input: 'Mozilla/5.0 (compatible; Facebot 1.0; https://developers.facebook.com/docs/sharing/webmasters/crawler)', expected: undefined},
	{description: 'nginx `-`', notes: 'unset $http_user_agent', input: '-', expected: undefined},
];

describe('deviceFromUserAgent', () => {
	it.each(cases)('$description', ({input, expected}) => {
		expect(deviceFromUserAgent(input)).toEqual(expected);
	});

	it('reads only the first KiB of a hostile 1 MB string', () => {
		expect(deviceFromUserAgent('Mozilla/5.0 ('.repeat(80_000))).toBeUndefined();
		expect(deviceFromUserAgent(`Kodi/20.1 ${'('.repeat(1_000_000)}`)).toEqual({product: 'Kodi', version: '20.1'});
	});
});

describe('rule tables', () => {
	const tables: Array<{name: string; rules: readonly UaRule[]}> = [
		{name: 'PRODUCT_RULES', rules: PRODUCT_RULES},
		{name: 'PLATFORM_RULES', rules: PLATFORM_RULES},
	];
	it.each(tables)('$name: every rule has samples and is the first rule to match each of them', ({rules}) => {
		for (const rule of rules) {
			expect(rule.samples.length, rule.name).toBeGreaterThan(0);
			for (const sample of rule.samples) expect({sample, first: rules.find((r) => r.re.test(sample))?.name}).toEqual({sample, first: rule.name});
		}
	});
});

describe('withUserAgent', () => {
	it('keeps declared product and platform together with their own versions', () => {
		const declared: DeviceInfo = {product: 'Plex for LG', platform: 'webOS', clientId: 'lgtv-abc123'};
		const fromUa = deviceFromUserAgent('Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager');
		expect(withUserAgent(declared, fromUa)).toEqual({product: 'Plex for LG', platform: 'webOS', clientId: 'lgtv-abc123', device: 'Smart TV', vendor: 'LG'});
	});
	it('fills what was not declared', () => {
		expect(withUserAgent({clientId: 'x'}, {product: 'Infuse', version: '7.7.1', platform: 'iOS'})).toEqual({clientId: 'x', product: 'Infuse', version: '7.7.1', platform: 'iOS'});
		expect(withUserAgent(undefined, {product: 'VLC'})).toEqual({product: 'VLC'});
		expect(withUserAgent({product: 'Plex Web'}, undefined)).toEqual({product: 'Plex Web'});
	});
});

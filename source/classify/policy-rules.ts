/**
The privacy-policy categories people audit for, and what counts as evidence of each, as data.

Plex's 2017 policy names usage statistics that cannot be opted out of (device type, duration, bitrate,
media format, resolution, media type) and, for Plex-hosted content, what was watched, ad interaction
and location. Plex's own event catalogue (`plex.tv/api/v2/user/privacy`, telemetry-facts.md §2) names
the analytics events; they map to categories by name. A record is evidence for a category when it
left the user's network (vendor or third-party destination) and matches one of the category's tests.
*/
import type {Category} from '../model/records.js';

export type PolicyRule = {
	readonly id: string;
	readonly title: string;
	/** Analytics event names (e.g. `playback:itemstart`). */
	readonly events?: RegExp;
	/** Destination categories that are evidence in themselves. */
	readonly hostCategories?: readonly Category[];
	/** Exact destination hosts. */
	readonly hosts?: readonly string[];
	/** Request paths (on vendor or third-party hosts). */
	readonly paths?: RegExp;
	/** Identifier or body field names carried off-site. */
	readonly fields?: RegExp;
	/** Playback records sent off-site. */
	readonly playback?: boolean;
	/** Requests sent off-site by a client that described itself (X-Plex-*, MediaBrowser, analytics context.device). */
	readonly deviceDescriptors?: boolean;
	readonly source: string;
};

export const POLICY_RULES: readonly PolicyRule[] = [
	{
		id: 'device',
		title: 'Device data',
		fields: /^(X-Plex-(Product|Version|Platform|Platform-Version|Device|Model|Device-Vendor|Device-Screen-Resolution|Device-Name|Client-Identifier)|context\.device\.\w+|deviceIdentifier|.*(DeviceId|Device|Client)\b.*)$/i,
		events: /^device:/,
		deviceDescriptors: true,
		source: 'policy 2017: "device type"; privacy preferences "Device Data"; X-Plex-* headers (telemetry-facts.md §0, §3)',
	},
	{
		id: 'playback',
		title: 'Playback and media info',
		events: /^(playback:|server:playback|codec:download|sync:)/,
		playback: true,
		fields: /^properties\.(container|videoCodec|audioCodec|bitrate|videoDecision|audioDecision|protocol|duration)$/,
		source: 'policy 2017: "duration, bit rate, media format, resolution, and media type"; analytics playback:* events',
	},
	{
		id: 'content',
		title: 'Content watched',
		hostCategories: ['vendor-content'],
		hosts: ['together.plex.tv'],
		events: /^(watchtogether:|lyrics:consumed|metadata:match|metadata:music:match)/,
		fields: /^(properties\.)?(ratingKey|title|guid|sourceUri|key)$/,
		source: 'policy 2017: for Plex-hosted content "what was watched"; Watch Together sourceUri; Discover watch-state sync',
	},
	{
		id: 'location',
		title: 'Location',
		paths: /\/(api\/v2\/geoip|:\/ip|pms\/:\/ip)\b/,
		events: /^(nominatim:|geotagging:)/,
		fields: /(postal|zip|geo|latitude|longitude|location|Connection\[\]\[uri\]|remotePublicAddress|address)/i,
		source: 'policy 2017: "location from IP address or postal code"; plex.tv geoip and public-IP lookups; nominatim:reverse_geocode',
	},
	{
		id: 'ads',
		title: 'Ad interaction',
		hostCategories: ['ads'],
		events: /^(ad:|ads:)/,
		fields: /adsConsent|us_privacy|gdpr|did$/i,
		source: 'policy 2017: "ad interaction" for Plex-hosted content; ad hosts in telemetry-facts.md §1a',
	},
	{
		id: 'integrations',
		title: 'Third-party integrations',
		hostCategories: ['integration'],
		paths: /\/api\/v2\/user\/webhooks/,
		events: /^(link:|subscription:tidal)/,
		source: 'policy 2017 exceptions: Sonos, Alexa, webhooks, Last.fm; sonos.plex.tv; privacy event list',
	},
	{
		id: 'crash',
		title: 'Crash reports',
		hostCategories: ['crash-reporting'],
		source: 'crashreport.plexapp.com minidump uploads (telemetry-facts.md §1a)',
	},
	{
		id: 'library',
		title: 'Library statistics',
		events: /^(library:|server:(published|shared)|imagga:)/,
		hosts: ['metrics.plex.tv'],
		paths: /\/(library\/sections|media\/providers)/,
		source: 'privacy opt-out optOutLibraryStats; privacy event list library:* (telemetry-facts.md §2)',
	},
	{
		id: 'usage',
		title: 'App usage',
		events: /^(client:|server:startup|purchase:|subscription:)/,
		hostCategories: ['vendor-analytics'],
		source: 'privacy event list: client:start/view/click/search/setting remain identifiable (telemetry-facts.md §2)',
	},
];

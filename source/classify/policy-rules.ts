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
	/** Playback records that name what was watched, sent off-site. */
	readonly titles?: boolean;
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
		source: '"device type": Plex privacy policy change, announced 18 Aug 2017, in force 20 Sep 2017 (quoted at https://www.bit-tech.net/news/tech/software/plex-addresses-privacy-policy-update-criticisms/1/); "Device Data": Plex privacy preferences (https://www.plex.tv/about/privacy-legal/privacy-preferences-deprecated-june-2024/)',
	},
	{
		id: 'playback',
		title: 'Playback and media info',
		events: /^(playback:|server:playback|codec:download|sync:)/,
		playback: true,
		fields: /^properties\.(container|videoCodec|audioCodec|bitrate|videoDecision|audioDecision|protocol|duration)$/,
		source: '"duration, bit rate, media format, resolution, and media type": Plex privacy policy change, announced 18 Aug 2017, in force 20 Sep 2017 (quoted at https://www.bit-tech.net/news/tech/software/plex-addresses-privacy-policy-update-criticisms/1/); playback:* events: Plex’s own event list: GET https://plex.tv/api/v2/user/privacy (signed in)',
	},
	{
		id: 'content',
		title: 'Content watched',
		titles: true,
		hostCategories: ['vendor-content'],
		hosts: ['together.plex.tv'],
		events: /^(watchtogether:|lyrics:consumed|metadata:match|metadata:music:match)/,
		fields: /^(properties\.)?(ratingKey|title|guid|sourceUri|key)$/,
		source: 'for Plex-provided content, "what was watched": Plex privacy policy change, announced 18 Aug 2017, in force 20 Sep 2017 (quoted at https://www.bit-tech.net/news/tech/software/plex-addresses-privacy-policy-update-criticisms/1/); "Plex-provided Content": Plex privacy preferences (https://www.plex.tv/about/privacy-legal/privacy-preferences-deprecated-june-2024/)',
	},
	{
		id: 'location',
		title: 'Location',
		paths: /\/(api\/v2\/geoip|:\/ip|pms\/:\/ip)\b/,
		events: /^(nominatim:|geotagging:)/,
		fields: /(postal|zip|geo|latitude|longitude|^lat$|^lon$|^lng$|location|Connection\[\]\[uri\]|remotePublicAddress|address)/i,
		source: '"location from IP address or postal code": Plex privacy policy change, announced 18 Aug 2017, in force 20 Sep 2017 (quoted at https://www.bit-tech.net/news/tech/software/plex-addresses-privacy-policy-update-criticisms/1/); geoip and nominatim:* events: Plex’s own event list: GET https://plex.tv/api/v2/user/privacy (signed in)',
	},
	{
		id: 'ads',
		title: 'Ad interaction',
		hostCategories: ['ads'],
		events: /^(ad:|ads:)/,
		fields: /adsConsent|us_privacy|gdpr|did$/i,
		source: 'for Plex-provided content, "ad interaction": Plex privacy policy change, announced 18 Aug 2017, in force 20 Sep 2017 (quoted at https://www.bit-tech.net/news/tech/software/plex-addresses-privacy-policy-update-criticisms/1/); ad hosts in Plex free content: https://github.com/AdguardTeam/AdguardFilters/issues/201155',
	},
	{
		id: 'integrations',
		title: 'Third-party integrations',
		hostCategories: ['integration'],
		paths: /\/api\/v2\/user\/webhooks/,
		events: /^(link:|subscription:tidal)/,
		source: 'the stated exceptions "Sonos, Alexa, webhooks, and Last.fm": Plex privacy policy change, announced 18 Aug 2017, in force 20 Sep 2017 (quoted at https://www.bit-tech.net/news/tech/software/plex-addresses-privacy-policy-update-criticisms/1/); link:* events: Plex’s own event list: GET https://plex.tv/api/v2/user/privacy (signed in)',
	},
	{
		id: 'crash',
		title: 'Crash reports',
		hostCategories: ['crash-reporting'],
		source: 'minidump upload with server and user ids: https://github.com/plexinc/plex-media-player/blob/3ff83804a7e6ead45f6f47d1000831d0e83340be/src/tools/helper/CrashUploader.cpp',
	},
	{
		id: 'library',
		title: 'Library statistics',
		events: /^(library:|server:(published|shared)|imagga:)/,
		hosts: ['metrics.plex.tv'],
		paths: /\/(library\/sections|media\/providers)/,
		source: 'the optOutLibraryStats opt-out: https://github.com/pkkid/python-plexapi/blob/99205d3b86a75c3debb3317477849ac4330735db/plexapi/myplex.py (MyPlexAccount.optOut); library:* events: Plex’s own event list: GET https://plex.tv/api/v2/user/privacy (signed in)',
	},
	{
		id: 'usage',
		title: 'App usage',
		events: /^(client:|server:startup|purchase:|subscription:)/,
		hostCategories: ['vendor-analytics'],
		source: 'client:* events (start, view, click, search, setting): Plex’s own event list: GET https://plex.tv/api/v2/user/privacy (signed in); "Interaction": Plex privacy preferences (https://www.plex.tv/about/privacy-legal/privacy-preferences-deprecated-june-2024/)',
	},
];

/**
The host rules table: which organisation a destination belongs to, what kind of service it is, and
whose it is. Seeded from shared research (telemetry-facts.md §1); each rule names where the fact comes
from and real host names it must match (`samples`, checked by test/classify.test.ts).

Patterns: an exact host (`plex.tv`), a suffix (`*.plex.tv` matches `a.plex.tv` and `a.b.plex.tv`, not
`plex.tv` itself), or a glob with `*` standing for one or more labels inside (`mediatailor.*.amazonaws.com`).
The most specific pattern wins: exact, then the longest suffix, then globs in table order.
*/
import type {Category, Party} from '../model/records.js';

export type HostRule = {
	readonly pattern: string;
	readonly organization: string;
	readonly category: Category;
	/** Defaults to `vendor` for the media-server companies' rules and `third` otherwise (see `VENDORS`). */
	readonly party?: Party;
	/** Why the rule exists, or what goes there. Shown in blocklists. */
	readonly note?: string;
	/** Blocking this host is known to break playback or sign-in. */
	readonly breaksPlayback?: boolean;
	/** Real host names this rule must match. */
	readonly samples?: readonly string[];
	/** Where the fact comes from. */
	readonly source?: string;
};

/** Organisations that make the media servers: their hosts are `vendor` party. */
export const VENDORS: ReadonlySet<string> = new Set(['Plex Inc.', 'Jellyfin project', 'Emby LLC']);

const PLEX = 'Plex Inc.';
const FACTS = 'telemetry-facts.md §1a';

export const DEFAULT_RULES: readonly HostRule[] = [
	// `*.plex.direct` is not here: any Plex server has such a name, so whose it is comes from the input
	// (source/classify/knowledge.ts), never from a pattern.
	{pattern: 'pi.hole', organization: 'Your network', category: 'unknown', party: 'first', note: 'the Pi-hole itself', samples: ['pi.hole'], source: 'Pi-hole'},
	// Plex cloud API
	{pattern: 'plex.tv', organization: PLEX, category: 'vendor-api', note: 'accounts, sign-in, server and device registry, public IP lookup', breaksPlayback: true, samples: ['plex.tv'], source: FACTS},
	{pattern: 'www.plex.tv', organization: PLEX, category: 'vendor-api', samples: ['www.plex.tv'], source: FACTS},
	{pattern: 'clients.plex.tv', organization: PLEX, category: 'vendor-api', note: 'PIN/OAuth sign-in, feature flags', breaksPlayback: true, samples: ['clients.plex.tv'], source: FACTS},
	{pattern: 'app.plex.tv', organization: PLEX, category: 'vendor-api', note: 'the hosted Plex Web app', breaksPlayback: true, samples: ['app.plex.tv'], source: FACTS},
	{pattern: 'pubsub.plex.tv', organization: PLEX, category: 'vendor-api', note: 'push/event channel (websocket)', samples: ['pubsub.plex.tv'], source: FACTS},
	{pattern: 'notifications.plex.tv', organization: PLEX, category: 'vendor-api', samples: ['notifications.plex.tv'], source: FACTS},
	{pattern: 'together.plex.tv', organization: PLEX, category: 'vendor-api', note: 'Watch Together: reveals which local item is watched', samples: ['together.plex.tv'], source: FACTS},
	{pattern: 'sonos.plex.tv', organization: PLEX, category: 'integration', note: 'Sonos bridge', samples: ['sonos.plex.tv'], source: FACTS},
	{pattern: 'proxy.plex.tv', organization: PLEX, category: 'vendor-api', note: 'relay/proxy', breaksPlayback: true, samples: ['proxy.plex.tv'], source: FACTS},
	{pattern: '*.plex.bz', organization: PLEX, category: 'vendor-api', note: 'relay', breaksPlayback: true, samples: ['relay-1.plex.bz'], source: FACTS},
	{pattern: '*.plex.services', organization: PLEX, category: 'vendor-api', samples: ['a.plex.services'], source: FACTS},
	{pattern: 'node.plexapp.com', organization: PLEX, category: 'vendor-api', samples: ['node.plexapp.com'], source: FACTS},
	{pattern: 'oauth2.plex.tv', organization: PLEX, category: 'vendor-api', samples: ['oauth2.plex.tv'], source: FACTS},
	{pattern: '*.plex.tv', organization: PLEX, category: 'vendor-api', note: 'other Plex cloud service', samples: ['status.plex.tv', 'forums.plex.tv'], source: FACTS},
	{pattern: '*.plexapp.com', organization: PLEX, category: 'vendor-api', samples: ['tvthemes.plexapp.com'], source: FACTS},
	// Plex analytics and crash reports
	{pattern: 'analytics.plex.tv', organization: PLEX, category: 'vendor-analytics', note: 'client analytics events (/collect/event): device, playback format, bitrate, decisions', samples: ['analytics.plex.tv'], source: FACTS},
	{pattern: 'metrics.plex.tv', organization: PLEX, category: 'vendor-analytics', note: 'server-side metrics (plexMetricsUrl)', samples: ['metrics.plex.tv'], source: FACTS},
	{pattern: 'metric.plex.tv', organization: PLEX, category: 'vendor-analytics', note: 'reported analytics host', samples: ['metric.plex.tv'], source: FACTS},
	{pattern: 'crashreport.plexapp.com', organization: PLEX, category: 'crash-reporting', note: 'minidump upload with server and user ids', samples: ['crashreport.plexapp.com'], source: FACTS},
	// Plex-hosted content (free movies, Live TV, trailers): the policy shares what was watched and ad interaction.
	{pattern: 'vod.provider.plex.tv', organization: PLEX, category: 'vendor-content', note: 'free ad-supported movies', samples: ['vod.provider.plex.tv'], source: FACTS},
	{pattern: 'epg.provider.plex.tv', organization: PLEX, category: 'vendor-content', note: 'Live TV / DVR guide', samples: ['epg.provider.plex.tv'], source: FACTS},
	{pattern: 'epg-staging.provider.plex.tv', organization: PLEX, category: 'vendor-content', samples: ['epg-staging.provider.plex.tv'], source: FACTS},
	{pattern: 'discover.provider.plex.tv', organization: PLEX, category: 'vendor-content', note: 'Discover, watchlist and watch-state sync', samples: ['discover.provider.plex.tv'], source: FACTS},
	{pattern: 'watch.plex.tv', organization: PLEX, category: 'vendor-content', samples: ['watch.plex.tv'], source: FACTS},
	{pattern: 'music.provider.plex.tv', organization: PLEX, category: 'vendor-content', samples: ['music.provider.plex.tv'], source: FACTS},
	{pattern: 'podcasts.provider.plex.tv', organization: PLEX, category: 'vendor-content', samples: ['podcasts.provider.plex.tv'], source: FACTS},
	{pattern: 'webshows.provider.plex.tv', organization: PLEX, category: 'vendor-content', samples: ['webshows.provider.plex.tv'], source: FACTS},
	{pattern: 'play.provider.plex.tv', organization: PLEX, category: 'vendor-content', samples: ['play.provider.plex.tv'], source: FACTS},
	// Plex metadata
	{pattern: 'metadata.provider.plex.tv', organization: PLEX, category: 'metadata', note: 'metadata for the Plex Movie/TV agents', samples: ['metadata.provider.plex.tv'], source: FACTS},
	{pattern: '*.provider.plex.tv', organization: PLEX, category: 'metadata', samples: ['metadata-dev.provider.plex.tv'], source: FACTS},
	{pattern: 'mpm.plex.tv', organization: PLEX, category: 'metadata', samples: ['mpm.plex.tv'], source: FACTS},
	{pattern: 'tmsapi.plex.tv', organization: PLEX, category: 'metadata', note: 'TV guide data (Gracenote/TMS proxy, inferred)', samples: ['tmsapi.plex.tv'], source: FACTS},
	{pattern: 'acoustid.plex.tv', organization: PLEX, category: 'metadata', note: 'audio fingerprint lookups', samples: ['acoustid.plex.tv'], source: FACTS},
	{pattern: 'lyricfind.plex.tv', organization: PLEX, category: 'metadata', note: 'lyrics', samples: ['lyricfind.plex.tv'], source: FACTS},
	{pattern: 'meta.plex.tv', organization: PLEX, category: 'metadata', note: 'legacy agent file-hash lookups', samples: ['meta.plex.tv'], source: FACTS},
	{pattern: 'tvdb2.plex.tv', organization: PLEX, category: 'metadata', samples: ['tvdb2.plex.tv'], source: FACTS},
	// Plex CDN
	{pattern: 'images.plex.tv', organization: PLEX, category: 'cdn', samples: ['images.plex.tv'], source: FACTS},
	{pattern: 'assets.plex.tv', organization: PLEX, category: 'cdn', samples: ['assets.plex.tv'], source: FACTS},
	{pattern: 'provider-static.plex.tv', organization: PLEX, category: 'cdn', samples: ['provider-static.plex.tv'], source: FACTS},
	{pattern: 'metadata-static.plex.tv', organization: PLEX, category: 'cdn', samples: ['metadata-static.plex.tv'], source: FACTS},
	{pattern: 'iva-images.plex.tv', organization: PLEX, category: 'cdn', samples: ['iva-images.plex.tv'], source: FACTS},
	{pattern: 'downloads.plex.tv', organization: PLEX, category: 'cdn', note: 'installer and update downloads', samples: ['downloads.plex.tv'], source: FACTS},
	{pattern: 'nightlies.plex.tv', organization: PLEX, category: 'cdn', samples: ['nightlies.plex.tv'], source: FACTS},
	// Ads and ad-inserted streams in Plex free content and Live TV
	{pattern: '*.flashtalking.com', organization: 'Flashtalking (Mediaocean)', category: 'ads', note: 'video ads in Plex free content (Roku); blocking stops the videos', breaksPlayback: true, samples: ['cdn.flashtalking.com', 'd9.flashtalking.com'], source: FACTS},
	{pattern: 'mediatailor.*.amazonaws.com', organization: 'Amazon (AWS Elemental MediaTailor)', category: 'ads', note: 'server-side ad insertion in Plex Live TV; blocking broke Live TV', breaksPlayback: true, samples: ['mediatailor.us-east-1.amazonaws.com'], source: FACTS},
	{pattern: '*.amagi.tv', organization: 'Amagi', category: 'vendor-content', party: 'third', note: 'Live TV channel playout (ad-inserted)', breaksPlayback: true, samples: ['playouts.now.amagi.tv'], source: FACTS},
	{pattern: 'stream.ads.ottera.tv', organization: 'OTTera', category: 'ads', note: 'Live TV ad insertion; receives device id and consent strings', breaksPlayback: true, samples: ['stream.ads.ottera.tv'], source: FACTS},
	{pattern: '*.doubleclick.net', organization: 'Google', category: 'ads', samples: ['securepubads.g.doubleclick.net'], source: 'generic tracker rule'},
	{pattern: 'imasdk.googleapis.com', organization: 'Google', category: 'ads', note: 'Google IMA video ads SDK', samples: ['imasdk.googleapis.com'], source: 'generic tracker rule'},
	{pattern: '*.googlesyndication.com', organization: 'Google', category: 'ads', samples: ['pagead2.googlesyndication.com'], source: 'generic tracker rule'},
	{pattern: '*.google-analytics.com', organization: 'Google', category: 'ads', note: 'web analytics', samples: ['www.google-analytics.com'], source: 'generic tracker rule'},
	{pattern: 'google-analytics.com', organization: 'Google', category: 'ads', note: 'web analytics', samples: ['google-analytics.com'], source: 'generic tracker rule'},
	{pattern: '*.googletagmanager.com', organization: 'Google', category: 'ads', note: 'tag manager', samples: ['www.googletagmanager.com'], source: 'generic tracker rule'},
	{pattern: '*.conviva.com', organization: 'Conviva', category: 'ads', note: 'video quality analytics', samples: ['livepass.conviva.com'], source: 'generic tracker rule'},
	{pattern: '*.svc.transifex.net', organization: 'Transifex', category: 'ads', note: 'localisation SDK telemetry on plex.tv', samples: ['telemetry.svc.transifex.net'], source: FACTS},
	// Crash reporting
	{pattern: 'sentry.io', organization: 'Sentry', category: 'crash-reporting', samples: ['sentry.io'], source: 'generic tracker rule'},
	{pattern: '*.sentry.io', organization: 'Sentry', category: 'crash-reporting', samples: ['o123.ingest.sentry.io'], source: 'generic tracker rule'},
	// Jellyfin
	{pattern: 'repo.jellyfin.org', organization: 'Jellyfin project', category: 'vendor-api', note: 'plugin catalogue', samples: ['repo.jellyfin.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.jellyfin.org', organization: 'Jellyfin project', category: 'vendor-api', samples: ['docs.jellyfin.org'], source: 'telemetry-facts.md §1b'},
	{pattern: 'jellyfin.org', organization: 'Jellyfin project', category: 'vendor-api', samples: ['jellyfin.org'], source: 'telemetry-facts.md §1b'},
	// Emby
	{pattern: 'mb3admin.com', organization: 'Emby LLC', category: 'vendor-analytics', note: 'usage ping (registration/ping) and licensing', samples: ['mb3admin.com'], source: 'telemetry-facts.md §1c'},
	{pattern: '*.mb3admin.com', organization: 'Emby LLC', category: 'vendor-analytics', note: 'usage ping (registration/ping) and licensing', samples: ['www.mb3admin.com'], source: 'telemetry-facts.md §1c'},
	{pattern: 'connect.emby.media', organization: 'Emby LLC', category: 'vendor-api', note: 'Emby Connect accounts', samples: ['connect.emby.media'], source: 'telemetry-facts.md §1c'},
	{pattern: '*.emby.media', organization: 'Emby LLC', category: 'vendor-api', samples: ['www.emby.media'], source: 'telemetry-facts.md §1c'},
	{pattern: 'emby.media', organization: 'Emby LLC', category: 'vendor-api', samples: ['emby.media'], source: 'telemetry-facts.md §1c'},
	{pattern: 'fcm.googleapis.com', organization: 'Google', category: 'integration', note: 'push notifications to mobile apps', samples: ['fcm.googleapis.com'], source: 'telemetry-facts.md §1c'},
	// Metadata providers (third party)
	{pattern: 'api.themoviedb.org', organization: 'TMDb', category: 'metadata', samples: ['api.themoviedb.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.tmdb.org', organization: 'TMDb', category: 'metadata', samples: ['image.tmdb.org', 'api.tmdb.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.themoviedb.org', organization: 'TMDb', category: 'metadata', samples: ['www.themoviedb.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.thetvdb.com', organization: 'TheTVDB', category: 'metadata', samples: ['api4.thetvdb.com'], source: FACTS},
	{pattern: 'thetvdb.com', organization: 'TheTVDB', category: 'metadata', samples: ['thetvdb.com'], source: 'telemetry-facts.md §1c'},
	{pattern: 'musicbrainz.org', organization: 'MetaBrainz', category: 'metadata', samples: ['musicbrainz.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.musicbrainz.org', organization: 'MetaBrainz', category: 'metadata', samples: ['coverartarchive.musicbrainz.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.listenbrainz.org', organization: 'MetaBrainz', category: 'metadata', samples: ['labs.api.listenbrainz.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.theaudiodb.com', organization: 'TheAudioDB', category: 'metadata', samples: ['www.theaudiodb.com'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.omdbapi.com', organization: 'OMDb', category: 'metadata', samples: ['www.omdbapi.com', 'img.omdbapi.com'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.fanart.tv', organization: 'fanart.tv', category: 'metadata', samples: ['webservice.fanart.tv'], source: 'telemetry-facts.md §1c'},
	{pattern: '*.opensubtitles.org', organization: 'OpenSubtitles', category: 'metadata', samples: ['api.opensubtitles.org'], source: 'telemetry-facts.md §1c'},
	{pattern: '*.opensubtitles.com', organization: 'OpenSubtitles', category: 'metadata', samples: ['api.opensubtitles.com'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.schedulesdirect.org', organization: 'Schedules Direct', category: 'metadata', samples: ['json.schedulesdirect.org'], source: 'telemetry-facts.md §1b'},
	{pattern: '*.cddbp.net', organization: 'Gracenote (Nielsen)', category: 'metadata', note: 'Live TV guide data (EyeQ)', samples: ['c12345.ipg.web.cddbp.net', 'akamai-b.cdn.cddbp.net'], source: FACTS},
	// CDNs
	{pattern: 'raw.githubusercontent.com', organization: 'GitHub', category: 'cdn', samples: ['raw.githubusercontent.com'], source: 'telemetry-facts.md §1b'},
	{pattern: 'raw.github.com', organization: 'GitHub', category: 'cdn', samples: ['raw.github.com'], source: 'telemetry-facts.md §1c'},
	{pattern: '*.cloudfront.net', organization: 'Amazon CloudFront', category: 'cdn', samples: ['d1234.cloudfront.net'], source: 'generic CDN rule'},
	{pattern: '*.akamaized.net', organization: 'Akamai', category: 'cdn', samples: ['a.akamaized.net'], source: 'generic CDN rule'},
	{pattern: '*.fastly.net', organization: 'Fastly', category: 'cdn', samples: ['a.global.ssl.fastly.net'], source: 'generic CDN rule'},
	{pattern: 'fonts.googleapis.com', organization: 'Google', category: 'cdn', samples: ['fonts.googleapis.com'], source: 'generic CDN rule'},
	{pattern: '*.gstatic.com', organization: 'Google', category: 'cdn', samples: ['fonts.gstatic.com'], source: 'generic CDN rule'},
];

/**
The settings this tool reads from media-server settings files, as data: what each means, whether its
value identifies someone (then it is an identifier, masked like every identifier), and whether it
names a host (a URL whose host is classified) or the server's own names (learned as first party).

Only these settings become records: a Settings view is about what the file says on privacy and
network exposure, not a dump of every preference.

Sources: Plex attribute names as `Preferences.xml` writes them (python-plexapi `docs/settingslist.rst`;
the `PlexPreferences` type in drondeseries/pseuplex `src/plex/types/preferences.ts`); Jellyfin
`ServerConfiguration`/`NetworkConfiguration` (jellyfin/jellyfin `MediaBrowser.Model/Configuration`,
`Jellyfin.Networking`); Emby 3.5 `ServerConfiguration` (in jellyfin/jellyfin history at 86f6b817^,
telemetry-facts.md §1c). `CertificateUUID` being the plex.direct hash is an inference [I] from the
server's own log line `[CERT] Subject name is /CN=*.<hash>.plex.direct`.
*/
import type {IdentifierKind, SettingRecord} from '../../model/records.js';

export type Product = SettingRecord['product'];

export type SettingSpec = {
	readonly product: Product;
	readonly name: string;
	readonly meaning: string;
	/** The value identifies the server, the account or a person: kept as an identifier of this kind. */
	readonly identifies?: IdentifierKind;
	/** The value is a URL (or URLs) whose host is a destination. */
	readonly url?: boolean;
	/** What the value teaches about the user's own server. */
	readonly learn?: 'machine' | 'plex-direct-hash' | 'hosts';
};

export const SETTINGS: readonly SettingSpec[] = [
	// Plex Media Server, Preferences.xml attributes.
	{product: 'plex', name: 'sendCrashReports', meaning: 'send crash reports to Plex'},
	{product: 'plex', name: 'plexMetricsUrl', meaning: 'where the server sends usage metrics', url: true},
	{product: 'plex', name: 'PublishServerOnPlexOnlineKey', meaning: 'remote access: publish this server on plex.tv'},
	{product: 'plex', name: 'ManualPortMappingMode', meaning: 'manual port forwarding (0: the server asks the router by UPnP/NAT-PMP)'},
	{product: 'plex', name: 'ManualPortMappingPort', meaning: 'public port for remote access'},
	{product: 'plex', name: 'LastAutomaticMappedPort', meaning: 'the port the router last opened by UPnP/NAT-PMP'},
	{product: 'plex', name: 'RelayEnabled', meaning: 'allow Plex relay servers to carry streams'},
	{product: 'plex', name: 'GdmEnabled', meaning: 'announce the server on the LAN (GDM)'},
	{product: 'plex', name: 'DlnaEnabled', meaning: 'DLNA server'},
	{product: 'plex', name: 'webHooksEnabled', meaning: 'send events to webhook URLs'},
	{product: 'plex', name: 'PubSubServer', meaning: 'Plex push-channel server the server keeps a connection to'},
	{product: 'plex', name: 'customConnections', meaning: 'custom URLs the server publishes for itself', learn: 'hosts'},
	{product: 'plex', name: 'secureConnections', meaning: 'secure connections (0 required, 1 preferred, 2 disabled)'},
	{product: 'plex', name: 'TreatWanIpAsLocal', meaning: 'treat the public address as local'},
	{product: 'plex', name: 'AcceptedEULA', meaning: 'the Plex terms were accepted'},
	{product: 'plex', name: 'MetricsEpoch', meaning: 'metrics consent version'},
	{product: 'plex', name: 'MachineIdentifier', meaning: "the server's identifier at Plex", identifies: 'identifier', learn: 'machine'},
	{product: 'plex', name: 'ProcessedMachineIdentifier', meaning: "a derived form of the server's identifier", identifies: 'identifier'},
	{product: 'plex', name: 'AnonymousMachineIdentifier', meaning: 'the identifier sent with "anonymous" metrics', identifies: 'identifier'},
	{product: 'plex', name: 'CertificateUUID', meaning: "the server's plex.direct certificate name", identifies: 'identifier', learn: 'plex-direct-hash'},
	{product: 'plex', name: 'PlexOnlineToken', meaning: "the server's plex.tv access token", identifies: 'secret'},
	{product: 'plex', name: 'PlexOnlineUsername', meaning: 'the plex.tv account the server is signed in to', identifies: 'personal'},
	{product: 'plex', name: 'PlexOnlineMail', meaning: "the plex.tv account's e-mail", identifies: 'personal'},
	{product: 'plex', name: 'FriendlyName', meaning: "the server's name", identifies: 'personal'},
	// Jellyfin: system.xml (ServerConfiguration) and network.xml (NetworkConfiguration).
	{product: 'jellyfin', name: 'EnableMetrics', meaning: 'local Prometheus metrics endpoint (stays on the server)'},
	{product: 'jellyfin', name: 'PluginRepositories.RepositoryInfo.Url', meaning: 'plugin catalogue the server downloads', url: true},
	{product: 'jellyfin', name: 'QuickConnectAvailable', meaning: 'Quick Connect sign-in'},
	{product: 'jellyfin', name: 'EnableUPnP', meaning: 'ask the router to open ports (UPnP)'},
	{product: 'jellyfin', name: 'EnableRemoteAccess', meaning: 'allow connections from outside the LAN'},
	{product: 'jellyfin', name: 'PublicHttpPort', meaning: 'public HTTP port'},
	{product: 'jellyfin', name: 'PublicHttpsPort', meaning: 'public HTTPS port'},
	{product: 'jellyfin', name: 'PublishedServerUriBySubnet.string', meaning: 'server URLs published per subnet', learn: 'hosts'},
	{product: 'jellyfin', name: 'PreferredMetadataLanguage', meaning: 'language asked of metadata providers'},
	{product: 'jellyfin', name: 'MetadataCountryCode', meaning: 'country asked of metadata providers'},
	{product: 'jellyfin', name: 'ServerName', meaning: "the server's name", identifies: 'personal'},
	// Emby: system.xml (ServerConfiguration).
	{product: 'emby', name: 'EnableAnonymousUsageReporting', meaning: 'send usage data to Emby (mb3admin.com)'},
	{product: 'emby', name: 'EnableUPnP', meaning: 'ask the router to open ports (UPnP)'},
	{product: 'emby', name: 'EnableRemoteAccess', meaning: 'allow connections from outside the LAN'},
	{product: 'emby', name: 'PublicPort', meaning: 'public HTTP port'},
	{product: 'emby', name: 'PublicHttpsPort', meaning: 'public HTTPS port'},
	{product: 'emby', name: 'WanDdns', meaning: "the server's public name", learn: 'hosts'},
	{product: 'emby', name: 'EnableAutoUpdate', meaning: 'check for and install updates'},
	{product: 'emby', name: 'PreferredMetadataLanguage', meaning: 'language asked of metadata providers'},
	{product: 'emby', name: 'MetadataCountryCode', meaning: 'country asked of metadata providers'},
	{product: 'emby', name: 'ServerName', meaning: "the server's name", identifies: 'personal'},
];

export function settingSpec(product: Product, name: string): SettingSpec | undefined {
	return SETTINGS.find((s) => s.product === product && s.name === name);
}

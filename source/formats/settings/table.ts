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
	readonly name: string;
	readonly meaning: string;
	/** The value identifies the server, the account or a person: kept as an identifier of this kind. */
	readonly identifies?: IdentifierKind;
	/** The value is a URL (or URLs) whose host is a destination. */
	readonly url?: boolean;
	/** What the value teaches about the user's own server. */
	readonly learn?: 'machine' | 'plex-direct-hash' | 'hosts';
};

/** Plex Media Server, Preferences.xml attributes. */
const PLEX: readonly SettingSpec[] = [
	{name: 'sendCrashReports', meaning: 'send crash reports to Plex'},
	{name: 'plexMetricsUrl', meaning: 'where the server sends usage metrics', url: true},
	{name: 'PublishServerOnPlexOnlineKey', meaning: 'remote access: publish this server on plex.tv'},
	{name: 'ManualPortMappingMode', meaning: 'manual port forwarding (0: the server asks the router by UPnP/NAT-PMP)'},
	{name: 'ManualPortMappingPort', meaning: 'public port for remote access'},
	{name: 'LastAutomaticMappedPort', meaning: 'the port the router last opened by UPnP/NAT-PMP'},
	{name: 'RelayEnabled', meaning: 'allow Plex relay servers to carry streams'},
	{name: 'GdmEnabled', meaning: 'announce the server on the LAN (GDM)'},
	{name: 'DlnaEnabled', meaning: 'DLNA server'},
	{name: 'webHooksEnabled', meaning: 'send events to webhook URLs'},
	{name: 'PubSubServer', meaning: 'Plex push-channel server the server keeps a connection to'},
	{name: 'customConnections', meaning: 'custom URLs the server publishes for itself', learn: 'hosts'},
	{name: 'secureConnections', meaning: 'secure connections (0 required, 1 preferred, 2 disabled)'},
	{name: 'TreatWanIpAsLocal', meaning: 'treat the public address as local'},
	{name: 'AcceptedEULA', meaning: 'the Plex terms were accepted'},
	{name: 'MetricsEpoch', meaning: 'metrics consent version'},
	{name: 'MachineIdentifier', meaning: "the server's identifier at Plex", identifies: 'identifier', learn: 'machine'},
	{name: 'ProcessedMachineIdentifier', meaning: "a derived form of the server's identifier", identifies: 'identifier'},
	{name: 'AnonymousMachineIdentifier', meaning: 'the identifier sent with "anonymous" metrics', identifies: 'identifier'},
	{name: 'CertificateUUID', meaning: "the server's plex.direct certificate name", identifies: 'identifier', learn: 'plex-direct-hash'},
	{name: 'PlexOnlineToken', meaning: "the server's plex.tv access token", identifies: 'secret'},
	{name: 'PlexOnlineUsername', meaning: 'the plex.tv account the server is signed in to', identifies: 'personal'},
	{name: 'PlexOnlineMail', meaning: "the plex.tv account's e-mail", identifies: 'personal'},
	{name: 'FriendlyName', meaning: "the server's name", identifies: 'personal'},
];

/** Jellyfin and Emby both write these, under the same names (Jellyfin's configuration began as Emby's). */
const MEDIABROWSER: readonly SettingSpec[] = [
	{name: 'EnableUPnP', meaning: 'ask the router to open ports (UPnP)'},
	{name: 'EnableRemoteAccess', meaning: 'allow connections from outside the LAN'},
	{name: 'PublicHttpsPort', meaning: 'public HTTPS port'},
	{name: 'PreferredMetadataLanguage', meaning: 'language asked of metadata providers'},
	{name: 'MetadataCountryCode', meaning: 'country asked of metadata providers'},
	{name: 'ServerName', meaning: "the server's name", identifies: 'personal'},
];

/** Jellyfin: system.xml (ServerConfiguration) and network.xml (NetworkConfiguration). */
const JELLYFIN: readonly SettingSpec[] = [
	{name: 'EnableMetrics', meaning: 'local Prometheus metrics endpoint (stays on the server)'},
	{name: 'PluginRepositories.RepositoryInfo.Url', meaning: 'plugin catalogue the server downloads', url: true},
	{name: 'QuickConnectAvailable', meaning: 'Quick Connect sign-in'},
	{name: 'PublicHttpPort', meaning: 'public HTTP port'},
	{name: 'PublishedServerUriBySubnet.string', meaning: 'server URLs published per subnet', learn: 'hosts'},
	...MEDIABROWSER,
];

/** Emby: system.xml (ServerConfiguration). */
const EMBY: readonly SettingSpec[] = [
	{name: 'EnableAnonymousUsageReporting', meaning: 'send usage data to Emby (mb3admin.com)'},
	{name: 'PublicPort', meaning: 'public HTTP port'},
	{name: 'WanDdns', meaning: "the server's public name", learn: 'hosts'},
	{name: 'EnableAutoUpdate', meaning: 'check for and install updates'},
	...MEDIABROWSER,
];

const BY_PRODUCT: Readonly<Record<Product, readonly SettingSpec[]>> = {plex: PLEX, jellyfin: JELLYFIN, emby: EMBY};

export function settingSpec(product: Product, name: string): SettingSpec | undefined {
	return BY_PRODUCT[product].find((s) => s.name === name);
}

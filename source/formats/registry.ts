/**
Every input format the tool reads. Detection tries them all; `--type NAME` picks one. Order only
breaks ties between equal sniff scores.
*/
import {accessLogFormat} from './access-log/access-log.js';
import {squidFormat} from './access-log/squid.js';
import {adguardFormat} from './adguard/adguard.js';
import {genericCsvFormat} from './csv/generic.js';
import {dnsmasqFormat} from './dnsmasq/dnsmasq.js';
import {embyFormat} from './emby/emby.js';
import {harFormat} from './har/index.js';
import {jellyfinFormat} from './jellyfin/jellyfin.js';
import {pcapFormat} from './pcap/index.js';
import {pmsFormat} from './pms/index.js';
import {plexPreferencesFormat, serverSettingsFormat} from './settings/settings.js';
import {tautulliHistoryCsvFormat, tautulliHistoryJsonFormat} from './tautulli/history.js';
import {tautulliLibraryCsvFormat, tautulliLibraryJsonFormat} from './tautulli/library.js';
import type {Format} from './types.js';
import {zeekFormat} from './zeek/zeek.js';

export const FORMATS: readonly Format[] = [
	harFormat,
	pmsFormat,
	jellyfinFormat,
	embyFormat,
	tautulliHistoryJsonFormat,
	tautulliHistoryCsvFormat,
	tautulliLibraryJsonFormat,
	tautulliLibraryCsvFormat,
	accessLogFormat,
	squidFormat,
	dnsmasqFormat,
	adguardFormat,
	zeekFormat,
	pcapFormat,
	plexPreferencesFormat,
	serverSettingsFormat,
	genericCsvFormat,
];

export function findFormat(name: string): Format | undefined {
	return FORMATS.find((f) => f.name === name);
}

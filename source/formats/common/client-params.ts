/**
What clients say about themselves in headers and query parameters, shared by every format that sees
requests (HAR, PMS verbose request lines, proxy logs, Jellyfin/Emby logs).

- Plex: `X-Plex-*` headers, also sent as query parameters (Plex Web sends all of them on every request).
- Jellyfin/Emby: `Authorization` / `X-Emby-Authorization: MediaBrowser Client="…", Device="…", DeviceId="…",
  Version="…", Token="…"`, and `X-Emby-Client`, `X-Emby-Device-Name`, `X-Emby-Device-Id`, `X-Emby-Token`.

The table says which names are secrets, identifiers, personal data or device descriptors
(telemetry-facts.md §3 and §5). Values are returned raw; `finalizeRecord` masks them.
*/
import type {DeviceInfo, Identifier, IdentifierKind} from '../../model/records.js';
import {isPublicIpv4, isSecretParam} from '../../privacy/redact.js';
import {own} from '../../model/own.js';

/** Identifiers collected per request at most (more than a record keeps, so the cut is still reported). */
const MAX_IDENTIFIERS = 1024;

type ParamSpec = {kind: IdentifierKind; device?: keyof DeviceInfo};

/**
What a MediaBrowser client (Emby, Jellyfin) says of itself, as an `X-Emby-*` header and as a field of its
`Authorization: MediaBrowser …` header (`mediabrowser.<field>` after parseMediaBrowserAuth): one value, two names.
*/
const MEDIABROWSER_CLIENT: ReadonlyArray<readonly [header: string, field: string, spec: ParamSpec]> = [
	['x-emby-client', 'client', {kind: 'device', device: 'product'}],
	['x-emby-client-version', 'version', {kind: 'device', device: 'version'}],
	['x-emby-device-name', 'device', {kind: 'personal', device: 'name'}],
	['x-emby-device-id', 'deviceid', {kind: 'identifier', device: 'clientId'}],
];

/**
Known parameter/header names (lower case) → class, and the device field they fill. Secret names are not
repeated here: one in the redactor's `SECRET_NAMES` (privacy/redact.ts) is a secret here too (`add` asks
`isSecretParam`). The one secret listed, `mediabrowser.token`, is a field of the Authorization header, a
name only this table knows.
*/
export const CLIENT_PARAMS: Readonly<Record<string, ParamSpec>> = {
	'x-plex-client-identifier': {kind: 'identifier', device: 'clientId'},
	'x-plex-session-identifier': {kind: 'identifier'},
	'x-plex-session-id': {kind: 'identifier'},
	'x-plex-target-client-identifier': {kind: 'identifier'},
	'x-plex-device-name': {kind: 'personal', device: 'name'},
	'x-plex-product': {kind: 'device', device: 'product'},
	'x-plex-version': {kind: 'device', device: 'version'},
	'x-plex-platform': {kind: 'device', device: 'platform'},
	'x-plex-platform-version': {kind: 'device', device: 'platformVersion'},
	'x-plex-device': {kind: 'device', device: 'device'},
	'x-plex-model': {kind: 'device', device: 'model'},
	'x-plex-device-vendor': {kind: 'device', device: 'vendor'},
	'x-plex-device-screen-resolution': {kind: 'device', device: 'screenResolution'},
	'x-plex-marketplace': {kind: 'device'},
	'x-plex-language': {kind: 'device'},
	'x-plex-client-profile-name': {kind: 'device'},
	...Object.fromEntries(MEDIABROWSER_CLIENT.flatMap(([header, field, spec]) => [[header, spec], [`mediabrowser.${field}`, spec]])),
	'x-emby-language': {kind: 'device'},
	// The Authorization header's other fields.
	'mediabrowser.token': {kind: 'secret'},
	'mediabrowser.userid': {kind: 'identifier'},
	// Location, under the names apps use for it (the 2017 policy: "location from IP address or postal code").
	postalcode: {kind: 'personal'},
	postal_code: {kind: 'personal'},
	postcode: {kind: 'personal'},
	zip: {kind: 'personal'},
	zipcode: {kind: 'personal'},
	zip_code: {kind: 'personal'},
	lat: {kind: 'personal'},
	latitude: {kind: 'personal'},
	lon: {kind: 'personal'},
	lng: {kind: 'personal'},
	longitude: {kind: 'personal'},
};

/**
Parse `MediaBrowser Client="Jellyfin Web", Device="Firefox", DeviceId="…", Version="10.8.0", Token="…"`
(scheme `MediaBrowser` or `Emby`, values quoted or not, URL-encoded). Returns lower-case keys.
*/
export function parseMediaBrowserAuth(value: string): Map<string, string> | undefined {
	const m = /^\s*(?:MediaBrowser|Emby)\s+(.*)$/is.exec(value);
	if (!m?.[1]) return undefined;
	const out = new Map<string, string>();
	// A name starts only where a run of letters starts: trying every letter of a long run as the start of
	// a name made this quadratic (a 200 kB value of letters took 48 s).
	const re = /(?<![A-Za-z])([A-Za-z]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/g;
	for (const part of m[1].matchAll(re)) {
		const raw = part[2] ?? part[3] ?? '';
		let decoded = raw;
		try {
			decoded = decodeURIComponent(raw);
		} catch {
			// keep the raw value
		}
		if (part[1]) out.set(part[1].toLowerCase(), decoded);
	}
	return out;
}

export type ClientEvidence = {device: DeviceInfo | undefined; identifiers: Identifier[]};

/**
Collect device info and identifiers from name/value pairs (headers and query parameters together).
The first value of a field wins; identifiers are de-duplicated by name and value.
*/
export function clientEvidence(pairs: Iterable<readonly [string, string]>): ClientEvidence {
	const device: DeviceInfo = {};
	let hasDevice = false;
	const identifiers: Identifier[] = [];
	const seen = new Set<string>();
	const add = (name: string, value: string, spec: ParamSpec | undefined, displayName: string): void => {
		if (value === '') return;
		// A public IP address under any name (`geoip?address=…`) is where the user is.
		const kind = spec?.kind ?? (isSecretParam(name, value) ? 'secret' : isPublicIpv4(value) ? 'personal' : undefined);
		if (!kind) return;
		const key = `${name}\u0000${value}`;
		// A record keeps a few hundred identifiers (source/pipeline/bound.ts cuts the list and says so);
		// a million identifier headers in one request are not all worth holding until then.
		if (!seen.has(key) && identifiers.length < MAX_IDENTIFIERS) {
			seen.add(key);
			identifiers.push({kind, name: displayName, value});
		}
		if (spec?.device && device[spec.device] === undefined) {
			device[spec.device] = value;
			hasDevice = true;
		}
	};
	for (const [rawName, value] of pairs) {
		const name = rawName.toLowerCase();
		if (name === 'authorization' || name === 'x-emby-authorization') {
			const mb = parseMediaBrowserAuth(value);
			if (mb) {
				for (const [k, v] of mb) {
					const spec = own(CLIENT_PARAMS, `mediabrowser.${k}`);
					if (spec) add(`mediabrowser.${k}`, v, spec, `${rawName} ${k === 'deviceid' ? 'DeviceId' : k === 'userid' ? 'UserId' : k[0]!.toUpperCase() + k.slice(1)}`);
				}
				continue;
			}
		}
		add(name, value, own(CLIENT_PARAMS, name), rawName);
	}
	return {device: hasDevice ? device : undefined, identifiers};
}

/** Merge device info, keeping the first value of each field. */
export function mergeDevice(a: DeviceInfo | undefined, b: DeviceInfo | undefined): DeviceInfo | undefined {
	if (!a) return b;
	if (!b) return a;
	return {...b, ...Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined))};
}

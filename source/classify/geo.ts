/**
Where a destination address is: country and network (ASN) from offline MaxMind DB files the user gives
(`--geo-db FILE`, repeatable: a country database and an ASN database). Nothing is bundled and nothing is
fetched. Read are the fields of GeoLite2-Country/City/ASN and of the CC0 `@ip-location-db` MMDB files:
`country.iso_code` (or `registered_country`), `country_code`, `autonomous_system_number`,
`autonomous_system_organization`. Private, loopback and link-local addresses are not looked up.
*/
import {basename} from 'node:path';
import {readSmallBytes} from '../input/small-file.js';
import {isIpAddress, isPrivateAddress} from '../model/hosts.js';
import {openMmdb, type Mmdb, type MmdbValue} from './mmdb.js';

/** Geo databases are read whole into memory: at most this size each. */
export const MAX_GEO_DB_BYTES = 128 * 1024 * 1024;

export type GeoAnswer = {readonly country: string | undefined; readonly asn: number | undefined; readonly network: string | undefined};

export type Geo = {
	/** The databases, as `name (type, built date)`, for notes. */
	readonly names: readonly string[];
	/** Country and network of a public address; undefined for a name, a private address, or one no database knows. */
	lookup(address: string): GeoAnswer | undefined;
};

const field = (v: MmdbValue | undefined, key: string): MmdbValue | undefined =>
	v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && Object.hasOwn(v, key) ? (v as Record<string, MmdbValue>)[key] : undefined;
const text = (v: MmdbValue | undefined): string | undefined => (typeof v === 'string' && v !== '' ? v.slice(0, 200) : undefined);

/** The country code and network of one database record. */
export function answerOf(record: MmdbValue | undefined): GeoAnswer | undefined {
	if (record === undefined || record === null) return undefined;
	const country = text(field(record, 'country_code')) ?? text(field(field(record, 'country'), 'iso_code')) ?? text(field(field(record, 'registered_country'), 'iso_code'));
	const n = field(record, 'autonomous_system_number');
	const asn = typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
	const network = text(field(record, 'autonomous_system_organization'));
	return country === undefined && asn === undefined && network === undefined ? undefined : {country, asn, network};
}

/** Several databases asked in turn: each field from the first that has it. */
export function createGeo(dbs: ReadonlyArray<{readonly name: string; readonly db: Mmdb}>): Geo {
	const cache = new Map<string, GeoAnswer | undefined>();
	return {
		names: dbs.map((d) => {
			const built = d.db.metadata.buildEpoch === undefined ? '' : `, built ${new Date(d.db.metadata.buildEpoch * 1000).toISOString().slice(0, 10)}`;
			return `${d.name} (${d.db.metadata.databaseType}${built})`;
		}),
		lookup(address) {
			if (!isIpAddress(address) || isPrivateAddress(address)) return undefined;
			if (cache.has(address)) return cache.get(address);
			let country: string | undefined;
			let asn: number | undefined;
			let network: string | undefined;
			for (const {db} of dbs) {
				const a = answerOf(db.lookup(address));
				country ??= a?.country;
				asn ??= a?.asn;
				network ??= a?.network;
			}
			const answer = country === undefined && asn === undefined && network === undefined ? undefined : {country, asn, network};
			if (cache.size >= 100_000) cache.clear();
			cache.set(address, answer);
			return answer;
		},
	};
}

/** Read `--geo-db` files; an error names the file and what is wrong. */
export function loadGeo(paths: readonly string[]): {ok: true; geo: Geo} | {ok: false; error: string} {
	const dbs: Array<{name: string; db: Mmdb}> = [];
	for (const path of paths) {
		const read = readSmallBytes(path, MAX_GEO_DB_BYTES, 'a geo database');
		if (!read.ok) return {ok: false, error: `${path}: ${read.error}`};
		const opened = openMmdb(new Uint8Array(read.bytes.buffer, read.bytes.byteOffset, read.bytes.length));
		if (!opened.ok) return {ok: false, error: `${path}: ${opened.error}`};
		dbs.push({name: basename(path), db: opened.db});
	}
	return {ok: true, geo: createGeo(dbs)};
}

/** `AS15169 Google LLC`: the network of an answer, or undefined. */
export function networkCell(answer: GeoAnswer): string | undefined {
	if (answer.asn === undefined) return answer.network;
	return `AS${answer.asn}${answer.network ? ` ${answer.network}` : ''}`;
}

/** `US · AS15169 Google LLC`: one cell. */
export function geoCell(answer: GeoAnswer | undefined): string {
	if (!answer) return '';
	return [answer.country, answer.asn === undefined ? undefined : `AS${answer.asn}${answer.network ? ` ${answer.network}` : ''}`, answer.asn === undefined ? answer.network : undefined].filter(Boolean).join(' · ');
}

/**
Devices in a capture: one per client MAC address (or per IP address where the link has no MAC: raw IP,
loopback, a capture behind a router). Each collects what names it: the DHCP host name (option 12), an
mDNS host or service name, the first User-Agent (or X-Plex-*) description from its plain HTTP; and
what it did: the DNS names it asked for and the destinations it reached (bounded).

The MAC is an identifier: it travels only as `identifiers[{kind: 'identifier', name: 'MAC'}]` and as
`device.clientId` (both masked by the pipeline the same way), never in a URL, host or message.
*/
import type {DeviceInfo, DeviceRecord, Identifier, Origin} from '../../model/records.js';
import {grouped} from './bytes.js';

/** Devices tracked; more are read but no longer described (reported once). */
export const MAX_DEVICES = 10_000;
/** DNS names and destinations remembered per device (counted beyond). */
const MAX_PER_DEVICE = 256;

export type DeviceState = {
	readonly key: string;
	readonly mac: string | undefined;
	readonly ip: string | undefined;
	readonly origin: Origin;
	/** What the device's records carry; replaced (never mutated) when something new is learnt. */
	info: DeviceInfo | undefined;
	readonly identifiers: Identifier[];
	hostName: string | undefined;
	mdnsName: string | undefined;
	/** Whether a plain HTTP request described it (evidence). */
	fromUserAgent: boolean;
	vendorClass: string | undefined;
	names: Set<string>;
	namesSeen: number;
	hosts: Set<string>;
	hostsSeen: number;
};

export class Devices {
	private readonly map = new Map<string, DeviceState>();
	/** Devices not tracked because the table was full. */
	overflow = 0;

	get size(): number {
		return this.map.size;
	}

	/** The device of a client, created on first sight; undefined when the table is full. */
	get(mac: string | undefined, ip: string | undefined, origin: () => Origin): DeviceState | undefined {
		const key = mac ?? `ip ${ip ?? '?'}`;
		const hit = this.map.get(key);
		if (hit) return hit;
		if (this.map.size >= MAX_DEVICES) {
			this.overflow++;
			return undefined;
		}
		const identifiers: Identifier[] = mac ? [{kind: 'identifier', name: 'MAC', value: mac}] : [];
		const device: DeviceState = {
			key, mac, ip, origin: origin(), identifiers,
			info: mac ? {clientId: mac} : undefined,
			hostName: undefined, mdnsName: undefined, fromUserAgent: false, vendorClass: undefined,
			names: new Set(), namesSeen: 0, hosts: new Set(), hostsSeen: 0,
		};
		this.map.set(key, device);
		return device;
	}

	/** Look up without creating. */
	find(mac: string | undefined, ip: string | undefined): DeviceState | undefined {
		return this.map.get(mac ?? `ip ${ip ?? '?'}`);
	}

	values(): IterableIterator<DeviceState> {
		return this.map.values();
	}
}

/** The fields that describe what a device is (not who: name and clientId stay as they are). */
const DESCRIPTIVE = ['product', 'version', 'platform', 'platformVersion', 'device', 'model', 'vendor'] as const;

/**
Learn what the device is from a request's evidence (X-Plex-* headers, User-Agent) or its DHCP vendor
class. The first description that names a product replaces one that did not (a User-Agent that only
says "Linux", a DHCP "Android"), so the device reads as its HAR would; after that, only missing fields
are filled. The object is replaced, never mutated: records already emitted keep theirs.
*/
export function describe(device: DeviceState, more: DeviceInfo | undefined): void {
	if (!more) return;
	const current = device.info ?? {};
	const replace = current.product === undefined && more.product !== undefined;
	const next: DeviceInfo = {...current};
	let changed = false;
	for (const key of DESCRIPTIVE) {
		const value = more[key];
		if (replace) {
			if (next[key] !== value) changed = true;
			if (value === undefined) delete next[key];
			else next[key] = value;
		} else if (next[key] === undefined && value !== undefined) {
			next[key] = value;
			changed = true;
		}
	}
	if (changed) device.info = next;
}

/** A host name learnt from DHCP or mDNS names the device (DHCP wins: the device chose it for itself). */
export function nameDevice(device: DeviceState, name: string, how: 'dhcp' | 'mdns'): void {
	const clean = name.trim();
	if (!clean) return;
	if (how === 'dhcp') device.hostName ??= clean;
	else device.mdnsName ??= clean;
	const best = device.hostName ?? device.mdnsName;
	if (best && device.info?.name !== best) device.info = {...device.info, name: best};
}

export function noteName(device: DeviceState, name: string): void {
	device.namesSeen++;
	if (device.names.size < MAX_PER_DEVICE) device.names.add(name);
}

export function noteHost(device: DeviceState, host: string): void {
	device.hostsSeen++;
	if (device.hosts.size < MAX_PER_DEVICE) device.hosts.add(host);
}

/** `1 DNS name`, `3 DNS names`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${grouped(n)} ${n === 1 ? one : many}`;

/** The device record emitted at the end of the capture. */
export function deviceRecord(device: DeviceState, file: string): DeviceRecord {
	const said = [
		device.hostName ? 'DHCP host name' : '',
		device.mdnsName ? 'mDNS name' : '',
		device.vendorClass ? 'DHCP vendor class' : '',
		device.fromUserAgent ? 'HTTP request headers' : '',
		plural(device.names.size, 'DNS name'),
		plural(device.hosts.size, 'destination'),
	].filter(Boolean);
	const identifiers: Identifier[] = device.mac ? device.identifiers : device.ip ? [{kind: 'personal', name: 'IP address', value: device.ip}] : [];
	return {
		kind: 'device',
		source: 'pcap',
		origin: {...device.origin, file},
		device: device.info ?? {},
		identifiers,
		evidence: `packet capture, ${device.mac ? 'by MAC address' : 'by IP address'}: ${said.join(', ')}`,
	};
}

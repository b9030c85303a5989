/**
DHCP (BOOTP) client messages: the client's hardware address, the host name it asks to be known by
(option 12, or the client FQDN of option 81), its vendor class (option 60), which often names the
operating system (`android-dhcp-14`, `MSFT 5.0`), and its address (ciaddr, or the one it asks for in
option 50), which ties the MAC to packets that carry no MAC (raw IP captures).
*/
import type {DeviceInfo} from '../../model/records.js';
import {latin1} from './bytes.js';
import {ipv4Text, macText} from './addr.js';

export type DhcpClient = {mac: string; hostName: string | undefined; vendorClass: string | undefined; address: string | undefined};

const COOKIE = [0x63, 0x82, 0x53, 0x63];

/** Parse a BOOTREQUEST (client to server); undefined for replies and anything malformed. */
export function parseDhcpRequest(b: Uint8Array, at: number, end: number): DhcpClient | undefined {
	if (end - at < 240 || b[at] !== 1 || b[at + 1] !== 1 || b[at + 2] !== 6) return undefined;
	for (let i = 0; i < 4; i++) if (b[at + 236 + i] !== COOKIE[i]) return undefined;
	// The client's address: ciaddr when it has one (renewing), else the requested address (option 50).
	const ciaddr = ipv4Text(b, at + 12);
	const out: DhcpClient = {mac: macText(b, at + 28), hostName: undefined, vendorClass: undefined, address: ciaddr === '0.0.0.0' ? undefined : ciaddr};
	let p = at + 240;
	while (p < end) {
		const code = b[p]!;
		if (code === 255) break;
		if (code === 0) {
			p++;
			continue;
		}
		if (p + 2 > end) break;
		const len = b[p + 1]!;
		const value = p + 2;
		if (value + len > end) break;
		if (code === 12 && len > 0) out.hostName = latin1(b, value, value + len).replace(/\0+$/, '');
		else if (code === 60 && len > 0) out.vendorClass = latin1(b, value, value + len);
		else if (code === 50 && len === 4) out.address ??= ipv4Text(b, value);
		else if (code === 81 && len > 3 && !out.hostName) {
			// Client FQDN: flags, two obsolete rcodes, then the name (wire format when flag E is set).
			const name = b[value]! & 0x04 ? wireName(b, value + 3, value + len) : latin1(b, value + 3, value + len);
			if (name) out.hostName = name.split('.')[0];
		}
		p = value + len;
	}
	return out;
}

/** A DNS name in wire format (labels), without compression. */
function wireName(b: Uint8Array, at: number, end: number): string {
	const labels: string[] = [];
	let p = at;
	while (p < end && b[p]! > 0 && b[p]! < 64 && p + 1 + b[p]! <= end) {
		labels.push(latin1(b, p + 1, p + 1 + b[p]!));
		p += 1 + b[p]!;
	}
	return labels.join('.');
}

type VendorRule = {re: RegExp; build: (m: RegExpExecArray) => DeviceInfo; samples: readonly string[]};

/** Vendor classes (option 60) that name an operating system. Data; each rule with samples the tests check. */
export const VENDOR_CLASSES: readonly VendorRule[] = [
	{re: /^android-dhcp-(\d+)/, build: (m) => ({platform: 'Android', platformVersion: m[1]}), samples: ['android-dhcp-13', 'android-dhcp-9']},
	{re: /^MSFT 5\.0/, build: () => ({platform: 'Windows'}), samples: ['MSFT 5.0']},
	{re: /^dhcpcd-[\d.]+:Linux-/, build: () => ({platform: 'Linux'}), samples: ['dhcpcd-9.4.1:Linux-6.1.21-v8+:aarch64:Raspberry Pi 4 Model B Rev 1.4']},
	{re: /^udhcp \d/, build: () => ({platform: 'Linux'}), samples: ['udhcp 1.36.1']},
];

/** What a vendor class says about the device's platform, if anything. */
export function deviceFromVendorClass(vendorClass: string | undefined): DeviceInfo | undefined {
	if (!vendorClass) return undefined;
	for (const rule of VENDOR_CLASSES) {
		const m = rule.re.exec(vendorClass);
		if (m) return rule.build(m);
	}
	return undefined;
}

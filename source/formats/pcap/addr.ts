/** Addresses as text: IPv4 dotted, IPv6 in RFC 5952 form (lower case, longest zero run as `::`), MAC. */

export function ipv4Text(b: Uint8Array, at: number): string {
	return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

export function ipv6Text(b: Uint8Array, at: number): string {
	const groups: number[] = [];
	for (let i = 0; i < 8; i++) groups.push((b[at + 2 * i]! << 8) | b[at + 2 * i + 1]!);
	// IPv4-mapped: ::ffff:a.b.c.d
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return `::ffff:${ipv4Text(b, at + 12)}`;
	let bestStart = -1;
	let bestLength = 1;
	for (let i = 0; i < 8; ) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLength) {
			bestStart = i;
			bestLength = j - i;
		}
		i = j;
	}
	const hex = groups.map((g) => g.toString(16));
	if (bestStart === -1) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function ipText(b: Uint8Array, at: number, version: 4 | 6): string {
	return version === 4 ? ipv4Text(b, at) : ipv6Text(b, at);
}

const HEX = Array.from({length: 256}, (_, i) => i.toString(16).padStart(2, '0'));

export function macText(b: Uint8Array, at: number): string {
	return `${HEX[b[at]!]}:${HEX[b[at + 1]!]}:${HEX[b[at + 2]!]}:${HEX[b[at + 3]!]}:${HEX[b[at + 4]!]}:${HEX[b[at + 5]!]}`;
}

/** A MAC that names one device: not all zeros (loopback), not group (multicast, broadcast). */
export function isDeviceMac(b: Uint8Array, at: number): boolean {
	if (at < 0 || at + 6 > b.length || (b[at]! & 1) === 1) return false;
	return (b[at]! | b[at + 1]! | b[at + 2]! | b[at + 3]! | b[at + 4]! | b[at + 5]!) !== 0;
}

/** Multicast or broadcast destinations (mDNS, SSDP, DHCP, NetBIOS): LAN chatter, not a destination. */
export function isGroupAddress(b: Uint8Array, at: number, version: 4 | 6): boolean {
	if (version === 6) return b[at] === 0xff;
	const first = b[at]!;
	if (first >= 224) return true;
	// A directed broadcast (x.x.x.255) is the common case on a /24.
	return b[at + 3] === 255;
}

/**
DNS messages on the wire (UDP and TCP port 53, mDNS on 5353), decoded with `dns-packet`: the lookups a
client made, the addresses each answer gave (so a later connection to one of them is named), and the
names devices announce for themselves over mDNS.
*/
import {createRequire} from 'node:module';
import type dnsPacket from 'dns-packet';
import {NULL_ANSWERS, normalizeDnsName} from '../dnsmasq/dns-record.js';
import {ByteQueue, type Budget} from './bytes.js';

export type DnsMessage = dnsPacket.DecodedPacket & {rcode?: string; opcode?: string};

/** dns-packet, loaded on the first DNS message: inputs that are not captures never pay for it. */
let library: typeof dnsPacket | undefined;
const dns = (): typeof dnsPacket => (library ??= createRequire(import.meta.url)('dns-packet') as typeof dnsPacket);

/** Decode one DNS message; undefined when it is not one (dns-packet throws on malformed input). */
export function decodeDns(b: Uint8Array, at: number, end: number): DnsMessage | undefined {
	if (end - at < 12) return undefined;
	try {
		return dns().decode(Buffer.from(b.buffer, b.byteOffset + at, end - at)) as DnsMessage;
	} catch {
		return undefined;
	}
}

/** The first question's name, normalised (`Plex.TV.` → `plex.tv`). */
export function questionName(m: DnsMessage): string | undefined {
	const q = m.questions?.[0];
	return q?.name ? normalizeDnsName(q.name) : undefined;
}

/** The A/AAAA addresses of a response's answer section. */
export function answerAddresses(m: DnsMessage): string[] {
	const out: string[] = [];
	for (const a of m.answers ?? []) if ((a.type === 'A' || a.type === 'AAAA') && typeof a.data === 'string') out.push(a.data.toLowerCase());
	return out;
}

/** A filtering resolver's answer: addresses, all of them null routes. */
export function isBlockedAnswer(addresses: readonly string[]): boolean {
	return addresses.length > 0 && addresses.every((a) => NULL_ANSWERS.has(a));
}

/** What an mDNS response says about its sender: its host name (`name.local`) and a service instance name. */
export function mdnsNames(m: DnsMessage): {host: string | undefined; instance: string | undefined} {
	let host: string | undefined;
	let instance: string | undefined;
	for (const a of [...(m.answers ?? []), ...(m.additionals ?? [])]) {
		// The owner's spelling is kept (`Annes-iPhone.local`): it is a name, not a lookup.
		const name = (a.name ?? '').replace(/\.$/, '');
		if (!host && (a.type === 'A' || a.type === 'AAAA') && /\.local$/i.test(name)) host = name.slice(0, -'.local'.length);
		else if (!host && a.type === 'SRV' && typeof a.data === 'object' && a.data && 'target' in a.data) {
			const target = String(a.data.target).replace(/\.$/, '');
			if (/\.local$/i.test(target)) host = target.slice(0, -'.local'.length);
		}
		if (!instance && a.type === 'PTR' && typeof a.data === 'string') {
			// `Living Room._googlecast._tcp.local`: the instance label is what the owner named the device.
			const m2 = /^(.+?)\._[a-z0-9-]+\._(?:tcp|udp)\.local\.?$/i.exec(a.data);
			if (m2 && !m2[1]!.startsWith('_')) instance = m2[1];
		}
	}
	return {host: host || undefined, instance};
}

/** DNS over TCP: messages with a 2-byte length prefix, possibly split over segments. */
export class DnsTcpReader {
	private readonly queue: ByteQueue;

	constructor(budget: Budget, private readonly onMessage: (message: Uint8Array) => void) {
		this.queue = new ByteQueue(budget, 65_537);
	}

	/** False when the stream cannot be read on (a message larger than the queue, or the budget). */
	push(bytes: Uint8Array): boolean {
		if (!this.queue.push(bytes)) return false;
		let b = this.queue.view();
		while (b.length >= 2) {
			const size = (b[0]! << 8) | b[1]!;
			if (b.length < 2 + size) break;
			this.onMessage(b.subarray(2, 2 + size));
			this.queue.consume(2 + size);
			b = this.queue.view();
		}
		return true;
	}

	release(): void {
		this.queue.release();
	}
}

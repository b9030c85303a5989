/**
Packet captures (pcap, pcapng) → request and device records: what every device on the network
contacted, from a capture made on a router, a mirrored port or a phone (tcpdump, Wireshark, PCAPdroid).

Records (all `source: 'pcap'`, located at a packet: `origin {file, packet, offset}`):
- a DNS lookup (UDP or TCP port 53): `method: 'DNS'`, like every DNS source (see dns-record.ts), emitted
  when its answer arrives (`blocked` when every address is a null route) or, unanswered, after 10 s;
- a flow (TCP connection or UDP exchange), emitted when it ends (FIN both ways, RST, idle, or the end of
  the capture) with the payload bytes each way (`bytesSent` client → server): `TLS` with the ClientHello's
  server name (`tls://name:443`), `QUIC` with the server name of the decrypted Initial packets, the
  HTTP/1 request (its method and URL, Host, User-Agent, X-Plex-* evidence), or `TCP`/`UDP`; a flow
  without any name is named by the DNS answer that gave its server address, else keeps the address;
- each further HTTP request of a kept-alive connection: its own record (the flow's bytes stay on the first);
- at the end, one `device` record per client (MAC, or IP where the link has no MAC) with what named it.

The client of a flow is the side that sent the SYN; without one (a capture started mid-flow, UDP) the side
with the ephemeral port, else the first sender. DNS (53), mDNS (5353), DHCP (67/68) and multicast or
broadcast traffic are read for names, never as flows.

Memory is bounded: the reader holds at most a packet; flows, pending lookups, address names and devices
live in capped tables (idle flows end by capture time; a full table ends its oldest flows, reported), and
all reassembly (split ClientHellos, HTTP heads, DNS over TCP) shares one 16 MiB budget.
*/
import type {Diagnostic, Identifier, Origin, RequestRecord} from '../../model/records.js';
import {CarriedValues} from '../common/carried.js';
import {clientEvidence, mergeDevice} from '../common/client-params.js';
import {splitUrl} from '../common/url.js';
import {deviceFromUserAgent, withUserAgent} from '../common/user-agent.js';
import {dnsRecord} from '../dnsmasq/dns-record.js';
import {direction} from '../har/entry.js';
import type {ByteFormat, ByteParser, Emit, ParseContext} from '../types.js';
import {ipText, isDeviceMac, isGroupAddress, macText} from './addr.js';
import {Budget, grouped} from './bytes.js';
import {ACK, decodePacket, type Decoded, FIN, ipv4Offset, LINK_TYPES, type LinkDecoder, newDecoded, RST, SYN, TCP, UDP} from './decode.js';
import {deviceFromVendorClass, parseDhcpRequest} from './dhcp.js';
import {answerAddresses, decodeDns, decodeWithLibrary, DnsTcpReader, type DnsMessage, isBlockedAnswer, mdnsNames, questionName} from './dns.js';
import {deviceRecord, Devices, describe, type DeviceState, nameDevice, noteHost, noteName, plural} from './devices.js';
import {header, HttpRequestReader, type HttpRequest, looksLikeHttp, responseStatus} from './http.js';
import {looksLikeQuic, QuicHelloReader} from './quic.js';
import {captureMagic, CaptureReader, type CapturedPacket, type ReaderProblem, type ReaderSink} from './reader.js';
import {looksLikeTls, TlsHelloReader} from './tls.js';
import {isoOfMs} from '../../model/time.js';

/** Flows tracked at once; when full, idle ones end first, then the oldest (reported). */
export const MAX_FLOWS = 50_000;
/** Addresses remembered with the DNS name that gave them. */
export const MAX_NAMES = 50_000;
/** Lookups waiting for their answer. */
export const MAX_PENDING_DNS = 10_000;
/** Bytes held for reassembly across all flows. */
export const REASSEMBLY_BUDGET = 16 * 1024 * 1024;
/** Idle times (capture time) after which a flow ends. */
const IDLE_UDP_MS = 60_000;
const IDLE_TCP_MS = 300_000;
const IDLE_CLOSING_MS = 30_000;
/** A lookup without an answer after this long is emitted unanswered. */
const DNS_WAIT_MS = 10_000;
const SWEEP_EVERY_MS = 10_000;
/** Out-of-order segments held per stream while a hello or head is incomplete. */
const MAX_HELD = 8;

/** Server ports above 1023 (media servers, proxies, STUN, Cast): the other side of such a flow is the client. */
const SERVICE_PORTS: ReadonlySet<number> = new Set([32400, 32469, 8096, 8920, 8080, 8443, 8008, 8009, 3478, 5349, 1935, 3128, 8888, 9000]);

/**
One direction of a TCP stream being read: the next expected sequence number (signed 32-bit, as
`Decoded.seq`; `synced` once it is known) and what reads it.
*/
type Side = {
	next: number;
	synced: boolean;
	held: Array<{seq: number; data: Uint8Array}>;
	read: ((bytes: Uint8Array) => boolean) | undefined;
	release: (() => void) | undefined;
};

/** Still reading (a reader may stop during any delivery). */
const reading = (side: Side): boolean => side.read !== undefined;

type Flow = {
	/** Its place in the index: IPv4 by two numbers (address·65536+port of each end, lower end first), IPv6 by a string. */
	readonly hi: number;
	readonly lo: number;
	readonly key6: string | undefined;
	readonly proto: number;
	/** Whether the client is endpoint A of the key (the lower address/port). */
	readonly clientIsA: boolean;
	readonly client: string;
	readonly server: string;
	readonly clientPort: number;
	readonly serverPort: number;
	readonly device: DeviceState | undefined;
	readonly origin: Origin;
	readonly first: number;
	last: number;
	sent: number;
	received: number;
	/** FIN seen: 1 from the client, 2 from the server. */
	fin: number;
	kind: 'tls' | 'quic' | 'http' | 'dns' | undefined;
	/** SNI (TLS, QUIC) and where it was found. */
	name: string | undefined;
	nameOrigin: Origin | undefined;
	/** The DNS name that resolved to the server address when the flow began. */
	dnsName: string | undefined;
	/** The first HTTP request, kept to carry the flow's bytes and status. */
	record: RequestRecord | undefined;
	status: number | undefined;
	wantStatus: boolean;
	c2s: Side | undefined;
	s2c: Side | undefined;
	quic: QuicHelloReader | undefined;
};

type PendingLookup = {name: string; client: string; time: number; origin: Origin; device: DeviceState | undefined};

/** A located count for the summary diagnostics at the end. */
type Tally = {count: number; origin: Origin | undefined};
const tally = (): Tally => ({count: 0, origin: undefined});

const hostPort = (host: string, port: number | undefined): string => {
	const h = host.includes(':') ? `[${host}]` : host;
	return port === undefined ? h : `${h}:${port}`;
};

/** ISO time; rounded to the microsecond first, so 236.9999999 ms (nanoseconds in a double) shows as .237. */
const isoTime = (ms: number): string | undefined => (Number.isFinite(ms) && Math.abs(ms) < 8.64e12 * 1000 ? isoOfMs(Math.floor(Math.round(ms * 1000) / 1000)) : undefined);

const u32 = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

class CaptureParser implements ByteParser, ReaderSink {
	private emit: Emit = {record() {}, diagnostic() {}};
	private readonly reader: CaptureReader;
	private readonly d: Decoded = newDecoded();
	/** Every open flow, oldest first (for sweeps and eviction); the maps below find them. */
	private readonly flows = new Set<Flow>();
	private readonly tcp4 = new Map<number, Map<number, Flow>>();
	private readonly udp4 = new Map<number, Map<number, Flow>>();
	private readonly flows6 = new Map<string, Flow>();
	/** The flow of the previous packet: bulk transfers send runs of packets on one flow. */
	private last: Flow | undefined;
	/** The lookup keys of the packet being read (set by `find`). */
	private hi = 0;
	private lo = 0;
	private key6: string | undefined;
	private readonly devices = new Devices();
	/** Server address → the DNS name whose answer gave it (most recent). */
	private readonly names = new Map<string, string>();
	private readonly pending = new Map<string, PendingLookup>();
	/** Client address → its MAC, learnt from packets that show both. */
	private readonly macs = new Map<string, string>();
	private readonly budget = new Budget(REASSEMBLY_BUDGET);
	private linkType = -1;
	private link: LinkDecoder | undefined;
	/** The latest capture time seen (ms), for idle timeouts. */
	private now = Number.NEGATIVE_INFINITY;
	private lastSweep = Number.NEGATIVE_INFINITY;
	/** The packet being read (for origins of what it gives). */
	private current: CapturedPacket | undefined;
	private srcIsA = false;
	private readonly unknownLinks = new Map<number, Tally>();
	private readonly fragments = tally();
	private readonly snapCut = tally();
	private readonly badDns = tally();
	private readonly evicted = tally();
	private readonly deviceOverflow = tally();

	constructor(private readonly ctx: ParseContext) {
		this.reader = new CaptureReader(this);
	}

	chunk(bytes: Uint8Array, emit: Emit): void {
		this.emit = emit;
		this.reader.push(bytes);
	}

	end(emit: Emit): void {
		this.emit = emit;
		this.reader.end();
		this.current = undefined;
		for (const flow of this.flows) this.endFlow(flow);
		for (const [key, lookup] of this.pending) this.emitLookup(key, lookup, undefined);
		for (const device of this.devices.values()) emit.record(deviceRecord(device, this.ctx.file));
		this.summaries();
	}

	private origin(p: CapturedPacket | undefined = this.current): Origin {
		return p ? {file: this.ctx.file, packet: p.number, offset: p.offset} : {file: this.ctx.file};
	}

	problem(p: ReaderProblem): void {
		const origin: Origin = p.packet === undefined ? {file: this.ctx.file, offset: p.offset} : {file: this.ctx.file, packet: p.packet, offset: p.offset};
		this.emit.diagnostic({severity: p.severity, code: p.code, message: p.message, origin});
	}

	private count(t: Tally): void {
		if (t.count++ === 0) t.origin = this.origin();
	}

	packet(p: CapturedPacket): void {
		this.current = p;
		if (p.linkType !== this.linkType) {
			this.linkType = p.linkType;
			this.link = LINK_TYPES.get(p.linkType)?.decode;
		}
		const link = this.link;
		if (!link) {
			let t = this.unknownLinks.get(p.linkType);
			if (!t) this.unknownLinks.set(p.linkType, (t = tally()));
			this.count(t);
			return;
		}
		const b = p.bytes;
		const d = this.d;
		if (!decodePacket(link, b, p.start, p.end, d)) return;
		if (p.timeMs > this.now) this.now = p.timeMs;
		if (p.end - p.start < p.wireLength && !p.cut) this.count(this.snapCut);
		if (d.fragment !== 0) this.count(this.fragments);
		if (this.now - this.lastSweep >= SWEEP_EVERY_MS) {
			this.lastSweep = this.now;
			this.sweep();
		}
		if (d.proto === TCP) this.tcp(p, b, d);
		else if (d.proto === UDP) this.udp(p, b, d);
	}

	/**
	The fast path (the reader offers every whole packet first): an IPv4 packet of an open flow that changes
	nothing but the flow's counters — no SYN, FIN or RST, no payload a reader of the flow still wants, not a
	fragment, no sweep due — is counted here, from the header fields alone: no `Decoded`, no link decoder
	through a function value, and no map when it is the flow of the packet before (92 % of the bench
	capture's packets; 96 % with the other open flows). Anything else returns false before changing
	anything, and the packet takes the general path (`packet`), which gives the same counts for these packets.
	*/
	counted(b: Uint8Array, start: number, end: number, timeMs: number, linkType: number): boolean {
		const ip = ipv4Offset(b, start, end, linkType);
		if (ip < 0) return false;
		const ihl = (b[ip]! & 0x0f) * 4;
		const total = (b[ip + 2]! << 8) | b[ip + 3]!;
		if (ihl < 20 || total < ihl || (((b[ip + 6]! << 8) | b[ip + 7]!) & 0x3fff) !== 0) return false;
		const proto = b[ip + 9]!;
		if (proto !== TCP && proto !== UDP) return false;
		const ipEnd = Math.min(end, ip + total);
		const l4 = ip + ihl;
		let header = 8;
		if (proto === TCP) {
			if (ipEnd < l4 + 20) return false;
			header = (b[l4 + 12]! >> 4) * 4;
			if (header < 20 || (b[l4 + 13]! & (SYN | FIN | RST)) !== 0) return false;
		} else if (ipEnd < l4 + 8 || b[ip + 16]! >= 224 || b[ip + 19] === 255) return false;
		const now = timeMs > this.now ? timeMs : this.now;
		if (now - this.lastSweep >= SWEEP_EVERY_MS) return false;
		const s = u32(b, ip + 12);
		const t = u32(b, ip + 16);
		const sp = (b[l4]! << 8) | b[l4 + 1]!;
		const dp = (b[l4 + 2]! << 8) | b[l4 + 3]!;
		const srcFirst = s < t || (s === t && sp <= dp);
		const hi = srcFirst ? s * 65_536 + sp : t * 65_536 + dp;
		const lo = srcFirst ? t * 65_536 + dp : s * 65_536 + sp;
		let flow = this.last;
		if (flow === undefined || flow.lo !== lo || flow.hi !== hi || flow.proto !== proto || flow.key6 !== undefined) {
			flow = (proto === TCP ? this.tcp4 : this.udp4).get(hi)?.get(lo);
			if (flow === undefined) return false;
		}
		const payload = total - ihl - header;
		const wire = payload > 0 ? payload : 0;
		const fromClient = srcFirst === flow.clientIsA;
		if (wire > 0) {
			if (proto === TCP) {
				if (fromClient ? flow.c2s?.read !== undefined : flow.s2c?.read !== undefined || flow.wantStatus) return false;
			} else if (fromClient && flow.quic !== undefined) return false;
		}
		this.now = now;
		this.last = flow;
		if (timeMs > flow.last) flow.last = timeMs;
		if (fromClient) flow.sent += wire;
		else flow.received += wire;
		return true;
	}

	/**
	The open flow of the packet, if any. Sets `srcIsA` (whether the sender is the lower end) and the
	lookup keys `newFlow` files a new flow under. IPv4 makes no string: two numbers of 48 bits each.
	*/
	private find(b: Uint8Array, d: Decoded, proto: number): Flow | undefined {
		if (d.ip === 4) {
			const s = u32(b, d.src);
			const t = u32(b, d.dst);
			const srcFirst = s < t || (s === t && d.srcPort <= d.dstPort);
			this.srcIsA = srcFirst;
			const hi = srcFirst ? s * 65_536 + d.srcPort : t * 65_536 + d.dstPort;
			const lo = srcFirst ? t * 65_536 + d.dstPort : s * 65_536 + d.srcPort;
			this.hi = hi;
			this.lo = lo;
			this.key6 = undefined;
			const last = this.last;
			if (last !== undefined && last.lo === lo && last.hi === hi && last.proto === proto && last.key6 === undefined) return last;
			const flow = (proto === TCP ? this.tcp4 : this.udp4).get(hi)?.get(lo);
			if (flow) this.last = flow;
			return flow;
		}
		this.key6 = this.key(b, d, proto);
		return this.flows6.get(this.key6);
	}

	private index(flow: Flow): void {
		this.flows.add(flow);
		if (flow.key6 !== undefined) {
			this.flows6.set(flow.key6, flow);
			return;
		}
		const table = flow.proto === TCP ? this.tcp4 : this.udp4;
		let inner = table.get(flow.hi);
		if (!inner) table.set(flow.hi, (inner = new Map()));
		inner.set(flow.lo, flow);
	}

	private unindex(flow: Flow): void {
		this.flows.delete(flow);
		if (this.last === flow) this.last = undefined;
		if (flow.key6 !== undefined) {
			this.flows6.delete(flow.key6);
			return;
		}
		const table = flow.proto === TCP ? this.tcp4 : this.udp4;
		const inner = table.get(flow.hi);
		inner?.delete(flow.lo);
		if (inner?.size === 0) table.delete(flow.hi);
	}

	/** An IPv6 flow's key (direction-free); sets `srcIsA`. */
	private key(b: Uint8Array, d: Decoded, proto: number): string {
		let cmp = 0;
		for (let i = 0; i < 16 && cmp === 0; i++) cmp = b[d.src + i]! - b[d.dst + i]!;
		const srcFirst = cmp < 0 || (cmp === 0 && d.srcPort <= d.dstPort);
		this.srcIsA = srcFirst;
		const [a, pa, c, pc] = srcFirst ? [d.src, d.srcPort, d.dst, d.dstPort] : [d.dst, d.dstPort, d.src, d.srcPort];
		const units: number[] = [proto + 256];
		for (let i = 0; i < 16; i += 2) units.push((b[a + i]! << 8) | b[a + i + 1]!);
		units.push(pa);
		for (let i = 0; i < 16; i += 2) units.push((b[c + i]! << 8) | b[c + i + 1]!);
		units.push(pc);
		return String.fromCharCode(...units);
	}

	/** Without a SYN: is the sender the client? The side on a well-known or service port is the server. */
	private srcLooksClient(d: Decoded): boolean {
		const srcService = d.srcPort < 1024 || SERVICE_PORTS.has(d.srcPort);
		const dstService = d.dstPort < 1024 || SERVICE_PORTS.has(d.dstPort);
		if (srcService !== dstService) return dstService;
		return true;
	}

	/** A new flow for the packet `find` just missed (its keys are still set). */
	private newFlow(p: CapturedPacket, b: Uint8Array, d: Decoded, proto: number, srcIsClient: boolean): Flow | undefined {
		const {hi, lo, key6, srcIsA} = this;
		if (this.flows.size >= MAX_FLOWS) this.makeRoom();
		const version = d.ip as 4 | 6;
		const client = ipText(b, srcIsClient ? d.src : d.dst, version);
		const server = ipText(b, srcIsClient ? d.dst : d.src, version);
		const macAt = srcIsClient ? d.srcMac : d.dstMac;
		const mac = isDeviceMac(b, macAt) ? macText(b, macAt) : undefined;
		const device = this.device(mac, client);
		const flow: Flow = {
			hi, lo, key6, proto, clientIsA: srcIsClient === srcIsA, client, server, device,
			clientPort: srcIsClient ? d.srcPort : d.dstPort, serverPort: srcIsClient ? d.dstPort : d.srcPort,
			origin: this.origin(p), first: p.timeMs, last: p.timeMs, sent: 0, received: 0, fin: 0,
			kind: undefined, name: undefined, nameOrigin: undefined, dnsName: this.names.get(server),
			record: undefined, status: undefined, wantStatus: false, c2s: undefined, s2c: undefined, quic: undefined,
		};
		if (proto === TCP) {
			if (flow.serverPort === 53) {
				flow.kind = 'dns';
				flow.c2s = this.side((m) => this.dnsOverTcp(flow, m));
				flow.s2c = this.side((m) => this.dnsOverTcp(flow, m));
			} else flow.c2s = {next: 0, synced: false, held: [], read: (bytes) => this.detect(flow, bytes), release: undefined};
		} else if (srcIsClient && looksLikeQuic(b, d.payload, d.end)) {
			flow.kind = 'quic';
			flow.quic = new QuicHelloReader(this.budget);
		}
		this.index(flow);
		this.last = flow;
		return flow;
	}

	/**
	The device of a client. A packet that shows the client's MAC teaches which MAC an address has, so a
	packet that does not (a reply on a Linux cooked capture, which carries only the sender's address)
	still finds the same device.
	*/
	private device(mac: string | undefined, ip: string | undefined): DeviceState | undefined {
		if (ip !== undefined) {
			if (mac) {
				if (this.macs.size >= MAX_NAMES && !this.macs.has(ip)) this.macs.clear();
				this.macs.set(ip, mac);
			} else mac = this.macs.get(ip);
		}
		const device = this.devices.get(mac, ip, () => this.origin());
		if (!device) this.count(this.deviceOverflow);
		return device;
	}

	/** A side whose stream is DNS over TCP. */
	private side(onMessage: (message: Uint8Array) => void): Side {
		const reader = new DnsTcpReader(this.budget, onMessage);
		return {next: 0, synced: false, held: [], read: (bytes) => reader.push(bytes), release: () => reader.release()};
	}

	/** The first bytes of a client stream decide how it is read: TLS, HTTP, or not at all. */
	private detect(flow: Flow, bytes: Uint8Array): boolean {
		const side = flow.c2s!;
		if (looksLikeTls(bytes, 0, bytes.length)) {
			flow.kind = 'tls';
			const reader = new TlsHelloReader(this.budget);
			side.release = () => reader.release();
			side.read = (more) => {
				const r = reader.push(more);
				if (r === 'more') return true;
				if (r !== 'fail') this.named(flow, r.sni);
				return false;
			};
			return side.read(bytes);
		}
		if (looksLikeHttp(bytes, 0, bytes.length)) {
			flow.kind = 'http';
			flow.wantStatus = true;
			const reader = new HttpRequestReader(this.budget, (request) => this.httpRequest(flow, request));
			side.release = () => reader.release();
			side.read = (more) => reader.push(more);
			return side.read(bytes);
		}
		return false;
	}

	private named(flow: Flow, sni: string | undefined): void {
		if (!sni) return;
		flow.name = sni;
		flow.nameOrigin = this.origin();
	}

	private tcp(p: CapturedPacket, b: Uint8Array, d: Decoded): void {
		let flow = this.find(b, d, TCP);
		const srcIsA = this.srcIsA;
		const syn = (d.flags & SYN) !== 0;
		const ack = (d.flags & ACK) !== 0;
		// A new SYN on a connection that carried data: the port pair was reused.
		if (flow && syn && !ack && flow.sent + flow.received > 0 && srcIsA === flow.clientIsA) {
			this.endFlow(flow);
			flow = undefined;
		}
		if (!flow) {
			// Stray ACKs, FINs and RSTs of a connection not seen (or already ended) start nothing.
			if ((d.flags & RST) !== 0 || (d.payloadWire === 0 && !syn)) return;
			flow = this.newFlow(p, b, d, TCP, syn ? !ack : this.srcLooksClient(d));
			if (!flow) return;
		}
		const fromClient = srcIsA === flow.clientIsA;
		if (p.timeMs > flow.last) flow.last = p.timeMs;
		if (fromClient) {
			flow.sent += d.payloadWire;
			if (flow.c2s?.read) this.segment(flow.c2s, d.seq, syn, b, d.payload, d.end, d.payloadWire);
		} else {
			flow.received += d.payloadWire;
			if (flow.s2c?.read) this.segment(flow.s2c, d.seq, syn, b, d.payload, d.end, d.payloadWire);
			if (flow.wantStatus && d.payloadWire > 0) {
				flow.wantStatus = false;
				flow.status = responseStatus(b, d.payload, d.end);
			}
		}
		if ((d.flags & RST) !== 0) this.endFlow(flow);
		else if ((d.flags & FIN) !== 0) {
			flow.fin |= fromClient ? 1 : 2;
			if (flow.fin === 3) this.endFlow(flow);
		}
	}

	/** Follow a stream by sequence number: deliver in order, hold a few early segments, trim retransmissions. */
	private segment(side: Side, seq: number, syn: boolean, b: Uint8Array, from: number, to: number, wire: number): void {
		let at = seq;
		if (syn) {
			side.next = (seq + 1) | 0;
			side.synced = true;
			at = side.next;
		}
		if (!side.read || wire === 0) return;
		const data = b.subarray(from, to);
		if (!side.synced) {
			side.synced = true;
			side.next = at;
		}
		const diff = (at - side.next) | 0;
		if (diff > 0) {
			// Early: hold a copy until the gap is filled (a few, within the budget), else stop reading.
			if (side.held.length < MAX_HELD && data.length === wire && this.budget.used + data.length <= this.budget.limit) {
				this.budget.used += data.length;
				side.held.push({seq: at, data: Uint8Array.from(data)});
			} else this.stopSide(side);
			return;
		}
		this.deliver(side, data, wire, -diff);
		while (reading(side) && side.held.length > 0) {
			const i = side.held.findIndex((h) => ((h.seq - side.next) | 0) <= 0);
			if (i === -1) break;
			const [h] = side.held.splice(i, 1);
			this.budget.used -= h!.data.length;
			this.deliver(side, h!.data, h!.data.length, (side.next - h!.seq) | 0);
		}
	}

	/** Hand `data` (of `wire` bytes on the wire, the first `overlap` already read) to the side's reader. */
	private deliver(side: Side, data: Uint8Array, wire: number, overlap: number): void {
		if (overlap >= wire) return;
		const fresh = data.subarray(Math.min(overlap, data.length));
		side.next = (side.next + wire - overlap) | 0;
		const ok = fresh.length === 0 || side.read!(fresh);
		// A segment the capture cut short leaves a gap the stream cannot be followed past.
		if (!ok || data.length < wire) this.stopSide(side);
	}

	private stopSide(side: Side): void {
		if (!side.read) return;
		side.read = undefined;
		side.release?.();
		side.release = undefined;
		for (const h of side.held) this.budget.used -= h.data.length;
		side.held = [];
	}

	private udp(p: CapturedPacket, b: Uint8Array, d: Decoded): void {
		const sp = d.srcPort;
		const dp = d.dstPort;
		if (sp === 53 || dp === 53) {
			const message = decodeDns(b, d.payload, d.end);
			if (!message) return this.count(this.badDns);
			const query = dp === 53;
			const clientAt = query ? d.src : d.dst;
			const macAt = query ? d.srcMac : d.dstMac;
			this.dns(message, ipText(b, clientAt, d.ip as 4 | 6), query ? sp : dp, isDeviceMac(b, macAt) ? macText(b, macAt) : undefined);
			return;
		}
		if (sp === 5353 || dp === 5353) return this.mdns(b, d);
		if (sp === 67 || sp === 68 || dp === 67 || dp === 68) return this.dhcp(b, d);
		if (isGroupAddress(b, d.dst, d.ip as 4 | 6)) return;
		let flow = this.find(b, d, UDP);
		const srcIsA = this.srcIsA;
		if (!flow) {
			flow = this.newFlow(p, b, d, UDP, this.srcLooksClient(d));
			if (!flow) return;
		}
		const fromClient = srcIsA === flow.clientIsA;
		if (p.timeMs > flow.last) flow.last = p.timeMs;
		if (fromClient) {
			flow.sent += d.payloadWire;
			if (flow.quic) {
				const r = flow.quic.push(b, d.payload, d.end);
				if (r !== 'more') {
					if (r !== 'fail') this.named(flow, r.sni);
					flow.quic.release();
					flow.quic = undefined;
				}
			}
		} else flow.received += d.payloadWire;
	}

	private dnsOverTcp(flow: Flow, message: Uint8Array): void {
		const m = decodeDns(message, 0, message.length);
		if (!m) return this.count(this.badDns);
		this.dns(m, flow.client, flow.clientPort, flow.device?.mac);
	}

	/** A DNS query or response; `client` is the address that asked. */
	private dns(m: DnsMessage, client: string, clientPort: number, mac: string | undefined): void {
		const name = questionName(m);
		if (!name || m.opcode !== undefined && m.opcode !== 'QUERY') return;
		const key = `${client}|${clientPort}|${m.id ?? 0}|${name}`;
		if (!m.flag_qr) {
			if (this.pending.has(key)) return; // a retransmission
			const device = this.device(mac, client);
			if (device) noteName(device, name);
			if (this.pending.size >= MAX_PENDING_DNS) {
				const [oldKey, oldest] = this.pending.entries().next().value as [string, PendingLookup];
				this.emitLookup(oldKey, oldest, undefined);
			}
			this.pending.set(key, {name, client, time: this.current?.timeMs ?? Number.NaN, origin: this.origin(), device});
			return;
		}
		const addresses = answerAddresses(m);
		for (const address of addresses) this.remember(address, name);
		const blocked = isBlockedAnswer(addresses);
		const asked = this.pending.get(key);
		if (asked) return this.emitLookup(key, asked, blocked, addresses[0]);
		// The answer to a query the capture missed: the lookup still happened.
		const device = this.device(mac, client);
		if (device) noteName(device, name);
		this.emitLookup(undefined, {name, client, time: this.current?.timeMs ?? Number.NaN, origin: this.origin(), device}, blocked, addresses[0]);
	}

	private remember(address: string, name: string): void {
		if (this.names.size >= MAX_NAMES && !this.names.has(address)) this.names.delete(this.names.keys().next().value as string);
		this.names.set(address, name);
	}

	private emitLookup(key: string | undefined, lookup: PendingLookup, blocked: boolean | undefined, address?: string): void {
		if (key !== undefined) this.pending.delete(key);
		const record = dnsRecord({source: 'pcap', file: this.ctx.file, line: 1, name: lookup.name, client: lookup.client, time: isoTime(lookup.time), blocked, address});
		record.origin = lookup.origin;
		if (lookup.device) {
			record.identifiers = lookup.device.identifiers;
			if (lookup.device.info) record.device = lookup.device.info;
		}
		this.emit.record(record);
	}

	private mdns(b: Uint8Array, d: Decoded): void {
		// dns-packet's whole reading: mDNS uses every section and record type.
		const m = decodeWithLibrary(b, d.payload, d.end);
		if (!m) return this.count(this.badDns);
		if (!m.flag_qr) return;
		const sender = ipText(b, d.src, d.ip as 4 | 6);
		const {host, instance} = mdnsNames(m);
		for (const a of m.answers ?? []) {
			if ((a.type === 'A' || a.type === 'AAAA') && typeof a.data === 'string' && a.name?.toLowerCase().endsWith('.local')) this.remember(a.data.toLowerCase(), a.name.toLowerCase());
		}
		const name = host ?? instance;
		if (!name) return;
		const device = this.device(isDeviceMac(b, d.srcMac) ? macText(b, d.srcMac) : undefined, sender);
		if (device) nameDevice(device, name, 'mdns');
	}

	private dhcp(b: Uint8Array, d: Decoded): void {
		const request = parseDhcpRequest(b, d.payload, d.end);
		if (!request) return;
		const device = this.device(request.mac, request.address);
		if (!device) return;
		if (request.vendorClass && !device.vendorClass) {
			device.vendorClass = request.vendorClass;
			describe(device, deviceFromVendorClass(request.vendorClass));
		}
		if (request.hostName) nameDevice(device, request.hostName, 'dhcp');
	}

	private httpRequest(flow: Flow, request: HttpRequest): void {
		const origin = this.origin();
		const hostHeader = header(request, 'host');
		let host: string;
		let port: number | undefined = flow.serverPort;
		let url: string;
		let path: string;
		let query: Array<[string, string]> = [];
		if (request.method === 'CONNECT') {
			const parts = splitUrl(`https://${request.target}`);
			host = parts.host;
			port = parts.port;
			url = `https://${hostPort(host, port === 443 ? undefined : port)}`;
			path = '';
		} else {
			const parts = splitUrl(request.target);
			query = parts.query;
			path = parts.path;
			if (parts.scheme) {
				host = parts.host;
				port = parts.port;
				url = request.target;
			} else {
				host = '';
				if (hostHeader) {
					const hp = splitUrl(`http://${hostHeader}`);
					host = hp.host;
					if (/:\d+$/.test(hostHeader)) port = hp.port;
				}
				host ||= flow.dnsName ?? this.names.get(flow.server) ?? flow.server;
				url = `http://${hostPort(host, port === 80 ? undefined : port)}${request.target.startsWith('/') ? request.target : `/${request.target}`}`;
			}
		}
		const pairs: Array<[string, string]> = request.headers.filter(([n]) => n.toLowerCase() !== 'cookie');
		for (const q of query) pairs.push(q);
		const evidence = clientEvidence(pairs);
		const identifiers: Identifier[] = [...(flow.device?.identifiers ?? []), ...evidence.identifiers];
		for (const [n, v] of request.headers) {
			if (n.toLowerCase() !== 'cookie') continue;
			for (const part of v.split(';')) if (part.trim()) identifiers.push({kind: 'secret', name: 'Cookie', value: part.trim()});
		}
		const declared = withUserAgent(evidence.device, deviceFromUserAgent(header(request, 'user-agent')));
		if (flow.device && declared) {
			flow.device.fromUserAgent = true;
			describe(flow.device, declared);
		}
		const record: RequestRecord = {kind: 'request', source: 'pcap', origin, identifiers, method: request.method, url, host: host.toLowerCase(), path, client: flow.client, serverAddress: flow.server};
		if (port !== undefined) record.port = port;
		const time = isoTime(this.current?.timeMs ?? Number.NaN);
		if (time) record.time = time;
		const dir = direction(record.host);
		if (dir) record.direction = dir;
		if (dir !== 'inbound') {
			// Header and cookie values, for the identifier ledger (fingerprinted, never kept). Bodies are not read.
			const carried = new CarriedValues();
			carried.headers(request.headers);
			for (const [n, v] of request.headers) if (n.toLowerCase() === 'cookie') carried.cookieHeader(v);
			if (carried.values.length > 0) record.carried = carried.values;
		}
		const device = mergeDevice(declared, flow.device?.info);
		if (device) record.device = device;
		if (flow.record) {
			if (flow.device) noteHost(flow.device, record.host);
			this.emit.record(record);
		} else flow.record = record;
	}

	/** End a flow: emit its record with the bytes each way (DNS-over-TCP flows gave their lookups already). */
	private endFlow(flow: Flow): void {
		this.unindex(flow);
		if (flow.c2s) this.stopSide(flow.c2s);
		if (flow.s2c) this.stopSide(flow.s2c);
		flow.quic?.release();
		flow.quic = undefined;
		if (flow.kind === 'dns') return;
		const record = flow.record ?? this.flowRecord(flow);
		record.bytesSent = flow.sent;
		record.bytesReceived = flow.received;
		if (flow.status !== undefined) record.status = flow.status;
		const device = flow.device;
		if (device) {
			noteHost(device, record.host);
			if (!flow.record) record.identifiers = device.identifiers;
			if (device.info && !record.device) record.device = device.info;
		}
		this.emit.record(record);
	}

	private flowRecord(flow: Flow): RequestRecord {
		const host = flow.name ?? flow.dnsName ?? this.names.get(flow.server) ?? flow.server;
		const method = flow.kind === 'tls' ? 'TLS' : flow.kind === 'quic' ? 'QUIC' : flow.proto === TCP ? 'TCP' : 'UDP';
		const record: RequestRecord = {
			kind: 'request', source: 'pcap', origin: flow.nameOrigin ?? flow.origin, identifiers: [], method,
			url: `${method.toLowerCase()}://${hostPort(host, flow.serverPort)}`, host, port: flow.serverPort, path: '', client: flow.client, serverAddress: flow.server,
		};
		const time = isoTime(flow.first);
		if (time) record.time = time;
		const dir = direction(host);
		if (dir) record.direction = dir;
		return record;
	}

	/** End idle flows and emit lookups that waited too long for their answer. */
	private sweep(): void {
		const now = this.now;
		for (const flow of this.flows) {
			const limit = flow.proto === UDP ? IDLE_UDP_MS : flow.fin !== 0 ? IDLE_CLOSING_MS : IDLE_TCP_MS;
			if (now - flow.last > limit) this.endFlow(flow);
		}
		for (const [key, lookup] of this.pending) {
			if (now - lookup.time <= DNS_WAIT_MS) break;
			this.emitLookup(key, lookup, undefined);
		}
	}

	/** The flow table is full: end idle flows, then the oldest sixteenth (their bytes are cut there). */
	private makeRoom(): void {
		this.sweep();
		if (this.flows.size < MAX_FLOWS) return;
		let n = Math.ceil(MAX_FLOWS / 16);
		for (const flow of this.flows) {
			if (n-- <= 0) break;
			this.count(this.evicted);
			this.endFlow(flow);
		}
	}

	/** One located diagnostic per kind of thing counted along the way. */
	private summaries(): void {
		const out = (t: Tally, severity: Diagnostic['severity'], code: string, message: string): void => {
			if (t.count > 0) this.emit.diagnostic({severity, code, message, origin: t.origin ?? {file: this.ctx.file}});
		};
		for (const [type, t] of this.unknownLinks) {
			out(t, 'warning', 'pcap.link.unknown', `link type ${type} is not one this tool reads (Ethernet, Linux cooked capture v1/v2, raw IP, BSD/OpenBSD loopback): ${plural(t.count, 'packet')} skipped, the first is this one`);
		}
		out(this.fragments, 'info', 'pcap.fragments', `${plural(this.fragments.count, 'IP fragment')} counted, not reassembled: the first fragment of each gives its ports, later fragments are not read`);
		out(this.snapCut, 'info', 'pcap.snaplen', `${plural(this.snapCut.count, 'packet')} cut by the capture's snapshot length: bytes are counted from the IP lengths, but a name in a cut payload may be missed`);
		out(this.badDns, 'warning', 'pcap.dns.malformed', `${plural(this.badDns.count, 'DNS message')} could not be decoded and ${this.badDns.count === 1 ? 'was' : 'were'} skipped`);
		out(this.evicted, 'warning', 'pcap.flows.evicted', `the flow table was full (${grouped(MAX_FLOWS)} open flows): ${plural(this.evicted.count, 'flow')} ended early, so ${this.evicted.count === 1 ? 'its' : 'their'} bytes may be split across records`);
		out(this.deviceOverflow, 'warning', 'pcap.devices.full', `more than ${grouped(this.devices.size)} devices: ${plural(this.deviceOverflow.count, 'packet')} of further devices are not described`);
		if (this.budget.refused > 0) {
			this.emit.diagnostic({severity: 'warning', code: 'pcap.reassembly.budget', message: `reassembly memory (${REASSEMBLY_BUDGET / 1024 / 1024} MiB for all flows) ran out ${plural(this.budget.refused, 'time')}: some split ClientHellos or HTTP heads were not read`, origin: {file: this.ctx.file}});
		}
		if (this.reader.count === 0 && this.reader.isCapture) {
			this.emit.diagnostic({severity: 'info', code: 'pcap.no-packets', message: 'the capture holds no packets', origin: {file: this.ctx.file}});
		}
	}
}

/** Packet captures: classic pcap and pcapng, plain or gzip-compressed. */
export const pcapFormat: ByteFormat = {
	kind: 'bytes',
	name: 'pcap',
	title: 'Packet capture (pcap, pcapng)',
	// Binary: recognised by its magic number, never from text lines.
	samples: [],
	sniff: () => 0,
	magic: captureMagic,
	create: (ctx) => new CaptureParser(ctx),
};

/**
A large synthetic packet capture for bench/pcap-ingest.ts: a home network's traffic as tcpdump on the
router's LAN side would write it (pcap, Ethernet, µs), in rounds of:
- one long stream (a video: 0.2–4 MB from the server in 1448-byte segments, an ACK every two),
- ten short HTTPS connections (a ~1.8 KB ClientHello over two segments, 5–60 KB back),
- ten DNS lookups with their answers, two plain HTTP requests, one QUIC connection (a real Initial,
  then 1200-byte datagrams), one NTP exchange,
each from one of 24 devices to one of 40 hosts, with 6 connections interleaved at a time.

Templates are built once with test/helpers/pcap-build.ts; the bulk data packets are a template with
the sequence number, IP id and times patched in (their checksums are left as they are: nothing here
reads them), so that writing 500 MB takes seconds, not minutes.
*/
import {closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync} from 'node:fs';
import {dirname} from 'node:path';
import {bytesOf, clientHello, cryptoFrame, dnsAnswer, dnsQuery, ethernet, httpRequest, ip, quicInitial, tcp, udp} from '../test/helpers/pcap-build.js';
import {random} from './random.js';

const HOSTS = [
	'plex.tv', 'analytics.plex.tv', 'clients.plex.tv', 'metrics.plex.tv', 'vod.provider.plex.tv', 'images.plex.tv', 'www.google-analytics.com', 'securepubads.g.doubleclick.net',
	'cdn.flashtalking.com', 'imasdk.googleapis.com', 'livepass.conviva.com', 'sentry.io', 'api.themoviedb.org', 'image.tmdb.org', 'www.youtube.com', 'i.ytimg.com',
	'netflix.com', 'occ-0-1-2.1.nflxso.net', 'api.spotify.com', 'gew1-spclient.spotify.com', 'time.apple.com', 'gateway.icloud.com', 'www.samsung.com', 'lcprd1.samsungcloudsolution.net',
	'roku.com', 'scribe.logs.roku.com', 'amazon.com', 'device-metrics-us.amazon.com', 'graph.facebook.com', 'connectivitycheck.gstatic.com', 'updates.example.net', 'cdn.example.org',
	'tracker.example.com', 'api.example.io', 'stream.example.tv', 'media.example.tv', 'ads.example.com', 'telemetry.example.com', 'static.example.net', 'login.example.com',
];
const DEVICES = Array.from({length: 24}, (_, i) => ({ip: `192.168.1.${20 + i}`, mac: `5c:aa:fd:00:00:${(0x10 + i).toString(16)}`}));
const ROUTER_MAC = '02:00:00:00:00:fe';
const serverIp = (h: number): string => `${34 + (h % 60)}.${(h * 37) % 250}.${(h * 91) % 250}.${10 + (h % 200)}`;


/** Buffered pcap writer. */
class Writer {
	private readonly buf = Buffer.alloc(8 << 20);
	private used = 0;
	written = 0;
	time = Date.UTC(2025, 2, 14, 19, 0, 0);

	constructor(private readonly fd: number) {
		const h = Buffer.alloc(24);
		h.writeUInt32LE(0xa1b2c3d4, 0);
		h.writeUInt16LE(2, 4);
		h.writeUInt16LE(4, 6);
		h.writeUInt32LE(262_144, 16);
		h.writeUInt32LE(1, 20);
		this.put(h);
	}

	private put(b: Uint8Array): void {
		if (this.used + b.length > this.buf.length) this.flush();
		this.buf.set(b, this.used);
		this.used += b.length;
		this.written += b.length;
	}

	/** One record; `frame` is the whole Ethernet frame. */
	packet(frame: Uint8Array): void {
		this.time += 0.25;
		const h = Buffer.alloc(16);
		const seconds = Math.floor(this.time / 1000);
		h.writeUInt32LE(seconds, 0);
		h.writeUInt32LE(Math.round((this.time - seconds * 1000) * 1000) % 1_000_000, 4);
		h.writeUInt32LE(frame.length, 8);
		h.writeUInt32LE(frame.length, 12);
		this.put(h);
		this.put(frame);
	}

	flush(): void {
		writeSync(this.fd, this.buf, 0, this.used);
		this.used = 0;
	}
}

type Endpoints = {client: {ip: string; port: number; mac: string}; server: {ip: string; port: number}};

/** A TCP connection as a list of frames, produced lazily so that many can be interleaved. */
function* tcpConnection(e: Endpoints, hello: Buffer | undefined, request: Buffer | undefined, download: number, rnd: () => number): Generator<Uint8Array> {
	let cseq = Math.floor(rnd() * 2 ** 31);
	let sseq = Math.floor(rnd() * 2 ** 31);
	const up = (flags: string, payload?: Uint8Array) => ethernet(ip({src: e.client.ip, dst: e.server.ip}, tcp({sport: e.client.port, dport: e.server.port, seq: cseq, ack: sseq, flags, payload})), {src: e.client.mac, dst: ROUTER_MAC});
	const down = (flags: string, payload?: Uint8Array) => ethernet(ip({src: e.server.ip, dst: e.client.ip}, tcp({sport: e.server.port, dport: e.client.port, seq: sseq, ack: cseq, flags, payload})), {src: ROUTER_MAC, dst: e.client.mac});
	yield up('S');
	cseq++;
	yield down('SA');
	sseq++;
	yield up('A');
	for (const data of [hello, request]) {
		if (!data) continue;
		for (let i = 0; i < data.length; i += 1448) {
			const part = data.subarray(i, i + 1448);
			yield up('PA', part);
			cseq += part.length;
		}
	}
	// The bulk: one template data frame, patched per segment (seq at 38, IP id at 18).
	const payload = bytesOf('segment', 1448);
	const data = down('A', payload);
	const ack = up('A');
	let id = 1;
	for (let sent = 0; sent < download; sent += 1448) {
		const frame = Buffer.from(data);
		frame.writeUInt16BE(id++ & 0xffff, 18);
		frame.writeUInt32BE(sseq >>> 0, 38);
		sseq = (sseq + 1448) >>> 0;
		yield frame;
		if (id % 2 === 0) {
			const a = Buffer.from(ack);
			a.writeUInt32BE(sseq >>> 0, 42);
			yield a;
		}
	}
	yield up('FA');
	cseq++;
	yield down('FA');
	sseq++;
	yield up('A');
}

/** Write a capture of at least `bytes` bytes to `file`. */
export function writeCapture(file: string, bytes: number): void {
	mkdirSync(dirname(file), {recursive: true});
	const fd = openSync(file, 'w');
	const w = new Writer(fd);
	const rnd = random(42);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
	const hellos = HOSTS.map((h) => clientHello(h));
	let port = 30_000;
	let dnsId = 1;
	const nextPort = (): number => (port = port >= 65_000 ? 30_000 : port + 1);
	while (w.written < bytes) {
		const live: Array<Generator<Uint8Array>> = [];
		const endpoints = (h: number, serverPort: number): Endpoints => {
			const d = pick(DEVICES);
			return {client: {ip: d.ip, port: nextPort(), mac: d.mac}, server: {ip: serverIp(h), port: serverPort}};
		};
		// DNS lookups first, as a device would.
		for (let i = 0; i < 10; i++) {
			const h = Math.floor(rnd() * HOSTS.length);
			const e = endpoints(h, 53);
			const id = dnsId++ & 0xffff;
			w.packet(ethernet(ip({src: e.client.ip, dst: '192.168.1.1'}, udp(e.client.port, 53, dnsQuery(id, HOSTS[h]!))), {src: e.client.mac, dst: ROUTER_MAC}));
			w.packet(ethernet(ip({src: '192.168.1.1', dst: e.client.ip}, udp(53, e.client.port, dnsAnswer(id, HOSTS[h]!, 'A', [serverIp(h)]))), {src: ROUTER_MAC, dst: e.client.mac}));
		}
		const big = Math.floor(rnd() * HOSTS.length);
		live.push(tcpConnection(endpoints(big, 443), hellos[big], undefined, 200_000 + Math.floor(rnd() * 3_800_000), rnd));
		for (let i = 0; i < 10; i++) {
			const h = Math.floor(rnd() * HOSTS.length);
			live.push(tcpConnection(endpoints(h, 443), hellos[h], undefined, 5000 + Math.floor(rnd() * 55_000), rnd));
		}
		for (let i = 0; i < 2; i++) {
			const h = Math.floor(rnd() * HOSTS.length);
			const request = httpRequest('GET', `/library/metadata/${Math.floor(rnd() * 1e6)}?X-Plex-Product=Plex%20Web&X-Plex-Client-Identifier=bench${i}`, [['Host', HOSTS[h]!], ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36']]);
			live.push(tcpConnection(endpoints(h, 80), undefined, request, 2000 + Math.floor(rnd() * 20_000), rnd));
		}
		// Interleave six connections at a time, a few frames each turn.
		const running: Array<Generator<Uint8Array>> = [];
		while (live.length > 0 || running.length > 0) {
			while (running.length < 6 && live.length > 0) running.push(live.shift()!);
			for (let i = running.length - 1; i >= 0; i--) {
				for (let k = 0; k < 4; k++) {
					const next = running[i]!.next();
					if (next.done) {
						running.splice(i, 1);
						break;
					}
					w.packet(next.value);
				}
			}
		}
		// QUIC: a real Initial, then datagrams each way; and NTP.
		const q = Math.floor(rnd() * HOSTS.length);
		const e = endpoints(q, 443);
		const dcid = bytesOf(`dcid${w.written}`, 8);
		const hello = clientHello(HOSTS[q], {record: false});
		w.packet(ethernet(ip({src: e.client.ip, dst: e.server.ip}, udp(e.client.port, 443, quicInitial(dcid, Buffer.alloc(0), 0, cryptoFrame(0, hello.subarray(0, 1000))))), {src: e.client.mac, dst: ROUTER_MAC}));
		w.packet(ethernet(ip({src: e.client.ip, dst: e.server.ip}, udp(e.client.port, 443, quicInitial(dcid, Buffer.alloc(0), 1, cryptoFrame(1000, hello.subarray(1000))))), {src: e.client.mac, dst: ROUTER_MAC}));
		const datagram = ethernet(ip({src: e.server.ip, dst: e.client.ip}, udp(443, e.client.port, bytesOf('quic', 1200))), {src: ROUTER_MAC, dst: e.client.mac});
		for (let i = 0; i < 30; i++) w.packet(datagram);
		const n = endpoints(0, 123);
		w.packet(ethernet(ip({src: n.client.ip, dst: '162.159.200.1'}, udp(n.client.port, 123, bytesOf('ntp', 48))), {src: n.client.mac, dst: ROUTER_MAC}));
	}
	w.flush();
	closeSync(fd);
}

/**
Make `file` unless it exists with at least `bytes` bytes; true when it was written. Written under a
name of this process's own and renamed when whole: bench/data is shared, and another run may be reading
or making the same file.
*/
export function ensureCapture(file: string, bytes: number): boolean {
	if (existsSync(file) && statSync(file).size >= bytes) return false;
	const partial = `${file}.${process.pid}.partial`;
	writeCapture(partial, bytes);
	renameSync(partial, file);
	return true;
}

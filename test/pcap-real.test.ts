/**
A real capture against the HAR of the same session (test/fixtures/pcap/real/, made by make-capture.ts
with Chromium and tcpdump; this test needs neither): the capture must show the destinations, categories
and devices the HAR shows — on `lo` (Ethernet), on `any` (Linux cooked v1 and v2), and with the same
packets rewritten here as raw IP, BSD loopback, a big-endian nanosecond pcap and a pcapng.

What only the capture sees is said, not hidden: Chromium's own background services (sign-in, component
updates) that no page asked for, and a speculative preconnect that never carried a byte.
*/
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {harFormat} from '../source/formats/har/index.js';
import {pcapFormat} from '../source/formats/pcap/index.js';
import {parseAll} from '../source/formats/run.js';
import type {Format} from '../source/formats/types.js';
import type {TelemetryRecord} from '../source/model/records.js';
import {finalizeRecord} from '../source/pipeline/finalize.js';
import {destinationsView, type DestinationRow} from '../source/views/destinations.js';
import {devicesView, type DeviceRow} from '../source/views/media.js';
import {foldView} from './helpers/records.js';
import {DIR} from './fixtures/pcap/generate.js';
import {LINKTYPE, nullLink, type PacketRecord, pcapFile, pcapngFile} from './helpers/pcap-build.js';

const REAL = join(DIR, 'real');
const classifier = createClassifier();

function records(format: Format, bytes: Uint8Array, file: string): TelemetryRecord[] {
	const result = parseAll(format, bytes, {file});
	expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
	return result.records.map((r) => finalizeRecord(r, {classifier, showSecrets: false, showIdentifiers: true}));
}

/** host → category, for the records a person would call destinations. */
function destinations(rs: readonly TelemetryRecord[]): Map<string, string> {
	// A connection that carried nothing and has no name (Chromium's speculative preconnect to 127.0.0.1)
	// is in the capture, and in no HAR: it is left out of the comparison, and checked below.
	const kept = rs.filter((r) => !(r.kind === 'request' && r.method === 'TCP' && r.bytesSent === 0 && r.bytesReceived === 0));
	return new Map(foldView<DestinationRow>(destinationsView, kept).map((d) => [d.host, d.category]));
}

/** The packets of a little-endian µs pcap (what tcpdump wrote), read without the project's reader. */
function packetsOf(file: Buffer): {linkType: number; records: PacketRecord[]} {
	expect(file.readUInt32LE(0)).toBe(0xa1b2c3d4);
	const out: PacketRecord[] = [];
	for (let at = 24; at + 16 <= file.length; ) {
		const length = file.readUInt32LE(at + 8);
		out.push({time: file.readUInt32LE(at) * 1000 + file.readUInt32LE(at + 4) / 1000, data: file.subarray(at + 16, at + 16 + length), wire: file.readUInt32LE(at + 12)});
		at += 16 + length;
	}
	return {linkType: file.readUInt32LE(20), records: out};
}

const har = readFileSync(join(REAL, 'session.har'));
const lo = readFileSync(join(REAL, 'lo.pcap'));
const fromLo = packetsOf(lo);
const ip = fromLo.records.map((r) => ({...r, data: r.data.subarray(14), wire: (r.wire ?? r.data.length) - 14}));

/** Every capture of the session: the three tcpdump wrote, and lo.pcap's packets in the other layouts. */
const CAPTURES: Array<[string, Buffer]> = [
	['lo.pcap (Ethernet)', lo],
	['any-sll.pcap (Linux cooked v1)', readFileSync(join(REAL, 'any-sll.pcap'))],
	['any-sll2.pcap (Linux cooked v2, ns)', readFileSync(join(REAL, 'any-sll2.pcap'))],
	['raw IP', pcapFile(ip, {linkType: LINKTYPE.RAW})],
	['BSD loopback', pcapFile(ip.map((r) => ({...r, data: nullLink(r.data, true), wire: (r.wire ?? 0) + 4})), {linkType: LINKTYPE.NULL})],
	['big-endian ns pcap', pcapFile(fromLo.records, {linkType: LINKTYPE.ETHERNET, littleEndian: false, nanos: true})],
	['pcapng', pcapngFile([{interfaces: [{linkType: LINKTYPE.ETHERNET, tsresol: 9, name: 'lo'}], packets: fromLo.records.map((r) => ({...r, iface: 0}))}])],
];

describe('a real capture and the HAR of the same session', () => {
	const fromHar = records(harFormat, har, 'session.har');
	const harDestinations = destinations(fromHar);

	it('the HAR is what the session did (the test is not vacuous)', () => {
		expect([...harDestinations.keys()].sort()).toEqual(['192-168-1-5.0123456789abcdef0123456789abcdef.plex.direct', 'analytics.plex.tv', 'plex.tv', 'servedby.flashtalking.com']);
		expect(fromLo.linkType).toBe(LINKTYPE.ETHERNET);
	});

	it.each(CAPTURES)('%s: the same destinations and categories as the HAR, plus only what Chromium did by itself', (_name, bytes) => {
		const rs = records(pcapFormat, bytes, 'capture');
		const seen = destinations(rs);
		for (const [host, category] of harDestinations) expect({host, category: seen.get(host)}).toEqual({host, category});
		const extra = [...seen.keys()].filter((h) => !harDestinations.has(h));
		// Sign-in and component updates: Chromium's own, over TLS and plain HTTP; no page asked for them.
		expect(extra.sort()).toEqual(['accounts.google.com', 'update.googleapis.com']);
		const empty = rs.filter((r) => r.kind === 'request' && r.method === 'TCP' && r.bytesSent === 0 && r.bytesReceived === 0);
		expect(empty.map((r) => (r.kind === 'request' ? `${r.host}:${r.port}` : ''))).toEqual(['127.0.0.1:32400']);
		// TLS server names on the wire, HTTP requests in the clear: both ways of naming a destination were used.
		const methods = new Set(rs.flatMap((r) => (r.kind === 'request' && harDestinations.has(r.host) ? [r.method] : [])));
		expect([...methods].sort()).toEqual(['GET', 'TLS']);
	});

	it.each(CAPTURES)('%s: the device the HAR shows (Plex Web on Chrome) is the capture\'s device', (_name, bytes) => {
		const rs = records(pcapFormat, bytes, 'capture');
		const harDevices = foldView<DeviceRow>(devicesView, fromHar).map((d) => `${d.product} / ${d.platform}`);
		const captureDevices = rs.filter((r) => r.kind === 'device').map((r) => `${r.device?.product} / ${r.device?.platform}`);
		expect(captureDevices).toEqual(['Plex Web / Chrome']);
		expect(harDevices).toContain('Plex Web / Chrome');
	});
});

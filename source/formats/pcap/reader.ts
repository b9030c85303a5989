/**
A streaming reader of packet captures, written for this project (no maintained pure-JS reader installs
here, and native libpcap bindings are out): classic pcap (microsecond and nanosecond timestamps, both
byte orders) and pcapng (section header, interface description, enhanced, simple and obsolete packet
blocks; link type and timestamp resolution per interface; any number of sections, each with its own
byte order).

Memory is bounded by one packet, not by the file: a chunk is read in place, and only a record cut by
a chunk boundary is copied (the tail of one chunk plus the head of the next). No record larger than
`MAX_RECORD` is ever buffered: a length field that says more is damage.

Damage is reported and read past: a record or block whose header cannot be right (a length beyond the
limit, a timestamp fraction of a second or more, pcapng lengths that disagree) is reported at its
packet number and byte offset, and the reader scans forward for the next plausible record (checked
twice: that one and the one after it must both look right). A capture cut inside its last packet
gives that packet's bytes as a truncated packet and one diagnostic.
*/
import {grouped} from './bytes.js';

/** One packet as the reader hands it over. The object is reused: read it during the call only. */
export type CapturedPacket = {
	/** LINKTYPE_* of the interface that captured it. */
	linkType: number;
	/**
	The reader's buffer: the packet's captured bytes are `bytes[start, end)` (offsets, not a view, so
	that no object is made per packet). Valid during the call only: copy what you keep.
	*/
	bytes: Uint8Array;
	start: number;
	end: number;
	/** The packet's length on the wire (more than `data.length` when the snapshot length cut it). */
	wireLength: number;
	/** Capture time in milliseconds since the epoch (fractional); NaN when unknown (simple packet blocks). */
	timeMs: number;
	/** 1-based, counting every packet read across sections. */
	number: number;
	/** Byte offset of its record (pcap) or block (pcapng) in the input. */
	offset: number;
	/** Bytes present of the captured length (less when the capture ends inside the packet). */
	cut: boolean;
};

export type ReaderProblem = {
	severity: 'error' | 'warning' | 'info';
	code: string;
	message: string;
	/** The packet the problem is at (the next packet number when it is between packets). */
	packet: number | undefined;
	offset: number;
};

export type ReaderSink = {
	packet(p: CapturedPacket): void;
	problem(p: ReaderProblem): void;
	/**
	The fast path, offered every whole packet that the snapshot length did not cut (`b[start, end)`, valid
	during the call only) before it becomes a `CapturedPacket`: true when the sink has wholly accounted for
	it (a packet of an established flow: counters only), which is then counted and not handed over.
	*/
	counted?(b: Uint8Array, start: number, end: number, timeMs: number, linkType: number): boolean;
};

/** The largest record or block buffered (any real snapshot length is below 256 KiB; jumbo frames too). */
export const MAX_RECORD = 1024 * 1024;

const PCAP_HEADER = 24;
const PCAP_RECORD_HEADER = 16;
const SHB = 0x0a0d0d0a;
const IDB = 1;
const OPB = 2;
const SPB = 3;
const EPB = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Block types a resync may land on (others are skipped when met in order, never resynced to). */
const RESYNC_BLOCKS: ReadonlySet<number> = new Set([SHB, IDB, OPB, SPB, 4, 5, EPB]);

type PcapngInterface = {linkType: number; snaplen: number; msPerUnit: number; offsetMs: number};

const u16 = (b: Uint8Array, i: number, le: boolean): number => (le ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
const u32 = (b: Uint8Array, i: number, le: boolean): number =>
	(le ? b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24) : (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** How sure (0–1) the head is a capture: its magic number. */
export function captureMagic(head: Uint8Array): number {
	if (head.length < 4) return 0;
	const be = u32(head, 0, false);
	if (be === 0xa1b2c3d4 || be === 0xd4c3b2a1 || be === 0xa1b23c4d || be === 0x4d3cb2a1) return 1;
	if (be === SHB) {
		// The section header's type is a palindrome: the byte-order magic at +8 confirms it.
		if (head.length < 12) return 0.5;
		const m = u32(head, 8, false);
		return m === BYTE_ORDER_MAGIC || m === 0x4d3c2b1a ? 1 : 0;
	}
	return 0;
}

const fmt = grouped;

type Mode = 'magic' | 'pcap-header' | 'pcap' | 'pcapng' | 'resync-pcap' | 'resync-pcapng' | 'dead';

/**
`step` (per mode) looks at `buf` from `pos` and returns the number of bytes it consumed (> 0), or
minus the number of bytes it needs from `pos` to go on (< 0). At the end of input (`final`) it must
consume what is there.
*/
export class CaptureReader {
	private mode: Mode = 'magic';
	/** Bytes carried over from the previous chunk (an incomplete record). */
	private pending: Uint8Array | undefined;
	/** Absolute offset of the next unconsumed byte. */
	private offset = 0;
	private packets = 0;
	private readonly out: CapturedPacket = {linkType: 0, bytes: Buffer.alloc(0), start: 0, end: 0, wireLength: 0, timeMs: Number.NaN, number: 0, offset: 0, cut: false};
	// classic pcap
	private le = true;
	private nanos = false;
	private snaplen = 0;
	private linkType = 0;
	private lastSeconds = -1;
	// pcapng
	private interfaces: PcapngInterface[] = [];
	private sections = 0;
	/** Where damage began (for the resync message). */
	private damageAt = 0;
	private warnedInterface = false;

	constructor(private readonly sink: ReaderSink) {}

	/** Packets read so far. */
	get count(): number {
		return this.packets;
	}

	/** Sections read so far (pcapng). */
	get sectionCount(): number {
		return this.sections;
	}

	/** True once the input showed a capture's magic number. */
	get isCapture(): boolean {
		return this.mode !== 'magic' && this.mode !== 'dead';
	}

	push(bytes: Uint8Array): void {
		// Every packet is handed over in a Buffer, whatever the caller passed (a record joined across two
		// chunks was a plain Uint8Array): the packet path's compiled code then handles one kind of byte
		// array, not two, and is not thrown away when the other kind first shows up (the JIT compiles for
		// the kinds it has seen). `Buffer.from(arrayBuffer, …)` is a view, not a copy.
		const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		let at = 0;
		while (this.pending) {
			const pending: Uint8Array = this.pending;
			const r = this.step(pending, 0, false);
			if (r > 0) {
				this.pending = r < pending.length ? pending.subarray(r) : undefined;
				continue;
			}
			// Take from the chunk only what the unit needs, so the rest is read in place.
			const need = -r;
			const take = Math.min(need - pending.length, chunk.length - at);
			if (take <= 0) return;
			const joined = Buffer.allocUnsafeSlow(pending.length + take);
			joined.set(pending);
			joined.set(chunk.subarray(at, at + take), pending.length);
			this.pending = joined;
			at += take;
			if (joined.length < need) return;
		}
		let pos = at;
		for (;;) {
			const r = this.step(chunk, pos, false);
			if (r <= 0) break;
			pos += r;
		}
		// Copy the tail: it is less than a record, and keeping a view would keep the whole chunk
		// (Buffer's `slice` is a view: copy through Uint8Array's, which makes a Buffer of a Buffer).
		if (pos < chunk.length) this.pending = Uint8Array.prototype.slice.call(chunk, pos);
	}

	end(): void {
		while (this.pending) {
			const pending: Uint8Array = this.pending;
			const r = this.step(pending, 0, true);
			if (r <= 0) break;
			this.pending = r < pending.length ? pending.subarray(r) : undefined;
		}
		if (this.mode === 'magic' && this.offset === 0) this.problem('error', 'pcap.empty', 'empty input', undefined, 0);
		if (this.mode === 'resync-pcap' || this.mode === 'resync-pcapng') {
			this.problem('error', 'pcap.damage.unrecovered', `no readable packet after the damage at byte offset ${this.damageAt} (${fmt(this.offset - this.damageAt)} bytes to the end were skipped)`, this.packets + 1, this.damageAt);
		}
	}

	private problem(severity: ReaderProblem['severity'], code: string, message: string, packet: number | undefined, offset: number): void {
		this.sink.problem({severity, code, message, packet, offset});
	}

	private consume(n: number): number {
		this.offset += n;
		return n;
	}

	private step(buf: Uint8Array, pos: number, final: boolean): number {
		switch (this.mode) {
			case 'pcap':
				return this.pcapRecord(buf, pos, final);
			case 'pcapng':
				return this.pcapngBlock(buf, pos, final);
			case 'magic':
				return this.magic(buf, pos, final);
			case 'pcap-header':
				return this.pcapHeader(buf, pos, final);
			case 'resync-pcap':
			case 'resync-pcapng':
				return this.resync(buf, pos, final);
			case 'dead':
				return this.consume(buf.length - pos) || (final ? 0 : -1);
		}
	}

	private magic(buf: Uint8Array, pos: number, final: boolean): number {
		const left = buf.length - pos;
		if (left < 4 || (left < 12 && u32(buf, pos, false) === SHB)) {
			if (!final) return -12;
			if (left > 0) this.problem('error', 'pcap.too-short', `only ${left} bytes: too short to be a packet capture`, undefined, 0);
			this.mode = 'dead';
			return left > 0 ? this.consume(left) : 0;
		}
		const score = captureMagic(buf.subarray(pos, pos + 12));
		if (score === 0) {
			const hex = [...buf.subarray(pos, pos + 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
			this.problem('error', 'pcap.magic', `not a packet capture: it starts with ${hex}, not a pcap or pcapng magic number`, undefined, this.offset);
			this.mode = 'dead';
			return this.consume(left);
		}
		if (u32(buf, pos, false) === SHB) {
			this.mode = 'pcapng';
			return this.pcapngBlock(buf, pos, final);
		}
		this.mode = 'pcap-header';
		return this.pcapHeader(buf, pos, final);
	}

	private pcapHeader(buf: Uint8Array, pos: number, final: boolean): number {
		const left = buf.length - pos;
		if (left < PCAP_HEADER) {
			if (!final) return -PCAP_HEADER;
			this.problem('error', 'pcap.header.cut', `the capture ends inside its ${PCAP_HEADER}-byte file header (${left} bytes)`, undefined, this.offset);
			this.mode = 'dead';
			return this.consume(left);
		}
		const magic = u32(buf, pos, false);
		this.le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
		this.nanos = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
		this.snaplen = u32(buf, pos + 16, this.le);
		// The upper bits of the link type field carry FCS information (LINKTYPE_* fits in 16 bits).
		this.linkType = u32(buf, pos + 20, this.le) & 0xffff;
		this.mode = 'pcap';
		return this.consume(PCAP_HEADER);
	}

	/** A classic pcap record header at `pos` that could be right, also against the last timestamp (resync). */
	private plausiblePcap(buf: Uint8Array, pos: number): boolean {
		const seconds = u32(buf, pos, this.le);
		const frac = u32(buf, pos + 4, this.le);
		const incl = u32(buf, pos + 8, this.le);
		const orig = u32(buf, pos + 12, this.le);
		if (frac >= (this.nanos ? 1e9 : 1e6) || incl > MAX_RECORD) return false;
		const snap = this.snaplen > 0 && this.snaplen < MAX_RECORD ? Math.max(this.snaplen, 65_535) : MAX_RECORD;
		if (incl > snap || orig < incl || orig > 16 * MAX_RECORD) return false;
		return this.lastSeconds < 0 || Math.abs(seconds - this.lastSeconds) < 7 * 86_400;
	}

	private pcapRecord(buf: Uint8Array, pos: number, final: boolean): number {
		const left = buf.length - pos;
		if (left === 0) return 0;
		if (left < PCAP_RECORD_HEADER) {
			if (!final) return -PCAP_RECORD_HEADER;
			this.problem('warning', 'pcap.cut', `the capture ends inside the header of packet ${this.packets + 1} (${left} of ${PCAP_RECORD_HEADER} bytes)`, this.packets + 1, this.offset);
			return this.consume(left);
		}
		// The header's fields read once (the fraction and the length checked: `plausiblePcap` checks more, for a resync).
		const le = this.le;
		const frac = u32(buf, pos + 4, le);
		const incl = u32(buf, pos + 8, le);
		if (frac >= (this.nanos ? 1e9 : 1e6) || incl > MAX_RECORD) return this.damaged('resync-pcap', this.pcapDamage(buf, pos));
		const total = PCAP_RECORD_HEADER + incl;
		const cut = left < total;
		if (cut && !final) return -total;
		const seconds = u32(buf, pos, le);
		this.lastSeconds = seconds;
		const timeMs = seconds * 1000 + (this.nanos ? frac / 1e6 : frac / 1e3);
		const wire = u32(buf, pos + 12, le);
		const start = pos + PCAP_RECORD_HEADER;
		if (!cut && wire <= incl && this.sink.counted?.(buf, start, start + incl, timeMs, this.linkType)) {
			this.packets++;
			return this.consume(total);
		}
		const out = this.out;
		out.linkType = this.linkType;
		out.bytes = buf;
		out.start = start;
		out.end = pos + Math.min(total, left);
		out.wireLength = Math.max(wire, incl);
		out.timeMs = timeMs;
		this.deliver(cut ? left : 0, total);
		return this.consume(Math.min(total, left));
	}

	private pcapDamage(buf: Uint8Array, pos: number): string {
		const frac = u32(buf, pos + 4, this.le);
		const incl = u32(buf, pos + 8, this.le);
		if (incl > MAX_RECORD) return `its header says ${fmt(incl)} bytes were captured (more than ${fmt(MAX_RECORD)})`;
		return `its header has a timestamp fraction of ${fmt(frac)} (${this.nanos ? 'nanoseconds' : 'microseconds'} must be below one second)`;
	}

	/** Hand over `this.out`; `present` > 0: the input ends after that many of the record's `size` bytes. */
	private deliver(present: number, size: number): void {
		const out = this.out;
		out.number = ++this.packets;
		out.offset = this.offset;
		out.cut = present > 0;
		if (present > 0) {
			this.problem('warning', 'pcap.cut', `the capture ends inside packet ${out.number}: ${fmt(present)} of its record's ${fmt(size)} bytes are present; what is there was read`, out.number, this.offset);
		}
		this.sink.packet(out);
	}

	/** Report damage at `pos` and switch to scanning for the next plausible record. */
	private damaged(mode: 'resync-pcap' | 'resync-pcapng', why: string): number {
		this.damageAt = this.offset;
		this.problem('error', 'pcap.damage', `damaged ${mode === 'resync-pcap' ? 'record' : 'block'} before packet ${this.packets + 1}: ${why}; looking for the next readable packet`, this.packets + 1, this.offset);
		this.mode = mode;
		return this.consume(1);
	}

	/** Scan byte by byte for a record (block) that looks right and is followed by one that does too. */
	private resync(buf: Uint8Array, pos: number, final: boolean): number {
		const pcap = this.mode === 'resync-pcap';
		const headerSize = pcap ? PCAP_RECORD_HEADER : 12;
		let at = pos;
		while (buf.length - at >= headerSize) {
			const length = pcap ? this.plausiblePcap(buf, at) ? PCAP_RECORD_HEADER + u32(buf, at + 8, this.le) : -1 : this.plausibleBlock(buf, at);
			if (length < -1 && !final) {
				// A block header that looks right, not yet whole: read on from here.
				if (at > pos) return this.consume(at - pos);
				return length;
			}
			if (length > 0) {
				// Confirm with the next record: it must be plausible too, or the input must end right there.
				const next = at + length;
				if (buf.length - next < headerSize && !final) {
					if (at > pos) return this.consume(at - pos);
					return -(length + headerSize);
				}
				const after = buf.length - next >= headerSize ? (pcap ? (this.plausiblePcap(buf, next) ? 1 : -1) : this.plausibleBlock(buf, next)) : -1;
				if (after < -1 && !final) {
					// The next block's header looks right but the block is not whole yet: read on.
					if (at > pos) return this.consume(at - pos);
					return -(length - after);
				}
				const confirmed = buf.length === next || after > 0;
				if (confirmed || (final && buf.length - next < headerSize)) {
					const skipped = this.offset + (at - pos) - this.damageAt;
					this.problem('warning', 'pcap.resync', `${fmt(skipped)} damaged bytes skipped; reading resumes at packet ${this.packets + 1}`, this.packets + 1, this.offset + (at - pos));
					this.mode = pcap ? 'pcap' : 'pcapng';
					return at > pos ? this.consume(at - pos) : this.step(buf, pos, final);
				}
			}
			at++;
		}
		if (at > pos) return this.consume(at - pos);
		if (!final) return -headerSize;
		return this.consume(buf.length - pos);
	}

	/**
	The length of a pcapng block at `pos` whose framing is right (whole in `buf`); minus its length when
	its header looks right but `buf` ends before it does; -1 when it cannot be a block.
	*/
	private plausibleBlock(buf: Uint8Array, pos: number): number {
		for (const le of [this.le, !this.le]) {
			const type = u32(buf, pos, le);
			if (!RESYNC_BLOCKS.has(type)) continue;
			const length = u32(buf, pos + 4, le);
			if (length < 12 || length % 4 !== 0 || length > MAX_RECORD + 64) continue;
			if (buf.length - pos < length) return type !== SHB && le !== this.le ? -1 : -length;
			if (u32(buf, pos + length - 4, le) !== length) continue;
			if (type === SHB && u32(buf, pos + 8, le) !== BYTE_ORDER_MAGIC) continue;
			if (type === EPB && (length < 32 || u32(buf, pos + 8, le) >= Math.max(1, this.interfaces.length))) continue;
			if (type !== SHB && le !== this.le) continue;
			return length;
		}
		return -1;
	}

	private pcapngBlock(buf: Uint8Array, pos: number, final: boolean): number {
		const left = buf.length - pos;
		if (left === 0) return 0;
		if (left < 12) {
			if (!final) return -12;
			this.problem('warning', 'pcap.cut', `the capture ends inside a block header (${left} bytes) before packet ${this.packets + 1}`, this.packets + 1, this.offset);
			return this.consume(left);
		}
		let le = this.le;
		const typeBe = u32(buf, pos, false);
		if (typeBe === SHB) {
			const m = u32(buf, pos + 8, false);
			if (m !== BYTE_ORDER_MAGIC && m !== 0x4d3c2b1a) return this.damaged('resync-pcapng', 'a section header without its byte-order magic');
			le = m === 0x4d3c2b1a;
		}
		const type = u32(buf, pos, le);
		const length = u32(buf, pos + 4, le);
		if (length < 12 || length % 4 !== 0 || length > MAX_RECORD + 64) {
			return this.damaged('resync-pcapng', `block type 0x${type.toString(16)} says it is ${fmt(length)} bytes long`);
		}
		const cut = left < length;
		if (cut && !final) return -length;
		if (!cut && u32(buf, pos + length - 4, le) !== length) {
			return this.damaged('resync-pcapng', `block type 0x${type.toString(16)}: its leading and trailing lengths differ (${fmt(length)} and ${fmt(u32(buf, pos + length - 4, le))})`);
		}
		const end = pos + Math.min(length, left);
		switch (type) {
			case SHB:
				this.le = le;
				this.interfaces = [];
				this.sections++;
				this.warnedInterface = false;
				break;
			case IDB:
				if (length >= 20) this.interfaces.push(this.interfaceBlock(buf, pos, end));
				break;
			case EPB:
			case OPB:
				this.packetBlock(buf, pos, end, type, cut, length);
				break;
			case SPB:
				this.simpleBlock(buf, pos, end, cut, length);
				break;
			default:
				break; // name resolution, statistics, journal, custom blocks: nothing to read for us
		}
		if (cut && (type === SHB || type === IDB)) this.problem('warning', 'pcap.cut', `the capture ends inside a ${type === SHB ? 'section header' : 'interface description'} block`, this.packets + 1, this.offset);
		return this.consume(Math.min(length, left));
	}

	private interfaceBlock(buf: Uint8Array, pos: number, end: number): PcapngInterface {
		const le = this.le;
		const iface: PcapngInterface = {linkType: u16(buf, pos + 8, le), snaplen: u32(buf, pos + 12, le), msPerUnit: 1e-3, offsetMs: 0};
		// Options: code (2), length (2), value padded to 4 bytes; code 0 ends them.
		let at = pos + 16;
		const stop = end - 4;
		while (at + 4 <= stop) {
			const code = u16(buf, at, le);
			const len = u16(buf, at + 2, le);
			if (code === 0 || at + 4 + len > stop) break;
			if (code === 9 && len >= 1) {
				// if_tsresol: MSB clear → 10^-v seconds per unit, set → 2^-v.
				const v = buf[at + 4]!;
				const unitsPerSecond = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** v;
				iface.msPerUnit = 1000 / unitsPerSecond;
			} else if (code === 14 && len >= 8) {
				// if_tsoffset: seconds to add (signed 64-bit).
				const hi = u32(buf, at + 4 + (le ? 4 : 0), le) | 0;
				const lo = u32(buf, at + 4 + (le ? 0 : 4), le);
				iface.offsetMs = (hi * 4_294_967_296 + lo) * 1000;
			}
			at += 4 + ((len + 3) & ~3);
		}
		return iface;
	}

	private packetBlock(buf: Uint8Array, pos: number, end: number, type: number, cut: boolean, length: number): void {
		const le = this.le;
		if (end - pos < 28) {
			this.problem('warning', 'pcap.block.short', `packet ${this.packets + 1}: a packet block of ${fmt(length)} bytes is too short to hold its header`, this.packets + 1, this.offset);
			this.packets++;
			return;
		}
		const ifaceId = type === EPB ? u32(buf, pos + 8, le) : u16(buf, pos + 8, le);
		const iface = this.interfaces[ifaceId];
		if (!iface) {
			this.packets++;
			if (!this.warnedInterface) {
				this.warnedInterface = true;
				this.problem('warning', 'pcap.interface.unknown', `packet ${this.packets} names interface ${ifaceId}, which this section does not describe; such packets are skipped`, this.packets, this.offset);
			}
			return;
		}
		const units = u32(buf, pos + 12, le) * 4_294_967_296 + u32(buf, pos + 16, le);
		const captured = u32(buf, pos + 20, le);
		const wire = u32(buf, pos + 24, le);
		const dataEnd = pos + 28 + captured;
		if (dataEnd > pos + length - 4) {
			this.packets++;
			this.problem('warning', 'pcap.block.length', `packet ${this.packets}: its block says ${fmt(captured)} bytes were captured but holds only ${fmt(Math.max(0, length - 32))}; skipped`, this.packets, this.offset);
			return;
		}
		const timeMs = units * iface.msPerUnit + iface.offsetMs;
		if (!cut && wire <= captured && this.sink.counted?.(buf, pos + 28, dataEnd, timeMs, iface.linkType)) {
			this.packets++;
			return;
		}
		const out = this.out;
		out.linkType = iface.linkType;
		out.bytes = buf;
		out.start = pos + 28;
		out.end = Math.min(dataEnd, end);
		out.wireLength = Math.max(wire, captured);
		out.timeMs = timeMs;
		this.deliver(cut ? end - pos : 0, length);
	}

	private simpleBlock(buf: Uint8Array, pos: number, end: number, cut: boolean, length: number): void {
		const iface = this.interfaces[0];
		if (!iface) {
			this.packets++;
			if (!this.warnedInterface) {
				this.warnedInterface = true;
				this.problem('warning', 'pcap.interface.unknown', `packet ${this.packets} is a simple packet block but the section describes no interface; such packets are skipped`, this.packets, this.offset);
			}
			return;
		}
		const wire = u32(buf, pos + 8, this.le);
		const room = length - 16;
		const captured = Math.min(wire, room, iface.snaplen > 0 ? iface.snaplen : room);
		const out = this.out;
		out.linkType = iface.linkType;
		out.bytes = buf;
		out.start = pos + 12;
		out.end = Math.min(pos + 12 + captured, end);
		out.wireLength = wire;
		out.timeMs = Number.NaN;
		this.deliver(cut ? end - pos : 0, length);
	}
}

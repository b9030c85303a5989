/**
A small MaxMind DB writer for tests: an IPv6 tree (IPv4 networks under ::/96, as real databases have
them) with 24-bit records, a data section of maps, strings and integers, and the metadata. Written from
the format's specification, independently of the reader.
*/
import {addressBytes} from '../../source/classify/mmdb.js';

type Value = string | number | boolean | Value[] | {[key: string]: Value};

function header(type: number, size: number): number[] {
	const out: number[] = [];
	let first = type <= 7 ? type << 5 : 0;
	const ext = type > 7 ? [type - 7] : [];
	if (size < 29) first |= size;
	else if (size < 285) {
		first |= 29;
		return [first, ...ext, size - 29];
	} else {
		first |= 30;
		const s = size - 285;
		return [first, ...ext, s >> 8, s & 255];
	}
	out.push(first, ...ext);
	return out;
}

export function encode(value: Value): number[] {
	if (typeof value === 'string') {
		const bytes = [...Buffer.from(value, 'utf8')];
		return [...header(2, bytes.length), ...bytes];
	}
	if (typeof value === 'boolean') return header(14, value ? 1 : 0);
	if (typeof value === 'number') {
		const bytes: number[] = [];
		for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
		return [...header(6, bytes.length), ...bytes];
	}
	if (Array.isArray(value)) return [...header(11, value.length), ...value.flatMap(encode)];
	const entries = Object.entries(value);
	return [...header(7, entries.length), ...entries.flatMap(([k, v]) => [...encode(k), ...encode(v)])];
}

/** An MMDB file mapping each network (`1.2.3.0/24`, `2001:db8::/32`) to a record. */
export function buildMmdb(networks: ReadonlyArray<readonly [string, Value]>, databaseType = 'Test-Country'): Uint8Array {
	type Node = [number | {data: number} | undefined, number | {data: number} | undefined];
	const nodes: Node[] = [[undefined, undefined]];
	const data: number[] = [];
	for (const [cidr, value] of networks) {
		const [address, lengthText] = cidr.split('/');
		const ip = addressBytes(address!)!;
		const v6 = ip.length === 4 ? Uint8Array.from([...new Array<number>(12).fill(0), ...ip]) : ip;
		const length = Number(lengthText) + (ip.length === 4 ? 96 : 0);
		const offset = data.length;
		data.push(...encode(value));
		let node = 0;
		for (let k = 0; k < length; k++) {
			const bit = (v6[k >> 3]! >> (7 - (k & 7))) & 1;
			if (k === length - 1) {
				nodes[node]![bit] = {data: offset};
				break;
			}
			let next = nodes[node]![bit];
			if (typeof next !== 'number') {
				next = nodes.length;
				nodes.push([undefined, undefined]);
				nodes[node]![bit] = next;
			}
			node = next;
		}
	}
	const count = nodes.length;
	const value = (r: Node[0]): number => (r === undefined ? count : typeof r === 'number' ? r : count + 16 + r.data);
	const tree: number[] = [];
	for (const [l, r] of nodes) for (const v of [value(l), value(r)]) tree.push((v >> 16) & 255, (v >> 8) & 255, v & 255);
	const metadata = encode({
		binary_format_major_version: 2,
		binary_format_minor_version: 0,
		build_epoch: 1_700_000_000,
		database_type: databaseType,
		description: {en: 'test database'},
		ip_version: 6,
		languages: ['en'],
		node_count: count,
		record_size: 24,
	});
	const marker = [0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com')];
	return Uint8Array.from([...tree, ...new Array<number>(16).fill(0), ...data, ...marker, ...metadata]);
}

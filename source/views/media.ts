/** Formats, resolutions and devices: frequency tables over playback evidence and the devices seen. */
import type {DeviceInfo, Resolution} from '../model/records.js';
import {KIND_CODES, NONE} from '../store/store.js';
import {addFew, sizeOfFew, type Few} from './distinct.js';
import {filterValue} from './filter.js';
import type {Column, GroupView} from './types.js';
import {column} from './columns.js';

export type FormatRow = {container: string; videoCodec: string; audioCodec: string; count: number; transcodes: number};
export type ResolutionRow = {resolution: string; count: number};
export type DeviceRow = {product: string; platform: string; device: string; count: number; destinations: number; clientId: string | undefined};

const RESOLUTION_ORDER: readonly Resolution[] = ['4K', '2K', '1080p', '720p', '576p', '480p', 'SD'];

/** The container and the codecs: short names, all three kept however narrow the terminal. */
function codecColumn(key: 'container' | 'videoCodec' | 'audioCodec', header: string): Column<FormatRow> {
	return {key, header, kind: 'text', priority: 0, minWidth: 6, maxWidth: 16};
}

export const formatsView: GroupView<FormatRow> = {
	kind: 'group',
	name: 'formats',
	title: 'Formats',
	description: 'media formats played or reported: container, video codec, audio codec',
	columns: [
		codecColumn('container', 'Container'),
		codecColumn('videoCodec', 'Video codec'),
		codecColumn('audioCodec', 'Audio codec'),
		column('count', 0),
		{key: 'transcodes', header: 'Transcoded', kind: 'number', priority: 2},
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create(store) {
		const map = new Map<string, FormatRow>();
		const groups: FormatRow[] = [];
		const p = store.playbacks;
		const text = (id: number): string => (id === 0 ? NONE : store.strings.values[id]!);
		const transcode = store.strings.find('transcode');
		return {
			add(i) {
				if (store.kindOf(i) !== KIND_CODES.playback) return;
				const row = store.sub.get(i);
				const c = p.container.get(row);
				const v = p.videoCodec.get(row);
				const a = p.audioCodec.get(row);
				if (c === 0 && v === 0 && a === 0) return;
				const key = `${c},${v},${a}`;
				let acc = map.get(key);
				if (!acc) {
					acc = {container: text(c), videoCodec: text(v), audioCodec: text(a), count: 0, transcodes: 0};
					map.set(key, acc);
					groups.push(acc);
				}
				acc.count++;
				const t = transcode || store.strings.find('transcode');
				if (t !== 0 && (p.decision.get(row) === t || p.videoDecision.get(row) === t || p.audioDecision.get(row) === t)) acc.transcodes++;
			},
			size: () => groups.length,
			row: (g) => ({...groups[g]!}),
			value: (g, key) => groups[g]![key as keyof FormatRow],
		};
	},
	drill: (row) =>
		[
			'kind:playback',
			row.container === NONE ? '' : `container:=${filterValue(row.container)}`,
			row.videoCodec === NONE ? '' : `codec:=${filterValue(row.videoCodec)}`,
			row.audioCodec === NONE ? '' : `codec:=${filterValue(row.audioCodec)}`,
		].filter(Boolean).join(' '),
};

export const resolutionsView: GroupView<ResolutionRow> = {
	kind: 'group',
	name: 'resolutions',
	title: 'Resolutions',
	description: 'video resolutions played or reported, normalised to SD/480p/576p/720p/1080p/2K/4K',
	columns: [
		{key: 'resolution', header: 'Resolution', kind: 'text', priority: 0, minWidth: 10},
		column('count', 0),
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create(store) {
		const groups: ResolutionRow[] = [];
		const groupOf = new Map<number, ResolutionRow>();
		return {
			add(i) {
				if (store.kindOf(i) !== KIND_CODES.playback) return;
				const id = store.playbacks.resolution.get(store.sub.get(i));
				if (id === 0) return;
				let acc = groupOf.get(id);
				if (!acc) {
					acc = {resolution: store.strings.values[id]!, count: 0};
					groupOf.set(id, acc);
					groups.push(acc);
				}
				acc.count++;
			},
			size: () => groups.length,
			row: (g) => ({...groups[g]!}),
			value: (g, key) => groups[g]![key as keyof ResolutionRow],
			// Highest resolution first before any sort.
			rank: (g) => RESOLUTION_ORDER.indexOf(groups[g]!.resolution as Resolution),
		};
	},
	drill: (row) => `kind:playback resolution:=${filterValue(row.resolution)}`,
};

/** How much a device description says: the richest one names the device. */
function richness(d: DeviceInfo): number {
	let n = 0;
	for (const key of ['product', 'version', 'platform', 'platformVersion', 'device', 'model', 'vendor', 'screenResolution'] as const) if (d[key]) n++;
	return n;
}

export const devicesView: GroupView<DeviceRow> = {
	kind: 'group',
	name: 'devices',
	title: 'Devices',
	description: 'client devices and apps seen, one row per device (joined by client identifier across inputs): product, platform, device, destinations contacted',
	columns: [
		{key: 'product', header: 'Product', kind: 'text', priority: 0, minWidth: 10, maxWidth: 32},
		{key: 'platform', header: 'Platform', kind: 'text', priority: 0, minWidth: 8, maxWidth: 20},
		{key: 'device', header: 'Device', kind: 'text', priority: 1, minWidth: 8, maxWidth: 24},
		{key: 'count', header: 'Records', kind: 'number', priority: 0},
		{key: 'destinations', header: 'Destinations', kind: 'number', priority: 2},
		{key: 'clientId', header: 'Client id', kind: 'text', priority: 3, minWidth: 10, maxWidth: 24},
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create(store) {
		/**
		A device is its client identifier when the record has one (X-Plex-Client-Identifier, DeviceId, a
		MAC): every record of that client, from any input, is one row, described by the richest
		description seen. Without one, records group by what they say (product, platform, device).
		*/
		type Acc = {clientId: string | undefined; info: DeviceInfo; richness: number; group: {product: string; platform: string; device: string}; count: number; hosts: Few<string>};
		const byKey = new Map<string, Acc>();
		const groups: Acc[] = [];
		const accOfDevice: Array<Acc | null | undefined> = [];
		return {
			add(i) {
				const id = store.device.get(i);
				if (id === 0) return;
				let acc = accOfDevice[id];
				if (acc === undefined) {
					const entry = store.devices.values[id]!;
					const {info, group} = entry;
					const clientId = info.clientId || undefined;
					if (group || clientId) {
						const key = clientId ? `id\u0000${clientId}` : `d\u0000${group!.product}\u0000${group!.platform}\u0000${group!.device}`;
						acc = byKey.get(key);
						if (!acc) {
							acc = {clientId, info, richness: -1, group: group ?? {product: NONE, platform: NONE, device: NONE}, count: 0, hosts: undefined};
							byKey.set(key, acc);
							groups.push(acc);
						}
						const r = richness(info);
						if (r > acc.richness && group) {
							acc.richness = r;
							acc.info = info;
							acc.group = group;
						}
					} else acc = null;
					accOfDevice[id] = acc;
				}
				if (acc === null) return;
				acc.count++;
				if (store.kindOf(i) === KIND_CODES.request) acc.hosts = addFew(acc.hosts, store.destinations.host(store.dest.get(i)));
			},
			size: () => groups.length,
			row(g) {
				const a = groups[g]!;
				return {...a.group, count: a.count, destinations: sizeOfFew(a.hosts), clientId: a.clientId};
			},
			value(g, key) {
				const a = groups[g]!;
				return key === 'destinations' ? sizeOfFew(a.hosts) : key === 'count' ? a.count : key === 'clientId' ? a.clientId : a.group[key as 'product'];
			},
		};
	},
	drill: (row) =>
		row.clientId
			? `deviceid:=${filterValue(row.clientId)}`
			: [
					row.product === NONE ? '' : `product:=${filterValue(row.product)}`,
					row.platform === NONE ? '' : `platform:=${filterValue(row.platform)}`,
					row.device === NONE ? '' : `device:=${filterValue(row.device)}`,
				].filter(Boolean).join(' '),
};

/** Formats, resolutions and devices: frequency tables over playback evidence and the devices seen. */
import {filterValue} from '../model/filter.js';
import type {DeviceInfo, Resolution} from '../model/records.js';
import {bump, type ViewDefinition} from './types.js';

export type FormatRow = {container: string; videoCodec: string; audioCodec: string; count: number; transcodes: number};
export type ResolutionRow = {resolution: string; count: number};
export type DeviceRow = {product: string; platform: string; device: string; count: number; destinations: number};

const NONE = '—';
const RESOLUTION_ORDER: readonly Resolution[] = ['4K', '2K', '1080p', '720p', '576p', '480p', 'SD'];

export const formatsView: ViewDefinition<FormatRow> = {
	name: 'formats',
	title: 'Formats',
	description: 'media formats played or reported: container, video codec, audio codec',
	columns: [
		{key: 'container', header: 'Container', kind: 'text', priority: 0, minWidth: 6, maxWidth: 16},
		{key: 'videoCodec', header: 'Video codec', kind: 'text', priority: 0, minWidth: 6, maxWidth: 16},
		{key: 'audioCodec', header: 'Audio codec', kind: 'text', priority: 0, minWidth: 6, maxWidth: 16},
		{key: 'count', header: 'Count', kind: 'number', priority: 0},
		{key: 'transcodes', header: 'Transcoded', kind: 'number', priority: 2},
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create() {
		const map = new Map<string, FormatRow>();
		return {
			add(r) {
				if (r.kind !== 'playback' || (!r.container && !r.videoCodec && !r.audioCodec)) return;
				const row = {container: r.container ?? NONE, videoCodec: r.videoCodec ?? NONE, audioCodec: r.audioCodec ?? NONE};
				const key = `${row.container}\u0000${row.videoCodec}\u0000${row.audioCodec}`;
				const acc = map.get(key) ?? {...row, count: 0, transcodes: 0};
				acc.count++;
				if (r.decision === 'transcode' || r.videoDecision === 'transcode' || r.audioDecision === 'transcode') acc.transcodes++;
				map.set(key, acc);
			},
			rows: () => [...map.values()],
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

export const resolutionsView: ViewDefinition<ResolutionRow> = {
	name: 'resolutions',
	title: 'Resolutions',
	description: 'video resolutions played or reported, normalised to SD/480p/576p/720p/1080p/2K/4K',
	columns: [
		{key: 'resolution', header: 'Resolution', kind: 'text', priority: 0, minWidth: 10},
		{key: 'count', header: 'Count', kind: 'number', priority: 0},
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create() {
		const counts = new Map<string, number>();
		return {
			add(r) {
				if (r.kind === 'playback' && r.resolution) bump(counts, r.resolution);
			},
			rows: () =>
				[...counts.entries()]
					.sort((a, b) => RESOLUTION_ORDER.indexOf(a[0] as Resolution) - RESOLUTION_ORDER.indexOf(b[0] as Resolution))
					.map(([resolution, count]) => ({resolution, count})),
		};
	},
	drill: (row) => `kind:playback resolution:=${filterValue(row.resolution)}`,
};

/** The product/platform/device triple a device row groups by. */
export function deviceKey(d: DeviceInfo): {product: string; platform: string; device: string} | undefined {
	if (!d.product && !d.platform && !d.device && !d.model && !d.name) return undefined;
	// A device known only by its (masked) friendly name, e.g. one PMS found by SSDP, is still a device.
	return {product: d.product ?? NONE, platform: d.platform ?? NONE, device: d.device ?? d.model ?? d.name ?? NONE};
}

export const devicesView: ViewDefinition<DeviceRow> = {
	name: 'devices',
	title: 'Devices',
	description: 'client devices and apps seen: product, platform, device, with how many destinations each contacted',
	columns: [
		{key: 'product', header: 'Product', kind: 'text', priority: 0, minWidth: 10, maxWidth: 32},
		{key: 'platform', header: 'Platform', kind: 'text', priority: 0, minWidth: 8, maxWidth: 20},
		{key: 'device', header: 'Device', kind: 'text', priority: 1, minWidth: 8, maxWidth: 24},
		{key: 'count', header: 'Records', kind: 'number', priority: 0},
		{key: 'destinations', header: 'Destinations', kind: 'number', priority: 2},
	],
	countKey: 'count',
	sort: {key: 'count', descending: true},
	create() {
		const map = new Map<string, DeviceRow & {hosts: Set<string>}>();
		return {
			add(r) {
				if (!r.device) return;
				const key = deviceKey(r.device);
				if (!key) return;
				const k = `${key.product}\u0000${key.platform}\u0000${key.device}`;
				let acc = map.get(k);
				if (!acc) {
					acc = {...key, count: 0, destinations: 0, hosts: new Set()};
					map.set(k, acc);
				}
				acc.count++;
				if (r.kind === 'request' && acc.hosts.size < 10_000) acc.hosts.add(r.host);
			},
			rows: () => [...map.values()].map(({hosts, ...row}) => ({...row, destinations: hosts.size})),
		};
	},
	drill: (row) =>
		[
			row.product === NONE ? '' : `product:=${filterValue(row.product)}`,
			row.platform === NONE ? '' : `platform:=${filterValue(row.platform)}`,
			row.device === NONE ? '' : `device:=${filterValue(row.device)}`,
		].filter(Boolean).join(' '),
};

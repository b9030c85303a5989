/**
The group of each destination when rows are per host: destinations of one host name on any port are one
group, numbered by the view as it opens them (`open`, in first-seen order). Kept in a typed array by
destination id; a host with a port is found by name through a map (few hosts have one), a port-less one
through its port-less destination (`DestinationTable.find`), so a log of names alone (DNS) keeps no map
entry, string or object a host. Destinations and Timeline group this way.
*/
import type {DestinationTable} from '../store/hosts.js';
import {grown} from './traffic.js';

export class HostGroups {
	/** Per destination id: its group + 1 (0: not placed yet). */
	private groupOfDest = new Int32Array(0);
	/** Hosts that have a destination with a port, by name: their group. */
	private readonly portedHosts = new Map<string, number>();

	constructor(
		private readonly destinations: DestinationTable,
		/** Opens a new group for destination `d` (its first) and gives its number. */
		private readonly open: (d: number) => number,
	) {}

	/** The group of destination `d`, opened when its host has none yet. */
	of(d: number): number {
		const groups = this.groupOfDest;
		return d < groups.length && groups[d] !== 0 ? groups[d]! - 1 : this.place(d);
	}

	private place(d: number): number {
		const dest = this.destinations.get(d)!;
		const {host} = dest;
		let g = -1;
		if (dest.port === undefined) g = this.portedHosts.get(host) ?? -1;
		else {
			const plain = this.destinations.find(host);
			const groups = this.groupOfDest;
			g = plain !== 0 && plain < groups.length && groups[plain] !== 0 ? groups[plain]! - 1 : (this.portedHosts.get(host) ?? -1);
			if (g < 0) g = this.open(d);
			if (!this.portedHosts.has(host)) this.portedHosts.set(host, g);
		}
		if (g < 0) g = this.open(d);
		if (d >= this.groupOfDest.length) this.groupOfDest = grown(this.groupOfDest, this.groupOfDest.length, 0, d + 1);
		this.groupOfDest[d] = g + 1;
		return g;
	}
}

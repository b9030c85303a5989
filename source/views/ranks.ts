/**
Sort ranks of a growing dictionary: the collation order of its values as numbers, so that sorting two
million records by a text column compares numbers, not strings.

A rank table follows a dictionary (hosts, device labels, input names …) as it grows: new values are
sorted among themselves and merged into the sorted list, and every value is renumbered. Renumbering
never changes the relative order of values already ranked, so an order computed with the old ranks is
still an order under the new ones — a sort in progress can go on across growth.
*/
import {compareValues} from './sort.js';

export class RankTable {
	/** Dictionary ids in collation order. */
	private sorted: number[] = [];
	/** rank[id]: position in `sorted` (equal values share a rank); NaN for an empty value. */
	rank = new Float64Array(0);
	private known = 0;

	/**
	@param size how many ids the dictionary has now
	@param text the text of an id ('' or undefined: empty, sorts last)
	*/
	constructor(
		private readonly size: () => number,
		private readonly text: (id: number) => string | undefined,
	) {}

	/** Rank any ids added since the last call. Cheap when nothing was added. */
	refresh(): void {
		const n = this.size();
		if (n === this.known) return;
		const fresh: number[] = [];
		for (let id = this.known; id < n; id++) {
			const t = this.text(id);
			if (t !== undefined && t !== '') fresh.push(id);
		}
		const cmp = (a: number, b: number): number => compareValues(this.text(a), this.text(b));
		fresh.sort(cmp);
		// Merge the new ids into the sorted list.
		const old = this.sorted;
		const merged: number[] = new Array<number>(old.length + fresh.length);
		let i = 0;
		let j = 0;
		let k = 0;
		while (i < old.length && j < fresh.length) merged[k++] = cmp(old[i]!, fresh[j]!) <= 0 ? old[i++]! : fresh[j++]!;
		while (i < old.length) merged[k++] = old[i++]!;
		while (j < fresh.length) merged[k++] = fresh[j++]!;
		this.sorted = merged;
		const rank = new Float64Array(Math.max(n, 16)).fill(Number.NaN);
		let r = 0;
		for (let p = 0; p < merged.length; p++) {
			if (p > 0 && cmp(merged[p - 1]!, merged[p]!) !== 0) r++;
			rank[merged[p]!] = r;
		}
		this.rank = rank;
		this.known = n;
	}
}

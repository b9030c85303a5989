/**
Distinct values per group, small first. Most groups see one to three distinct clients, events or names,
and a view over a long-tailed log has hundreds of thousands of groups: a Set each (hundreds of bytes) would
cost more than the records. A group holds one value bare (a number costs nothing more), a few in a short
array until there are more than eight, then a Set; the group keeps whichever it has in one field.
*/
export type Few<T extends string | number> = undefined | T | T[] | Set<T>;

const SHORT = 8;

/** Add `v`; returns the field's new value (store it back). */
export function addFew<T extends string | number>(few: Few<T>, v: T): Few<T> {
	if (few === undefined || few === v) return v;
	if (few instanceof Set) {
		few.add(v);
		return few;
	}
	if (!Array.isArray(few)) return [few as T, v];
	if (few.includes(v)) return few;
	if (few.length < SHORT) {
		few.push(v);
		return few;
	}
	const set = new Set(few);
	set.add(v);
	return set;
}

export function sizeOfFew<T extends string | number>(few: Few<T>): number {
	return few === undefined ? 0 : few instanceof Set ? few.size : Array.isArray(few) ? few.length : 1;
}

export function valuesOfFew<T extends string | number>(few: Few<T>): T[] {
	return few === undefined ? [] : few instanceof Set || Array.isArray(few) ? [...few] : [few as T];
}

/**
Distinct values per group, small first. Most groups see one to three distinct clients, events or names,
and a view over a long-tailed log has a hundred thousand groups: a Set each (hundreds of bytes) would
cost more than the records. A group's distinct values are a short array until it grows past eight,
then a Set; the group keeps whichever it has in one field.
*/
export type Few<T> = undefined | T[] | Set<T>;

const SHORT = 8;

/** Add `v`; returns the field's new value (store it back). */
export function addFew<T>(few: Few<T>, v: T): Few<T> {
	if (few === undefined) return [v];
	if (few instanceof Set) {
		few.add(v);
		return few;
	}
	if (few.includes(v)) return few;
	if (few.length < SHORT) {
		few.push(v);
		return few;
	}
	const set = new Set(few);
	set.add(v);
	return set;
}

export function sizeOfFew<T>(few: Few<T>): number {
	return few === undefined ? 0 : few instanceof Set ? few.size : few.length;
}

export function valuesOfFew<T>(few: Few<T>): T[] {
	return few === undefined ? [] : [...few];
}

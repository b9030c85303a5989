/**
Look-ups by a name that comes from input. A plain object table answers `toString`, `constructor` or
`__proto__` from `Object.prototype` (a Zeek log with `#path toString` built records out of
`Object.prototype.toString`); `own` answers only what the table itself holds.
*/

/** `table[key]` when the table has `key` as its own property, else undefined. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.hasOwn(table, key) ? table[key] : undefined;
}

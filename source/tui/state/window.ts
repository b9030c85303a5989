/**
Windowing: which rows of a (possibly million-row) table are on screen. Only `height` rows are ever
sliced or rendered; moving the cursor scrolls the window the least amount that keeps the cursor
visible, as `less` and every list widget do.
*/

export function clamp(value: number, low: number, high: number): number {
	return value < low ? low : value > high ? high : value;
}

/** The first visible row after a move, given the first visible row before it. */
export function scrollOffset(cursor: number, offset: number, height: number, total: number): number {
	if (height <= 0 || total <= 0) return 0;
	let start = offset;
	if (cursor < start) start = cursor;
	if (cursor >= start + height) start = cursor - height + 1;
	return clamp(start, 0, Math.max(0, total - height));
}

export type Window = {readonly start: number; readonly end: number; readonly cursor: number};

/** The visible slice `[start, end)` and the cursor clamped into the rows. */
export function visibleWindow(total: number, cursor: number, offset: number, height: number): Window {
	if (total <= 0 || height <= 0) return {start: 0, end: 0, cursor: 0};
	const c = clamp(cursor, 0, total - 1);
	const start = scrollOffset(c, offset, height, total);
	return {start, end: Math.min(total, start + height), cursor: c};
}

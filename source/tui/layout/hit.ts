/**
Hit-testing for the mouse: what is at a screen cell, from the same pure layout that draws the frame (the
tab bar's spans, the table's columns and its window of rows), so it is tested without rendering.

The frame is: the tab bar on line 0, then the body (a table's column titles on its first line and its rows
below), then the status and key hint lines.
*/
import type {Window} from '../state/window.js';
import type {TabSpan} from './chrome.js';
import {CHOOSER_BOX, CHOOSER_TOP} from './chooser.js';
import type {OverviewTarget} from './overview.js';
import {MARK_WIDTH, type TableLayout} from './table.js';

export type Hit =
	| {readonly kind: 'tab'; readonly view: string}
	| {readonly kind: 'header'; readonly key: string}
	| {readonly kind: 'row'; readonly index: number}
	/** A column of the chooser (`c`); `box`: on its `[x]` box. */
	| {readonly kind: 'choice'; readonly index: number; readonly box: boolean}
	| ({readonly kind: 'overview'} & OverviewTarget)
	| undefined;


/** What is where on screen now. `table` is absent when the body is not a table (overview, detail, help …). */
export type ScreenMap = {
	readonly tabs: readonly TabSpan[];
	/** First screen line of the body, and how many lines it has. */
	readonly bodyTop: number;
	readonly bodyHeight: number;
	readonly table?: {readonly layout: TableLayout; readonly window: Window};
	/** The column chooser: how many columns it lists, and how many of its lines are scrolled off the top. */
	readonly chooser?: {readonly count: number; readonly scroll: number};
	/** The overview: what each of its lines leads to (undefined: nothing), and how many are scrolled off. */
	readonly overview?: {readonly targets: readonly (OverviewTarget | undefined)[]; readonly scroll: number};
};

/** Columns [start, end) of each table column (the share column included, under its own key). */
export function columnSpans(layout: TableLayout): Array<{key: string; start: number; end: number}> {
	let x = MARK_WIDTH;
	return layout.columns.map((c, i) => {
		if (i > 0) x += layout.gap;
		const span = {key: c.key, start: x, end: x + c.width};
		x += c.width;
		return span;
	});
}

/** What is at cell (x, y), 0-based. */
export function hitTest(map: ScreenMap, x: number, y: number): Hit {
	if (y === 0) {
		const tab = map.tabs.find((t) => x >= t.start && x < t.end);
		return tab ? {kind: 'tab', view: tab.view} : undefined;
	}
	const line = y - map.bodyTop;
	if (line < 0 || line >= map.bodyHeight) return undefined;
	if (map.chooser) {
		const index = line + map.chooser.scroll - CHOOSER_TOP;
		return index >= 0 && index < map.chooser.count ? {kind: 'choice', index, box: x >= CHOOSER_BOX[0] && x < CHOOSER_BOX[1]} : undefined;
	}
	if (map.overview) {
		const target = map.overview.targets[line + map.overview.scroll];
		return target ? {kind: 'overview', ...target} : undefined;
	}
	if (!map.table) return undefined;
	if (line === 0) {
		const column = columnSpans(map.table.layout).find((c) => x >= c.start && x < c.end);
		return column ? {kind: 'header', key: column.key} : undefined;
	}
	const {window} = map.table;
	const index = window.start + line - 1;
	return index < window.end ? {kind: 'row', index} : undefined;
}

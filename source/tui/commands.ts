/**
What a command does, given the state and what is on screen: a reducer action, or an effect the app
runs (quit, write an export). Pure, so every key's behaviour is testable without rendering.

Drill-down (Enter) adds the row's terms to the active filter. The pivots `d` (destinations of a device),
`v` (devices of a host) and `t` (records to a host) start from the row's value alone, because combined
with the filter that led to the row they would only show that row again; Esc returns either way.
*/
import {combineFilters, filterValue, type Completion} from '../views/filter.js';
import {findView, groupsByDomain} from '../views/registry.js';
import {devicesView} from '../views/media.js';
import type {QueryResult} from '../views/query.js';
import type {Row} from '../views/types.js';
import type {CommandId, KeyContext} from './keymap.js';
import type {Hit} from './layout/hit.js';
import {canGoBack, positionOf, reducer, type Action, type CompareSide, type Extent, type LineContext, type MoveTarget, type TuiState} from './state/reducer.js';

/** What the screen looks like now, as the commands need it. */
export type Screen = {
	readonly derived: QueryResult;
	/** What a records-view row's record names: its host and its device group (for the pivots). */
	readonly recordFacts: (row: Row) => RecordFacts | undefined;
	/** Moves in the current view: rows (or overview scroll positions) and how many fit. */
	readonly extent: Extent;
	/** How far a page move goes in the current view. */
	readonly page: number;
	/** Column keys on screen, in order (sort cycles through these). */
	readonly columnKeys: readonly string[];
	/** Record detail lines and how many fit. */
	readonly detail: Extent;
	/** Help lines and how many fit. */
	readonly help: Extent;
	/** Compare mode (`telemetry-tui diff`): the sides `c` steps through (absent otherwise). */
	readonly compare?: {readonly sides: readonly CompareSide[]};
	/** The next row (from `from`, going `step`, wrapping around) whose cells contain `term`; undefined when none does. */
	readonly find: (term: string, from: number, step: 1 | -1) => number | undefined;
	/** The file name offered for an export or blocklist: in the current folder, with a timestamp. */
	readonly defaultName: (kind: 'view' | 'blocklist', format: string) => string;
	/** Complete the last word of a filter draft (field names, values the store holds). */
	readonly complete: (draft: string) => Completion;
	/** What is at a screen cell (0-based), for the mouse: a tab, a column title or a row (see layout/hit.ts). */
	readonly hit?: (x: number, y: number) => Hit;
};

/** Where a mouse event happened (0-based screen cell). */
export type Pointer = {readonly x: number; readonly y: number};

export type ExportFormat = 'csv' | 'json';

export type RecordFacts = {
	readonly host: string | undefined;
	readonly device: {readonly product: string; readonly platform: string; readonly device: string; readonly clientId?: string | undefined} | undefined;
};

export type Outcome =
	| {readonly kind: 'action'; readonly action: Action}
	| {readonly kind: 'quit'}
	| {readonly kind: 'suspend'}
	| {readonly kind: 'save'; readonly overwrite: boolean}
	| {readonly kind: 'mark'; readonly host: string}


/** Which keymap context the state is in. */
export function contextOf(state: TuiState): KeyContext {
	if (state.overlay === 'save') return state.save?.confirm ? 'confirm' : 'save';
	if (state.overlay) return state.overlay;
	return state.detailScroll !== undefined ? 'detail' : 'table';
}

const act = (action: Action): Outcome[] => [{kind: 'action', action}];
const say = (text: string): Outcome[] => act({type: 'message', text});

/** Lines one step of the mouse wheel moves. */
export const WHEEL_LINES = 3;

function moveTarget(command: CommandId, page: number): MoveTarget | undefined {
	const half = Math.max(1, Math.floor(page / 2));
	switch (command) {
		case 'cursor.up':
			return {by: -1};
		case 'cursor.down':
			return {by: 1};
		case 'cursor.top':
			return {to: 'top'};
		case 'cursor.bottom':
			return {to: 'bottom'};
		case 'cursor.pageUp':
			return {by: -Math.max(1, page)};
		case 'cursor.pageDown':
			return {by: Math.max(1, page)};
		case 'cursor.halfUp':
			return {by: -half};
		case 'cursor.halfDown':
			return {by: half};
		case 'mouse.scrollUp':
			return {by: -WHEEL_LINES};
		case 'mouse.scrollDown':
			return {by: WHEEL_LINES};
		default:
			return undefined;
	}
}

/** The row under the cursor of the current view. */
export function currentRow(state: TuiState, derived: QueryResult): Row | undefined {
	const {cursor} = positionOf(state);
	return derived.rows.at(Math.min(cursor, derived.rows.length - 1));
}

function deviceFilter(screen: Screen, row: Row | undefined): string | undefined {
	if (!row) return undefined;
	const {derived} = screen;
	if (derived.view.name === 'devices') return derived.view.drill?.(row);
	const group = screen.recordFacts(row)?.device;
	return group ? devicesView.drill?.({clientId: undefined, ...group, count: 0, destinations: 0}) : undefined;
}

function hostFilter(screen: Screen, row: Row | undefined): string | undefined {
	if (!row) return undefined;
	// A domain row: the devices or records of every host under it.
	if (screen.derived.view.name === 'destinations:domain' && typeof row['domain'] === 'string') return screen.derived.view.drill?.(row);
	const host = screen.derived.view.name === 'destinations' ? (typeof row['host'] === 'string' ? row['host'] : undefined) : screen.recordFacts(row)?.host;
	return host ? `host:=${filterValue(host)}` : undefined;
}

const VIEW_COMMANDS: Partial<Record<CommandId, string>> = {
	'view.overview': 'overview',
	'view.destinations': 'destinations',
	'view.formats': 'formats',
	'view.resolutions': 'resolutions',
	'view.devices': 'devices',
	'view.identifiers': 'identifiers',
	'view.policy': 'policy',
	'view.records': 'records',
	'view.settings': 'settings',
	'view.ledger': 'ledger',
	'view.timeline': 'timeline',
};

/** `<line>.backspace`, `.clearLine`, `.deleteWord`: the same edits of every line typed into. */
function lineEdits(line: LineContext): Partial<Record<CommandId, Action>> {
	return {
		[`${line}.backspace`]: {type: 'lineEdit', line, edit: 'backspace'},
		[`${line}.clearLine`]: {type: 'lineEdit', line, edit: 'clear'},
		[`${line}.deleteWord`]: {type: 'lineEdit', line, edit: 'word'},
	};
}

/** Commands that are one reducer action, always the same. */
const FIXED_ACTIONS: Partial<Record<CommandId, Action>> = {
	'app.help': {type: 'openOverlay', overlay: 'help'},
	'filter.open': {type: 'openOverlay', overlay: 'filter'},
	'filter.clear': {type: 'filterClear'},
	'filter.apply': {type: 'filterApply'},
	'filter.cancel': {type: 'closeOverlay'},
	'export.cancel': {type: 'closeOverlay'},
	'export.open': {type: 'openExport', kind: 'view'},
	'columns.toggle': {type: 'chooserToggle'},
	'columns.reset': {type: 'chooserReset'},
	'columns.close': {type: 'closeOverlay'},
	'search.open': {type: 'openOverlay', overlay: 'search'},
	'search.cancel': {type: 'closeOverlay'},
	'save.cancel': {type: 'closeOverlay'},
	...lineEdits('filter'),
	...lineEdits('search'),
	...lineEdits('save'),
};

/**
What a command that only changes the view shown asks for (a tab, the next or previous view); undefined
for any other. It reads nothing of the screen, so keys typed before the UI runs are applied with it
(first-frame.ts).
*/
export function viewAction(command: CommandId): Action | undefined {
	const view = VIEW_COMMANDS[command];
	if (view) return {type: 'showView', view};
	if (command === 'view.next' || command === 'view.prev') return {type: 'stepView', delta: command === 'view.next' ? 1 : -1};
	return undefined;
}

/**
A click (`open`: a double click) at a screen cell: a tab shows its view; a row becomes the cursor row (a
double click then opens it, as Enter); a column title sorts by that column (again, however soon: the
other way). In the column chooser a click puts the cursor on a column, and every click on its box (or a
double click on its name) shows or hides it, as Space. In the overview a double click on a "Top …" title shows that
view, and on one of its rows opens that row as Enter in its view does (its records); a single click there
does nothing, so the second click of a double click never lands on a view the first one opened.
*/
function pointed(state: TuiState, screen: Screen, at: Pointer | undefined, open: boolean): Outcome[] {
	const hit = at ? screen.hit?.(at.x, at.y) : undefined;
	if (!hit) return [];
	switch (hit.kind) {
		case 'tab':
			return hit.view === state.view && state.overlay === undefined ? [] : act({type: 'showView', view: hit.view});
		case 'header': {
			// A second click on a title soon after the first is a double click: it reverses all the same.
			if (!screen.columnKeys.includes(hit.key)) return [];
			const sorted = state.sorts[state.view]?.key === hit.key;
			return act(sorted ? {type: 'sortReverse'} : {type: 'sortCycle', keys: [hit.key], delta: 1});
		}
		case 'row': {
			const move: Action = {type: 'move', target: {by: hit.index - positionOf(state).cursor}, extent: screen.extent};
			if (!open) return act(move);
			return [...act(move), ...outcomeOf('row.open', reducer(state, move), screen)];
		}
		case 'choice': {
			const select: Action = {type: 'chooserMove', by: hit.index - state.chooser};
			// Every click on the box shows or hides (two quick ones: back as it was, as a check box does).
			return hit.box || open ? [...act(select), ...act({type: 'chooserToggle'})] : act(select);
		}
		case 'overview': {
			if (!open) return [];
			if (!hit.row) return act({type: 'showView', view: hit.view});
			const terms = findView(hit.view)?.drill?.(hit.row);
			return terms === undefined ? act({type: 'showView', view: hit.view}) : act({type: 'drill', view: 'records', filter: combineFilters(state.filter, terms)});
		}
	}
}

/** What a command does now (`at`: where the pointer was, for mouse commands). An empty list means it does nothing here. */
export function outcomeOf(command: CommandId, state: TuiState, screen: Screen, at?: Pointer): Outcome[] {
	const context = contextOf(state);
	if (command === 'mouse.select' || command === 'mouse.open') return pointed(state, screen, at, command === 'mouse.open');
	const {derived} = screen;
	const target = moveTarget(command, context === 'detail' ? screen.detail.height : context === 'help' ? screen.help.height : screen.page);
	if (target) {
		if (context === 'help') return act({type: 'scrollHelp', target, extent: screen.help});
		if (context === 'detail') return act({type: 'scrollDetail', target, extent: screen.detail});
		return act({type: 'move', target, extent: screen.extent});
	}
	const fixed = viewAction(command) ?? FIXED_ACTIONS[command];
	if (fixed) return act(fixed);
	const row = currentRow(state, derived);
	switch (command) {
		case 'app.quit':
			return [{kind: 'quit'}];
		case 'app.suspend':
			return [{kind: 'suspend'}];
		case 'sort.next':
		case 'sort.prev':
			if (derived.view.name === 'overview' || derived.view.name === 'timeline') return [];
			return act({type: 'sortCycle', keys: screen.columnKeys, delta: command === 'sort.next' ? 1 : -1});
		case 'sort.reverse':
			return derived.view.name === 'overview' || derived.view.name === 'timeline' ? [] : act({type: 'sortReverse'});
		case 'sort.ascending':
		case 'sort.descending':
			return derived.view.name === 'overview' || derived.view.name === 'timeline' ? [] : act({type: 'sortDirection', descending: command === 'sort.descending'});
		case 'row.open': {
			if (derived.view.name === 'timeline') return say('the timeline narrows with / (e.g. host:=plex.tv); Enter on a destination, then T, shows that host');
			if (!row) return [];
			if (derived.view.name === 'records') return act({type: 'openDetail'});
			// A diff row first shows its detail (both sides, and their records); Enter there opens the records.
			if (state.side === 'diff' && screen.compare && state.detailScroll === undefined && derived.view.drill) return act({type: 'openDetail'});
			const terms = derived.view.drill?.(row);
			if (terms === undefined) return [];
			// A domain row opens its hosts (Enter on a host then opens its records); Esc comes back grouped.
			if (derived.view.name === 'destinations:domain') return act({type: 'drill', view: 'destinations', filter: combineFilters(state.filter, terms), group: 'host'});
			const drill = act({type: 'drill', view: 'records', filter: combineFilters(state.filter, terms)});
			// A diff row opens the records behind it on the side it is on (gone: before; else after); c shows the other.
			if (state.side === 'diff' && screen.compare) return [...drill, ...act({type: 'compareSide', side: row['change'] === 'gone' && screen.compare.sides.includes('before') ? 'before' : 'after'})];
			return drill;
		}
		case 'drill.destinations': {
			const filter = deviceFilter(screen, row);
			return filter ? act({type: 'drill', view: 'destinations', filter}) : say('d: this row names no device');
		}
		case 'drill.devices': {
			const filter = hostFilter(screen, row);
			return filter ? act({type: 'drill', view: 'devices', filter}) : say('v: this row names no host');
		}
		case 'drill.host': {
			const filter = hostFilter(screen, row);
			return filter ? act({type: 'drill', view: 'records', filter}) : say('t: this record names no host');
		}
		case 'record.prev':
		case 'record.next':
			return act({type: 'stepRecord', delta: command === 'record.next' ? 1 : -1, extent: screen.extent});
		case 'nav.back':
			return context === 'help' ? act({type: 'closeOverlay'}) : act({type: 'back'});
		case 'nav.backOrQuit':
			return canGoBack(state) ? act({type: 'back'}) : [{kind: 'quit'}];
		case 'filter.complete': {
			const done = screen.complete(state.draft);
			return act({type: 'filterSet', text: done.text, candidates: done.candidates});
		}
		case 'filter.historyPrev':
		case 'filter.historyNext':
			return act({type: 'filterHistory', delta: command === 'filter.historyPrev' ? -1 : 1});
		case 'group.toggle': {
			const group = state.group === 'domain' ? 'host' : 'domain';
			const here = groupsByDomain(state.view) ? '' : `; ${derived.view.title} has no hosts to group`;
			return [...act({type: 'group', group}), ...say(group === 'domain' ? `grouped by domain: Destinations, Ledger and Identifiers (z: back to hosts)${here}` : 'grouped by host')];
		}
		case 'mark.toggle': {
			if (derived.view.name === 'destinations:domain') return say('m: marks are for hosts: Enter shows the hosts of this domain (z: all hosts)');
			if (derived.view.name !== 'destinations') return say('m: marks are for destinations (2)');
			const host = row?.['host'];
			return typeof host === 'string' ? [{kind: 'mark', host}] : say('m: no destination under the cursor');
		}
		case 'compare.next': {
			if (!screen.compare) return say('o: compare mode is for telemetry-tui diff BEFORE AFTER');
			const {sides} = screen.compare;
			return act({type: 'compareSide', side: sides[(sides.indexOf(state.side) + 1) % sides.length] ?? 'after'});
		}
		case 'blocklist.write':
			return derived.view.name === 'destinations' || derived.view.name === 'destinations:domain' ? act({type: 'openExport', kind: 'blocklist'}) : say('B: the blocklist is written from the destinations view (2)');
		case 'columns.open':
			return derived.view.name === 'overview' ? say('c: the overview has no columns to choose') : act({type: 'openOverlay', overlay: 'columns'});
		case 'columns.up':
		case 'columns.down':
			return act({type: 'chooserMove', by: command === 'columns.up' ? -1 : 1});
		case 'columns.moveUp':
		case 'columns.moveDown':
			return act({type: 'chooserShift', delta: command === 'columns.moveUp' ? -1 : 1});
		case 'export.csv':
		case 'export.json':
		case 'export.hosts':
		case 'export.dnsmasq':
		case 'export.adguard':
		case 'export.unbound': {
			const format = command.slice('export.'.length);
			const forView = format === 'csv' || format === 'json';
			if (forView !== (state.exporting === 'view')) return say(state.exporting === 'view' ? 'w: c for CSV, j for JSON' : 'B: h hosts, d dnsmasq, a AdGuard, u unbound');
			return act({type: 'startSave', kind: state.exporting, format, path: screen.defaultName(state.exporting, format)});
		}
		case 'search.apply':
		case 'search.next':
		case 'search.prev': {
			const term = command === 'search.apply' ? state.searchDraft.trim() : state.search;
			const head: Outcome[] = command === 'search.apply' ? act({type: 'searchApply'}) : [];
			if (term === '') return [...head, ...(command === 'search.apply' ? [] : say('n / N: search first (\\ or Ctrl-f)'))];
			const {cursor} = positionOf(state);
			const step = command === 'search.prev' ? -1 : 1;
			const at = screen.find(term, command === 'search.apply' ? cursor : cursor + step, step);
			if (at === undefined) return [...head, ...say(`no row matches "${term}"`)];
			return [...head, ...act({type: 'move', target: {by: at - cursor}, extent: screen.extent}), ...act({type: 'message', text: `search: ${term} (n next, N previous)`})];
		}
		case 'save.write':
			return [{kind: 'save', overwrite: false}];
		case 'save.overwrite':
			return [{kind: 'save', overwrite: true}];
		case 'save.keep':
			return act({type: 'saveProblem', problem: 'kept the existing file: type another name', confirm: false});
		default:
			return [];
	}
}

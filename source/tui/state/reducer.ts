import {defaultSort} from '../../views/types.js';
/**
UI state and every change to it. The reducer is pure and knows nothing of the store: actions carry what
they need from the derived rows (how many there are, how tall the window is, which columns are on
screen). Side effects — quitting, writing an export — are decided in `commands.ts` and run by the app.

Navigation keeps a back stack of places ({view, filter, cursor, detail}); drill-downs push onto it and
Esc/q pop it, so the way back is always the way in.
*/
import {groupedView, VIEWS} from '../../views/registry.js';
import type {Grouping} from '../../views/domains.js';
import {scrollOffset, clamp} from './window.js';
import {filterProblem} from '../../views/filter.js';
import {moveColumn, normalizeChoice, toggleColumn, type ColumnChoice} from './columns.js';

import type {SortState} from '../../views/query.js';

export type {SortState};
export type Position = {readonly cursor: number; readonly offset: number};
export type Overlay = 'help' | 'filter' | 'search' | 'export' | 'save' | 'columns';

/** A file being written: what, in which format, the name typed so far, and whether it asks to replace an existing file. */
export type SaveState = {readonly kind: 'view' | 'blocklist'; readonly format: string; readonly path: string; readonly confirm: boolean; readonly problem: string | undefined};

/** Where the user was: enough to come back to it. */
export type Place = {
	readonly view: string;
	readonly filter: string;
	readonly position: Position;
	/** The record detail was open (scrolled this far). */
	readonly detailScroll: number | undefined;
	/** Compare mode: the side it was on. */
	readonly side?: CompareSide;
	/** The grouping it was shown in (hosts or registrable domains). */
	readonly group?: Grouping;
};

export type TuiState = {
	readonly view: string;
	/** The applied filter expression ('' = none). */
	readonly filter: string;
	readonly positions: Readonly<Record<string, Position>>;
	readonly sorts: Readonly<Record<string, SortState>>;
	/** Record detail of the records view's cursor row, with its scroll; undefined when closed. */
	readonly detailScroll: number | undefined;
	readonly overlay: Overlay | undefined;
	/** The filter being typed (only meaningful while the filter overlay is open). */
	readonly draft: string;
	readonly helpScroll: number;
	/** Filters applied, oldest first (↑/↓ in the filter input), and where ↑/↓ is in it (undefined: the draft). */
	readonly history: readonly string[];
	readonly historyAt: number | undefined;
	/** What Tab offered last in the filter input, when there were several. */
	readonly candidates: readonly string[];
	/** Columns chosen per view with the chooser (views absent: the view's defaults), and the chooser's cursor. */
	readonly columns: Readonly<Record<string, ColumnChoice>>;
	readonly chooser: number;
	/** The export prompt is for the view (`w`) or a blocklist (`B`); the file name prompt after it. */
	readonly exporting: 'view' | 'blocklist';
	readonly save: SaveState | undefined;
	/** The search (\\ or Ctrl-f): rows stay, matches are highlighted and n / N jump between them; the draft while typing. */
	readonly search: string;
	readonly searchDraft: string;
	readonly back: readonly Place[];
	/** A one-line message for the status line (export written, nothing to drill into …). */
	readonly message: string | undefined;
	/** Compare mode (`telemetry-tui diff`): which side the views show, or the diff of the two. */
	readonly side: CompareSide;
	/** Rows by host, or by registrable domain (`z`): the views that have hosts show their domain twins. */
	readonly group: Grouping;
};

export const COMPARE_SIDES = ['before', 'after', 'diff'] as const;
export type CompareSide = (typeof COMPARE_SIDES)[number];

/** Sizes the moves need: rows (or lines) there are and rows (or lines) on screen. */
export type Extent = {readonly total: number; readonly height: number};

export type MoveTarget = {readonly by: number} | {readonly to: 'top' | 'bottom'};

/** The lines typed into (the filter, a search, a file name), and the edits each takes. */
export type LineContext = 'filter' | 'search' | 'save';
export type LineEdit = 'backspace' | 'clear' | 'word';

export type Action =
	| {readonly type: 'move'; readonly target: MoveTarget; readonly extent: Extent}
	| {readonly type: 'scrollDetail'; readonly target: MoveTarget; readonly extent: Extent}
	| {readonly type: 'scrollHelp'; readonly target: MoveTarget; readonly extent: Extent}
	| {readonly type: 'showView'; readonly view: string}
	| {readonly type: 'stepView'; readonly delta: number}
	| {readonly type: 'sortCycle'; readonly keys: readonly string[]; readonly delta: number}
	| {readonly type: 'sortReverse'}
	| {readonly type: 'sortDirection'; readonly descending: boolean}
	| {readonly type: 'drill'; readonly view: string; readonly filter: string; readonly group?: Grouping}
	| {readonly type: 'group'; readonly group: Grouping}
	| {readonly type: 'openDetail'}
	| {readonly type: 'stepRecord'; readonly delta: number; readonly extent: Extent}
	| {readonly type: 'back'}
	| {readonly type: 'openOverlay'; readonly overlay: Overlay}
	| {readonly type: 'closeOverlay'}
	| {readonly type: 'filterType'; readonly text: string}
	| {readonly type: 'lineEdit'; readonly line: LineContext; readonly edit: LineEdit}
	| {readonly type: 'filterApply'}
	| {readonly type: 'filterClear'}
	| {readonly type: 'filterSet'; readonly text: string; readonly candidates: readonly string[]}
	| {readonly type: 'filterHistory'; readonly delta: number}
	| {readonly type: 'chooserMove'; readonly by: number}
	| {readonly type: 'chooserToggle'}
	| {readonly type: 'chooserShift'; readonly delta: number}
	| {readonly type: 'chooserReset'}
	| {readonly type: 'openExport'; readonly kind: 'view' | 'blocklist'}
	| {readonly type: 'searchType'; readonly text: string}
	| {readonly type: 'searchApply'}
	| {readonly type: 'startSave'; readonly kind: 'view' | 'blocklist'; readonly format: string; readonly path: string}
	| {readonly type: 'saveType'; readonly text: string}
	| {readonly type: 'saveProblem'; readonly problem: string | undefined; readonly confirm: boolean}
	| {readonly type: 'message'; readonly text: string | undefined}
	| {readonly type: 'compareSide'; readonly side: CompareSide};

const VIEW_NAMES = VIEWS.map((v) => v.name);
const ORIGIN: Position = {cursor: 0, offset: 0};

/** The state the UI opens in. */
export function initialState(options: {view?: string; filter?: string; side?: CompareSide; group?: Grouping; columns?: Readonly<Record<string, ColumnChoice>>} = {}): TuiState {
	return {
		view: options.view !== undefined && VIEW_NAMES.includes(options.view) ? options.view : 'overview',
		filter: options.filter ?? '',
		positions: {},
		sorts: Object.fromEntries(VIEWS.map((v) => [v.name, defaultSort(v)])),
		detailScroll: undefined,
		overlay: undefined,
		draft: '',
		helpScroll: 0,
		history: [],
		historyAt: undefined,
		candidates: [],
		columns: options.columns ?? {},
		chooser: 0,
		exporting: 'view',
		save: undefined,
		search: '',
		searchDraft: '',
		back: [],
		message: undefined,
		side: options.side ?? 'after',
		group: options.group ?? 'host',
	};
}

/**
The sort of each view carried across a change of grouping: a sort by host becomes a sort by domain and
back; a column the other twin also has stays; any other falls back to the shown view's default.
*/
function regroupSorts(sorts: Readonly<Record<string, SortState>>, from: Grouping, to: Grouping): Record<string, SortState> {
	const out: Record<string, SortState> = {...sorts};
	for (const [name, sort] of Object.entries(sorts)) {
		const before = groupedView(name, from);
		const after = groupedView(name, to);
		if (!before || !after || before === after) continue;
		const key = sort.key === 'host' && to === 'domain' ? 'domain' : sort.key === 'domain' && to === 'host' ? 'host' : sort.key;
		out[name] = after.columns.some((c) => c.key === key) ? {...sort, key} : defaultSort(after);
	}
	return out;
}

export function positionOf(state: TuiState, view = state.view): Position {
	return state.positions[view] ?? ORIGIN;
}

export function sortOf(state: TuiState, view = state.view): SortState {
	return state.sorts[view] ?? {key: '', descending: false};
}

/** True when Esc/q has something to undo (so `q` goes back instead of quitting). */
export function canGoBack(state: TuiState): boolean {
	return state.detailScroll !== undefined || state.back.length > 0 || state.filter !== '';
}

/** Apply a move to a cursor (or scroll position) within `extent`. */
export function moved(position: Position, target: MoveTarget, extent: Extent): Position {
	const last = Math.max(0, extent.total - 1);
	const cursor = 'to' in target ? (target.to === 'top' ? 0 : last) : clamp(position.cursor + target.by, 0, last);
	return {cursor, offset: scrollOffset(cursor, position.offset, extent.height, extent.total)};
}

/** A scroll-only move (detail, help): the offset is the position; it stops where the last page shows. */
function scrolled(offset: number, target: MoveTarget, extent: Extent): number {
	const last = Math.max(0, extent.total - extent.height);
	return 'to' in target ? (target.to === 'top' ? 0 : last) : clamp(offset + target.by, 0, last);
}

function withPosition(state: TuiState, view: string, position: Position): TuiState {
	return {...state, positions: {...state.positions, [view]: position}};
}

function here(state: TuiState): Place {
	return {view: state.view, filter: state.filter, position: positionOf(state), detailScroll: state.detailScroll, side: state.side, group: state.group};
}

/** A new filter resets every cursor: the rows under them are different rows now. */
function withFilter(state: TuiState, filter: string): TuiState {
	return {...state, filter, positions: {}, detailScroll: undefined};
}

/** The view on screen: the tab's view, or its domain twin while grouped by domain. */
export function shownView(state: TuiState): string {
	return groupedView(state.view, state.group)?.name ?? state.view;
}

/** The current view's column choice, made whole (choices are kept per shown view: hosts and domains apart). */
export function choiceOf(state: TuiState, view = shownView(state)): ColumnChoice {
	const definition = groupedView(view, undefined);
	return definition ? normalizeChoice(definition, state.columns[view]) : [];
}

function withChoice(state: TuiState, choice: ColumnChoice): TuiState {
	return {...state, columns: {...state.columns, [shownView(state)]: choice}};
}

/** The last word of a filter or search: a run of non-space and the spaces around it. */
const LAST_WORD = /\s*\S+\s*$/;
/** The last part of a file name: up to and with the last `/`, `-`, `_` or `.`. */
const LAST_PART = /[^/\-_.]*[/\-_.]?$/;

/** One edit of a line being typed: Backspace takes a character (a whole one, not half of an emoji). */
function edited(text: string, edit: LineEdit, word: RegExp): string {
	return edit === 'clear' ? '' : edit === 'backspace' ? [...text].slice(0, -1).join('') : text.replace(word, '');
}

/** The filter, search and file name lines take the same edits (keymap.ts `lineKeys`). */
function editLine(state: TuiState, line: LineContext, edit: LineEdit): TuiState {
	switch (line) {
		case 'filter':
			return {...state, draft: edited(state.draft, edit, LAST_WORD), candidates: []};
		case 'search':
			return {...state, searchDraft: edited(state.searchDraft, edit, LAST_WORD)};
		case 'save':
			return state.save ? {...state, save: {...state.save, path: edited(state.save.path, edit, LAST_PART), confirm: false, problem: undefined}} : state;
	}
}

export function reducer(state: TuiState, action: Action): TuiState {
	switch (action.type) {
		case 'move':
			return withPosition(state, state.view, moved(positionOf(state), action.target, action.extent));
		case 'scrollDetail':
			return state.detailScroll === undefined ? state : {...state, detailScroll: scrolled(state.detailScroll, action.target, action.extent)};
		case 'scrollHelp':
			return {...state, helpScroll: scrolled(state.helpScroll, action.target, action.extent)};
		case 'showView':
			if (!VIEW_NAMES.includes(action.view)) return state;
			return {...state, view: action.view, detailScroll: undefined, overlay: undefined, message: undefined};
		case 'stepView': {
			const index = VIEW_NAMES.indexOf(state.view);
			const next = VIEW_NAMES[(index + action.delta + VIEW_NAMES.length * 8) % VIEW_NAMES.length] ?? state.view;
			return {...state, view: next, detailScroll: undefined, overlay: undefined, message: undefined};
		}
		case 'sortCycle': {
			if (action.keys.length === 0) return state;
			const current = sortOf(state);
			const index = action.keys.indexOf(current.key);
			const start = index === -1 ? (action.delta > 0 ? -1 : 0) : index;
			const key = action.keys[(start + action.delta + action.keys.length * 8) % action.keys.length]!;
			const view = groupedView(state.view, state.group);
			const numeric = view?.columns.find((c) => c.key === key)?.kind;
			// Counts and sizes read best largest first; names and times in their natural order.
			const descending = numeric === 'number' || numeric === 'bytes';
			return {...withPosition(state, state.view, ORIGIN), sorts: {...state.sorts, [state.view]: {key, descending}}};
		}
		case 'sortReverse': {
			const current = sortOf(state);
			return {...withPosition(state, state.view, ORIGIN), sorts: {...state.sorts, [state.view]: {...current, descending: !current.descending}}};
		}
		case 'sortDirection': {
			const current = sortOf(state);
			if (current.descending === action.descending) return state;
			return {...withPosition(state, state.view, ORIGIN), sorts: {...state.sorts, [state.view]: {...current, descending: action.descending}}};
		}
		case 'drill': {
			if (!VIEW_NAMES.includes(action.view)) return state;
			const next = withFilter({...state, back: [...state.back, here(state)], overlay: undefined, message: undefined}, action.filter);
			const group = action.group ?? state.group;
			return {...next, view: action.view, group, sorts: group === state.group ? next.sorts : regroupSorts(next.sorts, state.group, group)};
		}
		case 'group':
			// The rows are other rows now: cursors start again, sorts follow (host ↔ domain).
			return state.group === action.group ? state : {...state, group: action.group, positions: {}, detailScroll: undefined, sorts: regroupSorts(state.sorts, state.group, action.group)};
		case 'openDetail':
			return {...state, detailScroll: 0, message: undefined};
		case 'stepRecord': {
			if (state.detailScroll === undefined) return state;
			return {...withPosition(state, state.view, moved(positionOf(state), {by: action.delta}, action.extent)), detailScroll: 0};
		}
		case 'back': {
			if (state.detailScroll !== undefined) return {...state, detailScroll: undefined, message: undefined};
			const place = state.back.at(-1);
			if (place) {
				return {
					...state,
					view: place.view,
					filter: place.filter,
					positions: place.filter === state.filter ? {...state.positions, [place.view]: place.position} : {[place.view]: place.position},
					detailScroll: place.detailScroll,
					side: place.side ?? state.side,
					group: place.group ?? state.group,
					sorts: place.group === undefined || place.group === state.group ? state.sorts : regroupSorts(state.sorts, state.group, place.group),
					back: state.back.slice(0, -1),
					message: undefined,
				};
			}
			if (state.filter !== '') return {...withFilter(state, ''), message: undefined};
			return state;
		}
		case 'openOverlay':
			return {
				...state,
				overlay: action.overlay,
				draft: action.overlay === 'filter' ? (state.filter ? `${state.filter} ` : '') : state.draft,
				helpScroll: action.overlay === 'help' ? 0 : state.helpScroll,
				historyAt: undefined,
				candidates: [],
				chooser: action.overlay === 'columns' ? 0 : state.chooser,
				searchDraft: action.overlay === 'search' ? state.search : state.searchDraft,
			};
		case 'closeOverlay':
			return {...state, overlay: undefined, candidates: [], save: undefined};
		case 'filterType':
			return {...state, draft: state.draft + action.text, candidates: []};
		case 'lineEdit':
			return editLine(state, action.line, action.edit);
		case 'filterSet':
			return {...state, draft: action.text, candidates: action.candidates};
		case 'filterHistory': {
			if (state.history.length === 0) return state;
			const at = state.historyAt ?? state.history.length;
			const next = clamp(at + action.delta, 0, state.history.length);
			// Past the newest entry: back to an empty line, as in a shell.
			return {...state, historyAt: next === state.history.length ? undefined : next, draft: state.history[next] ?? '', candidates: []};
		}
		case 'filterApply': {
			const filter = state.draft.trim();
			// A filter with a problem (unknown field, empty value) is not applied: the problem shows under the input.
			if (filterProblem(filter) !== undefined) return state;
			const history = filter === '' ? state.history : [...state.history.filter((h) => h !== filter), filter].slice(-100);
			const closed = {...state, overlay: undefined, history, historyAt: undefined, candidates: []};
			return filter === state.filter ? closed : {...withFilter(closed, filter), message: undefined};
		}
		case 'filterClear':
			return state.filter === '' ? state : withFilter(state, '');
		case 'searchType':
			return {...state, searchDraft: state.searchDraft + action.text};
		case 'searchApply':
			return {...state, overlay: undefined, search: state.searchDraft.trim()};
		case 'openExport':
			return {...state, overlay: 'export', exporting: action.kind, save: undefined};
		case 'startSave':
			return {...state, overlay: 'save', save: {kind: action.kind, format: action.format, path: action.path, confirm: false, problem: undefined}};
		case 'saveType':
			return state.save ? {...state, save: {...state.save, path: state.save.path + action.text, confirm: false, problem: undefined}} : state;
		case 'saveProblem':
			return state.save ? {...state, save: {...state.save, problem: action.problem, confirm: action.confirm}} : state;
		case 'chooserMove': {
			const n = choiceOf(state).length;
			return {...state, chooser: clamp(state.chooser + action.by, 0, Math.max(0, n - 1))};
		}
		case 'chooserToggle':
			return withChoice(state, toggleColumn(choiceOf(state), state.chooser));
		case 'chooserShift': {
			const choice = choiceOf(state);
			const to = state.chooser + action.delta;
			if (to < 0 || to >= choice.length) return state;
			return {...withChoice(state, moveColumn(choice, state.chooser, action.delta)), chooser: to};
		}
		case 'chooserReset': {
			const {[shownView(state)]: _dropped, ...rest} = state.columns;
			return {...state, columns: rest};
		}
		case 'message':
			return {...state, message: action.text};
		case 'compareSide':
			// The rows of the other side are other rows: cursors start again.
			return state.side === action.side ? state : {...state, side: action.side, positions: {}, detailScroll: undefined, message: undefined};
	}
}

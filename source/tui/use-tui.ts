import {humanCell} from '../output/cells.js';
/**
The app's state and data in one hook, so `App.tsx` only lays out: the reducer, the throttled store
version, the derived rows of the current view, the screen geometry, the lines of every pane, and the
one input handler, which maps keys to commands through the keymap and runs the outcomes.
*/
import {relative, resolve} from 'node:path';
import {useApp, useInput} from 'ink';
import {useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState} from 'react';
import type {RecordStore} from '../store/store.js';
import {blocklistText, type BlocklistFormat, type BlocklistInclude} from '../audit/blocklist.js';
import type {Grouping} from '../views/domains.js';
import {emptyMarks, isReviewed, loadMarks, saveMarks, toggleMark, type Marks} from '../audit/marks.js';
import {createClassifier, type Classifier} from '../classify/classify.js';
import {sanitizeText} from '../privacy/sanitize.js';
import type {DestinationRow} from '../views/destinations.js';
import type {Row} from '../views/types.js';
import {contextOf, outcomeOf, type ExportFormat, type Outcome, type RecordFacts, type Screen} from './commands.js';
import {keyNames, mouseKeyName, parseMouse, resolveKey, type LastClick} from './dispatch.js';
import type {KeyName} from './keymap.js';
import {defaultFileName, exportText, saveFile} from './export.js';
import {filterNotes, saveLines, tabsLayout, type FilterFeedback, type StatusInfo} from './layout/chrome.js';
import {hitTest} from './layout/hit.js';
import {completeFilter, fieldValues, filterProblem} from '../views/filter.js';
import {detailLines} from './layout/detail.js';
import {helpLines} from './layout/help.js';
import type {Line} from './layout/lines.js';
import {overviewLayout, type OverviewData} from './layout/overview.js';
import {layoutTable, tableLines} from './layout/table.js';
import {timelineLines} from './layout/timeline.js';
import {visibleWindow} from './state/window.js';
import {emptyTableText, QueryEngine, type QueryResult} from '../views/query.js';
import {choiceOf, initialState, positionOf, reducer, sortOf, type CompareSide, type TuiState} from './state/reducer.js';
import {diffSummaries, DIFF_SPECS, flatDiffView, summarize, type DiffResult, type DiffRow, type Summary} from '../views/diff.js';
import {sortRows} from '../views/sort.js';
import {diffDetailLines, diffOverviewLines, EVIDENCE_ROWS, type Evidence} from './layout/diff.js';
import {combineFilters} from '../views/filter.js';
import {chosenColumns} from './state/columns.js';
import {chooserLines, chooserScroll} from './layout/chooser.js';
import {loadConfig, saveConfig} from './config.js';
import {useStoreVersion, useTerminalSize} from './use-terminal.js';
import {CHROME_ROWS, deriveFrame, markedRows, overviewData, positionText, statusInfo} from './first-frame.js';
import {findView} from '../views/registry.js';


export type TuiOptions = {
	readonly store: RecordStore;
	/** Input sizes in bytes (files), for progress bars; absent for stdin. */
	readonly sizes?: ReadonlyMap<string, number | undefined>;
	readonly initialView?: string;
	readonly initialFilter?: string;
	/** `--group domain`: start grouped by registrable domain. */
	readonly initialGroup?: Grouping;
	/** Where exports are written (default: the current directory). */
	readonly exportDir?: string;
	/** The UI settings file (columns chosen per view); absent, choices last until quitting. */
	readonly configPath?: string;
	/** `--blocklist-include`: kinds of hosts B also blocks. */
	readonly blocklistInclude?: readonly BlocklistInclude[];
	/** Review marks: the file they live in; absent, marking is off. */
	readonly marksPath?: string;
	/** For blocklist notes (which rule matched, whether blocking breaks playback). */
	readonly classifier?: Classifier;
	readonly now?: () => Date;
	/** When reading started (ms since epoch), for records/s. */
	readonly startedAt?: number;
	/** Shortest time between redraws caused by new data, in ms. */
	readonly throttleMs?: number;
	/**
	Compare mode (`telemetry-tui diff`): `store` is the AFTER side; BEFORE is a store, or a saved
	baseline's summary (then only the Diff shows it). `c` steps Before → After → Diff.
	*/
	readonly compare?: {readonly before?: RecordStore; readonly beforeSummary?: Summary};
	readonly initialSide?: CompareSide;
	/** The state to start in (the first frame's, drawn before the UI ran: keys typed meanwhile applied); else one made of the options above. */
	readonly initialState?: TuiState;
	/** The query engine over `store` the first frame was drawn from (its work is kept). */
	readonly engine?: QueryEngine;
};

export {CHROME_ROWS};

/** Time one recompute may spend looking at new records before it yields to keys. */
export const DERIVE_BUDGET_MS = 40;

export type TuiModel = {
	readonly state: TuiState;
	readonly width: number;
	readonly bodyHeight: number;
	readonly derived: QueryResult;
	readonly body: readonly Line[];
	readonly screen: Screen;
	readonly status: StatusInfo;
	/** Lines under the filter input while it is open (problem, live count, candidates). */
	readonly notes: readonly Line[];
	/** Rows per view for the tab titles (views not counted yet are absent). */
	readonly counts: Readonly<Record<string, number>>;
	/** Where the cursor is, for the tab bar: `12/345`, or '' on the overview. */
	readonly where: string;
};

function slice(lines: readonly Line[], start: number, height: number): Line[] {
	return lines.slice(start, start + height);
}

export function useTui(options: TuiOptions): TuiModel {
	const {store} = options;
	const app = useApp();
	const [state, dispatch] = useReducer(
		reducer,
		{view: options.initialView, filter: options.initialFilter, group: options.initialGroup, side: (options.compare ? (options.initialSide ?? 'diff') : 'after') as CompareSide, configPath: options.configPath},
		({configPath, ...rest}) => options.initialState ?? initialState({...rest, columns: configPath ? loadConfig(configPath).columns : {}}),
	);
	// Column choices are saved when they change (not on the first render, which only read them).
	const savedColumns = useRef(state.columns);
	useEffect(() => {
		if (!options.configPath || savedColumns.current === state.columns) return;
		savedColumns.current = state.columns;
		try {
			saveConfig(options.configPath, {...loadConfig(options.configPath), columns: state.columns});
		} catch (error) {
			dispatch({type: 'message', text: `could not save the columns: ${(error as Error).message}`});
		}
	}, [state.columns, options.configPath]);
	const {compare} = options;
	const side: CompareSide = compare ? state.side : 'after';
	// A marks file that does not parse (a hand edit with a trailing comma) is not loaded as empty and
	// then overwritten by the first `m`: the UI says so, and marking stays off until it is fixed.
	const [initialMarks] = useState<{marks: Marks} | {error: string}>(() => (options.marksPath ? loadMarks(options.marksPath) : {marks: emptyMarks()}));
	const [marks, setMarks] = useState<Marks>(() => ('marks' in initialMarks ? initialMarks.marks : emptyMarks()));
	const marksRef = useRef(marks);
	marksRef.current = marks;
	useEffect(() => {
		if ('error' in initialMarks) dispatch({type: 'message', text: `marks not loaded: ${sanitizeText(initialMarks.error)} (the file is left as it is; fix it to use m)`});
	}, [initialMarks]);

	const {columns: width, rows} = useTerminalSize();

	// Recompute at most every throttleMs, and back off when a frame is slow (huge inputs, wide terminals), so
	// that reading and keys always get most of the time. A frame's cost is its queries and its drawing: from the
	// derive to the commit, when Ink has made the frame's text (the layout effect below).
	const cost = useRef(0);
	const derivedAt = useRef(0);
	const base = options.throttleMs ?? 200;
	const interval = useCallback(() => Math.max(base, cost.current * 4), [base]);
	const afterVersion = useStoreVersion(store, interval);
	const beforeVersion = useStoreVersion(compare?.before ?? store, interval);
	// The engine the first frame was drawn from, if any: its queries are done (first-frame.ts).
	const afterEngine = useMemo(() => (options.engine?.store === store ? options.engine : new QueryEngine(store)), [store, options.engine]);
	const beforeEngine = useMemo(() => (compare?.before ? new QueryEngine(compare.before) : undefined), [compare?.before]);
	// The side on screen: Before shows the BEFORE store (when it is one), After and Diff the AFTER store.
	const showsBefore = side === 'before' && beforeEngine !== undefined;
	const engine = showsBefore ? beforeEngine : afterEngine;
	const shownStore = engine.store;
	const version = showsBefore ? beforeVersion : afterVersion;
	const sort = sortOf(state);
	// A derive that ran out of its time budget asks for another turn (after pending keys are handled).
	const [turn, setTurn] = useState(0);
	// One time budget per frame, shared by every query the frame needs (the overview asks five).
	// biome-ignore lint/correctness/useExhaustiveDependencies: the store version stands for its contents (it mutates in place); turn asks for another pass; sort is listed by its fields
	const frame = useMemo(() => {
		derivedAt.current = performance.now();
		return deriveFrame(engine, state, sort, DERIVE_BUDGET_MS);
		// `version` is the store's (throttled) change counter: the store mutates in place, so the version
		// stands for its contents here. `sort` is listed by its fields (a new object on every render).
	}, [engine, version, turn, state.view, state.filter, state.group, sort.key, sort.descending]);
	useLayoutEffect(() => {
		if (derivedAt.current === 0) return;
		cost.current = performance.now() - derivedAt.current;
		derivedAt.current = 0;
	});
	// The Diff side: both sides summarised under the filter, compared; a compared view shows its diff rows.
	// biome-ignore lint/correctness/useExhaustiveDependencies: the store versions stand for the stores' contents (they mutate in place); sort is listed by its fields
	const diff = useMemo((): {result: DiffResult; notes: string[]} | undefined => {
		if (!compare || side !== 'diff') return undefined;
		const before = beforeEngine ? summarize(beforeEngine, state.filter) : compare.beforeSummary;
		if (!before) return undefined;
		const notes = !beforeEngine && state.filter ? [`The BEFORE side is a saved baseline: the filter narrows only the AFTER side.`] : [];
		return {result: diffSummaries(before, summarize(afterEngine, state.filter)), notes};
	}, [compare, side, beforeEngine, afterEngine, state.filter, afterVersion, beforeVersion]);
	// biome-ignore lint/correctness/useExhaustiveDependencies: the store versions stand for the stores' contents (they mutate in place); sort is listed by its fields
	const diffShown = useMemo((): {derived: QueryResult; rowOf: WeakMap<Row, DiffRow>} | undefined => {
		if (!diff) return undefined;
		const spec = DIFF_SPECS.find((s) => s.name === state.view);
		const compared = diff.result.views.find((v) => v.spec === spec);
		const flat =
			spec && compared
				? flatDiffView(spec, compared.rows, true)
				: {view: {kind: 'group' as const, name: state.view, title: findView(state.view)?.title ?? state.view, description: '', columns: [{key: 'note', header: 'Not compared', kind: 'text' as const}], create: () => afterEngine.store as never}, rows: []};
		// Which diff row each printed row stands for (the detail shows both sides of it).
		const rowOf = new WeakMap<Row, DiffRow>();
		flat.rows.forEach((r, k) => rowOf.set(r, compared!.rows[k]!));
		const rows = sort.key !== '' && flat.view.columns.some((c) => c.key === sort.key) ? sortRows(flat.rows, sort.key, sort.descending) : flat.rows;
		return {derived: {view: flat.view, rows, countTotal: 0, filtered: state.filter !== '', pending: false, matched: frame.derived.matched, total: frame.derived.total}, rowOf};
	}, [diff, state.view, sort.key, sort.descending, state.filter, frame]);
	const diffDerived = diffShown?.derived;
	const derived = diffDerived ?? frame.derived;
	// The filter input talks back while typing: the problem with the draft, or how many records it matches.
	// biome-ignore lint/correctness/useExhaustiveDependencies: the store version stands for its contents (it mutates in place); turn asks for another pass
	const feedback = useMemo((): FilterFeedback | undefined => {
		if (state.overlay !== 'filter') return undefined;
		const draft = state.draft.trim();
		const problem = filterProblem(draft);
		if (problem) return {problem, candidates: state.candidates};
		const count = engine.countWithin(draft, DERIVE_BUDGET_MS / 2);
		return {...count, candidates: state.candidates};
	}, [engine, version, turn, state.overlay, state.draft, state.candidates]);
	useEffect(() => {
		if (!frame.pending && !(feedback && 'complete' in feedback && !feedback.complete)) return;
		const timer = setTimeout(() => setTurn((t) => t + 1), 0);
		return () => clearTimeout(timer);
	}, [frame, feedback]);
	const notes = useMemo(() => (feedback ? filterNotes(feedback, width) : []), [feedback, width]);
	// The file name prompt's problem lines (the file exists, a link) also take rows from the body.
	const saveExtra = state.overlay === 'save' && state.save ? saveLines(state.save, width).length - 1 : 0;
	const bodyHeight = Math.max(1, rows - CHROME_ROWS - notes.length - saveExtra);

	const overview = useMemo((): OverviewData | undefined => {
		if (state.view !== 'overview' || diff) return undefined;
		return overviewData(frame, shownStore, state.filter, options.sizes, options.startedAt);
	}, [frame, diff, state.view, state.filter, shownStore, options.sizes, options.startedAt]);
	const allDiffOverview = useMemo(() => (diff && state.view === 'overview' ? diffOverviewLines(diff.result, width, diff.notes) : []), [diff, state.view, width]);

	const choice = state.columns[derived.view.name];
	// The overview and the timeline draw no table: their rows are not measured for one (on a cold start that
	// is 10–20 ms of the first frame, for nothing on screen).
	const drawsNoTable = state.view === 'overview' || state.view === 'timeline';
	const tableLayout = useMemo(
		() => layoutTable(derived.view, drawsNoTable ? [] : derived.rows, width, chosenColumns(derived.view, choice), sort.key),
		[derived.view, derived.rows, width, choice, sort.key, drawsNoTable],
	);
	const position = positionOf(state);
	const dataHeight = Math.max(1, bodyHeight - 1);
	const window = visibleWindow(derived.rows.length, position.cursor, position.offset, dataHeight);

	const overviewShown = useMemo(() => (overview ? overviewLayout(overview, width) : undefined), [overview, width]);
	const allOverview = overviewShown?.lines ?? [];
	// The timeline is drawn as a histogram of its rows and scrolls like the overview.
	const histogram = state.view === 'timeline';
	// On the Diff side the timeline is both sides' histograms, one above the other.
	// biome-ignore lint/correctness/useExhaustiveDependencies: the store versions stand for the stores' contents (they mutate in place); sort is listed by its fields
	const allTimeline = useMemo((): Line[] => {
		if (!histogram) return [];
		if (!diff) return timelineLines(derived.rows.slice(), width);
		const of = (e: QueryEngine | undefined, name: string): Line[] => [
			[{text: ` ${name}`, bold: true, tone: 'title'}],
			...(e ? timelineLines(e.run({view: 'timeline', filter: state.filter}).rows.slice(), width) : [[{text: '  a saved baseline keeps no times per request', tone: 'muted'}] as Line]),
			[],
		];
		return [...of(beforeEngine, 'BEFORE'), ...of(afterEngine, 'AFTER')];
	}, [histogram, diff, derived, width, beforeEngine, afterEngine, state.filter, afterVersion, beforeVersion]);
	const allHelp = useMemo(() => (state.overlay === 'help' ? helpLines(width) : []), [state.overlay, width]);
	const recordIndex = state.detailScroll !== undefined && derived.view.name === 'records' ? engine.recordIndexOf(derived.rows.at(window.cursor)) : undefined;
	const record = useMemo(() => (recordIndex === undefined ? undefined : shownStore.record(recordIndex)), [shownStore, recordIndex]);
	// A diff row's detail: both sides' counts and columns, and the first records behind it on each side.
	const diffRow = state.detailScroll !== undefined && diffShown ? diffShown.rowOf.get(derived.rows.at(window.cursor) as Row) : undefined;
	// biome-ignore lint/correctness/useExhaustiveDependencies: the store versions stand for the stores' contents (they mutate in place); sort is listed by its fields
	const allDiffDetail = useMemo((): Line[] => {
		if (!diffRow || !diffShown) return [];
		const spec = DIFF_SPECS.find((s) => s.name === diffRow.view)!;
		const terms = spec.drill?.(derived.rows.at(window.cursor)!);
		const evidence = (e: QueryEngine | undefined): Evidence => {
			if (!e || terms === undefined) return undefined;
			const rows = e.run({view: 'records', filter: combineFilters(state.filter, terms)}).rows;
			return {rows: rows.slice(0, EVIDENCE_ROWS), total: rows.length};
		};
		return diffDetailLines(diffRow, spec, {before: evidence(beforeEngine), after: evidence(afterEngine)}, width);
	}, [diffRow, diffShown, beforeEngine, afterEngine, state.filter, width, afterVersion, beforeVersion]);
	const allDetail = useMemo(
		() => (record ? detailLines(record, width, `${(window.cursor + 1).toLocaleString('en-US')} of ${derived.rows.length.toLocaleString('en-US')}`) : []),
		[record, width, window.cursor, derived.rows.length],
	);

	let body: Line[];
	// The body is the table (not the overview, a detail, help or the chooser): the mouse can hit its rows.
	let tableShown = false;
	// The body is the overview: a double click opens what its lines lead to.
	let overviewBody = false;
	if (state.overlay === 'columns') {
		const lines = chooserLines(derived.view, choiceOf(state), state.chooser, new Set(tableLayout.columns.map((c) => c.key)), width);
		// Keep the chooser's cursor line (after the two title lines) on screen.
		body = slice(lines, chooserScroll(state.chooser, bodyHeight), bodyHeight);
	} else if (state.overlay === 'help') body = slice(allHelp, state.helpScroll, bodyHeight);
	else if (record) body = slice(allDetail, state.detailScroll ?? 0, bodyHeight);
	else if (diffRow) body = slice(allDiffDetail, state.detailScroll ?? 0, bodyHeight);
	else if (overview) {
		body = slice(allOverview, position.cursor, bodyHeight);
		overviewBody = true;
	}
	else if (diff && state.view === 'overview') body = slice(allDiffOverview, position.cursor, bodyHeight);
	else if (histogram) body = slice(allTimeline, position.cursor, bodyHeight);
	else {
		tableShown = true;
		const empty = diff
			? DIFF_SPECS.some((s) => s.name === state.view)
				? 'no rows on either side'
				: `the diff compares ${DIFF_SPECS.map((s) => s.name).join(', ')}; o shows Before or After`
			: side === 'before' && !beforeEngine
				? 'BEFORE is a saved baseline: only the Diff shows it (o)'
					: emptyTableText(derived.filtered, state.filter, shownStore, derived.matched);
		body = tableLines(derived.view, derived.view.name === 'destinations' ? markedRows(derived.rows, marks) : derived.rows, tableLayout, window, sort, derived.countTotal, width, empty, state.search);
	}

	const recordFacts = useCallback(
		(row: Row): RecordFacts | undefined => {
			const i = engine.recordIndexOf(row);
			if (i === undefined) return undefined;
			const entry = shownStore.devices.values[shownStore.device.get(i)];
			const clientId = entry?.info.clientId || undefined;
			return {host: shownStore.hostOf(i) || undefined, device: entry?.group || clientId ? {product: '—', platform: '—', device: '—', ...entry?.group, clientId} : undefined};
		},
		[engine, shownStore],
	);
	// Panes that scroll as lines rather than move a cursor over rows.
	const scrolls = overview ? allOverview : histogram ? allTimeline : diff && state.view === 'overview' ? allDiffOverview : undefined;
	const screen: Screen = {
		derived,
		recordFacts,
		extent: scrolls ? {total: Math.max(1, scrolls.length - bodyHeight + 1), height: 1} : {total: derived.rows.length, height: dataHeight},
		page: scrolls ? bodyHeight : dataHeight,
		columnKeys: tableLayout.columns.filter((c) => c.column).map((c) => c.key),
		detail: {total: diffRow ? allDiffDetail.length : allDetail.length, height: bodyHeight},
		help: {total: allHelp.length, height: bodyHeight},
		...(compare ? {compare: {sides: compare.before ? (['before', 'after', 'diff'] as const) : (['after', 'diff'] as const)}} : {}),
		complete: (draft) => completeFilter(draft, (field) => fieldValues(store, field)),
		find: (term, from, step) => {
			const rows = derived.rows;
			const n = rows.length;
			if (n === 0) return undefined;
			const want = term.toLowerCase();
			const columns = derived.view.columns;
			// Looks at every row once at most, wrapping around (as less and vim do).
			for (let k = 0; k < n; k++) {
				const i = (((from + step * k) % n) + n) % n;
				const row = rows.at(i);
				if (row && columns.some((c) => humanCell(row[c.key], c.kind).toLowerCase().includes(want))) return i;
			}
			return undefined;
		},
		defaultName: (kind, format) => defaultFileName(kind, derived.view.name, format, options.now?.() ?? new Date()),
		hit: (x, y) =>
			hitTest(
				{
					tabs: tabsLayout(state.view, width, where, frame.counts).spans,
					bodyTop: 1,
					bodyHeight,
					...(tableShown ? {table: {layout: tableLayout, window}} : {}),
					...(state.overlay === 'columns' ? {chooser: {count: choiceOf(state).length, scroll: chooserScroll(state.chooser, bodyHeight)}} : {}),
					...(overviewShown && overviewBody ? {overview: {targets: overviewShown.targets, scroll: position.cursor}} : {}),
				},
				x,
				y,
			),
	};

	// The input handler runs outside render: it reads the latest state and screen through refs, and
	// applies each action to its own copy at once, so a burst of keys sees the effect of the ones before.
	// The screen (rows, cursor row, layout) is only computed by a render, so a command that comes after a
	// state change in the same burst (`8⏎`: switch view, then open a row) waits in `pendingKeys` for the
	// render that shows the new state; typed text needs no screen and goes on at once.
	const stateRef = useRef(state);
	stateRef.current = state;
	const screenRef = useRef(screen);
	screenRef.current = screen;
	const screenStateRef = useRef(state);
	screenStateRef.current = state;
	const pendingKeys = useRef<KeyName[]>([]);

	/** The text of the file being saved: the view as shown (w) or a blocklist of it (B). */
	const saveText = (kind: 'view' | 'blocklist', format: string): {text: string; what: string} => {
		const {derived: shown} = screenRef.current;
		if (kind === 'blocklist') {
			// Grouped by domain: one entry per domain where safe, decided from the hosts under the same filter.
			const perDomain = shown.view.name === 'destinations:domain';
			const rows = perDomain ? engine.run({view: 'destinations', filter: stateRef.current.filter}).rows.slice() : shown.rows.slice();
			const {text, plan} = blocklistText(rows as unknown as DestinationRow[], options.classifier ?? createClassifier(), format as BlocklistFormat, {include: new Set(options.blocklistInclude ?? []), perDomain});
			const n = plan.entries.length;
			const what = perDomain && format !== 'hosts' ? `entr${n === 1 ? 'y' : 'ies'} (per domain)` : `host${n === 1 ? '' : 's'}`;
			return {text, what: `a ${format} blocklist of ${n} ${what}${plan.leftOut.length > 0 ? ` (${plan.leftOut.length} unknown or metadata left out)` : ''}`};
		}
		const text = exportText(shown.view, shown.rows.slice(), format as ExportFormat, (row) => {
			const i = engine.recordIndexOf(row);
			return i === undefined ? undefined : store.record(i);
		});
		const n = shown.rows.length;
		return {text, what: `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`};
	};

	const runSave = (overwrite: boolean): void => {
		const save = stateRef.current.save;
		if (!save) return;
		if (save.path.trim() === '') {
			run({kind: 'action', action: {type: 'saveProblem', problem: 'type a file name', confirm: false}});
			return;
		}
		const path = resolve(options.exportDir ?? process.cwd(), save.path.trim());
		try {
			const {text, what} = saveText(save.kind, save.format);
			const result = saveFile(path, text, overwrite);
			if (!result.ok) {
				run({kind: 'action', action: {type: 'saveProblem', problem: result.problem, confirm: result.exists}});
				return;
			}
			const shownPath = relative(process.cwd(), path);
			run({kind: 'action', action: {type: 'closeOverlay'}});
			run({kind: 'action', action: {type: 'message', text: `wrote ${what} to ${shownPath.startsWith('..') || shownPath === '' ? path : shownPath}`}});
		} catch (error) {
			run({kind: 'action', action: {type: 'saveProblem', problem: `could not write: ${(error as Error).message}`, confirm: false}});
		}
	};

	const runMark = (host: string): void => {
		if (!options.marksPath) {
			dispatch({type: 'message', text: 'marks are off (no marks file)'});
			return;
		}
		// Toggle against the file as it is now (another run, or an editor, may have changed it), and
		// never write over a file that does not parse.
		const current = loadMarks(options.marksPath);
		if ('error' in current) {
			dispatch({type: 'message', text: `marks not saved: ${sanitizeText(current.error)} (the file is left as it is)`});
			return;
		}
		const next = toggleMark(current.marks, host, options.now?.() ?? new Date());
		try {
			saveMarks(options.marksPath, next);
			marksRef.current = next;
			setMarks(next);
			dispatch({type: 'message', text: `${isReviewed(next, host) ? 'reviewed' : 'not reviewed'}: ${sanitizeText(host)} (saved in ${options.marksPath})`});
		} catch (error) {
			dispatch({type: 'message', text: `could not save marks: ${(error as Error).message}`});
		}
	};

	const run = (outcome: Outcome): void => {
		switch (outcome.kind) {
			case 'action':
				stateRef.current = reducer(stateRef.current, outcome.action);
				dispatch(outcome.action);
				break;
			case 'quit':
				app.exit();
				break;
			case 'suspend':
				// runTui gives the terminal back on SIGTSTP and stops; a job-control shell's `fg` continues it.
				process.kill(process.pid, 'SIGTSTP');
				break;
			case 'save':
				runSave(outcome.overwrite);
				break;
			case 'mark':
				runMark(outcome.host);
				break;
		}
	};

	// The last click, to tell a double click (the mouse is on unless --no-mouse).
	const lastClick = useRef<LastClick | undefined>(undefined);
	useInput((input, key) => {
		const mouse = parseMouse(input);
		if (mouse) {
			const {name, last} = mouseKeyName(mouse, lastClick.current, Date.now());
			lastClick.current = last;
			const resolved = name === undefined ? undefined : resolveKey(contextOf(stateRef.current), name);
			if (resolved?.kind === 'command') for (const outcome of outcomeOf(resolved.command, stateRef.current, screenRef.current, mouse)) run(outcome);
			return;
		}
		pendingKeys.current.push(...keyNames(input, key));
		runPendingKeys();
	});
	// After every render the screen matches the state again: run the keys of a burst that waited for it.
	useEffect(() => runPendingKeys());

	function runPendingKeys(): void {
		const queue = pendingKeys.current;
		while (queue.length > 0) {
			const resolved = resolveKey(contextOf(stateRef.current), queue[0]!);
			if (resolved?.kind === 'command' && stateRef.current !== screenStateRef.current) return;
			queue.shift();
			if (!resolved) continue;
			if (resolved.kind === 'text') {
				const context = contextOf(stateRef.current);
				run({kind: 'action', action: context === 'save' ? {type: 'saveType', text: resolved.text} : context === 'search' ? {type: 'searchType', text: resolved.text} : {type: 'filterType', text: resolved.text}});
			}
			else for (const outcome of outcomeOf(resolved.command, stateRef.current, screenRef.current)) run(outcome);
		}
	}

	const status = statusInfo(state, shownStore, derived.matched, options.sizes, options.startedAt);
	// Compare mode names the side on screen in the tab bar, and the key that switches: `o before [AFTER] diff`.
	const sideMark = screen.compare ? `o ${screen.compare.sides.map((s) => (s === side ? `[${s.toUpperCase()}]` : s)).join(' ')}  ` : '';
	const where = sideMark + (overview ? '' : positionText(window.cursor, derived.rows.length));
	return {state, width, bodyHeight, derived, body, screen, status, where, notes, counts: frame.counts};
}

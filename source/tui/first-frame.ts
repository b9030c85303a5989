/**
The UI's frame as lines, without React or Ink: what `useTui` derives for a frame with no overlay, no
record detail and no compare mode (the overview, a table or the timeline), as pure functions that the
hook calls too. The CLI uses them to draw the first frame as plain text the moment the inputs are read,
before Ink and React are even loaded (about half of a cold start's CPU time); Ink then takes the screen
over and draws the same frame, from the same query engine, over it.

Nothing here may import Ink or React (test/first-frame.test.ts checks the bundle's order of loading).
*/
import type {Marks} from '../audit/marks.js';
import {isReviewed} from '../audit/marks.js';
import type {RecordStore} from '../store/store.js';
import {emptyTableText, type QueryEngine, type QueryResult, type RowList} from '../views/query.js';
import {findView, VIEWS} from '../views/registry.js';
import {defaultSort, type Row} from '../views/types.js';
import {commandFor} from './keymap.js';
import {contextOf, viewAction} from './commands.js';
import {charKeyName} from './dispatch.js';
import {hintsLine, statusLine, tabsLine, type StatusInfo} from './layout/chrome.js';
import type {Line} from './layout/lines.js';
import {overviewLayout, type OverviewData, type TopTable} from './layout/overview.js';
import {layoutTable, tableLines} from './layout/table.js';
import {timelineLines} from './layout/timeline.js';
import {chosenColumns} from './state/columns.js';
import {positionOf, reducer, sortOf, type SortState, type TuiState} from './state/reducer.js';
import {visibleWindow} from './state/window.js';
import {TONE_SGR} from './tones.js';

/** Longest wait for the inputs before the first frame is drawn (with the progress so far). */
export const FIRST_FRAME_WAIT_MS = 250;

/** Rows taken by the tab bar and the two status lines; Ink keeps one more free below the frame. */
export const CHROME_ROWS = 4;

/** The views whose top rows the overview shows. */
const TOP_VIEWS = ['destinations', 'formats', 'resolutions', 'devices'] as const;

const viewNameOf = (title: string): string => VIEWS.find((v) => v.title === title)?.name ?? title;

export type Size = {readonly columns: number; readonly rows: number};

/** A terminal's columns and rows (80×24 when it does not say). */
export function terminalSize(stdout: {readonly columns: number; readonly rows: number}): Size {
	return {columns: stdout.columns > 0 ? stdout.columns : 80, rows: stdout.rows > 0 ? stdout.rows : 24};
}

/** What one frame asks of the query layer: the view's rows, the overview's top tables, the tab counts. */
export type FrameData = {
	readonly derived: QueryResult;
	readonly tops: readonly TopTable[];
	/** Rows per view for the tab titles (views not counted within the budget are absent). */
	readonly counts: Readonly<Record<string, number>>;
	/** True when the budget ran out before every record was looked at. */
	readonly pending: boolean;
};

/** One time budget (ms) for every query a frame needs (the overview asks five). */
export function deriveFrame(engine: QueryEngine, state: TuiState, sort: SortState, budgetMs: number): FrameData {
	const started = performance.now();
	const left = (): number => Math.max(0, budgetMs - (performance.now() - started));
	const result = engine.run({view: state.view, filter: state.filter, sort, group: state.group}, left());
	const tops =
		state.view === 'overview'
			? TOP_VIEWS.map((name) => {
					const view = findView(name)!;
					return {title: view.title, derived: engine.run({view: name, filter: state.filter, sort: defaultSort(view)}, left())};
				})
			: [];
	// Row counts for the tab titles, from what the budget leaves (a view not yet counted shows none); counted,
	// not sorted: the other views' rows are not drawn.
	const counts: Record<string, number> = {[state.view]: result.rows.length};
	let countsPending = false;
	for (const t of tops) counts[viewNameOf(t.title)] = t.derived.rows.length;
	for (const view of VIEWS) {
		if (view.name === 'overview' || counts[view.name] !== undefined || left() <= 0) continue;
		const r = engine.rowCount({view: view.name, filter: state.filter, group: state.group}, left());
		if (!r.pending) counts[view.name] = r.count;
		else countsPending = true;
	}
	return {derived: result, tops, counts, pending: result.pending || countsPending || tops.some((t) => t.derived.pending)};
}

/** Destinations as shown: reviewed hosts carry a ✓ (display only; commands see the plain rows). */
export function markedRows(rows: RowList, marks: Marks): RowList {
	if (Object.keys(marks.reviewed).length === 0) return rows;
	const mark = (row: Row | undefined): Row | undefined => (row && typeof row['host'] === 'string' && isReviewed(marks, row['host']) ? {...row, host: `✓ ${row['host']}`} : row);
	return {length: rows.length, at: (i) => mark(rows.at(i)), slice: (a, b) => rows.slice(a, b).map((r) => mark(r)!)};
}


/** Where the cursor is among the rows, for the tab bar: `12/345`. */
export function positionText(cursor: number, rows: number): string {
	return `${rows === 0 ? 0 : (cursor + 1).toLocaleString('en-US')}/${rows.toLocaleString('en-US')}`;
}

/** Input sizes in bytes by name (absent for stdin), for progress. */
type Sizes = ReadonlyMap<string, number | undefined>;

/** The status line's facts. */
export function statusInfo(state: TuiState, store: RecordStore, matched: number, sizes: Sizes | undefined, startedAt: number | undefined): StatusInfo {
	return {
		filter: state.filter,
		message: state.message,
		inputs: store.inputs,
		sizes: sizes ?? new Map(),
		elapsedMs: Date.now() - (startedAt ?? Date.now()),
		total: store.size,
		matched,
		diagnostics: store.diagnosticCounts.error + store.diagnosticCounts.warning + store.diagnosticCounts.info,
		group: state.group === 'domain' ? 'domain' : undefined,
	};
}

/** The overview's facts for one frame. */
export function overviewData(frame: FrameData, store: RecordStore, filter: string, sizes: Sizes | undefined, startedAt: number | undefined): OverviewData {
	const elapsedMs = Date.now() - (startedAt ?? Date.now());
	return {rows: frame.derived.rows.slice(), inputs: store.inputs, sizes: sizes ?? new Map(), elapsedMs, tops: frame.tops, filter};
}

export type PlainFrameInput = {
	readonly engine: QueryEngine;
	readonly state: TuiState;
	readonly size: Size;
	readonly marks: Marks;
	readonly sizes?: Sizes | undefined;
	readonly startedAt?: number | undefined;
	readonly budgetMs: number;
};

/**
The whole frame (tab bar, body, status line, key hints) of a state with no overlay, detail or compare
mode, exactly as the UI lays it out; undefined when the state is not such a one, when the terminal has
no room for it, or when the budget ran out before every record was looked at (no frame shows figures of
part of the input as if they were all).
*/
export function plainFrame(input: PlainFrameInput): Line[] | undefined {
	const {engine, state, size, marks} = input;
	if (state.overlay !== undefined || state.detailScroll !== undefined || state.side !== 'after') return undefined;
	// A terminal with no room for a body row: Ink clears and scrolls such a screen its own way.
	if (size.rows < CHROME_ROWS + 2) return undefined;
	const store = engine.store;
	const width = size.columns;
	const sort = sortOf(state);
	const frame = deriveFrame(engine, state, sort, input.budgetMs);
	if (frame.derived.pending || frame.tops.some((t) => t.derived.pending)) return undefined;
	const {derived} = frame;
	const bodyHeight = Math.max(1, size.rows - CHROME_ROWS);
	const position = positionOf(state);
	const window = visibleWindow(derived.rows.length, position.cursor, position.offset, Math.max(1, bodyHeight - 1));
	let body: Line[];
	if (state.view === 'overview') body = overviewLayout(overviewData(frame, store, state.filter, input.sizes, input.startedAt), width).lines;
	else if (state.view === 'timeline') body = timelineLines(derived.rows.slice(), width);
	else {
		const layout = layoutTable(derived.view, derived.rows, width, chosenColumns(derived.view, state.columns[derived.view.name]), sort.key);
		const rows = derived.view.name === 'destinations' ? markedRows(derived.rows, marks) : derived.rows;
		const empty = emptyTableText(derived.filtered, state.filter, store, derived.matched);
		body = tableLines(derived.view, rows, layout, window, sort, derived.countTotal, width, empty, state.search);
	}
	const where = state.view === 'overview' ? '' : positionText(window.cursor, derived.rows.length);
	if (state.view === 'overview' || state.view === 'timeline') body = body.slice(position.cursor, position.cursor + bodyHeight);
	const padded: Line[] = [...body.slice(0, bodyHeight)];
	while (padded.length < bodyHeight) padded.push([]);
	const status = statusLine(statusInfo(state, store, derived.matched, input.sizes, input.startedAt), width);
	return [tabsLine(state.view, width, where, frame.counts), ...padded, status, hintsLine(contextOf(state), width)];
}

/**
Keys typed before the UI runs that only change which view is shown (`2`, Tab …): applied to the state,
so the first frame is already the view asked for. Stops at the first byte that is anything else (an
escape sequence, a letter with another meaning): that byte and those after it are left for the UI.
*/
export function applyEarlyKeys(state: TuiState, bytes: Uint8Array): {state: TuiState; used: number} {
	let next = state;
	let used = 0;
	for (; used < bytes.length; used++) {
		const byte = bytes[used]!;
		// An escape starts a sequence (an arrow, a mouse report) that is the UI's to read whole.
		if (byte >= 0x80 || byte === 0x1b) break;
		const name = charKeyName(String.fromCharCode(byte));
		const command = name === undefined ? undefined : commandFor(contextOf(next), name);
		const action = command === undefined ? undefined : viewAction(command);
		if (action === undefined) break;
		next = reducer(next, action);
	}
	return {state: next, used};
}

/**
Lines as terminal text from the top left of the screen: each line erased, then written (erasing after
the text instead would take the last character of a full-width line with it). Colours as Ink draws the
tones; none with `color` false.
*/
export function linesToText(lines: readonly Line[], color: boolean): string {
	let out = '';
	lines.forEach((line, row) => {
		out += `\u001B[${row + 1};1H\u001B[2K`;
		for (const s of line) {
			const codes: string[] = [];
			if (color) {
				const sgr = s.tone === undefined ? undefined : TONE_SGR[s.tone];
				if (sgr !== undefined) codes.push(sgr);
				if (s.bold) codes.push('1');
				if (s.inverse) codes.push('7');
			}
			out += codes.length > 0 ? `\u001B[${codes.join(';')}m${s.text}\u001B[0m` : s.text;
		}
	});
	return `${out}\u001B[H`;
}

/** Reading the inputs, started before the first frame. */
export type Reading = {
	readonly reading: Promise<void>;
	readonly controller: AbortController;
	/** Everything was read before the first frame (else it is drawn with the progress so far). */
	readonly done: boolean;
};

/**
Start reading and wait for it up to `waitMs` of this process's CPU time (and at most four times that of
wall time): on a cold start a frame costs 100–300 ms of CPU, and one drawn before the data (then redrawn
with it) delays the first useful one by that much. CPU time, because on a machine busy with other work
the same reading takes several times as long by the clock, and a wait by the clock would then draw the
progress of a small input instead of its data. Something is on screen meanwhile (the CLI's placeholder
line), and keys typed meanwhile wait for the UI.
*/
export async function readBeforeFirstFrame(ingest: (signal: AbortSignal) => Promise<void>, waitMs: number, stderr: NodeJS.WritableStream): Promise<Reading> {
	const controller = new AbortController();
	const reading = ingest(controller.signal);
	reading.catch((error: unknown) => {
		stderr.write(`telemetry-tui: reading failed: ${(error as Error).message}\n`);
	});
	let done = false;
	let timer: NodeJS.Timeout | undefined;
	const cpuAtStart = process.cpuUsage();
	const wallAtStart = performance.now();
	const waited = new Promise<void>((resolve) => {
		const check = (): void => {
			const cpu = process.cpuUsage(cpuAtStart);
			if ((cpu.user + cpu.system) / 1000 >= waitMs || performance.now() - wallAtStart >= 4 * waitMs) resolve();
			else timer = setTimeout(check, Math.min(25, waitMs / 4));
		};
		timer = setTimeout(check, Math.min(25, waitMs / 4));
	});
	await Promise.race([
		reading.then(
			() => void (done = true),
			() => {},
		),
		waited,
	]);
	clearTimeout(timer);
	return {reading, controller, done};
}

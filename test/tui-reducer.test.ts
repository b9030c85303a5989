import {completeFilter, fieldValues} from '../source/views/filter.js';
import {describe, expect, it} from 'vitest';
import {contextOf, outcomeOf, type Outcome, type Screen} from '../source/tui/commands.js';
import type {CommandId} from '../source/tui/keymap.js';
import {QueryEngine, type QueryResult} from '../source/views/query.js';
import {canGoBack, initialState, positionOf, reducer, sortOf, type Action, type TuiState} from '../source/tui/state/reducer.js';
import type {Row} from '../source/views/types.js';
import {sessionStore} from './helpers/ui-records.js';

const extent = {total: 100, height: 10};

function run(state: TuiState, ...actions: Action[]): TuiState {
	return actions.reduce(reducer, state);
}

describe('reducer', () => {
	it('opens on the overview with each view sorted by its default', () => {
		const s = initialState();
		expect(s.view).toBe('overview');
		expect(sortOf(s, 'destinations')).toEqual({key: 'requests', descending: true});
		expect(initialState({view: 'records', filter: 'party:third'})).toMatchObject({view: 'records', filter: 'party:third'});
		expect(initialState({view: 'nonsense'}).view).toBe('overview');
	});

	it.each<{description: string; actions: Action[]; cursor: number; offset: number}>([
		{description: 'down one', actions: [{type: 'move', target: {by: 1}, extent}], cursor: 1, offset: 0},
		{description: 'never above the top', actions: [{type: 'move', target: {by: -5}, extent}], cursor: 0, offset: 0},
		{description: 'page down scrolls the window', actions: [{type: 'move', target: {by: 10}, extent}], cursor: 10, offset: 1},
		{description: 'bottom', actions: [{type: 'move', target: {to: 'bottom'}, extent}], cursor: 99, offset: 90},
		{description: 'bottom then top', actions: [{type: 'move', target: {to: 'bottom'}, extent}, {type: 'move', target: {to: 'top'}, extent}], cursor: 0, offset: 0},
		{description: 'clamped to the last row', actions: [{type: 'move', target: {by: 1000}, extent}], cursor: 99, offset: 90},
		{description: 'empty table', actions: [{type: 'move', target: {by: 3}, extent: {total: 0, height: 10}}], cursor: 0, offset: 0},
	])('cursor: $description', ({actions, cursor, offset}) => {
		const s = run(initialState({view: 'records'}), ...actions);
		expect(positionOf(s)).toEqual({cursor, offset});
	});

	it('switches views by name and steps around the tabs', () => {
		let s = run(initialState(), {type: 'stepView', delta: -1});
		expect(s.view).toBe('timeline');
		s = run(s, {type: 'stepView', delta: 1}, {type: 'stepView', delta: 1});
		expect(s.view).toBe('destinations');
		expect(run(s, {type: 'showView', view: 'devices'}).view).toBe('devices');
		expect(run(s, {type: 'showView', view: 'nope'}).view).toBe('destinations');
	});

	it('cycles the sort column (numbers largest first) and reverses it', () => {
		let s = run(initialState({view: 'destinations'}), {type: 'sortCycle', keys: ['host', 'party', 'requests'], delta: 1});
		expect(sortOf(s)).toEqual({key: 'host', descending: false});
		s = run(s, {type: 'sortCycle', keys: ['host', 'party', 'requests'], delta: -1});
		expect(sortOf(s)).toEqual({key: 'requests', descending: true});
		s = run(s, {type: 'sortReverse'});
		expect(sortOf(s)).toEqual({key: 'requests', descending: false});
		expect(sortOf(run(s, {type: 'sortDirection', descending: true}))).toEqual({key: 'requests', descending: true});
		expect(sortOf(s, 'devices')).toEqual({key: 'count', descending: true});
	});

	it('edits the filter draft like a line editor and applies it to every view', () => {
		let s = run(initialState({view: 'destinations'}), {type: 'openOverlay', overlay: 'filter'}, {type: 'filterType', text: 'party:third'}, {type: 'filterType', text: ' host:ex'});
		expect(s.draft).toBe('party:third host:ex');
		s = run(s, {type: 'lineEdit', line: 'filter', edit: 'word'}, {type: 'lineEdit', line: 'filter', edit: 'backspace'});
		expect(s.draft).toBe('party:thir');
		s = run(s, {type: 'filterType', text: 'd'}, {type: 'filterApply'});
		expect(s).toMatchObject({filter: 'party:third', overlay: undefined});
		// Reopening starts from the active filter, ready to add a term.
		expect(run(s, {type: 'openOverlay', overlay: 'filter'}).draft).toBe('party:third ');
		expect(run(s, {type: 'openOverlay', overlay: 'filter'}, {type: 'lineEdit', line: 'filter', edit: 'clear'}).draft).toBe('');
		// Cancel leaves the applied filter alone.
		expect(run(s, {type: 'openOverlay', overlay: 'filter'}, {type: 'filterType', text: 'x'}, {type: 'closeOverlay'}).filter).toBe('party:third');
		expect(run(s, {type: 'filterClear'}).filter).toBe('');
	});

	it('removes a wide character or emoji whole on backspace', () => {
		const s = run(initialState(), {type: 'openOverlay', overlay: 'filter'}, {type: 'filterType', text: 'a例😀'}, {type: 'lineEdit', line: 'filter', edit: 'backspace'});
		expect(s.draft).toBe('a例');
	});

	it('edits the search line and the file name with the same keys (a file name loses its last part to Ctrl-W)', () => {
		let s = run(initialState({view: 'destinations'}), {type: 'openOverlay', overlay: 'search'}, {type: 'searchType', text: 'plex tv😀'});
		s = run(s, {type: 'lineEdit', line: 'search', edit: 'backspace'});
		expect(s.searchDraft).toBe('plex tv');
		s = run(s, {type: 'lineEdit', line: 'search', edit: 'word'});
		expect(s.searchDraft).toBe('plex');
		expect(run(s, {type: 'lineEdit', line: 'search', edit: 'clear'}).searchDraft).toBe('');
		let f = run(initialState(), {type: 'startSave', kind: 'view', format: 'csv', path: 'out/hosts-2024.csv'});
		f = run(f, {type: 'saveProblem', problem: 'exists', confirm: true}, {type: 'lineEdit', line: 'save', edit: 'word'});
		// The last part goes (then a part with the separator after it); an edit clears the problem and the overwrite question.
		expect(f.save).toMatchObject({path: 'out/hosts-2024.', problem: undefined, confirm: false});
		expect(run(f, {type: 'lineEdit', line: 'save', edit: 'word'}, {type: 'lineEdit', line: 'save', edit: 'word'}).save?.path).toBe('out/');
		expect(run(f, {type: 'lineEdit', line: 'save', edit: 'backspace'}).save?.path).toBe('out/hosts-2024');
		expect(run(f, {type: 'lineEdit', line: 'save', edit: 'clear'}).save?.path).toBe('');
		// With no file name prompt open, an edit of it changes nothing.
		expect(run(s, {type: 'lineEdit', line: 'save', edit: 'word'})).toBe(s);
	});

	it('keeps a back stack: drill pushes, back pops view, filter and cursor; then clears the filter', () => {
		let s = run(initialState({view: 'destinations'}), {type: 'move', target: {by: 3}, extent});
		s = run(s, {type: 'drill', view: 'records', filter: 'host:=plex.tv'});
		expect(s).toMatchObject({view: 'records', filter: 'host:=plex.tv'});
		expect(positionOf(s).cursor).toBe(0);
		s = run(s, {type: 'openDetail'}, {type: 'drill', view: 'destinations', filter: 'product:="Plex Web"'});
		expect(s).toMatchObject({view: 'destinations', detailScroll: undefined, back: [{view: 'destinations'}, {view: 'records', detailScroll: 0}]});
		s = run(s, {type: 'back'});
		expect(s).toMatchObject({view: 'records', filter: 'host:=plex.tv', detailScroll: 0});
		s = run(s, {type: 'back'});
		expect(s).toMatchObject({view: 'records', detailScroll: undefined});
		s = run(s, {type: 'back'});
		expect(s).toMatchObject({view: 'destinations', filter: ''});
		expect(positionOf(s).cursor).toBe(3);
		expect(canGoBack(s)).toBe(false);
		const filtered = run(s, {type: 'openOverlay', overlay: 'filter'}, {type: 'filterType', text: 'kind:request'}, {type: 'filterApply'});
		expect(canGoBack(filtered)).toBe(true);
		expect(run(filtered, {type: 'back'}).filter).toBe('');
	});

	it('steps between records in the detail and scrolls it', () => {
		let s = run(initialState({view: 'records'}), {type: 'openDetail'}, {type: 'scrollDetail', target: {by: 5}, extent: {total: 30, height: 10}});
		expect(s.detailScroll).toBe(5);
		expect(run(s, {type: 'scrollDetail', target: {to: 'bottom'}, extent: {total: 30, height: 10}}).detailScroll).toBe(20);
		s = run(s, {type: 'stepRecord', delta: 1, extent});
		expect(positionOf(s).cursor).toBe(1);
		expect(s.detailScroll).toBe(0);
	});
});

describe('commands', () => {
	const store = sessionStore();
	const engine = new QueryEngine(store);
	const screenFor = (state: TuiState): Screen => {
		const derived: QueryResult = engine.run({view: state.view, filter: state.filter, sort: sortOf(state)});
		const recordFacts = (row: Row) => {
			const i = engine.recordIndexOf(row);
			if (i === undefined) return undefined;
			const entry = store.devices.values[store.device.get(i)];
			return {host: store.hostOf(i) || undefined, device: entry?.group ? {...entry.group, clientId: entry.info.clientId} : undefined};
		};
		return {derived, recordFacts, extent: {total: derived.rows.length, height: 10}, page: 10, columnKeys: derived.view.columns.map((c) => c.key), detail: {total: 40, height: 10}, help: {total: 80, height: 10}, complete: (draft) => completeFilter(draft, (field) => fieldValues(store, field)), defaultName: (kind, format) => `telemetry-${kind}.${format}`, find: () => undefined};
	};
	const press = (state: TuiState, ...commands: CommandId[]): {state: TuiState; effects: Outcome[]} => {
		const effects: Outcome[] = [];
		for (const command of commands) {
			for (const o of outcomeOf(command, state, screenFor(state))) {
				if (o.kind === 'action') state = reducer(state, o.action);
				else effects.push(o);
			}
		}
		return {state, effects};
	};

	it('Enter on a destination drills to its records, combined with the active filter', () => {
		const start = {...initialState({view: 'destinations'}), filter: 'kind:request'};
		const {state} = press(start, 'cursor.down', 'row.open');
		const host = screenFor(start).derived.rows.at(1)?.['host'];
		expect(state).toMatchObject({view: 'records', filter: `kind:request host:=${String(host)}`});
		expect(screenFor(state).derived.rows.length).toBeGreaterThan(0);
		for (const row of screenFor(state).derived.rows.slice()) expect(row['destination']).toBe(host);
	});

	it('Enter on a record opens its detail; d, v and t pivot from it', () => {
		let {state} = press(initialState({view: 'records'}), 'row.open');
		expect(contextOf(state)).toBe('detail');
		const record = store.record(engine.recordIndexOf(screenFor(state).derived.rows.at(0))!);
		expect(record.kind).toBe('request');
		const toDestinations = press(state, 'drill.destinations').state;
		// The device is its client identifier (masked): every record of that client, whatever it said about itself.
		expect(toDestinations).toMatchObject({view: 'destinations', filter: expect.stringMatching(/^deviceid:=k3p9…#[0-9a-f]{6}$/)});
		expect(screenFor(toDestinations).derived.rows.length).toBeGreaterThan(1);
		const toDevices = press(state, 'drill.devices').state;
		expect(toDevices).toMatchObject({view: 'devices', filter: 'host:=plex.tv'});
		expect(screenFor(toDevices).derived.rows.slice().map((r) => r['product'])).toEqual(['Plex Web']);
		const toHost = press(state, 'drill.host').state;
		expect(toHost).toMatchObject({view: 'records', filter: 'host:=plex.tv'});
		state = press(toHost, 'nav.back').state;
		expect(state).toMatchObject({view: 'records', filter: '', detailScroll: 0});
	});

	it('Enter on a device row drills to its records; d shows the destinations it contacted', () => {
		const start = initialState({view: 'devices'});
		const drilled = press(start, 'row.open').state;
		expect(drilled.view).toBe('records');
		const destinations = press(start, 'drill.destinations').state;
		const hosts = screenFor(destinations).derived.rows.slice().map((r) => r['host']);
		expect(hosts).toContain('analytics.plex.tv');
		expect(hosts).not.toContain('epg.provider.plex.tv'); // contacted by the Roku, not by Plex Web
	});

	it('q goes back while there is somewhere to go, then quits; Q and Ctrl-C quit at once', () => {
		const drilled = press(initialState({view: 'destinations'}), 'row.open').state;
		const back = press(drilled, 'nav.backOrQuit');
		expect(back.effects).toEqual([]);
		expect(back.state.view).toBe('destinations');
		expect(press(back.state, 'nav.backOrQuit').effects).toEqual([{kind: 'quit'}]);
		expect(press(drilled, 'app.quit').effects).toEqual([{kind: 'quit'}]);
	});

	it('moves the detail, help or table depending on the context', () => {
		const help = press(initialState({view: 'records'}), 'app.help', 'cursor.pageDown').state;
		expect(help.helpScroll).toBe(10);
		expect(positionOf(help).cursor).toBe(0);
		expect(press(help, 'nav.back').state.overlay).toBeUndefined();
		const detail = press(initialState({view: 'records'}), 'row.open', 'cursor.halfDown').state;
		expect(detail.detailScroll).toBe(5);
	});

	it('w then c asks for the file name of a CSV export (a timestamped default), Enter writes', () => {
		const {state, effects} = press(initialState({view: 'formats'}), 'export.open', 'export.csv');
		expect(effects).toEqual([]);
		expect(state.overlay).toBe('save');
		expect(state.save).toMatchObject({kind: 'view', format: 'csv', path: 'telemetry-view.csv', confirm: false});
		expect(contextOf(state)).toBe('save');
		expect(press(state, 'save.write').effects).toEqual([{kind: 'save', overwrite: false}]);
		const exists = reducer(state, {type: 'saveProblem', problem: 'exists', confirm: true});
		expect(contextOf(exists)).toBe('confirm');
		expect(press(exists, 'save.overwrite').effects).toEqual([{kind: 'save', overwrite: true}]);
		expect(contextOf(press(exists, 'save.keep').state)).toBe('save');
	});

	it('B asks the blocklist format, then the file name', () => {
		const {state} = press(initialState({view: 'destinations'}), 'blocklist.write', 'export.dnsmasq');
		expect(state.save).toMatchObject({kind: 'blocklist', format: 'dnsmasq'});
		expect(press(initialState({view: 'destinations'}), 'blocklist.write', 'export.csv').state.message).toMatch(/h hosts, d dnsmasq/);
	});

	it('says so when a pivot has nothing to pivot on', () => {
		const {state} = press(initialState({view: 'resolutions'}), 'drill.devices');
		expect(state.message).toMatch(/names no host/);
		expect(state.view).toBe('resolutions');
	});
});

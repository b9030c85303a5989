/**
The app's layout and nothing else: tab bar, body (overview, table, record detail or help), status
line and key hints. State, data and keys live in `useTui`.
*/
import {Box} from 'ink';
import React, {useMemo} from 'react';
import {contextOf} from './commands.js';
import {ExportPrompt} from './components/ExportPrompt.js';
import {FilterInput} from './components/FilterInput.js';
import {Help} from './components/Help.js';
import {Overview} from './components/Overview.js';
import {RecordDetail} from './components/RecordDetail.js';
import {KeyHints, StatusLine} from './components/StatusLine.js';
import {Table} from './components/Table.js';
import {Lines} from './components/Lines.js';
import {saveLines} from './layout/chrome.js';
import {Tabs} from './components/Tabs.js';
import {createTheme, ThemeContext} from './theme.js';
import {useTui, type TuiOptions} from './use-tui.js';

export type AppProps = TuiOptions & {readonly noColor?: boolean};

export function App(props: AppProps): React.ReactElement {
	const theme = useMemo(() => createTheme(props.noColor ?? false), [props.noColor]);
	const {state, width, bodyHeight, derived, body, status, where, notes, counts} = useTui(props);
	const context = contextOf(state);
	let pane: React.ReactElement;
	if (state.overlay === 'help') pane = <Help lines={body} height={bodyHeight} />;
	else if (state.overlay === 'columns') pane = <Table lines={body} height={bodyHeight} />;
	else if (state.detailScroll !== undefined && derived.view.name === 'records') pane = <RecordDetail lines={body} height={bodyHeight} />;
	else if (state.view === 'overview' || state.view === 'timeline') pane = <Overview lines={body} height={bodyHeight} />;
	else pane = <Table lines={body} height={bodyHeight} />;
	return (
		<ThemeContext.Provider value={theme}>
			<Box flexDirection="column" width={width}>
				<Tabs view={state.view} width={width} where={where} counts={counts} />
				{pane}
				{state.overlay === 'filter' ? (
					<FilterInput draft={state.draft} notes={notes} width={width} />
				) : state.overlay === 'export' ? (
					<ExportPrompt title={derived.view.title} rows={derived.rows.length} width={width} kind={state.exporting} />
				) : state.overlay === 'search' ? (
					<FilterInput draft={state.searchDraft} notes={[]} width={width} prompt={'search \\ '} />
				) : state.overlay === 'save' && state.save ? (
					<Lines lines={saveLines(state.save, width)} />
				) : (
					<StatusLine info={status} width={width} />
				)}
				<KeyHints context={context} width={width} />
			</Box>
		</ThemeContext.Provider>
	);
}

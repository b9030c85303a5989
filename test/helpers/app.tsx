/**
The app on the sample session in a fake terminal, for frame tests. Call `appHarness()` at the top of a test
file: it unmounts every app it showed after each test (the unit tier shares one process between files, and
a mounted app keeps React and Ink busy with work no later test asks for).
*/
import {afterEach} from 'vitest';
import {App, type AppProps} from '../../source/tui/App.js';
import {renderTui, type Rendered} from './render.js';
import {sessionStore} from './ui-records.js';

export function appHarness(): (props?: Partial<AppProps>, size?: {columns: number; rows: number}) => Rendered {
	const open: Rendered[] = [];
	afterEach(() => {
		for (const t of open.splice(0)) t.unmount();
	});
	return (props = {}, size = {columns: 80, rows: 24}) => {
		const t = renderTui(<App store={sessionStore()} throttleMs={0} {...props} />, size);
		open.push(t);
		return t;
	};
}

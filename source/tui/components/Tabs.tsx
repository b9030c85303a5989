/** The tab bar: one tab per view, the active one marked `[…]` (and inverse when colours are on). */
import React from 'react';
import {tabsLine} from '../layout/chrome.js';
import {LineText} from './Lines.js';

export function Tabs({view, width, where}: {readonly view: string; readonly width: number; readonly where: string}): React.ReactElement {
	return <LineText line={tabsLine(view, width, where)} />;
}

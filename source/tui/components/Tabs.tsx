/** The tab bar: one tab per view, the active one marked `[…]` (and inverse when colours are on). */
import React from 'react';
import {tabsLine} from '../layout/chrome.js';
import {LineText} from './Lines.js';

export function Tabs({view, width, where, counts}: {readonly view: string; readonly width: number; readonly where: string; readonly counts?: Readonly<Record<string, number>>}): React.ReactElement {
	return <LineText line={tabsLine(view, width, where, counts)} />;
}

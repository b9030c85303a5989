/** The export prompt: which view, how many rows, `c` CSV or `j` JSON. */
import React from 'react';
import {exportLine} from '../layout/chrome.js';
import {LineText} from './Lines.js';

export function ExportPrompt({title, rows, width, kind}: {readonly title: string; readonly rows: number; readonly width: number; readonly kind: 'view' | 'blocklist'}): React.ReactElement {
	return <LineText line={exportLine(title, rows, width, kind)} />;
}

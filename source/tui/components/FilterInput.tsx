/**
The filter input line. Editing (typing, Backspace, Ctrl-U, Ctrl-W) happens in the reducer through the
keymap's `filter` context; this only shows the draft and the cursor.
*/
import React from 'react';
import {filterLine} from '../layout/chrome.js';
import type {Line} from '../layout/lines.js';
import {LineText, Lines} from './Lines.js';

/** The input line, and under it what the draft would do (its problem, or how many records it matches). */
export function FilterInput({draft, notes, width, prompt}: {readonly draft: string; readonly notes: readonly Line[]; readonly width: number; readonly prompt?: string}): React.ReactElement {
	return (
		<>
			<LineText line={filterLine(draft, width, prompt)} />
			{notes.length > 0 ? <Lines lines={notes} /> : null}
		</>
	);
}

/**
The filter input line. Editing (typing, Backspace, Ctrl-U, Ctrl-W) happens in the reducer through the
keymap's `filter` context; this only shows the draft and the cursor.
*/
import React from 'react';
import {filterLine} from '../layout/chrome.js';
import {LineText} from './Lines.js';

export function FilterInput({draft, width}: {readonly draft: string; readonly width: number}): React.ReactElement {
	return <LineText line={filterLine(draft, width)} />;
}

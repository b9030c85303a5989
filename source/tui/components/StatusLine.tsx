/** The status line (filter, progress, messages) and the key hints under it. */
import React from 'react';
import type {KeyContext} from '../keymap.js';
import {hintsLine, statusLine, type StatusInfo} from '../layout/chrome.js';
import {LineText} from './Lines.js';

export function StatusLine({info, width}: {readonly info: StatusInfo; readonly width: number}): React.ReactElement {
	return <LineText line={statusLine(info, width)} />;
}

export function KeyHints({context, width}: {readonly context: KeyContext; readonly width: number}): React.ReactElement {
	return <LineText line={hintsLine(context, width)} />;
}

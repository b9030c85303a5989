/** The help pane, generated from the keymap (`layout/help.ts`). */
import React from 'react';
import type {Line} from '../layout/lines.js';
import {Lines} from './Lines.js';

export function Help({lines, height}: {readonly lines: readonly Line[]; readonly height: number}): React.ReactElement {
	return <Lines lines={lines} height={height} />;
}

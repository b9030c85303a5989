/** A table pane: the header and the visible window of rows (built by `layout/table.ts`). */
import React from 'react';
import type {Line} from '../layout/lines.js';
import {Lines} from './Lines.js';

export function Table({lines, height}: {readonly lines: readonly Line[]; readonly height: number}): React.ReactElement {
	return <Lines lines={lines} height={height} />;
}

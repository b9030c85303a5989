/** The overview pane: inputs and progress, span, counts, verdict, diagnostics, top rows (`layout/overview.ts`). */
import React from 'react';
import type {Line} from '../layout/lines.js';
import {Lines} from './Lines.js';

export function Overview({lines, height}: {readonly lines: readonly Line[]; readonly height: number}): React.ReactElement {
	return <Lines lines={lines} height={height} />;
}

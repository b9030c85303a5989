/** The record detail pane: every field, identifiers and origin of one record (`layout/detail.ts`). */
import React from 'react';
import type {Line} from '../layout/lines.js';
import {Lines} from './Lines.js';

export function RecordDetail({lines, height}: {readonly lines: readonly Line[]; readonly height: number}): React.ReactElement {
	return <Lines lines={lines} height={height} />;
}

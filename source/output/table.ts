/** `--output table`: a boxed text table drawn with @alcalzone/ink-table (Ink's renderToString). */
import {Table} from '@alcalzone/ink-table';
import {renderToString} from 'ink';
import React from 'react';
import {humanCell} from './cells.js';
import type {ViewOutput} from './write.js';

/** A boxed text table drawn with @alcalzone/ink-table. */
export function toTable({view, rows}: ViewOutput, width = 200): string {
	const data = rows.map((row) => Object.fromEntries(view.columns.map((c) => [c.header, humanCell(row[c.key], c.kind)])));
	const columns = view.columns.map((c) => ({key: c.header, align: c.kind === 'number' || c.kind === 'bytes' ? ('right' as const) : ('left' as const)}));
	if (data.length === 0) return `${view.title}\n(no rows)`;
	return `${view.title}\n${renderToString(React.createElement(Table<Record<string, string>>, {data, columns}), {columns: Math.max(width, 400)})}`;
}


/** Renders prepared lines (already fitted to the width) with the theme's colours. */
import {Box, Text} from 'ink';
import React, {useContext} from 'react';
import type {Line} from '../layout/lines.js';
import {ThemeContext} from '../theme.js';

export type LinesProps = {readonly lines: readonly Line[]; readonly height?: number};

export function LineText({line}: {readonly line: Line}): React.ReactElement {
	const theme = useContext(ThemeContext);
	if (line.length === 0) return <Text> </Text>;
	return (
		<Text wrap="truncate-end">
			{line.map((s, i) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: a line is redrawn whole; its segments have no identity beyond their place
				<Text key={i} color={theme.color(s.tone)} bold={s.bold ?? false} inverse={s.inverse ?? false}>
					{s.text}
				</Text>
			))}
		</Text>
	);
}

/** A column of lines; `height` reserves that many rows (blank below the last line). */
export function Lines({lines, height}: LinesProps): React.ReactElement {
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{lines.map((line, i) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: rows of a window are screen positions, not items
				<LineText key={i} line={line} />
			))}
		</Box>
	);
}

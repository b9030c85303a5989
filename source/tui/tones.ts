/**
The colour of each tone (what a piece of text is), for Ink's `<Text color>` (theme.ts) and for the
first frame drawn as plain text before Ink is loaded (first-frame.ts): one table, so both draw alike.
*/
import type {Tone} from './layout/lines.js';

/** Ink's colour names (chalk's), by tone. */
export const TONE_COLORS: Readonly<Record<Tone, string | undefined>> = {
	first: 'green',
	vendor: 'yellow',
	third: 'red',
	danger: 'red',
	warn: 'yellow',
	muted: 'gray',
	accent: 'cyan',
	ok: 'green',
	title: undefined,
};

/** The same colours as SGR parameters (chalk's codes for those names). */
const SGR: Readonly<Record<string, string>> = {red: '31', green: '32', yellow: '33', cyan: '36', gray: '90'};

export const TONE_SGR: Readonly<Record<Tone, string | undefined>> = Object.fromEntries(
	Object.entries(TONE_COLORS).map(([tone, color]) => [tone, color === undefined ? undefined : SGR[color]]),
) as Record<Tone, string | undefined>;

/** True when the environment asks for no colour (NO_COLOR set to anything non-empty). */
export function noColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
	return (env['NO_COLOR'] ?? '') !== '';
}

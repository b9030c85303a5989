/**
Colours. A tone (what a piece of text is) maps to a colour here and only here. With NO_COLOR set
(https://no-color.org) every tone maps to no colour; the text already says everything on its own.
*/
import {createContext} from 'react';
import type {Tone} from './layout/lines.js';

export type Theme = {
	readonly noColor: boolean;
	color(tone: Tone | undefined): string | undefined;
};

const COLORS: Readonly<Record<Tone, string | undefined>> = {
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

export function createTheme(noColor: boolean): Theme {
	return {noColor, color: (tone) => (noColor || tone === undefined ? undefined : COLORS[tone])};
}

/** True when the environment asks for no colour (NO_COLOR set to anything non-empty). */
export function noColorRequested(env: NodeJS.ProcessEnv = process.env): boolean {
	return (env['NO_COLOR'] ?? '') !== '';
}

export const ThemeContext = createContext<Theme>(createTheme(false));

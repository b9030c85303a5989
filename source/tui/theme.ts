/**
Colours for Ink. A tone (what a piece of text is) maps to a colour in tones.ts and only there. With
NO_COLOR set (https://no-color.org) every tone maps to no colour; the text already says everything on
its own.
*/
import {createContext} from 'react';
import type {Tone} from './layout/lines.js';
import {noColorRequested, TONE_COLORS} from './tones.js';

export {noColorRequested};

export type Theme = {
	readonly noColor: boolean;
	color(tone: Tone | undefined): string | undefined;
};

export function createTheme(noColor: boolean): Theme {
	return {noColor, color: (tone) => (noColor || tone === undefined ? undefined : TONE_COLORS[tone])};
}

export const ThemeContext = createContext<Theme>(createTheme(false));

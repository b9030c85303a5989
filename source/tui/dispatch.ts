/**
Key → command. Ink's `useInput` hands over `(input, key)`; this module turns that into keymap key names
and looks them up in the current context. It is the only place raw key events are interpreted, so the
one `useInput` in the app stays a two-line function.

Ink delivers a burst of plain characters as one string (a paste, or keys typed faster than a read):
such input is split into single keys here and each is resolved in the context current at that point.
*/
import {commandFor, type CommandId, type KeyContext, type KeyName} from './keymap.js';

/** The fields of Ink's `Key` this module reads (Ink 6.8 `useInput`). */
export type InkKey = {
	readonly upArrow: boolean;
	readonly downArrow: boolean;
	readonly leftArrow: boolean;
	readonly rightArrow: boolean;
	readonly pageDown: boolean;
	readonly pageUp: boolean;
	readonly home?: boolean;
	readonly end?: boolean;
	readonly return: boolean;
	readonly escape: boolean;
	readonly ctrl: boolean;
	readonly shift: boolean;
	readonly tab: boolean;
	readonly backspace: boolean;
	readonly delete: boolean;
	readonly meta: boolean;
};

/** What one key event asks for: a command, or text to insert (filter input only). */
export type Resolved = {readonly kind: 'command'; readonly command: CommandId} | {readonly kind: 'text'; readonly text: string};

/** A key with no modifier flags set; tests and the splitter start from it. */
export const NO_KEY: InkKey = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
};

/** The keymap name of a single character typed on its own (as it arrives inside a burst). */
export function charKeyName(ch: string): KeyName | undefined {
	const code = ch.codePointAt(0) ?? 0;
	if (ch === '\r' || ch === '\n') return 'return';
	if (ch === '\t') return 'tab';
	if (ch === '\u007F' || ch === '\b') return 'backspace';
	if (ch === '\u001B') return 'escape';
	if (ch === ' ') return 'space';
	if (code >= 1 && code <= 26) return `C-${String.fromCharCode(code + 96)}`;
	if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return undefined;
	return ch;
}

/**
The keymap name of one Ink key event, or undefined for keys the app does not use (Alt combinations,
function keys, bursts of several characters — see `resolveInput`).
*/
export function keyName(input: string, key: InkKey): KeyName | undefined {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'return';
	if (key.tab) return key.shift ? 'S-tab' : 'tab';
	// Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
	if (key.backspace || key.delete) return 'backspace';
	// Ink sets `meta` for a lone Escape as well, so test `escape` first.
	if (key.escape) return 'escape';
	if (key.ctrl && /^[a-z]$/.test(input)) return `C-${input}`;
	if (key.meta || key.ctrl) return undefined;
	if ([...input].length !== 1) return undefined;
	return charKeyName(input);
}

/** The text a key types into a text field, if it is a printable key. */
export function typedText(name: KeyName): string | undefined {
	if (name === 'space') return ' ';
	return [...name].length === 1 ? name : undefined;
}

/**
The key names in one Ink input event, in order: usually one; a burst of plain characters (typed
faster than one read, or pasted) gives one per character. Unused keys give none.
*/
export function keyNames(input: string, key: InkKey): KeyName[] {
	const single = keyName(input, key);
	if (single !== undefined) return [single];
	// A mouse report (handled by `parseMouse`) or a mangled one is never typed as keys (`[` sorts, `0` switches view).
	if (key.ctrl || key.meta || [...input].length < 2 || /^\u001B?\[<[\d;]*[Mm]?$/.test(input)) return [];
	const names: KeyName[] = [];
	for (const ch of input) {
		const name = charKeyName(ch);
		if (name !== undefined) names.push(name);
	}
	return names;
}

/**
What a key asks for in a context: the bound command, or (in the filter input only) the text it types.
The caller asks again for each key of a burst, because an earlier key can change the context (`/`
opens the filter, after which `abc` is text).
*/
export function resolveKey(context: KeyContext, name: KeyName): Resolved | undefined {
	const command = commandFor(context, name);
	if (command) return {kind: 'command', command};
	if (context !== 'filter' && context !== 'save' && context !== 'search') return undefined;
	const text = typedText(name);
	return text === undefined ? undefined : {kind: 'text', text};
}

/**
A mouse event, from the SGR encoding terminals send once the UI asks for mouse reports
(`ESC [ < b ; x ; y M` for a press, `m` for a release). `x` and `y` are 0-based screen cells.
*/
export type MouseEvent = {
	readonly button: 'left' | 'middle' | 'right' | 'wheelUp' | 'wheelDown' | 'other';
	/** A press (or a wheel step); false for a release. */
	readonly press: boolean;
	/** Sent while the pointer moves with a button held (only when drag reports are on). */
	readonly motion: boolean;
	readonly x: number;
	readonly y: number;
	readonly shift: boolean;
	readonly meta: boolean;
	readonly ctrl: boolean;
};

const SGR_MOUSE = /^\u001B?\[<(\d{1,4});(\d{1,5});(\d{1,5})([Mm])$/;

/**
The mouse event in one input event, or undefined when it is not one. Ink hands a whole escape sequence
over as one event (with its ESC removed), so a mouse report is never split into keys.
*/
export function parseMouse(input: string): MouseEvent | undefined {
	const m = SGR_MOUSE.exec(input);
	if (!m) return undefined;
	const code = Number(m[1]);
	const x = Number(m[2]) - 1;
	const y = Number(m[3]) - 1;
	if (x < 0 || y < 0) return undefined;
	const low = code & 3;
	const wheel = (code & 64) !== 0;
	const button: MouseEvent['button'] = wheel ? (low === 0 ? 'wheelUp' : low === 1 ? 'wheelDown' : 'other') : (code & 128) !== 0 ? 'other' : low === 0 ? 'left' : low === 1 ? 'middle' : low === 2 ? 'right' : 'other';
	return {button, press: m[4] === 'M', motion: (code & 32) !== 0, x, y, shift: (code & 4) !== 0, meta: (code & 8) !== 0, ctrl: (code & 16) !== 0};
}

/** The last left click, to tell a double click. */
export type LastClick = {readonly at: number; readonly x: number; readonly y: number};

/** Two clicks on the same line this close together (ms) are a double click. */
export const DOUBLE_CLICK_MS = 400;

/**
The keymap name of a mouse event: `wheelup`, `wheeldown`, `click` (a left press) or `doubleclick` (a
second left press on the same line within DOUBLE_CLICK_MS); releases, drags and other buttons have none.
Returns the click to remember for the next event.
*/
export function mouseKeyName(event: MouseEvent, last: LastClick | undefined, now: number): {name: KeyName | undefined; last: LastClick | undefined} {
	if (event.button === 'wheelUp' || event.button === 'wheelDown') return {name: event.button === 'wheelUp' ? 'wheelup' : 'wheeldown', last};
	if (event.button !== 'left' || !event.press || event.motion) return {name: undefined, last};
	if (last && now - last.at <= DOUBLE_CLICK_MS && last.y === event.y) return {name: 'doubleclick', last: undefined};
	return {name: 'click', last: {at: now, x: event.x, y: event.y}};
}

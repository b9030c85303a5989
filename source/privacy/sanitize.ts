/**
Terminal safety. Every string that came from input passes through `sanitizeText` before it can reach
a screen, a table or a markdown export: escape sequences (CSI, OSC including OSC 8 hyperlinks and
OSC 52 clipboard writes, DCS, SOS/PM/APC), C0 and C1 control characters, DEL, and bidirectional
overrides (which can make a host name read backwards) are removed; line and tab characters become
spaces so one value stays on one line.
*/

// ESC-introduced sequences: OSC/DCS/SOS/PM/APC run to BEL or ST (ESC \\ or 0x9c); CSI to its final byte;
// anything else is a two-byte escape. An unterminated string sequence is removed to the end.
const ESCAPE_SEQUENCE =
	/(?:\u001B[\]PX^_]|[\u0090\u0098\u009D\u009E\u009F])[^\u0007\u001B\u009C]*(?:\u0007|\u001B\\|\u009C|$)|(?:\u001B\[|\u009B)[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|\u001B[\u0020-\u002F]*[\u0030-\u007E]?/g;
// Remaining controls: C0 (except tab/newlines, handled below), DEL, C1, and bidi/invisible direction marks.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C]/g;
const LINE_BREAKS = /[\t\n\r\u2028\u2029\u0085]+/g;
// One cheap test decides whether any work is needed; almost every input string is clean.
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069\u061C\u2028\u2029]/;

/** Strip terminal escape sequences and control characters; returns the input itself when it is clean. */
export function sanitizeText(value: string): string {
	if (!UNSAFE.test(value)) return value;
	return value.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAKS, ' ').replace(CONTROL, '');
}

/** True when the string holds nothing that `sanitizeText` would change. */
export function isTerminalSafe(value: string): boolean {
	return !UNSAFE.test(value);
}

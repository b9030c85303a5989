/**
The keymap, as data: every command the UI knows, every key bound to one, and the context a binding
applies in. This is the only file that names keys. The input dispatcher (`dispatch.ts`), the help
screen and the README key table (`keymapMarkdown`) are all derived from it.

Lookup goes "the current context, then `global`" (as in mitmproxy's console keymap), except in the
text-entry contexts (`filter`, `export`), which have no fallback so that typed letters stay letters.

Every action has a plain-letter key: Ctrl-S/Ctrl-Q are eaten by terminal flow control and Ctrl-A/Ctrl-B
are tmux prefixes, so none of those is used.
*/

/** The key that shows the view at tab position `index` (0-based): 1 … 9, 0, then T (the timeline). */
export function viewKeyOf(index: number): string {
	return index < 10 ? String((index + 1) % 10) : 'T';
}

/** Where a binding applies. */
export const CONTEXTS = ['global', 'table', 'detail', 'filter', 'search', 'export', 'save', 'confirm', 'columns', 'help'] as const;
export type KeyContext = (typeof CONTEXTS)[number];

/** Human titles of the contexts, in help-screen order. */
export const CONTEXT_TITLES: Readonly<Record<KeyContext, string>> = {
	global: 'Everywhere',
	table: 'Tables',
	detail: 'Record detail',
	filter: 'Filter input (type to edit)',
	search: 'Search input (type to edit)',
	export: 'Export prompt (w, B): the format',
	save: 'File name prompt (type to edit)',
	confirm: 'Overwrite prompt',
	columns: 'Column chooser',
	help: 'This help',
};

/** Contexts that fall back to `global` for keys they do not bind themselves. */
export const FALLS_BACK_TO_GLOBAL: ReadonlySet<KeyContext> = new Set(['table', 'detail', 'help']);

/** Every command, with the one-line description the help screen shows. Ids are dotted by area. */
export const COMMANDS = {
	'app.quit': 'Quit',
	'app.help': 'Show the keys',
	'app.suspend': 'Suspend to the shell (fg comes back), the terminal given back meanwhile',
	'view.next': 'Next view',
	'view.prev': 'Previous view',
	'view.overview': 'Overview',
	'view.destinations': 'Destinations',
	'view.formats': 'Formats',
	'view.resolutions': 'Resolutions',
	'view.devices': 'Devices',
	'view.identifiers': 'Identifiers',
	'view.policy': 'Policy',
	'view.records': 'Records',
	'view.settings': 'Settings',
	'view.ledger': 'Ledger',
	'view.timeline': 'Timeline',
	'compare.next': 'Compare mode (diff): show Before, After, or the Diff',
	'cursor.up': 'Up one line',
	'cursor.down': 'Down one line',
	'cursor.top': 'To the top',
	'cursor.bottom': 'To the bottom',
	'cursor.pageUp': 'Page up',
	'cursor.pageDown': 'Page down',
	'cursor.halfUp': 'Half a page up',
	'cursor.halfDown': 'Half a page down',
	'sort.next': 'Sort by the next column',
	'sort.prev': 'Sort by the previous column',
	'sort.reverse': 'Reverse the sort order',
	'sort.ascending': 'Sort ascending',
	'sort.descending': 'Sort descending',
	'row.open': 'Open: a group row shows its records (adds to the filter), a record shows its detail; in compare mode a diff row shows both sides',
	'drill.destinations': 'Destinations contacted by the device of this row',
	'drill.devices': 'Devices that contacted the host of this row',
	'drill.host': 'Records sent to the host of this record',
	'record.prev': 'Previous record',
	'record.next': 'Next record',
	'nav.back': 'Back (close detail, previous view and filter, then clear the filter)',
	'nav.backOrQuit': 'Back; quit when there is nothing to go back to',
	'filter.open': 'Filter every view (e.g. party:third !host:plex.tv)',
	'filter.clear': 'Clear the filter',
	'filter.apply': 'Apply the filter',
	'filter.cancel': 'Cancel editing',
	'filter.backspace': 'Delete the last character',
	'filter.clearLine': 'Clear the line',
	'filter.deleteWord': 'Delete the last word',
	'filter.complete': 'Complete the field name or value (again: the next candidate)',
	'filter.historyPrev': 'Previous filter from the history',
	'filter.historyNext': 'Next filter from the history',
	'export.open': 'Export the view as shown (filtered, sorted) to a file (asks the format and the file name)',
	'group.toggle': 'Group by registrable domain (a Destinations row per domain; the ledger and identifiers list domains), or back to hosts',
	'mark.toggle': 'Destinations: mark the host as reviewed, or unmark it (kept in the marks file)',
	'blocklist.write': 'Destinations: write a blocklist of the blockable hosts shown (asks the format and the file name)',
	'export.csv': 'Write CSV',
	'export.json': 'Write JSON',
	'export.cancel': 'Cancel',
	'export.hosts': 'Blocklist as a hosts file',
	'export.dnsmasq': 'Blocklist for dnsmasq / Pi-hole',
	'export.adguard': 'Blocklist for AdGuard Home',
	'export.unbound': 'Blocklist for unbound',
	'save.write': 'Write the file (asks before replacing one)',
	'save.cancel': 'Cancel',
	'save.backspace': 'Delete the last character',
	'save.clearLine': 'Clear the name',
	'save.deleteWord': 'Delete the last part of the name',
	'save.overwrite': 'Replace the existing file',
	'save.keep': 'Keep it: back to the name',
	'search.open': 'Search the rows without filtering them (n / N jump to the next / previous match)',
	'search.next': 'Next row that matches the search',
	'search.prev': 'Previous row that matches the search',
	'search.apply': 'Search, and go to the first match from the cursor',
	'search.cancel': 'Cancel the search',
	'search.backspace': 'Delete the last character',
	'search.clearLine': 'Clear the line',
	'search.deleteWord': 'Delete the last word',
	'columns.open': 'Choose the columns: show, hide, reorder (remembered per view)',
	'columns.up': 'Up one column',
	'columns.down': 'Down one column',
	'columns.toggle': 'Show or hide the column',
	'columns.moveUp': 'Move the column left (up the list)',
	'columns.moveDown': 'Move the column right (down the list)',
	'columns.reset': 'Back to the view\'s default columns',
	'columns.close': 'Close the chooser',
	'mouse.scrollUp': 'Scroll up three lines',
	'mouse.scrollDown': 'Scroll down three lines',
	'mouse.select': 'Select the tab or the row under the pointer; on a column title, sort by it (again: reverse); in the column chooser, select the column, and on its [x] box show or hide it',
	'mouse.open': 'Open the row under the pointer (as Enter); in the overview, a "Top …" title shows its view and a top row opens its records; in the column chooser, show or hide the column',
} as const satisfies Record<string, string>;

export type CommandId = keyof typeof COMMANDS;

/**
A key in the keymap's notation: a single printable character (`j`, `G`, `?`, `1`), a named key
(`up`, `down`, `left`, `right`, `pageup`, `pagedown`, `home`, `end`, `return`, `escape`, `tab`,
`space`, `backspace`), `S-tab` (Shift-Tab), `C-x` (Ctrl and a letter), or a mouse event
(`wheelup`, `wheeldown`, `click`, `doubleclick`; see `parseMouse` in dispatch.ts).
*/
export type KeyName = string;

export type Binding = {
	readonly key: KeyName;
	readonly command: string;
	readonly contexts: readonly KeyContext[];
};

const NAV_CONTEXTS: readonly KeyContext[] = ['table', 'detail', 'help'];

function bind(keys: readonly KeyName[], command: CommandId, contexts: readonly KeyContext[]): Binding[] {
	return keys.map((key) => ({key, command, contexts}));
}

/**
A line typed into (the filter, a search, a file name): Enter and Escape, and the same editing keys in
each — Backspace, Ctrl-U clears the line, Ctrl-W deletes the last word (of a file name, its last part).
*/
function lineKeys(line: 'filter' | 'search' | 'save', enter: CommandId, cancel: CommandId): Binding[] {
	return [
		...bind(['return'], enter, [line]),
		...bind(['escape'], cancel, [line]),
		...bind(['backspace'], `${line}.backspace`, [line]),
		...bind(['C-u'], `${line}.clearLine`, [line]),
		...bind(['C-w'], `${line}.deleteWord`, [line]),
	];
}

/** Every binding. A key may be bound once per context; more specific contexts shadow `global`. */
export const BINDINGS: readonly Binding[] = [
	...bind(['Q', 'C-c'], 'app.quit', ['global']),
	...bind(['C-c'], 'app.quit', ['filter', 'search', 'export', 'save', 'confirm', 'columns']),
	...bind(['C-z'], 'app.suspend', ['global', 'filter', 'search', 'export', 'save', 'confirm', 'columns']),
	...bind(['?'], 'app.help', ['global']),
	...bind(['tab'], 'view.next', ['global']),
	...bind(['S-tab'], 'view.prev', ['global']),
	...bind(['l', 'right'], 'view.next', ['table']),
	...bind(['h', 'left'], 'view.prev', ['table']),
	...bind(['1'], 'view.overview', ['global']),
	...bind(['2'], 'view.destinations', ['global']),
	...bind(['3'], 'view.formats', ['global']),
	...bind(['4'], 'view.resolutions', ['global']),
	...bind(['5'], 'view.devices', ['global']),
	...bind(['6'], 'view.identifiers', ['global']),
	...bind(['7'], 'view.policy', ['global']),
	...bind(['8'], 'view.records', ['global']),
	...bind(['9'], 'view.settings', ['global']),
	...bind(['0'], 'view.ledger', ['global']),
	...bind(['T'], 'view.timeline', ['global']),
	...bind(['o'], 'compare.next', ['global']),
	...bind(['/'], 'filter.open', ['global']),
	...bind(['w'], 'export.open', ['global']),

	...bind(['up', 'k'], 'cursor.up', NAV_CONTEXTS),
	...bind(['down', 'j'], 'cursor.down', NAV_CONTEXTS),
	...bind(['g', 'home'], 'cursor.top', NAV_CONTEXTS),
	...bind(['G', 'end'], 'cursor.bottom', NAV_CONTEXTS),
	...bind(['pageup', 'b'], 'cursor.pageUp', NAV_CONTEXTS),
	...bind(['pagedown', 'space'], 'cursor.pageDown', NAV_CONTEXTS),
	...bind(['C-u', 'U'], 'cursor.halfUp', NAV_CONTEXTS),
	...bind(['C-d', 'D'], 'cursor.halfDown', NAV_CONTEXTS),

	...bind(['s'], 'sort.next', ['table']),
	...bind(['S'], 'sort.prev', ['table']),
	...bind(['r'], 'sort.reverse', ['table']),
	...bind(['['], 'sort.ascending', ['table']),
	...bind([']'], 'sort.descending', ['table']),
	...bind(['return'], 'row.open', ['table', 'detail']),
	...bind(['d'], 'drill.destinations', ['table', 'detail']),
	...bind(['v'], 'drill.devices', ['table', 'detail']),
	...bind(['t'], 'drill.host', ['detail']),
	...bind(['x'], 'filter.clear', ['table', 'detail']),
	...bind(['m'], 'mark.toggle', ['table']),
	...bind(['z'], 'group.toggle', ['table']),
	...bind(['B'], 'blocklist.write', ['table']),
	...bind(['c'], 'columns.open', ['table']),
	...bind(['\\', 'C-f'], 'search.open', ['table']),
	...bind(['n'], 'search.next', ['table']),
	...bind(['N'], 'search.prev', ['table']),
	...lineKeys('search', 'search.apply', 'search.cancel'),
	...bind(['escape'], 'nav.back', ['table', 'detail', 'help']),
	...bind(['q'], 'nav.backOrQuit', ['table']),
	...bind(['q', '?'], 'nav.back', ['detail', 'help']),

	...bind(['h', 'left', 'p'], 'record.prev', ['detail']),
	...bind(['l', 'right', 'n'], 'record.next', ['detail']),

	...lineKeys('filter', 'filter.apply', 'filter.cancel'),
	...bind(['tab'], 'filter.complete', ['filter']),
	...bind(['up'], 'filter.historyPrev', ['filter']),
	...bind(['down'], 'filter.historyNext', ['filter']),

	...bind(['c'], 'export.csv', ['export']),
	...bind(['j'], 'export.json', ['export']),
	...bind(['escape', 'q'], 'export.cancel', ['export']),
	...bind(['h'], 'export.hosts', ['export']),
	...bind(['d'], 'export.dnsmasq', ['export']),
	...bind(['a'], 'export.adguard', ['export']),
	...bind(['u'], 'export.unbound', ['export']),

	...lineKeys('save', 'save.write', 'save.cancel'),
	...bind(['y'], 'save.overwrite', ['confirm']),
	...bind(['n', 'escape', 'q'], 'save.keep', ['confirm']),

	...bind(['up', 'k'], 'columns.up', ['columns']),
	...bind(['down', 'j'], 'columns.down', ['columns']),
	...bind(['space', 'x'], 'columns.toggle', ['columns']),
	...bind(['K', '-'], 'columns.moveUp', ['columns']),
	...bind(['J', '+'], 'columns.moveDown', ['columns']),
	...bind(['r'], 'columns.reset', ['columns']),
	...bind(['return', 'escape', 'c', 'q'], 'columns.close', ['columns']),

	// The mouse (off with --no-mouse): the wheel scrolls what is on screen, a click selects, a double click opens.
	...bind(['wheelup'], 'mouse.scrollUp', NAV_CONTEXTS),
	...bind(['wheeldown'], 'mouse.scrollDown', NAV_CONTEXTS),
	...bind(['wheelup'], 'columns.up', ['columns']),
	...bind(['wheeldown'], 'columns.down', ['columns']),
	...bind(['click'], 'mouse.select', ['global', 'columns']),
	...bind(['doubleclick'], 'mouse.open', ['table', 'columns']),
];

/** True when `id` names a command. */
export function isCommand(id: string): id is CommandId {
	return Object.hasOwn(COMMANDS, id);
}

const lookup = new Map<string, CommandId>();
for (const b of BINDINGS) {
	if (!isCommand(b.command)) continue; // reported by the keymap test
	for (const context of b.contexts) lookup.set(`${context}\u0000${b.key}`, b.command);
}

/** The command a key runs in a context (falling back to `global` where that context does). */
export function commandFor(context: KeyContext, key: KeyName): CommandId | undefined {
	return lookup.get(`${context}\u0000${key}`) ?? (FALLS_BACK_TO_GLOBAL.has(context) ? lookup.get(`global\u0000${key}`) : undefined);
}

const KEY_LABELS: Readonly<Record<string, string>> = {
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
	return: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
	'S-tab': 'Shift-Tab',
	space: 'Space',
	backspace: 'Backspace',
	wheelup: 'Wheel up',
	wheeldown: 'Wheel down',
	click: 'Click',
	doubleclick: 'Double-click',
};

/** How a key is written for people: `Ctrl-d`, `Shift-Tab`, `PgDn`, `G`. */
export function keyLabel(key: KeyName): string {
	if (key.startsWith('C-') && key.length === 3) return `Ctrl-${key.slice(2)}`;
	return KEY_LABELS[key] ?? key;
}

/** One help entry: a command and the keys that run it in one context. */
export type HelpEntry = {readonly command: CommandId; readonly keys: readonly string[]; readonly description: string};

/** The keymap grouped by context, in binding order, for the help screen and the README. */
export function helpSections(): Array<{context: KeyContext; title: string; entries: HelpEntry[]}> {
	return CONTEXTS.map((context) => {
		const byCommand = new Map<CommandId, string[]>();
		for (const b of BINDINGS) {
			if (!b.contexts.includes(context) || !isCommand(b.command)) continue;
			const keys = byCommand.get(b.command) ?? [];
			keys.push(keyLabel(b.key));
			byCommand.set(b.command, keys);
		}
		const entries = [...byCommand.entries()].map(([command, keys]) => ({command, keys, description: COMMANDS[command]}));
		return {context, title: CONTEXT_TITLES[context], entries};
	}).filter((s) => s.entries.length > 0);
}

/** The keymap as a markdown table per context, for the README. */
export function keymapMarkdown(): string {
	const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`');
	const code = (k: string): string => (k === '`' ? '`` ` ``' : `\`${k.replace(/\|/g, '\\|')}\``);
	return helpSections()
		.map((s) => [`#### ${s.title}`, '', '| Keys | Command | What it does |', '| --- | --- | --- |', ...s.entries.map((e) => `| ${e.keys.map(code).join(', ')} | \`${e.command}\` | ${esc(e.description)} |`)].join('\n'))
		.join('\n\n');
}

/** The keys (as labels) that run a command in a context, including those it inherits from `global`. */
export function keysFor(command: CommandId, context: KeyContext): string[] {
	const keys: string[] = [];
	for (const b of BINDINGS) {
		if (b.command !== command) continue;
		const applies = b.contexts.includes(context) || (FALLS_BACK_TO_GLOBAL.has(context) && b.contexts.includes('global'));
		if (applies && commandFor(context, b.key) === command) keys.push(keyLabel(b.key));
	}
	return keys;
}

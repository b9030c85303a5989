import {describe, expect, it} from 'vitest';
import {keyName, keyNames, NO_KEY, resolveKey, type InkKey} from '../source/tui/dispatch.js';
import {BINDINGS, COMMANDS, CONTEXTS, commandFor, helpSections, isCommand, keyLabel, keymapMarkdown, keysFor, viewKeyOf, type KeyContext} from '../source/tui/keymap.js';
import {VIEWS} from '../source/views/registry.js';

describe('keymap data', () => {
	it('binds only real commands', () => {
		const unknown = BINDINGS.filter((b) => !isCommand(b.command)).map((b) => `${b.key} → ${b.command}`);
		expect(unknown).toEqual([]);
	});

	it('binds no key twice in the same context', () => {
		const seen = new Map<string, string>();
		const clashes: string[] = [];
		for (const b of BINDINGS) {
			for (const context of b.contexts) {
				const id = `${context} ${b.key}`;
				const before = seen.get(id);
				if (before !== undefined) clashes.push(`${id}: ${before} and ${b.command}`);
				seen.set(id, b.command);
			}
		}
		expect(clashes).toEqual([]);
	});

	it('gives every command at least one key, and every key a known context', () => {
		const bound = new Set(BINDINGS.map((b) => b.command));
		expect(Object.keys(COMMANDS).filter((c) => !bound.has(c))).toEqual([]);
		for (const b of BINDINGS) for (const c of b.contexts) expect(CONTEXTS).toContain(c);
	});

	it('has a digit per view, in tab order', () => {
		// 1 … 9, then 0 for the tenth.
		VIEWS.forEach((view, i) => expect(commandFor('table', viewKeyOf(i))).toBe(`view.${view.name}`));
	});

	it('uses no terminal-unsafe control keys (Ctrl-S, Ctrl-Q: flow control; Ctrl-A, Ctrl-B: tmux)', () => {
		for (const b of BINDINGS) expect(['C-s', 'C-q', 'C-a', 'C-b']).not.toContain(b.key);
	});

	it('gives every command a plain key (no modifier) somewhere, except line editing', () => {
		// Suspending is Ctrl-z everywhere (as in every terminal program), never a plain key.
		const lineEditing = new Set(['filter.clearLine', 'filter.deleteWord', 'save.clearLine', 'save.deleteWord', 'search.clearLine', 'search.deleteWord', 'app.suspend']);
		const plain = new Set(BINDINGS.filter((b) => !b.key.startsWith('C-') && b.key !== 'S-tab').map((b) => b.command));
		expect(Object.keys(COMMANDS).filter((c) => !plain.has(c) && !lineEditing.has(c))).toEqual([]);
	});

	it.each<{context: KeyContext; key: string; command: string | undefined}>([
		{context: 'table', key: 'j', command: 'cursor.down'},
		{context: 'table', key: 'q', command: 'nav.backOrQuit'},
		{context: 'detail', key: 'q', command: 'nav.back'},
		{context: 'table', key: 'Q', command: 'app.quit'},
		{context: 'detail', key: 'tab', command: 'view.next'},
		{context: 'help', key: 'escape', command: 'nav.back'},
		{context: 'filter', key: 'j', command: undefined},
		{context: 'filter', key: 'C-c', command: 'app.quit'},
		{context: 'filter', key: 'Q', command: undefined},
		{context: 'export', key: 'c', command: 'export.csv'},
		{context: 'export', key: '2', command: undefined},
	])('$context: $key → $command', ({context, key, command}) => {
		expect(commandFor(context, key)).toBe(command);
	});

	it('generates help and markdown from the same data', () => {
		const sections = helpSections();
		const described = new Set(sections.flatMap((s) => s.entries.map((e) => e.command)));
		expect([...described].sort()).toEqual(Object.keys(COMMANDS).sort());
		const md = keymapMarkdown();
		for (const command of Object.keys(COMMANDS)) expect(md).toContain(`\`${command}\``);
		expect(md).toContain('| `Ctrl-d`, `D` | `cursor.halfDown` |');
		expect(keysFor('cursor.down', 'table')).toEqual(['↓', 'j']);
		expect(keysFor('app.quit', 'detail')).toEqual(['Q', 'Ctrl-c']);
		expect(keyLabel('S-tab')).toBe('Shift-Tab');
	});
});

const key = (over: Partial<InkKey>): InkKey => ({...NO_KEY, ...over});

describe('dispatch: Ink key events → key names', () => {
	it.each<{description: string; input: string; key: InkKey; expected: string | undefined}>([
		{description: 'a letter', input: 'j', key: NO_KEY, expected: 'j'},
		{description: 'a capital (Ink sets shift)', input: 'G', key: key({shift: true}), expected: 'G'},
		{description: 'Ctrl-d', input: 'd', key: key({ctrl: true}), expected: 'C-d'},
		{description: 'Ctrl-C', input: 'c', key: key({ctrl: true}), expected: 'C-c'},
		{description: 'Shift-Tab', input: '', key: key({tab: true, shift: true}), expected: 'S-tab'},
		{description: 'Escape (Ink also sets meta)', input: '', key: key({escape: true, meta: true}), expected: 'escape'},
		{description: 'DEL from Backspace (Ink: delete)', input: '', key: key({delete: true}), expected: 'backspace'},
		{description: 'Space', input: ' ', key: NO_KEY, expected: 'space'},
		{description: 'PgDn', input: '', key: key({pageDown: true}), expected: 'pagedown'},
		{description: 'Home', input: '', key: key({home: true}), expected: 'home'},
		{description: 'Alt-j is not j', input: 'j', key: key({meta: true}), expected: undefined},
		{description: 'a wide character', input: '例', key: NO_KEY, expected: '例'},
	])('$description', ({input, key: k, expected}) => {
		expect(keyName(input, k)).toBe(expected);
	});

	it('splits a burst of characters into keys', () => {
		expect(keyNames('jjk', NO_KEY)).toEqual(['j', 'j', 'k']);
		expect(keyNames('ab c\r', NO_KEY)).toEqual(['a', 'b', 'space', 'c', 'return']);
		expect(keyNames('x\u0015y\u007F', NO_KEY)).toEqual(['x', 'C-u', 'y', 'backspace']);
	});

	it('types text only in the filter context', () => {
		expect(resolveKey('filter', 'j')).toEqual({kind: 'text', text: 'j'});
		expect(resolveKey('filter', 'space')).toEqual({kind: 'text', text: ' '});
		expect(resolveKey('filter', 'return')).toEqual({kind: 'command', command: 'filter.apply'});
		expect(resolveKey('table', '%')).toBeUndefined();
		expect(resolveKey('filter', 'up')).toEqual({kind: 'command', command: 'filter.historyPrev'});
		expect(resolveKey('filter', 'pageup')).toBeUndefined();
	});
});

/**
How a string from the inputs becomes report text. Every string passes `sanitizeText` first (terminal
escapes, C1 controls and bidirectional overrides out: they would spoof text in a browser as in a
terminal), then one escaper per target:

  HTML      `& < > " '` as entities; input text only ever lands in element content, never in markup,
            an attribute or a URL (the renderer puts no input string in an attribute);
  JSON      inside `<script type="application/json">`: `<`, `>`, `&`, U+2028 and U+2029 as \u escapes,
            so no `</script>` or `<!--` can end the block;
  Markdown  every character CommonMark or GitHub gives a meaning backslash-escaped (emphasis, code,
            links, images, raw HTML, tables, math, mentions, issue references, autolinks), line breaks
            made spaces, so a value is one inert run of text in a table cell or a list item.
*/
import {sanitizeText} from '../privacy/sanitize.js';

const HTML: Readonly<Record<string, string>> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

export function escapeHtml(value: string): string {
	return sanitizeText(value).replace(/[&<>"']/g, (c) => HTML[c]!);
}

export function jsonForScript(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? sanitizeText(v) : v))
		.replace(/</g, '\\u003c')
		.replace(/>/g, '\\u003e')
		.replace(/&/g, '\\u0026')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}

/**
ASCII punctuation with a meaning anywhere in GitHub-flavoured Markdown: emphasis `* _ ~`, code `` ` ``,
links, images and footnotes `[ ] !` (with `[` escaped, `( )` and `^` mean nothing), raw HTML and
autolinks `< >`, entities `&`, tables `|`, escapes `\`, issue references `#`, math `$`, mentions and
e-mail autolinks `@`. CommonMark lets a backslash escape any ASCII punctuation, so escaping them is
always valid; the rest (`.` `:` `-` `+` `=` after digits) only where they start something (`www.`,
`https://`, `mailto:`, `GH-12`, a list, heading or rule at the start), so hosts, times and dates stay
readable in the raw text.
*/
const MARKDOWN_ALWAYS = /[\\`*_[\]<>#!|~&$@]/g;

export function escapeMarkdown(value: string): string {
	return sanitizeText(value)
		.replace(/[\r\n\t\f\v\u0085\u2028\u2029]+/g, ' ')
		.replace(/ {2,}/g, ' ')
		.replace(MARKDOWN_ALWAYS, (c) => `\\${c}`)
		.replace(/(www)\./gi, '$1\\.')
		.replace(/:(?=\/)/g, '\\:')
		.replace(/(mailto|xmpp):/gi, '$1\\:')
		.replace(/(gh)-/gi, '$1\\-')
		.replace(/^([-+=])/, '\\$1')
		.replace(/^(\d+)([.)])/, '$1\\$2');
}

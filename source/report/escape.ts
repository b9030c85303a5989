/**
How a string from the inputs becomes report text. Every string passes `sanitizeText` first (terminal
escapes, C1 controls and bidirectional overrides out: they would spoof text in a browser as in a
terminal), then one escaper per target:

  HTML      `& < > " '` as entities; input text only ever lands in element content, never in markup,
            an attribute or a URL (the renderer puts no input string in an attribute);
  JSON      inside `<script type="application/json">`: `<`, `>`, `&`, U+2028 and U+2029 as \u escapes,
            so no `</script>` or `<!--` can end the block;
  Markdown  print mode's escaper (every character that starts inline markup, GitHub's autolinks) plus
            mentions, mailto and list markers, line breaks made spaces: a value is one inert run of
            text in a table cell or a list item.
*/
import {escapeMarkdown as printEscape} from '../output/write.js';
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
Markdown: the print mode's escaper (output/write.ts: every character that starts inline markup, and
GitHub's `https://` and `www.` autolinks) on one line of sanitised text, and what a report adds because
its text also goes into list items and is pasted into issues and forums: mentions and e-mail autolinks
(`@`), `mailto:` and `xmpp:` autolinks, `GH-12` references, and a list marker, rule or ordered-list
number at the start of a value. CommonMark lets a backslash escape any ASCII punctuation, so all of it
reads back as the same text.
*/
export function escapeMarkdown(value: string): string {
	const line = sanitizeText(value)
		.replace(/[\r\n\t\f\v\u0085\u2028\u2029]+/g, ' ')
		.replace(/ {2,}/g, ' ');
	return printEscape(line)
		.replace(/@/g, '\\@')
		.replace(/(mailto|xmpp):/gi, '$1\\:')
		.replace(/(gh)-/gi, '$1\\-')
		.replace(/^([-+=])/, '\\$1')
		.replace(/^(\d+)\./, '$1\\.');
}

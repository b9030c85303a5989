/**
The README's generated sections (keys, views, formats, options, report options), built from the same data the program
uses, so the README cannot drift: `npm run docs` writes them, `test/readme.test.ts` checks them.
*/
import {OPTIONS} from '../../source/cli/options.js';
import {REPORT_OPTIONS} from '../../source/cli/report.js';
import {FORMATS} from '../../source/formats/registry.js';
import {keymapMarkdown, viewKeyOf} from '../../source/tui/keymap.js';
import {VIEWS} from '../../source/views/registry.js';

const esc = (s: string): string => s.replace(/\|/g, '\\|');

export function sections(): Record<string, string> {
	return {
		keys: keymapMarkdown().trim(),
		views: [
			'| View | Key | What it shows | Columns |',
			'| --- | --- | --- | --- |',
			...VIEWS.map((v, i) => `| \`${v.name}\` | ${viewKeyOf(i)} | ${esc(v.description)} | ${v.columns.map((c) => `\`${c.key}\``).join(', ')} |`),
		].join('\n'),
		formats: [
			'| `--type` | Format |',
			'| --- | --- |',
			...FORMATS.map((f) => `| \`${f.name}\` | ${esc(f.title)} |`),
		].join('\n'),
		options: [
			'| Option | What it does |',
			'| --- | --- |',
			...OPTIONS.map((o) => `| \`${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}\` | ${esc(o.help)} |`),
		].join('\n'),
		'report-options': [
			'| Option | What it does |',
			'| --- | --- |',
			...REPORT_OPTIONS.map((o) => `| \`${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}\` | ${esc(o.help)} |`),
		].join('\n'),
	};
}

/** Replace the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` for each generated section. */
export function render(readme: string): string {
	let out = readme;
	for (const [name, body] of Object.entries(sections())) {
		const re = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
		if (!re.test(out)) throw new Error(`README has no ${name} section markers`);
		out = out.replace(re, (_m, start: string, end: string) => `${start}${body}\n${end}`);
	}
	return out;
}

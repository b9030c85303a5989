/**
No line over the width in `biome.json` (`formatter.lineWidth`, a tab counting `formatter.indentWidth`
columns), run by `npm run lint` after Biome. Biome's formatter would keep lines to it, but it is off
(CONTRIBUTING.md, "Style": turning it on rewrites every file), and Biome's linter has no line-width rule.
As a formatter does, a string, template or regex literal may run past the width: only the code around
literals (each counted as two columns) must fit. Lines written before the rule are counted per file in
`line-width-baseline.json` beside this file; a file may have fewer, never more (a new file has none). After
making a file narrower, `node --import tsx test/helpers/line-width.ts --update` lowers its count.
*/
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import ts from 'typescript';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const BASELINE = join(ROOT, 'test/helpers/line-width-baseline.json');
const biome = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as {formatter: {lineWidth: number; indentWidth: number}};
export const WIDTH: number = biome.formatter.lineWidth;
const TAB = ' '.repeat(biome.formatter.indentWidth);

const LITERALS = new Set<ts.SyntaxKind>([
	ts.SyntaxKind.StringLiteral,
	ts.SyntaxKind.NoSubstitutionTemplateLiteral,
	ts.SyntaxKind.RegularExpressionLiteral,
	ts.SyntaxKind.TemplateHead,
	ts.SyntaxKind.TemplateMiddle,
	ts.SyntaxKind.TemplateTail,
	ts.SyntaxKind.JsxText,
]);

/** Numbers (1-based) of the lines whose code, each literal counted as two columns, is wider than WIDTH. */
export function wideLines(path: string, text: string): number[] {
	const lines = text.split('\n');
	const wide = lines.flatMap((l, i) => (l.replaceAll('\t', TAB).length > WIDTH ? [i] : []));
	if (wide.length === 0) return [];
	const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
	const literals: Array<[number, number]> = [];
	const walk = (node: ts.Node): void => {
		if (LITERALS.has(node.kind)) literals.push([node.getStart(source), node.end]);
		// forEachChild does not hand out a template's head and middle pieces as tokens: take them here.
		if (ts.isTemplateExpression(node)) {
			literals.push([node.head.getStart(source), node.head.end]);
			for (const span of node.templateSpans) {
				walk(span.expression);
				literals.push([span.literal.getStart(source), span.literal.end]);
			}
			return;
		}
		ts.forEachChild(node, walk);
	};
	walk(source);
	return wide
		.filter((i) => {
			const start = source.getPositionOfLineAndCharacter(i, 0);
			const end = start + lines[i]!.length;
			let literal = 0;
			for (const [a, b] of literals) literal += Math.max(0, Math.min(b, end) - Math.max(a, start) - 2);
			return lines[i]!.replaceAll('\t', TAB).length - literal > WIDTH;
		})
		.map((i) => i + 1);
}

/** The files Biome checks (`files.includes` in biome.json): source, tests but their fixtures, benchmarks, root *.ts. */
function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
		const path = join(dir, e.name);
		if (e.isDirectory()) return ['fixtures', 'node_modules', 'data'].includes(e.name) ? [] : files(path);
		return /\.(ts|tsx|mts|mjs|js)$/.test(e.name) ? [path] : [];
	});
}

/**
The check checks itself first (here rather than in a unit test: loading the TypeScript parser would cost the
unit tier seconds): code counts, a tab as the indent width, and a literal may run on.
*/
function selfCheck(): void {
	const code = `const x = f(${'a, '.repeat(60)}b);`;
	const literals = [`const x = '${'a'.repeat(200)}';`, `const y = /${'b'.repeat(200)}/u;`, `const z = \`\${x}${'c'.repeat(200)}\${y}\`;`, `const j = <b>${'d'.repeat(200)}</b>;`];
	const cases: Array<[string, string, number[]]> = [
		['x.tsx', [code, ...literals, code].join('\n'), [1, 6]],
		['x.ts', `\t\t${'a'.repeat(WIDTH - 3)};`, [1]],
		['x.ts', `\t\t${'a'.repeat(WIDTH - 5)};`, []],
		// A template is a literal only in its text: the code inside `${}` counts.
		['x.ts', `const t = \`\${${'f(a) + '.repeat(30)}1}\`;`, [1]],
	];
	for (const [path, text, expected] of cases) {
		const got = wideLines(path, text);
		if (got.join() !== expected.join()) throw new Error(`line-width self-check: expected lines [${expected}] of ${JSON.stringify(text.slice(0, 60))}…, got [${got}]`);
	}
}

function main(): void {
	selfCheck();
	const known = JSON.parse(readFileSync(BASELINE, 'utf8')) as Record<string, number>;
	const all = [...['source', 'test', 'bench', 'scripts'].flatMap((d) => files(join(ROOT, d))), ...readdirSync(ROOT).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, f))];
	const counts: Record<string, number> = {};
	const over: string[] = [];
	for (const path of all) {
		const file = relative(ROOT, path);
		const wide = wideLines(file, readFileSync(path, 'utf8'));
		if (wide.length > 0) counts[file] = wide.length;
		if (wide.length > (known[file] ?? 0)) over.push(`${file}:${wide[0]}: ${wide.length} lines of code over ${WIDTH} columns (${known[file] ?? 0} allowed), at lines ${wide.join(', ')}`);
	}
	if (process.argv.includes('--update')) {
		// Only ever lowers a count: a wider file is fixed, not written down.
		const next = Object.fromEntries(Object.entries(known).flatMap(([f, n]) => (counts[f] ? [[f, Math.min(n, counts[f])]] : [])));
		writeFileSync(BASELINE, `${JSON.stringify(next, null, '\t')}\n`);
	}
	const total = Object.values(counts).reduce((a, b) => a + b, 0);
	if (over.length > 0) {
		console.error(over.join('\n'));
		console.error(`line width: ${over.length} files have more lines over ${WIDTH} columns than allowed (test/helpers/line-width.ts)`);
		process.exitCode = 1;
	} else console.log(`line width: no new line over ${WIDTH} columns (${total} older ones left in ${Object.keys(counts).length} files, test/helpers/line-width-baseline.json)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();

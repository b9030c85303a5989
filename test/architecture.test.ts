/**
The pipeline is one-way: input → detect → parse → finalize → store → query → print / export / UI.
Every source file belongs to a layer, and an import may only go to the same layer or a lower one; two
folders of the same layer do not import each other; and no file imports itself through a cycle.
A new folder must be given a layer here, so the order stays written down.
*/
import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';

const ROOT = resolve(import.meta.dirname, '../source');

/** Lower numbers are lower layers. Folders of equal rank must not import each other. */
const LAYERS: ReadonlyArray<readonly [prefix: string, rank: number]> = [
	['model/', 0],
	['privacy/', 1],
	['input/', 1],
	['config/', 1],
	['formats/', 2],
	['detect/', 3],
	['classify/', 3],
	['store/', 4],
	['pipeline/', 5],
	['views/', 6],
	['output/', 7],
	['audit/', 7],
	// The evidence report: views' rows to one HTML or Markdown file (pure; the CLI reads and writes files).
	// Above output/ because it formats cells exactly as every other output does (output/cells.ts).
	['report/', 7.5],
	// Inside the UI: data and pure state, then layout, then what draws and runs it.
	['tui/keymap.ts', 8.0],
	['tui/dispatch.ts', 8.05],
	['tui/config.ts', 8.0],
	['tui/screen.ts', 8.0],
	['tui/state/', 8.0],
	['tui/layout/', 8.1],
	['tui/tones.ts', 8.15],
	['tui/theme.ts', 8.2],
	['tui/commands.ts', 8.2],
	// The first frame as plain text, before Ink is loaded: the query, layout and key handling above, no drawing.
	['tui/first-frame.ts', 8.25],
	['tui/use-terminal.ts', 8.3],
	['tui/export.ts', 8.3],
	['tui/components/', 8.3],
	['tui/use-tui.ts', 8.4],
	['tui/App.tsx', 8.5],
	['tui/run.tsx', 8.6],
	['cli/', 9],
	['cli.ts', 10],
];

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

function layerOf(file: string): {prefix: string; rank: number} | undefined {
	const rel = relative(ROOT, file);
	const hit = LAYERS.filter(([prefix]) => rel === prefix || rel.startsWith(prefix)).sort((a, b) => b[0].length - a[0].length)[0];
	return hit ? {prefix: hit[0], rank: hit[1]} : undefined;
}

/** Relative imports of a file (static and dynamic), resolved to source files. */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const out: string[] = [];
	for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)) {
		const target = resolve(dirname(file), m[1]!).replace(/\.js$/, '');
		out.push(readdirSync(dirname(target)).includes(`${target.split('/').pop()}.tsx`) ? `${target}.tsx` : `${target}.ts`);
	}
	return out;
}

describe('architecture', () => {
	const all = files(ROOT);
	const graph = new Map(all.map((f) => [f, importsOf(f)]));

	it('every source file has a layer', () => {
		expect(all.filter((f) => !layerOf(f)).map((f) => relative(ROOT, f))).toEqual([]);
	});

	it('imports only go down the pipeline (or stay in their own folder)', () => {
		const climbing: string[] = [];
		for (const [file, targets] of graph) {
			const from = layerOf(file)!;
			for (const target of targets) {
				const to = layerOf(target);
				if (!to) continue;
				const sameFolder = from.prefix === to.prefix;
				if (to.rank > from.rank || (to.rank === from.rank && !sameFolder && Number.isInteger(from.rank))) climbing.push(`${relative(ROOT, file)} → ${relative(ROOT, target)}`);
			}
		}
		expect(climbing).toEqual([]);
	});

	it('no import cycles between files', () => {
		const cycles: string[] = [];
		const state = new Map<string, 'open' | 'done'>();
		const visit = (file: string, path: string[]): void => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'open') {
				cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → '));
				return;
			}
			state.set(file, 'open');
			for (const t of graph.get(file) ?? []) if (graph.has(t)) visit(t, [...path, file]);
			state.set(file, 'done');
		};
		for (const f of all) visit(f, []);
		expect(cycles).toEqual([]);
	});

	it('the checker sees a climbing import (it is not vacuous)', () => {
		const store = all.find((f) => f.endsWith('store/store.ts'))!;
		expect(layerOf(store)!.rank).toBeLessThan(layerOf(all.find((f) => f.endsWith('views/query.ts'))!)!.rank);
		expect(graph.get(all.find((f) => f.endsWith('views/query.ts'))!)).toContain(store);
	});
});

/**
`npm run bundle`: the CLI as one ES module, `dist/telemetry-tui.mjs` (esbuild), for the published binary.
Loading one file instead of a few hundred modules (Ink, React, yoga, our own) roughly halves the time
to the first frame. CommonJS libraries loaded on first use through `createRequire` (tldts, dns-packet)
stay outside the bundle and are resolved from node_modules as before; so is every `node:` module.
*/
import {build} from 'esbuild';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

/**
Ink turns every frame into text cell by cell, and for each cell compares its styles with the previous
cell's (`diffAnsiCodes`: three Sets and three arrays a cell). Neighbouring cells almost always have the
same styles, for which the difference is empty, so the bundle checks that first: a third to a half of a
cold start's first frame (measured 770 → see README "Performance"). The output is the same text. The
patch is exact: if a new version of the file no longer has the line, the bundle fails instead of
silently going without.
*/
const STYLED_CHARS = /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/;
const DIFF_LINE = 'ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));';
function patchStyledChars(path) {
	const text = readFileSync(path, 'utf8');
	if (!text.includes(DIFF_LINE)) throw new Error(`${path}: the line to patch is gone (${DIFF_LINE}); update scripts/bundle.mjs`);
	const same = 'function sameCodes(a, b) { if (a === b) return true; if (a.length !== b.length) return false; for (let k = 0; k < a.length; k++) if (a[k].code !== b[k].code) return false; return true; }\n';
	return same + text.replace(DIFF_LINE, 'if (!sameCodes(chars[i - 1].styles, char.styles)) ' + DIFF_LINE);
}

const root = resolve(import.meta.dirname, '..');
const outfile = join(root, 'dist', 'telemetry-tui.mjs');
const result = await build({
	entryPoints: [join(root, 'source', 'cli.ts')],
	outfile,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	minify: true,
	keepNames: false,
	legalComments: 'linked',
	// React and Ink read NODE_ENV; the CLI sets "production" too, but a constant lets esbuild drop the development builds.
	define: {'process.env.NODE_ENV': '"production"'},
	// Bundled CommonJS (React, signal-exit …) calls require for Node's own modules.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	external: ['tldts', 'dns-packet'],
	// Ink's React DevTools hook is only imported when DEV=true, which the CLI removes first; keep it out.
	plugins: [
		{
			name: 'no-devtools',
			setup(b) {
				b.onResolve({filter: /^react-devtools-core$|devtools\.js$/}, (args) => ({path: args.path, namespace: 'no-devtools'}));
				b.onLoad({filter: /.*/, namespace: 'no-devtools'}, () => ({contents: 'export default {}; export const connectToDevTools = () => {};', loader: 'js'}));
			},
		},
		{
			name: 'same-styles-fast-path',
			setup(b) {
				b.onLoad({filter: STYLED_CHARS}, (args) => ({contents: patchStyledChars(args.path), loader: 'js'}));
			},
		},
	],
	logLevel: 'warning',
	// cli.ts sets NODE_ENV for the unbundled build; in the bundle it is the constant above.
	logOverride: {'assign-to-define': 'silent'},
	metafile: true,
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
process.stderr.write(`bundled ${Object.keys(result.metafile.inputs).length} modules into ${outfile} (${(bytes / 1024).toFixed(0)} kB)\n`);

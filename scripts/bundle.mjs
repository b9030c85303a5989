/**
`npm run bundle` (`--no-minify` for profiling): the CLI as one file, `dist/telemetry-tui.mjs` (esbuild),
for the published binary. Loading one file instead of a few hundred modules (Ink, React, yoga, our own)
roughly halves the time to the first frame. The file is a small ES module, the head
(source/cli/bundle-head.ts), followed by the program as `//` comment lines with its SHA-1 in the line
before it: the head takes the screen, then compiles the program with V8's code cache
(source/cli/code-cache.ts). CommonJS libraries loaded on first use through `createRequire` (tldts,
dns-packet) stay outside the bundle and are resolved from node_modules as before; so is every `node:`
module.
*/
import {build, transform} from 'esbuild';
import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {GRAPHEME_PATCHES, SAME_STYLES_PATCHES} from './ink-patches.mjs';

/** Where the program starts in the bundle, with its SHA-1; read by programText in source/cli/code-cache.ts (test/code-cache.test.ts checks). */
const programMark = (hash) => `\n//--- program ${hash} ---\n`;

/** A plugin that loads each file a `[filter, patch]` pair matches as `patch(path)` gives it (undefined: as it is). */
function patching(name, ...patches) {
	return {
		name,
		setup(b) {
			for (const [filter, patch] of patches) {
				b.onLoad({filter}, (args) => {
					const contents = patch(args.path);
					return contents === undefined ? undefined : {contents, loader: 'js'};
				});
			}
		},
	};
}

const root = resolve(import.meta.dirname, '..');
const outfile = join(root, 'dist', 'telemetry-tui.mjs');
/** What both builds share: one ES module file each (written by this script, not by esbuild: `write: false`). */
const common = {
	outfile,
	format: 'esm',
	bundle: true,
	platform: 'node',
	target: 'node20',
	minify: !process.argv.includes('--no-minify'),
	keepNames: false,
	// Non-ASCII characters escaped where esbuild can (the program is carried in comment lines, where a raw
	// line separator such as U+2028 would end the comment; checked below).
	charset: 'ascii',
	// React and Ink read NODE_ENV; the CLI sets "production" too, but a constant lets esbuild drop the development builds.
	define: {'process.env.NODE_ENV': '"production"'},
	logLevel: 'warning',
	// early.ts sets NODE_ENV for the unbundled build; in the bundle it is the constant above.
	logOverride: {'assign-to-define': 'silent'},
	metafile: true,
	write: false,
};

/*
The program (source/cli/bundle-program.ts and all it imports): a CommonJS-style function the head compiles
with V8's code cache (source/cli/code-cache.ts). `vm.Script` runs scripts, not ES modules, hence the format;
`import.meta.url` is the bundle's own, passed in by the head.
*/
const program = await build({
	...common,
	entryPoints: [join(root, 'source', 'cli', 'bundle-program.ts')],
	// ES module first (`common.format`): Ink and yoga await at the top of modules, which esbuild's CommonJS
	// output refuses, but in one file those modules are initialised lazily by async functions. The one import
	// statement left at the top (the banner's) is made a require call below.
	legalComments: 'linked',
	define: {...common.define, 'import.meta.url': '__importMetaUrl'},
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
		// Ink's fast paths (scripts/ink-patches.mjs; the tests load the same with scripts/ink-patches-hook.mjs).
		patching('same-styles-fast-path', ...SAME_STYLES_PATCHES),
		...(process.env['TELEMETRY_TUI_NO_GRAPHEME_PATCH'] ? [] : [patching('grapheme-fast-path', ...GRAPHEME_PATCHES)]),
	],
});
// The head: takes the screen, then compiles and runs the program (source/cli/bundle-head.ts).
const head = await build({
	...common,
	entryPoints: [join(root, 'source', 'cli', 'bundle-head.ts')],
	legalComments: 'none',
	banner: {js: '#!/usr/bin/env node'},
});

// The ES module's own imports (Node's modules) and exports become a CommonJS script's.
const code = (await transform(program.outputFiles.find((f) => f.path === outfile).text, {format: 'cjs', platform: 'node', target: 'node20', charset: 'ascii', minifyWhitespace: common.minify, minifySyntax: common.minify, logLevel: 'warning'})).code;
// esbuild leaves non-ASCII characters in regular expression literals; there (as in strings, where there
// are any) \uXXXX means the same character. An ASCII program is read as one-byte text (latin1), several
// times faster than decoding UTF-8, and no line separator (U+2028) can end a comment line early.
const ascii = code.replace(/[^\t\n\r\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
if (code.includes('\r')) throw new Error('the program has a carriage return (a template literal would read it as a newline once escaped); it cannot be carried in comment lines');
if (ascii.includes('\n//--- program ')) throw new Error('the program holds its own mark');
const wrapped = `(function (exports, require, module, __filename, __dirname, __importMetaUrl) {\n${ascii}\n})`;
// The hash of the text the head reads back (its last line's newline included).
const mark = programMark(createHash('sha1').update(`${wrapped}\n`, 'latin1').digest('hex'));
const text = `${head.outputFiles.find((f) => f.path === outfile).text.replace(/\n$/, '')}${mark}${wrapped.split('\n').map((l) => `//${l}`).join('\n')}\n`;
mkdirSync(dirname(outfile), {recursive: true});
writeFileSync(outfile, text, {mode: 0o755});
chmodSync(outfile, 0o755);
for (const f of program.outputFiles) if (f.path !== outfile) writeFileSync(f.path, f.contents);
/*
The parse worker (source/pipeline/worker.ts) as a file of its own beside the bundle: a large input is read
and parsed in a second thread, which starts from this file (worker.ts finds it beside the bundle's URL).
It holds the input layer, detection and the parsers only, no UI.
*/
const worker = await build({
	...common,
	entryPoints: [join(root, 'source', 'pipeline', 'parse-worker.ts')],
	outfile: join(root, 'dist', 'parse-worker.mjs'),
	format: 'esm',
	legalComments: 'none',
	external: ['tldts', 'dns-packet'],
	write: true,
});
const modules = Object.keys(program.metafile.inputs).length + Object.keys(head.metafile.inputs).length;
process.stderr.write(`bundled ${modules} modules into ${outfile} (${(Buffer.byteLength(text) / 1024).toFixed(0)} kB; head ${(head.outputFiles[0].contents.length / 1024).toFixed(1)} kB)\n`);
process.stderr.write(`bundled ${Object.keys(worker.metafile.inputs).length} modules into dist/parse-worker.mjs (the parse worker)\n`);

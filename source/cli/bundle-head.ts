/**
The head of the single-file bundle (`dist/telemetry-tui.mjs`, scripts/bundle.mjs): a few kB that take the
screen at once, then compile the program — carried in the same file, after the head, as comment lines —
with V8's code cache (source/cli/code-cache.ts) and run it. With the cache V8 neither parses the program
nor compiles the functions start-up needs; without it (first run, a new version, no writable cache
folder) it is compiled as any script is.
*/
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname} from 'node:path';
import {fileURLToPath} from 'node:url';
import {earlyScreen} from '../tui/screen.js';
import {codeCacheDir, programText, runCached} from './code-cache.js';
import {earlyScreenLine, prepareProcess} from './early.js';
import type {runCli} from './start.js';

prepareProcess();
const args = process.argv.slice(2);
const line = earlyScreenLine(args, process.stdin, process.stdout);
// Something on screen, and keys kept for the UI, before the program is even read.
const early = line === undefined ? undefined : earlyScreen(process.stdout, process.stdin, line);
const self = fileURLToPath(import.meta.url);
const program = programText(readFileSync(self));
if (program === undefined) throw new Error(`${self}: no program after the head (rebuild with npm run bundle)`);
// --help and --version run next to nothing: a cache saved by them would hold next to nothing.
const cacheDir = process.env['TELEMETRY_TUI_NO_CODE_CACHE'] || args.some((a) => /^(-[a-zA-Z]*[hV]|--help|--version)$/.test(a)) ? undefined : codeCacheDir();
const {value, cached, save} = runCached(program.text, program.hash, self, line === undefined ? 'print' : 'ui', cacheDir);
// At exit every function the run needed has been compiled, and goes into the cache with the script.
if (!cached && cacheDir !== undefined) process.once('exit', save);
const module = {exports: {} as {runCli?: typeof runCli}};
(value as (exports: object, require: NodeJS.Require, module: object, filename: string, dir: string, metaUrl: string) => void)(module.exports, createRequire(import.meta.url), module, self, dirname(self), import.meta.url);
await module.exports.runCli!(args, early);

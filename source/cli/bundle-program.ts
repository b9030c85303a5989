/**
The program of the single-file bundle: what its head (source/cli/bundle-head.ts) compiles through the
code cache and runs. scripts/bundle.mjs builds it as a CommonJS-style script.
*/
export {runCli} from './start.js';

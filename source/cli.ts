#!/usr/bin/env node
/**
The `telemetry-tui` binary as built by tsc (`dist/cli.js`); the published one is the bundle
(`dist/telemetry-tui.mjs`, scripts/bundle.mjs), which does the same through source/cli/bundle-head.ts.
*/
import {earlyScreenLine, prepareProcess} from './cli/early.js';
import {runCli} from './cli/start.js';

prepareProcess();
// The interactive UI will most likely start: take the screen (a placeholder line) and stop the terminal
// echoing keys right away, before the rest is loaded, so something shows at once and keys typed while
// starting are kept for the UI. `main` puts the terminal back when the UI does not start after all.
const args = process.argv.slice(2);
const line = earlyScreenLine(args, process.stdin, process.stdout);
const early = line === undefined ? undefined : (await import('./tui/screen.js')).earlyScreen(process.stdout, process.stdin, line);
await runCli(args, early);

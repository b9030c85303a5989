#!/usr/bin/env node
/**
The `telemetry-tui` binary. Ink loads React DevTools (a WebSocket to localhost) when DEV=true is in the
environment; an auditing tool must never open a connection, so that switch is removed before Ink is
ever imported (every import below is dynamic for that reason).
*/
delete process.env['DEV'];
// Nor is there any use for `fetch`, and Node loads its HTTP client (undici, ≈ 100 ms of a cold start) the
// first time anything so much as asks `typeof fetch`: Ink's layout engine (yoga's wasm loader) does, and
// would then "fetch" the data: URL its wasm is embedded in. Without the global it decodes those bytes
// directly. The lazy global is replaced without being read.
Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
// React's development build is several times slower and only helps while developing React itself.
process.env['NODE_ENV'] ??= 'production';

// The interactive UI will most likely start: take the screen (a placeholder line) and stop the terminal
// echoing keys right away, before the rest is loaded, so something shows at once and keys typed while
// starting are kept for the UI. `main` puts the terminal back when the UI does not start after all.
const args = process.argv.slice(2);
const printing = args.some((a) => /^(-[a-zA-Z]*[pbhV]|--(print|blocklist|fail-on|explain|help|version))(=|$)/.test(a));
const paths = args.filter((a) => !a.startsWith('-'));
const early =
	!printing && process.stdin.isTTY && process.stdout.isTTY
		? (await import('./tui/screen.js')).earlyScreen(process.stdout, process.stdin, paths.length > 0 ? `reading ${paths.join(', ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}` : 'starting')
		: undefined;

// Output piped into `head` closes early: end quietly instead of with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
		throw error;
	});
}

const {main} = await import('./cli/main.js');
try {
	process.exitCode = await main(args, {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr}, early);
} catch (error) {
	early?.restore();
	process.stderr.write(`telemetry-tui: internal error: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 70;
}

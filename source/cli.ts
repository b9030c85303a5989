#!/usr/bin/env node
/**
The `telemetry-tui` binary. Ink loads React DevTools (a WebSocket to localhost) when DEV=true is in the
environment; an auditing tool must never open a connection, so that switch is removed before Ink is
ever imported (every import below is dynamic for that reason).
*/
delete process.env['DEV'];
// React's development build is several times slower and only helps while developing React itself.
process.env['NODE_ENV'] ??= 'production';

// Output piped into `head` closes early: end quietly instead of with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(0);
		throw error;
	});
}

const {main} = await import('./cli/main.js');
try {
	process.exitCode = await main(process.argv.slice(2), {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr});
} catch (error) {
	process.stderr.write(`telemetry-tui: internal error: ${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 70;
}

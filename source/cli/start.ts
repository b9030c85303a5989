/**
Running the command with the process's streams: shared by the tsc build's entry (source/cli.ts) and the
single-file bundle's program (source/cli/bundle-program.ts).
*/
import type {EarlyScreen} from '../tui/screen.js';

/** Run the command with the process's streams and set its exit code; `early` is the screen taken at start-up, if any. */
export async function runCli(args: readonly string[], early: EarlyScreen | undefined): Promise<void> {
	// Output piped into `head` closes early: end quietly instead of with an EPIPE stack trace.
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE') process.exit(0);
			throw error;
		});
	}
	const {main} = await import('./main.js');
	try {
		process.exitCode = await main(args, {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr}, early);
	} catch (error) {
		early?.restore();
		process.stderr.write(`telemetry-tui: internal error: ${(error as Error).stack ?? String(error)}\n`);
		process.exitCode = 70;
	}
}

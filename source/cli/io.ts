/** The streams the command reads and writes (the process's own, or a test's). */
export type Io = {
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WriteStream;
	readonly stderr: NodeJS.WriteStream;
};

/**
The width print mode fits tables and help to: `$COLUMNS` when set (as `ls` and `ps` honour it), else the
terminal's width when stdout is one, else 80.
*/
export function outputWidth(stdout: {readonly isTTY?: boolean; readonly columns?: number}, env: NodeJS.ProcessEnv = process.env): number {
	const fromEnv = Number.parseInt(env['COLUMNS'] ?? '', 10);
	if (Number.isInteger(fromEnv) && fromEnv >= 20) return fromEnv;
	if (stdout.isTTY && typeof stdout.columns === 'number' && stdout.columns >= 20) return stdout.columns;
	return 80;
}

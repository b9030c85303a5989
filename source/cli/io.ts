/** The streams the command reads and writes (the process's own, or a test's). */
export type Io = {
	readonly stdin: NodeJS.ReadStream;
	readonly stdout: NodeJS.WriteStream;
	readonly stderr: NodeJS.WriteStream;
};

/** Run the command in this process with captured streams (unit tier: no build, no child process). */
import {PassThrough} from 'node:stream';
import {main} from '../../source/cli/main.js';

export type MainResult = {readonly code: number; readonly stdout: string; readonly stderr: string};

export async function runMain(argv: readonly string[], stdinText = ''): Promise<MainResult> {
	const stream = (): NodeJS.WriteStream & {text: () => string} => {
		const s = new PassThrough() as unknown as NodeJS.WriteStream & {text: () => string};
		const chunks: Buffer[] = [];
		(s as unknown as PassThrough).on('data', (c: Buffer) => chunks.push(c));
		s.text = () => Buffer.concat(chunks).toString('utf8');
		Object.defineProperty(s, 'isTTY', {value: false});
		return s;
	};
	const stdout = stream();
	const stderr = stream();
	const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
	Object.defineProperty(stdin, 'isTTY', {value: true});
	(stdin as unknown as PassThrough).end(stdinText);
	const code = await main(argv, {stdin, stdout, stderr});
	await new Promise((resolve) => setImmediate(resolve));
	return {code, stdout: stdout.text(), stderr: stderr.text()};
}

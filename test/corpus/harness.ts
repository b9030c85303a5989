/**
Shared by the hostile-input tests: run the BUILT CLI as a child process, temporary folders, and the checks
that decide whether bytes are safe to show in a terminal.

The CLI here is the bundle, `dist/telemetry-tui.mjs`: what the package's `bin` names, so what `npx` users run,
and it starts on half the CPU of `dist/cli.js` (≈ 0.35 s against 0.75 s on the sample), which these files
start hundreds of times. `dist/cli.js` keeps its own end-to-end tests (binary, e2e-cli, e2e-startup, which
compares the two). The tests that use it skip when `dist/` is absent (the e2e and slow tiers build it first:
test/helpers/build.ts).
*/
import {spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {isUtf8} from 'node:buffer';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'telemetry-tui.mjs');
export const HAVE_CLI = existsSync(CLI);
export const CORPUS = join(ROOT, 'test', 'corpus');

export type CliResult = {
	status: number | null;
	signal: NodeJS.Signals | null;
	stdout: Buffer;
	stderr: Buffer;
	/** stdout and stderr decoded as UTF-8. */
	out: string;
	err: string;
};

export type RunOptions = {
	/** Bytes for stdin; when absent stdin is closed empty (and not a terminal). */
	input?: string | Buffer;
	/** Extra arguments for node itself, e.g. `--max-old-space-size=256`. */
	node?: readonly string[];
	cwd?: string;
	timeout?: number;
};

/** Run `node dist/telemetry-tui.mjs ARGS…` to completion. */
export function runCli(args: readonly string[], options: RunOptions = {}): CliResult {
	const r = spawnSync(process.execPath, [...(options.node ?? []), CLI, ...args], {
		input: options.input ?? '',
		cwd: options.cwd ?? ROOT,
		timeout: options.timeout ?? 120_000,
		maxBuffer: 1024 * 1024 * 1024,
		env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'},
	});
	if (r.error) throw r.error;
	return {status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, out: r.stdout.toString('utf8'), err: r.stderr.toString('utf8')};
}

/**
`runCli` for several views in any output: CSV holds one view, so CSV of several views is written with
`--output-dir` into a temporary folder and the files are returned as stdout, one after another.
*/
export function runViews(args: readonly string[], options: RunOptions = {}): CliResult {
	const output = args[args.indexOf('--output') + 1];
	const views = args[args.indexOf('--view') + 1] ?? '';
	if (output !== 'csv' || !views.includes(',')) return runCli(args, options);
	const dir = tmpDir('ttui-views-');
	const r = runCli([...args, '--output-dir', dir], options);
	const files = existsSync(dir) ? readdirSync(dir).sort() : [];
	const stdout = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
	return {...r, stdout, out: stdout.toString('utf8')};
}

/** Start the CLI with pipes for all three streams (for signals and endless stdin). */
export function startCli(args: readonly string[], options: Pick<RunOptions, 'node' | 'cwd'> = {}) {
	return spawn(process.execPath, [...(options.node ?? []), CLI, ...args], {cwd: options.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '0'}});
}

export function tmpDir(prefix = 'ttui-hostile-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

/** Escape the invisible so a failure message shows what was found. */
export function visible(s: string): string {
	return JSON.stringify(s).slice(1, -1);
}

// Code points a terminal acts on (C0 except tab/LF/CR, DEL, C1) and the bidirectional controls and marks.
const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Inside one value (a JSON string a consumer may print), line breaks are unsafe too.
const UNSAFE_VALUE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

/**
What in a terminal-bound byte stream could act on the terminal: ESC and BEL bytes, invalid UTF-8 (a
stray 0x9B byte is CSI to an 8-bit terminal), and in the decoded text C0/C1 controls and bidi controls.
Returns a description of each problem (empty when safe), with a little context.
*/
export function terminalProblems(bytes: Buffer): string[] {
	const problems: string[] = [];
	if (bytes.includes(0x1b)) problems.push(`ESC byte at ${bytes.indexOf(0x1b)}`);
	if (bytes.includes(0x07)) problems.push(`BEL byte at ${bytes.indexOf(0x07)}`);
	if (!isUtf8(bytes)) problems.push('not valid UTF-8');
	const text = bytes.toString('utf8');
	for (const m of text.matchAll(UNSAFE_TEXT)) {
		problems.push(`U+${m[0].charCodeAt(0).toString(16).padStart(4, '0')} in "${visible(text.slice(Math.max(0, m.index - 30), m.index + 30))}"`);
		if (problems.length > 10) break;
	}
	return problems;
}

/** Every string (keys included) anywhere in a parsed JSON value that still holds something unsafe. */
export function unsafeJsonStrings(value: unknown, out: string[] = [], path = '$'): string[] {
	if (typeof value === 'string') {
		if (UNSAFE_VALUE.test(value)) out.push(`${path}: "${visible(value.slice(0, 120))}"`);
		UNSAFE_VALUE.lastIndex = 0;
	} else if (Array.isArray(value)) {
		value.forEach((v, i) => unsafeJsonStrings(v, out, `${path}[${i}]`));
	} else if (value !== null && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			if (UNSAFE_VALUE.test(k)) out.push(`${path}: key "${visible(k)}"`);
			UNSAFE_VALUE.lastIndex = 0;
			unsafeJsonStrings(v, out, `${path}.${k}`);
		}
	}
	return out;
}

/** One stderr line in the located form: `telemetry-tui: <where>: <severity>: <message>`. */
export type Located = {where: string; severity: string; message: string};

/** Parse stderr into located messages (other lines are returned with severity ''). */
export function locatedMessages(stderr: string): Located[] {
	return stderr
		.split('\n')
		.filter((l) => l !== '')
		.map((line) => {
			const m = /^telemetry-tui: (.*?): (error|warning|info): (.*)$/.exec(line);
			return m ? {where: m[1]!, severity: m[2]!, message: m[3]!} : {where: '', severity: '', message: line};
		});
}

/** Permission tests are meaningless as root (root reads everything). */
export function isRoot(): boolean {
	return process.getuid?.() === 0;
}

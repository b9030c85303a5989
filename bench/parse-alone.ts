/**
One line format's parser alone on a file, in a process of its own: read stream + `LineSplitter` + the
parser (records and diagnostics counted, not kept) — the parser's share of `--print`, beside the line split.

Run: `node --import tsx bench/parse-alone.ts FORMAT FILE` (FORMAT: dnsmasq | access-log); prints one JSON
line: wall and CPU seconds of the read-split-parse loop (start-up excluded), lines, records, max RSS.
The parse options are the CLI's: `referenceEnd` is the file's modification time.
*/
import {spawnSync} from 'node:child_process';
import {createReadStream, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {accessLogFormat} from '../source/formats/access-log/access-log.js';
import {dnsmasqFormat} from '../source/formats/dnsmasq/dnsmasq.js';
import type {Emit, LineFormat} from '../source/formats/types.js';
import {LineSplitter} from '../source/input/lines.js';
import type {Timed} from './measure.js';

const FORMATS: Record<string, LineFormat> = {dnsmasq: dnsmasqFormat, 'access-log': accessLogFormat};

export type ParseAlone = Timed & {lines: number; records: number; diagnostics: number};

/** Run this script on `file` in a child process and read its figures. */
export function parseAlone(format: string, file: string): ParseAlone {
	const script = fileURLToPath(import.meta.url);
	const child = spawnSync(process.execPath, ['--import', 'tsx', script, format, file], {encoding: 'utf8'});
	if (child.status !== 0) throw new Error(`parse-alone failed: ${child.stderr}`);
	return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ParseAlone;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [name, file] = process.argv.slice(2) as [string, string];
	const format = FORMATS[name];
	if (!format || !file) {
		console.error(`usage: node --import tsx bench/parse-alone.ts ${Object.keys(FORMATS).join('|')} FILE`);
		process.exit(2);
	}
	let records = 0;
	let diagnostics = 0;
	const emit: Emit = {record: () => void records++, diagnostic: () => void diagnostics++};
	const parser = format.create({file, options: {referenceEnd: statSync(file).mtime.getTime()}});
	const splitter = new LineSplitter((text, n) => parser.line(text, n, emit));
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	for await (const chunk of createReadStream(file, {highWaterMark: 1 << 20})) splitter.push(chunk as Buffer);
	splitter.end();
	parser.end(emit);
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	const used = process.cpuUsage(cpu);
	const cpuSeconds = (used.user + used.system) / 1e6;
	const result: ParseAlone = {seconds, cpuSeconds, rssMb: process.resourceUsage().maxRSS / 1024, lines: splitter.lines, records, diagnostics};
	console.log(JSON.stringify(result));
}

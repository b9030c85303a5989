/**
HAR ingestion benchmark: streaming `harFormat` against `JSON.parse`, and peak memory on a 1 GB capture.

Run: `node --expose-gc --import tsx bench/har-ingest.ts [sizeMB]` (default 1024).

Data (generated once into `bench/data/`, gitignored; see `har-data.ts`): Plex-Web-like entries with a
2–8 MB base64 video segment every 150 entries, pretty-printed like a DevTools export.
- `har-<size>mb.har`: the big file. `JSON.parse` cannot take it at all: above ~512 Mi characters
  `readFileSync(…, 'utf8')` fails with ERR_STRING_TOO_LONG, which the run shows.
- `har-400mb.har`: the same generator cut at 400 MB, the largest round size whose text still fits in one
  string; the throughput comparison (JSON.parse vs ours) is made on this file.
- `har-plain-100mb.har`: entries only, no big bodies: the worst case for us (every byte is structure
  that must be scanned and parsed), shown for honesty.

Every measurement runs in its own child process, so one does not inherit the other's heap; each child
samples `process.memoryUsage().rss` every 50 ms and also reports the kernel's max RSS. Each is run
three times (JSON.parse and ours alternately, so both see the same background load); the table shows
the best time and the highest RSS.
*/
import {createReadStream, readFileSync, statSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {harFormat} from '../source/formats/har/index.js';
import {ensureHar, writeHar} from './har-data.js';
import {better, fmt, mbps, rssSampler, runChild} from './measure.js';
import {runPipeline} from './pipeline.js';

const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;

type Measurement = {bytes: number; ms: number; peakRss: number; maxRss: number; records?: number; entries?: number; error?: string};

/** Child: stream the file in 1 MiB chunks through harFormat. */
async function childIngest(file: string): Promise<Measurement> {
	globalThis.gc?.();
	const sampler = rssSampler();
	let records = 0;
	let entries = -1;
	const parser = harFormat.create({file});
	const emit = {
		record: (r: {origin: {entry?: number}}) => {
			records++;
			entries = Math.max(entries, r.origin.entry ?? -1);
		},
		diagnostic: () => {},
	};
	const start = performance.now();
	await new Promise<void>((resolve, reject) => {
		const stream = createReadStream(file, {highWaterMark: MB});
		stream.on('data', (chunk) => parser.chunk(chunk as Buffer, emit));
		stream.on('end', resolve);
		stream.on('error', reject);
	});
	parser.end(emit);
	const ms = performance.now() - start;
	const {peak, max} = sampler.stop();
	return {bytes: statSync(file).size, ms, peakRss: peak, maxRss: max, records, entries: entries + 1};
}

/** Child: the ceiling — JSON.parse of the whole text (reading and decoding timed separately). */
function childJsonParse(file: string): Measurement {
	globalThis.gc?.();
	const sampler = rssSampler();
	const bytes = statSync(file).size;
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const {peak, max} = sampler.stop();
		return {bytes, ms: 0, peakRss: peak, maxRss: max, error: (error as NodeJS.ErrnoException).code ?? String(error)};
	}
	const start = performance.now();
	const doc = JSON.parse(text) as {log: {entries: unknown[]}};
	const ms = performance.now() - start;
	const {peak, max} = sampler.stop();
	return {bytes, ms, peakRss: peak, maxRss: max, entries: doc.log.entries.length};
}

/** Child: the whole pipeline as the CLI runs it (detect, parse, finalise, classify, views). */
async function childPipeline(file: string): Promise<Measurement> {
	globalThis.gc?.();
	const sampler = rssSampler();
	const run = await runPipeline(file);
	const {peak, max} = sampler.stop();
	return {bytes: statSync(file).size, ms: run.seconds * 1000, peakRss: peak, maxRss: max, records: run.records};
}

/** Runs per measurement (the machine is shared and noisy): the table shows the best time and the highest RSS. */
const RUNS = 3;

/** Run the two measurements alternately, so that both see the same background load. */
function pair(file: string): [Measurement, Measurement] {
	let parse: Measurement | undefined;
	let ours: Measurement | undefined;
	for (let i = 0; i < RUNS; i++) {
		parse = better(parse, runOnce('jsonparse', file));
		ours = better(ours, runOnce('ingest', file));
	}
	return [parse!, ours!];
}

function runOnce(mode: string, file: string): Measurement {
	return runChild<Measurement>(SELF, mode, file);
}


async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args[0] === '--child') {
		const result = args[1] === 'ingest' ? await childIngest(args[2]!) : args[1] === 'pipeline' ? await childPipeline(args[2]!) : childJsonParse(args[2]!);
		process.stdout.write(`${JSON.stringify(result)}\n`);
		return;
	}
	const sizeMb = Number(args[0] ?? 1024);
	const big = `${DATA}har-${sizeMb}mb.har`;
	const mid = `${DATA}har-${Math.min(400, sizeMb)}mb.har`;
	const plain = `${DATA}har-plain-100mb.har`;
	for (const [file, size] of [[big, sizeMb], [mid, Math.min(400, sizeMb)]] as const) {
		const t = performance.now();
		if (ensureHar(file, size * MB)) console.log(`generated ${file} in ${fmt((performance.now() - t) / 1000, 1)} s`);
	}
	try {
		statSync(plain);
	} catch {
		writeHar(plain, 100 * MB, Number.MAX_SAFE_INTEGER);
	}

	console.log(`node ${process.version}, ${process.arch}; sizes in MiB (1 MiB = 1,048,576 bytes)\n`);
	const rows: string[][] = [['input', 'path', 'size', 'time s', 'MiB/s', 'peak RSS MiB', 'entries']];
	const row = (input: string, path: string, m: Measurement): void => {
		rows.push([input, path, fmt(m.bytes / MB), m.error ? '-' : fmt(m.ms / 1000, 2), m.error ? m.error : fmt(mbps(m)), fmt(Math.max(m.peakRss, m.maxRss) / MB), String(m.entries ?? '-')]);
	};

	const [parseMid, oursMid] = pair(mid);
	row('400 MB mix', 'JSON.parse (parse only)', parseMid);
	row('400 MB mix', 'harFormat stream', oursMid);
	let pipeMid: Measurement | undefined;
	for (let i = 0; i < RUNS; i++) pipeMid = better(pipeMid, runOnce('pipeline', mid));
	row('400 MB mix', 'whole pipeline', pipeMid!);
	const [parsePlain, oursPlain] = pair(plain);
	let pipePlain: Measurement | undefined;
	for (let i = 0; i < RUNS; i++) pipePlain = better(pipePlain, runOnce('pipeline', plain));
	row('100 MB entries only', 'whole pipeline', pipePlain!);
	row('100 MB entries only', 'JSON.parse (parse only)', parsePlain);
	row('100 MB entries only', 'harFormat stream', oursPlain);
	if (sizeMb > 400) {
		row(`${sizeMb} MB mix`, 'readFileSync + JSON.parse', runOnce('jsonparse', big));
		let oursBig: Measurement | undefined;
		for (let i = 0; i < RUNS; i++) oursBig = better(oursBig, runOnce('ingest', big));
		row(`${sizeMb} MB mix`, 'harFormat stream', oursBig!);
		row(`${sizeMb} MB mix`, 'whole pipeline', runOnce('pipeline', big));
	}
	const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
	for (const r of rows) console.log(r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
	console.log(`\nratio on the 400 MB mix (ours incl. file reading / JSON.parse excl. reading): ${fmt(mbps(oursMid) / mbps(parseMid), 2)}×  (target >= 0.8)`);
	console.log(`ratio on 100 MB of entries only: ${fmt(mbps(oursPlain) / mbps(parsePlain), 2)}×`);
	console.log(`whole pipeline / JSON.parse: ${fmt(mbps(pipeMid!) / mbps(parseMid), 2)}× on the 400 MB mix, ${fmt(mbps(pipePlain!) / mbps(parsePlain), 2)}× on entries only`);
}

await main();

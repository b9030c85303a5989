/**
A test harness for the interactive UI before any parser is merged on this branch: the real
`startInteractive` path (inputs, ingest, /dev/tty keys, alternate screen) with one test-only format,
`test-ndjson`, whose lines are raw telemetry records as JSON. Used by the PTY tests (test/e2e-tui.test.ts)
and by hand:

  node --import tsx test/helpers/demo.ts --generate 200000 > /tmp/records.ndjson
  node --import tsx test/helpers/demo.ts /tmp/records.ndjson
  tail -f /tmp/records.ndjson | node --import tsx test/helpers/demo.ts
*/
import {createClassifier} from '../../source/classify/classify.js';
import {parseCli} from '../../source/cli/options.js';
import type {Format} from '../../source/formats/types.js';
import {resolveInputs} from '../../source/input/sources.js';
import type {TelemetryRecord} from '../../source/model/records.js';
import {RecordStore} from '../../source/store/store.js';
import {manyRequests, sessionRecords} from './ui-records.js';

/** Lines of raw records as JSON; anything else is a located warning. Test use only. */
export const testNdjsonFormat: Format = {
	name: 'test-ndjson',
	title: 'raw telemetry records, one JSON object per line (tests only)',
	kind: 'lines',
	samples: ['{"kind":"request","source":"har","origin":{"file":"x"},"url":"https://plex.tv/","host":"plex.tv","path":"/","identifiers":[]}'],
	sniff: (head) => (head.some((l) => l.startsWith('{"kind":')) ? 1 : 0),
	create: (ctx) => ({
		line(text, line, emit) {
			if (text.trim() === '') return;
			try {
				const record = JSON.parse(text) as TelemetryRecord;
				emit.record({...record, origin: {...record.origin, file: ctx.file, line}});
			} catch {
				emit.diagnostic({severity: 'warning', code: 'test-ndjson.line', message: 'not a JSON record', origin: {file: ctx.file, line}});
			}
		},
		end() {},
	}),
};

const HOSTILE: TelemetryRecord = {
	kind: 'request', source: 'har', origin: {file: 'x'}, method: 'GET',
	url: 'https://evil.example/\u001B[2J\u001B]8;;http://x\u0007link\u001B]8;;\u0007',
	host: 'ｅｖｉｌ.例え.テスト\u001B[31m', path: '/👨‍👩‍👧‍👦🇯🇵/\u202Egnp.exe', identifiers: [{kind: 'personal', name: 'user\u001B[5m', value: '山田太郎'}],
	device: {product: '📺 Télé 客厅', platform: 'Roku\u0007', device: 'Ｗｉｄｅ'},
};

function generate(n: number, withHostile: boolean): void {
	const out: string[] = [];
	for (const r of sessionRecords()) out.push(JSON.stringify(r));
	if (withHostile) out.push(JSON.stringify(HOSTILE));
	for (const r of manyRequests(n)) {
		out.push(JSON.stringify(r));
		if (out.length >= 10_000) {
			process.stdout.write(`${out.join('\n')}\n`);
			out.length = 0;
		}
	}
	process.stdout.write(`${out.join('\n')}\n`);
}

async function demo(argv: string[]): Promise<number> {
	// React's production build, as a packaged CLI should run it (loaded here, after setting this).
	process.env['NODE_ENV'] ??= 'production';
	const {startInteractive} = await import('../../source/cli/interactive.js');
	const options = parseCli(argv);
	const {sources, problems} = await resolveInputs(options.paths, {stdin: process.stdin, follow: options.follow});
	const store = new RecordStore({spool: true});
	const code = await startInteractive({
		options,
		io: {stdin: process.stdin, stdout: process.stdout, stderr: process.stderr},
		store,
		sources,
		problems,
		ingest: {formats: [testNdjsonFormat], classifier: createClassifier(), showSecrets: false},
	});
	store.close();
	if (code === undefined) process.stdout.write(`printed instead: ${store.size} records\n`);
	return code ?? 0;
}

const args = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
	if (args[0] === '--generate') generate(Number(args[1] ?? 1000), args.includes('--hostile'));
	else process.exitCode = await demo(args);
}

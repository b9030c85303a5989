/**
The whole pipeline on one file, as the CLI runs it: read, detect, parse, finalise (sanitise, redact,
mask, classify) and fold into the store's views, with the default in-memory record cap. Shared by the
per-format benchmarks so that "our ingestion" always means the real thing, not only a parser.
*/
import {createClassifier} from '../source/classify/classify.js';
import {FORMATS} from '../source/formats/registry.js';
import {resolveInputs} from '../source/input/sources.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';
import {QueryEngine} from '../source/views/query.js';

export type PipelineRun = {seconds: number; cpuSeconds: number; records: number; kept: number; format: string | undefined; diagnostics: number};

export async function runPipeline(file: string): Promise<PipelineRun> {
	const {sources, problems} = await resolveInputs([file], {stdin: Object.assign(process.stdin, {isTTY: true}), follow: false});
	const store = new RecordStore();
	const engine = new QueryEngine(store);
	const cpuStart = process.cpuUsage();
	const start = process.hrtime.bigint();
	await ingestAll(sources, problems, store, {formats: FORMATS, classifier: createClassifier(), showSecrets: false});
	// Compute every view once, as print mode does at the end.
	for (const name of ['destinations', 'formats', 'resolutions', 'devices', 'identifiers', 'policy']) engine.rows(name);
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	const cpu = process.cpuUsage(cpuStart);
	return {seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, records: store.size, kept: store.size, format: store.inputs[0]?.format, diagnostics: store.diagnostics.length};
}

/** Ingest small files through the real pipeline (detection, parsers, finalize, learning) for tests. */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {createClassifier, type Classifier} from '../../source/classify/classify.js';
import {FORMATS} from '../../source/formats/registry.js';
import {resolveInputs} from '../../source/input/sources.js';
import {ingestAll} from '../../source/pipeline/ingest.js';
import {RecordStore} from '../../source/store/store.js';

export async function ingestFiles(files: Record<string, string>, classifier: Classifier = createClassifier()): Promise<{store: RecordStore; classifier: Classifier; dir: string}> {
	const dir = mkdtempSync(join(tmpdir(), 'classify-'));
	const paths = Object.entries(files).map(([name, text]) => {
		const path = join(dir, name);
		writeFileSync(path, text);
		return path;
	});
	const stdin = Object.assign(Readable.from([]), {isTTY: true});
	const {sources, problems} = await resolveInputs(paths, {stdin, follow: false});
	const store = new RecordStore({spool: true, classifier});
	await ingestAll(sources, problems, store, {formats: FORMATS, classifier, showSecrets: false});
	return {store, classifier, dir};
}

/**
A folder of many small logs, plain and gzip, read once and with --follow (issue 17 item 8): every file is
read (a followed file no longer waits for the one before it, which never ends), the one abort signal has
two listeners at most (all sleeping followed files share one), and Node never warns (`MaxListenersExceededWarning`).
*/
import {getEventListeners} from 'node:events';
import {appendFileSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import {FORMATS} from '../source/formats/registry.js';
import {followPollMs, resolveInputs} from '../source/input/sources.js';
import {ingestAll} from '../source/pipeline/ingest.js';
import {RecordStore} from '../source/store/store.js';

// Far past Node's limit of ten listeners per event, which a listener per file would pass.
const FILES = 60;
const line = (i: number): string => `192.168.1.${i % 250} - - [14/Mar/2025:19:02:${String(i % 60).padStart(2, '0')} +0000] "GET /library/sections?n=${i} HTTP/1.1" 200 512 "-" "Plex/1.0"\n`;

function folder(): string {
	const dir = join(mkdtempSync(join(tmpdir(), 'ttui-many-')), 'logs');
	mkdirSync(dir);
	for (let i = 0; i < FILES; i++) {
		writeFileSync(join(dir, `access-${i}.log`), line(i) + line(i + 1));
		writeFileSync(join(dir, `old-${i}.log.gz`), gzipSync(line(i)));
	}
	return dir;
}

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a folder of many files (issue 17 item 8)', () => {
	const warnings: Error[] = [];
	const onWarning = (w: Error): void => void warnings.push(w);
	beforeEach(() => {
		warnings.length = 0;
		process.on('warning', onWarning);
	});
	afterEach(() => {
		process.off('warning', onWarning);
	});
	const stdin = Object.assign(Readable.from([]), {isTTY: true});
	const classifier = createClassifier();

	it('read once: every file, no warning', async () => {
		const {sources, problems} = await resolveInputs([folder()], {stdin, follow: false});
		expect(sources).toHaveLength(FILES * 2);
		const store = new RecordStore({spool: false, classifier});
		const controller = new AbortController();
		await ingestAll(sources, problems, store, {formats: FORMATS, classifier, showSecrets: false, signal: controller.signal});
		expect(store.inputs.filter((i) => i.status === 'done')).toHaveLength(FILES * 2);
		expect(store.size).toBe(FILES * 3);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
		await tick(0);
		expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
	});

	it('followed: every file read at once and kept open for growth, at most two abort listeners, no warning', async () => {
		const dir = folder();
		const {sources, problems} = await resolveInputs([dir], {stdin, follow: true});
		// The logs are followed; the .gz archives are read once.
		expect(sources.filter((s) => s.live)).toHaveLength(FILES);
		expect(sources.filter((s) => !s.live)).toHaveLength(FILES);
		expect(followPollMs(FILES)).toBe(250);
		expect(followPollMs(300)).toBe(300);
		expect(followPollMs(3000)).toBe(3000);
		const store = new RecordStore({spool: false, classifier});
		const controller = new AbortController();
		const reading = ingestAll(sources, problems, store, {formats: FORMATS, classifier, showSecrets: false, signal: controller.signal});
		let most = 0;
		const deadline = Date.now() + 20_000;
		while (store.size < FILES * 3 && Date.now() < deadline) {
			most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
			await tick(5);
		}
		expect(store.size).toBe(FILES * 3);
		// A followed file keeps being read: a line added to the last one arrives.
		appendFileSync(join(dir, `access-${FILES - 1}.log`), line(9999));
		while (store.size < FILES * 3 + 1 && Date.now() < deadline) {
			most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
			await tick(20);
		}
		expect(store.size).toBe(FILES * 3 + 1);
		controller.abort();
		await reading;
		// One for every sleeping followed file together, one for the file being read once at that moment.
		expect(most).toBeLessThanOrEqual(2);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
		await tick(0);
		expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
	});
});

/** Builders for realistic records in tests, and a store filled through the real finalize step. */
import {createClassifier, type Classifier} from '../../source/classify/classify.js';
import type {DeviceRecord, PlaybackRecord, RequestRecord, TelemetryRecord} from '../../source/model/records.js';
import {finalizeRecord} from '../../source/pipeline/finalize.js';
import {RecordStore} from '../../source/pipeline/store.js';

export function request(host: string, extra: Partial<RequestRecord> = {}): RequestRecord {
	return {kind: 'request', source: 'test', origin: {file: 'test.har', entry: 0}, identifiers: [], url: `https://${host}/`, host, path: '/', method: 'GET', ...extra};
}

export function playback(extra: Partial<PlaybackRecord> = {}): PlaybackRecord {
	return {kind: 'playback', source: 'test', origin: {file: 'test.log', line: 1}, identifiers: [], evidence: 'test', ...extra};
}

export function device(extra: Partial<DeviceRecord> = {}): DeviceRecord {
	return {kind: 'device', source: 'test', origin: {file: 'test.log', line: 1}, identifiers: [], evidence: 'test', device: {product: 'Plex Web', platform: 'Chrome'}, ...extra};
}

/** A store holding the given raw records, finalised as the pipeline would. */
export function storeOf(records: readonly TelemetryRecord[], options: {showSecrets?: boolean; maxRecords?: number; classifier?: Classifier} = {}): RecordStore {
	const store = new RecordStore(options.maxRecords);
	const classifier = options.classifier ?? createClassifier();
	for (const r of records) store.addRecord(finalizeRecord(r, {classifier, showSecrets: options.showSecrets ?? false}), r.origin.file);
	return store;
}

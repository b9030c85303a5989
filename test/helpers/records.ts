/** Builders for realistic records in tests, and a store filled through the real finalize step. */
import {createClassifier, type Classifier} from '../../source/classify/classify.js';
import type {DeviceRecord, PlaybackRecord, RequestRecord, TelemetryRecord} from '../../source/model/records.js';
import {storeRecord} from '../../source/pipeline/ingest.js';
import {RecordStore} from '../../source/store/store.js';
import {QueryEngine} from '../../source/views/query.js';
import type {Row} from '../../source/views/types.js';

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
export function storeOf(records: readonly TelemetryRecord[], options: {showSecrets?: boolean; classifier?: Classifier} = {}): RecordStore {
	const store = new RecordStore({spool: true});
	const classifier = options.classifier ?? createClassifier();
	for (const r of records) storeRecord(r, store, r.origin.file, {classifier, showSecrets: options.showSecrets ?? false});
	return store;
}

/** A view's rows over a store, through the query layer (as print mode gets them). */
export function viewRows(store: RecordStore, view: string, filter = ''): Row[] {
	return new QueryEngine(store).rows(view, filter);
}

/** Every record of a store, read back from its spool, in store order. */
export function allRecords(store: RecordStore): TelemetryRecord[] {
	return Array.from({length: store.size}, (_, i) => store.record(i));
}

/**
A view's rows over finalised records, in the view's own order (first seen; secrets first, highest
resolution first …), not sorted by a column: what a fold over the records gives.
*/
export function foldView<R = Row>(view: {readonly name: string}, records: readonly TelemetryRecord[]): R[] {
	const store = new RecordStore({spool: true});
	for (const r of records) store.add(r, r.origin.file);
	const rows = new QueryEngine(store).rows(view.name, '', {key: '', descending: false});
	store.close();
	return rows as unknown as R[];
}

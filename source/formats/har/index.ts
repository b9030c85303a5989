/**
The HAR input (HTTP Archive 1.2 from browser DevTools, Charles, mitmproxy, Insomnia, Safari, Playwright).

Bytes stream through `JsonArrayScanner`, which finds the first `entries` array inside a `log` object (at
any depth: mitmproxy's test data wraps it as `{"test_response": {"log": …}}`) and hands out one entry
at a time; `entryRecords` turns each entry into a request record and any playback evidence. Memory is
bounded by the largest entry, and bodies above `MAX_BODY_BYTES` are counted but never decoded, so a
multi-GB capture of a video session works.
*/
import type {Diagnostic} from '../../model/records.js';
import type {ByteFormat, Emit, ParseContext} from '../types.js';
import {JsonArrayScanner, type ScanHandler, type ScanProblem} from '../json/array-scanner.js';
import {entryRecords} from './entry.js';

/** Strings longer than this inside an entry (bodies, websocket data) are dropped unread. */
export const MAX_BODY_BYTES = 256 * 1024;

/** Where HAR keeps its entries. */
export const HAR_ENTRIES_PATH = ['log', 'entries'] as const;

const LOG_OBJECT = /"log"\s*:\s*\{/;

/** How sure we are that the head of an input is a HAR document. */
function sniff(head: readonly string[]): number {
	const text = head.join('\n').replace(/^\uFEFF/, '').trimStart();
	if (!text.startsWith('{')) return 0;
	const log = LOG_OBJECT.exec(text);
	if (!log) return 0;
	const after = text.slice(log.index);
	if (after.includes('"entries"')) return 0.95;
	if (after.includes('"creator"') || after.includes('"version"')) return 0.9;
	return 0.5;
}

function scanDiagnostic(file: string, p: ScanProblem): Diagnostic {
	switch (p.kind) {
		case 'empty':
			return {severity: 'error', code: 'har.empty', message: 'the input is empty', origin: {file}};
		case 'not-json':
			return {severity: 'error', code: 'har.not-json', message: `not a HAR file: JSON must start with { but it starts with "${p.found}"`, origin: {file}};
		case 'not-found':
			return {severity: 'error', code: 'har.no-entries', message: `no log.entries array found${p.reason ? ` (${p.reason})` : ''}: this JSON is not a HAR file, or its entries are missing`, origin: {file}};
		case 'invalid-element':
			return {severity: 'warning', code: 'har.entry.invalid-json', message: `entry #${p.index} is not valid JSON and was skipped: ${p.message}`, origin: {file, entry: p.index}};
		case 'element-too-large':
			return {severity: 'warning', code: 'har.entry.too-large', message: `entry #${p.index} is ${p.bytes.toLocaleString('en-US')} bytes without its bodies and was skipped`, origin: {file, entry: p.index}};
		case 'stray':
			return {severity: 'warning', code: 'har.entries.stray', message: `unexpected "${p.found}" between entries (before entry #${p.index}); ignored`, origin: {file, entry: p.index}};
		case 'truncated':
			return p.complete > 0
				? {
						severity: 'error',
						code: 'har.truncated',
						message: `the HAR is truncated after entry #${p.complete - 1}: all ${p.complete} complete entries were read${p.partial ? `, the cut entry #${p.complete} was dropped` : ''}`,
						origin: {file, entry: p.complete - 1},
					}
				: {severity: 'error', code: 'har.truncated', message: 'the HAR is truncated before its first complete entry', origin: {file}};
	}
}

function mib(bytes: number): string {
	return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export const harFormat: ByteFormat = {
	kind: 'bytes',
	name: 'har',
	title: 'HAR capture',
	sniff,
	samples: [
		// mitmproxy test data har_files/chrome.har (Chrome DevTools, creator WebInspector 537.36), first lines.
		'{\n  "log": {\n    "version": "1.2",\n    "creator": {\n      "name": "WebInspector",\n      "version": "537.36"\n    },\n    "pages": [',
		// mitmproxy test data flows/successful_log.har (mitmproxy savehar), first lines.
		'{\n    "log": {\n        "version": "1.2",\n        "creator": {\n            "name": "mitmproxy",\n            "version": "1.2.3",\n            "comment": ""\n        },\n        "pages": [],\n        "entries": [',
		// mitmproxy test data har_files/insomnia.har (Insomnia 2022.1.1, tab-indented), first lines.
		'{\n\t"log": {\n\t\t"version": "1.2",\n\t\t"creator": {\n\t\t\t"name": "Insomnia REST Client",\n\t\t\t"version": "insomnia.desktop.app:v2022.1.1"\n\t\t},\n\t\t"entries": [',
	],
	create(ctx: ParseContext) {
		const file = ctx.file;
		const scanner = new JsonArrayScanner({path: HAR_ENTRIES_PATH, maxStringBytes: MAX_BODY_BYTES});
		let emit: Emit | undefined;
		let failed = false;
		const dropped = {count: 0, bytes: 0};
		const handler: ScanHandler = {
			element(value, index) {
				try {
					const result = entryRecords(value, index, file);
					// Facts first: the entry's own records are then classified with what it showed.
					for (const f of result.facts) emit?.learn?.(f);
					for (const r of result.records) emit?.record(r);
					for (const p of result.problems) emit?.diagnostic({...p, origin: {file, entry: index}});
					dropped.count += result.dropped.count;
					dropped.bytes += result.dropped.bytes;
				} catch (error) {
					emit?.diagnostic({severity: 'error', code: 'har.entry.failed', message: `entry #${index} could not be read: ${String(error)}`, origin: {file, entry: index}});
				}
			},
			problem(p) {
				emit?.diagnostic(scanDiagnostic(file, p));
			},
		};
		const guard = (run: () => void): void => {
			if (failed) return;
			try {
				run();
			} catch (error) {
				failed = true;
				emit?.diagnostic({severity: 'error', code: 'har.failed', message: `reading stopped after entry #${scanner.elements - 1}: ${String(error)}`, origin: {file}});
			}
		};
		return {
			chunk(bytes, e) {
				emit = e;
				guard(() => scanner.push(bytes, handler));
			},
			end(e) {
				emit = e;
				guard(() => scanner.end(handler));
				if (dropped.count > 0) {
					e.diagnostic({
						severity: 'info',
						code: 'har.bodies.skipped',
						message: `${dropped.count} ${dropped.count === 1 ? 'body' : 'bodies'} longer than ${MAX_BODY_BYTES / 1024} KiB (${mib(dropped.bytes)} in all) were counted but not read`,
						origin: {file},
					});
				}
			},
		};
	},
};

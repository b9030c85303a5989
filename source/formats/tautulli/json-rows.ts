/**
Rows of a JSON document, bounded: the stop-gap until the streaming array scanner
(`source/formats/json/array-scanner.ts`, written for HAR) can be shared. Swap `JsonDocument` and
`forEachJsonRow` for the scanner then; callers only see `onRow(row, index)` and diagnostics.

Now: bytes are collected up to `MAX_JSON_BYTES`, decoded once, and parsed with `JSON.parse`. When that
fails (a truncated download, a damaged row), a recovery pass walks the text with a small tokenizer,
finds the rows array by its key path and hands over every element that parses on its own, so the rows
before (and after) the damage survive and the damage is located by entry and line.
*/
import type {Origin} from '../../model/records.js';
import type {ByteParser, Emit} from '../types.js';
import {type Reporter, reporter} from '../csv/report.js';

/** Documents larger than this are cut there (and reported); what was read is still recovered. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/** Collects a document's bytes up to a cap. */
export class JsonDocument {
	private chunks: Uint8Array[] = [];
	private size = 0;
	/** Bytes that did not fit under the cap. */
	dropped = 0;

	constructor(private readonly cap = MAX_JSON_BYTES) {}

	push(bytes: Uint8Array): void {
		const room = this.cap - this.size;
		if (room <= 0) {
			this.dropped += bytes.length;
			return;
		}
		const take = bytes.length <= room ? bytes : bytes.subarray(0, room);
		// Copy: the caller may reuse its buffer.
		this.chunks.push(take.slice());
		this.size += take.length;
		this.dropped += bytes.length - take.length;
	}

	/** The document as text (BOM removed). */
	text(): string {
		const all = new Uint8Array(this.size);
		let at = 0;
		for (const c of this.chunks) {
			all.set(c, at);
			at += c.length;
		}
		this.chunks = [];
		const text = new TextDecoder('utf-8').decode(all);
		return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	}
}

/** A JSON format's diagnostic codes: a document cut at `MAX_JSON_BYTES`, and each problem of `forEachJsonRow`. */
export type JsonRowCodes = {readonly [K in JsonRowProblem['code'] | 'too-large']: string};

/** How a JSON format of rows reads its document: where the rows are, its codes, and what a row gives. */
export type JsonRowsReader = {
	readonly paths: readonly JsonPath[];
	/** When the root is an object and no path matched, the root is the only row. */
	readonly rootObjectIsRow?: boolean;
	readonly codes: JsonRowCodes;
	row(row: unknown, origin: Origin & {readonly entry: number}, report: Reporter, emit: Emit): void;
	/** After the rows (the root when the document parsed cleanly), before the reporter's summaries. */
	done?(root: unknown, emit: Emit): void;
};

/**
A byte parser for a JSON document of rows, read whole (up to `cap` bytes): each row goes to
`reader.row` with its origin (file and entry); a cut document, an unreadable document and a missing rows
array are errors, an unreadable row a warning, each under the format's code and capped per code.
*/
export function jsonRowsParser(file: string, reader: JsonRowsReader, cap = MAX_JSON_BYTES): ByteParser {
	const doc = new JsonDocument(cap);
	return {
		chunk: (bytes) => doc.push(bytes),
		end(emit) {
			const report = reporter(emit, file);
			if (doc.dropped > 0) {
				const message = `document is larger than ${cap / 1024 / 1024} MiB; ${doc.dropped.toLocaleString('en-US')} bytes after that were not read`;
				report.report({file}, reader.codes['too-large'], message, 'error');
			}
			const result = forEachJsonRow(doc.text(), {
				paths: reader.paths,
				rootObjectIsRow: reader.rootObjectIsRow,
				onRow: (row, index) => reader.row(row, {file, entry: index}, report, emit),
				onProblem: (p) => report.report(problemOrigin(file, p), reader.codes[p.code], p.message, p.code === 'json.row.invalid' ? 'warning' : 'error'),
			});
			reader.done?.(result.root, emit);
			report.finish();
		},
	};
}

/** Where a problem of `forEachJsonRow` is: the file, and the line or row when known. */
function problemOrigin(file: string, p: JsonRowProblem): Origin {
	const origin: Origin = {file};
	if (p.line !== undefined) origin.line = p.line;
	if (p.entry !== undefined) origin.entry = p.entry;
	return origin;
}

/** The sniffer's head lines joined (at most ~64 KiB), for substring checks. */
export function headText(head: readonly string[]): string {
	let text = '';
	for (const line of head) {
		if (text.length > 65536) break;
		text += `${line}\n`;
	}
	return text;
}

/** A key path from the root, e.g. `['response', 'data', 'data']`; `[]` is the root itself. */
export type JsonPath = readonly string[];

export type JsonRowProblem = {
	code: 'json.invalid' | 'json.row.invalid' | 'json.rows.missing';
	message: string;
	/** 1-based line of the problem, when known. */
	line?: number;
	/** Index of the row concerned, when known. */
	entry?: number;
};

export type JsonRowsOptions = {
	/** Where the rows array may be, tried in order. */
	paths: readonly JsonPath[];
	/** When the root is an object and no path matched, treat the root as the only row. */
	rootObjectIsRow?: boolean;
	onRow(row: unknown, index: number): void;
	onProblem(problem: JsonRowProblem): void;
};

export type JsonRowsResult = {
	/** The parsed root when the document parsed cleanly (for envelope checks). */
	root?: unknown;
	rows: number;
};

function resolve(root: unknown, path: JsonPath): unknown {
	let at: unknown = root;
	for (const key of path) {
		if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
		at = (at as Record<string, unknown>)[key];
	}
	return at;
}

/** Call `onRow` for each element of the rows array of `text`; never throws. */
export function forEachJsonRow(text: string, options: JsonRowsOptions): JsonRowsResult {
	let root: unknown;
	let parsed = false;
	try {
		root = JSON.parse(text);
		parsed = true;
	} catch {
		// recovered below
	}
	if (parsed) {
		for (const path of options.paths) {
			const rows = resolve(root, path);
			if (Array.isArray(rows)) {
				rows.forEach((row, i) => options.onRow(row, i));
				return {root, rows: rows.length};
			}
		}
		if (options.rootObjectIsRow && root !== null && typeof root === 'object' && !Array.isArray(root)) {
			options.onRow(root, 0);
			return {root, rows: 1};
		}
		options.onProblem({code: 'json.rows.missing', message: `no rows array at ${options.paths.map(describePath).join(' or ')}`, line: 1});
		return {root, rows: 0};
	}
	return recoverRows(text, options);
}

function describePath(path: JsonPath): string {
	return path.length === 0 ? 'the top level' : path.join('.');
}

type Frame = {array: boolean; key: string | undefined; expectKey: boolean; path: string[] | undefined};

const MAX_DEPTH = 64;
const DEEP: Frame = {array: true, key: undefined, expectKey: false, path: undefined};

/**
The recovery pass: a tokenizer that tracks strings, nesting and object keys (enough to know the key
path of every array) and slices out each element of the rows array.
*/
function recoverRows(text: string, options: JsonRowsOptions): JsonRowsResult {
	const targets = new Set(options.paths.map((p) => JSON.stringify(p)));
	const stack: Frame[] = [];
	let rowsDepth = -1;
	let elementStart = -1;
	let index = 0;
	let rows = 0;
	let inString = false;
	let stringStart = 0;
	let found = false;
	const lineAt = lineCounter(text);
	const finishElement = (end: number): void => {
		if (elementStart < 0) return;
		const slice = text.slice(elementStart, end);
		try {
			options.onRow(JSON.parse(slice), index);
			rows++;
		} catch (error) {
			options.onProblem({code: 'json.row.invalid', message: `row ${index} is not valid JSON (${(error as Error).message}); row skipped`, line: lineAt(elementStart), entry: index});
		}
		index++;
		elementStart = -1;
	};
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: skip the escaped character
			else if (c === 0x22) {
				inString = false;
				const top = stack[stack.length - 1];
				if (top && !top.array && top.expectKey) {
					try {
						top.key = JSON.parse(text.slice(stringStart, i + 1)) as string;
					} catch {
						top.key = undefined;
					}
					top.expectKey = false;
				}
			}
			continue;
		}
		if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
		const top = stack[stack.length - 1];
		if (rowsDepth >= 0 && stack.length === rowsDepth && elementStart < 0 && c !== 0x5d && c !== 0x2c) elementStart = i;
		if (c === 0x22) {
			inString = true;
			stringStart = i;
		} else if (c === 0x7b || c === 0x5b) {
			const parentPath = stack.length === 0 ? [] : top?.path;
			const path = parentPath === undefined ? undefined : stack.length === 0 ? [] : top?.array ? undefined : top?.key === undefined ? undefined : [...parentPath, top.key];
			const array = c === 0x5b;
			// Past MAX_DEPTH nothing is a rows candidate: share one inert frame (hostile nesting stays cheap).
			stack.push(stack.length >= MAX_DEPTH ? DEEP : {array, key: undefined, expectKey: !array, path});
			if (array && rowsDepth < 0 && !found && path !== undefined && targets.has(JSON.stringify(path))) {
				rowsDepth = stack.length;
				found = true;
			}
		} else if (c === 0x7d || c === 0x5d) {
			if (rowsDepth >= 0 && stack.length === rowsDepth) {
				finishElement(i);
				rowsDepth = -1; // the rows array closed
			}
			stack.pop();
			if (rowsDepth >= 0 && stack.length === rowsDepth) finishElement(i + 1);
		} else if (c === 0x2c) {
			if (rowsDepth >= 0 && stack.length === rowsDepth) finishElement(i);
			else if (top && !top.array) top.expectKey = true;
		} else if (c === 0x3a) {
			if (top && !top.array) top.expectKey = false;
		}
	}
	if (!found) {
		options.onProblem({code: 'json.invalid', message: `not valid JSON, and no rows array found at ${options.paths.map(describePath).join(' or ')}`, line: 1});
		return {rows};
	}
	if (rowsDepth >= 0 || stack.length > 0 || inString) {
		const at = elementStart >= 0 ? elementStart : text.length;
		const what = elementStart >= 0 ? `row ${index} is cut off` : 'the rows array is not closed';
		options.onProblem({code: 'json.invalid', message: `document ends early: ${what}; ${rows} row${rows === 1 ? '' : 's'} read before the damage`, line: lineAt(at), entry: index});
	} else if (rows === index) {
		// Every row parsed but the document still failed: the damage is outside the rows array.
		options.onProblem({code: 'json.invalid', message: `not valid JSON outside the rows array; ${rows} row${rows === 1 ? '' : 's'} read`, line: 1});
	}
	return {rows};
}

/** 1-based line of a character offset; offsets are asked in increasing order. */
function lineCounter(text: string): (offset: number) => number {
	let at = 0;
	let line = 1;
	return (offset) => {
		if (offset < at) {
			at = 0;
			line = 1;
		}
		for (; at < offset && at < text.length; at++) if (text.charCodeAt(at) === 0x0a) line++;
		return line;
	};
}

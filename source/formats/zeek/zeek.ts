/**
Zeek logs (formats.md §6.6): TSV with `#separator`/`#fields`/`#types`/`#path` headers, and Zeek's JSON
output (one object per line with the same dotted keys) → `request` records.

- `dns.log`: one DNS lookup per row (`query`, client `id.orig_h`); `blocked` when every answer is a
  null address (a filtering resolver answered); other answered rows are `blocked: false`.
- `http.log`: host (the Host header, else `id.resp_h`), port, method, uri, status, `request_body_len`
  → `bytesSent` and `response_body_len` → `bytesReceived` (the client's view), `user_agent` → device,
  X-Plex-* / api_key query parameters → device and identifiers; `username`/`password` → identifiers.
- `ssl.log`: `server_name` (SNI, else `id.resp_h`) with method `TLS`, url `tls://host:port`.
- `conn.log`: one record per connection: host `id.resp_h`, port `id.resp_p`, method `CONN`, url
  `<proto>://host:port`, `orig_bytes` → `bytesSent`, `resp_bytes` → `bytesReceived`.
Other paths (files, x509, weird …) are read and skipped. The direction is `outbound` when the
responder is a public address; for LAN-to-LAN traffic it is left unset.

The parser is stateful: field positions come from the latest `#fields` line, a new header block
mid-stream replaces them, `#close` ends the block. `-` (unset) and `(empty)` (empty set) are honoured,
sets and vectors split on `#set_separator`, and `\xHH` escapes are decoded.
*/
import type {Identifier, RequestRecord} from '../../model/records.js';
import {clientEvidence} from '../common/client-params.js';
import {sniffByShare, sniffLines} from '../common/line-format.js';
import {splitUrl} from '../common/url.js';
import {deviceFromUserAgent, withUserAgent} from '../common/user-agent.js';
import {dnsRecord, NULL_ANSWERS} from '../dnsmasq/dns-record.js';
import {lineDiagnostic, type Emit, type LineFormat, type ParseContext} from '../types.js';
import {own} from '../../model/own.js';
import {isIpAddress, isPrivateAddress} from '../../model/hosts.js';
import {isoOfMs} from '../../model/time.js';

/** One row: a field by name, already unescaped; undefined when unset or absent. */
export type Row = (name: string) => string | undefined;

type Header = {separator: string; setSeparator: string; emptyField: string; unsetField: string; path: string | undefined; fields: string[] | undefined; index: Map<string, number>};

const newHeader = (): Header => ({separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-', path: undefined, fields: undefined, index: new Map()});

/** Decode Zeek's `\xHH` escapes (used for the separator and non-printable bytes). */
export function unescapeZeek(value: string): string {
	if (!value.includes('\\x')) return value;
	return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
A responder that stays on the LAN: a private address (model/hosts.ts, the test HAR and the classifier use),
or one a conn log has besides: broadcast, IPv4 multicast, the unspecified `::`.
*/
export function staysOnLan(ip: string): boolean {
	return isPrivateAddress(ip) || ip === '::' || ip.startsWith('255.') || /^2(?:2[4-9]|3\d)\./.test(ip);
}

function tsToIso(ts: string | undefined): string | undefined {
	if (ts === undefined) return undefined;
	const n = Number(ts);
	const ms = Number.isFinite(n) && /^\d/.test(ts) && !ts.includes('-') ? n * 1000 : Date.parse(ts);
	return Number.isNaN(ms) ? undefined : isoOfMs(ms);
}

const num = (v: string | undefined): number | undefined => {
	if (v === undefined || !/^\d+(?:\.\d+)?$/.test(v)) return undefined;
	return Number(v);
};
const port = (v: string | undefined): number | undefined => {
	const n = num(v);
	return n !== undefined && Number.isInteger(n) && n <= 65_535 ? n : undefined;
};
const hostPort = (host: string, p: number | undefined): string => {
	const h = host.includes(':') ? `[${host}]` : host;
	return p === undefined ? h : `${h}:${p}`;
};
const outbound = (resp: string | undefined): RequestRecord['direction'] => (resp && !staysOnLan(resp) ? 'outbound' : undefined);

type Builder = (row: Row, list: (name: string) => string[], ctx: ParseContext, line: number) => RequestRecord | undefined;

function base(row: Row, ctx: ParseContext, line: number): Omit<RequestRecord, 'url' | 'host' | 'path'> {
	const record: Omit<RequestRecord, 'url' | 'host' | 'path'> = {kind: 'request', source: 'zeek', origin: {file: ctx.file, line}, identifiers: []};
	const time = tsToIso(row('ts'));
	if (time) record.time = time;
	const client = row('id.orig_h');
	if (client) record.client = client;
	return record;
}

/** Record builders by log path: data, one small function each. */
export const BUILDERS: Readonly<Record<string, Builder>> = {
	dns(row, list, ctx, line) {
		const query = row('query');
		if (!query) return undefined;
		const answers = list('answers');
		const rcode = row('rcode_name');
		const answered = answers.length > 0 || rcode !== undefined;
		return dnsRecord({
			source: 'zeek',
			file: ctx.file,
			line,
			name: query,
			client: row('id.orig_h'),
			time: tsToIso(row('ts')),
			blocked: answered ? answers.length > 0 && answers.every((a) => NULL_ANSWERS.has(a)) : undefined,
			// The first address among the answers (names of a CNAME chain come first).
			address: answers.find((a) => /^[0-9a-f.:]{2,64}$/i.test(a) && isIpAddress(a)),
		});
	},
	http(row, list, ctx, line) {
		const uri = row('uri');
		const resp = row('id.resp_h');
		const rawHost = row('host') ?? resp;
		if (!rawHost && !uri) return undefined;
		const record = base(row, ctx, line) as RequestRecord;
		let host = (rawHost ?? '').toLowerCase();
		let p = port(row('id.resp_p'));
		// The Host header may carry a port: `plex.example:32400`.
		const hp = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(host);
		if (hp) {
			host = hp[1]!.replace(/^\[|\]$/g, '');
			if (hp[2]) p = Number(hp[2]);
		}
		const target = uri ?? '/';
		const parts = splitUrl(target);
		if (parts.scheme) {
			host = parts.host;
			p = parts.port;
		}
		record.url = parts.scheme ? target : `http://${hostPort(host, p === 80 ? undefined : p)}${target}`;
		record.host = host;
		record.path = parts.path;
		if (p !== undefined) record.port = p;
		const method = row('method');
		if (method) record.method = method;
		const status = num(row('status_code'));
		if (status !== undefined && Number.isInteger(status)) record.status = status;
		const sent = num(row('request_body_len'));
		if (sent !== undefined) record.bytesSent = sent;
		const received = num(row('response_body_len'));
		if (received !== undefined) record.bytesReceived = received;
		const mime = list('resp_mime_types')[0];
		if (mime) record.mimeType = mime;
		const evidence = clientEvidence(parts.query);
		const identifiers: Identifier[] = [...evidence.identifiers];
		const user = row('username');
		if (user) identifiers.push({kind: 'personal', name: 'username', value: user});
		const password = row('password');
		if (password) identifiers.push({kind: 'secret', name: 'password', value: password});
		record.identifiers = identifiers;
		const device = withUserAgent(evidence.device, deviceFromUserAgent(row('user_agent')));
		if (device) record.device = device;
		const direction = outbound(resp);
		if (direction) record.direction = direction;
		return record;
	},
	ssl(row, _list, ctx, line) {
		const resp = row('id.resp_h');
		const host = (row('server_name') ?? resp)?.toLowerCase();
		if (!host) return undefined;
		const record = base(row, ctx, line) as RequestRecord;
		const p = port(row('id.resp_p'));
		record.method = 'TLS';
		record.url = `tls://${hostPort(host, p)}`;
		record.host = host;
		record.path = '';
		if (p !== undefined) record.port = p;
		const direction = outbound(resp);
		if (direction) record.direction = direction;
		return record;
	},
	conn(row, _list, ctx, line) {
		const resp = row('id.resp_h');
		if (!resp) return undefined;
		const record = base(row, ctx, line) as RequestRecord;
		const p = port(row('id.resp_p'));
		record.method = 'CONN';
		record.url = `${row('proto') ?? 'ip'}://${hostPort(resp, p)}`;
		record.host = resp;
		record.path = '';
		if (p !== undefined) record.port = p;
		const sent = num(row('orig_bytes'));
		if (sent !== undefined) record.bytesSent = sent;
		const received = num(row('resp_bytes'));
		if (received !== undefined) record.bytesReceived = received;
		const direction = outbound(resp);
		if (direction) record.direction = direction;
		return record;
	},
};

/** Guess the log path of a JSON row (Zeek's JSON has no `#path`) from its fields. */
function pathOfFields(has: (name: string) => boolean): string | undefined {
	if (has('query') && has('qtype_name')) return 'dns';
	if (has('query') && has('trans_id')) return 'dns';
	if (has('method') && (has('uri') || has('host')) && has('trans_depth')) return 'http';
	if (has('server_name') || (has('cipher') && has('version') && has('established'))) return 'ssl';
	if (has('conn_state') && has('id.resp_h')) return 'conn';
	return undefined;
}

const MAX_JSON_LINE = 1024 * 1024;

function jsonValue(v: unknown): string | string[] | undefined {
	if (v === null || v === undefined) return undefined;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	if (Array.isArray(v)) return v.filter((x) => x !== null && typeof x !== 'object').map(String);
	return undefined;
}

function createParser(ctx: ParseContext) {
	let header = newHeader();
	let warnedNoFields = false;
	let warnedPath: string | undefined;

	const emitRow = (path: string | undefined, row: Row, list: (name: string) => string[], lineNo: number, emit: Emit): void => {
		const builder = path ? own(BUILDERS, path) : undefined;
		if (!builder) return;
		const record = builder(row, list, ctx, lineNo);
		if (record) emit.record(record);
	};

	const directive = (text: string, lineNo: number, emit: Emit): void => {
		if (text.startsWith('#separator ')) {
			// A new header block: forget the previous one.
			header = newHeader();
			header.separator = unescapeZeek(text.slice('#separator '.length));
			warnedPath = undefined;
			return;
		}
		const sep = header.separator;
		const cut = text.indexOf(sep);
		const key = cut === -1 ? text.slice(1) : text.slice(1, cut);
		const value = cut === -1 ? '' : text.slice(cut + sep.length);
		switch (key) {
			case 'set_separator':
				header.setSeparator = unescapeZeek(value) || ',';
				break;
			case 'empty_field':
				header.emptyField = value;
				break;
			case 'unset_field':
				header.unsetField = value;
				break;
			case 'path':
				header.path = value;
				if (!(value in BUILDERS) && warnedPath !== value) {
					warnedPath = value;
					emit.diagnostic(lineDiagnostic(ctx, lineNo, 'zeek.path.skipped', `Zeek ${value}.log rows carry no request; they are skipped`, 'info'));
				}
				break;
			case 'fields':
				header.fields = value.split(sep);
				header.index = new Map(header.fields.map((f, i) => [f, i]));
				warnedNoFields = false;
				if (!header.path) header.path = pathOfFields((n) => header.index.has(n));
				break;
			case 'close':
				header.fields = undefined;
				header.index = new Map();
				break;
			default:
				break; // #open, #types and comments
		}
	};

	const tsvRow = (text: string, lineNo: number, emit: Emit): void => {
		const {fields, index, separator, unsetField, emptyField, setSeparator} = header;
		if (!fields) {
			if (!warnedNoFields) {
				warnedNoFields = true;
				emit.diagnostic(lineDiagnostic(ctx, lineNo, 'zeek.fields.missing', 'Zeek row before any #fields header; rows are skipped until one'));
			}
			return;
		}
		const cells = text.split(separator);
		if (cells.length !== fields.length) {
			emit.diagnostic(lineDiagnostic(ctx, lineNo, 'zeek.line.field-count', `expected ${fields.length} fields, found ${cells.length}`));
			return;
		}
		const row: Row = (name) => {
			const i = index.get(name);
			const v = i === undefined ? undefined : cells[i];
			return v === undefined || v === unsetField || v === emptyField || v === '' ? undefined : unescapeZeek(v);
		};
		const list = (name: string): string[] => {
			const i = index.get(name);
			const v = i === undefined ? undefined : cells[i];
			if (v === undefined || v === unsetField || v === emptyField || v === '') return [];
			return v.split(setSeparator).map(unescapeZeek);
		};
		emitRow(header.path, row, list, lineNo, emit);
	};

	const jsonRow = (text: string, lineNo: number, emit: Emit): void => {
		let parsed: unknown;
		try {
			parsed = text.length <= MAX_JSON_LINE ? JSON.parse(text) : undefined;
		} catch {
			parsed = undefined;
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			emit.diagnostic(lineDiagnostic(ctx, lineNo, 'zeek.line.unparsed', 'not a Zeek JSON row'));
			return;
		}
		const obj = parsed as Record<string, unknown>;
		const row: Row = (name) => {
			const v = jsonValue(obj[name]);
			return typeof v === 'string' && v !== '' ? v : Array.isArray(v) ? v.join(',') || undefined : undefined;
		};
		const list = (name: string): string[] => {
			const v = jsonValue(obj[name]);
			return v === undefined ? [] : Array.isArray(v) ? v : [v];
		};
		const path = typeof obj._path === 'string' ? obj._path : pathOfFields((n) => n in obj);
		emitRow(path, row, list, lineNo, emit);
	};

	return {
		line(text: string, lineNo: number, emit: Emit): void {
			if (text === '') return;
			if (text.charCodeAt(0) === 35 /* # */) directive(text, lineNo, emit);
			else if (text.charCodeAt(0) === 123 /* { */) jsonRow(text, lineNo, emit);
			else tsvRow(text, lineNo, emit);
		},
	};
}

const SAMPLES = [
	'#separator \\x09',
	'{"ts":1602265824.123071,"uid":"CHFRflzsgM15k9et4","id.orig_h":"192.168.75.169","query":"www.sansgear.com","answers":["vhost1.identityvector.com","70.32.97.206"],"TTLs":[3600.0,3600.0],"rejected":false}',
];

/** Score the first lines: a `#separator` header is certain; JSON rows need Zeek's `uid` and `id.orig_h`. */
export function sniffZeek(head: readonly string[]): number {
	if (sniffLines(head)[0]?.startsWith('#separator ')) return 1;
	return sniffByShare(head, (l) => l.startsWith('{"') && l.includes('"uid":"C') && l.includes('"id.orig_h":'), 0.6, 0.35);
}

/** Zeek TSV or JSON logs (conn, dns, http, ssl). */
export const zeekFormat: LineFormat = {
	kind: 'lines',
	name: 'zeek',
	title: 'Zeek log',
	samples: SAMPLES,
	sniff: sniffZeek,
	// The parser keeps its promise not to throw; ingest still contains a bug (a located
	// `parser.internal` diagnostic) rather than hide it here, so the fuzz tests would see it.
	create: (ctx) => ({...createParser(ctx), end() {}}),
};

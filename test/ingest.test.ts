import {mkdtempSync, writeFileSync, mkdirSync, chmodSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {createClassifier} from '../source/classify/classify.js';
import type {LineFormat} from '../source/formats/types.js';
import {resolveInputs} from '../source/input/sources.js';
import {finalizeRecord} from '../source/pipeline/finalize.js';
import {ingestAll, storeRecord} from '../source/pipeline/ingest.js';
import type {TelemetryRecord} from '../source/model/records.js';
import {RecordStore} from '../source/store/store.js';
import {allRecords} from './helpers/records.js';
import {playback, request} from './helpers/records.js';

/** A minimal line format for pipeline tests: `REQ <url>` lines; `BOOM` makes the parser throw. */
const testFormat: LineFormat = {
	name: 'testlog',
	title: 'test log',
	kind: 'lines',
	samples: ['REQ https://plex.tv/'],
	sniff: (head) => (head[0]?.startsWith('REQ ') ? 1 : 0),
	create: (ctx) => ({
		line(text, lineNo, emit) {
			if (text === 'BOOM') throw new Error('kaboom');
			if (!text.startsWith('REQ ')) {
				emit.diagnostic({severity: 'warning', code: 'test.unparsed', message: 'not a REQ line', origin: {file: ctx.file, line: lineNo}});
				return;
			}
			const url = text.slice(4);
			const host = /^https?:\/\/([^/:?]+)/.exec(url)?.[1] ?? '';
			emit.record({kind: 'request', source: 'testlog', origin: {file: ctx.file, line: lineNo}, identifiers: [], url, host, path: '/'});
		},
		end() {},
	}),
};

async function run(args: string[], stdinText?: string): Promise<RecordStore> {
	const stdin = Object.assign(Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]), {isTTY: stdinText === undefined});
	const {sources, problems} = await resolveInputs(args, {stdin, follow: false});
	const store = new RecordStore({spool: true});
	await ingestAll(sources, problems, store, {formats: [testFormat], classifier: createClassifier(), showSecrets: false});
	return store;
}

function tmp(): string {
	return mkdtempSync(join(tmpdir(), 'ttui-'));
}

describe('ingestion', () => {
	it('reads plain files, gzip files (by magic bytes, whatever the name) and stdin the same way', async () => {
		const dir = tmp();
		const text = 'REQ https://plex.tv/a\nREQ https://analytics.plex.tv/collect\n';
		writeFileSync(join(dir, 'plain.log'), text);
		writeFileSync(join(dir, 'packed.log.gz'), gzipSync(text));
		writeFileSync(join(dir, 'packed-no-ext'), gzipSync(text));
		for (const args of [[join(dir, 'plain.log')], [join(dir, 'packed.log.gz')], [join(dir, 'packed-no-ext')]]) {
			const store = await run(args);
			expect(allRecords(store).map((r) => (r.kind === 'request' ? r.host : '')), args[0]).toEqual(['plex.tv', 'analytics.plex.tv']);
		}
		const piped = await run([], text);
		expect(piped.size).toBe(2);
		expect(piped.record(0).origin).toEqual({file: '<stdin>', line: 1});
	});

	it('reads a folder recursively in natural name order', async () => {
		const dir = tmp();
		mkdirSync(join(dir, 'sub'));
		writeFileSync(join(dir, 'Server.10.log'), 'REQ https://ten.example/\n');
		writeFileSync(join(dir, 'Server.2.log'), 'REQ https://two.example/\n');
		writeFileSync(join(dir, 'sub', 'x.log'), 'REQ https://sub.example/\n');
		writeFileSync(join(dir, '.hidden'), 'REQ https://hidden.example/\n');
		const store = await run([dir]);
		expect(store.inputs.map((i) => i.name.slice(dir.length))).toEqual(['/Server.2.log', '/Server.10.log', '/sub/x.log']);
		expect(store.size).toBe(3);
	});

	it('a missing file, an unknown format, a binary file and an empty file each get one located error; the rest is read', async () => {
		const dir = tmp();
		writeFileSync(join(dir, 'good.log'), 'REQ https://plex.tv/\n');
		writeFileSync(join(dir, 'other.txt'), 'hello world\n');
		writeFileSync(join(dir, 'blob.bin'), Buffer.from([0x52, 0x45, 0x51, 0x00, 0x01, 0x02]));
		writeFileSync(join(dir, 'empty.log'), '');
		const store = await run([join(dir, 'missing.log'), join(dir, 'other.txt'), join(dir, 'blob.bin'), join(dir, 'empty.log'), join(dir, 'good.log')]);
		expect(store.size).toBe(1);
		const byFile = Object.fromEntries(store.diagnostics.map((d) => [d.origin.file.slice(dir.length + 1), `${d.code}: ${d.message}`]));
		expect(byFile['missing.log']).toBe('input.unreadable: no such file or folder');
		expect(byFile['other.txt']).toMatch(/^input\.unknown-format: not a format this tool reads \(tried: testlog\)/);
		expect(byFile['blob.bin']).toMatch(/^input\.binary: /);
		expect(byFile['empty.log']).toBe('input.empty: empty input');
		expect(store.inputs.find((i) => i.name.endsWith('good.log'))?.status).toBe('done');
	});

	it('a file that is named .gz but is not gzip is read as text; a corrupt gzip stream keeps what was read and says where it stopped', async () => {
		const dir = tmp();
		writeFileSync(join(dir, 'fake.gz'), 'REQ https://plex.tv/\n');
		const fake = await run([join(dir, 'fake.gz')]);
		expect(fake.size).toBe(1);
		const lines = Array.from({length: 5000}, (_, i) => `REQ https://h${i}.example/`).join('\n');
		const packed = gzipSync(lines);
		writeFileSync(join(dir, 'cut.gz'), packed.subarray(0, Math.floor(packed.length * 0.6)));
		const cut = await run([join(dir, 'cut.gz')]);
		expect(cut.size).toBeGreaterThan(100);
		expect(cut.size).toBeLessThan(5000);
		expect(cut.diagnostics.at(-1)?.message).toMatch(/reading stopped after [\d,]+ bytes: /);
	});

	it.skipIf(process.getuid?.() === 0)('a file without read permission is reported and skipped', async () => {
		const dir = tmp();
		writeFileSync(join(dir, 'secret.log'), 'REQ https://plex.tv/\n');
		chmodSync(join(dir, 'secret.log'), 0o000);
		const store = await run([join(dir, 'secret.log')]);
		expect(store.diagnostics[0]?.message).toMatch(/permission denied/);
	});

	it('a parser bug on one line becomes a located diagnostic and the next lines are still read', async () => {
		const store = await run([], 'REQ https://a.example/\nBOOM\nREQ https://b.example/\n');
		expect(store.size).toBe(2);
		expect(store.diagnostics).toContainEqual({severity: 'error', code: 'parser.internal', message: 'internal parser error: kaboom', origin: {file: '<stdin>', line: 2}});
	});

	it('records are redacted, masked and classified before they are stored', async () => {
		const store = await run([], 'REQ https://plex.tv/api?X-Plex-Token=abcdef123456\u001B[31m\n');
		const r = store.record(0);
		expect(r.kind === 'request' && r.url).toBe('https://plex.tv/api?X-Plex-Token=[REDACTED]');
		expect(r.kind === 'request' && r.classification?.organization).toBe('Plex Inc.');
	});
});

describe('finalizeRecord', () => {
	const classifier = createClassifier();
	const raw = request('plex.tv', {
		url: 'https://plex.tv/?X-Plex-Token=tok-123456789',
		client: '192.168.1.5',
		identifiers: [{kind: 'secret', name: 'X-Plex-Token', value: 'tok-123456789'}, {kind: 'identifier', name: 'X-Plex-Client-Identifier', value: 'clientid-1234567'}, {kind: 'device', name: 'X-Plex-Product', value: 'Plex Web'}],
		device: {product: 'Plex Web', clientId: 'clientid-1234567', name: "Alice's iPhone"},
	});

	it('masks by default and leaves no secret anywhere in the record', () => {
		const r = finalizeRecord(raw, {classifier, showSecrets: false});
		const text = JSON.stringify(r);
		expect(text).not.toContain('tok-123456789');
		expect(text).not.toContain('clientid-1234567');
		expect(text).not.toContain('Alice');
		expect(text).not.toContain('192.168.1.5');
		expect(r.identifiers.map((i) => i.value)).toEqual(['[secret]', expect.stringMatching(/^clie…#/), 'Plex Web']);
	});

	it('--show-secrets keeps values', () => {
		const r = finalizeRecord(raw, {classifier, showSecrets: true});
		expect(JSON.stringify(r)).toContain('tok-123456789');
	});

	it('does not modify the raw record', () => {
		const copy = structuredClone(raw);
		finalizeRecord(raw, {classifier, showSecrets: false});
		expect(raw).toEqual(copy);
	});

	it('a time given as timeMs is stored and shown as the same time given as an ISO string (in its place; none when invalid)', () => {
		const cases: Array<[number, string | undefined]> = [
			[Date.UTC(2026, 1, 6, 12, 48, 39, 648), '2026-02-06T12:48:39.648Z'],
			[0.75, '1970-01-01T00:00:00.000Z'],
			[-0.5, '1970-01-01T00:00:00.000Z'],
			[Number.NaN, undefined],
			[9e15, undefined],
		];
		for (const [ms, iso] of cases) {
			const byNumber = new RecordStore({spool: true});
			const byString = new RecordStore({spool: true});
			const base = {kind: 'request' as const, source: 't', origin: {file: 'f', line: 1}, identifiers: [], url: 'https://plex.tv/', host: 'plex.tv', path: '/'};
			// A `time` beside `timeMs` is ignored: the number decides.
			const shown = storeRecord({...base, timeMs: ms, time: '1999-01-01T00:00:00.000Z', client: 'c'}, byNumber, 'f', {classifier, showSecrets: false});
			const want = storeRecord({...base, ...(iso === undefined ? {} : {time: iso}), client: 'c'}, byString, 'f', {classifier, showSecrets: false});
			expect(Object.keys(shown), String(ms)).toEqual(Object.keys(want));
			expect(shown).toEqual(want);
			expect(Object.is(byNumber.time.get(0), byString.time.get(0)), String(ms)).toBe(true);
			expect(byNumber.recordText(0)).toBe(byString.recordText(0));
			expect(byNumber.inputs).toEqual(byString.inputs);
			byNumber.close();
			byString.close();
			// Without a spool nothing reads the string (nor the URL): they are not made, and the store has the same time.
			const bare = new RecordStore();
			const stored = storeRecord({...base, timeMs: ms}, bare, 'f', {classifier, showSecrets: false});
			expect([stored.time, stored.kind === 'request' ? stored.url : '']).toEqual([undefined, undefined]);
			expect(Object.is(bare.time.get(0), byString.time.get(0)), String(ms)).toBe(true);
			bare.close();
		}
	});

	it('without a spool, each destination is classified once, with the label its records would carry', () => {
		const hosts = ['plex.tv', '192.168.1.20', 'doubleclick.net', '1-2-3-4.0123456789abcdef0123456789abcdef.plex.direct', 'nas', 'example.org'];
		const raws: TelemetryRecord[] = Array.from({length: 60}, (_, k) => request(hosts[k % hosts.length]!, k % 4 === 0 ? {port: 32400} : {}));
		raws.push(playback({host: 'plex.tv'}));
		let asked = 0;
		const counting = {...classifier, classify: (host: string, port?: number) => (asked++, classifier.classify(host, port))};
		const whole = new RecordStore({spool: true});
		const bare = new RecordStore();
		for (const raw of raws) storeRecord(raw, whole, 'f', {classifier, showSecrets: false});
		for (const raw of raws) storeRecord(raw, bare, 'f', {classifier: counting, showSecrets: false});
		const labels = (store: RecordStore) => [...store.destinations].map((d) => [d.host, d.port, d.classification]);
		expect(labels(bare)).toEqual(labels(whole));
		expect(labels(bare).every(([, , c]) => c !== undefined)).toBe(true);
		expect(asked).toBe(bare.destinations.size - 1);
		whole.close();
		bare.close();
	});
});

describe('--follow', () => {
	it('keeps reading a file as it grows, and starts again when it is rotated', async () => {
		const {appendFileSync, renameSync} = await import('node:fs');
		const dir = tmp();
		const path = join(dir, 'live.log');
		writeFileSync(path, 'REQ https://first.example/\n');
		const {sources, problems} = await resolveInputs([path], {stdin: Object.assign(Readable.from([]), {isTTY: true}), follow: true});
		expect(sources[0]?.live).toBe(true);
		const store = new RecordStore({spool: true});
		const controller = new AbortController();
		const done = ingestAll(sources, problems, store, {formats: [testFormat], classifier: createClassifier(), showSecrets: false, signal: controller.signal});
		const hosts = () => allRecords(store).map((r) => (r.kind === 'request' ? r.host : ''));
		const waitFor = async (n: number) => {
			for (let i = 0; i < 200 && store.size < n; i++) await new Promise((r) => setTimeout(r, 25));
		};
		await waitFor(1);
		appendFileSync(path, 'REQ https://second.example/\n');
		await waitFor(2);
		renameSync(path, `${path}.1`);
		writeFileSync(path, 'REQ https://after-rotation.example/\n');
		await waitFor(3);
		controller.abort();
		await done;
		expect(hosts()).toEqual(['first.example', 'second.example', 'after-rotation.example']);
	});
});

describe('identifiers inside URLs', () => {
	const classifier = createClassifier();
	it('are masked by default, and kept with --show-secrets', () => {
		const raw = request('plex.tv', {url: 'https://plex.tv/api?X-Plex-Product=Plex%20Web&X-Plex-Client-Identifier=k3x9q2m7w4z8p1v6&X-Plex-Device-Name=Alice%27s%20iPhone&X-Plex-Platform=Chrome', path: '/api'});
		const masked = finalizeRecord(raw, {classifier, showSecrets: false});
		expect(masked.kind === 'request' && masked.url).not.toContain('k3x9q2m7w4z8p1v6');
		expect(masked.kind === 'request' && masked.url).not.toContain('Alice');
		expect(masked.kind === 'request' && masked.url).toContain('X-Plex-Product=Plex%20Web');
		expect(masked.kind === 'request' && masked.url).toContain('X-Plex-Platform=Chrome');
		// The mask reads as it does in every other cell (not percent-encoded), so a reader can follow it.
		expect(masked.kind === 'request' && masked.url).toMatch(/X-Plex-Client-Identifier=k3x9…#[0-9a-f]{6}/);
		const shown = finalizeRecord(raw, {classifier, showSecrets: true});
		expect(shown.kind === 'request' && shown.url).toContain('k3x9q2m7w4z8p1v6');
	});

	const CLIENT = 'k3x9q2m7w4z8p1v6r5t0';
	const url = (u: string) => {
		const r = finalizeRecord(request('pixel.tracker.example', {url: u, path: new URL(u).pathname}), {classifier, showSecrets: false});
		return r.kind === 'request' ? `${r.url} ${r.path}` : '';
	};

	it.each([
		['under a name nobody registered', `https://pixel.tracker.example/i.gif?uid=${CLIENT}&w=1920`, CLIENT],
		['as a path segment', `https://pixel.tracker.example/u/${CLIENT}/x.gif`, CLIENT],
		['a UUID', 'https://pixel.tracker.example/e?sid=6f1d2c3b-aaaa-4bbb-8ccc-0123456789ab', '6f1d2c3b-aaaa-4bbb-8ccc-0123456789ab'],
		['a public IP under any name', 'https://plex.tv/api/v2/geoip?address=203.0.113.7', '203.0.113.7'],
		['a postal code', 'https://vod.provider.plex.tv/hubs?postalCode=10001&lang=en', '10001'],
		['coordinates', 'https://pixel.tracker.example/g?lat=40.7128&lon=-74.0060', '40.7128'],
		['an e-mail address', 'https://pixel.tracker.example/s?e=someone%40example.org', 'someone@example.org'],
	])('a token-shaped or personal value is masked %s', (_what, u, raw) => {
		const text = url(u);
		expect(text).not.toContain(raw);
		expect(text).not.toContain(encodeURIComponent(raw));
		expect(text).toMatch(/…#[0-9a-f]{6}/);
	});

	it('descriptors stay readable: versions, sizes, languages, a device named after its browser', () => {
		const text = url('https://pixel.tracker.example/i?v=4.116.1&res=1920x1080&lang=en&X-Plex-Device-Name=Chrome&p=Linux');
		for (const plain of ['v=4.116.1', 'res=1920x1080', 'lang=en', 'X-Plex-Device-Name=Chrome', 'p=Linux']) expect(text).toContain(plain);
		const r = finalizeRecord(request('plex.tv', {identifiers: [{kind: 'personal', name: 'X-Plex-Device-Name', value: 'Chrome'}], device: {product: 'Plex Web', name: 'Chrome'}}), {classifier, showSecrets: false});
		expect(r.identifiers).toEqual([{kind: 'device', name: 'X-Plex-Device-Name', value: 'Chrome'}]);
		expect(r.device?.name).toBe('Chrome');
		const person = finalizeRecord(request('plex.tv', {device: {product: 'Plex Web', name: "Alice's iPhone"}}), {classifier, showSecrets: false});
		expect(person.device?.name).not.toContain('Alice');
	});

	it('--show-identifiers shows identifiers and personal data but keeps secrets redacted', () => {
		const raw = request('pixel.tracker.example', {
			url: `https://pixel.tracker.example/i.gif?uid=${CLIENT}&X-Plex-Token=tok-secret-123456`,
			path: '/i.gif',
			client: '203.0.113.7',
			identifiers: [
				{kind: 'identifier', name: 'uid', value: CLIENT},
				{kind: 'secret', name: 'X-Plex-Token', value: 'tok-secret-123456'},
			],
		});
		const r = finalizeRecord(raw, {classifier, showSecrets: false, showIdentifiers: true});
		const text = JSON.stringify(r);
		expect(text).toContain(CLIENT);
		expect(text).toContain('203.0.113.7');
		expect(text).not.toContain('tok-secret-123456');
	});
});

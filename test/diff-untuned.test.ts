/**
The diff on pairs it was not tuned to: inputs of the repository (a Pi-hole log, a Plex Media Server
log, the Plex Web HAR) cut into two overlapping windows. Whatever the windows hold, the destinations
the diff calls new and gone are exactly the hosts of one window's Destinations view and not the
other's, and the ledger's new and gone rows exactly its identifiers of one window and not the other
(each window's views read beside the other, as the diff reads them, so both label hosts alike).
*/
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {runMain} from './helpers/main.js';

const dir = mkdtempSync(join(tmpdir(), 'ttui-untuned-'));

type Source = {name: string; ext: string; parts: string[]; join: (parts: string[]) => string};

function lines(path: string): Source {
	const text = readFileSync(path, 'utf8');
	return {name: path, ext: path.slice(path.lastIndexOf('.')), parts: text.split('\n').filter((l) => l !== ''), join: (p) => `${p.join('\n')}\n`};
}

function har(path: string): Source {
	const doc = JSON.parse(readFileSync(path, 'utf8')) as {log: {entries: unknown[]}};
	return {name: path, ext: '.har', parts: doc.log.entries.map((e) => JSON.stringify(e)), join: (p) => JSON.stringify({...doc, log: {...doc.log, entries: p.map((e) => JSON.parse(e) as unknown)}})};
}

const SOURCES = [lines('test/fixtures/dnsmasq/pihole-plex-lan.log'), lines('test/fixtures/pms/mixed-generations.log'), har('samples/plex-web-session.har')];

async function json<T>(args: string[]): Promise<T> {
	const r = await runMain(args);
	expect(r.code, r.stderr).toBe(0);
	return JSON.parse(r.stdout) as T;
}

type Views = {destinations: Array<{host: string}>; ledger: Array<{identifier: string; kind: string; organization: string}>};
type Diff = {views: Record<string, Array<{change: string} & Record<string, unknown>>>};

const minus = (a: Set<string>, b: Set<string>): string[] => [...a].filter((x) => !b.has(x)).sort();

describe('the diff on pairs it was not tuned to', () => {
	it.each(SOURCES.flatMap((s) => [[s.name, 0.25, 0.75], [s.name, 0.5, 0.6], [s.name, 0.1, 0.9]] as const))('%s: after from %s·n, before up to %s·n', async (name, a, b) => {
		const source = SOURCES.find((s) => s.name === name)!;
		const n = source.parts.length;
		// Before: the first part up to b; after: from a to the end (they overlap in the middle).
		const beforeParts = source.parts.slice(0, Math.max(1, Math.round(b * n)));
		const afterParts = source.parts.slice(Math.round(a * n));
		const tag = `${source.name.replace(/\W/g, '_')}-${a}-${b}`;
		const beforePath = join(dir, `${tag}.before${source.ext}`);
		const afterPath = join(dir, `${tag}.after${source.ext}`);
		writeFileSync(beforePath, source.join(beforeParts));
		writeFileSync(afterPath, source.join(afterParts));
		// Each side's own views, read beside the other side (as the diff reads them: what one side teaches
		// the classifier, such as whose server is the user's, labels both), narrowed to its file.
		const sideViews = async (path: string) => json<Views>(['-p', '-v', 'destinations,ledger', '-o', 'json', '--filter', `file:=${path}`, beforePath, afterPath]);
		const [vb, va] = [await sideViews(beforePath), await sideViews(afterPath)];
		const d = await json<Diff>(['diff', beforePath, afterPath, '-o', 'json']);
		const of = (view: string, change: string, key: (r: Record<string, unknown>) => string): string[] => d.views[view]!.filter((r) => r.change === change).map(key).sort();
		const hostsB = new Set(vb.destinations.map((r) => r.host));
		const hostsA = new Set(va.destinations.map((r) => r.host));
		expect(of('destinations', 'new', (r) => String(r['host']))).toEqual(minus(hostsA, hostsB));
		expect(of('destinations', 'gone', (r) => String(r['host']))).toEqual(minus(hostsB, hostsA));
		const id = (r: {identifier?: unknown; kind?: unknown; organization?: unknown}): string => `${String(r.identifier)} ${String(r.kind)} ${String(r.organization)}`;
		const idsB = new Set(vb.ledger.map(id));
		const idsA = new Set(va.ledger.map(id));
		expect(of('ledger', 'new', id)).toEqual(minus(idsA, idsB));
		expect(of('ledger', 'gone', id)).toEqual(minus(idsB, idsA));
		// Every row of either side is in the diff once.
		expect(d.views['destinations']!.length).toBe(new Set([...hostsA, ...hostsB]).size);
	});
});

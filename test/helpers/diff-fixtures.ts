/**
Writes the before/after pairs of test/fixtures/diff (Squid access logs, made for the diff tests):
`npx tsx test/helpers/diff-fixtures.ts`. Each pair changes one thing against the same base traffic:

  opt-out         crash reports turned off: sentry.io is gone
  new-tracker     a Google Analytics beacon every 120 s appears
  volume-doubles  analytics.plex.tv is contacted every 30 s instead of every 60 s
  new-identifier  analytics.plex.tv now also receives X-Plex-Device-Name (personal)
  longer-after    before covers 10 minutes, after 2 hours; a host contacted once an hour is seen only after

Times are fixed and the jitter comes from a seeded generator, so the files are the same on every run.
*/
import {mkdirSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {random} from '../../bench/random.js';

const DIR = fileURLToPath(new URL('../fixtures/diff/', import.meta.url));
const START = Date.UTC(2024, 4, 2, 9, 0, 0) / 1000;


type Line = {t: number; text: string};

function squid(t: number, url: string, bytes: number, client = '192.168.1.30'): Line {
	return {t, text: `${t.toFixed(3)}    120 ${client} TCP_MISS/200 ${bytes} GET ${url} - HIER_DIRECT/203.0.113.9 application/json`};
}

/** A beacon: every `period` s (±3 s) for `seconds`. */
function every(seed: number, period: number, seconds: number, url: (k: number) => string, bytes: number): Line[] {
	const next = random(seed);
	const out: Line[] = [];
	for (let k = 0, t = 5 + next() * 10; t < seconds; k++, t += period) out.push(squid(START + t + (next() * 6 - 3), url(k), bytes));
	return out;
}

const CLIENT = 'X-Plex-Client-Identifier=7f3c2a9e0b1d4e6f8a2c';
const TOKEN = 'X-Plex-Token=Zx9yW8vU7tS6rQ5pO4nM';

function base(seconds: number, options: {sentry?: boolean; analyticsEvery?: number; deviceName?: boolean} = {}): Line[] {
	const lines = [
		...every(1, 300, seconds, () => `https://plex.tv/api/v2/user?${CLIENT}&${TOKEN}`, 1800),
		...every(2, options.analyticsEvery ?? 60, seconds, () => `https://analytics.plex.tv/collect/event?${CLIENT}${options.deviceName ? '&X-Plex-Device-Name=Living%20Room%20TV' : ''}`, 300),
		...every(3, 450, seconds, (k) => `https://metadata.provider.plex.tv/library/metadata/${1000 + k}`, 5200),
	];
	if (options.sentry !== false) lines.push(...every(4, 600, seconds, () => 'https://o1234.ingest.sentry.io/api/5678/store/', 90));
	return lines;
}

function write(name: string, lines: Line[]): void {
	writeFileSync(`${DIR}${name}.log`, `${lines.sort((a, b) => a.t - b.t).map((l) => l.text).join('\n')}\n`);
}

mkdirSync(DIR, {recursive: true});
const HOUR = 3600;
write('opt-out.before', base(HOUR));
write('opt-out.after', base(HOUR, {sentry: false}));
write('new-tracker.before', base(HOUR));
write('new-tracker.after', [...base(HOUR), ...every(5, 120, HOUR, (k) => `https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&_p=${k}`, 40)]);
write('volume-doubles.before', base(HOUR));
write('volume-doubles.after', base(HOUR, {analyticsEvery: 30}));
write('new-identifier.before', base(HOUR));
write('new-identifier.after', base(HOUR, {deviceName: true}));
write('longer-after.before', base(600));
write('longer-after.after', [...base(2 * HOUR), ...every(6, HOUR, 2 * HOUR, () => 'https://updates.example-vendor.com/check', 700)]);

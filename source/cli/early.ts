/**
What the binary does before anything else is loaded, shared by the tsc build's entry (source/cli.ts) and
the single-file bundle's head (source/cli/bundle-head.ts). Nothing here may import more than Node's own
modules: it runs before the program is even compiled.

Ink loads React DevTools (a WebSocket to localhost) when DEV=true is in the environment; an auditing tool
must never open a connection, so that switch is removed before Ink is ever imported (the program is loaded
after this runs, every import of it dynamic).
*/
import {createRequire} from 'node:module';
import {setFlagsFromString} from 'node:v8';

export function prepareProcess(): void {
	delete process.env['DEV'];
	// Nor is there any use for `fetch`, and Node loads its HTTP client (undici, ≈ 100 ms of a cold start) the
	// first time anything so much as asks `typeof fetch`: Ink's layout engine (yoga's wasm loader) does, and
	// would then "fetch" the data: URL its wasm is embedded in. Without the global it decodes those bytes
	// directly. The lazy global is replaced without being read.
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	// React's development build is several times slower and only helps while developing React itself.
	process.env['NODE_ENV'] ??= 'production';
	lightPerformance();
	boundHeapGrowth();
	tierUpLater();
}

/**
V8's interrupt budget, four times its default (67,584): how much bytecode a function runs before V8 considers
optimising it with TurboFan. Most of this program's code (finalise, store, classification, views, a
capture's DNS/TLS/HTTP naming) runs a few thousand times per input and is then done; at the default, dozens
of such functions are compiled by TurboFan (on V8's background threads, CPU all the same) for the few hundred
calls left after. Hot loops (a parser's per-line or per-packet path) run millions of times and are optimised
all the same, a little later. Measured 2026-12-03 with `--print --wide` of the bundle, alternating with the
default, CPU seconds (user + system) at load average 4–8 on 2 shared cores: the 514 MiB capture (4,699 records)
1.18–1.20 → 0.95–1.01 s (min–median of 7), a 4,915-record dnsmasq log 0.62–0.65 → 0.49–0.51 s, the bundled
HAR 0.28 → 0.23 s; the 150 MB PMS log (5.9 → 5.6 s min, 5 runs) and the 250 MB dnsmasq log (17.3 → 17.4 s
min, 3 runs) unchanged within the noise. Eight times the default saved more on the capture (−25 %) but
looked 7–12 % slower on the PMS log, so four it is.
Set before the program is compiled, so all its functions get it (and the parse worker, flags being the
process's).
*/
export const INTERRUPT_BUDGET = 4 * 67_584;

export function tierUpLater(): void {
	setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

/**
The JS heap may grow to twice what survived the last full collection before the next one, no more. Left to
itself V8 lets it grow up to four times when the program allocates fast, as this one does while it reads
(a record's parse, finalise and spool text, a frame's strings): the UI on 1.23 M DNS queries kept ≈ 50 MB
alive and still peaked at 394 MB, 200 MB of it heap mostly garbage. With this bound it peaked at 314 MB for
3 % more CPU (20 % growth: 279 MB for 47 % more CPU). V8 reads the flag at every full collection, so setting
it here takes effect; a command-line flag would not reach `npx telemetry-tui`.
*/
function boundHeapGrowth(): void {
	setFlagsFromString('--heap-growing-percent=100');
}

type Perf = typeof globalThis.performance;

/**
Node's `performance` global is lazy too: the first touch loads perf_hooks and the User Timing API (≈ 45 ms
of a cold start here), and React's scheduler touches it as it is imported, for `performance.now()` — all
that this program, React and Ink use of it. So the global becomes `now()` on Node's monotonic clock
(milliseconds since this call: only differences are ever taken), and anything else asked of it is
answered by the real one, loaded then.
*/
export function lightPerformance(): void {
	const start = process.hrtime.bigint();
	const now = (): number => Number(process.hrtime.bigint() - start) / 1e6;
	let real: Perf | undefined;
	const load = (): Perf => (real ??= (createRequire(import.meta.url)('node:perf_hooks') as {performance: Perf}).performance);
	const light = new Proxy({} as Perf, {
		get: (_target, key) => {
			if (key === 'now') return now;
			const value = Reflect.get(load(), key) as unknown;
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(load()) : value;
		},
		has: (_target, key) => key === 'now' || Reflect.has(load(), key),
	});
	Object.defineProperty(globalThis, 'performance', {value: light, configurable: true, writable: true, enumerable: true});
}

/**
Whether the interactive UI will most likely start (no print-mode option, a terminal on both ends), and
the placeholder line to show meanwhile; undefined when it will not.
*/
export function earlyScreenLine(args: readonly string[], stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream): string | undefined {
	const printing = args.some((a) => /^(-[a-zA-Z]*[pbhV]|--(print|blocklist|fail-on|explain|help|version))(=|$)/.test(a));
	if (printing || !stdin.isTTY || !stdout.isTTY) return undefined;
	const paths = args.filter((a) => !a.startsWith('-'));
	return paths.length > 0 ? `reading ${paths.join(', ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}` : 'starting';
}


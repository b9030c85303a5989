/**
Text fitted to a width, for the print table and the UI alike: cells cut at the end with `…`, hosts cut
in the middle so the part that says whose they are stays (`192-168-1-20.…plex.direct`,
`servedby.…flashtalking.com`), and prose wrapped at word boundaries (never `received t` / `raffic.`).

Widths are display widths (string-width): a CJK character takes two cells, a combining mark none.
*/
import stringWidth from 'string-width';
import {registrableDomain} from '../classify/host.js';

const ASCII = /^[\u0020-\u007E]*$/;
const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});

const widths = new Map<string, number>();
const WIDTH_CACHE = 20_000;
/**
One cell per UTF-16 unit: printable ASCII, the ellipsis of a cut cell and the bar and block characters
of sparklines and share bars (test/output.test.ts checks each against string-width).
*/
export const NARROW = /^[\u0020-\u007E\u2026\u2581-\u258F\u2591-\u2593]*$/;

/**
Display width in terminal cells. Printable ASCII is its length; other text is measured by string-width
once per distinct string (a printed table measures every cell twice, and cells such as the Activity
sparklines repeat: string-width's grapheme and emoji tests were a fifth of printing 37,000 hosts).
*/
export function cellWidth(text: string): number {
	if (NARROW.test(text)) return text.length;
	let w = widths.get(text);
	if (w === undefined) {
		w = stringWidth(text);
		if (widths.size >= WIDTH_CACHE) widths.clear();
		widths.set(text, w);
	}
	return w;
}

/** The first graphemes of `text` that fit in `width` cells. */
function head(text: string, width: number): string {
	if (ASCII.test(text)) return text.slice(0, Math.max(0, width));
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = stringWidth(segment);
		if (used + w > width) break;
		out += segment;
		used += w;
	}
	return out;
}

/** Cut to at most `width` cells, ending in `…` when something was cut. */
export function cutEnd(text: string, width: number): string {
	if (width <= 0) return '';
	if (cellWidth(text) <= width) return text;
	return `${head(text, width - 1)}…`;
}

/**
Cut a host name to at most `width` cells in the middle, keeping its end: the registrable domain
(`flashtalking.com`), or when that is itself too long the public suffix (`plex.direct`), and as much of
the start as fits, cut after a dot where one falls in the room left. Names that are not host names
(addresses, `host:port` with spaces …) are cut at the end.
*/
export function cutHost(host: string, width: number): string {
	if (width <= 0) return '';
	if (cellWidth(host) <= width) return host;
	const name = host.replace(/:\d+$/, '');
	const port = host.slice(name.length);
	// A masked plex.direct name (`192.168.…#77f265.0f3c…#fbbffc.plex.direct`) is cut like a host name too.
	if (!/^[a-z0-9.…#-]+$/i.test(name) || !name.includes('.')) return cutEnd(host, width);
	const domain = name.includes('…') ? undefined : registrableDomain(name.toLowerCase());
	const labels = name.split('.');
	// Candidate ends, longest first: the registrable domain, then shorter and shorter label tails.
	const tails: string[] = [];
	if (domain && domain.length < name.length) tails.push(name.slice(name.length - domain.length));
	// Shorter tails of two or three labels (`plex.direct` when `<hash>.plex.direct` is too long); never one label alone.
	for (let k = Math.min(labels.length - 1, 3); k >= 2; k--) tails.push(labels.slice(-k).join('.'));
	// Prefer the longest end that still leaves the whole first label (`192-168-1-20.…plex.direct`), else the longest end that fits.
	let fallback: string | undefined;
	for (const tail of tails) {
		const end = tail + port;
		const room = width - end.length - 1;
		if (room < 1) continue;
		let start = name.slice(0, room);
		const dot = start.lastIndexOf('.');
		if (dot >= 2) start = start.slice(0, dot + 1);
		const cut = `${start}…${end}`;
		if (dot >= 0 && labels[0]!.length < room) return cut;
		fallback ??= cut;
	}
	return fallback ?? cutEnd(host, width);
}

/** Fit a cell: hosts in the middle, anything else at the end. */
export function cutCell(text: string, width: number, how: 'end' | 'host' = 'end'): string {
	return how === 'host' ? cutHost(text, width) : cutEnd(text, width);
}

/**
Wrap prose at word boundaries into lines of at most `width` cells. A word longer than a line (a URL) is
split where it must. Existing line breaks are kept.
*/
export function wrapWords(text: string, width: number): string[] {
	if (width <= 0) return [];
	const out: string[] = [];
	for (const paragraph of text.split('\n')) {
		let line = '';
		for (const word of paragraph.split(/ +/)) {
			if (word === '') continue;
			const candidate = line === '' ? word : `${line} ${word}`;
			if (cellWidth(candidate) <= width) {
				line = candidate;
				continue;
			}
			if (line !== '') out.push(line);
			let rest = word;
			while (cellWidth(rest) > width) {
				const piece = head(rest, width);
				if (piece === '') break;
				out.push(piece);
				rest = rest.slice(piece.length);
			}
			line = rest;
		}
		out.push(line);
	}
	return out;
}

/*
Fitting table columns to a width (the UI table and the print table). Each column says how narrow it may
get (`min`), how wide it would like to be (`natural`, from its header and content), whether it may be
squeezed (`flexible`: text, not numbers or times) and how essential it is (`priority`, 0 = essential).

Essential columns are always kept and get up to 30% of the width each; then the other columns are added
in priority order while they fit at a comfortable width (a flexible one may take what is left if that is
at least its minimum); whatever width remains goes to columns that still want more. So a narrow terminal
shows fewer columns that can be read rather than many that cannot. The result never exceeds the width.
*/
export type ColumnSpec = {
	readonly key: string;
	readonly min: number;
	readonly natural: number;
	readonly priority: number;
	readonly flexible: boolean;
};

export type FittedColumn = {readonly key: string; readonly width: number};

/** The most of the width one text column takes before lower-priority columns get a place. */
const SHARE_OF_WIDTH = 0.3;

/**
Choose columns and widths for `width` cells, with `gap` cells between columns. Columns come back in
the order given. At least one column is always kept (clipped to the width if it must be).
*/
export function fitColumns(specs: readonly ColumnSpec[], width: number, gap: number): FittedColumn[] {
	if (specs.length === 0 || width <= 0) return [];
	const order = specs.map((spec, index) => ({spec, index})).sort((a, b) => a.spec.priority - b.spec.priority || a.index - b.index);
	const cap = (spec: ColumnSpec): number => (spec.flexible ? Math.min(spec.natural, Math.max(spec.min, Math.floor(width * SHARE_OF_WIDTH))) : spec.natural);
	const chosen = new Map<number, number>();
	let used = 0;
	const room = (): number => width - used - (chosen.size > 0 ? gap : 0);
	const add = (index: number, w: number): void => {
		used += w + (chosen.size > 0 ? gap : 0);
		chosen.set(index, w);
	};
	// 1. Essential columns at their minimum, 2. grown toward their comfortable width.
	for (const {spec, index} of order) {
		if (spec.priority > 0) break;
		const w = Math.max(1, Math.min(spec.min, spec.natural));
		if (room() >= w) add(index, w);
	}
	for (const {spec, index} of order) {
		const current = chosen.get(index);
		if (current === undefined) continue;
		const grow = Math.max(0, Math.min(width - used, cap(spec) - current));
		chosen.set(index, current + grow);
		used += grow;
	}
	// 3. The others, in priority order, while they fit.
	for (const {spec, index} of order) {
		if (spec.priority <= 0 || chosen.has(index)) continue;
		const r = room();
		const want = cap(spec);
		if (r >= want) add(index, want);
		else if (spec.flexible && r >= Math.max(1, spec.min)) add(index, r);
	}
	if (chosen.size === 0) {
		const first = order[0]!;
		return [{key: first.spec.key, width: Math.max(1, Math.min(width, first.spec.natural))}];
	}
	// 4. Width left over goes to columns that still want more.
	for (const {spec, index} of order) {
		const current = chosen.get(index);
		if (current === undefined || used >= width) continue;
		const grow = Math.max(0, Math.min(width - used, spec.natural - current));
		chosen.set(index, current + grow);
		used += grow;
	}
	return [...chosen.entries()].sort((a, b) => a[0] - b[0]).map(([index, w]) => ({key: specs[index]!.key, width: w}));
}


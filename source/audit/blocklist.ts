/**
Blocklist export: the third-party, ads and vendor-analytics hosts found, in the syntax of a DNS
blocker, each with a comment saying why. Never a first-party host. Hosts that are known to break
playback or sign-in when blocked carry a warning.
*/
import type {Classifier} from '../classify/classify.js';
import type {DestinationRow} from '../views/destinations.js';

export const BLOCKLIST_FORMATS = ['hosts', 'dnsmasq', 'adguard', 'unbound'] as const;
export type BlocklistFormat = (typeof BLOCKLIST_FORMATS)[number];

export type BlockEntry = {host: string; why: string; warning: string | undefined};

/** Should this destination be blocked? Third parties, ads and vendor analytics; never the user's own hosts. */
export function shouldBlock(row: Pick<DestinationRow, 'party' | 'category'>): boolean {
	if (row.party === 'first') return false;
	return row.party === 'third' || row.category === 'vendor-analytics' || row.category === 'ads' || row.category === 'crash-reporting';
}

const VALID_HOST = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function blockEntries(rows: readonly DestinationRow[], classifier: Classifier): BlockEntry[] {
	const out: BlockEntry[] = [];
	for (const row of rows) {
		// Only real host names: IP literals and the placeholder for the user's own server can't be DNS-blocked.
		if (!shouldBlock(row) || !VALID_HOST.test(row.host) || IPV4.test(row.host) || !row.host.includes('.')) continue;
		const rule = classifier.ruleFor(row.host);
		const what = rule?.note ? `: ${rule.note}` : '';
		const why = `${row.organization}, ${row.category}${what}; ${row.requests} request${row.requests === 1 ? '' : 's'} in this input`;
		out.push({host: row.host, why, warning: rule?.breaksPlayback ? 'WARNING: blocking this host is known to break playback or sign-in' : undefined});
	}
	return out.sort((a, b) => a.host.localeCompare(b.host));
}

/** Comments never carry input text that could break the file: keep them to one printable line. */
function comment(text: string): string {
	return text.replace(/[^\x20-\x7E]/g, '?');
}

export function formatBlocklist(entries: readonly BlockEntry[], format: BlocklistFormat): string {
	const header = `blocklist written by telemetry-tui: ${entries.length} host${entries.length === 1 ? '' : 's'}`;
	const lines: string[] = [];
	const c = format === 'adguard' ? '!' : '#';
	lines.push(`${c} ${header}`);
	for (const e of entries) {
		lines.push(`${c} ${comment(e.why)}`);
		if (e.warning) lines.push(`${c} ${e.warning}`);
		switch (format) {
			case 'hosts':
				lines.push(`0.0.0.0 ${e.host}`);
				break;
			case 'dnsmasq':
				lines.push(`address=/${e.host}/0.0.0.0`);
				break;
			case 'adguard':
				lines.push(`||${e.host}^`);
				break;
			case 'unbound':
				lines.push(`local-zone: "${e.host}" always_nxdomain`);
				break;
		}
	}
	return `${lines.join('\n')}\n`;
}

/**
Media-server settings files → `setting` records, checked against the traffic by
source/classify/settings.ts:

- Plex Media Server `Preferences.xml`: one `<Preferences … />` element whose attributes are the
  settings (`sendCrashReports="0"`, `MachineIdentifier="…"`), usually on one line;
- Jellyfin `system.xml` / `network.xml` and Emby `system.xml`: `<ServerConfiguration>` (or
  `<NetworkConfiguration>`) with one child element per setting (`<EnableUPnP>false</EnableUPnP>`);
  nested lists give dotted names (`PluginRepositories.RepositoryInfo.Url`). Jellyfin and Emby write
  the same root; the product is told by settings only one of them has.

Only the settings in source/formats/settings/table.ts become records. Identifying values go into the
record's `identifiers` (masked downstream, and learned for the identifier ledger); the server's own
machine identifier, plex.direct certificate name and published names are learned as the user's own
server (source/classify/knowledge.ts). Files are small: at most `MAX_BYTES` is read, the rest is
reported and skipped.
*/
import type {Identifier, SettingRecord} from '../../model/records.js';
import {lineDiagnostic, type Emit, type LineFormat, type ParseContext} from '../types.js';
import {settingSpec, type Product} from './table.js';
import {own} from '../../model/own.js';

/** Settings files are a few kilobytes; more than this is not one. */
export const MAX_BYTES = 2 * 1024 * 1024;

/** Whether a line is still within `MAX_BYTES`; the first line past it says so (once), and none after is read. */
function byteBudget(ctx: ParseContext): (text: string, lineNo: number, emit: Emit) => boolean {
	let bytes = 0;
	let over = false;
	return (text, lineNo, emit) => {
		if (over) return false;
		bytes += text.length + 1;
		if (bytes <= MAX_BYTES) return true;
		over = true;
		emit.diagnostic(lineDiagnostic(ctx, lineNo, 'settings.too-large', `a settings file is a few kilobytes; this one is over ${MAX_BYTES / (1024 * 1024)} MiB: the rest is not read`));
		return false;
	};
}

type Entry = {name: string; value: string; line: number};

const NAMED: Readonly<Record<string, string>> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};

/** XML entities in a value (`&amp;`, `&#47;`, `&#x2F;`). */
function decodeText(value: string): string {
	if (!value.includes('&')) return value;
	return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (whole, e: string) => {
		if (e[0] !== '#') return own(NAMED, e) ?? whole;
		const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
		return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
	});
}

function emitSettings(product: Product, entries: readonly Entry[], ctx: ParseContext, emit: Emit, evidence: string): void {
	const hosts: string[] = [];
	let machine: string | undefined;
	let hash: string | undefined;
	for (const e of entries) {
		const spec = settingSpec(product, e.name);
		if (!spec) continue;
		const identifiers: Identifier[] = spec.identifies && e.value !== '' ? [{kind: spec.identifies, name: e.name, value: e.value}] : [];
		const record: SettingRecord = {kind: 'setting', source: product === 'plex' ? 'plex-preferences' : 'server-settings', origin: {file: ctx.file, line: e.line}, identifiers, product, name: e.name, value: e.value, evidence: spec.meaning};
		if (spec.url && e.value !== '') {
			const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\\]*@)?(\[[^\]]*\]|[^:/?#\\]+)/i.exec(e.value.trim());
			if (m) record.host = m[1]!.toLowerCase();
		}
		if (spec.learn === 'machine' && e.value) machine = e.value;
		if (spec.learn === 'plex-direct-hash' && /^[0-9a-f]{16,64}$/i.test(e.value)) hash = e.value;
		if (spec.learn === 'hosts') for (const v of e.value.split(/[,;\s]+/)) if (v) hosts.push(v.replace(/^[^=]*=(?=[a-z]+:\/\/)/i, ''));
		emit.record(record);
	}
	if (machine || hash || hosts.length > 0) {
		emit.learn?.({owner: 'own', product, machineIdentifier: machine, plexDirectHash: hash, hosts: hosts.slice(0, 100), evidence: `${evidence} ${ctx.file}`});
	}
}

// ---------------------------------------------------------------------------------------------
// Plex Preferences.xml

function sniffPreferences(head: readonly string[]): number {
	const text = head.slice(0, 5).join('\n');
	if (!/<Preferences[\s>]/.test(text)) return 0;
	return /\b(?:MachineIdentifier|ProcessedMachineIdentifier|AcceptedEULA|PlexOnline\w*|FriendlyName)="/.test(text) ? 0.95 : 0.6;
}

const NAME_CHAR = /[\w.:-]/;

/**
`name="value"` pairs of a piece of a start tag, in one forward pass: find each `="`, read the name
backwards (at most 128 characters) and the value up to the next quote. A regular expression with a
name before `=` would backtrack quadratically over a long run of letters.
*/
function attributes(part: string): Array<[string, string]> {
	const out: Array<[string, string]> = [];
	let at = 0;
	for (;;) {
		const eq = part.indexOf('="', at);
		if (eq === -1) break;
		let start = eq;
		while (start > 0 && eq - start < 128 && NAME_CHAR.test(part[start - 1]!)) start--;
		const end = part.indexOf('"', eq + 2);
		if (end === -1) break;
		const name = part.slice(start, eq);
		if (/^[A-Za-z_]/.test(name) && (start === 0 || /\s/.test(part[start - 1]!))) out.push([name, part.slice(eq + 2, end)]);
		at = end + 1;
	}
	return out;
}

export const plexPreferencesFormat: LineFormat = {
	kind: 'lines',
	name: 'plex-preferences',
	title: 'Plex Media Server Preferences.xml',
	sniff: sniffPreferences,
	samples: [
		// Shape of a PMS Preferences.xml (attribute names as PMS writes them; values made up). PMS writes the element on one line.
		'<Preferences OldestPreviousVersion="1.41.5.9522-a96edc606" MachineIdentifier="0123456789abcdef0123456789abcdef01234567" ProcessedMachineIdentifier="89abcdef0123456789abcdef0123456789abcdef" AnonymousMachineIdentifier="aaaabbbb-cccc-dddd-eeee-ffff00001111" MetricsEpoch="1" AcceptedEULA="1" FriendlyName="nas" PublishServerOnPlexOnlineKey="1" sendCrashReports="0"/>',
	],
	create(ctx) {
		// Attributes by name, each with the line it is on; a second <Preferences> starts over.
		let entries = new Map<string, Entry>();
		let inside = false;
		let seen = false;
		const withinBudget = byteBudget(ctx);
		return {
			line(text, lineNo, emit) {
				if (!withinBudget(text, lineNo, emit)) return;
				let from = 0;
				const start = text.indexOf('<Preferences');
				if (start !== -1) {
					entries = new Map();
					inside = true;
					seen = true;
					from = start + '<Preferences'.length;
				}
				if (!inside) return;
				const close = text.indexOf('>', from);
				const part = text.slice(from, close === -1 ? text.length : close);
				for (const [name, value] of attributes(part)) {
					if (entries.size < 2000) entries.set(name, {name, value: decodeText(value), line: lineNo});
				}
				if (close !== -1) inside = false;
			},
			end(emit) {
				if (!seen) {
					emit.diagnostic({severity: 'error', code: 'settings.no-preferences', message: 'no <Preferences> element: not a Plex Preferences.xml', origin: {file: ctx.file}});
					return;
				}
				emitSettings('plex', [...entries.values()], ctx, emit, 'Plex Preferences.xml');
			},
		};
	},
};

// ---------------------------------------------------------------------------------------------
// Jellyfin / Emby system.xml and network.xml

const ROOTS = /<(ServerConfiguration|NetworkConfiguration)[\s>]/;
/** Settings only Jellyfin writes, and only Emby writes. */
const JELLYFIN_ONLY = /^(?:PluginRepositories|QuickConnectAvailable|EnableMetrics|TrickplayOptions|CastReceiverApplications|EnableFolderView|PublishedServerUriBySubnet|KnownProxies|LocalNetworkSubnets|LibraryScanFanoutConcurrency)\b/;
const EMBY_ONLY = /^(?:EnableAnonymousUsageReporting|WanDdns|IsPortAuthorized|EnableAutomaticRestart|EnableDashboardResponseCaching|EnableAutoUpdate|RunAtStartup)\b/;

function sniffServerConfig(head: readonly string[]): number {
	const text = head.slice(0, 10).join('\n');
	const m = ROOTS.exec(text);
	if (!m) return 0;
	// Both products write an XmlSerializer document: the root carries the xsi/xsd namespaces.
	return /xmlns:xsi=|<\w+>[^<]*<\/\w+>/.test(text) ? 0.9 : 0.5;
}

const OPEN = /^<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>$/;
const CLOSE = /^<\/([A-Za-z_][\w.-]*)>$/;
const LEAF = /^<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>([^<]*)<\/\1>$/;
const EMPTY = /^<([A-Za-z_][\w.-]*)(?:\s[^>]*)?\/>$/;

export const serverSettingsFormat: LineFormat = {
	kind: 'lines',
	name: 'server-settings',
	title: 'Jellyfin / Emby system.xml or network.xml',
	sniff: sniffServerConfig,
	samples: [
		// Shape of an Emby 3.5 / Jellyfin system.xml (element names from their ServerConfiguration; values made up).
		'<?xml version="1.0" encoding="utf-8"?>\n<ServerConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n  <EnableUPnP>false</EnableUPnP>\n  <EnableAnonymousUsageReporting>false</EnableAnonymousUsageReporting>',
		'<?xml version="1.0" encoding="utf-8"?>\n<NetworkConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n  <EnableUPnP>false</EnableUPnP>',
		'<ServerConfiguration xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
	],
	create(ctx) {
		const path: string[] = [];
		const entries: Entry[] = [];
		let jellyfin = 0;
		let emby = 0;
		const withinBudget = byteBudget(ctx);
		let root: string | undefined;
		return {
			line(text, lineNo, emit) {
				if (!withinBudget(text, lineNo, emit)) return;
				const t = text.trim();
				if (t === '' || t.startsWith('<?') || t.startsWith('<!--')) return;
				let m: RegExpExecArray | null;
				if ((m = LEAF.exec(t)) || (m = EMPTY.exec(t))) {
					if (path.length === 0) return;
					const name = [...path.slice(1), m[1]!].join('.');
					if (path.length === 1) {
						if (JELLYFIN_ONLY.test(m[1]!)) jellyfin++;
						if (EMBY_ONLY.test(m[1]!)) emby++;
					}
					if (entries.length < 10_000) entries.push({name, value: decodeText(m[2] ?? '').trim(), line: lineNo});
				} else if ((m = OPEN.exec(t))) {
					if (path.length === 0) {
						root = m[1];
						if (root === 'NetworkConfiguration') jellyfin++;
					} else if (path.length === 1) {
						if (JELLYFIN_ONLY.test(m[1]!)) jellyfin++;
						if (EMBY_ONLY.test(m[1]!)) emby++;
					}
					if (path.length < 32) path.push(m[1]!);
				} else if ((m = CLOSE.exec(t))) {
					const at = path.lastIndexOf(m[1]!);
					if (at !== -1) path.length = at;
				}
			},
			end(emit) {
				if (!root) {
					emit.diagnostic({severity: 'error', code: 'settings.no-configuration', message: 'no <ServerConfiguration> or <NetworkConfiguration> element: not a Jellyfin or Emby settings file', origin: {file: ctx.file}});
					return;
				}
				if (jellyfin === 0 && emby === 0) {
					emit.diagnostic({severity: 'warning', code: 'settings.product-unknown', message: 'a Jellyfin or Emby settings file, but nothing in it says which: read as Jellyfin', origin: {file: ctx.file}});
				}
				const product: Product = emby > jellyfin ? 'emby' : 'jellyfin';
				emitSettings(product, entries, ctx, emit, `${product === 'emby' ? 'Emby' : 'Jellyfin'} ${root === 'NetworkConfiguration' ? 'network.xml' : 'system.xml'}`);
			},
		};
	},
};

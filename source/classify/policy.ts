/**
Matching records against the policy categories (source/classify/policy-rules.ts).

A record is evidence for a category when it left the user's network and matches one of the category's
tests. The tests split in two: those about the record itself (its event, path, body fields, identifiers,
device description, being a playback) and those about its destination (the host, its category). The
store computes the first kind once per record as it arrives; the second kind and "did it leave the
network" depend on how the destination is classified, so they are applied per destination when a view
is computed — classification can change as the inputs reveal which servers are the user's own.
*/
import type {Category, Identifier, TelemetryRecord} from '../model/records.js';
import {BoundedMemo} from '../model/memo.js';
import {POLICY_RULES, type PolicyRule} from './policy-rules.js';

/** The destination of a record when it left the user's network (vendor or third party). */
export function offsiteHost(r: TelemetryRecord): string | undefined {
	// Only traffic is evidence: a device sighting went nowhere, a setting is what a file says.
	if (r.kind !== 'request' && r.kind !== 'playback') return undefined;
	const c = r.classification;
	if (!r.host || !c || c.party === 'first') return undefined;
	return r.host;
}

/** What a device said about itself, as evidence: `Plex Web 4.116.1 · Chrome 120 · Linux · 1920x1080`. */
function deviceEvidence(d: NonNullable<TelemetryRecord['device']>): string {
	const part = (a: string | undefined, b: string | undefined): string | undefined => (a ? (b ? `${a} ${b}` : a) : undefined);
	return [part(d.product, d.version), part(d.platform, d.platformVersion), d.device ?? d.model, d.screenResolution].filter(Boolean).join(' · ');
}

/** What a playback record said, as evidence: `mkv/hevc/eac3 4K 24000 kbps transcode`. */
function playbackEvidence(r: Extract<TelemetryRecord, {kind: 'playback'}>): string {
	const format = [r.container, r.videoCodec, r.audioCodec].filter(Boolean).join('/');
	return [format, r.resolution, r.bitrateKbps === undefined ? '' : `${Math.round(r.bitrateKbps)} kbps`, r.decision].filter(Boolean).join(' ');
}

/**
Reasons from the record alone (no destination tests), whether or not it left the network — with what
was sent: the values of the identifying fields (masked as everywhere), what a device said about itself,
the format of a playback, the title watched.
*/
export function intrinsicReasons(rule: PolicyRule, r: TelemetryRecord): string[] {
	const why: string[] = [];
	if (r.kind === 'request') {
		if (rule.events && r.event && rule.events.test(r.event)) why.push(`event ${r.event}`);
		if (rule.paths?.test(r.path)) why.push(`path ${r.path.split('?')[0]}`);
		// A body field that is also an identifier is listed once, with its value (below).
		for (const f of r.fields ?? []) if (rule.fields?.test(f) && !r.identifiers.some((id) => id.name === f)) why.push(f);
		if (rule.deviceDescriptors && r.device) {
			const said = deviceEvidence(r.device);
			if (said) why.push(`device ${said}`);
		}
	}
	if (r.kind === 'playback') {
		if (rule.playback) why.push(`playback ${playbackEvidence(r)} (${r.evidence})`.replace('playback  (', 'playback ('));
		if (rule.titles && r.title) why.push(`title “${r.title}”`);
	}
	for (const id of r.identifiers) if (rule.fields?.test(id.name)) why.push(`${id.name} = ${id.value}`);
	return why;
}

// ---- the same reasons for every rule at once, on the store's hot path ---------------------------------

/** Bit `k` set: rule `k` of POLICY_RULES matches (tests are pure, so a value's bits never change). */
type RuleBits = number;

function bitsOf(test: (rule: PolicyRule) => boolean): RuleBits {
	let bits = 0;
	for (let k = 0; k < POLICY_RULES.length; k++) if (test(POLICY_RULES[k]!)) bits |= 1 << k;
	return bits;
}

const eventBits = new BoundedMemo<RuleBits>(1024, 256);
const pathBits = new BoundedMemo<RuleBits>(2048, 2048);
const fieldBits = new BoundedMemo<RuleBits>(4096, 256);
const DEVICE_RULES = bitsOf((rule) => rule.deviceDescriptors === true);
const PLAYBACK_RULES = bitsOf((rule) => rule.playback === true);
const TITLE_RULES = bitsOf((rule) => rule.titles === true);

const fieldBitsOfName = (n: string): RuleBits => bitsOf((rule) => rule.fields?.test(n) === true);
// The last field name asked and its bits (records of one kind name the same fields again and again).
let lastField: string | undefined;
let lastFieldBits = 0;
const fieldBitsOf = (name: string): RuleBits => {
	if (name !== lastField) {
		lastFieldBits = fieldBits.through(name, fieldBitsOfName);
		lastField = name;
	}
	return lastFieldBits;
};
// The reason texts of the last identifiers (finalised identifiers are shared between records): the same
// string each time, so the store's recent reasons compare it by reference.
const recentIds: Array<Identifier | undefined> = new Array<Identifier | undefined>(8).fill(undefined);
const recentIdTexts: string[] = [];
let recentIdNext = 0;
function identifierReason(id: Identifier): string {
	const at = recentIds.indexOf(id);
	if (at !== -1) return recentIdTexts[at]!;
	const text = `${id.name} = ${id.value}`;
	recentIds[recentIdNext] = id;
	recentIdTexts[recentIdNext] = text;
	recentIdNext = (recentIdNext + 1) % recentIds.length;
	return text;
}
const pathBitsOf = (p: string): RuleBits => bitsOf((rule) => rule.paths?.test(p) === true);
let lastPath: string | undefined;
let lastPathBits = 0;

/**
`intrinsicReasons` of every rule in POLICY_RULES order, each reason handed to `visit` with its rule's
index — the same reasons in the same order, with each rule's test run once per distinct event, path
and field name rather than once per record (logs repeat them), and a device's evidence written once a record.
*/
export function forEachIntrinsicReason(r: TelemetryRecord, visit: (rule: number, text: string) => void): void {
	if (POLICY_RULES.length > 30) {
		POLICY_RULES.forEach((rule, k) => {
			for (const text of intrinsicReasons(rule, r)) visit(k, text);
		});
		return;
	}
	let events = 0;
	let paths = 0;
	let said = '';
	let fields: readonly string[] = [];
	let playback = '';
	let title = '';
	if (r.kind === 'request') {
		if (r.event) events = eventBits.through(r.event, (e) => bitsOf((rule) => rule.events?.test(e) === true));
		if (r.path !== lastPath) {
			lastPathBits = pathBits.through(r.path, pathBitsOf);
			lastPath = r.path;
		}
		paths = lastPathBits;
		fields = r.fields ?? [];
		if (r.device && DEVICE_RULES !== 0) said = deviceEvidence(r.device);
	} else if (r.kind === 'playback') {
		playback = `playback ${playbackEvidence(r)} (${r.evidence})`.replace('playback  (', 'playback (');
		if (r.title) title = `title “${r.title}”`;
	}
	let idBits = 0;
	for (const id of r.identifiers) idBits |= fieldBitsOf(id.name);
	for (let k = 0; k < POLICY_RULES.length; k++) {
		const bit = 1 << k;
		if (r.kind === 'request') {
			if (events & bit) visit(k, `event ${r.event}`);
			if (paths & bit) visit(k, `path ${r.path.split('?')[0]}`);
			for (const f of fields) if (fieldBitsOf(f) & bit && !r.identifiers.some((id) => id.name === f)) visit(k, f);
			if (DEVICE_RULES & bit && said) visit(k, `device ${said}`);
		} else if (r.kind === 'playback') {
			if (PLAYBACK_RULES & bit) visit(k, playback);
			if (TITLE_RULES & bit && title) visit(k, title);
		}
		if (idBits & bit) for (const id of r.identifiers) if (fieldBitsOf(id.name) & bit) visit(k, identifierReason(id));
	}
}

/** Reasons from the destination alone: the host is named by the rule, or its category is. */
export function destinationReasons(rule: PolicyRule, host: string, category: Category | undefined): string[] {
	const why: string[] = [];
	if (rule.hosts?.includes(host)) why.push(`host ${host}`);
	if (category && rule.hostCategories?.includes(category)) why.push(`category ${category}`);
	return why;
}

/** The reasons (matched fields or tests) a record is evidence for a rule; empty when it is not. */
export function policyMatches(rule: PolicyRule, r: TelemetryRecord): string[] {
	const host = offsiteHost(r);
	if (!host) return [];
	const category = r.kind === 'request' || r.kind === 'playback' ? r.classification?.category : undefined;
	return [...intrinsicReasons(rule, r), ...destinationReasons(rule, host, category)];
}

/** Ids of the policy categories a record is evidence for. */
export function policyCategories(r: TelemetryRecord): string[] {
	return POLICY_RULES.filter((rule) => policyMatches(rule, r).length > 0).map((rule) => rule.id);
}

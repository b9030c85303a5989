/**
Matching records against the policy categories (source/classify/policy-rules.ts).

A record is evidence for a category when it left the user's network and matches one of the category's
tests. The tests split in two: those about the record itself (its event, path, body fields, identifiers,
device description, being a playback) and those about its destination (the host, its category). The
store computes the first kind once per record as it arrives; the second kind and "did it leave the
network" depend on how the destination is classified, so they are applied per destination when a view
is computed — classification can change as the inputs reveal which servers are the user's own.
*/
import type {Category, TelemetryRecord} from '../model/records.js';
import {POLICY_RULES, type PolicyRule} from './policy-rules.js';

/** The destination of a record when it left the user's network (vendor or third party). */
export function offsiteHost(r: TelemetryRecord): string | undefined {
	// Only traffic is evidence: a device sighting went nowhere, a setting is what a file says.
	if (r.kind !== 'request' && r.kind !== 'playback') return undefined;
	const c = r.classification;
	if (!r.host || !c || c.party === 'first') return undefined;
	return r.host;
}

/** Reasons from the record alone (no destination tests), whether or not it left the network. */
export function intrinsicReasons(rule: PolicyRule, r: TelemetryRecord): string[] {
	const why: string[] = [];
	if (r.kind === 'request') {
		if (rule.events && r.event && rule.events.test(r.event)) why.push(`event ${r.event}`);
		if (rule.paths?.test(r.path)) why.push(`path ${r.path.split('?')[0]}`);
		for (const f of r.fields ?? []) if (rule.fields?.test(f)) why.push(f);
		if (rule.deviceDescriptors && r.device) {
			const described = (['product', 'platform', 'platformVersion', 'device', 'model', 'screenResolution'] as const).filter((k) => r.device?.[k] !== undefined);
			if (described.length > 0) why.push(`device ${described.join('/')}`);
		}
	}
	if (rule.playback && r.kind === 'playback') why.push(`playback (${r.evidence})`);
	for (const id of r.identifiers) if (rule.fields?.test(id.name)) why.push(id.name);
	return why;
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

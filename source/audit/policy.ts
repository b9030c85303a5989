/** Matching records against the policy categories (source/audit/policy-rules.ts). */
import type {TelemetryRecord} from '../model/records.js';
import {POLICY_RULES, type PolicyRule} from './policy-rules.js';

/** The destination of a record when it left the user's network (vendor or third party). */
export function offsiteHost(r: TelemetryRecord): string | undefined {
	if (r.kind === 'device') return undefined;
	const c = r.classification;
	if (!r.host || !c || c.party === 'first') return undefined;
	return r.host;
}

/** The reasons (matched fields or tests) a record is evidence for a rule; empty when it is not. */
export function policyMatches(rule: PolicyRule, r: TelemetryRecord): string[] {
	const host = offsiteHost(r);
	if (!host) return [];
	const why: string[] = [];
	if (r.kind === 'request') {
		if (rule.events && r.event && rule.events.test(r.event)) why.push(`event ${r.event}`);
		if (rule.paths?.test(r.path)) why.push(`path ${r.path.split('?')[0]}`);
		if (rule.hosts?.includes(host)) why.push(`host ${host}`);
		for (const f of r.fields ?? []) if (rule.fields?.test(f)) why.push(f);
		if (rule.deviceDescriptors && r.device) {
			const described = (['product', 'platform', 'platformVersion', 'device', 'model', 'screenResolution'] as const).filter((k) => r.device?.[k] !== undefined);
			if (described.length > 0) why.push(`device ${described.join('/')}`);
		}
	}
	const category = r.kind === 'device' ? undefined : r.classification?.category;
	if (category && rule.hostCategories?.includes(category)) why.push(`category ${category}`);
	if (rule.playback && r.kind === 'playback') why.push(`playback (${r.evidence})`);
	for (const id of r.identifiers) if (rule.fields?.test(id.name)) why.push(id.name);
	return why;
}

/** Ids of the policy categories a record is evidence for. */
export function policyCategories(r: TelemetryRecord): string[] {
	return POLICY_RULES.filter((rule) => policyMatches(rule, r).length > 0).map((rule) => rule.id);
}

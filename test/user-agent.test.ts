import {describe, expect, it} from 'vitest';
import type {DeviceInfo} from '../source/model/records.js';
import {deviceFromUserAgent, PLATFORM_RULES, PRODUCT_RULES, withUserAgent, type UaRule} from '../source/formats/common/user-agent.js';
import uaCases from './user-agent.cases.json' with {type: 'json'};

/** Real User-Agent strings, each with where it comes from; no `expected`: no device can be read from it. */
type Case = {description: string; notes: string; input: string; expected?: DeviceInfo};
const cases = uaCases as Case[];

describe('deviceFromUserAgent', () => {
	it.each(cases)('$description', ({input, expected}) => {
		expect(deviceFromUserAgent(input)).toEqual(expected);
	});

	it('reads only the first KiB of a hostile 1 MB string', () => {
		expect(deviceFromUserAgent('Mozilla/5.0 ('.repeat(80_000))).toBeUndefined();
		expect(deviceFromUserAgent(`Kodi/20.1 ${'('.repeat(1_000_000)}`)).toEqual({product: 'Kodi', version: '20.1'});
	});
});

describe('rule tables', () => {
	const tables: Array<{name: string; rules: readonly UaRule[]}> = [
		{name: 'PRODUCT_RULES', rules: PRODUCT_RULES},
		{name: 'PLATFORM_RULES', rules: PLATFORM_RULES},
	];
	it.each(tables)('$name: every rule has samples and is the first rule to match each of them', ({rules}) => {
		for (const rule of rules) {
			expect(rule.samples.length, rule.name).toBeGreaterThan(0);
			for (const sample of rule.samples) expect({sample, first: rules.find((r) => r.re.test(sample))?.name}).toEqual({sample, first: rule.name});
		}
	});
});

describe('withUserAgent', () => {
	it('keeps declared product and platform together with their own versions', () => {
		const declared: DeviceInfo = {product: 'Plex for LG', platform: 'webOS', clientId: 'lgtv-abc123'};
		const fromUa = deviceFromUserAgent('Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager');
		expect(withUserAgent(declared, fromUa)).toEqual({product: 'Plex for LG', platform: 'webOS', clientId: 'lgtv-abc123', device: 'Smart TV', vendor: 'LG'});
	});
	it('fills what was not declared', () => {
		expect(withUserAgent({clientId: 'x'}, {product: 'Infuse', version: '7.7.1', platform: 'iOS'})).toEqual({clientId: 'x', product: 'Infuse', version: '7.7.1', platform: 'iOS'});
		expect(withUserAgent(undefined, {product: 'VLC'})).toEqual({product: 'VLC'});
		expect(withUserAgent({product: 'Plex Web'}, undefined)).toEqual({product: 'Plex Web'});
	});
});

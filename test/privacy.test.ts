import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {maskIp, maskValue} from '../source/privacy/mask.js';
import {maskLeavesUrl, maskPlexDirectNames, maskUrlIdentifiers, redactText, REDACTED} from '../source/privacy/redact.js';
import {isTerminalSafe, sanitizeText} from '../source/privacy/sanitize.js';
// Terminal escapes and controls an input may carry, each with what sanitizeText leaves of it.
import SANITIZE_CASES from './privacy.terminal-escapes.json' with {type: 'json'};

const TOKEN = 'xFAKEtokenDEMO123456';

describe('redactText: the token in every place it can hide', () => {
	it.each([
		['query parameter', `https://plex.tv/api/v2/user?X-Plex-Product=Plex%20Web&X-Plex-Token=${TOKEN}&x=1`],
		['first query parameter', `/library/sections?X-Plex-Token=${TOKEN}`],
		['lower-case name', `/library?x-plex-token=${TOKEN}`],
		['nested in url= (encoded once)', `/photo/:/transcode?width=240&url=%2Flibrary%2Fmetadata%2F1%2Fthumb%3FX-Plex-Token%3D${TOKEN}%26foo%3D1`],
		['nested in url= (encoded twice)', `/photo?url=https%3A%2F%2Fx%2Fy%253FX-Plex-Token%253D${TOKEN}%2526a%253D1`],
		['PMS verbose header line', `/ X-Plex-Token => ${TOKEN} / X-Plex-Product => Plex Web`],
		['header line', `X-Plex-Token: ${TOKEN}`],
		['JSON field authToken', `{"id":1,"authToken":"${TOKEN}","email":"x"}`],
		['JSON field token with spaces', `{"token" : "${TOKEN}"}`],
		['JSON field accessToken', `{"accessToken":"${TOKEN}"}`],
		['Jellyfin api_key', `GET /Items?api_key=${TOKEN}&Fields=x`],
		['Emby ApiKey', `GET /emby/Items?ApiKey=${TOKEN}`],
		['MediaBrowser Token', `Authorization: MediaBrowser Client="Jellyfin Web", Device="Firefox", DeviceId="abc", Version="10.8.0", Token="${TOKEN}"`],
		['X-Emby-Token header', `X-Emby-Token: ${TOKEN}`],
		['Bearer', `Authorization: Bearer ${TOKEN}`],
		['Cookie', `Cookie: session=${TOKEN}; other=1`],
		['Set-Cookie', `Set-Cookie: sid=${TOKEN}; Path=/; HttpOnly`],
	])('%s', (_where, text) => {
		const out = redactText(text);
		expect(out).not.toContain(TOKEN);
		expect(out).toContain(REDACTED);
	});

	it('keeps what is not secret', () => {
		const url = `https://plex.tv/api?X-Plex-Product=Plex%20Web&X-Plex-Token=${TOKEN}&X-Plex-Platform=Chrome`;
		expect(redactText(url)).toBe(`https://plex.tv/api?X-Plex-Product=Plex%20Web&X-Plex-Token=${REDACTED}&X-Plex-Platform=Chrome`);
		const mb = `MediaBrowser Client="Jellyfin Web", Device="Firefox", Token="${TOKEN}"`;
		expect(redactText(mb)).toBe(`MediaBrowser Client="Jellyfin Web", Device="Firefox", Token="${REDACTED}"`);
		expect(redactText('Request: [10.0.0.2:5000 (Subnet)] GET /library Signed-in Token (alice)')).toBe('Request: [10.0.0.2:5000 (Subnet)] GET /library Signed-in Token (alice)');
	});

	it('never lets an alphanumeric token survive, wherever it is placed after a secret name', () => {
		fc.assert(
			fc.property(fc.constantFrom('X-Plex-Token=', 'api_key=', 'X-Plex-Token%3D', '"authToken":"', 'Token="', 'X-Emby-Token: '), fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/), fc.string(), fc.string(), (name, token, before, after) => {
				const text = `${before} ${name}${token}&${after}`;
				expect(redactText(text).includes(`${name}${token}`)).toBe(false);
			}),
		);
	});

	it('is fast on hostile 1 MB lines (no catastrophic backtracking)', () => {
		for (const line of ['token='.repeat(170_000), `X-Plex-Token=${'a'.repeat(1_000_000)}`, `Authorization: Bearer ${'%'.repeat(1_000_000)}`, 'Cookie: '.padEnd(1_000_000, ' ')]) {
			expect(typeof redactText(line)).toBe('string');
		}
	});
});

describe('redactText: hostile input, round two (issue 19 item 14)', () => {
	const T = TOKEN;
	it.each([
		['URL userinfo password', `https://alice:${T}@plex.example/x`],
		['URL userinfo password with an @ in it', `https://alice:pw@${T}@plex.example/x`],
		['URL userinfo in a nested url=', `/photo?url=https%3A%2F%2Falice%3A${T}%40evil.example%2Fa`],
		['X-Plex-Access-Key', `GET /library/parts/1/file.mkv?X-Plex-Access-Key=${T}&X-Plex-Access-Code=x`],
		['X-Plex-Access-Code', `GET /library/parts/1/file.mkv?X-Plex-Access-Code=${T}`],
		['key=', `https://www.googleapis.com/youtube/v3/videos?key=${T}&part=id`],
		['id_token=', `https://accounts.example/cb#id_token=${T}&state=1`],
		['token nested in url= three times', `/a?url=https%253A%252F%252Fb%252F%25253Furl%25253Dhttps%2525253A%2525252F%2525252Fc%2525252F%2525253FX-Plex-Token%2525253D${T}`],
		['token nested three times, plain %25253D', `/a?url=x%25253FX-Plex-Token%25253D${T}%252526b%25253D1`],
		['percent-encoded name access%5Ftoken', `/cb?access%5Ftoken=${T}`],
		['percent-encoded name X%2DPlex%2DToken', `/library?X%2DPlex%2DToken=${T}`],
		['percent-encoded name, nested', `/photo?url=%2Flibrary%3FX%252DPlex%252DToken%3D${T}`],
		['MediaBrowser header as a query parameter', `/Items?authorization=MediaBrowser%20Client%3D%22Web%22%2C%20Token%3D%22${T}%22`],
	])('%s', (_where, text) => {
		const out = redactText(text);
		expect(out).not.toContain(T);
		expect(out).toContain(REDACTED);
	});

	it.each([')', ']', '}', '>', "'", ',', '%26', ';'])('keeps the tail of a token after %s redacted too', (c) => {
		for (const text of [`/a?X-Plex-Token=abcd${c}TAILSECRET`, `{"authToken":"abcd${c}TAILSECRET"}`, `X-Plex-Token: abcd${c}TAILSECRET`, `Authorization: Bearer abcd${c}TAILSECRET`]) {
			expect(redactText(text), text).not.toContain('TAILSECRET');
		}
	});

	it('keeps the user of URL userinfo, Plex library paths in key= and the next parameter of a nested URL', () => {
		expect(redactText(`https://alice:${TOKEN}@plex.example/x`)).toBe(`https://alice:${REDACTED}@plex.example/x`);
		expect(redactText('/:/timeline?key=%2Flibrary%2Fmetadata%2F1&ratingKey=1')).toBe('/:/timeline?key=%2Flibrary%2Fmetadata%2F1&ratingKey=1');
		expect(redactText('{"key":"/library/metadata/1"}')).toBe('{"key":"/library/metadata/1"}');
		expect(redactText(`/photo?url=%2Fa%3FX-Plex-Token%3D${TOKEN}%26width%3D240&h=1`)).toBe(`/photo?url=%2Fa%3FX-Plex-Token%3D${REDACTED}%26width%3D240&h=1`);
		expect(redactText('Registry key: HKLM')).toBe('Registry key: HKLM');
		expect(redactText('https://plex.tv/a?b=1')).toBe('https://plex.tv/a?b=1');
	});

	it('is linear on hostile lines of the new shapes', () => {
		for (const line of ['%5F'.repeat(300_000), `${'a%5F'.repeat(200_000)}=x`, '//a:'.repeat(200_000), '%2F%2Fa%3A'.repeat(100_000), `token%3D${'%2525'.repeat(200_000)}`, 'x@'.repeat(400_000)]) {
			expect(typeof redactText(line)).toBe('string');
		}
	});
});

describe('sanitizeText: nothing from input can drive the terminal', () => {
	it.each(SANITIZE_CASES)('$what', ({input, expected}) => {
		expect(sanitizeText(input)).toBe(expected);
	});

	it('returns clean strings unchanged (wide characters and emoji included)', () => {
		for (const s of ['plex.tv', 'Plex for Android (TV)', '日本語のタイトル', 'Movie 🎬 night', 'naïve café']) expect(sanitizeText(s)).toBe(s);
	});

	it('output is always terminal-safe, for any input', () => {
		fc.assert(fc.property(fc.string({unit: 'binary'}), (s) => {
			expect(isTerminalSafe(sanitizeText(s))).toBe(true);
		}));
	});
});

describe('masking', () => {
	it('is stable, keeps a short prefix for identifiers and none for secrets', () => {
		const a = maskValue('abcdef1234567890', 'identifier');
		expect(a).toBe(maskValue('abcdef1234567890', 'identifier'));
		expect(a).toMatch(/^abcd…#[0-9a-f]{6}$/);
		expect(maskValue('abcdef1234567890', 'secret')).toBe('[secret]');
		expect(maskValue('abcdef1234567890', 'secret')).not.toContain('abcd');
		expect(maskValue('another-value-123', 'identifier')).not.toBe(a);
	});

	it('keeps the network class of IP addresses', () => {
		expect(maskIp('192.168.1.20')).toMatch(/^192\.168\.…#/);
		expect(maskIp('10.0.0.7')).toMatch(/^10\.…#/);
		expect(maskIp('203.0.113.9')).toMatch(/^…#/);
		expect(maskValue('203.0.113.9', 'personal')).not.toContain('203');
	});

	it('does not mask device descriptors', () => {
		expect(maskValue('Chrome', 'device')).toBe('Chrome');
	});
});

describe('plex.direct names (issue 12)', () => {
	const mask = (v: string, kind: 'identifier' | 'personal') => `<${kind}:${v}>`;
	it('masks the server hash as an identifier and the address as personal data, in any text', () => {
		expect(maskPlexDirectNames('192-168-1-20.0f3c9a7e5b2d48c6a1e9f07d3b5c2a18.plex.direct', mask)).toBe('<personal:192.168.1.20>.<identifier:0f3c9a7e5b2d48c6a1e9f07d3b5c2a18>.plex.direct');
		expect(maskPlexDirectNames('GET https://2001-db8--1.ABCDEF0123456789ABCDEF.plex.direct:32400/x and *.0f3c9a7e5b2d48c6.plex.direct', mask)).toBe(
			'GET https://<personal:2001:db8::1>.<identifier:abcdef0123456789abcdef>.plex.direct:32400/x and *.<identifier:0f3c9a7e5b2d48c6>.plex.direct',
		);
	});
	it('leaves other names alone: no hash, a hash inside a longer label, another suffix', () => {
		for (const text of ['plex.direct', 'www.plex.direct', 'x0f3c9a7e5b2d48c6a1e9.plex.directory', 'x0f3c9a7e5b2d48c6a1e9.plex.direct', 'plex.tv']) {
			expect(maskPlexDirectNames(text, mask)).toBe(text);
		}
		// A spoof that embeds a real hash is masked too (the safe side); the classifier still sees the real name.
		expect(maskPlexDirectNames('abc.0f3c9a7e5b2d48c6a1e9f07d3b5c2a18.plex.direct.evil.example', mask)).toBe('abc.<identifier:0f3c9a7e5b2d48c6a1e9f07d3b5c2a18>.plex.direct.evil.example');
	});
	it('is fast on hostile lines of hex and labels (bounded pattern, no catastrophic backtracking)', () => {
		for (const line of [`${'a-'.repeat(100_000)}${'0'.repeat(100_000)}.plex.direc`, `${'0'.repeat(63)}.`.repeat(15_000) + 'plex.direct', '0.plex.direct'.repeat(80_000)]) {
			expect(typeof maskPlexDirectNames(line, mask)).toBe('string');
		}
	});
});

describe('maskLeavesUrl: the shortcut that skips URL masking', () => {
	const mask = (value: string, kind: string): string => `${kind}:${value.slice(0, 2)}…`;
	const token = 'k3p9x2m7q1w8e5r4t6y0u2i9';

	it('says "unchanged" only where maskUrlIdentifiers changes nothing', () => {
		const urls = [
			'dns://analytics.plex.tv',
			'/status/sessions',
			'/:/timeline',
			'https://this-server:32400/library/sections/1/all',
			'https://a-very-long-host-name-indeed.example.com',
			`https://pixel.example/u/${token}/x.gif`,
			`/u/${token}`,
			`https://x.example/a?uid=${token}`,
			`https://x.example/a#uid=${token}`,
			`https://${token}.example/?e=1`,
			`x://${token}`,
			`verylongschemename://h/${token}`,
			'https://x.example/abcdefghijklmno/',
			'https://x.example/abcdefghijklmnop/',
		];
		for (const url of urls) if (maskLeavesUrl(url)) expect(maskUrlIdentifiers(url, mask), url).toBe(url);
		// And it is no blanket "no": the plain ones pass.
		expect(urls.filter(maskLeavesUrl)).toEqual(['dns://analytics.plex.tv', '/status/sessions', '/:/timeline', 'https://this-server:32400/library/sections/1/all', 'https://a-very-long-host-name-indeed.example.com', `x://${token}`, 'https://x.example/abcdefghijklmno/']);
	});

	it('holds for any URL made of paths, queries and long tokens', () => {
		const part = fc.constantFrom('/', '?', '#', '=', '&', 'a', '.', ':', '%', '://', token, token.slice(0, 15), token.slice(0, 16));
		fc.assert(
			fc.property(fc.array(part, {maxLength: 12}), (parts) => {
				const url = parts.join('');
				if (maskLeavesUrl(url)) expect(maskUrlIdentifiers(url, mask)).toBe(url);
			}),
			{numRuns: 3000},
		);
	});
});

/**
Masking of identifying values. A masked value keeps a short prefix and a keyed hash of the whole value,
so the same value is recognisable across rows and runs without being shown: `a1b2…#3f9c1e`. IP
addresses keep their network class (`192.168.…#…`). Secrets show as `[secret]`, with no hash at all.

The hash is an HMAC-SHA-256 under the user's own random key (source/config/mask-key.ts, set with
`setMaskKey` before any record is finalised): masks are stable for that user across runs, and cannot be
reversed by anyone else by trying every IP address or a dictionary of passwords. Until a key is set, a
random key made for this process is used.
*/
import {createHmac, randomBytes} from 'node:crypto';
import {ownCopy} from '../model/limits.js';
import type {IdentifierKind} from '../model/records.js';

const personal = new Map<string, string>();
const identifiers = new Map<string, string>();
const CACHE_LIMIT = 50_000;
let key: Buffer = randomBytes(32);
let epoch = 0;

/** Moves whenever the mask key changes: memos of masked values compare it to know they are stale. */
export function maskEpoch(): number {
	return epoch;
}

/** What a secret shows as: nothing of the value, not even a hash of it. */
export const SECRET_MASK = '[secret]';

/** Key every mask made from now on (the user's mask key). Masks made before are not comparable with later ones. */
export function setMaskKey(next: Buffer): void {
	if (next.length < 16) throw new Error('a mask key needs at least 16 bytes');
	key = Buffer.from(next);
	epoch++;
	personal.clear();
	identifiers.clear();
	lastPersonal = undefined;
	lastIdentifier = undefined;
}

/** A 6-hex-digit keyed fingerprint of a value; the same value (and key) always gives the same fingerprint. */
export function fingerprint(value: string): string {
	return createHmac('sha256', key).update(value).digest('hex').slice(0, 6);
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Mask an IP address, keeping enough to tell LAN from WAN. */
export function maskIp(ip: string): string {
	const m = IPV4.exec(ip);
	if (m) {
		const [a, b] = [Number(m[1]), Number(m[2])];
		const keep = a === 10 || a === 127 ? `${a}.` : (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254) ? `${a}.${b}.` : '';
		return `${keep}…#${fingerprint(ip)}`;
	}
	if (ip.includes(':')) {
		const lower = ip.toLowerCase();
		const keep = lower === '::1' ? '::1' : lower.startsWith('fe80') || lower.startsWith('fd') || lower.startsWith('fc') ? lower.slice(0, 4) : '';
		return `${keep}…#${fingerprint(ip)}`;
	}
	return `…#${fingerprint(ip)}`;
}

// The last value masked of each kind and its mask (records repeat a client address or a user line after line).
let lastPersonal: string | undefined;
let lastPersonalMask = '';
let lastIdentifier: string | undefined;
let lastIdentifierMask = '';

/** Mask a value of the given kind. Device descriptors are not masked: they are what the devices view shows. */
export function maskValue(value: string, kind: IdentifierKind): string {
	if (kind === 'device' || value === '') return value;
	if (kind === 'secret') return SECRET_MASK;
	// The same value as the last call of this kind (a client address, a user, line after line): no hashing.
	if (kind === 'personal' ? value === lastPersonal : value === lastIdentifier) return kind === 'personal' ? lastPersonalMask : lastIdentifierMask;
	const masked = maskThroughCache(value, kind);
	if (kind === 'personal') {
		lastPersonal = value;
		lastPersonalMask = masked;
	} else {
		lastIdentifier = value;
		lastIdentifierMask = masked;
	}
	return masked;
}

function maskThroughCache(value: string, kind: 'personal' | 'identifier'): string {
	// One table per kind: no key string is built per call.
	const cache = kind === 'personal' ? personal : identifiers;
	const hit = cache.get(value);
	if (hit !== undefined) return hit;
	let masked: string;
	if (IPV4.test(value) || /^[0-9a-f:]+$/i.test(value) && value.includes(':')) masked = maskIp(value);
	else masked = `${value.slice(0, value.length > 8 ? 4 : 1)}…#${fingerprint(value)}`;
	if (cache.size >= CACHE_LIMIT) cache.clear();
	// Kept as copies: a value sliced from a long line would keep the line alive.
	cache.set(ownCopy(value), ownCopy(masked));
	return masked;
}

/**
A small, safe XML element/attribute scanner for media-server responses (PMS `/status/sessions`,
`/library/metadata/<id>`, `/transcode/sessions` answer XML unless the client asks for JSON).

It reads elements, attributes and nesting only (text content is ignored: PMS puts everything in
attributes). It never throws and never backtracks: one forward pass with `indexOf`, each step advances.
Hostile input is bounded by `maxElements` and `maxDepth`; unclosed or mismatched tags are tolerated
(a closing tag closes up to its matching open element, or is ignored).
*/
import {own} from '../../model/own.js';

export type XmlElement = {
	name: string;
	/** Attribute values with entities decoded. A null-prototype object: `__proto__` is just a name. */
	attrs: Record<string, string>;
	children: XmlElement[];
};

export type XmlLimits = {maxElements?: number; maxDepth?: number};

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};

function decodeEntities(value: string): string {
	if (!value.includes('&')) return value;
	return value.replace(ENTITY, (whole, body: string) => {
		if (body[0] !== '#') return own(NAMED, body) ?? whole;
		const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
		return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
	});
}

function isNameEnd(c: number): boolean {
	// whitespace, '/', '>', '='
	return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e || c === 0x3d;
}

function isSpace(c: number): boolean {
	return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Parse `text` into a synthetic root element (name `''`) whose children are the top-level elements. */
export function parseXml(text: string, limits: XmlLimits = {}): XmlElement {
	const maxElements = limits.maxElements ?? 50_000;
	const maxDepth = limits.maxDepth ?? 64;
	const root: XmlElement = {name: '', attrs: Object.create(null) as Record<string, string>, children: []};
	const stack: XmlElement[] = [root];
	let count = 0;
	let i = 0;
	const n = text.length;
	while (i < n && count < maxElements) {
		const lt = text.indexOf('<', i);
		if (lt === -1 || lt + 1 >= n) break;
		const c = text.charCodeAt(lt + 1);
		if (c === 0x3f /* ? */) {
			const end = text.indexOf('?>', lt + 2);
			i = end === -1 ? n : end + 2;
			continue;
		}
		if (c === 0x21 /* ! */) {
			const close = text.startsWith('<!--', lt) ? '-->' : text.startsWith('<![CDATA[', lt) ? ']]>' : '>';
			const end = text.indexOf(close, lt + 2);
			i = end === -1 ? n : end + close.length;
			continue;
		}
		if (c === 0x2f /* / */) {
			const end = text.indexOf('>', lt + 2);
			const name = text.slice(lt + 2, end === -1 ? n : end).trim();
			for (let k = stack.length - 1; k > 0; k--) {
				if (stack[k]!.name === name) {
					stack.length = k;
					break;
				}
			}
			i = end === -1 ? n : end + 1;
			continue;
		}
		// Open tag: name, attributes, then `>` or `/>`.
		let p = lt + 1;
		while (p < n && !isNameEnd(text.charCodeAt(p))) p++;
		const name = text.slice(lt + 1, p);
		const element: XmlElement = {name, attrs: Object.create(null) as Record<string, string>, children: []};
		let selfClosing = false;
		let closed = false;
		while (p < n) {
			const ch = text.charCodeAt(p);
			if (isSpace(ch)) {
				p++;
				continue;
			}
			if (ch === 0x3e /* > */) {
				closed = true;
				p++;
				break;
			}
			if (ch === 0x2f /* / */) {
				if (text.charCodeAt(p + 1) === 0x3e) {
					selfClosing = true;
					closed = true;
					p += 2;
					break;
				}
				p++;
				continue;
			}
			if (ch === 0x3c /* < */) break; // a new tag: this one was never closed
			// Attribute name.
			const nameStart = p;
			while (p < n && !isNameEnd(text.charCodeAt(p)) && text.charCodeAt(p) !== 0x3c) p++;
			if (p === nameStart) {
				p++; // a stray '=': skip it
				continue;
			}
			const attr = text.slice(nameStart, p);
			while (p < n && isSpace(text.charCodeAt(p))) p++;
			if (text.charCodeAt(p) !== 0x3d /* = */) {
				element.attrs[attr] = '';
				continue;
			}
			p++;
			while (p < n && isSpace(text.charCodeAt(p))) p++;
			const quote = text.charCodeAt(p);
			if (quote === 0x22 || quote === 0x27) {
				const end = text.indexOf(quote === 0x22 ? '"' : "'", p + 1);
				const stop = end === -1 ? n : end;
				element.attrs[attr] = decodeEntities(text.slice(p + 1, stop));
				p = end === -1 ? n : end + 1;
			} else {
				const valueStart = p;
				while (p < n && !isSpace(text.charCodeAt(p)) && text.charCodeAt(p) !== 0x3e) p++;
				element.attrs[attr] = decodeEntities(text.slice(valueStart, p));
			}
		}
		i = p;
		if (name === '') continue;
		count++;
		stack[stack.length - 1]!.children.push(element);
		if (closed && !selfClosing && stack.length <= maxDepth) stack.push(element);
	}
	return root;
}

/**
The element as a PMS-JSON-shaped object: its attributes, plus one array per child element name
(`{container: 'mp4', Part: [{…}]}`), which is how PMS answers with `Accept: application/json`.
*/
export function xmlToObject(element: XmlElement, depth = 0): Record<string, unknown> {
	const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
	for (const key of Object.keys(element.attrs)) out[key] = element.attrs[key];
	if (depth > 32) return out;
	for (const child of element.children) {
		const list = out[child.name];
		const value = xmlToObject(child, depth + 1);
		if (Array.isArray(list)) list.push(value);
		else out[child.name] = [value];
	}
	return out;
}

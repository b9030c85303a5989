/**
`--explain HOST`: how a host is classified and why: the host as a browser reads it, its registrable
domain, every layer the classifier asks in order with its answer, the label that wins, and where that
label comes from. Given inputs, they are read first, so what they show about the user's own servers
counts; the explanation names no identifier (evidence says where, not what).
*/
import type {Classifier} from '../classify/classify.js';
import {splitUrl} from '../formats/common/url.js';
import {sanitizeText} from '../privacy/sanitize.js';

export function explainText(classifier: Classifier, input: string): string {
	// A URL is read as a browser reads it; a port may be given as host:port (or [v6]:port).
	let host = input;
	let port: number | undefined;
	if (/^[a-z][a-z0-9+.-]*:[/\\]/i.test(input)) {
		const parts = splitUrl(input);
		host = parts.host;
		port = parts.port;
	} else {
		const m = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(input);
		if (m) {
			host = m[1]!.replace(/^\[|\]$/g, '');
			port = Number(m[2]);
		}
	}
	const e = classifier.explain(host, port);
	const c = e.classification;
	const s = c.source;
	const lines = [
		`host:       ${sanitizeText(input)}`,
		`normalised: ${e.host ?? '(not a host name: a URL parser would refuse it)'}`,
		`domain:     ${e.domain ?? '(none: an address, a local name or a public suffix)'}`,
		`label:      ${c.organization}, ${c.category}, ${c.party} party (rule ${c.rule})`,
		`source:     ${s.kind}: ${s.name}${s.version ? ` ${s.version}` : ''}${s.entity ? `, entity "${s.entity}"` : ''}`,
		...(s.note ? [`            ${s.note}`] : []),
		'',
		'layers asked, in order (the first that knows the host decides):',
		...e.steps.map((step, i) => `  ${String(i + 1).padStart(2)}. ${step.decided ? '→' : ' '} ${step.layer}: ${step.result}`),
	];
	const known = classifier.knowledge.summary();
	lines.push('', `servers this input showed: ${known.own} yours, ${known.other} someone else's, ${known.unknown} with no owner shown`);
	if (port !== undefined && ![80, 443].includes(port)) lines.push(`port ${port}: says nothing about whose server it is; on your own network it marks a media server`);
	return `${lines.join('\n')}\n`;
}

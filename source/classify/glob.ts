/**
Host globs from `--rules` (`mediatailor.*.amazonaws.com`, `*ads*`), matched without backtracking.

`*` stands for one or more characters (dots included, so `a.*.example` covers any number of labels).
A glob is split at its stars into literal pieces; the first piece must start the host, the last must
end it, and each piece between is found at its leftmost place after the previous one (one `indexOf`
each). Leftmost is always right for a star-only glob, so the cost is linear in the host length times
the number of pieces, whatever the glob: `*a*a*a*a*` against 253 characters is a few microseconds,
where the old regular expression backtracked for minutes. Hosts are at most 253 characters
(`MAX_HOST_LENGTH`), so a match is also bounded in absolute terms.
*/

export type Glob = {
	readonly pattern: string;
	matches(host: string): boolean;
};

export function compileGlob(pattern: string): Glob {
	const pieces = pattern.toLowerCase().split('*');
	const first = pieces[0]!;
	const last = pieces[pieces.length - 1]!;
	const middle = pieces.slice(1, -1);
	// Every star takes at least one character.
	const minLength = pieces.reduce((n, p) => n + p.length, 0) + pieces.length - 1;
	return {
		pattern,
		matches(host) {
			if (pieces.length === 1) return host === first;
			if (host.length < minLength || !host.startsWith(first) || !host.endsWith(last)) return false;
			const end = host.length - last.length;
			let at = first.length;
			for (const piece of middle) {
				if (piece === '') {
					at += 1; // `**`: two stars, each at least one character
					continue;
				}
				const found = host.indexOf(piece, at + 1);
				if (found === -1 || found + piece.length > end - 1) return false;
				at = found + piece.length;
			}
			// The last star needs at least one character before the last piece.
			return at + 1 <= end;
		},
	};
}

/**
Located diagnostics for tabular inputs, capped per code: a file with a million unreadable times gets
the first `max` of each code located, then one summary line at the end.
*/
import type {Diagnostic, Origin} from '../../model/records.js';
import type {Emit} from '../types.js';

export type Reporter = {
	report(origin: Origin, code: string, message: string, severity?: Diagnostic['severity']): void;
	/** Emit one summary per code whose diagnostics were cut. */
	finish(): void;
};

/** A reporter that sends at most `max` diagnostics of each code to `emit`. */
export function reporter(emit: Emit, file: string, max = 50): Reporter {
	const counts = new Map<string, number>();
	return {
		report(origin, code, message, severity = 'warning') {
			const n = (counts.get(code) ?? 0) + 1;
			counts.set(code, n);
			if (n <= max) emit.diagnostic({severity, code, message, origin});
		},
		finish() {
			for (const [code, n] of counts) {
				if (n > max) emit.diagnostic({severity: 'info', code, message: `${(n - max).toLocaleString('en-US')} more ${code} diagnostics not shown`, origin: {file}});
			}
		},
	};
}

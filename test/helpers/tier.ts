/**
How hard an in-process test works. The unit tier (`npm run test:unit`) is the inner loop and must stay under
30 s, so there a property test tries a tenth of its cases and the tests on large generated inputs (1 MB lines)
do not run. The slow tier runs every file that imports this module again with `TELEMETRY_TUI_FULL_TESTS=1`:
all the cases and the large inputs (vitest.config.ts finds those files by this import). `npm test` runs both,
so the gate checks exactly what it checked before the tiers were split.
*/
import {describe, it} from 'vitest';

/** True in the slow tier (and whenever the environment asks for the full runs). */
export const FULL = process.env['TELEMETRY_TUI_FULL_TESTS'] === '1';

/** fast-check parameters: `full` runs in the slow tier, a tenth of them (at least 10) in the unit tier. */
export function runs(full: number): {numRuns: number} {
	return {numRuns: FULL ? full : Math.min(full, Math.max(10, Math.round(full / 10)))};
}

/** For an exhaustive check over a list: every item in the slow tier, every tenth (from the first) in the unit tier. */
export function tenth<T>(items: readonly T[]): readonly T[] {
	return FULL ? items : items.filter((_, i) => i % 10 === 0);
}

/**
The terminal widths the UI frame tests draw at: the narrow one (80 columns, where layouts break first) in the
unit tier, the wide one (200) as well in the slow tier — a 200×60 frame costs Ink six times the cells.
*/
export const FRAME_WIDTHS: readonly (80 | 200)[] = FULL ? [80, 200] : [80];

/** A block of tests on large generated inputs (1 MB lines, tens of thousands of records): only in the slow tier. */
export const describeLarge = describe.runIf(FULL);
/** One test on a large generated input: only in the slow tier. */
export const itLarge = it.runIf(FULL);

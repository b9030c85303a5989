/**
Which columns a view shows, in which order: the view's own columns, as the user chose them with the
column chooser (`c`). A choice lists every column of the view in the chosen order with shown or hidden;
columns a newer version added (absent from a saved choice) keep their default place at the end. Pure.

A column the user shows is essential to the table fitting (priority 0): it is kept before the columns
the view would add on its own. Columns the view leaves out by default (`hidden`) show only when chosen.
*/
import type {Column, Row, ViewDefinition} from '../../views/types.js';

export type ColumnChoice = ReadonlyArray<{readonly key: string; readonly shown: boolean}>;

/** The choice that changes nothing: every column in the view's order, shown unless hidden by default. */
export function defaultChoice(view: ViewDefinition<Row>): ColumnChoice {
	return view.columns.map((c) => ({key: c.key, shown: c.hidden !== true}));
}

/** A saved choice made whole for the view: unknown keys dropped, new columns appended. */
export function normalizeChoice(view: ViewDefinition<Row>, choice: ColumnChoice | undefined): ColumnChoice {
	if (!choice) return defaultChoice(view);
	const keys = new Set(view.columns.map((c) => c.key));
	const kept = choice.filter((c) => keys.has(c.key));
	const seen = new Set(kept.map((c) => c.key));
	return [...kept, ...defaultChoice(view).filter((c) => !seen.has(c.key))];
}

/** The columns to lay out: shown ones in the chosen order; chosen ones made essential when the user changed the default. */
export function chosenColumns(view: ViewDefinition<Row>, choice: ColumnChoice | undefined): Array<Column<Row>> {
	const whole = normalizeChoice(view, choice);
	const byKey = new Map(view.columns.map((c) => [c.key, c]));
	return whole.filter((c) => c.shown).map((c) => {
		const column = byKey.get(c.key)!;
		return choice ? {...column, priority: 0} : column;
	});
}

/** Show or hide one column (at least one stays shown). */
export function toggleColumn(choice: ColumnChoice, index: number): ColumnChoice {
	const target = choice[index];
	if (!target) return choice;
	if (target.shown && choice.filter((c) => c.shown).length === 1) return choice;
	return choice.map((c, i) => (i === index ? {...c, shown: !c.shown} : c));
}

/** Move one column up or down the order. */
export function moveColumn(choice: ColumnChoice, index: number, delta: number): ColumnChoice {
	const to = index + delta;
	if (index < 0 || index >= choice.length || to < 0 || to >= choice.length) return choice;
	const out = choice.slice();
	const [item] = out.splice(index, 1);
	out.splice(to, 0, item!);
	return out;
}

/**
The record store: what the views are computed from.

Memory stays bounded on huge inputs. The store keeps at most `maxRecords` records (for the records
view, filters and drill-down) and at most `maxDiagnostics` diagnostics, but every record is also folded
into one aggregator per view as it arrives, so the unfiltered tables count everything, kept or not.
*/
import type {Diagnostic, TelemetryRecord} from '../model/records.js';
import type {Aggregator, InputSummary, Row, ViewContext, ViewDefinition} from '../views/types.js';
import {VIEWS} from '../views/registry.js';

export const DEFAULT_MAX_RECORDS = 40_000;
export const DEFAULT_MAX_DIAGNOSTICS = 10_000;

type MutableInput = {-readonly [K in keyof InputSummary]: InputSummary[K]};

export class RecordStore implements ViewContext {
	readonly records: TelemetryRecord[] = [];
	readonly diagnostics: Diagnostic[] = [];
	droppedRecords = 0;
	droppedDiagnostics = 0;
	/** Bumped on every change; the UI redraws when it moves. */
	version = 0;
	/** Records seen in all, kept or not. */
	total = 0;
	private readonly inputMap = new Map<string, MutableInput>();
	private readonly aggregates = new Map<string, Aggregator<Row>>();
	private readonly listeners = new Set<() => void>();

	constructor(
		readonly maxRecords = DEFAULT_MAX_RECORDS,
		readonly maxDiagnostics = DEFAULT_MAX_DIAGNOSTICS,
		views: ReadonlyArray<ViewDefinition<Row>> = VIEWS,
	) {
		// Records view rows are the kept records themselves; every other view folds incrementally.
		for (const view of views) if (view.name !== 'records') this.aggregates.set(view.name, view.create(this));
	}

	get inputs(): readonly InputSummary[] {
		return [...this.inputMap.values()];
	}

	input(name: string): MutableInput {
		let input = this.inputMap.get(name);
		if (!input) {
			input = {name, format: undefined, bytes: 0, records: 0, status: 'reading'};
			this.inputMap.set(name, input);
			this.changed();
		}
		return input;
	}

	addRecord(record: TelemetryRecord, inputName: string): void {
		this.total++;
		this.input(inputName).records++;
		for (const agg of this.aggregates.values()) agg.add(record);
		if (this.records.length < this.maxRecords) this.records.push(record);
		else this.droppedRecords++;
		this.changed();
	}

	addDiagnostic(d: Diagnostic): void {
		if (this.diagnostics.length < this.maxDiagnostics) this.diagnostics.push(d);
		else this.droppedDiagnostics++;
		this.changed();
	}

	/** Rows of a view over everything seen (unfiltered). */
	rows(viewName: string): Row[] | undefined {
		return this.aggregates.get(viewName)?.rows();
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Notify listeners; they are expected to throttle (the TUI redraws at most every 100 ms). */
	changed(): void {
		this.version++;
		for (const l of this.listeners) l();
	}
}

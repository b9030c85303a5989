/** Every view the tool has, in tab order. */
import {destinationsView} from './destinations.js';
import {devicesView, formatsView, resolutionsView} from './media.js';
import {identifiersView} from './identifiers.js';
import {ledgerView} from './ledger.js';
import {overviewView} from './overview.js';
import {policyView} from './policy.js';
import {recordsView} from './records.js';
import {settingsView} from './settings.js';
import {timelineView, timelineViewNamed} from './timeline.js';
import type {Row, ViewDefinition} from './types.js';

export const VIEWS: ReadonlyArray<ViewDefinition<Row>> = [
	overviewView,
	destinationsView,
	formatsView,
	resolutionsView,
	devicesView,
	identifiersView,
	policyView,
	recordsView,
	settingsView,
	ledgerView,
	timelineView,
] as unknown as ReadonlyArray<ViewDefinition<Row>>;

export function findView(name: string): ViewDefinition<Row> | undefined {
	// `timeline:hour` and the like: the timeline with fixed buckets (not a tab of its own).
	return VIEWS.find((v) => v.name === name) ?? (timelineViewNamed(name) as unknown as ViewDefinition<Row> | undefined);
}

export const VIEW_NAMES: readonly string[] = VIEWS.map((v) => v.name);

/** Every view the tool has, in tab order. */
import {destinationsView} from './destinations.js';
import {domainsView, hostListByDomain, type Grouping} from './domains.js';
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

/**
Views grouped by registrable domain (`--group domain`, `g` in the UI), by the view they group:
Destinations gets a row per domain; the ledger and identifiers list domains where they list hosts.
Views absent here have no hosts to group and show as they are.
*/
export const BY_DOMAIN: Readonly<Record<string, ViewDefinition<Row>>> = {
	destinations: domainsView,
	ledger: hostListByDomain(ledgerView, 'hosts'),
	identifiers: hostListByDomain(identifiersView, 'destinations'),
} as unknown as Readonly<Record<string, ViewDefinition<Row>>>;

export function findView(name: string): ViewDefinition<Row> | undefined {
	// `timeline:hour` and the like: the timeline with fixed buckets (not a tab of its own);
	// `destinations:domain` and the like: a view grouped by domain.
	return VIEWS.find((v) => v.name === name) ?? Object.values(BY_DOMAIN).find((v) => v.name === name) ?? (timelineViewNamed(name) as unknown as ViewDefinition<Row> | undefined);
}

/** The view a tab shows under a grouping: its domain twin when it has one, else itself. */
export function groupedView(name: string, group: Grouping | undefined): ViewDefinition<Row> | undefined {
	return (group === 'domain' ? BY_DOMAIN[name] : undefined) ?? findView(name);
}

/** True when the view changes under `--group domain`. */
export function groupsByDomain(name: string): boolean {
	return Object.hasOwn(BY_DOMAIN, name);
}

export const VIEW_NAMES: readonly string[] = VIEWS.map((v) => v.name);

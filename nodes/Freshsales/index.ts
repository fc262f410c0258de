import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, ObjectSpec } from '../../shared/types';
import { FreshsalesConnector } from './connector/FreshsalesConnector';
import { mappedFields } from './connector/mapping';
import { ENTITIES } from './connector/objectTypes';
import { FRESHSALES_CREDENTIAL, freshsalesSettings } from './transport/freshsalesApi';

/** Every entity is an action-node resource; `created_at` and `updated_at` on all of them. */
const objects: ObjectSpec[] = Object.values(ENTITIES).map((e) => ({
	resource: e.resource,
	objectType: e.objectType,
	kind: e.neutral,
	createdField: 'created_at',
	modifiedField: 'updated_at',
	titleFields: [e.titleField],
	searchable: e.search !== undefined,
}));

/** Freshsales (Freshworks CRM): API key. */
export const freshsales: CrmDefinition = {
	value: 'freshsales',
	displayName: 'Freshsales',
	credentials: credentialsOf(FRESHSALES_CREDENTIAL, async (ctx, auth, options) => {
		const bulkThreshold = options.vendor?.bulkThreshold as number | undefined;
		return new FreshsalesConnector(ctx, await freshsalesSettings(ctx, auth, options), { bulkThreshold });
	}),
	objects,
	mappedFields,
	// Found by the contract suite (test/contract); what the checks would otherwise prove is tested in test/unit/freshsales.
	limitations: {
		listLimitStopsPaging:
			"Freshsales lists contacts, accounts and deals only through a saved view whose id each account assigns: a connector's first listing reads the views once (GET /contacts/filters), one request more than the pages",
		retryAfter429:
			"a connector's first listing of contacts reads the views (GET /contacts/filters) before the page, so a read is two requests where the check counts one; the 429 is waited out all the same (test/unit/freshsales/connector.test.ts)",
		listChangedOldestFirst: 'Freshsales has no API that lists notes (only create, update and delete), so notes have no change list',
		listChangedIncludesSince: 'Freshsales has no API that lists notes (only create, update and delete), so notes have no change list',
	},
	// Freshsales (Sales Suite) keeps leads as contacts with a lifecycle stage (shared/CRM-FACTS.md).
	storedAs: { lead: 'contacts' },
	// An appointment has no spare text field: the booking id is the description's last line, found
	// again among the contact's appointments (connector appointmentsOf, include=appointments).
	booking: { field: 'description', placement: 'line' },
};

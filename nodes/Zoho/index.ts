import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, ObjectSpec } from '../../shared/types';
import { ZohoConnector } from './connector/ZohoConnector';
import { mappedFields } from './connector/mapping';
import { MODULES } from './connector/objectTypes';
import { ZOHO_CREDENTIAL, zohoSettings } from './transport/zohoApi';

/** Every standard module is an action-node resource; `Created_Time` and `Modified_Time` on all of them. */
const objects: ObjectSpec[] = Object.values(MODULES).map((m) => ({
	resource: m.resource,
	objectType: m.module,
	kind: m.neutral,
	createdField: 'Created_Time',
	modifiedField: 'Modified_Time',
	titleFields: m.titleFields,
	searchable: m.searchable,
}));

/** Zoho CRM (API v8): OAuth2, the API host from the token's `api_domain`. */
export const zoho: CrmDefinition = {
	value: 'zoho',
	displayName: 'Zoho CRM',
	credentials: credentialsOf(ZOHO_CREDENTIAL, async (ctx, auth, options) => {
		const vendor = options.vendor ?? {};
		const settings = await zohoSettings(ctx, auth, { retry: options.retry, stats: options.stats, clock: options.clock, maxConcurrency: vendor.maxConcurrency as number | undefined });
		return new ZohoConnector(ctx, settings, { skipWorkflowRules: vendor.skipWorkflowRules === true });
	}),
	objects,
	mappedFields,
	// Found by the contract suite (test/contract); what the checks would otherwise prove is tested in test/unit/zoho.
	// Zoho's Events have no spare text field the neutral mapping leaves alone (Description is the
	// appointment's description): the booking id is a last line of the Description, as on Salesforce.
	booking: { field: 'Description', placement: 'line' },
	limitations: {
		listChangedOldestFirst:
			"Zoho's Modified_Time has whole seconds and listings sort by it, then by id: records changed within the same second come back in id order, not in the order they changed",
		listChangedIncludesSince:
			"Zoho's Modified_Time has whole seconds and listings sort by it, then by id: records changed within the same second as `since` come back in id order, not in the order they changed",
		retryAfter429:
			"Zoho's 429 TOO_MANY_REQUESTS carries no Retry-After (Zoho's v8 API limits), so the sandbox sends none either and the transport backs off exponentially with jitter (first wait under 500 ms) instead of waiting a named second",
	},
};

import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, NeutralType, ObjectSpec } from '../../shared/types';
import { RestCrmConnector } from './connector/RestCrmConnector';
import { credentialCustomResource, parseCustomResource, type CustomResource } from './connector/customResource';
import { mappedFields } from './connector/mapping';
import { RESOURCES } from './connector/resources';
import { REST_CRM_CREDENTIAL, restCrmSettings } from './transport/restCrmApi';

/** The standard resources with a neutral kind; projects and users have none (the action node still offers them). */
const objects: ObjectSpec[] = RESOURCES.filter((r) => r.kind).map((r) => ({
	resource: r.resource,
	objectType: r.objectType,
	kind: r.kind as NeutralType,
	createdField: 'created_at',
	modifiedField: 'updated_at',
	titleFields: [r.titleField],
	// Any field filters a list (`?q=` searches the text fields): GENERIC-API.md.
	searchable: true,
}));

/** A custom resource from a connector option (the action node's description, or a test's). */
function customOf(vendor: unknown): CustomResource | undefined {
	const value = (vendor as { customResource?: unknown } | undefined)?.customResource;
	if (!value) return undefined;
	return typeof value === 'object' && 'paging' in (value as object) ? (value as CustomResource) : parseCustomResource(value as never);
}

/** The generic REST CRM: the standard REST CRM API (GENERIC-API.md) with API key / Bearer / Basic / JWT or OAuth2. */
export const restCrm: CrmDefinition = {
	value: 'restCrm',
	displayName: 'REST CRM',
	credentials: credentialsOf(REST_CRM_CREDENTIAL, async (ctx, auth, options) => {
		const settings = await restCrmSettings(ctx, auth, options);
		// The action node opens with `standardResources` (its resources are the API's own); CRM Sync and the CRM node open with no vendor options.
		const standard = (options.vendor as { standardResources?: boolean } | undefined)?.standardResources === true;
		return new RestCrmConnector(ctx, settings, customOf(options.vendor), standard ? undefined : credentialCustomResource(settings.customResource));
	}),
	objects,
	mappedFields,
	// An activity keeps no spare text field (GENERIC-API.md: subject, type, description, times, location,
	// done, links), and description is mapped: the booking id is a last line of the description.
	booking: { field: 'description', placement: 'line' },
};

import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, NeutralType, ObjectSpec } from '../../shared/types';
import { RestCrmConnector } from './connector/RestCrmConnector';
import { parseCustomResource, type CustomResource } from './connector/customResource';
import { mappedFields } from './connector/mapping';
import { CUSTOM_OBJECT_TYPE, RESOURCES } from './connector/resources';
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
	credentials: credentialsOf(REST_CRM_CREDENTIAL, async (ctx, auth, options) => new RestCrmConnector(ctx, await restCrmSettings(ctx, auth, options), customOf(options.vendor))),
	objects,
	mappedFields,
};

/**
 * The REST CRM seen through one user-described resource that holds records of
 * a neutral kind (its Field Map): the definition CRM Sync and the contract
 * suite use for "any REST API". Same value and credentials as `restCrm`.
 */
export function restCrmCustomDefinition(resource: CustomResource): CrmDefinition {
	if (!resource.kind || !resource.fieldMap) throw new Error('Custom resource: a Neutral Kind and a Field Map are needed to sync it');
	const kind = resource.kind;
	return {
		value: restCrm.value,
		displayName: `REST CRM (${resource.name}, ${resource.paging.style} paging)`,
		credentials: credentialsOf(REST_CRM_CREDENTIAL, async (ctx, auth, options) => new RestCrmConnector(ctx, await restCrmSettings(ctx, auth, options), resource)),
		objects: [
			{
				resource: 'customResource',
				objectType: CUSTOM_OBJECT_TYPE,
				kind,
				createdField: resource.createdField ?? resource.updatedField,
				modifiedField: resource.updatedField,
				titleFields: Object.values(resource.fieldMap).slice(0, 1),
				searchable: false,
			},
		],
		mappedFields: (k) => (k === kind ? Object.values(resource.fieldMap ?? {}) : []),
	};
}

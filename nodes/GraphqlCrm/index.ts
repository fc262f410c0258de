import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, ObjectSpec } from '../../shared/types';
import { GraphqlCrmConnector } from './connector/GraphqlCrmConnector';
import { mappedFields } from './connector/mapping';
import { GRAPHQL_KINDS } from './connector/resources';
import { GRAPHQL_CREDENTIAL, graphqlSettings } from './transport/graphqlApi';

/**
 * One object per kind the resource definition can describe; the object type
 * is the kind's name. The created and modified fields are the defaults
 * (`createdAt`, `updatedAt`): a resource definition may name others, which the
 * connector reads into every record's times.
 */
const objects: ObjectSpec[] = GRAPHQL_KINDS.map((kind) => ({
	objectType: kind,
	kind,
	createdField: 'createdAt',
	modifiedField: 'updatedAt',
	titleFields: kind === 'contact' ? ['email', 'lastName'] : ['name'],
	searchable: false,
}));

/** Any GraphQL API, described by the credential's resource definition. */
export const graphqlCrm: CrmDefinition = {
	value: 'graphqlCrm',
	displayName: 'GraphQL CRM',
	credentials: credentialsOf(GRAPHQL_CREDENTIAL, async (ctx, auth, options) => new GraphqlCrmConnector(ctx, await graphqlSettings(ctx, auth, options))),
	objects,
	mappedFields,
};

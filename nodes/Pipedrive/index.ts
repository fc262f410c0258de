import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, ObjectSpec } from '../../shared/types';
import { PipedriveConnector } from './connector/PipedriveConnector';
import { mappedFields } from './connector/mapping';
import { ENTITIES } from './connector/objectTypes';
import { PIPEDRIVE_CREDENTIAL, pipedriveSettings } from './transport/pipedriveApi';

/** Every entity is an action-node resource; `add_time` and `update_time` on all of them. */
const objects: ObjectSpec[] = Object.values(ENTITIES).map((e) => ({
	resource: e.resource,
	objectType: e.objectType,
	kind: e.neutral,
	createdField: 'add_time',
	modifiedField: 'update_time',
	titleFields: [e.titleField],
	searchable: e.searchPath !== undefined,
}));

/** Pipedrive: API token or OAuth2. */
export const pipedrive: CrmDefinition = {
	value: 'pipedrive',
	displayName: 'Pipedrive',
	credentials: credentialsOf(PIPEDRIVE_CREDENTIAL, async (ctx, auth, options) => {
		const maxConcurrency = options.vendor?.maxConcurrency as number | undefined;
		return new PipedriveConnector(ctx, await pipedriveSettings(ctx, auth, { ...options, maxConcurrency }));
	}),
	objects,
	mappedFields,
	limitations: {
		// Found by the contract suite's round-trip check (test/contract).
		neutralRoundTrip:
			'Pipedrive takes an address as one line and splits it into street, city, postal code and country itself (geocoding): the parts written do not come back as written',
	},
};

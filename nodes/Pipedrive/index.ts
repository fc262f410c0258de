import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, NeutralType, ObjectSpec } from '../../shared/types';
import { PipedriveConnector } from './connector/PipedriveConnector';
import { mappedFields, PIPEDRIVE_FIELDS } from './connector/mapping';
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

/** Neutral fields of a kind whose vendor field is not in the entity's v2 request schema (objectTypes' `writable`), e.g. a person's job title. */
function unwritable(kind: NeutralType): string[] {
	const entity = Object.values(ENTITIES).find((e) => e.neutral === kind && e.writable);
	if (!entity?.writable) return [];
	const writable = entity.writable;
	const names = PIPEDRIVE_FIELDS[kind].filter((m) => !m.readOnly && !writable.includes(m.vendor.split('.')[0])).map((m) => m.neutral.split('.')[0]);
	return [...new Set(names)];
}

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
	unwritable,
	// An activity's `note` (its private note) is a text the neutral mapping leaves alone (the
	// description is `public_description`): the booking id is its whole value.
	booking: { field: 'note', placement: 'whole' },
	// A lead has a title and links a person (or organization); the person holds the name, e-mail and phone.
	leadLinksContact: true,
	limitations: {
		// Found by the contract suite's round-trip check (test/contract).
		neutralRoundTrip:
			'Pipedrive takes an address as one line and splits it into street, city, postal code and country itself (geocoding): the parts written do not come back as written',
	},
};

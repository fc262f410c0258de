import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition, ObjectSpec } from '../../shared/types';
import { DynamicsConnector, type DynamicsOptions } from './connector/DynamicsConnector';
import { mappedFields } from './connector/mapping';
import { TABLES } from './connector/objectTypes';
import { DYNAMICS_CREDENTIAL, dynamicsSettings } from './transport/dynamicsApi';

/** Every known table is an action-node resource; Dataverse keeps `createdon` and `modifiedon` on all of them. */
const objects: ObjectSpec[] = TABLES.map((t) => ({
	resource: t.resource,
	objectType: t.entitySet,
	kind: t.neutral,
	createdField: 'createdon',
	modifiedField: 'modifiedon',
	titleFields: [t.primaryName],
	searchable: true,
}));

/** Microsoft Dynamics 365 / Dataverse: a user's OAuth2 or an app's client credentials. */
export const dynamics: CrmDefinition = {
	value: 'dynamics',
	displayName: 'Dynamics 365',
	credentials: credentialsOf(DYNAMICS_CREDENTIAL, async (ctx, auth, options) => {
		const vendor = (options.vendor ?? {}) as DynamicsOptions;
		return new DynamicsConnector(ctx, await dynamicsSettings(ctx, auth, options), vendor);
	}),
	objects,
	mappedFields,
	// An appointment has no spare text column the neutral mapping leaves alone and no standard
	// external id: the booking id is a last line of its description (reference/entities/appointment).
	booking: { field: 'description', placement: 'line' },
	// The sandbox-facing limitation list stays empty until the contract suite finds one.
	unwritable: (kind) => (kind === 'contact' || kind === 'lead' ? ['fullName', 'ownerId'] : kind === 'note' ? ['timestamp', 'ownerId'] : ['ownerId']),
};

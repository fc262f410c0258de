import { credentialsOf } from '../../shared/crmDefinition';
import type { CrmDefinition } from '../../shared/types';
import { BrivityConnector, CANNOT_DELETE, CANNOT_UPDATE, PEOPLE } from './connector/BrivityConnector';
import { mappedFields, unwritable } from './connector/mapping';
import { BRIVITY_CREDENTIAL, brivitySettings } from './transport/brivityApi';

const NO_TIME = "Brivity's people list carries no created or updated time (and takes no filter), so changes cannot be listed in time order";
const ONLY_CREATE = "Brivity's API writes only by creating a lead (POST /api/v2/leads): it cannot update, upsert or delete a person";

/** Brivity (real-estate CRM): people read from one list, written only as new leads. */
export const brivity: CrmDefinition = {
	value: 'brivity',
	displayName: 'Brivity',
	credentials: credentialsOf(BRIVITY_CREDENTIAL, async (ctx, auth, options) => {
		const peopleLimit = options.vendor?.peopleLimit as number | undefined;
		return new BrivityConnector(ctx, await brivitySettings(ctx, auth, options), { peopleLimit });
	}),
	objects: [
		{
			resource: 'person',
			objectType: PEOPLE,
			kind: 'contact',
			// Brivity's people have neither: the names are those of a Rails app (assumption) and are never filled.
			createdField: 'created_at',
			modifiedField: 'updated_at',
			titleFields: ['first_name', 'last_name', 'email_address'],
			searchable: false,
		},
	],
	// A Brivity lead is a person: the CRM node's Sync Lead creates one (POST /api/v2/leads).
	storedAs: { lead: PEOPLE },
	mappedFields,
	unwritable,
	cannotWrite: () => ({ update: CANNOT_UPDATE, delete: CANNOT_DELETE }),
	limitations: {
		listChangedOldestFirst: `${NO_TIME}; and ${ONLY_CREATE}`,
		listChangedIncludesSince: `${NO_TIME}; and ${ONLY_CREATE}`,
		listLimitStopsPaging: "Brivity's people list has no pages: one request returns up to its limit",
		outcomesByIndex: ONLY_CREATE,
		upsertIdempotent: ONLY_CREATE,
		deleteAlreadyDeleted: ONLY_CREATE,
		getManyLeavesOutMissing: ONLY_CREATE,
	},
};

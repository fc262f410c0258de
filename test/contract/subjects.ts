import type { IDataObject } from 'n8n-workflow';
import { crmOf } from '../../nodes/crms';
import type { CrmDefinition, NeutralType } from '../../shared/types';
import type { Sandbox } from '../sandbox';
import { brivityApiKey, dynamicsOAuth2, freshsalesApiKey, graphqlCrmApi, hubspotPrivateApp, pipedriveApiToken, restCrmApi, salesforceOAuth2, zohoOAuth2 } from '../e2e/helpers/credentials';
import type { CredentialStore } from '../e2e/lightRunner';

/**
 * What the contract suite needs to know about one CRM besides its definition:
 * the sandbox vendor's side of things (where it is mounted, a credential it
 * accepts, its store, how to seed it). Adding a CRM to the suite is one more
 * entry in CONTRACT_SUBJECTS.
 */
export interface ContractSubject {
	/** The CRM's definition, from nodes/crms.ts. */
	definition: CrmDefinition;
	/** Path prefix of the sandbox vendor: every request under it is this vendor's. */
	mount: string;
	/** The credential type the suite connects with (one of the definition's) and its data for this sandbox. */
	credential(sb: Sandbox): { type: string; data: IDataObject };
	/** Sandbox setup before each check (fields, page sizes). */
	prepare?(sb: Sandbox): void;
	/** The neutral kind the write checks use: a person, so `person()` records fit it. */
	kind: NeutralType;
	/** Live (not deleted) records of an object type, as the sandbox stores them. */
	count(sb: Sandbox, objectType: string): number;
	/** Puts n records of an object type in the sandbox's store directly (not through the API). */
	seed(sb: Sandbox, objectType: string, n: number): void;
	/** Records per list page as the connector asks for them and this sandbox serves them. */
	pageSize: number;
	/** An id in the vendor's form that no record has. */
	missingId: string;
	/**
	 * The upsert key for a vendor whose connector upserts by no neutral e-mail
	 * (`upsertKey(kind, 'email')` undefined): a vendor property that identifies a
	 * record, made ready in `prepare`, and its value for person n.
	 */
	upsert?: { idProperty: string; value(n: number, tag: string): string };
}

function definition(value: string): CrmDefinition {
	const crm = crmOf(value);
	if (!crm) throw new Error(`nodes/crms.ts has no CRM "${value}"`);
	return crm;
}

/** The one credential of a saved-credentials store (test/e2e/helpers/credentials.ts), as type and data. */
function only(store: CredentialStore): { type: string; data: IDataObject } {
	const [[type, byId]] = Object.entries(store);
	return { type, data: Object.values(byId)[0] };
}

const hubspotSubject: ContractSubject = {
	definition: definition('hubspot'),
	mount: '/hubspot',
	credential: (sb) => only(hubspotPrivateApp(sb, { plan: 'pro' })),
	kind: 'contact',
	count: (sb, objectType) => sb.hubspot.store.list(objectType).length,
	seed: (sb, objectType, n) => {
		sb.hubspot.seed({ [objectType]: n });
	},
	// HubSpot's list endpoint: at most 100 per page.
	pageSize: 100,
	missingId: '987654321',
};

const salesforceSubject: ContractSubject = {
	definition: definition('salesforce'),
	mount: '/salesforce',
	credential: (sb) => only(salesforceOAuth2(sb)),
	prepare: (sb) => {
		const api = sb.salesforce;
		// SOQL batches of 200 (Salesforce's smallest), so three pages need 405 records, not 4,005.
		api.setQueryBatchSize(200);
		// Collections upsert only by an External ID field.
		api.addField('Contact', { name: 'Contract_Key__c', type: 'string', externalId: true, unique: true });
	},
	kind: 'contact',
	count: (sb, objectType) => (sb.salesforce.store.list(objectType) as IDataObject[]).filter((r) => r.IsDeleted !== true).length,
	seed: (sb, objectType, n) => {
		sb.salesforce.seed({ [objectType]: n });
	},
	pageSize: 200,
	missingId: '003000000000ZZZAAA',
	upsert: { idProperty: 'Contract_Key__c', value: (n, tag) => `key-${tag}-${n}` },
};

const pipedriveSubject: ContractSubject = {
	definition: definition('pipedrive'),
	mount: '/pipedrive',
	credential: (sb) => only(pipedriveApiToken(sb)),
	kind: 'contact',
	count: (sb, objectType) => sb.pipedrive.count(objectType) as number,
	seed: (sb, objectType, n) => {
		// Leads and notes belong to a person: the sandbox seeds them only when one exists.
		sb.pipedrive.seed({ persons: sb.pipedrive.count('persons') ? 0 : 1, [objectType]: n });
	},
	// Pipedrive's largest page (v1 and v2).
	pageSize: 500,
	missingId: '999999',
};

const freshsalesSubject: ContractSubject = {
	definition: definition('freshsales'),
	mount: '/freshsales',
	credential: (sb) => only(freshsalesApiKey(sb)),
	kind: 'contact',
	count: (sb, objectType) => sb.freshsales.count(objectType) as number,
	seed: (sb, objectType, n) => {
		sb.freshsales.seed({ [objectType]: n });
	},
	// Freshsales' largest page (per_page).
	pageSize: 100,
	missingId: '999999999',
};

const zohoSubject: ContractSubject = {
	definition: definition('zoho'),
	mount: '/zoho',
	credential: (sb) => only(zohoOAuth2(sb, { dc: 'eu' })),
	kind: 'contact',
	count: (sb, objectType) => sb.zoho.count(objectType) as number,
	seed: (sb, objectType, n) => {
		sb.zoho.seed({ [objectType]: n });
	},
	// Zoho's largest page (per_page).
	pageSize: 200,
	missingId: '5725767000999999999',
};

const brivitySubject: ContractSubject = {
	definition: definition('brivity'),
	mount: '/brivity',
	credential: (sb) => only(brivityApiKey(sb)),
	kind: 'contact',
	count: (sb) => sb.brivity.count() as number,
	seed: (sb, _objectType, n) => {
		sb.brivity.seed({ people: n });
	},
	// Brivity's list has no pages: one request holds up to its limit (the connector's default 5,000).
	pageSize: 5000,
	missingId: '999999999',
};

/** The sandbox's type of each connector object type (`contact` -> `contacts`). */
const GRAPHQL_TYPES: Record<string, string> = { contact: 'contacts', company: 'companies', deal: 'deals' };

const graphqlSubject: ContractSubject = {
	definition: definition('graphqlCrm'),
	mount: '/graphql',
	credential: (sb) => only(graphqlCrmApi(sb)),
	kind: 'contact',
	count: (sb, objectType) => sb.graphql.count(GRAPHQL_TYPES[objectType]) as number,
	seed: (sb, objectType, n) => {
		sb.graphql.seed({ [GRAPHQL_TYPES[objectType]]: n });
	},
	// The resource definition's pageSize (test/sandbox/graphql/definition.js), the sandbox's largest page.
	pageSize: 100,
	missingId: '999999',
};

/** Seeds the generic CRM's stores a contract check reads (tasks need a project; comments a task). */
function seedGeneric(sb: Sandbox, objectType: string, n: number): void {
	const counts: Record<string, number> = { [objectType]: n };
	if (objectType === 'tasks' || objectType === 'comments') counts.projects = 1;
	if (objectType === 'comments') counts.tasks = 1;
	sb.generic.seed(counts);
}

const restCrmSubject: ContractSubject = {
	definition: definition('restCrm'),
	mount: '/generic',
	credential: (sb) => only(restCrmApi(sb, { perMinute: 6000 })),
	kind: 'contact',
	count: (sb, objectType) => sb.generic.store.list(objectType as never).length,
	seed: seedGeneric,
	// The standard API's largest page (per_page).
	pageSize: 100,
	missingId: '987654321',
};

/**
 * "Any REST API": the sandbox's members resource under each of its five shapes
 * (test/sandbox/generic/custom.js), described in the credential's "Custom
 * Resource for CRM Sync (JSON)" the way a user would, mapped to contacts by a
 * field map: the route CRM Sync takes (it opens the connector from the
 * credential alone), where the resource stands in for the standard contacts.
 */
function restCrmCustomSubject(style: 'page' | 'offset' | 'cursor' | 'link' | 'next'): ContractSubject {
	const shapes = {
		page: { pagingStyle: 'page', idField: 'id', updatedField: 'updated_at', recordsPath: 'data', recordPath: 'data', updateMethod: 'PATCH', updatedSinceParam: 'updated_since' },
		offset: { pagingStyle: 'offset', idField: 'member_id', updatedField: 'modified_at', recordsPath: 'items', recordPath: 'item', updateMethod: 'PUT' },
		cursor: { pagingStyle: 'cursor', idField: 'uid', updatedField: 'updated', createdField: 'created', recordsPath: 'results', recordPath: '', updateMethod: 'PATCH', nextPath: 'next_cursor', updatedSinceParam: 'updated_since' },
		link: { pagingStyle: 'linkHeader', idField: 'id', updatedField: 'updated_at', recordsPath: '', recordPath: '', updateMethod: 'PATCH' },
		next: { pagingStyle: 'nextUrl', idField: 'id', updatedField: 'last_modified', recordsPath: 'data.records', recordPath: 'data', updateMethod: 'PUT', nextPath: 'links.next' },
	}[style];
	const customResource = JSON.stringify({
		name: 'member',
		path: `/ext/${style}/members`,
		pageSize: 50,
		kind: 'contact',
		fieldMap: { firstName: 'given_name', lastName: 'family_name', email: 'email', phone: 'phone', jobTitle: 'title' },
		...shapes,
	});
	const restCrm = definition('restCrm');
	const isMembers = (objectType: string) => objectType === 'contacts';
	return {
		// The REST CRM's own definition, as CRM Sync uses it; only the name differs, for the test titles.
		definition: { ...restCrm, displayName: `REST CRM (credential custom resource as contacts, ${style} paging)` },
		mount: '/generic',
		credential: (sb) => only(restCrmApi(sb, { perMinute: 6000, extra: { customResource } })),
		kind: 'contact',
		count: (sb, objectType) => (isMembers(objectType) ? sb.generic.custom.store.count() : sb.generic.store.list(objectType as never).length),
		seed: (sb, objectType, n) => (isMembers(objectType) ? sb.generic.custom.seed(n) : seedGeneric(sb, objectType, n)),
		// The members resource's largest page.
		pageSize: 50,
		missingId: '987654321',
	};
}

/** Entity set → logical name, for the sandbox's store. */
const DYNAMICS_TABLE: Record<string, string> = { contacts: 'contact', leads: 'lead', accounts: 'account', opportunities: 'opportunity', appointments: 'appointment', tasks: 'task', phonecalls: 'phonecall', annotations: 'annotation' };

const dynamicsSubject: ContractSubject = {
	definition: definition('dynamics'),
	mount: '/dynamics',
	credential: (sb) => only(dynamicsOAuth2(sb)),
	prepare: (sb) => {
		// Dataverse has no unique column out of the box: a custom column made an alternate key, as an integration would.
		sb.dynamics.addAttribute('contact', { name: 'cr_contractkey', type: 'String', maxLength: 100 });
		sb.dynamics.addKey('contact', ['cr_contractkey']);
	},
	kind: 'contact',
	count: (sb, objectType) => sb.dynamics.count(DYNAMICS_TABLE[objectType]) as number,
	seed: (sb, objectType, n) => {
		sb.dynamics.seed({ [DYNAMICS_TABLE[objectType]]: n });
	},
	// Dataverse's largest page (Prefer: odata.maxpagesize).
	pageSize: 5000,
	missingId: '00000000-0000-4000-8000-00000000dead',
	upsert: { idProperty: 'cr_contractkey', value: (n, tag) => `key-${tag}-${n}` },
};

/** Every CRM the contract suite runs against: each CRM of nodes/crms.ts (a test holds that none is missing). */
export const CONTRACT_SUBJECTS: ContractSubject[] = [
	hubspotSubject,
	salesforceSubject,
	pipedriveSubject,
	freshsalesSubject,
	brivitySubject,
	graphqlSubject,
	restCrmSubject,
	dynamicsSubject,
	zohoSubject,
	...(['page', 'offset', 'cursor', 'link', 'next'] as const).map(restCrmCustomSubject),
];

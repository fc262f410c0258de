/*
 * The jobs of the built-in comparison (issue 9): each as our node does it and as n8n's
 * own node does it, with the parameters a user would set and everything else left at
 * its default. Both get the same input items and the same sandbox vendor.
 */
import type { ICredentialDataDecryptedObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { CredentialStore, WorkflowJson } from '../../e2e/lightRunner';
import type { Person, Urls, Vendor } from './sandboxProcess';

export type Side = 'ours' | 'builtin';

export interface JobRun {
	workflow: WorkflowJson;
	credentials: CredentialStore;
}

export interface Job {
	id: string;
	title: string;
	vendor: Vendor;
	/** records the job writes or reads */
	records: number;
	/** input items of the node (a read job: one empty item) */
	people: Person[];
	/** contacts in HubSpot before the run */
	existing: Person[];
	/** a read job counts what the node output (distinct record ids) instead of the store */
	read: boolean;
	/** the record id of one output item (read jobs) */
	outputId?: (item: INodeExecutionData, side: Side) => unknown;
	run(side: Side, urls: Urls, runId: string): JobRun;
}

export const NODE = 'Node';

const person = (i: number, prefix: string, first = `First${i}`, last = `Last${i}`): Person => ({ email: `${prefix}${i}@bench.example`, firstName: first, lastName: last });

function workflow(type: string, typeVersion: number, parameters: INode['parameters'], credentials: INode['credentials']): WorkflowJson {
	return {
		name: `bench ${type}`,
		nodes: [{ id: 'n1', name: NODE, type, typeVersion, position: [0, 0], parameters, credentials }],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

const cred = (type: string, id: string, data: ICredentialDataDecryptedObject): { node: INode['credentials']; store: CredentialStore } => ({
	node: { [type]: { id, name: id } },
	store: { [type]: { [id]: data } },
});

/** HubSpot upsert by email: 1,000 contacts of which 300 exist (with other names). */
export function hubspotUpsert(records = 1000, existingCount = 300): Job {
	const people = Array.from({ length: records }, (_, i) => person(i, 'upsert'));
	const existing = people.slice(0, existingCount).map((p) => ({ ...p, firstName: 'Old', lastName: 'Name' }));
	return {
		id: 'hubspot-upsert',
		title: `HubSpot upsert ${records.toLocaleString('en')} contacts (${existingCount} exist)`,
		vendor: 'hubspot',
		records,
		people,
		existing,
		read: false,
		run(side, urls, runId) {
			if (side === 'ours') {
				const c = cred('crmPackHubSpotPrivateAppApi', `hs-${runId}`, { accessToken: urls.hubspotToken, plan: 'pro', baseUrl: urls.hubspot });
				return {
					workflow: workflow(
						'n8n-nodes-crm-pack.crmPackHubSpot',
						1,
						{
							authentication: 'privateApp',
							resource: 'contact',
							operation: 'upsert',
							upsertIdProperty: 'email',
							upsertIdValue: '={{ $json.email }}',
							additionalFields: { neutralJson: '={{ JSON.stringify({ firstName: $json.firstName, lastName: $json.lastName }) }}' },
							options: {},
						},
						c.node,
					),
					credentials: c.store,
				};
			}
			// n8n's HubSpot node 2.2 (its default version), Service Key (private app token): POST
			// /contacts/v1/contact/createOrUpdate/email/{email}, then (Resolve Data off, the default)
			// GET /contacts/v1/contact/vid/{vid}/profile, per item.
			const c = cred('hubspotAppToken', `hs-${runId}`, { appToken: urls.hubspotToken });
			return {
				workflow: workflow(
					'n8n-nodes-base.hubspot',
					2.2,
					{
						authentication: 'appToken',
						resource: 'contact',
						operation: 'upsert',
						email: '={{ $json.email }}',
						additionalFields: { firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
						options: {},
					},
					c.node,
				),
				credentials: c.store,
			};
		},
	};
}

/** HubSpot get all contacts: 5,000 in HubSpot, one run with Return All. */
export function hubspotGetAll(records = 5000): Job {
	const existing = Array.from({ length: records }, (_, i) => person(i, 'read'));
	return {
		id: 'hubspot-get-all',
		title: `HubSpot get all ${records.toLocaleString('en')} contacts`,
		vendor: 'hubspot',
		records,
		people: [],
		existing,
		read: true,
		outputId: (item, side) => (side === 'ours' ? item.json.id : item.json.vid),
		run(side, urls, runId) {
			if (side === 'ours') {
				const c = cred('crmPackHubSpotPrivateAppApi', `hs-${runId}`, { accessToken: urls.hubspotToken, plan: 'pro', baseUrl: urls.hubspot });
				return {
					workflow: workflow('n8n-nodes-crm-pack.crmPackHubSpot', 1, { authentication: 'privateApp', resource: 'contact', operation: 'getAll', returnAll: true, options: {} }, c.node),
					credentials: c.store,
				};
			}
			// GET /contacts/v1/lists/all/contacts/all?count=100 page by page (vidOffset)
			const c = cred('hubspotAppToken', `hs-${runId}`, { appToken: urls.hubspotToken });
			return {
				workflow: workflow('n8n-nodes-base.hubspot', 2.2, { authentication: 'appToken', resource: 'contact', operation: 'getAll', returnAll: true, additionalFields: {} }, c.node),
				credentials: c.store,
			};
		},
	};
}

/** Salesforce: create 1,000 contacts. */
export function salesforceCreate(records = 1000): Job {
	const people = Array.from({ length: records }, (_, i) => person(i, 'sf'));
	return {
		id: 'salesforce-create',
		title: `Salesforce create ${records.toLocaleString('en')} contacts`,
		vendor: 'salesforce',
		records,
		people,
		existing: [],
		read: false,
		run(side, urls, runId) {
			const tokenData = { access_token: urls.salesforceToken, instance_url: urls.salesforce, token_type: 'Bearer' };
			if (side === 'ours') {
				const c = cred('crmPackSalesforceOAuth2Api', `sf-${runId}`, {
					environment: 'custom',
					customLoginUrl: urls.salesforce,
					clientId: 'sf-sandbox-client-id',
					clientSecret: 'sf-sandbox-client-secret',
					apiVersion: 'v62.0',
					oauthTokenData: tokenData,
				});
				return {
					workflow: workflow(
						'n8n-nodes-crm-pack.crmPackSalesforce',
						1,
						{
							authentication: 'oAuth2',
							resource: 'contact',
							operation: 'create',
							fieldsUi: {
								field: [
									{ name: 'FirstName', value: '={{ $json.firstName }}' },
									{ name: 'LastName', value: '={{ $json.lastName }}' },
									{ name: 'Email', value: '={{ $json.email }}' },
								],
							},
							additionalFields: {},
							options: {},
						},
						c.node,
					),
					credentials: c.store,
				};
			}
			// n8n's Salesforce node (OAuth2): POST {instance_url}/services/data/v59.0/sobjects/contact per item;
			// the credential's instance_url is the sandbox, as after a real OAuth2 log-in.
			const c = cred('salesforceOAuth2Api', `sf-${runId}`, {
				environment: 'production',
				clientId: 'sf-sandbox-client-id',
				clientSecret: 'sf-sandbox-client-secret',
				oauthTokenData: tokenData,
			});
			return {
				workflow: workflow(
					'n8n-nodes-base.salesforce',
					1,
					{
						authentication: 'oAuth2',
						resource: 'contact',
						operation: 'create',
						lastname: '={{ $json.lastName }}',
						additionalFields: { firstName: '={{ $json.firstName }}', email: '={{ $json.email }}' },
					},
					c.node,
				),
				credentials: c.store,
			};
		},
	};
}

/** Pipedrive: create 500 persons (one call per record for both: Pipedrive has no batch create). */
export function pipedriveCreate(records = 500): Job {
	const people = Array.from({ length: records }, (_, i) => person(i, 'pd'));
	return {
		id: 'pipedrive-create',
		title: `Pipedrive create ${records.toLocaleString('en')} persons`,
		vendor: 'pipedrive',
		records,
		people,
		existing: [],
		read: false,
		run(side, urls, runId) {
			if (side === 'ours') {
				const c = cred('crmPackPipedriveApi', `pd-${runId}`, { apiToken: urls.pipedriveToken, companyDomain: urls.pipedrive, plan: 'lite' });
				return {
					workflow: workflow(
						'n8n-nodes-crm-pack.crmPackPipedrive',
						1,
						{
							authentication: 'apiToken',
							resource: 'person',
							operation: 'create',
							additionalFields: { name: '={{ $json.firstName + " " + $json.lastName }}', email: '={{ $json.email }}' },
							options: {},
						},
						c.node,
					),
					credentials: c.store,
				};
			}
			// n8n's Pipedrive node 2 (its default version), API token: GET /api/v2/personFields once, then
			// POST /api/v2/persons per item (https://api.pipedrive.com, redirected to the sandbox).
			const c = cred('pipedriveApi', `pd-${runId}`, { apiToken: urls.pipedriveToken });
			return {
				workflow: workflow(
					'n8n-nodes-base.pipedrive',
					2,
					{
						authentication: 'apiToken',
						resource: 'person',
						operation: 'create',
						name: '={{ $json.firstName + " " + $json.lastName }}',
						additionalFields: { emails: { emailProperties: [{ value: '={{ $json.email }}', primary: true, label: 'work' }] } },
					},
					c.node,
				),
				credentials: c.store,
			};
		},
	};
}

/** One empty item for a read job, else one item per person. */
export const inputOf = (job: Job): INodeExecutionData[] => (job.read ? [{ json: {} }] : job.people.map((p) => ({ json: { ...p } })));

/** Zoho CRM upsert by email: `records` contacts of which `existingCount` exist (with other names). */
export function zohoUpsert(records = 500, existingCount = 150): Job {
	const people = Array.from({ length: records }, (_, i) => person(i, 'zoho'));
	const existing = people.slice(0, existingCount).map((p) => ({ ...p, firstName: 'Old', lastName: 'Name' }));
	return {
		id: 'zoho-upsert',
		title: `Zoho upsert ${records.toLocaleString('en')} contacts (${existingCount} exist)`,
		vendor: 'zoho',
		records,
		people,
		existing,
		read: false,
		run(side, urls, runId) {
			if (side === 'ours') {
				const c = cred('crmPackZohoOAuth2Api', `zo-${runId}`, {
					dataCenter: 'us',
					edition: 'enterprise',
					clientId: urls.zohoClientId,
					clientSecret: urls.zohoClientSecret,
					oauthTokenData: urls.zohoTokenData as ICredentialDataDecryptedObject,
				});
				return {
					workflow: workflow(
						'n8n-nodes-crm-pack.crmPackZoho',
						1,
						{
							resource: 'contact',
							operation: 'upsert',
							matchField: 'Email',
							matchValue: '={{ $json.email }}',
							fieldsUi: {
								field: [
									{ name: 'First_Name', value: '={{ $json.firstName }}' },
									{ name: 'Last_Name', value: '={{ $json.lastName }}' },
								],
							},
							additionalFields: {},
							options: {},
						},
						c.node,
					),
					credentials: c.store,
				};
			}
			// n8n's Zoho CRM node 1, OAuth2: POST {api_domain}/crm/v2/contacts/upsert with {data: [record]} per
			// item (Zoho/GenericFunctions.js zohoApiRequest; api_domain from the credential's token, so no redirect),
			// signed `Authorization: Bearer` by n8n's OAuth2 helper; no duplicate_check_fields (Zoho's system check: Email).
			const c = cred('zohoOAuth2Api', `zo-${runId}`, {
				clientId: urls.zohoClientId,
				clientSecret: urls.zohoClientSecret,
				oauthTokenData: urls.zohoTokenData as ICredentialDataDecryptedObject,
			});
			return {
				workflow: workflow(
					'n8n-nodes-base.zohoCrm',
					1,
					{
						resource: 'contact',
						operation: 'upsert',
						lastName: '={{ $json.lastName }}',
						additionalFields: { Email: '={{ $json.email }}', First_Name: '={{ $json.firstName }}' },
					},
					c.node,
				),
				credentials: c.store,
			};
		},
	};
}

/** The environment n8n's Dynamics credential names (`https://<subdomain>.<region>`), redirected to the sandbox. */
export const DYNAMICS_ORIGIN = 'https://bench.crm.dynamics.com';

/** Dynamics 365: create `records` accounts (n8n's Dynamics node has accounts only): name "<first> <last>", emailaddress1. */
export function dynamicsCreate(records = 500): Job {
	const people = Array.from({ length: records }, (_, i) => person(i, 'dyn'));
	return {
		id: 'dynamics-create',
		title: `Dynamics create ${records.toLocaleString('en')} accounts`,
		vendor: 'dynamics',
		records,
		people,
		existing: [],
		read: false,
		run(side, urls, runId) {
			const tokenData = { token_type: 'Bearer', access_token: urls.dynamicsToken };
			if (side === 'ours') {
				const c = cred('crmPackDynamicsOAuth2Api', `dy-${runId}`, {
					environmentUrl: urls.dynamics,
					tenantId: urls.dynamicsTenant,
					apiVersion: 'v9.2',
					authority: 'custom',
					customAuthorityUrl: `${urls.dynamics}/login`,
					clientId: urls.dynamicsClientId,
					clientSecret: urls.dynamicsClientSecret,
					oauthTokenData: tokenData,
				});
				return {
					workflow: workflow(
						'n8n-nodes-crm-pack.crmPackDynamics',
						1,
						{
							authentication: 'oAuth2',
							resource: 'account',
							operation: 'create',
							fieldsUi: {
								field: [
									{ name: 'name', value: '={{ $json.firstName + " " + $json.lastName }}' },
									{ name: 'emailaddress1', value: '={{ $json.email }}' },
								],
							},
							additionalFields: {},
							options: {},
						},
						c.node,
					),
					credentials: c.store,
				};
			}
			// n8n's Microsoft Dynamics CRM node 1, OAuth2: POST https://{subdomain}.{region}/api/data/v9.2/accounts?$select=accountid
			// per item, Prefer: return=representation (Microsoft/Dynamics/GenericFunctions.js; host redirected to the sandbox).
			const c = cred('microsoftDynamicsOAuth2Api', `dy-${runId}`, {
				subdomain: 'bench',
				region: 'crm.dynamics.com',
				clientId: urls.dynamicsClientId,
				clientSecret: urls.dynamicsClientSecret,
				oauthTokenData: tokenData,
			});
			return {
				workflow: workflow(
					'n8n-nodes-base.microsoftDynamicsCrm',
					1,
					{
						resource: 'account',
						operation: 'create',
						name: '={{ $json.firstName + " " + $json.lastName }}',
						additionalFields: { emailaddress1: '={{ $json.email }}' },
						options: {},
					},
					c.node,
				),
				credentials: c.store,
			};
		},
	};
}

/** The domain n8n's Freshworks CRM credential names (`https://<domain>.myfreshworks.com`), redirected to the sandbox. */
export const FRESHWORKS_ORIGIN = 'https://bench.myfreshworks.com';

/** Freshworks CRM (Freshsales): create `records` contacts. */
export function freshworksCreate(records = 300): Job {
	const people = Array.from({ length: records }, (_, i) => person(i, 'fw'));
	return {
		id: 'freshworks-create',
		title: `Freshworks create ${records.toLocaleString('en')} contacts`,
		vendor: 'freshsales',
		records,
		people,
		existing: [],
		read: false,
		run(side, urls, runId) {
			if (side === 'ours') {
				const c = cred('crmPackFreshsalesApi', `fw-${runId}`, { apiKey: urls.freshsalesKey, domain: urls.freshsales, host: 'bundle', plan: 'growth' });
				return {
					workflow: workflow(
						'n8n-nodes-crm-pack.crmPackFreshsales',
						1,
						{
							resource: 'contact',
							operation: 'create',
							additionalFields: { email: '={{ $json.email }}', firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}' },
							options: {},
						},
						c.node,
					),
					credentials: c.store,
				};
			}
			// n8n's Freshworks CRM node 1, API key: POST https://{domain}.myfreshworks.com/crm/sales/api/contacts per item
			// with {first_name, last_name, emails} unwrapped (FreshworksCrm.node.js); Freshworks documents
			// `{"contact": {...}}` (developers.freshworks.com/crm/api/#create_contact), and the sandbox holds to that.
			const c = cred('freshworksCrmApi', `fw-${runId}`, { apiKey: urls.freshsalesKey, domain: 'bench' });
			return {
				workflow: workflow(
					'n8n-nodes-base.freshworksCrm',
					1,
					{
						resource: 'contact',
						operation: 'create',
						firstName: '={{ $json.firstName }}',
						lastName: '={{ $json.lastName }}',
						emails: '={{ $json.email }}',
						additionalFields: {},
					},
					c.node,
				),
				credentials: c.store,
			};
		},
	};
}

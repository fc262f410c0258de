/**
 * Which store the CRM Sync runs of the e2e tests keep their state in. Every CRM
 * Sync test runs twice in `npm test`: once with the node's default (workflow
 * static data) and once with the Data Table store against the sandbox's n8n
 * public API (jest project "crm-sync over data table", which sets
 * CRM_SYNC_STATE_STORE=dataTable). The same assertions must hold for both.
 */
import type { INode } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox';
import type { CredentialStore } from '../lightRunner';

export const STATE_STORE: 'dataTable' | 'staticData' = process.env.CRM_SYNC_STATE_STORE === 'dataTable' ? 'dataTable' : 'staticData';

const CREDENTIAL_ID = 'crmPackSbxN8nApi';

/** The n8n API credential (Data Tables) pointed at the sandbox. */
export function dataTableCredentials(sb: Sandbox): CredentialStore {
	return { crmPackN8nApi: { [CREDENTIAL_ID]: { apiKey: sb.n8n.keys[0], baseUrl: sb.n8n.apiUrl } } };
}

/** Puts a CRM Sync node on the Data Table store, with the sandbox's n8n API credential. */
export function useDataTable(node: INode): void {
	node.parameters = { ...node.parameters, stateStore: 'dataTable' };
	node.credentials = { ...(node.credentials ?? {}), crmPackN8nApi: { id: CREDENTIAL_ID, name: 'n8n (sandbox)' } };
}

/** The credentials the state store in use needs (none for static data). */
export function stateStoreCredentials(sb: Sandbox): CredentialStore {
	return STATE_STORE === 'dataTable' ? dataTableCredentials(sb) : {};
}

/** Sets the store in use on a CRM Sync node that does not choose one itself (a test about a store keeps its own choice). */
export function useStateStore(node: INode): void {
	if (STATE_STORE === 'dataTable' && node.parameters.stateStore === undefined) useDataTable(node);
}

/** Where a run's static data names the Data Table snapshot taken after it (the harness restores it for a run `from` that static data). */
export const SNAPSHOT_KEY = 'sandbox:dataTables';

/** Requests the store makes to n8n are not the CRM calls a test counts. */
export const isStoreCall = (path: string): boolean => path.startsWith('/n8n/');

/**
 * A test starting a sync afresh (its static data dropped) forgets the Data Table
 * store's saved state too: the sandbox's n8n tables are emptied.
 */
export function forgetSavedState(sb: Sandbox): void {
	if (STATE_STORE === 'dataTable') sb.n8n.reset();
}

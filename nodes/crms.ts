import type { CrmDefinition } from '../shared/types';
import { brivity } from './Brivity';
import { dynamics } from './Dynamics';
import { freshsales } from './Freshsales';
import { graphqlCrm } from './GraphqlCrm';
import { hubspot } from './HubSpot';
import { pipedrive } from './Pipedrive';
import { restCrm } from './RestCrm';
import { salesforce } from './Salesforce';
import { zoho } from './Zoho';

/**
 * Every CRM of the pack. Cross-CRM code (the CRM Sync node's sides, the
 * contract suite) reads this list; adding a CRM is one line here. The first
 * is CRM Sync's default Side A, which workflows saved with the default rely
 * on: new CRMs go after it.
 */
export const CRMS: CrmDefinition[] = [
	hubspot,
	salesforce,
	pipedrive,
	freshsales,
	brivity,
	graphqlCrm,
	restCrm,
	dynamics,
	zoho,
];

/** The CRM with this value (`hubspot`), if the pack has it. */
export function crmOf(value: string): CrmDefinition | undefined {
	return CRMS.find((crm) => crm.value === value);
}

/*
 * Pipedrive's API v2 cannot write a person's job title or postal address (its v2
 * request schemas lack them): the definition says so, and CRM Sync's default
 * contact fields leave them out when a side is Pipedrive, so a sync with the
 * defaults does not fail every contact that has a job title.
 */
import { readSettings } from '../../../nodes/CrmSync/config';
import { pipedrive } from '../../../nodes/Pipedrive/index';
import { context } from '../crmSync/helpers';

test('the definition names the neutral fields v2 cannot write, per kind', () => {
	expect(pipedrive.unwritable!('contact')).toEqual(['jobTitle', 'address']);
	for (const kind of ['company', 'deal', 'lead', 'appointment', 'note'] as const) expect(pipedrive.unwritable!(kind)).toEqual([]);
});

test('CRM Sync defaults: without a job title when a side is Pipedrive, with it otherwise', () => {
	const withPipedrive = readSettings(context({ operation: 'sync', sideA: 'hubspot', sideB: 'pipedrive' }).ctx);
	expect(withPipedrive.config.fields).toEqual(['email', 'firstName', 'lastName', 'phone', 'company']);
	const withInput = readSettings(context({ operation: 'sync', sideA: 'hubspot', sideB: 'input' }).ctx);
	expect(withInput.config.fields).toEqual(['email', 'firstName', 'lastName', 'phone', 'company', 'jobTitle']);
	// Chosen explicitly, the field is kept: the write then fails naming it (nodes/Pipedrive/connector/failures.ts).
	const chosen = readSettings(context({ operation: 'sync', sideA: 'hubspot', sideB: 'pipedrive', fields: 'email, jobTitle' }).ctx);
	expect(chosen.config.fields).toEqual(['email', 'jobTitle']);
});

/**
 * Top Producer as a CRM Sync side, through the light runner: its contact
 * export (CSV) comes in through Import CSV as "Records from Input", and the
 * records it lacks go out as lead emails (Compose from CRM Sync's change items);
 * a change Top Producer's lead email cannot carry (an update) fails its item
 * with the reason. Top Producer is called by nothing: only HubSpot's sandbox is.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { parseLeadMeta } from '../../nodes/TopProducer/leadEmail';
import { hubspotCredentials, NODE, runCrmSync } from './helpers/crmSyncHarness';
import { Harness, loadWorkflow } from './helpers/harness';

jest.setTimeout(60_000);

const h = new Harness({ seed: 9, node: NODE, perTest: true, credentials: (s) => hubspotCredentials(s) });

const CSV = ['Contact ID,First Name,Last Name,Email,Home Phone', 'TP-1,Rosa,Diaz,rosa@example.com,206-555-0101', 'TP-2,Kai,Lee,kai@example.com,425-555-0123', ''].join('\r\n');

async function topProducer(parameters: IDataObject, input: INodeExecutionData[]) {
	const wf = loadWorkflow('top-producer-lead-email.json');
	wf.nodes[0].parameters = parameters as never;
	wf.nodes[0].continueOnFail = true;
	const r = await h.execute(wf, { startNode: 'Top Producer', input });
	return r.data['Top Producer'][0];
}

test('Top Producer export in, HubSpot contacts it lacks out as lead emails; an update cannot go out and says why', async () => {
	await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'rosa@example.com', firstname: 'Rosa', lastname: 'Diaz', phone: '206-555-0199' } });
	await h.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email: 'omar@example.com', firstname: 'Omar', lastname: 'Reid', phone: '206-555-0177' } });

	const imported = await topProducer({ resource: 'contact', operation: 'importCsv', binaryPropertyName: 'data', csvOptions: {} }, [
		{ json: {}, binary: { data: { data: Buffer.from(CSV).toString('base64'), mimeType: 'text/csv', fileName: 'tp.csv' } } },
	]);
	expect(imported.map((i) => i.json.id)).toEqual(['TP-1', 'TP-2']);

	const run = await runCrmSync(loadWorkflow('top-producer-crm-sync-hubspot.json'), { credentials: h.store, input: imported.map((i) => ({ json: i.json })) });
	expect(run.errors).toEqual([]);
	// Omar is new to Top Producer; Rosa's phone changed in HubSpot (an update names the record and the changed fields only).
	expect(run.changesB.map((i) => [i.json.operation, i.json.id, i.json.fields])).toEqual([
		['create', null, { email: 'omar@example.com', firstName: 'Omar', lastName: 'Reid', phone: '206-555-0177' }],
		['update', 'TP-1', { phone: '206-555-0199' }],
	]);

	const emails = await topProducer({ resource: 'leadEmail', operation: 'compose', fieldsFrom: 'item', to: 'agent@leads.example.com' }, run.changesB.map((i) => ({ json: i.json })));
	expect(parseLeadMeta(String(emails[0].json.html))).toMatchObject({ lead_information_version: '1.0', lead_name: 'Omar Reid', lead_email: 'omar@example.com', lead_phone: '206-555-0177' });
	expect(emails[0].json.to).toBe('agent@leads.example.com');
	expect(emails[1].json.error).toMatch(/^Item 1: a "update" change: Top Producer's lead email can only create a lead/);
});

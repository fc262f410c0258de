import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { CrmPackFreshsales } from '../../../nodes/Freshsales/CrmPackFreshsales.node';
import { CrmPackHubSpot } from '../../../nodes/HubSpot/CrmPackHubSpot.node';
import { CrmPackPipedrive } from '../../../nodes/Pipedrive/CrmPackPipedrive.node';
import { CrmPackSalesforce } from '../../../nodes/Salesforce/CrmPackSalesforce.node';

/**
 * n8n's node panel lists a node's actions under each resource by their `action`
 * text; n8n's own nodes name them for the resource ("Create a contact"). Ours said
 * "Create a record" under every heading (56 times in HubSpot's panel, issue 20).
 */
const NODES: Array<[string, INodeType]> = [
	['HubSpot', new CrmPackHubSpot()],
	['Salesforce', new CrmPackSalesforce()],
	['Pipedrive', new CrmPackPipedrive()],
	['Freshsales', new CrmPackFreshsales()],
];

describe.each(NODES)('%s (CRM Pack) actions', (_name, node) => {
	const props = node.description.properties;
	const resources = (props.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).map((o) => ({
		value: String(o.value),
		noun: o.name.replace(/\s*\(.*\)\s*$/, '').toLowerCase(),
	}));
	const operations = props.filter((p) => p.name === 'operation');

	test('each resource has its own Operation list, and every action names that resource', () => {
		for (const r of resources) {
			const shown = operations.filter((o) => (o.displayOptions?.show?.resource as string[]).includes(r.value));
			expect({ resource: r.value, lists: shown.length }).toEqual({ resource: r.value, lists: 1 });
			const op = shown[0] as INodeProperties;
			const actions = (op.options as INodePropertyOptions[]).map((o) => o.action ?? '');
			// a SOQL query is not about one resource's records
			const unnamed = actions.filter((a) => a !== 'Run a SOQL query' && !a.toLowerCase().includes(r.noun.replace(/y$/, '')));
			expect({ resource: r.value, unnamed }).toEqual({ resource: r.value, unnamed: [] });
			// A custom object's (HubSpot) or custom module's (Freshsales) records are records.
			expect(actions.filter((a) => /\brecords?\b/.test(a) && r.value !== 'customObject' && r.value !== 'customModule')).toEqual([]);
		}
	});

	test('the action texts are unique across the node (the panel shows them side by side)', () => {
		const all = operations.flatMap((o) => (o.options as INodePropertyOptions[]).map((x) => x.action)).filter((a) => a !== 'Run a SOQL query');
		expect(new Set(all).size).toBe(all.length);
	});
});

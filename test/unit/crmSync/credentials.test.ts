import { NodeHelpers, type INodeCredentialDescription, type INodeParameters } from 'n8n-workflow';
import { CrmPackCrmSync } from '../../../nodes/CrmSync/CrmPackCrmSync.node';
import { CRMS } from '../../../nodes/crms';
import { readSettings } from '../../../nodes/CrmSync/config';
import { sidePairs } from '../../../nodes/CrmSync/sidePairs';
import { context } from './helpers';

/**
 * Which credentials CRM Sync shows (issue 20), judged by n8n-workflow's own
 * display rules, which both the editor and n8n's run-time credential check use.
 * The editor shows every credential declaration whose rules hold; at run time
 * n8n checks only the first declaration of the type a node asks for.
 */
const description = new CrmPackCrmSync().description;
const credentials = description.credentials as INodeCredentialDescription[];
const crmTypes = (value: string) => CRMS.find((c) => c.value === value)?.credentials.map((c) => c.name) ?? [];

/** The node's parameters as n8n resolves them (defaults added, hidden ones dropped). */
function resolved(typeVersion: number, parameters: INodeParameters): INodeParameters {
	const node = { typeVersion };
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description)!;
}

const shown = (typeVersion: number, parameters: INodeParameters) => {
	const params = resolved(typeVersion, parameters);
	return credentials.filter((c) => NodeHelpers.displayParameter(params, c, { typeVersion }, description));
};

describe('CRM Sync credentials, version 2 (Sides)', () => {
	test('new nodes get version 3 (Sides, State Store: Automatic)', () => {
		expect(description.defaultVersion).toBe(3);
	});

	test.each(sidePairs().map((p) => [p.value]))('%s: the editor shows exactly the chosen CRMs\' credentials, each named for its CRM', (pair) => {
		const [a, b] = pair.split(':');
		const expected = [...crmTypes(a), ...crmTypes(b)].sort();
		const list = shown(2, { operation: 'sync', sides: pair }).filter((c) => c.name !== 'crmPackN8nApi');
		expect(list.map((c) => c.name).sort()).toEqual(expected);
		for (const c of list) {
			const crm = CRMS.find((k) => k.credentials.some((x) => x.name === c.name))!;
			expect(c.displayName).toMatch(new RegExp(`^${crm.displayName} Credential`));
		}
	});

	test.each(sidePairs().map((p) => [p.value]))('%s: n8n\'s run-time check (first declaration of the type) lets each chosen credential be read', (pair) => {
		const params = resolved(2, { operation: 'sync', sides: pair });
		for (const type of pair.split(':').flatMap(crmTypes)) {
			const first = credentials.find((c) => c.name === type)!;
			expect({ type, usable: NodeHelpers.displayParameter(params, first, { typeVersion: 2 }, description) }).toEqual({ type, usable: true });
		}
	});

	test('each credential type is declared once, with a label of its own', () => {
		const names = credentials.map((c) => c.name);
		expect(new Set(names).size).toBe(names.length);
		const labels = credentials.filter((c) => c.displayName).map((c) => c.displayName);
		expect(new Set(labels).size).toBe(labels.length);
	});

	test('the sync reads its sides from Sides', () => {
		const { ctx } = context({ operation: 'sync', sides: 'hubspot:input', recordKind: 'contact' });
		(ctx.getNode() as { typeVersion: number }).typeVersion = 2;
		const s = readSettings(ctx);
		expect([s.sides.a.type, s.sides.b.type]).toEqual(['hubspot', 'input']);
		expect(s.sides.b.idField).toBe('id');
	});

	test('a Records From Input side shows its ID Field and Input Has All Records, on the side it is', () => {
		const params = resolved(2, { operation: 'sync', sides: 'pipedrive:input', bIdField: 'pk' });
		expect(params.bIdField).toBe('pk');
		expect(params.bInputComplete).toBe(true);
		expect(params.aIdField).toBeUndefined();
		expect(params.sideA).toBeUndefined();
	});
});

describe('CRM Sync credentials, version 1 (Side A, Side B) keep working', () => {
	test('every CRM credential stays available, as before, and Side A / Side B are read', () => {
		const params = resolved(1, { operation: 'sync', sideA: 'hubspot', sideB: 'salesforce' });
		expect(params.sides).toBeUndefined();
		expect([params.sideA, params.sideB]).toEqual(['hubspot', 'salesforce']);
		const list = shown(1, { operation: 'sync', sideA: 'hubspot', sideB: 'salesforce' }).map((c) => c.name);
		expect(list.filter((n) => n !== 'crmPackN8nApi').sort()).toEqual(CRMS.flatMap((c) => c.credentials.map((x) => x.name)).sort());
	});
});

describe('CRM Sync State Store by version (issue 18)', () => {
	const n8nApiShown = (typeVersion: number, parameters: INodeParameters) => shown(typeVersion, parameters).some((c) => c.name === 'crmPackN8nApi');

	test('version 3 defaults to Automatic and shows the n8n API credential for it; versions 1 and 2 keep static data', () => {
		expect(resolved(3, { operation: 'sync', sides: 'hubspot:input' }).stateStore).toBe('auto');
		expect(resolved(2, { operation: 'sync', sides: 'hubspot:input' }).stateStore).toBe('staticData');
		expect(resolved(1, { operation: 'sync', sideA: 'hubspot', sideB: 'input' }).stateStore).toBe('staticData');
		expect(n8nApiShown(3, { operation: 'sync', sides: 'hubspot:input' })).toBe(true);
		expect(n8nApiShown(3, { operation: 'sync', sides: 'hubspot:input', stateStore: 'dataTable' })).toBe(true);
		expect(n8nApiShown(3, { operation: 'sync', sides: 'hubspot:input', stateStore: 'staticData' })).toBe(false);
		expect(n8nApiShown(2, { operation: 'sync', sides: 'hubspot:input' })).toBe(false);
		expect(n8nApiShown(2, { operation: 'sync', sides: 'hubspot:input', stateStore: 'dataTable' })).toBe(true);
	});

	test('the store parameters show under Automatic too (State Key, Slices), as the Data Table store may be in use', () => {
		const params = resolved(3, { operation: 'sync', sides: 'hubspot:pipedrive' });
		expect(params).toMatchObject({ stateKey: '', slices: 1, slice: 1, leaseWaitSeconds: 0 });
		expect(resolved(3, { operation: 'sync', sides: 'hubspot:pipedrive', stateStore: 'staticData' }).stateKey).toBeUndefined();
	});
});

import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { importCsvItems } from '../../../shared/csv';
import { perItem, writeItems } from '../../../shared/n8n/items';
import { brivity } from '../index';
import { BrivityConnector, PEOPLE } from '../connector/BrivityConnector';
import type { CrmRecord } from '../../../shared/types';
import { BRIVITY_TRANSACTIONS } from '../csv/transactions';

type Options = { output?: 'simplified' | 'raw'; peopleLimit?: number };

async function open(ctx: IExecuteFunctions): Promise<{ connector: BrivityConnector; options: Options }> {
	const options = ctx.getNodeParameter('options', 0, {}) as Options;
	const connector = (await brivity.credentials[0].connect(ctx, { vendor: { peopleLimit: options.peopleLimit } })) as BrivityConnector;
	return { connector, options };
}

function shape(connector: BrivityConnector, options: Options, r: CrmRecord): IDataObject {
	return options.output === 'raw' ? r.raw : connector.toNeutral('contact', r);
}

const lower = (v: unknown) => String(v ?? '').trim().toLowerCase();
const digits = (v: unknown) => String(v ?? '').replace(/\D/g, '');

/** Get Many's filters, applied to the list in the node (Brivity's list takes none). */
function matchesFilters(p: IDataObject, f: IDataObject): boolean {
	if (f.email && lower(p.email_address) !== lower(f.email)) return false;
	if (f.name && !`${p.first_name ?? ''} ${p.last_name ?? ''}`.toLowerCase().includes(lower(f.name))) return false;
	if (f.source && lower(p.source) !== lower(f.source)) return false;
	if (f.status && lower(p.status) !== lower(f.status)) return false;
	if (f.tag && !(Array.isArray(p.tags) && p.tags.some((t) => lower(t) === lower(f.tag)))) return false;
	return true;
}

/** Search: the text in the name, email or (as digits) phone. */
function matchesText(p: IDataObject, query: string): boolean {
	const q = query.trim().toLowerCase();
	if (!q) return false;
	if (`${p.first_name ?? ''} ${p.last_name ?? ''}`.toLowerCase().includes(q)) return true;
	if (lower(p.email_address).includes(q)) return true;
	const d = digits(q);
	return d.length >= 3 && digits(p.phone_number).includes(d);
}

/** One list read per run, shared by every item: Brivity's list is the same for all of them. */
function cachedPeople(connector: BrivityConnector): () => Promise<CrmRecord[]> {
	let people: Promise<CrmRecord[]> | undefined;
	return () => (people ??= connector.people());
}

export async function personOperation(ctx: IExecuteFunctions, operation: string): Promise<INodeExecutionData[]> {
	const { connector, options } = await open(ctx);
	const people = cachedPeople(connector);
	const items = ctx.getInputData();
	const limitOf = (i: number) => (ctx.getNodeParameter('returnAll', i, false) ? Infinity : (ctx.getNodeParameter('limit', i, 50) as number));
	return await perItem(ctx, { items }, async (i) => {
		if (operation === 'get') {
			const id = String(ctx.getNodeParameter('personId', i, '')).trim();
			if (!id) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Person ID" is empty`, { itemIndex: i });
			const found = (await people()).find((r) => r.id === id);
			if (!found) throw new NodeOperationError(ctx.getNode(), `Item ${i}: Brivity has no person with ID ${id} (read from the people list)`, { itemIndex: i });
			return [shape(connector, options, found)];
		}
		if (operation === 'getAll') {
			const filters = ctx.getNodeParameter('filters', i, {}) as IDataObject;
			return (await people())
				.filter((r) => matchesFilters(r.properties, filters))
				.slice(0, limitOf(i))
				.map((r) => shape(connector, options, r));
		}
		if (operation === 'search') {
			const query = String(ctx.getNodeParameter('query', i, ''));
			if (!query.trim()) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Search Text" is empty`, { itemIndex: i });
			return (await people())
				.filter((r) => matchesText(r.properties, query))
				.slice(0, limitOf(i))
				.map((r) => shape(connector, options, r));
		}
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not known for people`);
	});
}

/** The v2 lead body of one item; a lead needs a name (first and last), an email or a phone. */
function leadBody(ctx: IExecuteFunctions, i: number): IDataObject {
	const text = (name: string) => String(ctx.getNodeParameter(name, i, '') ?? '').trim();
	const extra = { ...(ctx.getNodeParameter('leadFields', i, {}) as IDataObject) };
	const body: IDataObject = {};
	const set = (key: string, value: unknown) => {
		if (value !== undefined && value !== null && value !== '') body[key] = value as IDataObject[string];
	};
	set('first_name', text('firstName'));
	set('last_name', text('lastName'));
	const email = text('email');
	if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new NodeOperationError(ctx.getNode(), `Item ${i}: field "Email": "${email}" is not an email address`, { itemIndex: i });
	set('email', email);
	set('phone', text('phone'));
	const property = String(extra.propertyOfInterest ?? '').trim();
	delete extra.propertyOfInterest;
	for (const [key, value] of Object.entries(extra)) {
		if (key === 'tags') set('tags', String(value ?? '').split(',').map((t) => t.trim()).filter(Boolean));
		else if (key === 'primary_agent_id') set(key, Number(value) > 0 ? Math.floor(Number(value)) : undefined);
		else set(key, typeof value === 'string' ? value.trim() : value);
	}
	if (Array.isArray(body.tags) && body.tags.length === 0) delete body.tags;
	if (property) body.description = [body.description, `Property of interest: ${property}`].filter(Boolean).join('\n');
	if (!((body.first_name && body.last_name) || body.email || body.phone)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${i}: a lead needs a first and last name, an email or a phone (fields "First Name", "Last Name", "Email", "Phone")`, { itemIndex: i });
	}
	return body;
}

export async function createLeads(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const { connector } = await open(ctx);
	return await writeItems<IDataObject>(
		ctx,
		{
			items: ctx.getInputData(),
			vendorName: 'Brivity',
			batchSize: connector.maxBatchSize,
			send: (bodies) => connector.createMany(PEOPLE, bodies),
			json: (o) => ({ ...connector.toNeutral('contact', o.record), raw: o.record.raw }),
		},
		(i) => leadBody(ctx, i),
	);
}

export async function importTransactions(ctx: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await importCsvItems(ctx, BRIVITY_TRANSACTIONS);
}

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { SYNC_CONNECTORS } from '../../../nodes/CrmSync/connectors';
import type { CrmConnector, CrmRecord, RecordOutcome } from '../../../shared/types';

/** An in-memory CRM registered as the connector "memory" (contacts only), counting its calls. */
export class MemoryCrm {
	records = new Map<string, CrmRecord>();

	calls: string[] = [];

	private next = 1;

	add(properties: IDataObject, updatedAt = '2026-01-01T00:00:00.000Z'): string {
		const id = `m${this.next++}`;
		this.records.set(id, { id, objectType: 'contacts', properties, updatedAt, raw: {} });
		return id;
	}

	connector(): CrmConnector {
		const self = this;
		const all = async function* () {
			for (const r of self.records.values()) yield r;
		};
		const ok = (index: number, record: CrmRecord): RecordOutcome => ({ index, ok: true, record });
		return {
			vendor: 'memory',
			maxBatchSize: 2,
			listChanged: () => {
				self.calls.push('listChanged');
				return all();
			},
			list: () => {
				self.calls.push('list');
				return all();
			},
			get: async (_t, id) => self.records.get(id)!,
			createMany: async (_t, inputs) => {
				self.calls.push(`create:${inputs.length}`);
				return inputs.map((p, i) => ok(i, self.records.get(self.add(p))!));
			},
			updateMany: async (_t, inputs) => {
				self.calls.push(`update:${inputs.length}`);
				return inputs.map((u, i) => {
					const r = self.records.get(u.id)!;
					r.properties = { ...r.properties, ...u.properties };
					return ok(i, r);
				});
			},
			upsertMany: async () => {
				throw new Error('not used');
			},
			deleteMany: async (_t, ids) => {
				self.calls.push(`delete:${ids.length}`);
				return ids.map((id, i) => {
					const r = self.records.get(id)!;
					self.records.delete(id);
					return ok(i, r);
				});
			},
			describeFields: async () => [],
			toNeutral: (_k, r) => ({ ...r.properties }),
			fromNeutral: (_k, n) => ({ ...n }),
		};
	}

	register(): void {
		SYNC_CONNECTORS.memory = {
			value: 'memory',
			displayName: 'Memory CRM',
			credential: 'memoryApi',
			kinds: ['contact'],
			objectType: () => 'contacts',
			properties: () => [],
			upsertProperty: () => undefined,
			open: async () => ({
				connector: this.connector(),
				fetchByIds: async function* (this: void) {},
			}),
		};
	}
}

export interface FakeContext {
	ctx: IExecuteFunctions;
	staticData: IDataObject;
}

/** Just enough of IExecuteFunctions for the node: parameters (dotted paths), input, static data, mode. */
export function context(parameters: IDataObject, input: IDataObject[] = [{}], staticData: IDataObject = {}, mode = 'trigger'): FakeContext {
	const node = { id: 'n1', name: 'CRM Sync', type: 'n8n-nodes-crm-pack.crmPackCrmSync', typeVersion: 1, position: [0, 0], parameters, credentials: { memoryApi: { id: '1', name: 'm' } } };
	const get = (name: string): unknown => name.split('.').reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as IDataObject)[k] : undefined), parameters);
	const ctx = {
		getNode: () => node,
		getMode: () => mode,
		getInputData: (): INodeExecutionData[] => input.map((json) => ({ json })),
		getWorkflowStaticData: () => staticData,
		continueOnFail: () => false,
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => {
			const v = get(name);
			return v === undefined ? fallback : v;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, staticData };
}

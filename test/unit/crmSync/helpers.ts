import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { CRMS } from '../../../nodes/crms';
import type { CrmConnector, CrmRecord, RecordOutcome, WriteOptions } from '../../../shared/types';

/** An in-memory CRM registered as the connector "memory" (contacts only), counting its calls. */
export class MemoryCrm {
	records = new Map<string, CrmRecord>();

	calls: string[] = [];

	/** Whether the connector declares transactional batches (honours `allOrNone` like Salesforce). */
	transactional = false;

	/** A write's properties -> the vendor's reason for rejecting it, optionally naming its fields (undefined: accepted). */
	reject: (properties: IDataObject) => string | { message: string; fields: string[] } | undefined = () => undefined;

	/** The options of every write call, in order. */
	writeOptions: Array<WriteOptions | undefined> = [];

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
			transactionalBatches: self.transactional,
			listChanged: () => {
				self.calls.push('listChanged');
				return all();
			},
			list: () => {
				self.calls.push('list');
				return all();
			},
			get: async (_t, id) => self.records.get(id)!,
			getMany: async function* (_t, ids) {
				self.calls.push(`getMany:${ids.length}`);
				for (const id of ids) {
					const r = self.records.get(id);
					if (r) yield r;
				}
			},
			upsertKey: () => undefined,
			createMany: async (_t, inputs, options) => {
				self.calls.push(`create:${inputs.length}`);
				return self.apply(inputs, options, (p) => self.records.get(self.add(p))!);
			},
			updateMany: async (_t, inputs, options) => {
				self.calls.push(`update:${inputs.length}`);
				return self.apply(
					inputs.map((u) => u.properties),
					options,
					(properties, i) => {
						const r = self.records.get(inputs[i].id)!;
						r.properties = { ...r.properties, ...properties };
						return r;
					},
				);
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

	/**
	 * Validates each input with `reject`, then applies the accepted ones. With
	 * allOrNone on a transactional connector nothing is applied when one input
	 * fails, and the valid ones come back flagged rolled back (with a code of this fake vendor's own).
	 */
	private apply(inputs: IDataObject[], options: WriteOptions | undefined, write: (properties: IDataObject, index: number) => CrmRecord): RecordOutcome[] {
		this.writeOptions.push(options);
		const reasons = inputs.map((p) => this.reject(p));
		const rollBack = this.transactional && options?.allOrNone === true && reasons.some((r) => r !== undefined);
		return inputs.map((p, index): RecordOutcome => {
			const reason = reasons[index];
			if (typeof reason === 'string') return { index, ok: false, message: reason, code: 'INVALID' };
			if (reason !== undefined) return { index, ok: false, message: reason.message, code: 'INVALID', fields: reason.fields };
			if (rollBack) return { index, ok: false, message: 'Record rolled back', code: 'ROLLED_BACK', rolledBack: true };
			return { index, ok: true, record: write(p, index) };
		});
	}

	/** Adds this CRM to the pack's list as "memory" (in place of an earlier test's). */
	register(): void {
		const at = CRMS.findIndex((c) => c.value === 'memory');
		if (at >= 0) CRMS.splice(at, 1);
		CRMS.push({
			value: 'memory',
			displayName: 'Memory CRM',
			credentials: [{ name: 'memoryApi', auth: 'apiKey', connect: async () => this.connector() }],
			objects: [
				{ objectType: 'contacts', kind: 'contact', createdField: 'createdAt', modifiedField: 'updatedAt', titleFields: ['email'], searchable: false },
			],
			mappedFields: () => [],
		});
	}
}

export interface FakeContext {
	ctx: IExecuteFunctions;
	staticData: IDataObject;
}

/**
 * Just enough of IExecuteFunctions for the node: parameters (dotted paths), input, static data, mode,
 * and On Error (default "Continue": failed records go to the Errors output instead of failing the run).
 */
export function context(
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	staticData: IDataObject = {},
	mode = 'trigger',
	continueOnFail = true,
): FakeContext {
	const node = { id: 'n1', name: 'CRM Sync', type: 'n8n-nodes-crm-pack.crmPackCrmSync', typeVersion: 1, position: [0, 0], parameters, credentials: { memoryApi: { id: '1', name: 'm' } } };
	const get = (name: string): unknown => name.split('.').reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as IDataObject)[k] : undefined), parameters);
	const ctx = {
		getNode: () => node,
		getMode: () => mode,
		// an active workflow, as n8n reports it in a production run outside a queue-mode worker (nodes/CrmSync/state.ts)
		getWorkflow: () => ({ id: 'w1', name: 'CRM Sync test', active: true }),
		getInputData: (): INodeExecutionData[] => input.map((json) => ({ json })),
		getWorkflowStaticData: () => staticData,
		continueOnFail: () => continueOnFail,
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => {
			const v = get(name);
			return v === undefined ? fallback : v;
		},
	} as unknown as IExecuteFunctions;
	return { ctx, staticData };
}

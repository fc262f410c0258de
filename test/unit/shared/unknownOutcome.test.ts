import type { IDataObject } from 'n8n-workflow';
import { createResolvingUnknown, isUnknownOutcome } from '../../../shared/batching/unknownOutcome';
import type { CrmConnector, CrmRecord, RecordOutcome } from '../../../shared/types';

const NOW = Date.parse('2030-01-01T10:00:00.000Z');
const DROPPED = Object.assign(new Error('ECONNRESET: socket hang up. The request was not repeated automatically because it may already have been processed; check the record before running again.'), {});

/** A connector whose createMany and listChanged are scripted; records list what `listChanged` yields. */
function fake(create: () => Promise<RecordOutcome[]>, records: CrmRecord[] | Error) {
	const calls: Array<{ since?: string; properties?: string[] }> = [];
	const connector = {
		createMany: create,
		listChanged: (_t: string, o: { since?: string; properties?: string[] }) => {
			calls.push({ since: o.since, properties: o.properties });
			return (async function* () {
				if (records instanceof Error) throw records;
				yield* records;
			})();
		},
	} as unknown as CrmConnector;
	return { connector, calls };
}

const rec = (id: string, properties: IDataObject, createdAt = '2030-01-01T10:00:01.000Z'): CrmRecord => ({ id, objectType: 'companies', properties, createdAt, raw: {} });
const inputs = [{ name: 'Acme', domain: 'acme.io' }, { name: 'Beta', domain: 'beta.io' }, { name: 'Acme', domain: 'acme.io' }];

describe('createResolvingUnknown', () => {
	it('after a dropped batch create, reads back since just before the call: found inputs are created (with id), the others not created', async () => {
		const older = rec('c0', { name: 'Acme', domain: 'acme.io' }, '2029-12-31T00:00:00.000Z');
		const { connector, calls } = fake(() => Promise.reject(DROPPED), [older, rec('c7', { name: 'ACME ', domain: 'acme.io' }), rec('c9', { name: 'Acme', domain: 'acme.io' })]);
		const out = await createResolvingUnknown(connector, 'companies', inputs, undefined, { now: () => NOW });
		expect(calls).toEqual([{ since: '2030-01-01T09:55:00.000Z', properties: ['name', 'domain'] }]);
		expect(out).toEqual([
			// An older record with the same values was edited, not created by this call: never claimed.
			{ index: 0, ok: true, created: true, record: rec('c7', { name: 'ACME ', domain: 'acme.io' }) },
			{
				index: 1,
				ok: false,
				code: 'NOT_CREATED',
				message: 'Not created: the connection dropped after the create was sent, and reading back found no record with these values created since 2030-01-01T09:55:00.000Z; running it again is safe',
			},
			// Two inputs with the same values claim two different records.
			{ index: 2, ok: true, created: true, record: rec('c9', { name: 'Acme', domain: 'acme.io' }) },
		]);
	});

	it('a failure with a status, or without the transport\'s "may already have been processed", is thrown as before, with no read-back', async () => {
		const refused = Object.assign(new Error('400: Property values were not valid'), { httpCode: '400' });
		const a = fake(() => Promise.reject(refused), []);
		await expect(createResolvingUnknown(a.connector, 'companies', inputs)).rejects.toBe(refused);
		const b = fake(() => Promise.reject(new Error('Bad credentials')), []);
		await expect(createResolvingUnknown(b.connector, 'companies', inputs)).rejects.toThrow('Bad credentials');
		expect([...a.calls, ...b.calls]).toEqual([]);
		expect(isUnknownOutcome(Object.assign(new Error('x'), { description: 'it may already have been processed' }))).toBe(true);
	});

	it('per-record outcomes (one call per record) are resolved one by one; successes are kept and not claimed twice', async () => {
		const made = rec('c1', { name: 'Acme', domain: 'acme.io' });
		const { connector } = fake(
			async () => [
				{ index: 0, ok: true, record: made },
				{ index: 1, ok: false, message: DROPPED.message },
				{ index: 2, ok: false, message: 'name is required', status: 400 },
			],
			[made, rec('c2', { name: 'Beta', domain: 'beta.io' })],
		);
		const out = await createResolvingUnknown(connector, 'companies', inputs, undefined, { now: () => NOW });
		expect(out.map((o) => [o.index, o.ok, o.ok ? o.record.id : o.message])).toEqual([
			[0, true, 'c1'],
			[1, true, 'c2'],
			[2, false, 'name is required'],
		]);
	});

	it('when reading back fails too, the inputs stay failed and say their outcome is unknown', async () => {
		const { connector } = fake(() => Promise.reject(DROPPED), new Error('ECONNREFUSED: connection refused'));
		const out = await createResolvingUnknown(connector, 'companies', inputs.slice(0, 1), undefined, { now: () => NOW });
		expect(out).toEqual([
			{
				index: 0,
				ok: false,
				code: 'OUTCOME_UNKNOWN',
				message: `Outcome unknown: the connection dropped after the create was sent, and reading back failed too (ECONNREFUSED: connection refused); check for the record before running again`,
			},
		]);
	});
});

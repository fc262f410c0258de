import type { IDataObject } from 'n8n-workflow';
import type { NeutralType } from '../../shared/types';

/**
 * One neutral record per kind with every field of the neutral model set
 * (shared/model/schemas.ts), in its normalised form (E.164 phones, lower-case
 * e-mails, ISO 8601 UTC times, enum values of the model). CRM-neutral: the
 * round-trip check writes it with a connector's `fromNeutral` and reads it back
 * with `toNeutral`; whatever the CRM maps must come back unchanged.
 * Task due dates are at midnight UTC (a vendor may keep only the day).
 */
const address = { street: '12 Analytical Row', city: 'London', state: 'Greater London', postalCode: 'EC1A 1BB', country: 'United Kingdom' };

const personSample = {
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada.lovelace@example.com',
	phone: '+442071234567',
	mobilePhone: '+447700900123',
	company: 'Analytical Engines Ltd',
	jobTitle: 'Mathematician',
	ownerId: '1001',
	lifecycleStage: 'lead',
	address,
};

export const NEUTRAL_SAMPLES: Record<NeutralType, IDataObject> = {
	contact: personSample,
	lead: { ...personSample, status: 'open', source: 'Web' },
	company: {
		name: 'Analytical Engines Ltd',
		domain: 'analytical.example.com',
		website: 'https://analytical.example.com',
		phone: '+442071234568',
		industry: 'Technology',
		description: 'Engines that weave algebraic patterns',
		numberOfEmployees: 42,
		annualRevenue: 1250000,
		ownerId: '1001',
		lifecycleStage: 'customer',
		address,
	},
	deal: {
		name: 'Difference Engine No. 2',
		amount: 17000,
		currency: 'GBP',
		stage: 'qualified',
		pipeline: 'default',
		closeDate: '2026-06-30',
		ownerId: '1001',
		description: 'Build the second engine',
	},
	appointment: {
		title: 'Engine demo',
		startTime: '2026-03-01T10:00:00.000Z',
		endTime: '2026-03-01T11:30:00.000Z',
		location: 'Royal Society',
		description: 'Show the mill and the store',
		ownerId: '1001',
	},
	task: {
		subject: 'Send the notes',
		body: 'Notes on the Analytical Engine, with note G',
		status: 'completed',
		priority: 'high',
		dueDate: '2026-03-05T00:00:00.000Z',
		ownerId: '1001',
	},
	note: {
		body: 'The engine might compose elaborate pieces of music',
		timestamp: '2026-03-02T09:15:00.000Z',
		ownerId: '1001',
	},
};

/** A new contact-like record, unique by `n` and `tag`, for the write checks. */
export function person(n: number, tag: string, extra: IDataObject = {}): IDataObject {
	return { firstName: `Contract${n}`, lastName: `${tag}${n}`, email: `contract-${tag}-${n}@example.com`.toLowerCase(), ...extra };
}

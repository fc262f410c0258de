import type { Fields } from '../../shared/sync';

/** The records of the sync benches (syncPlan, syncMillion): 8 contact fields, as a HubSpot <-> Salesforce sync maps them. */
export const FIELDS = ['email', 'firstname', 'lastname', 'phone', 'company', 'city', 'lifecyclestage', 'owner'];

// Vendor-like ids: HubSpot numeric (11 digits) on A, Salesforce 18-character on B.
export const aId = (i: number): string => String(10_000_000_000 + i * 7);
export const bId = (i: number): string => '0035g' + i.toString(36).toUpperCase().padStart(13, '0');

export function person(i: number): Fields {
	return {
		email: `user${i}@example${i % 97}.com`,
		firstname: `First${i % 1000}`,
		lastname: `Last${i}`,
		phone: `+1555${String(i).padStart(7, '0')}`,
		company: `Company ${i % 5000}`,
		city: ['Oslo', 'Lyon', 'Austin', 'Pune'][i % 4],
		lifecyclestage: i % 3 === 0 ? 'customer' : 'lead',
		owner: String(1000 + (i % 50)),
	};
}

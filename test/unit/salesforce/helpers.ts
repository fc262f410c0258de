import type { IDataObject } from 'n8n-workflow';
import { SalesforceConnector, type SalesforceWriteOptions } from '../../../nodes/Salesforce/connector/SalesforceConnector';
import { salesforceSettings, type SettingsExtra } from '../../../nodes/Salesforce/transport/salesforceApi';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext, type FakeContextOptions } from '../../helpers/fakeContext';

export const INSTANCE = 'https://acme.my.salesforce.com';
export const DATA = '/services/data/v62.0';
export const TOKEN = '00D000000000001!AQ4AQFakeSessionTokenForUnitTests';

/** A JWT credential that has already logged in: access token and instance URL saved by preAuthentication. */
export function jwtCredentials(extra: IDataObject = {}): Record<string, IDataObject> {
	return {
		crmPackSalesforceJwtApi: {
			environment: 'production',
			consumerKey: 'consumer-key',
			username: 'integration@example.com',
			privateKey: '-----BEGIN PRIVATE KEY-----\nnot-used-here\n-----END PRIVATE KEY-----',
			apiVersion: 'v62.0',
			accessToken: TOKEN,
			instanceUrl: INSTANCE,
			...extra,
		},
	};
}

export function sfContext(options: FakeContextOptions = {}) {
	return fakeContext({
		credentials: jwtCredentials(),
		node: {
			name: 'Salesforce (CRM Pack)',
			type: 'n8n-nodes-crm-pack.crmPackSalesforce',
			credentials: { crmPackSalesforceJwtApi: { id: 'sf-cred', name: 'Salesforce test' } },
		},
		...options,
	});
}

export async function setup(extra: SettingsExtra = {}, write: SalesforceWriteOptions = {}, options: FakeContextOptions = {}) {
	const fake = sfContext(options);
	const clock = fakeClock();
	const stats = newStats();
	const settings = await salesforceSettings(fake.ctx, 'jwt', { clock, stats, ...extra });
	return { connector: new SalesforceConnector(fake.ctx, settings, write), settings, stats, clock, ...fake };
}

/** Records each matched JSON body, so tests compare bodies exactly with toEqual. */
export function recordBody(into: unknown[]) {
	return (body: unknown) => {
		into.push(body);
		return true;
	};
}

export function contact(n: number, extra: IDataObject = {}): IDataObject {
	const id = `003${String(n).padStart(12, '0')}AAA`;
	return {
		attributes: { type: 'Contact', url: `${DATA}/sobjects/Contact/${id}` },
		Id: id,
		FirstName: 'Ada',
		LastName: `Lovelace${n}`,
		Email: `ada${n}@example.com`,
		CreatedDate: '2026-01-02T03:04:05.000+0000',
		LastModifiedDate: '2026-01-03T03:04:05.000+0000',
		SystemModstamp: '2026-01-03T03:04:05.000+0000',
		...extra,
	};
}

export const LIMIT_HEADER = (used: number, limit: number) => ({ 'Sforce-Limit-Info': `api-usage=${used}/${limit}` });

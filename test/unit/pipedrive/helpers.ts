import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { PipedriveConnector } from '../../../nodes/Pipedrive/connector/PipedriveConnector';
import { pipedriveSettings } from '../../../nodes/Pipedrive/transport/pipedriveApi';
import { newStats } from '../../../shared/transport/request';
import { fakeClock, fakeContext, type FakeContextOptions } from '../../helpers/fakeContext';

export const API = 'https://acme.pipedrive.com';
export const TOKEN = '0123456789abcdef0123456789abcdef01234567';

export const pipedriveNode = {
	name: 'Pipedrive (CRM Pack)',
	type: 'n8n-nodes-crm-pack.crmPackPipedrive',
	credentials: { crmPackPipedriveApi: { id: 'pd-cred-1', name: 'Pipedrive test' } },
};

/**
 * The shared fake context, with the API token applied the way the credential's
 * `authenticate` declares it: the `x-api-token` header.
 */
export function pdContext(options: FakeContextOptions & { credential?: IDataObject } = {}) {
	const made = fakeContext({
		...options,
		node: { ...pipedriveNode, ...(options.node ?? {}) },
		credentials: {
			crmPackPipedriveApi: options.credential ?? { apiToken: TOKEN, companyDomain: 'acme', plan: 'lite' },
			...(options.credentials ?? {}),
		},
	});
	const ctx = made.ctx as unknown as { helpers: { httpRequestWithAuthentication: (type: string, opts: IHttpRequestOptions) => Promise<unknown> }; getCredentials: (t: string) => Promise<IDataObject> };
	const inner = ctx.helpers.httpRequestWithAuthentication;
	ctx.helpers.httpRequestWithAuthentication = async (type: string, opts: IHttpRequestOptions) => {
		const cred = (await ctx.getCredentials(type)) ?? {};
		const headers = { ...((opts.headers as IDataObject) ?? {}) };
		if (cred.apiToken) headers['x-api-token'] = cred.apiToken;
		return inner(type, { ...opts, headers });
	};
	return made;
}

export async function pdSetup(options: Parameters<typeof pdContext>[0] & { maxConcurrency?: number } = {}) {
	const made = pdContext(options);
	const clock = fakeClock();
	const stats = newStats();
	const settings = await pipedriveSettings(made.ctx, 'apiToken', { clock, stats, maxConcurrency: options.maxConcurrency, retry: { maxAttempts: 4, baseDelayMs: 10 } });
	return { ...made, connector: new PipedriveConnector(made.ctx, settings), clock, stats, settings };
}

/** Records each matched JSON body, so tests compare bodies exactly with toEqual. */
export function recordBody(into: unknown[]) {
	return (body: unknown) => {
		into.push(body);
		return true;
	};
}

export function person(id: number, extra: IDataObject = {}): IDataObject {
	return {
		id,
		name: `Person ${id}`,
		first_name: 'Person',
		last_name: String(id),
		owner_id: 1001,
		org_id: null,
		emails: [{ value: `p${id}@example.com`, primary: true, label: 'work' }],
		phones: [],
		add_time: '2026-01-02T03:04:05Z',
		update_time: '2026-01-03T03:04:05Z',
		is_deleted: false,
		custom_fields: {},
		...extra,
	};
}

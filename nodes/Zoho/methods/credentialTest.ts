import type { ICredentialsDecrypted, ICredentialTestFunctions, IDataObject, INodeCredentialTestResult } from 'n8n-workflow';
import { zohoErrorText } from '../transport/errors';
import { apiDomainOf, ZOHO_API } from '../transport/zohoApi';

/**
 * The credential test: the current user (`GET /crm/v8/users?type=CurrentUser`)
 * at the token's `api_domain`, signed `Zoho-oauthtoken` as Zoho's CRM API
 * documents; n8n's declarative credential test could only sign it `Bearer`.
 */
export async function zohoCurrentUser(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as IDataObject;
	const domain = apiDomainOf(data);
	const token = ((data.oauthTokenData ?? {}) as IDataObject).access_token;
	if (!domain || typeof token !== 'string' || !token) {
		return { status: 'Error', message: 'Connect the credential first: Zoho names the API server of your data center when you connect' };
	}
	try {
		// n8n hands a credential test only `helpers.request` (ICredentialTestFunctions): there is no httpRequest to use.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		const body = (await this.helpers.request({
			method: 'GET',
			uri: `${domain}${ZOHO_API}/users`,
			qs: { type: 'CurrentUser' },
			headers: { Authorization: `Zoho-oauthtoken ${token}` },
			json: true,
		})) as IDataObject;
		const user = ((body?.users as IDataObject[] | undefined) ?? [])[0] ?? {};
		return { status: 'OK', message: `Connected to Zoho CRM as ${String(user.full_name ?? user.email ?? user.id ?? 'the current user')}` };
	} catch (error) {
		const e = error as { error?: unknown; response?: { body?: unknown }; message?: string };
		return { status: 'Error', message: zohoErrorText(e.error ?? e.response?.body, e.message ?? 'Zoho CRM refused the test') };
	}
}

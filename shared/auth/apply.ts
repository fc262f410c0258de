import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { AUTH_FIELD, authTypeOf } from './fields';

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/**
 * Signs one request the way the credential's auth preset says: the function a
 * credential returns from `authenticate`. Pure: reads the credential, returns a
 * new request (n8n's generic `authenticate` cannot choose by a field's value,
 * and would send an empty header for every preset not chosen).
 */
export function applyAuth(credentials: ICredentialDataDecryptedObject, request: IHttpRequestOptions): IHttpRequestOptions {
	const headers = { ...((request.headers as IDataObject | undefined) ?? {}) };
	const out: IHttpRequestOptions = { ...request, headers };
	switch (authTypeOf(credentials)) {
		case 'apiKey': {
			const name = text(credentials[AUTH_FIELD.apiKeyName]).trim() || 'X-API-Key';
			if (credentials[AUTH_FIELD.apiKeyIn] === 'query') out.qs = { ...(request.qs ?? {}), [name]: text(credentials[AUTH_FIELD.apiKey]) };
			else headers[name] = text(credentials[AUTH_FIELD.apiKey]);
			break;
		}
		case 'bearer':
			headers.Authorization = `Bearer ${text(credentials[AUTH_FIELD.bearerToken])}`;
			break;
		case 'basic':
			headers.Authorization = `Basic ${Buffer.from(`${text(credentials[AUTH_FIELD.basicUser])}:${text(credentials[AUTH_FIELD.basicPassword])}`).toString('base64')}`;
			break;
		case 'jwt':
			// '' before the first login: n8n runs preAuthentication first, so this is only seen when that failed.
			headers.Authorization = `Bearer ${text(credentials[AUTH_FIELD.accessToken])}`;
			break;
		case 'none':
			break;
	}
	return out;
}

import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { profileRequest, readCredential, transportSettings, type TransportExtra, type TransportProfile, type TransportSettings } from '../../../shared/transport/profile';
import type { CrmResponse } from '../../../shared/transport/request';
import type { RequestContext } from '../../../shared/types';

/** Brivity has one credential type: a team's Core API key. */
export type BrivityAuth = 'apiKey';

/** Credential type names (not secrets) per authentication choice. */
export const BRIVITY_CREDENTIAL: Record<BrivityAuth, string> = { apiKey: 'crmPackBrivityApi' };

/** Defaults of the credential's hosts: people and event subscriptions, and lead creation (see the credential's sources). */
export const DEFAULT_CORE_URL = 'https://api.brivity.com';
export const DEFAULT_LEADS_URL = 'https://secure.brivity.com';

const host = (value: unknown, fallback: string) =>
	(String(value ?? '').trim() || fallback).replace(/\/+$/, '').replace(/\/api$/, '');

export interface BrivitySettings extends TransportSettings<BrivityAuth> {
	/** The leads host (`https://secure.brivity.com`); `baseUrl` is the core host. */
	leadsUrl: string;
}

/**
 * Brivity's transport profile. Brivity publishes no rate limits and no
 * rate-limit headers (nothing in the Blueprint page, nothing seen by the code
 * that calls it), so no limiter bucket is declared: the shared retries still
 * wait out a 429 with its Retry-After.
 */
export const BRIVITY_PROFILE: TransportProfile<BrivityAuth, BrivitySettings> = {
	credentials: BRIVITY_CREDENTIAL,
	defaultAuth: 'apiKey',
	secretFields: ['apiKey'],
	baseUrl: (credentials) => host(credentials.coreBaseUrl, DEFAULT_CORE_URL),
	rateLimits: {},
};

/** Reads the credential once per execution: both hosts and the key to keep out of errors. */
export async function brivitySettings(ctx: RequestContext, auth: BrivityAuth = 'apiKey', extra: TransportExtra = {}): Promise<BrivitySettings> {
	const credentials = await readCredential(ctx, BRIVITY_PROFILE, auth);
	return { ...transportSettings(ctx, BRIVITY_PROFILE, auth, credentials, extra), leadsUrl: host(credentials.leadsBaseUrl, DEFAULT_LEADS_URL) };
}

export interface BrivityCall {
	method: IHttpRequestMethods;
	/** Below the core host (`/api/people`), or a full URL (the leads host). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	idempotent?: boolean;
	itemIndex?: number;
}

export async function brivityRequest<T = IDataObject>(ctx: RequestContext, settings: BrivitySettings, call: BrivityCall): Promise<CrmResponse<T>> {
	return await profileRequest<T, BrivityAuth, BrivitySettings>(ctx, BRIVITY_PROFILE, settings, { ...call, headers: { Accept: 'application/json' } });
}

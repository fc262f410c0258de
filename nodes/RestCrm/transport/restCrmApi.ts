import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import { AUTH_SECRET_FIELDS, authTypeOf, tokenRenewal } from '../../../shared/auth';
import {
	limiterBase,
	profileRequest,
	readCredential,
	transportSettings,
	type TransportExtra,
	type TransportProfile,
	type TransportSettings,
} from '../../../shared/transport/profile';
import type { CrmResponse, LimiterSpec } from '../../../shared/transport/request';
import { standardRateHint } from '../../../shared/transport/standardRateHeaders';
import type { RequestContext } from '../../../shared/types';
import { restCrmRoot } from './root';

/** The node's Authentication values: API key / Bearer / Basic / JWT in one credential type, OAuth2 in another. */
export type RestCrmAuth = 'apiCredentials' | 'oAuth2';

/** Credential type names (not secrets) per authentication choice. */
export const REST_CRM_CREDENTIAL: Record<RestCrmAuth, string> = Object.fromEntries(
	[
		['apiCredentials', 'Api'],
		['oAuth2', 'OAuth2Api'],
	].map(([auth, suffix]) => [auth, `crmPackRestCrm${suffix}`]),
) as Record<RestCrmAuth, string>;

export const MINUTE_MS = 60_000;

/** Requests one write operation keeps in flight (one call per record: the API has no batch endpoints). */
export const REST_CRM_CONCURRENCY = 4;

export interface RestCrmSettings extends TransportSettings<RestCrmAuth> {
	/** The credential's budget: requests per minute. */
	perMinute: number;
	concurrency: number;
	/** The credential's custom resource for the CRM-neutral nodes, as entered (parsed where it is used). */
	customResource?: unknown;
}

/**
 * Two buckets: the budget the user set on the credential (never changed by what
 * the API says), and the API's own limit, which starts at the same figure and
 * learns the real one from its rate-limit headers (shared/transport/standardRateHeaders.ts).
 */
export function limiterSpecs(settings: RestCrmSettings): LimiterSpec[] {
	const base = limiterBase(settings);
	const policy = { limit: settings.perMinute, intervalMs: MINUTE_MS };
	return [
		{ key: `${base}|budget`, policy },
		{ key: `${base}|api`, policy },
	];
}

export const REST_CRM_PROFILE: TransportProfile<RestCrmAuth, RestCrmSettings> = {
	credentials: REST_CRM_CREDENTIAL,
	defaultAuth: 'apiCredentials',
	secretFields: [...AUTH_SECRET_FIELDS, 'clientSecret'],
	baseUrl: (credentials) => restCrmRoot(credentials.baseUrl, credentials.apiVersion),
	rateLimits: { minute: { limit: 60, intervalMs: MINUTE_MS } },
	limiters: (settings) => limiterSpecs(settings),
	rateHint: (settings, limiters) => (headers) => {
		const hint = standardRateHint(headers, (settings.clock ?? { now: Date.now }).now());
		const api = limiters[1];
		return hint && api ? [{ key: api.key, hint }] : undefined;
	},
};

const positive = (value: unknown, fallback: number) => {
	const n = Number(value);
	return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** Reads the credential once per execution: API root, budget, timeout, secrets; JWT sessions renewed before they expire. */
export async function restCrmSettings(ctx: RequestContext, auth: RestCrmAuth = 'apiCredentials', extra: TransportExtra = {}): Promise<RestCrmSettings> {
	const credentials = await readCredential(ctx, REST_CRM_PROFILE, auth);
	const settings: RestCrmSettings = {
		...transportSettings(ctx, REST_CRM_PROFILE, auth, credentials, extra),
		perMinute: Math.floor(positive(credentials.rateLimitPerMinute, 60)),
		timeoutMs: Math.round(positive(credentials.timeoutSeconds, 30) * 1000),
		concurrency: REST_CRM_CONCURRENCY,
		customResource: credentials.customResource,
	};
	if (!settings.baseUrl) throw new Error('The REST CRM credential has no Base URL');
	if (auth === 'apiCredentials' && authTypeOf(credentials) === 'jwt') {
		const type = REST_CRM_CREDENTIAL[auth];
		const clock = extra.clock;
		settings.prepareAuth = tokenRenewal(
			settings.credentialId,
			type,
			async () => ((await ctx.getCredentials(type)) ?? {}) as IDataObject,
			clock ? () => clock.now() : undefined,
		);
	}
	return settings;
}

export interface RestCrmCall {
	method: IHttpRequestMethods;
	/** Below the API root (`/contacts/3`), or a full URL (a next-page link). */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	idempotent?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
}

export async function restCrmRequest<T = IDataObject>(ctx: RequestContext, settings: RestCrmSettings, call: RestCrmCall): Promise<CrmResponse<T>> {
	return await profileRequest<T, RestCrmAuth, RestCrmSettings>(ctx, REST_CRM_PROFILE, settings, call);
}

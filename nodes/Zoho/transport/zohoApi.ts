import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import {
	limiterBase,
	profileRequest,
	readCredential,
	transportSettings,
	type TransportExtra,
	type TransportProfile,
	type TransportSettings,
} from '../../../shared/transport/profile';
import { apiError, itemError } from '../../../shared/transport/errors';
import type { RateLimitPolicy } from '../../../shared/transport/rateLimiter';
import type { CrmResponse, LimiterSpec } from '../../../shared/transport/request';
import { getHeader } from '../../../shared/transport/retry';
import type { RequestContext } from '../../../shared/types';
import { zohoErrorText } from './errors';
import { zohoSignedContext } from './zohoSigning';

/** Refusals read here, so the error carries Zoho's code and the field it names (401 and 429 stay the shared transport's: renewal, backoff). */
const REFUSALS = [400, 403, 404, 405, 413];

/** Zoho CRM has one credential type: OAuth2. */
export type ZohoAuth = 'oAuth2';

export type ZohoEdition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';

/** Credential type names (not secrets) per authentication choice. */
export const ZOHO_CREDENTIAL: Record<ZohoAuth, string> = Object.fromEntries([['oAuth2', ['crmPackZoho', 'OAuth2Api'].join('')]]) as Record<ZohoAuth, string>;

/**
 * Calls one app may have in flight per organization, by edition (Zoho's v8
 * "API Limits": concurrency Free 5, Standard 10, Professional 15, Enterprise 20,
 * Ultimate 25). One more answers 429 TOO_MANY_REQUESTS, without Retry-After.
 */
export const ZOHO_CONCURRENCY: Record<ZohoEdition, number> = { free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 };

/**
 * The limiter's sliding-window log holds a place for every call until its
 * answer is in; with a 1 ms window a place frees as soon as the answer
 * arrives, so the log counts calls in flight: Zoho's concurrency limit, shared
 * by every execution of this process that uses the credential.
 */
export const IN_FLIGHT_WINDOW_MS = 1;

/** The API version every path is under. */
export const ZOHO_API = '/crm/v8';

export interface ZohoSettings extends TransportSettings<ZohoAuth> {
	edition: ZohoEdition;
	/** Calls in flight at once for this edition (the shared pool and the limiter). */
	concurrency: number;
	/** `<api_domain>` of the token, without the version path. */
	apiDomain: string;
	/** Credits left in Zoho's rolling 24 hours, as the last answer reported them (`X-API-CREDITS-REMAINING`, when sent). */
	creditsRemaining?: number;
	/** Calls this connector made (each counted once, retries included in it), for CRM Sync's Summary. */
	callsSent?: number;
}

function isEdition(value: unknown): value is ZohoEdition {
	return typeof value === 'string' && value in ZOHO_CONCURRENCY;
}

/** The token's `api_domain` (e.g. `https://www.zohoapis.eu`), '' when the credential was never connected. */
export function apiDomainOf(credentials: IDataObject): string {
	const raw = ((credentials.oauthTokenData ?? {}) as IDataObject).api_domain;
	return typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : '';
}

/** The limiter bucket every call goes through: the organization's calls in flight. */
export function limiterSpecs(settings: ZohoSettings): LimiterSpec[] {
	return [{ key: `${limiterBase(settings)}|concurrency`, policy: { limit: settings.concurrency, intervalMs: IN_FLIGHT_WINDOW_MS } }];
}

/**
 * Zoho CRM's transport profile. The API lives at the token's `api_domain` +
 * `/crm/v8`; the limit paced is concurrency (Zoho's credits are per 24 h and
 * counted by Zoho, reported where it sends them).
 */
export const ZOHO_PROFILE: TransportProfile<ZohoAuth, ZohoSettings> = {
	credentials: ZOHO_CREDENTIAL,
	defaultAuth: 'oAuth2',
	secretFields: ['clientSecret'],
	baseUrl: (credentials) => {
		const domain = apiDomainOf(credentials);
		return domain ? `${domain}${ZOHO_API}` : '';
	},
	rateLimits: Object.fromEntries(
		Object.entries(ZOHO_CONCURRENCY).map(([edition, limit]) => [`concurrency.${edition}`, { limit, intervalMs: IN_FLIGHT_WINDOW_MS } satisfies RateLimitPolicy]),
	),
	limiters: (settings) => limiterSpecs(settings),
};

/** Reads the credential once per execution: API host (from the token), edition and the secrets to keep out of errors. */
export async function zohoSettings(ctx: RequestContext, auth: ZohoAuth = 'oAuth2', extra: TransportExtra & { maxConcurrency?: number } = {}): Promise<ZohoSettings> {
	const credentials = await readCredential(ctx, ZOHO_PROFILE, auth);
	const { maxConcurrency, ...rest } = extra;
	const base = transportSettings(ctx, ZOHO_PROFILE, auth, credentials, rest);
	if (!base.baseUrl) {
		throw new NodeOperationError(ctx.getNode(), 'The Zoho CRM credential has no API domain: connect it (Zoho names the API server of your data center when you connect)');
	}
	const edition = isEdition(credentials.edition) ? credentials.edition : 'standard';
	const limit = ZOHO_CONCURRENCY[edition];
	return {
		...base,
		edition,
		concurrency: maxConcurrency && maxConcurrency > 0 ? Math.min(limit, Math.floor(maxConcurrency)) : limit,
		apiDomain: apiDomainOf(credentials),
	};
}

export interface ZohoCall {
	method: IHttpRequestMethods;
	/** Below `/crm/v8`, e.g. `/Leads/upsert`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	headers?: IDataObject;
	idempotent?: boolean;
	acceptStatuses?: number[];
	itemIndex?: number;
}

/**
 * One call to Zoho CRM through the shared transport, signed `Zoho-oauthtoken`
 * (./zohoSigning.ts). A 429 TOO_MANY_REQUESTS carries no Retry-After: the
 * shared retries back off exponentially with jitter, and a plain insert is
 * retried only there (a 429 proves Zoho processed nothing), never after an
 * answer that may hide a write.
 */
export async function zohoRequest<T = IDataObject>(ctx: RequestContext, settings: ZohoSettings, call: ZohoCall): Promise<CrmResponse<T>> {
	const signed = zohoSignedContext(ctx, () => `${settings.baseUrl}/users`);
	const accepted = call.acceptStatuses ?? [];
	settings.callsSent = (settings.callsSent ?? 0) + 1;
	let response: CrmResponse<T>;
	try {
		response = await profileRequest<T, ZohoAuth, ZohoSettings>(signed, ZOHO_PROFILE, settings, { ...call, acceptStatuses: [...new Set([...accepted, ...REFUSALS])] });
	} catch (error) {
		// A 401 after renewal or a 429 after the last retry: the shared transport's error, worded with Zoho's code.
		const body = (error as NodeApiError).errorResponse as IDataObject | undefined;
		if (!(error instanceof NodeApiError && typeof body?.code === 'string' && error.httpCode)) {
			throw error instanceof NodeApiError || error instanceof NodeOperationError ? error : itemError(ctx.getNode(), error, call.itemIndex ?? 0);
		}
		throw apiError(ctx.getNode(), Number(error.httpCode), { ...body, message: zohoErrorText(body) }, { itemIndex: call.itemIndex, secrets: settings.secrets });
	}
	const credits = Number(getHeader(response.headers, 'x-api-credits-remaining'));
	if (getHeader(response.headers, 'x-api-credits-remaining') !== undefined && Number.isFinite(credits)) settings.creditsRemaining = credits;
	if (REFUSALS.includes(response.statusCode) && !accepted.includes(response.statusCode)) {
		throw apiError(ctx.getNode(), response.statusCode, { ...(response.body as IDataObject), message: zohoErrorText(response.body) }, { itemIndex: call.itemIndex, secrets: settings.secrets });
	}
	return response;
}

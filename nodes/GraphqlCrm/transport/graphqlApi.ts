import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { AUTH_SECRET_FIELDS, authTypeOf, tokenRenewal } from '../../../shared/auth';
import { DEFAULT_RETRY } from '../../../shared/transport/retry';
import { systemClock } from '../../../shared/transport/clock';
import {
	limiterBase,
	profileRequest,
	readCredential,
	transportSettings,
	type TransportExtra,
	type TransportProfile,
	type TransportSettings,
} from '../../../shared/transport/profile';
import { redact, redactValue } from '../../../shared/transport/redact';
import type { LimiterSpec } from '../../../shared/transport/request';
import type { RequestContext } from '../../../shared/types';
import { costBudgetFor, readCostReport, type CostBudget } from './costBudget';
import { errorText, isThrottledAnswer, type GraphqlError } from './errors';

/**
 * The credential types (not secrets) per authentication choice: the shared
 * presets (API key, Bearer, Basic, JWT login, none) in one type, OAuth2 in
 * the other (shared/auth).
 */
export type GraphqlAuth = 'standard' | 'oAuth2';

export const GRAPHQL_CREDENTIAL: Record<GraphqlAuth, string> = Object.fromEntries(
	[
		['standard', 'Api'],
		['oAuth2', 'OAuth2Api'],
	].map(([auth, suffix]) => [auth, `crmPackGraphqlCrm${suffix}`]),
) as Record<GraphqlAuth, string>;

const MINUTE_MS = 60_000;

export interface GraphqlSettings extends TransportSettings<GraphqlAuth> {
	/** Requests per minute the credential allows (0: none set, only the server's signals pace the calls). */
	requestsPerMinute: number;
	/** The credential's resource definition (JSON text or object), read by the connector. */
	resources: unknown;
	/** The credential's Test Query ('' = `{ __typename }`): Test Connection sends it, like the credential test. */
	testQuery: string;
	budget: CostBudget;
}

/**
 * The generic GraphQL CRM's transport profile: one endpoint (GraphQL over
 * HTTP: every operation is a POST of `{ query, variables, operationName }`
 * to it), the credential's own request budget as the only limiter bucket.
 */
export const GRAPHQL_PROFILE: TransportProfile<GraphqlAuth, GraphqlSettings> = {
	credentials: GRAPHQL_CREDENTIAL,
	defaultAuth: 'standard',
	secretFields: AUTH_SECRET_FIELDS,
	baseUrl: (credentials) => String(credentials.endpoint ?? '').trim(),
	rateLimits: {},
	limiters: (settings) => (settings.requestsPerMinute > 0 ? [{ key: `${limiterBase(settings)}|minute`, policy: { limit: settings.requestsPerMinute, intervalMs: MINUTE_MS } }] : ([] as LimiterSpec[])),
};

/** Reads the credential once per execution: endpoint, request budget, resource definition, secrets. */
export async function graphqlSettings(ctx: RequestContext, auth: GraphqlAuth = 'standard', extra: TransportExtra = {}): Promise<GraphqlSettings> {
	const credentials = await readCredential(ctx, GRAPHQL_PROFILE, auth);
	const base = transportSettings(ctx, GRAPHQL_PROFILE, auth, credentials, extra);
	const perMinute = Number(credentials.requestsPerMinute ?? 0);
	return {
		...base,
		baseUrl: String(credentials.endpoint ?? '').trim(),
		requestsPerMinute: Number.isFinite(perMinute) && perMinute > 0 ? Math.floor(perMinute) : 0,
		resources: credentials.resourceDefinition,
		testQuery: typeof credentials.testQuery === 'string' ? credentials.testQuery.trim() : '',
		budget: costBudgetFor(limiterBase(base), extra.clock ?? systemClock),
		// A JWT login is renewed before it expires (shared/auth); the other presets need nothing before a call.
		prepareAuth:
			auth === 'standard' && authTypeOf(credentials) === 'jwt'
				? tokenRenewal(base.credentialId, GRAPHQL_CREDENTIAL.standard, async () => ((await ctx.getCredentials(GRAPHQL_CREDENTIAL.standard)) ?? {}) as IDataObject)
				: undefined,
	};
}

/** One GraphQL operation. */
export interface GraphqlOperation {
	query: string;
	variables?: IDataObject;
	operationName?: string;
	/** A mutation: never re-sent after an ambiguous failure (the transport's rule for writes). */
	write?: boolean;
	itemIndex?: number;
}

/** A GraphQL answer (GraphQL spec, "Response"). */
export interface GraphqlAnswer {
	data?: IDataObject | null;
	errors?: GraphqlError[];
	extensions?: IDataObject;
	statusCode: number;
}

/**
 * Sends one operation: paced by the request budget (shared limiter) and the
 * cost budget, and re-sent after a throttled answer (`THROTTLED`,
 * `RATE_LIMITED`: the server ran nothing, so even a mutation is safe to
 * send again) once the server's budget has room. HTTP failures (429 with
 * `Retry-After`, 5xx) are the shared transport's. GraphQL errors are
 * returned, not thrown: callers map them to items.
 */
export async function graphqlCall(ctx: RequestContext, settings: GraphqlSettings, op: GraphqlOperation): Promise<GraphqlAnswer> {
	if (!settings.baseUrl) throw new Error('The GraphQL CRM credential has no Endpoint URL');
	const clock = settings.clock ?? systemClock;
	const retry = { ...DEFAULT_RETRY, ...settings.retry };
	const budget = settings.budget;
	const key = op.query;
	const body: IDataObject = { query: op.query };
	if (op.variables && Object.keys(op.variables).length) body.variables = op.variables;
	if (op.operationName) body.operationName = op.operationName;

	for (let attempt = 1; ; attempt++) {
		const estimate = budget.costOf(key);
		const wait = budget.waitFor(estimate);
		if (wait > 0) {
			if (wait > retry.maxWaitMs) throw throttledError(ctx, `the server's query-cost budget has room again in ${Math.ceil(wait / 1000)} s, longer than the maximum wait`, op);
			if (settings.stats) settings.stats.waitedMs += wait;
			await clock.sleep(wait);
		}
		budget.spend(estimate);
		const response = await profileRequest<IDataObject, GraphqlAuth, GraphqlSettings>(ctx, GRAPHQL_PROFILE, settings, {
			method: 'POST',
			path: '',
			body,
			headers: { 'Content-Type': 'application/json' },
			idempotent: !op.write,
			// GraphQL servers answer request errors (bad JSON, no query, validation under the HTTP draft) with 400 and an `errors` body.
			acceptStatuses: [400],
			itemIndex: op.itemIndex,
		});
		const answer = (response.body && typeof response.body === 'object' ? response.body : {}) as IDataObject;
		const report = readCostReport(answer);
		budget.observe(key, report);
		const result: GraphqlAnswer = {
			data: answer.data as IDataObject | null | undefined,
			errors: Array.isArray(answer.errors) ? (answer.errors as GraphqlError[]) : undefined,
			extensions: answer.extensions as IDataObject | undefined,
			statusCode: response.statusCode,
		};
		if (!isThrottledAnswer(result)) return result;
		if (attempt >= retry.maxAttempts) throw throttledError(ctx, `still throttled after ${attempt} attempts: ${errorText(result.errors)}`, op);
		const serverWait = budget.throttledWait(report?.requested ?? report?.cost ?? estimate);
		const delay = serverWait ?? Math.min(retry.maxWaitMs, retry.baseDelayMs * 2 ** attempt);
		if (delay > retry.maxWaitMs) throw throttledError(ctx, `the server asked to wait ${Math.ceil(delay / 1000)} s, longer than the maximum wait`, op);
		if (settings.stats) {
			settings.stats.retries++;
			settings.stats.waitedMs += delay;
		}
		await clock.sleep(delay);
	}
}

function throttledError(ctx: RequestContext, detail: string, op: GraphqlOperation): NodeApiError {
	const message = `The GraphQL server throttled the request: ${detail}`;
	return new NodeApiError(ctx.getNode(), { message } as never, { message, description: message, itemIndex: op.itemIndex });
}

/** An operation's data, or the error of an answer that has none (request errors: syntax, validation, variables, auth). */
export function dataOrThrow(ctx: RequestContext, settings: GraphqlSettings, answer: GraphqlAnswer, itemIndex?: number): IDataObject {
	if (answer.data && typeof answer.data === 'object') return answer.data;
	const message = redact(errorText(answer.errors) || `The GraphQL server answered ${answer.statusCode} without data`, settings.secrets);
	const safe = redactValue({ errors: answer.errors ?? [] }, settings.secrets) as IDataObject;
	throw new NodeApiError(ctx.getNode(), safe as never, { message, description: message, httpCode: String(answer.statusCode), itemIndex });
}

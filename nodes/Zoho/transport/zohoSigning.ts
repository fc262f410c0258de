import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import type { RequestContext } from '../../../shared/types';

/**
 * Zoho's CRM API takes `Authorization: Zoho-oauthtoken <access token>` (Zoho's
 * v8 docs: "Zoho-oauthtoken", not Bearer). n8n's OAuth2 signing can only write
 * `Bearer <token>` (or put the token in the URL), so the pack signs Zoho calls
 * itself: the shared transport is handed a context whose
 * `httpRequestWithAuthentication` reads the credential's current access token
 * and sends the call with n8n's plain `httpRequest`.
 *
 * Renewal stays n8n's: it refreshes an OAuth2 token (and saves it) only inside
 * its own signed request, on a 401. After a 401 the shared transport sends the
 * call once more in "throwing" mode; this context then first makes one cheap
 * read through n8n's own OAuth2 path (`renewUrl`: the current user), which
 * answers 401 while the token is expired, so n8n refreshes and stores the new
 * token; its answer is not used. The call then goes out again with the token
 * read anew. A 401 means Zoho processed nothing, so this is safe for writes.
 */
export function zohoSignedContext<C extends RequestContext>(ctx: C, renewUrl: () => string): C {
	const helpers = ctx.helpers as unknown as {
		httpRequest(options: IHttpRequestOptions): Promise<unknown>;
		httpRequestWithAuthentication(this: RequestContext, type: string, options: IHttpRequestOptions): Promise<unknown>;
	};

	const send = async (type: string, request: IHttpRequestOptions) => {
		const credentials = ((await ctx.getCredentials(type)) ?? {}) as IDataObject;
		const token = String(((credentials.oauthTokenData ?? {}) as IDataObject).access_token ?? '');
		return await helpers.httpRequest({
			...request,
			headers: { ...(request.headers ?? {}), Authorization: `Zoho-oauthtoken ${token}` },
			// Answers are returned whatever their status: the shared transport reads them.
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		});
	};

	const renew = async (type: string) => {
		try {
			await helpers.httpRequestWithAuthentication.call(ctx, type, { method: 'GET', url: renewUrl(), qs: { type: 'CurrentUser' }, json: true });
		} catch {
			// Zoho may refuse the Bearer scheme even with a fresh token: the renewal has happened by then.
		}
	};

	const signedHelpers = new Proxy(ctx.helpers as object, {
		get(target, prop) {
			if (prop === 'httpRequestWithAuthentication') {
				return async function (this: unknown, type: string, request: IHttpRequestOptions) {
					if (request.ignoreHttpStatusErrors === false) await renew(type);
					return await send(type, request);
				};
			}
			const value = Reflect.get(target, prop, target) as unknown;
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	});

	return new Proxy(ctx as object, {
		get(target, prop) {
			if (prop === 'helpers') return signedHelpers;
			const value = Reflect.get(target, prop, target) as unknown;
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	}) as C;
}

import type { ICredentialsDecrypted, IDataObject } from 'n8n-workflow';
import { AUTH_FIELD, authTypeOf } from './fields';

/** What a transport passes to n8n's `httpRequestWithAuthentication` for one request. */
export interface AuthPreparation {
	/** The credential with its access token cleared: n8n then runs preAuthentication (the renewal) and saves its result. */
	credentialsDecrypted: ICredentialsDecrypted;
	/** Call once the request is answered or failed: callers waiting for the renewal go on. */
	release(): void;
}

/**
 * Whether a JWT preset needs a login or a renewal before the next request: no
 * token yet (the first login), or its renewal time has passed (no known expiry:
 * renewed on 401 only).
 */
export function tokenDue(credentials: IDataObject, now: number): boolean {
	if (authTypeOf(credentials) !== 'jwt') return false;
	const token = credentials[AUTH_FIELD.accessToken];
	if (typeof token !== 'string' || token === '') return true;
	const at = Number(credentials[AUTH_FIELD.accessTokenRenewAt]);
	return Number.isFinite(at) && at > 0 && now >= at;
}

/**
 * Renewals in flight, per credential, in this process: one request renews and
 * the others sharing the credential wait for it and then use the new token
 * (a refresh token is single-use on many APIs; several concurrent refreshes
 * would all but one fail and log in again). A cache, not state: nothing is
 * kept once the renewing request is answered.
 */
const inFlight = new Map<string, Promise<void>>();

/**
 * Renewal before expiry. n8n renews a login token only when its expirable field
 * is '' or a request got 401; a token about to expire would cost a refused call
 * first (and on APIs that answer an expired token otherwise, a failure). So
 * before each request the transport calls the function this returns: when the
 * stored token is due (or there is none yet: the first login), the request
 * is sent with the token cleared (`credentialsDecrypted`), which makes n8n run
 * the credential's preAuthentication and save the new token; meanwhile other
 * requests on the same credential wait, so a run of several requests in flight
 * logs in once. Undefined: send as usual.
 */
export function tokenRenewal(
	key: string,
	credentialType: string,
	read: () => Promise<IDataObject>,
	now: () => number = Date.now,
): () => Promise<AuthPreparation | undefined> {
	return async () => {
		for (;;) {
			const pending = inFlight.get(key);
			if (pending) {
				await pending;
				continue;
			}
			const credentials = await read();
			if (!tokenDue(credentials, now())) return undefined;
			// Another request may have started renewing while the credential was read.
			if (inFlight.has(key)) continue;
			let done!: () => void;
			inFlight.set(key, new Promise<void>((resolve) => (done = resolve)));
			let released = false;
			return {
				credentialsDecrypted: { id: key, name: '', type: credentialType, data: { ...credentials, [AUTH_FIELD.accessToken]: '' } } as ICredentialsDecrypted,
				release: () => {
					if (released) return;
					released = true;
					inFlight.delete(key);
					done();
				},
			};
		}
	};
}

import nock from 'nock';
import { resetRateLimiters } from '../../shared/transport/rateLimiter';

/**
 * The hooks every nock-based unit test file needs: no real network, no
 * interceptor left over from the previous test, and fresh rate-limit buckets
 * (they are a per-process cache, so one test's calls would pace the next).
 */
export function isolateNock(): void {
	beforeAll(() => nock.disableNetConnect());
	beforeEach(() => {
		nock.cleanAll();
		resetRateLimiters();
	});
	afterAll(() => {
		nock.cleanAll();
		nock.enableNetConnect();
	});
}

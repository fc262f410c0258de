import { sleep } from 'n8n-workflow';

/**
 * Time source for waits. Shipped code waits with n8n's `sleep`; tests pass a
 * fake clock so retry and rate-limit behaviour is checked without real waiting.
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: async (ms: number) => {
		if (ms > 0) await sleep(ms);
	},
};

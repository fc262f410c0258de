import { FRESHSALES_HOURLY, type FreshsalesPlan } from '../transport/freshsalesApi';

/** Records one bulk upsert job carries, and the calls one job costs (search, post, about two status reads, read-back). */
const PER_JOB = 100;
const CALLS_PER_JOB = 5;

/**
 * The requests a run of the action node will make for `count` items, roughly:
 * one per item (a record written, read or searched for), bulk upsert jobs
 * from the threshold on.
 */
export function estimateCalls(operation: string, count: number, bulkThreshold: number, bulk: boolean): number {
	if (operation === 'upsert' && bulk && count >= bulkThreshold) return Math.ceil(count / PER_JOB) * CALLS_PER_JOB;
	return count;
}

/**
 * What a user should be told before a run that outlasts the plan's hourly
 * budget: Freshsales counts requests per account per hour, so such a run waits
 * for the next hour instead of failing. Undefined when the run fits in an hour.
 */
export function budgetNotice(plan: FreshsalesPlan, calls: number): string | undefined {
	const hourly = FRESHSALES_HOURLY[plan];
	if (calls <= hourly) return undefined;
	const hours = Math.ceil(calls / hourly) - 1;
	const name = plan.charAt(0).toUpperCase() + plan.slice(1);
	return `Freshsales: about ${calls.toLocaleString('en-US')} requests for this run; the ${name} plan allows ${hourly.toLocaleString('en-US')} per hour for the whole account, so the run is paced to it and takes at least ${hours} more hour${hours === 1 ? '' : 's'}`;
}

import type { IDataObject } from 'n8n-workflow';
import { freshsales } from '../../../nodes/Freshsales';
import type { FreshsalesConnector } from '../../../nodes/Freshsales/connector/FreshsalesConnector';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { newStats } from '../../../shared/transport/request';
import type { Clock } from '../../../shared/transport/clock';
import { contractContext } from '../../contract/context';
import { freshsalesApiKey } from '../../e2e/helpers/credentials';
import { startSandbox, type Sandbox } from '../../sandbox';

/** A fresh sandbox per test; `sb()` inside a test. */
export function freshsalesSandbox(): () => Sandbox {
	let sb: Sandbox | undefined;
	beforeEach(async () => {
		resetRateLimiters();
		sb = await startSandbox({ seed: 3 });
	});
	afterEach(async () => {
		await sb?.close();
		sb = undefined;
	});
	return () => {
		if (!sb) throw new Error('no sandbox outside a test');
		return sb;
	};
}

/** A clock whose waits take no time (bulk job polling, rate limiter) but are recorded. */
export function fastClock(): Clock & { slept: number[] } {
	let t = Date.now();
	const slept: number[] = [];
	return {
		slept,
		now: () => t,
		sleep: async (ms: number) => {
			slept.push(ms);
			t += ms;
		},
	};
}

/** The connector through the definition's factory, over real HTTP to the sandbox. */
export async function connect(sb: Sandbox, opts: { host?: 'bundle' | 'classic'; plan?: string; clock?: Clock; bulkThreshold?: number } = {}): Promise<FreshsalesConnector> {
	const [[type, byId]] = Object.entries(freshsalesApiKey(sb, { host: opts.host ?? 'bundle', plan: opts.plan ?? 'enterprise' }));
	const data = Object.values(byId)[0];
	return (await freshsales.credentials[0].connect(contractContext(type, data), {
		stats: newStats(),
		clock: opts.clock,
		vendor: opts.bulkThreshold === undefined ? undefined : { bulkThreshold: opts.bulkThreshold },
	})) as FreshsalesConnector;
}

/** The vendor requests logged since `from`, as `METHOD path` with query and body. */
export function requests(sb: Sandbox, from = 0): Array<{ call: string; query: IDataObject; body: unknown; status: number }> {
	return sb.log
		.all()
		.slice(from)
		.filter((e) => e.path.startsWith('/freshsales/'))
		.map((e) => ({ call: `${e.method} ${e.path.replace(/^\/freshsales/, '')}`, query: e.query as IDataObject, body: e.body, status: e.status }));
}

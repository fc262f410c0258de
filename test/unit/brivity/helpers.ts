import type { IDataObject } from 'n8n-workflow';
import { brivity } from '../../../nodes/Brivity';
import type { BrivityConnector } from '../../../nodes/Brivity/connector/BrivityConnector';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { newStats } from '../../../shared/transport/request';
import { contractContext } from '../../contract/context';
import { brivityApiKey } from '../../e2e/helpers/credentials';
import { startSandbox, type Sandbox } from '../../sandbox';

/** A fresh sandbox per test; `sb()` inside a test. */
export function brivitySandbox(): () => Sandbox {
	let sb: Sandbox | undefined;
	beforeEach(async () => {
		resetRateLimiters();
		sb = await startSandbox({ seed: 5 });
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

/** The connector through the definition's factory, over real HTTP to the sandbox. */
export async function connect(sb: Sandbox, vendor?: IDataObject): Promise<BrivityConnector> {
	const [[type, byId]] = Object.entries(brivityApiKey(sb));
	return (await brivity.credentials[0].connect(contractContext(type, Object.values(byId)[0]), { stats: newStats(), vendor })) as BrivityConnector;
}

/** The vendor requests logged since `from`, as `METHOD path` (below /brivity) with query and body. */
export function requests(sb: Sandbox, from = 0): Array<{ call: string; query: IDataObject; body: unknown; status: number }> {
	return sb.log
		.all()
		.slice(from)
		.filter((e) => e.path.startsWith('/brivity/'))
		.map((e) => ({ call: `${e.method} ${e.path.replace(/^\/brivity/, '')}`, query: e.query as IDataObject, body: e.body, status: e.status }));
}

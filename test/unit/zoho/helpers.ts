import type { IDataObject } from 'n8n-workflow';
import { zoho } from '../../../nodes/Zoho';
import type { ZohoConnector } from '../../../nodes/Zoho/connector/ZohoConnector';
import { resetRateLimiters } from '../../../shared/transport/rateLimiter';
import { newStats, type RequestStats } from '../../../shared/transport/request';
import { contractContext } from '../../contract/context';
import { zohoOAuth2 } from '../../e2e/helpers/credentials';
import { startSandbox, type Sandbox } from '../../sandbox';

/** A fresh sandbox per test; `sb()` inside a test. */
export function zohoSandbox(): () => Sandbox {
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

/** The connector through the definition's factory, over real HTTP to the sandbox (US data centre unless said). */
export async function connect(
	sb: Sandbox,
	opts: { dc?: string; edition?: string; skipWorkflowRules?: boolean; stats?: RequestStats; tokenData?: IDataObject } = {},
): Promise<ZohoConnector> {
	const [[type, byId]] = Object.entries(zohoOAuth2(sb, { dc: opts.dc ?? 'us', edition: opts.edition ?? 'enterprise' }, opts.tokenData));
	const data = Object.values(byId)[0];
	return (await zoho.credentials[0].connect(contractContext(type, data), {
		stats: opts.stats ?? newStats(),
		vendor: { skipWorkflowRules: opts.skipWorkflowRules === true },
	})) as ZohoConnector;
}

/** The vendor requests logged since `from`, as `METHOD path` (below the data centre's `/crm/v8`) with query and body. */
export function requests(sb: Sandbox, from = 0): Array<{ call: string; query: IDataObject; body: any; status: number }> {
	return sb.log
		.all()
		.slice(from)
		.filter((e) => e.path.startsWith('/zoho/'))
		.map((e) => ({ call: `${e.method} ${e.path.replace(/^\/zoho\/[a-z]+\/crm\/v8/, '')}`, query: e.query as IDataObject, body: e.body, status: e.status }));
}

import type { ConnectOptions, CrmConnector, CrmCredential, CrmDefinition, NeutralType, ObjectSpec, RequestContext } from './types';

/**
 * A CRM's credentials from its `authentication` value -> credential type table
 * (in the order the CRM's nodes offer them: the default first) and one factory.
 */
export function credentialsOf<Auth extends string>(
	names: Record<Auth, string>,
	connect: (ctx: RequestContext, auth: Auth, options: ConnectOptions) => Promise<CrmConnector>,
): CrmCredential[] {
	return (Object.keys(names) as Auth[]).map((auth) => ({ name: names[auth], auth, connect: (ctx, options = {}) => connect(ctx, auth, options) }));
}

/** The object a CRM reads and writes for a neutral kind (the first spec of that kind). */
export function objectOfKind(crm: CrmDefinition, kind: NeutralType): ObjectSpec | undefined {
	return crm.objects.find((o) => o.kind === kind);
}

/** The neutral kinds a CRM holds, in the order of its object specs. */
export function kindsOf(crm: CrmDefinition): NeutralType[] {
	return [...new Set(crm.objects.map((o) => o.kind))];
}

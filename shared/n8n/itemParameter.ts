import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/*
 * Reading a parameter per item costs n8n an expression-evaluation set-up each
 * time (data proxy, luxon's $now/$today), even when the parameter holds no
 * expression: measured at 1-2 s for 1,000 items of an upsert (npm run bench).
 * A parameter without an expression anywhere in its value is the same for every
 * item, so it is read once per node run and handed out as a copy.
 */

const runs = new WeakMap<IExecuteFunctions, Map<string, unknown>>();

function hasExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(hasExpression);
	if (value && typeof value === 'object') return Object.values(value as IDataObject).some(hasExpression);
	return false;
}

function rawValue(ctx: IExecuteFunctions, name: string): unknown {
	let value: unknown = ctx.getNode().parameters;
	for (const part of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[part];
	}
	return value;
}

/** `ctx.getNodeParameter(name, itemIndex, fallback)`, evaluated once for all items when the parameter holds no expression. */
export function itemParameter<T>(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: T): T {
	if (hasExpression(rawValue(ctx, name))) return ctx.getNodeParameter(name, itemIndex, fallback as never) as T;
	let cache = runs.get(ctx);
	if (!cache) runs.set(ctx, (cache = new Map()));
	const key = `${name}\u0000${JSON.stringify(fallback) ?? ''}`;
	if (!cache.has(key)) cache.set(key, ctx.getNodeParameter(name, itemIndex, fallback as never));
	const value = cache.get(key);
	return (value !== null && typeof value === 'object' ? structuredClone(value) : value) as T;
}

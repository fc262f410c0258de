'use strict';

const { GraphQLError } = require('graphql');
const { TYPES, UPSERT_KEYS } = require('./schema');

/** Largest page of every listing, and most ids of one `...ByIds` (assumption: this sandbox's, like GitHub's 100 per connection). */
const MAX_PAGE = 100;

const b64 = (v) => Buffer.from(JSON.stringify(v)).toString('base64');
function unb64(text, what) {
	try {
		return JSON.parse(Buffer.from(String(text), 'base64').toString('utf8'));
	} catch {
		throw new GraphQLError(`${what} "${text}" is not valid`, { extensions: { code: 'BAD_USER_INPUT' } });
	}
}

function badInput(message, field) {
	return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

function pageSize(value, name) {
	if (value === undefined || value === null) return 50;
	if (value < 0) throw badInput(`${name} must not be negative`, name);
	if (value > MAX_PAGE) throw badInput(`${name} must be at most ${MAX_PAGE}`, name);
	return value;
}

/** The records of a listing: filtered by `updatedSince` (inclusive) and sorted; the sort key of each. */
function ordered(store, type, args) {
	let list = store.alive(type);
	if (args.updatedSince) {
		const since = Date.parse(args.updatedSince);
		if (!Number.isFinite(since)) throw badInput(`updatedSince "${args.updatedSince}" is not an ISO 8601 time`, 'updatedSince');
		list = list.filter((r) => Date.parse(r.updatedAt) >= since);
	}
	const order = args.orderBy ?? 'CREATED_ASC';
	const field = order === 'CREATED_ASC' ? 'createdAt' : 'updatedAt';
	const dir = order === 'UPDATED_DESC' ? -1 : 1;
	const key = (r) => [r[field], Number(r.id)];
	list.sort((a, b) => dir * (a[field] < b[field] ? -1 : a[field] > b[field] ? 1 : Number(a.id) - Number(b.id)));
	return { list, key, dir };
}

/**
 * The resolvers (graphql-js root value). `failRecord` is the sandbox fault
 * that makes one input of a write fail validation.
 */
function createResolvers(store, limits) {
	const root = {
		rateLimit: () => limits.rateLimitField(),
		_noop: () => null,
	};
	let failRecord = undefined;

	const check = (input) => {
		if (failRecord && failRecord(JSON.parse(JSON.stringify(input ?? {})))) throw badInput('the sandbox refused this record (failRecord)', 'input');
	};

	for (const [plural, spec] of Object.entries(TYPES)) {
		const T = spec.type;
		root[plural] = (args) => {
			const first = pageSize(args.first, 'first');
			const { list, key, dir } = ordered(store, plural, args);
			let start = 0;
			if (args.after) {
				const [value, id] = unb64(args.after, 'after cursor');
				start = list.findIndex((r) => {
					const [v, n] = key(r);
					return dir * (v < value ? -1 : v > value ? 1 : n - id) > 0;
				});
				if (start < 0) start = list.length;
			}
			const slice = list.slice(start, start + first);
			const edges = slice.map((r) => ({ cursor: b64(key(r)), node: r }));
			return {
				edges,
				nodes: slice,
				totalCount: list.length,
				pageInfo: {
					hasNextPage: start + first < list.length,
					hasPreviousPage: start > 0,
					startCursor: edges[0]?.cursor ?? null,
					endCursor: edges[edges.length - 1]?.cursor ?? null,
				},
			};
		};
		root[`${plural}Page`] = (args) => {
			const limit = pageSize(args.limit, 'limit');
			const offset = args.offset ?? 0;
			if (offset < 0) throw badInput('offset must not be negative', 'offset');
			const { list } = ordered(store, plural, args);
			const items = list.slice(offset, offset + limit);
			return { items, total: list.length, nextOffset: offset + limit < list.length ? offset + items.length : null };
		};
		root[`${plural}ByToken`] = (args) => {
			const size = pageSize(args.pageSize, 'pageSize');
			const { list } = ordered(store, plural, args);
			const offset = args.pageToken ? Number(unb64(args.pageToken, 'pageToken').o) : 0;
			const items = list.slice(offset, offset + size);
			return { items, nextPageToken: offset + size < list.length ? b64({ o: offset + size }) : null };
		};
		root[`${plural}Search`] = (args) => {
			const first = pageSize(args.first, 'first');
			const text = String(args.text).trim().toLowerCase();
			if (!text) throw badInput('text must not be empty', 'text');
			const hit = (r) => Object.values(r).some((v) => typeof v === 'string' && v.toLowerCase().includes(text));
			return store.alive(plural).filter(hit).slice(0, first);
		};
		root[`${plural}ByIds`] = (args) => {
			if (args.ids.length > MAX_PAGE) throw badInput(`ids: at most ${MAX_PAGE}`, 'ids');
			return args.ids.map((id) => store.get(plural, id) ?? null);
		};
		root[T.toLowerCase()] = (args) => store.get(plural, args.id) ?? null;
		root[`create${T}`] = (args) => {
			check(args.input);
			return store.create(plural, args.input);
		};
		root[`update${T}`] = (args) => {
			check(args.input);
			return store.update(plural, args.id, args.input);
		};
		root[`delete${T}`] = (args) => store.remove(plural, args.id);
		root[`upsert${T}`] = (args) => {
			const key = args[UPSERT_KEYS[plural]];
			check({ ...args.input, [UPSERT_KEYS[plural]]: key });
			const { record, created } = store.upsert(plural, key, args.input);
			return { [T.toLowerCase()]: record, created };
		};
	}

	return {
		root,
		/** @param {((input: any) => boolean) | undefined} f */
		setFailRecord(f) {
			failRecord = f;
		},
	};
}

module.exports = { createResolvers, MAX_PAGE };

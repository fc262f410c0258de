'use strict';

/**
 * Resource definitions (the GraphQL CRM credential's JSON) for this sandbox's
 * schema: what a user of the real API would write. `paging` picks which
 * listing the contacts use (Relay connection, offset page, page tokens);
 * companies and deals always use the Relay connection.
 */

const SELECTIONS = {
	contact: 'id firstName lastName email phone mobilePhone company jobTitle ownerId lifecycleStage address { street city state postalCode country } createdAt updatedAt',
	company: 'id name domain website phone industry description numberOfEmployees annualRevenue ownerId lifecycleStage address { street city state postalCode country } createdAt updatedAt',
	deal: 'id name amount currency stage pipeline closeDate ownerId description companyId createdAt updatedAt',
};

const NAMES = {
	contact: { plural: 'contacts', type: 'Contact', key: 'email' },
	company: { plural: 'companies', type: 'Company', key: 'domain' },
	deal: { plural: 'deals', type: 'Deal', key: 'name' },
};

/** @param {'relay' | 'offset' | 'pageToken'} style */
function listOf(kind, style) {
	const { plural, type } = NAMES[kind];
	const sel = SELECTIONS[kind];
	if (style === 'offset') {
		return {
			query: `query List${type}Page($offset: Int, $limit: Int, $since: String) { ${plural}Page(offset: $offset, limit: $limit, updatedSince: $since, orderBy: UPDATED_ASC) { items { ${sel} } total nextOffset } }`,
			path: `${plural}Page`,
			paging: 'offset',
			pageSize: 100,
			itemsPath: 'items',
			totalPath: 'total',
		};
	}
	if (style === 'pageToken') {
		return {
			query: `query List${type}ByToken($pageSize: Int, $pageToken: String, $since: String) { ${plural}ByToken(pageSize: $pageSize, pageToken: $pageToken, updatedSince: $since, orderBy: UPDATED_ASC) { items { ${sel} } nextPageToken } }`,
			path: `${plural}ByToken`,
			paging: 'pageToken',
			pageSize: 100,
			itemsPath: 'items',
			nextTokenPath: 'nextPageToken',
		};
	}
	return {
		query: `query List${type}s($first: Int, $after: String, $since: String) { ${plural}(first: $first, after: $after, updatedSince: $since, orderBy: UPDATED_ASC) { edges { node { ${sel} } } pageInfo { hasNextPage endCursor } } }`,
		path: plural,
		paging: 'relay',
		pageSize: 100,
	};
}

function resource(kind, style) {
	const { plural, type, key } = NAMES[kind];
	const sel = SELECTIONS[kind];
	return {
		idField: 'id',
		updatedAtField: 'updatedAt',
		createdAtField: 'createdAt',
		list: listOf(kind, style),
		getByIds: { query: `query ${type}sByIds($ids: [ID!]!) { ${plural}ByIds(ids: $ids) { ${sel} } }`, path: `${plural}ByIds` },
		create: { mutation: `create${type}(input: $input) { ${sel} }`, inputType: `${type}Input!` },
		update: { mutation: `update${type}(id: $id, input: $input) { ${sel} }`, inputType: `${type}Input!` },
		delete: { mutation: `delete${type}(id: $id) { id deleted }` },
		upsert: { mutation: `upsert${type}(${key}: $key, input: $input) { ${type.toLowerCase()} { ${sel} } created }`, keyField: key, inputType: `${type}Input!`, recordPath: type.toLowerCase(), createdPath: 'created' },
		batchSize: 25,
	};
}

/** @param {{ paging?: 'relay' | 'offset' | 'pageToken' }} [options] */
function resourceDefinition(options = {}) {
	return { contact: resource('contact', options.paging ?? 'relay'), company: resource('company', 'relay'), deal: resource('deal', 'relay') };
}

/** The sandbox type (`contacts`) of a connector object type (`contact`). */
const PLURAL = { contact: 'contacts', company: 'companies', deal: 'deals' };

module.exports = { resourceDefinition, PLURAL, SELECTIONS };

'use strict';

/**
 * The schema of the sandbox's GraphQL CRM (SDL, built with the `graphql`
 * package, so parsing, validation, variable coercion, errors and
 * introspection are graphql-js's own, as on any graphql-js server).
 *
 * What it follows, and where from:
 * - Relay connections: `first`/`after`, `edges { cursor node }`,
 *   `pageInfo { hasNextPage endCursor }` (relay.dev/graphql/connections.htm);
 *   `nodes` as a shortcut as GitHub's and Shopify's connections offer.
 * - Offset paging (`offset`/`limit`, `total`, `nextOffset`) and page tokens
 *   (`pageSize`/`pageToken`, `nextPageToken`): the two other styles the
 *   issue names. Assumption: field names chosen here (no single vendor).
 * - `<plural>Search(text, first)`: a free-text search as many CRM APIs offer
 *   one (assumption: a substring of any text field, no single vendor's rules).
 * - `rateLimit { limit cost remaining resetAt }`: GitHub's GraphQL API
 *   (docs.github.com "Rate limits and query limits for the GraphQL API").
 * Mutation fields are nullable, so one failing alias of a batch document
 * leaves the others' data in place (GraphQL spec, "Handling Field Errors").
 */

const TYPES = {
	contacts: {
		type: 'Contact',
		fields: `firstName: String
  lastName: String
  email: String
  phone: String
  mobilePhone: String
  company: String
  jobTitle: String
  ownerId: String
  lifecycleStage: String
  address: Address`,
	},
	companies: {
		type: 'Company',
		fields: `name: String
  domain: String
  website: String
  phone: String
  industry: String
  description: String
  numberOfEmployees: Int
  annualRevenue: Float
  ownerId: String
  lifecycleStage: String
  address: Address`,
	},
	deals: {
		type: 'Deal',
		fields: `name: String
  amount: Float
  currency: String
  stage: String
  pipeline: String
  closeDate: String
  ownerId: String
  description: String
  companyId: ID`,
	},
};

/** The upsert key of each type: a unique field (contacts by e-mail, companies by domain, deals by name). */
const UPSERT_KEYS = { contacts: 'email', companies: 'domain', deals: 'name' };

function typeSdl(plural, spec) {
	const T = spec.type;
	return `
"""A ${T.toLowerCase()} of the CRM."""
type ${T} {
  id: ID!
  ${spec.fields}
  createdAt: String!
  updatedAt: String!
}
input ${T}Input {
  ${spec.fields.replace('address: Address', 'address: AddressInput')}
}
type ${T}Edge {
  cursor: String!
  node: ${T}!
}
type ${T}Connection {
  edges: [${T}Edge!]!
  nodes: [${T}!]!
  pageInfo: PageInfo!
  totalCount: Int!
}
type ${T}OffsetPage {
  items: [${T}!]!
  total: Int!
  nextOffset: Int
}
type ${T}TokenPage {
  items: [${T}!]!
  nextPageToken: String
}
type Upsert${T}Payload {
  ${T.toLowerCase()}: ${T}!
  created: Boolean!
}
extend type Query {
  """Relay connection (at most 100 per page)."""
  ${plural}(first: Int, after: String, updatedSince: String, orderBy: SortOrder = CREATED_ASC): ${T}Connection!
  """Offset paging (at most 100 per page)."""
  ${plural}Page(offset: Int = 0, limit: Int = 50, updatedSince: String, orderBy: SortOrder = CREATED_ASC): ${T}OffsetPage!
  """Page tokens (at most 100 per page)."""
  ${plural}ByToken(pageSize: Int = 50, pageToken: String, updatedSince: String, orderBy: SortOrder = CREATED_ASC): ${T}TokenPage!
  """Free-text search: records with a text field containing the text, case-insensitive (at most 100)."""
  ${plural}Search(text: String!, first: Int = 50): [${T}!]!
  """Records by id (at most 100 ids); a missing or deleted id is null."""
  ${plural}ByIds(ids: [ID!]!): [${T}]!
  ${T.toLowerCase()}(id: ID!): ${T}
}
extend type Mutation {
  create${T}(input: ${T}Input!): ${T}
  update${T}(id: ID!, input: ${T}Input!): ${T}
  delete${T}(id: ID!): DeletePayload
  upsert${T}(${UPSERT_KEYS[plural]}: String!, input: ${T}Input!): Upsert${T}Payload
}
`;
}

const SDL = `
type Address {
  street: String
  city: String
  state: String
  postalCode: String
  country: String
}
input AddressInput {
  street: String
  city: String
  state: String
  postalCode: String
  country: String
}
type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}
enum SortOrder {
  CREATED_ASC
  UPDATED_ASC
  UPDATED_DESC
}
type DeletePayload {
  id: ID!
  deleted: Boolean!
}
"""GitHub-style rate limit status: points of the current window."""
type RateLimit {
  limit: Int!
  cost: Int!
  remaining: Int!
  resetAt: String!
}
type Query {
  rateLimit: RateLimit!
}
type Mutation {
  _noop: Boolean
}
${Object.entries(TYPES)
	.map(([plural, spec]) => typeSdl(plural, spec))
	.join('\n')}
`;

module.exports = { SDL, TYPES, UPSERT_KEYS };

'use strict';

const { TABLES, isLookup } = require('./schema');
const { dvError } = require('./records');

/**
 * Table metadata as the Web API serves it
 * (learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api):
 * - `GET EntityDefinitions` (LogicalName, EntitySetName, PrimaryIdAttribute,
 *   PrimaryNameAttribute, DisplayName.UserLocalizedLabel.Label, ChangeTrackingEnabled, TableType);
 * - `GET EntityDefinitions(LogicalName='contact')` and `.../Attributes`
 *   (LogicalName, AttributeType, RequiredLevel, IsValidForCreate/Update, MaxLength, Targets);
 * - `GET .../Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet`
 *   (choice columns with their options);
 * - `GET .../Keys` (alternate keys: SchemaName, KeyAttributes, EntityKeyIndexStatus).
 */

const label = (text) => ({ UserLocalizedLabel: { Label: text, LanguageCode: 1033 }, LocalizedLabels: [{ Label: text, LanguageCode: 1033 }] });

const ATTRIBUTE_TYPE = { String: 'String', Memo: 'Memo', Integer: 'Integer', BigInt: 'BigInt', Money: 'Money', Decimal: 'Decimal', Boolean: 'Boolean', DateTime: 'DateTime', DateOnly: 'DateTime', Picklist: 'Picklist', State: 'State', Status: 'Status', Lookup: 'Lookup', Customer: 'Customer', Owner: 'Owner', Uniqueidentifier: 'Uniqueidentifier' };

/** @param {string} table */
function entityJson(table) {
	const s = TABLES[table];
	return {
		MetadataId: `e0000000-0000-4000-8000-${String(Object.keys(TABLES).indexOf(table) + 1).padStart(12, '0')}`,
		LogicalName: table,
		SchemaName: table[0].toUpperCase() + table.slice(1),
		EntitySetName: s.entitySet,
		PrimaryIdAttribute: s.primaryId,
		PrimaryNameAttribute: s.primaryName,
		DisplayName: label(s.display),
		DisplayCollectionName: label(`${s.display}s`),
		IsActivity: Boolean(s.activity),
		IsCustomEntity: table.includes('_'),
		ChangeTrackingEnabled: Boolean(s.changeTracking),
		TableType: 'Standard',
	};
}

/** @param {string} table @param {any} a */
function attributeJson(table, a) {
	const s = TABLES[table];
	const system = ['createdon', 'modifiedon', 'versionnumber', 'createdby', 'modifiedby'].includes(a.name);
	const out = {
		'@odata.type': `#Microsoft.Dynamics.CRM.${ATTRIBUTE_TYPE[a.type] === 'Picklist' ? 'PicklistAttributeMetadata' : `${ATTRIBUTE_TYPE[a.type] ?? 'String'}AttributeMetadata`}`,
		LogicalName: a.name,
		SchemaName: a.name,
		AttributeType: ATTRIBUTE_TYPE[a.type] ?? 'String',
		AttributeTypeName: { Value: `${ATTRIBUTE_TYPE[a.type] ?? 'String'}Type` },
		DisplayName: label(a.name === s.primaryId ? s.display : a.name),
		IsPrimaryId: a.name === s.primaryId,
		IsPrimaryName: a.name === s.primaryName,
		IsValidForCreate: !a.readOnly && !system,
		IsValidForUpdate: !a.readOnly && !system && a.name !== s.primaryId,
		IsValidForRead: true,
		IsCustomAttribute: a.name.includes('_') && !a.name.startsWith('address1_'),
		RequiredLevel: { Value: a.required ? 'SystemRequired' : 'None' },
	};
	if (a.maxLength !== undefined) out.MaxLength = a.maxLength;
	if (a.type === 'DateOnly') out.Format = 'DateOnly';
	if (isLookup(a)) out.Targets = a.targets;
	return out;
}

/**
 * @param {ReturnType<import('./store').createStore>} store
 * @param {{ baseUrl: () => string }} env
 */
function createMetadata(store, env) {
	const ctxUrl = (what) => `${env.baseUrl()}/api/data/v9.2/$metadata#${what}`;

	/** @param {any} ctx @param {string} path below the service root, starting with EntityDefinitions */
	function handle(ctx, path) {
		if (ctx.method !== 'GET') return dvError(405, '0x80060888', 'Metadata is read-only here.');
		if (path === '/EntityDefinitions') {
			const f = ctx.query.$filter;
			const m = f === undefined ? undefined : /^EntitySetName eq '([^']*)'$/.exec(f);
			if (f !== undefined && !m) return dvError(400, '0x80060888', `The emulator filters EntityDefinitions by EntitySetName eq '…' only, not '${f}'.`);
			const tables = Object.keys(TABLES).filter((t) => !m || TABLES[t].entitySet === m[1]);
			return { status: 200, body: { '@odata.context': ctxUrl('EntityDefinitions'), value: tables.map(entityJson) } };
		}
		const m = /^\/EntityDefinitions\(LogicalName='([a-z_0-9]+)'\)(\/Attributes(\/Microsoft\.Dynamics\.CRM\.PicklistAttributeMetadata)?|\/Keys|\/ManyToOneRelationships)?$/.exec(path);
		if (!m) return dvError(404, '0x80060888', `Resource not found for the segment '${path}'.`);
		const table = m[1];
		if (!TABLES[table]) return dvError(404, '0x80040217', `Could not find an entity with the logical name '${table}'.`);
		if (!m[2]) return { status: 200, body: { '@odata.context': ctxUrl('EntityDefinitions/$entity'), ...entityJson(table) } };
		if (m[2] === '/ManyToOneRelationships') {
			// One relationship per lookup column and target: the navigation property a write binds through.
			const value = TABLES[table].attributes
				.filter((a) => isLookup(a) && a.nav)
				.flatMap((a) => Object.entries(a.nav).map(([target, nav]) => ({ SchemaName: `${table}_${a.name}_${target}`, ReferencingEntity: table, ReferencingAttribute: a.name, ReferencedEntity: target, ReferencingEntityNavigationPropertyName: nav })));
			return { status: 200, body: { '@odata.context': ctxUrl(`EntityDefinitions('${table}')/ManyToOneRelationships`), value } };
		}
		if (m[2] === '/Keys') {
			return {
				status: 200,
				body: {
					'@odata.context': ctxUrl(`EntityDefinitions('${table}')/Keys`),
					value: store.keys[table].map((k) => ({ SchemaName: k.name, LogicalName: k.name.toLowerCase(), KeyAttributes: k.attributes, EntityKeyIndexStatus: 'Active', DisplayName: label(k.name) })),
				},
			};
		}
		if (m[3]) {
			const attrs = TABLES[table].attributes.filter((a) => a.type === 'Picklist');
			return {
				status: 200,
				body: {
					'@odata.context': ctxUrl(`EntityDefinitions('${table}')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata(LogicalName,OptionSet())`),
					value: attrs.map((a) => ({ LogicalName: a.name, OptionSet: { Options: a.options.map((o) => ({ Value: o.value, Label: label(o.label) })) } })),
				},
			};
		}
		return { status: 200, body: { '@odata.context': ctxUrl(`EntityDefinitions('${table}')/Attributes`), value: TABLES[table].attributes.map((a) => attributeJson(table, a)) } };
	}

	return { handle };
}

module.exports = { createMetadata };

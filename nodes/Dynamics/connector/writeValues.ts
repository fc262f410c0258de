import type { IDataObject } from 'n8n-workflow';
import type { FieldDescription } from '../../../shared/types';

/*
 * What a user writes → what the Web API takes
 * (webapi/create-entity-web-api, associate-disassociate-entities-using-web-api):
 * - a choice column by its label ("Email") or its value (2): the label becomes the value;
 * - a lookup column named by its logical name (`parentcustomerid`) with a row
 *   reference (`accounts(<id>)`, `/accounts(<id>)`, or a bare id when the lookup
 *   has one target) becomes `<navigation property>@odata.bind: "/<set>(<id>)"`,
 *   the navigation property read from the table's ManyToOneRelationships;
 * - `<nav>@odata.bind` keys and every other column pass as they are.
 */

/** A lookup's navigation property per target table, and the entity set of each target. */
export interface LookupInfo {
	/** column → target logical name → navigation property. */
	navigation: Map<string, Map<string, string>>;
	/** entity set → logical name, and back. */
	setToLogical: Map<string, string>;
	logicalToSet: Map<string, string>;
}

const REFERENCE = /^\/?([A-Za-z_][A-Za-z0-9_]*)\(([0-9a-fA-F-]{36})\)$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * Whether the fields need the table's metadata: a row reference as a value, an
 * empty text (a choice or lookup column left empty is not written; only the
 * metadata tells which columns those are), or a text value for a column named
 * like a choice column (Dataverse names them `…code`: industrycode,
 * preferredcontactmethodcode, prioritycode, statecode).
 */
export function needsMetadata(fields: IDataObject): boolean {
	return Object.entries(fields).some(([k, v]) => !k.includes('@') && typeof v === 'string' && (v.trim() === '' || REFERENCE.test(v.trim()) || (/code$/.test(k) && !/^-?\d+$/.test(v.trim()))));
}

/** Converts one item's fields; throws `field "x": reason` for a label or reference that cannot be resolved. */
export function convertFields(fields: IDataObject, columns: FieldDescription[], lookups: LookupInfo): IDataObject {
	const byName = new Map(columns.map((c) => [c.name, c]));
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(fields)) {
		const column = byName.get(key);
		const choiceOrLookup = column && (column.options?.length || lookups.navigation.has(key));
		// An empty text for a choice or lookup is "not given" (an item without a value in the Columns list), not a value.
		if (choiceOrLookup && typeof value === 'string' && value.trim() === '') continue;
		if (!column || key.includes('@') || value === null || value === undefined) {
			out[key] = value;
			continue;
		}
		const navs = lookups.navigation.get(key);
		if (navs && typeof value === 'string' && value.trim()) {
			const text = value.trim();
			const ref = REFERENCE.exec(text);
			let target: string | undefined;
			let id: string;
			if (ref) {
				target = lookups.setToLogical.get(ref[1]);
				id = ref[2];
				if (!target || !navs.has(target)) throw new Error(`field "${key}": "${ref[1]}" is not a table this lookup can point to (${[...navs.keys()].join(', ')})`);
			} else if (GUID.test(text) && navs.size === 1) {
				target = [...navs.keys()][0];
				id = text;
			} else {
				throw new Error(`field "${key}": give the row as <entity set>(<id>), e.g. ${lookups.logicalToSet.get([...navs.keys()][0]) ?? 'accounts'}(00000000-0000-0000-0000-000000000000)`);
			}
			out[`${navs.get(target)}@odata.bind`] = `/${lookups.logicalToSet.get(target)}(${id.toLowerCase()})`;
			continue;
		}
		if (column.options?.length && typeof value === 'string' && !/^-?\d+$/.test(value.trim())) {
			const match = column.options.find((o) => o.label.toLowerCase() === value.trim().toLowerCase());
			if (!match) throw new Error(`field "${key}": "${value}" is not one of its choices (${column.options.map((o) => o.label).join(', ')})`);
			out[key] = Number(match.value);
			continue;
		}
		if (column.options?.length && typeof value === 'string') {
			out[key] = Number(value.trim());
			continue;
		}
		out[key] = value;
	}
	return out;
}

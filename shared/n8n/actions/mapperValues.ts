import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/*
 * Reading a resource mapper parameter ("Define Fields: Map Each Field") item by item, the
 * same for every CRM: "Map Automatically" takes the item's own keys that are writable fields,
 * "Define Below" the values set in the mapper (expressions resolved per item). A CRM only
 * says which fields are writable and how a value is written (dates, choices).
 */

/** Whether the mapper is in "Map Automatically" mode (read from the first item, as n8n saves one mode per node). */
export function mapsAutomatically(ctx: IExecuteFunctions, parameter: string): boolean {
	return ctx.getNodeParameter(`${parameter}.mappingMode`, 0, 'defineBelow') === 'autoMapInputData';
}

/**
 * The mapper's values per item: null and undefined left out, every other value through
 * `convert`. `writable` is needed (and used) only in "Map Automatically" mode.
 */
export function mapperItemValues(
	ctx: IExecuteFunctions,
	options: { parameter: string; items: INodeExecutionData[]; writable?: ReadonlySet<string>; convert: (key: string, value: unknown) => IDataObject[string] },
): (itemIndex: number) => IDataObject {
	const auto = mapsAutomatically(ctx, options.parameter);
	return (itemIndex) => {
		let raw: IDataObject;
		if (auto) {
			const json = options.items[itemIndex].json;
			raw = {};
			for (const key of Object.keys(json)) if (options.writable?.has(key)) raw[key] = json[key];
		} else {
			raw = (ctx.getNodeParameter(`${options.parameter}.value`, itemIndex, {}) ?? {}) as IDataObject;
		}
		const out: IDataObject = {};
		for (const [key, value] of Object.entries(raw)) {
			if (value === null || value === undefined) continue;
			out[key] = options.convert(key, value);
		}
		return out;
	};
}

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** How an action names one record and several of a resource ("a contact", "contacts"). */
export interface ResourceNoun {
	one: string;
	many: string;
}

/**
 * The resource's noun, from its option name: "Meeting (Appointment)" → meeting /
 * meetings, "Activity" → activity / activities. `overrides` for the ones that read
 * wrong that way ("Custom Object" is a record of a custom object, not an object type).
 */
function nounOf(option: INodePropertyOptions, overrides: Record<string, ResourceNoun>): ResourceNoun {
	const value = String(option.value);
	if (overrides[value]) return overrides[value];
	const one = option.name.replace(/\s*\(.*\)\s*$/, '').toLowerCase();
	const many = /[^aeiou]y$/.test(one) ? `${one.slice(0, -1)}ies` : `${one}s`;
	return { one, many };
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

/** "Create a record" → "Create a contact", "Get many records" → "Get many contacts". */
function actionFor(action: string, noun: ResourceNoun): string {
	return action.replace(/\ba record\b/, article(noun.one)).replace(/\brecords\b/, noun.many).replace(/\bthe record\b/, `the ${noun.one}`);
}

/**
 * One Operation property per resource, each shown for its resource only and naming
 * its actions for it ("Create a contact"), as n8n's own nodes do: n8n's node panel
 * lists a node's actions under each resource by their `action` text, and the same
 * "Create a record" under every heading reads like a list of duplicates (issue 20).
 * The parameter name, values and defaults stay those of `operations`, so saved
 * workflows keep their operation.
 */
export function operationsPerResource(
	resource: INodeProperties,
	operations: INodeProperties[],
	overrides: Record<string, ResourceNoun> = {},
): INodeProperties[] {
	const nouns = new Map((resource.options as INodePropertyOptions[]).map((o) => [String(o.value), nounOf(o, overrides)]));
	return operations.flatMap((operation) => {
		const shown = (operation.displayOptions?.show?.resource as string[] | undefined) ?? [...nouns.keys()];
		return shown.map(
			(value): INodeProperties => ({
				...operation,
				displayOptions: { ...operation.displayOptions, show: { ...operation.displayOptions?.show, resource: [value] } },
				options: (operation.options as INodePropertyOptions[]).map((o) => (o.action ? { ...o, action: actionFor(o.action, nouns.get(value)!) } : o)),
			}),
		);
	});
}

import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * Event types of HubSpot's webhooks API (v3, `eventType` of a subscription and
 * `subscriptionType` of a delivered event), per object.
 */
const OBJECT_EVENTS: Record<string, { label: string; actions: string[] }> = {
	contact: {
		label: 'Contact',
		actions: ['creation', 'deletion', 'propertyChange', 'associationChange', 'merge', 'restore', 'privacyDeletion'],
	},
	company: { label: 'Company', actions: ['creation', 'deletion', 'propertyChange', 'associationChange', 'merge', 'restore'] },
	deal: { label: 'Deal', actions: ['creation', 'deletion', 'propertyChange', 'associationChange', 'merge', 'restore'] },
	ticket: { label: 'Ticket', actions: ['creation', 'deletion', 'propertyChange', 'associationChange', 'merge', 'restore'] },
	product: { label: 'Product', actions: ['creation', 'deletion', 'propertyChange', 'merge', 'restore'] },
	line_item: { label: 'Line Item', actions: ['creation', 'deletion', 'propertyChange', 'associationChange', 'merge', 'restore'] },
	conversation: { label: 'Conversation', actions: ['creation', 'deletion', 'propertyChange', 'newMessage', 'privacyDeletion'] },
};

const ACTION_LABELS: Record<string, string> = {
	creation: 'Created',
	deletion: 'Deleted',
	propertyChange: 'Property Changed',
	associationChange: 'Association Changed',
	merge: 'Merged',
	restore: 'Restored',
	privacyDeletion: 'Deleted for Privacy (GDPR)',
	newMessage: 'New Message',
};

export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = Object.entries(OBJECT_EVENTS)
	.flatMap(([object, { label, actions }]) =>
		actions.map((action) => ({
			name: `${label} ${ACTION_LABELS[action]}`,
			value: `${object}.${action}`,
			description: `HubSpot event type ${object}.${action}`,
		})),
	)
	.sort((a, b) => a.name.localeCompare(b.name));

export const PROPERTY_CHANGE_TYPES = Object.keys(OBJECT_EVENTS).map((object) => `${object}.propertyChange`);

export const OBJECT_TYPE_OPTIONS: INodePropertyOptions[] = Object.entries(OBJECT_EVENTS)
	.map(([value, { label }]) => ({ name: label, value }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** Object type ids of HubSpot's generic (`object.*`) events, mapped to the names above. */
const OBJECT_TYPE_IDS: Record<string, string> = {
	'0-1': 'contact',
	'0-2': 'company',
	'0-3': 'deal',
	'0-5': 'ticket',
	'0-7': 'product',
	'0-8': 'line_item',
};

/** The object an event is about: the prefix of `subscriptionType`, or its `objectTypeId` for generic events. */
export function objectTypeOf(event: { subscriptionType?: unknown; objectTypeId?: unknown }): string | undefined {
	const type = typeof event.subscriptionType === 'string' ? event.subscriptionType : '';
	const prefix = type.includes('.') ? type.slice(0, type.indexOf('.')) : '';
	if (prefix && prefix !== 'object') return prefix;
	const id = typeof event.objectTypeId === 'string' ? event.objectTypeId : undefined;
	return id ? (OBJECT_TYPE_IDS[id] ?? id) : undefined;
}

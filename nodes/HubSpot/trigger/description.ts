import type { INodeProperties } from 'n8n-workflow';
import { EVENT_TYPE_OPTIONS, OBJECT_TYPE_OPTIONS, PROPERTY_CHANGE_TYPES } from './eventTypes';

export const MANUAL_SETUP_NOTICE =
	"Set the webhook up in your HubSpot developer app (legacy public app → Webhooks): " +
	"1) Target URL: this node's Production URL (shown under Webhook URLs above; use the Test URL only while testing). " +
	'2) Create a subscription for each event you need (e.g. contact.creation, or deal.propertyChange with the property) and activate it. ' +
	"3) Copy the app's Client Secret (Auth tab) into the Client Secret field of this node's HubSpot Developer App credential; App ID and Developer API Key can stay empty. " +
	'The node rejects (401) every request whose HubSpot signature does not match that secret.';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Subscription Management',
		name: 'subscriptionManagement',
		type: 'options',
		options: [
			{
				name: 'Automatic (Developer API Key)',
				value: 'automatic',
				description: "The node sets the app's target URL and creates its subscriptions on activation, and removes them on deactivation",
			},
			{
				name: 'Manual (Set in Your App)',
				value: 'manual',
				description: 'You set the target URL and subscriptions in the HubSpot app yourself; only the client secret is needed',
			},
		],
		default: 'automatic',
	},
	{
		displayName: MANUAL_SETUP_NOTICE,
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { subscriptionManagement: ['manual'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Event',
		default: {},
		description:
			'Automatic: the subscriptions to create. Manual: the events to let through (leave empty to let every subscribed event through).',
		options: [
			{
				name: 'event',
				displayName: 'Event',
				values: [
					{
						displayName: 'Event Type',
						name: 'eventType',
						type: 'options',
						options: EVENT_TYPE_OPTIONS,
						default: 'contact.creation',
					},
					{
						displayName: 'Property Name',
						name: 'propertyName',
						type: 'string',
						default: '',
						required: true,
						placeholder: 'e.g. email',
						description: 'Internal name of the property to watch',
						displayOptions: { show: { eventType: PROPERTY_CHANGE_TYPES } },
					},
				],
			},
		],
	},
	{
		displayName: 'Ignore Our Own Changes',
		name: 'ignoreOwnChanges',
		type: 'boolean',
		default: false,
		description:
			'Whether to drop events caused by writes of your own integration (e.g. a CRM Pack sync writing back to HubSpot), so they do not loop',
	},
	{
		displayName: 'Own Source IDs',
		name: 'ownSourceIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1234567',
		description:
			"Comma-separated sourceId values HubSpot puts on events caused by your writes: the ID of the app (private app or OAuth app) your HubSpot (CRM Pack) credential writes with. Leave empty to match on Change Sources alone (drops every integration's writes).",
		displayOptions: { show: { ignoreOwnChanges: [true] } },
	},
	{
		displayName: 'Own Change Sources',
		name: 'ownChangeSources',
		type: 'string',
		default: 'INTEGRATION',
		description: 'Comma-separated changeSource values of your writes (HubSpot uses INTEGRATION for changes made by apps)',
		displayOptions: { show: { ignoreOwnChanges: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Accept Legacy Signatures (V1/V2)',
				name: 'acceptLegacySignatures',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept requests signed only with the older X-HubSpot-Signature (v1/v2). These carry no timestamp, so a captured request could be replayed; only repeated event IDs are caught.',
			},
			{
				displayName: 'Max Concurrent Requests',
				name: 'maxConcurrentRequests',
				type: 'number',
				typeOptions: { minValue: 5 },
				default: 10,
				description: 'Automatic mode: how many webhook requests HubSpot may send at once (app throttling setting)',
			},
			{
				displayName: 'Object Types',
				name: 'objectTypes',
				type: 'multiOptions',
				options: OBJECT_TYPE_OPTIONS,
				default: [],
				description: 'Only let events about these objects through (empty = all)',
			},
			{
				displayName: 'Public Webhook URL',
				name: 'publicUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…/webhook',
				description:
					"The URL HubSpot calls, if it differs from n8n's Production URL (e.g. a reverse proxy that rewrites paths). HubSpot signs this URL, so it must match exactly.",
			},
			{
				displayName: 'Replace Existing Target URL',
				name: 'replaceTargetUrl',
				type: 'boolean',
				default: false,
				description:
					'Whether, in automatic mode, to point the app at this node even if it already sends its webhooks elsewhere (HubSpot allows one target URL per app)',
			},
		],
	},
];

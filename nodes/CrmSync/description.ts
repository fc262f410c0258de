import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { INPUT_SIDE, sideCrms } from './connectors';
import { DEFAULT_KEYS } from './fields';
import { SIDES_PARAMETER, sidePairOptions, sidePairs } from './sidePairs';
import { stateStoreProperties } from './state';
import { namedProperties } from './named';
import { sliceProperties } from './slices';

/** The operations that sync: a whole run, or only the records the input names (live changes). */
const SYNCS = ['sync', 'syncNamed'];
const SYNC = { show: { operation: SYNCS } };

/** The kinds Record Kind offers, in its order. */
const RECORD_KINDS = ['contact', 'lead', 'company', 'deal', 'appointment', 'task', 'note'] as const;

const sideOptions = [
	...sideCrms().map((crm) => ({ name: crm.displayName, value: crm.value })),
	{ name: 'Records From Input', value: INPUT_SIDE, description: 'The items arriving on this node (e.g. rows from a database node)' },
];

/** Version 1's Side A / Side B (kept as they were for workflows saved with version 1). */
function sideProperties(side: 'a' | 'b', fallback: string): INodeProperties[] {
	const upper = side.toUpperCase();
	const param = `side${upper}`;
	const v1 = { '@version': [1] };
	return [
		{
			displayName: `Side ${upper}`,
			name: param,
			type: 'options',
			options: sideOptions,
			default: fallback,
			displayOptions: { show: { ...v1, operation: SYNCS } },
			description: `Where side ${upper}'s records come from. Two sides of the same CRM need one side as Records from Input (n8n gives a node one credential per type).`,
		},
		...inputSideProperties(side, { ...v1, [param]: [INPUT_SIDE] }),
	];
}

/** A Records From Input side's ID field and completeness, shown when `when` holds. */
function inputSideProperties(side: 'a' | 'b', when: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	const upper = side.toUpperCase();
	return [
		{
			displayName: `Side ${upper} ID Field`,
			name: `${side}IdField`,
			type: 'string',
			default: 'id',
			displayOptions: { show: { operation: SYNCS, ...when } },
			description: 'The input field holding each record\'s ID (e.g. the primary key of the row)',
		},
		{
			displayName: `Side ${upper} Input Has All Records`,
			name: `${side}InputComplete`,
			type: 'boolean',
			default: true,
			displayOptions: { show: { operation: SYNCS, ...when } },
			description:
				'Whether the input holds every record of this side (a missing record was deleted) rather than only the changed ones',
		},
	];
}

/** Version 2: both sides in one parameter, so each CRM's credential shows only when a side is that CRM (sidePairs.ts). */
function sidesProperties(): INodeProperties[] {
	const v2 = { '@version': [2, 3] }; // a plain list: display conditions (_cnd) are newer than n8n 1.50
	const withInput = (side: 'a' | 'b') => sidePairs().filter((p) => p[side] === INPUT_SIDE).map((p) => p.value);
	return [
		{
			displayName: 'Sides',
			name: SIDES_PARAMETER,
			type: 'options',
			options: sidePairOptions(),
			default: `${sideCrms()[0].value}:${INPUT_SIDE}`,
			displayOptions: { show: { ...v2, operation: SYNCS } },
			description:
				'The two sides to sync: a CRM and another CRM, or a CRM and the records arriving on this node (Records From Input). Two accounts of the same CRM: use that CRM\'s action node to feed Records From Input.',
		},
		...inputSideProperties('a', { ...v2, [SIDES_PARAMETER]: withInput('a') }),
		...inputSideProperties('b', { ...v2, [SIDES_PARAMETER]: withInput('b') }),
	];
}

export const syncProperties: INodeProperties[] = [
	{
		// A sentence, as n8n's own notices read (issue 20); shown only for the store it is true of.
		displayName:
			'With Workflow Static Data, the sync state is saved only when the workflow runs active (published): a manual run writes to both sides but does not remember what it synced. Choose Data Table under State Store to keep it for manual runs too.',
		name: 'notice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: SYNCS, stateStore: ['staticData'] } },
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Get Status', value: 'getStatus', action: 'Get the sync status', description: 'Last run, links, pending writes and open conflicts' },
			{ name: 'Reset State', value: 'resetState', action: 'Reset the sync state', description: 'Forget links and cursors; the next run matches records by key again' },
			{ name: 'Resolve Conflict', value: 'resolveConflict', action: 'Resolve a sync conflict', description: 'Choose the winner of a conflict; the next run writes it' },
			{ name: 'Sync', value: 'sync', action: 'Sync records between two sides', description: 'Compare both sides with the last sync and write the changes' },
			{
				name: 'Sync Named Records',
				value: 'syncNamed',
				action: 'Sync the records named by the input',
				description:
					"Sync only the records the input items name (a CRM trigger's events, a database trigger's rows), with the same saved state as a Sync node of the same State Key: for changes within seconds",
			},
		],
		default: 'sync',
	},
	...namedProperties,
	// Side A's default is the first CRM of the list, which stays first: workflows saved with the default rely on it.
	...sideProperties('a', sideCrms()[0].value),
	...sideProperties('b', INPUT_SIDE),
	...sidesProperties(),
	{
		displayName: 'Record Kind',
		name: 'recordKind',
		type: 'options',
		options: [
			{ name: 'Appointment', value: 'appointment' },
			{ name: 'Company', value: 'company' },
			{ name: 'Contact', value: 'contact' },
			{ name: 'Deal', value: 'deal' },
			{ name: 'Lead', value: 'lead' },
			{ name: 'Note', value: 'note' },
			{ name: 'Task', value: 'task' },
		],
		default: 'contact',
		displayOptions: SYNC,
		description: 'The CRM-neutral kind of record synced; each CRM side reads and writes its own record type for it',
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Both Ways', value: 'both' },
			{ name: 'A → B', value: 'aToB' },
			{ name: 'B → A', value: 'bToA' },
		],
		default: 'both',
		displayOptions: SYNC,
	},
	{
		displayName: 'Key Fields',
		name: 'keyFields',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Key Field',
		default: {},
		displayOptions: SYNC,
		description: 'Neutral fields that together identify a record on both sides. Empty: the kind\'s usual key (email for contacts, domain for companies).',
		// n8n shows an empty fixed collection as "Currently no items exist": the hint says which key applies then (issue 20)
		hint: `None added: the kind's usual key applies (${RECORD_KINDS.map((k) => `${k} by ${DEFAULT_KEYS[k].join(' + ')}`).join(', ')})`,
		options: [
			{
				displayName: 'Key',
				name: 'key',
				values: [
					{ displayName: 'Field', name: 'field', type: 'string', default: '', placeholder: 'email' },
					{
						displayName: 'Match',
						name: 'match',
						type: 'options',
						options: [
							{ name: 'Text (Ignore Case and Extra Spaces)', value: 'text' },
							{ name: 'Email (Ignore Case and Spaces)', value: 'email' },
							{ name: 'Phone (E.164)', value: 'phone' },
							{ name: 'Exact', value: 'exact' },
						],
						default: 'text',
					},
				],
			},
		],
	},
	{
		displayName: 'Fields to Sync',
		name: 'fields',
		type: 'string',
		default: '',
		placeholder: 'email, firstName, lastName, phone',
		displayOptions: SYNC,
		description:
			'Comma-separated neutral field names. Empty: the kind\'s common fields that both sides can write (contacts: email, firstName, lastName, phone, company, jobTitle; Pipedrive cannot write jobTitle). Other fields are left alone on both sides.',
	},
	{
		displayName: 'Field Overrides',
		name: 'fieldOverrides',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field Override',
		default: {},
		displayOptions: SYNC,
		description: 'Per field: its own direction, and the column (input side) or vendor property (CRM side) it maps to on each side',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Neutral Field', name: 'name', type: 'string', default: '', placeholder: 'phone' },
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Same as Sync', value: 'default' },
							{ name: 'Both Ways', value: 'both' },
							{ name: 'A → B Only', value: 'aToB' },
							{ name: 'B → A Only', value: 'bToA' },
						],
						default: 'default',
					},
					{ displayName: 'Side A Field', name: 'aField', type: 'string', default: '', description: 'Column or vendor property on side A; empty = the neutral mapping' },
					{ displayName: 'Side B Field', name: 'bField', type: 'string', default: '', description: 'Column or vendor property on side B; empty = the neutral mapping' },
				],
			},
		],
	},
	{
		displayName: 'Conflict Strategy',
		name: 'conflictStrategy',
		type: 'options',
		options: [
			{ name: 'A Wins', value: 'aWins' },
			{ name: 'B Wins', value: 'bWins' },
			{ name: 'Field-Level Merge', value: 'fieldMerge', description: 'Fields changed on one side only are merged; fields changed on both follow the fallback' },
			{ name: 'Manual Review', value: 'manual', description: 'Nothing is written for the record; it goes to the Conflicts output until resolved' },
			{ name: 'Most Recently Modified Wins', value: 'mostRecent' },
		],
		default: 'mostRecent',
		displayOptions: SYNC,
		description: 'What happens when a record changed on both sides since the last sync',
	},
	{
		displayName: 'Merge Fallback',
		name: 'mergeFallback',
		type: 'options',
		options: [
			{ name: 'Most Recent', value: 'mostRecent' },
			{ name: 'A Wins', value: 'a' },
			{ name: 'B Wins', value: 'b' },
		],
		default: 'mostRecent',
		displayOptions: { show: { operation: SYNCS, conflictStrategy: ['fieldMerge'] } },
		description: 'Who wins a field changed on both sides',
	},
	{
		displayName: 'Deletes',
		name: 'deleteMode',
		type: 'options',
		options: [
			{ name: 'Ignore', value: 'ignore', description: 'A record deleted on one side is not deleted on the other (nor created again)' },
			{ name: 'Propagate', value: 'propagate' },
			{
				name: 'Propagate as Archive',
				value: 'archive',
				description: 'Records from Input get "archive" rows instead of "delete" ones; a CRM side deletes the way its API does (for some CRMs an archive or recycle bin)',
			},
		],
		default: 'ignore',
		displayOptions: SYNC,
		description: 'Deletions are seen when a side is read in full (records from input with all records, or a full reconcile), and on every run for a CRM that reports them (Dynamics 365 tables with change tracking)',
	},
	{
		displayName: 'Max Share Deleted (%)',
		name: 'maxDeletePercent',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 100 },
		default: 20,
		displayOptions: { show: { operation: SYNCS, deleteMode: ['propagate', 'archive'] } },
		description: 'If more than this share of linked records would be deleted, the run writes nothing and says why',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		displayOptions: SYNC,
		description: 'Whether to output the plan (on the Changes outputs) without writing anything or saving state',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: SYNC,
		options: [
			{
				displayName: 'All or Nothing per Batch',
				name: 'allOrNothing',
				type: 'boolean',
				default: false,
				description:
					'Whether each write call to a CRM side is all or nothing: when one record of a batch fails, none of that batch is written, every record of it goes to Errors (the failing one with its reason, the others as rolled back because of it) and is retried next run. Supported by CRMs whose batch writes can be all or nothing; for the others it is ignored with a warning in the Summary.',
			},
			{ displayName: 'Batch Size', name: 'batchSize', type: 'number', typeOptions: { minValue: 1, maxValue: 100 }, default: 100, description: 'Records per write call (capped at the CRM\'s maximum)' },
			{ displayName: 'Cursor Overlap (Seconds)', name: 'overlapSeconds', type: 'number', typeOptions: { minValue: 0 }, default: 300, description: 'How far before the saved cursor an incremental read starts, for changes the CRM indexed late' },
			{ displayName: 'Default Phone Country', name: 'defaultCountry', type: 'string', default: '', placeholder: 'US', description: 'ISO country for phone keys written without a country code' },
			{ displayName: 'Full Reconcile Every N Runs', name: 'fullReconcileEvery', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Every Nth run reads CRM sides in full (finds deletions and anything missed); 0 = never' },
			{ displayName: 'Incremental', name: 'incremental', type: 'boolean', default: true, description: 'Whether CRM sides read only records changed since the saved cursor' },
			{ displayName: 'Max Attempts per Call', name: 'maxAttempts', type: 'number', typeOptions: { minValue: 1, maxValue: 10 }, default: 5, description: 'Retries for rate limits and server errors (creates are never retried blindly)' },
			{
				displayName: 'Tie Break',
				name: 'tieBreak',
				type: 'options',
				options: [
					{ name: 'A Wins', value: 'a' },
					{ name: 'B Wins', value: 'b' },
				],
				default: 'a',
				description: 'Who wins "most recent" when both times are equal or missing',
			},
			{ displayName: 'Updated At Field (Input)', name: 'updatedAtField', type: 'string', default: 'updatedAt', description: 'Input field with the record\'s last-modified time, for "most recent" conflicts' },
		],
	},
	{
		displayName: 'Find Conflict By',
		name: 'resolveBy',
		type: 'options',
		options: [
			{ name: 'Side A Record ID', value: 'a' },
			{ name: 'Side B Record ID', value: 'b' },
		],
		default: 'a',
		displayOptions: { show: { operation: ['resolveConflict'] } },
	},
	{
		displayName: 'Record ID',
		name: 'recordId',
		type: 'string',
		default: '={{ $json.aId }}',
		required: true,
		displayOptions: { show: { operation: ['resolveConflict'] } },
	},
	{
		displayName: 'Winner',
		name: 'winner',
		type: 'options',
		options: [
			{ name: 'Side A', value: 'a' },
			{ name: 'Side B', value: 'b' },
			{ name: 'These Values', value: 'values', description: 'Written to both sides' },
		],
		default: 'a',
		displayOptions: { show: { operation: ['resolveConflict'] } },
	},
	{
		displayName: 'Values',
		name: 'values',
		type: 'json',
		default: '{}',
		displayOptions: { show: { operation: ['resolveConflict'], winner: ['values'] } },
		description: 'Neutral field values that win, e.g. {"phone": "+14155550123"}',
	},
	...stateStoreProperties,
	...sliceProperties,
];

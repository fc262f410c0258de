/** One problem with one field; `field` is a path such as "address.city" or "attendees[2]", '' for the record as a whole. */
export interface FieldIssue {
	field: string;
	reason: string;
}

/**
 * A plain Error so shared/ stays independent of the n8n node instance; nodes turn
 * it into NodeOperationError with `{ itemIndex }`. The message names the first
 * problem; `issues` lists all of them, so a user fixing a sheet sees every field.
 */
export class NeutralValidationError extends Error {
	readonly itemIndex: number | undefined;
	readonly field: string;
	readonly reason: string;
	readonly issues: FieldIssue[];

	constructor(issues: FieldIssue[], itemIndex?: number) {
		const first = issues[0] ?? { field: '', reason: 'the record is not valid' };
		super(formatIssue(first, itemIndex));
		this.name = 'NeutralValidationError';
		this.itemIndex = itemIndex;
		this.field = first.field;
		this.reason = first.reason;
		this.issues = issues.length > 0 ? issues : [first];
	}
}

/** `Item 3: field "email": "x" is not a valid email address: ...`; the index is printed as given (n8n's is 0-based). */
export function formatIssue(issue: FieldIssue, itemIndex?: number): string {
	const body = issue.field ? `field "${issue.field}": ${issue.reason}` : issue.reason;
	if (itemIndex !== undefined) return `Item ${itemIndex}: ${body}`;
	return body.charAt(0).toUpperCase() + body.slice(1);
}

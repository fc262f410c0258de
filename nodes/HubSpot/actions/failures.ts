import type { FailedOutcome } from '../../../shared/batching/batch';
import type { FieldIssue } from '../../../shared/model/errors';

const PREFIX = 'Property values were not valid: ';

/**
 * HubSpot reports bad property values as one VALIDATION_ERROR whose message
 * ends in a JSON list, one entry per property: `Property values were not
 * valid: [{"isValid":false,"message":"Email address x is invalid",
 * "error":"INVALID_EMAIL","name":"email",...}]` (the shape of HubSpot's
 * answers to batch and single writes). This reads that list into one reason
 * per property, so an error item names the field and HubSpot's reason instead
 * of the raw JSON. Anything else is left as HubSpot said it.
 */
export function explainHubSpotFailure(outcome: FailedOutcome): FieldIssue[] | undefined {
	const at = outcome.message.indexOf(PREFIX);
	if (at < 0) return undefined;
	const rest = outcome.message.slice(at + PREFIX.length);
	// The list may be followed by more text; try the longest candidate first.
	for (let end = rest.lastIndexOf(']'); end > 0; end = rest.lastIndexOf(']', end - 1)) {
		let list: unknown;
		try {
			list = JSON.parse(rest.slice(0, end + 1));
		} catch {
			continue;
		}
		if (!Array.isArray(list)) return undefined;
		const issues = list
			.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
			.map((e) => ({
				field: typeof e.name === 'string' ? e.name : '',
				reason: String(e.message ?? e.localizedErrorMessage ?? e.error ?? 'not valid'),
			}));
		return issues.length ? issues : undefined;
	}
	return undefined;
}

import type { INodeCredentialDescription } from 'n8n-workflow';
import type { CrmDefinition } from '../../shared/types';
import { INPUT_SIDE, sideCrm, sideCredentials, sideCrms } from './connectors';

/**
 * Version 2 of the node picks both sides in one parameter, "Sides" (issue 20).
 * n8n shows a credential by display rules that can require one parameter's value
 * to be one of a list, and several parameters' values at once, but cannot say
 * "Side A or Side B is HubSpot"; and at run time n8n checks a credential type
 * against the first of its declarations only, so one type cannot be declared once
 * per side. With both sides in one parameter, each CRM's credentials are declared
 * once and shown exactly when one of the sides is that CRM.
 */
export const SIDES_PARAMETER = 'sides';

export interface SidePair {
	a: string;
	b: string;
	value: string;
}

const sideName = (value: string): string => (value === INPUT_SIDE ? 'Records From Input' : (sideCrm(value)?.displayName ?? value));

/** Every pair of different sides (a CRM and another CRM or Records From Input), side A first. */
export function sidePairs(): SidePair[] {
	const values = [...sideCrms().map((crm) => crm.value), INPUT_SIDE];
	return values.flatMap((a) => values.filter((b) => b !== a).map((b) => ({ a, b, value: `${a}:${b}` })));
}

export function pairOf(value: string): SidePair | undefined {
	return sidePairs().find((p) => p.value === value);
}

export const sidePairOptions = () =>
	sidePairs().map((p) => ({ name: `A: ${sideName(p.a)} ↔ B: ${sideName(p.b)}`, value: p.value }));

/** 'privateApp' → 'Private App', 'oAuth2' → 'OAuth2', 'apiToken' → 'API Token'. */
function authLabel(auth: string): string {
	const special: Record<string, string> = { oAuth2: 'OAuth2', jwt: 'JWT', apiKey: 'API Key', apiToken: 'API Token' };
	return special[auth] ?? auth.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/**
 * The credentials of every CRM, each declared once: labelled with its CRM (and its
 * kind when the CRM has several), hidden in version 2 unless a side is that CRM.
 * Version 1 has no "Sides" parameter, so nothing hides them there (as before).
 */
export function sideCredentialDescriptions(): INodeCredentialDescription[] {
	return sideCrms().flatMap((crm: CrmDefinition) => {
		const others = sidePairs()
			.filter((p) => p.a !== crm.value && p.b !== crm.value)
			.map((p) => p.value);
		const kinds = sideCredentials(crm);
		return kinds.map(
			(c): INodeCredentialDescription => ({
				name: c.name,
				required: false,
				displayName: kinds.length > 1 ? `${crm.displayName} Credential (${authLabel(c.auth)})` : `${crm.displayName} Credential`,
				displayOptions: { hide: { [SIDES_PARAMETER]: others } },
			}),
		);
	});
}

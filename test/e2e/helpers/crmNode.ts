/**
 * The CRM (CRM Pack) and CRM Search nodes in the light runner, for every CRM of nodes/crms.ts:
 * each CRM's sandbox credential comes from its contract subject (test/contract/subjects.ts), so
 * a CRM that lands with its subject is tested here with no change.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { CONTRACT_SUBJECTS, type ContractSubject } from '../../contract/subjects';
import type { Sandbox } from '../../sandbox';
import { runWorkflow, type CredentialStore, type LightRunResult, type WorkflowJson } from '../lightRunner';

/** The saved credential of a subject's CRM in the light runner's store, and how a node names it. */
export function subjectCredential(sb: Sandbox, subject: ContractSubject, alter?: (data: IDataObject) => IDataObject): { store: CredentialStore; ref: IDataObject } {
	const { type, data: saved } = subject.credential(sb);
	const data = alter ? alter(saved) : saved;
	const id = `${subject.definition.value}-crm`;
	return { store: { [type]: { [id]: data as never } }, ref: { [type]: { id, name: `${subject.definition.displayName} sandbox` } } };
}

/** A workflow with one CRM node (started directly, fed `input`). */
export function crmWorkflow(parameters: IDataObject, credentials: IDataObject, type = 'n8n-nodes-crm-pack.crmPackCrm'): WorkflowJson {
	return {
		name: 'crm node',
		nodes: [{ id: 'crm', name: 'CRM', type, typeVersion: 1, position: [0, 0], parameters, credentials } as never],
		connections: {},
	} as WorkflowJson;
}

/** Runs the CRM node of a subject's CRM with these parameters and items. */
export async function runCrm(
	sb: Sandbox,
	subject: ContractSubject,
	parameters: IDataObject,
	input: IDataObject[] = [{}],
	options: { credential?: (data: IDataObject) => IDataObject } = {},
): Promise<LightRunResult> {
	const { store, ref } = subjectCredential(sb, subject, options.credential);
	const json = crmWorkflow({ crm: subject.definition.value, ...parameters }, ref);
	return runWorkflow(json, { credentials: store, startNode: 'CRM', input: input.map((j) => ({ json: j })) });
}

/** The node's items of a run that must have succeeded. */
export function items(r: LightRunResult, node = 'CRM'): IDataObject[] {
	if (r.error) throw r.error;
	return (r.data[node]?.[0] ?? []).map((i: INodeExecutionData) => i.json);
}

export { CONTRACT_SUBJECTS };

/**
 * The credential with every secret-looking value changed (keys naming a token, key, secret or
 * password, at any depth): what a revoked or mistyped credential looks like to the CRM.
 */
export function spoilSecrets(data: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(data)) {
		if (value && typeof value === 'object' && !Array.isArray(value)) out[key] = spoilSecrets(value as IDataObject);
		else if (typeof value === 'string' && /token|key|secret|password/i.test(key) && value !== '') out[key] = `${value}-revoked`;
		else out[key] = value;
	}
	return out;
}

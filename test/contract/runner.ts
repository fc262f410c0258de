import { resetRateLimiters } from '../../shared/transport/rateLimiter';
import { newStats } from '../../shared/transport/request';
import { startSandbox, type Sandbox } from '../sandbox';
import { CHECKS, ContractViolation, type CheckEnv } from './checks';
import { contractContext } from './context';
import { kindsOf, objectOfKind } from '../../shared/crmDefinition';
import type { ConnectOptions, ContractCheck, NeutralType } from '../../shared/types';
import type { ContractSubject } from './subjects';

export const CHECK_NAMES = Object.keys(CHECKS) as ContractCheck[];

/**
 * A fresh sandbox for every test of the calling describe block (no record,
 * fault or log of one check reaches the next), prepared for the subject, with
 * the process's rate-limit buckets emptied. Returns its getter.
 */
export function sandboxPerTest(subject: ContractSubject): () => Sandbox {
	let sb: Sandbox | undefined;
	beforeEach(async () => {
		resetRateLimiters();
		sb = await startSandbox({ seed: 1 });
		subject.prepare?.(sb);
	});
	afterEach(async () => {
		await sb?.close();
		sb = undefined;
	});
	return () => {
		if (!sb) throw new Error('the sandbox is only there inside a test');
		return sb;
	};
}

/** Opens the subject's connector through its definition's factory for the credential type the subject uses. */
export async function openEnv(sb: Sandbox, subject: ContractSubject, options: ConnectOptions = {}): Promise<CheckEnv> {
	const { type, data } = subject.credential(sb);
	const { definition } = subject;
	const credential = definition.credentials.find((c) => c.name === type);
	if (!credential) throw new Error(`${definition.displayName}'s definition has no credential type ${type}`);
	const connector = await credential.connect(contractContext(type, data), { stats: newStats(), ...options });
	const objectTypeOf = (kind: NeutralType) => {
		const spec = objectOfKind(definition, kind);
		if (!spec) throw new Error(`${definition.displayName}'s definition has no object for ${kind}`);
		return spec.objectType;
	};
	const kinds = kindsOf(definition);
	return { sb, subject, connector, kind: subject.kind, objectType: objectTypeOf(subject.kind), kinds, objectTypeOf };
}

/**
 * Runs one check the way the contract demands: an undeclared check must pass;
 * a check the definition declares impossible (`reason`) must really fail, with
 * the contract broken (a ContractViolation) or the connector refusing with an
 * error of its own, not a crash of the suite (a TypeError); and when the
 * violation names what broke (round-trip fields), the reason must name each of
 * them, so a declaration does not cover later, unrelated losses.
 */
export async function verify(env: CheckEnv, check: ContractCheck, reason: string | undefined): Promise<void> {
	if (reason === undefined) {
		await CHECKS[check](env);
		return;
	}
	let failure: unknown;
	try {
		await CHECKS[check](env);
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) {
		throw new Error(`${check} is declared impossible ("${reason}") but passes: remove it from the definition's limitations`);
	}
	if (!(failure instanceof ContractViolation) && (!(failure instanceof Error) || failure instanceof TypeError)) {
		throw new Error(`${check} is declared impossible, but it failed by crashing, not for a reason: ${String(failure)}`);
	}
	// What broke must be what the reason is about: each field the check names has its (top-level) name in the reason.
	const unexplained = failure instanceof ContractViolation ? failure.about.filter((path) => !reason.toLowerCase().includes(path.split('.')[0].toLowerCase())) : [];
	if (unexplained.length) {
		throw new Error(`${check} is declared impossible ("${reason}"), but it also fails for what the reason does not name: ${unexplained.join(', ')}\n${failure.message}`);
	}
}

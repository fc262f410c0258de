/**
 * The connector contract (issue 8, section 3): every CRM's connector, opened
 * through its definition's connector factory, against its sandbox vendor.
 * A check the definition declares impossible must really fail; every other
 * check must pass. Nothing is skipped. test/contract/README.md says what each
 * check proves and how to add a CRM.
 */
import { CRMS } from '../../nodes/crms';
import { CHECK_NAMES, openEnv, sandboxPerTest, verify } from './runner';
import { CONTRACT_SUBJECTS } from './subjects';

test('every CRM of nodes/crms.ts runs the contract', () => {
	// A CRM may run the contract more than once (the REST CRM: its standard API and a custom resource per paging style).
	expect([...new Set(CONTRACT_SUBJECTS.map((s) => s.definition.value))].sort()).toEqual(CRMS.map((crm) => crm.value).sort());
});

describe.each(CONTRACT_SUBJECTS.map((s) => [s.definition.displayName, s] as const))('%s connector contract', (_name, subject) => {
	const sandbox = sandboxPerTest(subject);

	test('declared limitations name contract checks, each with its reason', () => {
		for (const [check, reason] of Object.entries(subject.definition.limitations ?? {})) {
			expect(CHECK_NAMES).toContain(check);
			expect(typeof reason === 'string' && reason.trim().length > 10).toBe(true);
		}
	});

	for (const check of CHECK_NAMES) {
		const reason = subject.definition.limitations?.[check];
		const title = reason === undefined ? check : `${check}: declared impossible ("${reason}"), and it is`;
		test(title, async () => {
			await verify(await openEnv(sandbox(), subject), check, reason);
		});
	}
});

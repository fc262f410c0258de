/**
 * Pipedrive's API v2 refuses top-level fields its request schemas do not have (issue 19): the
 * pack never sends them, and reads the vendor's own refusal field by field.
 */
import { neutralToPipedrive } from '../../../nodes/Pipedrive/connector/mapping';
import { PipedriveFieldError, pipedriveIssues, refuseUnwritable } from '../../../nodes/Pipedrive/connector/failures';
import { entityOf } from '../../../nodes/Pipedrive/connector/objectTypes';
import type { INode } from 'n8n-workflow';
import { apiError } from '../../../shared/transport/errors';

const node = { id: 'n', name: 'Pipedrive', type: 'crmPackPipedrive', typeVersion: 1, position: [0, 0], parameters: {} } as INode;

describe('v2 bodies', () => {
	it('a person body with job_title and a custom field at the root is refused, each field with its reason', () => {
		let error: unknown;
		try {
			refuseUnwritable(entityOf('persons'), { name: 'Ada', job_title: 'Countess', custom_fields: { abc: 1 }, bogus: 1 });
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(PipedriveFieldError);
		expect((error as PipedriveFieldError).issues.map((i) => i.field)).toEqual(['job_title', 'bogus']);
		expect((error as Error).message).toMatch(/^Field "job_title": a person's job title cannot be written through Pipedrive's API v2 .*; Field "bogus": not a field Pipedrive's API v2 writes on persons; it takes name, /);
	});

	it('activities take no custom fields in v2; the custom field is named', () => {
		expect(() => refuseUnwritable(entityOf('activities'), { subject: 'Call', custom_fields: { f00: 'x' } })).toThrow(
			'Field "f00": a custom field cannot be written on activities through Pipedrive\'s API v2 (its activity bodies take no custom_fields)',
		);
	});

	it('documented fields pass; v1 entities are not checked', () => {
		expect(() => refuseUnwritable(entityOf('deals'), { title: 'T', value: 1, currency: 'EUR', expected_close_date: '2026-01-01', custom_fields: {} })).not.toThrow();
		expect(() => refuseUnwritable(entityOf('notes'), { content: 'x', pinned_to_deal_flag: true })).not.toThrow();
	});

	it("a contact's cleared job title and address are left out (nothing to clear through v2); a value is passed on to be refused by name", () => {
		expect(neutralToPipedrive('contact', { fullName: 'Ada Lovelace', jobTitle: null, address: null })).toEqual({ name: 'Ada Lovelace' });
		expect(neutralToPipedrive('contact', { fullName: 'Ada Lovelace', jobTitle: 'Countess' })).toEqual({ name: 'Ada Lovelace', job_title: 'Countess' });
	});
});

describe("Pipedrive's own refusal, read field by field", () => {
	it('"Invalid field(s) in the payload: a, b" names each field', () => {
		const error = apiError(node, 400, { success: false, error: 'Invalid field(s) in the payload: primary_email, job_title', error_info: 'Please check developers.pipedrive.com', data: null, additional_data: null });
		expect(pipedriveIssues(error, error.message)).toEqual([
			{ field: 'primary_email', reason: 'Pipedrive refused it: not a field of this record (Invalid field(s) in the payload)' },
			{ field: 'job_title', reason: 'Pipedrive refused it: not a field of this record (Invalid field(s) in the payload)' },
		]);
	});

	it('another failure names no field', () => {
		const error = apiError(node, 400, { success: false, error: 'Validation failed: name is required', data: null });
		expect(pipedriveIssues(error, error.message)).toBeUndefined();
	});
});

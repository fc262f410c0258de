import { z } from 'zod';
import {
	addressField,
	associationsField,
	countField,
	currencyField,
	customField,
	dateField,
	dateTimeField,
	domainField,
	emailField,
	emailListField,
	nameField,
	numberField,
	phoneField,
	rawField,
	taskPriorityField,
	taskStatusField,
	textField,
	timeZoneField,
} from './fields';
import type { NeutralKind } from './kinds';

/*
 * The neutral record kinds, in their normalised form (what validateNeutral returns).
 * Objects are strict: an unknown top-level key is an error rather than silently
 * dropped, because vendor-specific data belongs under `custom`, where it is kept.
 */

const common = {
	id: textField(),
	createdAt: dateTimeField(),
	updatedAt: dateTimeField(),
	custom: customField(),
	raw: rawField(),
};

const person = {
	...common,
	firstName: nameField(),
	lastName: nameField(),
	fullName: nameField(),
	email: emailField(),
	phone: phoneField(),
	/** Digits after "x"/"ext." of `phone`, which E.164 cannot hold. */
	phoneExtension: textField(),
	mobilePhone: phoneField(),
	company: textField(),
	jobTitle: textField(),
	ownerId: textField(),
	lifecycleStage: textField(),
	address: addressField(),
};

export const contactShape = z.object(person).strict();

export const leadShape = z
	.object({
		...person,
		status: textField(),
		source: textField(),
	})
	.strict();

export const companyShape = z
	.object({
		...common,
		name: textField(),
		domain: domainField(),
		website: textField(),
		phone: phoneField(),
		phoneExtension: textField(),
		industry: textField(),
		description: textField(),
		numberOfEmployees: countField(),
		annualRevenue: numberField(),
		ownerId: textField(),
		lifecycleStage: textField(),
		address: addressField(),
	})
	.strict();

export const dealShape = z
	.object({
		...common,
		name: textField(),
		amount: numberField(),
		currency: currencyField(),
		stage: textField(),
		pipeline: textField(),
		closeDate: dateField(),
		ownerId: textField(),
		description: textField(),
		associations: associationsField(),
	})
	.strict();

export const appointmentShape = z
	.object({
		...common,
		title: textField(),
		startTime: dateTimeField(),
		endTime: dateTimeField(),
		timeZone: timeZoneField(),
		location: textField(),
		description: textField(),
		attendees: emailListField(),
		ownerId: textField(),
		associations: associationsField(),
	})
	.strict();

export const taskShape = z
	.object({
		...common,
		subject: textField(),
		body: textField(),
		status: taskStatusField(),
		priority: taskPriorityField(),
		/** A date-time, not a date: several CRMs (HubSpot, Dynamics) store a due time. */
		dueDate: dateTimeField(),
		ownerId: textField(),
		associations: associationsField(),
	})
	.strict();

export const noteShape = z
	.object({
		...common,
		body: textField(),
		timestamp: dateTimeField(),
		ownerId: textField(),
		associations: associationsField(),
	})
	.strict();

/** The field-level schemas, without the record-level rules (used for partial updates). */
export const neutralShapes = {
	contact: contactShape,
	company: companyShape,
	deal: dealShape,
	lead: leadShape,
	appointment: appointmentShape,
	task: taskShape,
	note: noteShape,
} satisfies Record<NeutralKind, z.AnyZodObject>;

export interface RecordProblem {
	field: string;
	message: string;
}

const filled = (value: unknown) => value !== undefined && value !== null;

function atLeastOne(record: Record<string, unknown>, fields: string[], kind: string): RecordProblem | undefined {
	if (fields.some((field) => filled(record[field]))) return undefined;
	const list = `${fields.slice(0, -1).join(', ')} or ${fields[fields.length - 1]}`;
	return { field: '', message: `a new ${kind} needs at least one of ${list}` };
}

const PERSON_IDENTITY = ['email', 'phone', 'mobilePhone', 'firstName', 'lastName', 'fullName'];

/**
 * What a *new* record must carry to be meaningful, decided per kind: a contact or
 * lead must be reachable or nameable, a company nameable or matchable by domain,
 * an appointment placed in time, the rest need their headline text. A record with
 * an `id` refers to one that exists, so it may be a partial update.
 */
export const identityRules: Record<NeutralKind, (record: Record<string, unknown>) => RecordProblem | undefined> = {
	contact: (r) => atLeastOne(r, PERSON_IDENTITY, 'contact'),
	lead: (r) => atLeastOne(r, PERSON_IDENTITY, 'lead'),
	company: (r) => atLeastOne(r, ['name', 'domain'], 'company'),
	deal: (r) => (filled(r.name) ? undefined : { field: 'name', message: 'a new deal needs a name' }),
	appointment: (r) => (filled(r.startTime) ? undefined : { field: 'startTime', message: 'a new appointment needs a start time' }),
	task: (r) => (filled(r.subject) ? undefined : { field: 'subject', message: 'a new task needs a subject' }),
	note: (r) => (filled(r.body) ? undefined : { field: 'body', message: 'a new note needs a body' }),
};

/** Rules that hold for any record, partial or not. */
export function consistencyProblem(kind: NeutralKind, record: Record<string, unknown>): RecordProblem | undefined {
	if (kind === 'appointment' && typeof record.startTime === 'string' && typeof record.endTime === 'string') {
		if (Date.parse(record.endTime) < Date.parse(record.startTime)) {
			return { field: 'endTime', message: `${JSON.stringify(record.endTime)} is before the start time ${JSON.stringify(record.startTime)}` };
		}
	}
	return undefined;
}

function withRules<T extends z.AnyZodObject>(kind: NeutralKind, shape: T) {
	return shape.superRefine((record, ctx) => {
		const value = record as Record<string, unknown>;
		const problems = [filled(value.id) ? undefined : identityRules[kind](value), consistencyProblem(kind, value)];
		for (const problem of problems) {
			if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: problem.field ? [problem.field] : [], message: problem.message });
		}
	});
}

export const contactSchema = withRules('contact', contactShape);
export const companySchema = withRules('company', companyShape);
export const dealSchema = withRules('deal', dealShape);
export const leadSchema = withRules('lead', leadShape);
export const appointmentSchema = withRules('appointment', appointmentShape);
export const taskSchema = withRules('task', taskShape);
export const noteSchema = withRules('note', noteShape);

/** Full schemas (field rules plus the record-level rules), keyed by kind. */
export const neutralSchemas = {
	contact: contactSchema,
	company: companySchema,
	deal: dealSchema,
	lead: leadSchema,
	appointment: appointmentSchema,
	task: taskSchema,
	note: noteSchema,
};

export type Contact = z.output<typeof contactShape>;
export type Company = z.output<typeof companyShape>;
export type Deal = z.output<typeof dealShape>;
export type Lead = z.output<typeof leadShape>;
export type Appointment = z.output<typeof appointmentShape>;
export type Task = z.output<typeof taskShape>;
export type Note = z.output<typeof noteShape>;
export type Address = NonNullable<Contact['address']>;
export type Association = NonNullable<Note['associations']>[number];

export interface NeutralRecordMap {
	contact: Contact;
	company: Company;
	deal: Deal;
	lead: Lead;
	appointment: Appointment;
	task: Task;
	note: Note;
}
export type NeutralRecord<K extends NeutralKind = NeutralKind> = NeutralRecordMap[K];

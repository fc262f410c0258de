import { isValidTimeZone, normalizeDate, normalizeDateTime } from './dates';
import type { DateParseOptions } from './dates';
import { normalizeDomain } from './domain';
import { normalizeEmail } from './email';
import type { FieldIssue } from './errors';
import { addressSchema, fieldTypeOf } from './fields';
import type { FieldType } from './fields';
import { isNeutralKind } from './kinds';
import type { NeutralKind } from './kinds';
import { joinName, splitName } from './names';
import { normalizePhone } from './phone';
import { quote } from './result';
import type { TransformResult } from './result';
import { neutralShapes } from './schemas';
import { normalizeTaskPriority, normalizeTaskStatus } from './taskValues';
import { valueTypeProblem } from './valueTypes';
import { describeValue, normalizeCount, normalizeCurrency, normalizeNumber, normalizeText } from './values';

export interface NormalizeOptions {
	/** ISO 3166 alpha-2 country for phone numbers written without a country code. */
	defaultCountry?: string;
	/** IANA zone for date-times without an offset. Default 'UTC'. */
	timeZone?: string;
	/** IANA zone of date-time output. Default 'UTC' (printed as 'Z'). */
	outputTimeZone?: string;
	dateOrder?: DateParseOptions['dateOrder'];
	epochUnit?: DateParseOptions['epochUnit'];
	ambiguousTime?: DateParseOptions['ambiguousTime'];
	/** Extra luxon formats for dates and date-times, tried first. */
	dateFormats?: string[];
	/**
	 * A phone extension ("x123") cannot live in E.164. 'separate' (default) moves it to
	 * the sibling `<field>Extension` field and refuses it where there is none (e.g.
	 * mobilePhone); 'drop' discards it; 'reject' refuses any extension.
	 */
	phoneExtensions?: 'separate' | 'drop' | 'reject';
	/**
	 * Fill fullName from first/last name, or first/last from fullName, when the other
	 * side is missing. Only derived when nothing is unknown: a partial update that sets
	 * firstName alone never invents a fullName. Default true.
	 */
	deriveNames?: boolean;
	/** Where a one-word fullName goes when splitting. Default 'firstName'. */
	singleNameAs?: 'firstName' | 'lastName';
}

export interface NormalizedFields {
	record: Record<string, unknown>;
	issues: FieldIssue[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
	const proto = Object.getPrototypeOf(value) as unknown;
	return proto === Object.prototype || proto === null;
}

class Collector {
	readonly issues: FieldIssue[] = [];
	readonly extensions = new Map<string, { value: string; from: string }>();

	constructor(
		readonly kind: NeutralKind,
		readonly options: NormalizeOptions,
		readonly shapeKeys: Set<string>,
	) {}

	add(field: string, reason: string): undefined {
		this.issues.push({ field, reason });
		return undefined;
	}

	/** Unwraps a transform result, recording its failure against `field`. */
	take<T>(field: string, result: TransformResult<T>): T | undefined {
		if (result.ok) return result.value;
		return this.add(field, result.reason);
	}
}

function isBlank(value: unknown): boolean {
	return value === null || (typeof value === 'string' && value.trim() === '');
}

function stringOrNumber(value: unknown): value is string | number {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function dateOptions(options: NormalizeOptions): DateParseOptions {
	return {
		timeZone: options.timeZone,
		outputTimeZone: options.outputTimeZone,
		dateOrder: options.dateOrder,
		epochUnit: options.epochUnit,
		ambiguousTime: options.ambiguousTime,
		formats: options.dateFormats,
	};
}

/** Returns the normalised value, null for "known empty", or undefined to leave the field out. */
function convert(type: FieldType, value: unknown, path: string, c: Collector): unknown {
	if (type === 'record') return convertRecord(value, path, c);
	if (isBlank(value)) return null;
	switch (type) {
		case 'text':
		case 'name': {
			const problem = valueTypeProblem(type, value);
			if (problem) return c.add(path, problem.reason);
			const text = c.take(path, normalizeText(value));
			if (text === undefined) return undefined;
			return type === 'name' ? text.replace(/\s+/g, ' ') : text;
		}
		case 'email':
			if (typeof value !== 'string') return c.add(path, `expected an email address, got ${describeValue(value)}`);
			return c.take(path, normalizeEmail(value));
		case 'phone':
			return convertPhone(value, path, c);
		case 'dateTime':
		case 'date': {
			if (!stringOrNumber(value) && !(value instanceof Date)) {
				return c.add(path, `expected a ${type === 'date' ? 'date' : 'date-time'}, got ${describeValue(value)}`);
			}
			const parse = type === 'date' ? normalizeDate : normalizeDateTime;
			return c.take(path, parse(value, dateOptions(c.options)));
		}
		case 'number':
			return c.take(path, normalizeNumber(value));
		case 'count':
			return c.take(path, normalizeCount(value));
		case 'currency':
			return c.take(path, normalizeCurrency(value));
		case 'domain':
			if (typeof value !== 'string') return c.add(path, `expected a domain name, got ${describeValue(value)}`);
			return c.take(path, normalizeDomain(value));
		case 'timeZone': {
			const zone = c.take(path, normalizeText(value));
			if (zone === undefined) return undefined;
			return isValidTimeZone(zone) ? zone : c.add(path, `${quote(zone)} is not a valid IANA time zone (e.g. "Europe/Berlin")`);
		}
		case 'taskStatus':
			if (typeof value !== 'string') return c.add(path, `expected a task status, got ${describeValue(value)}`);
			return c.take(path, normalizeTaskStatus(value));
		case 'taskPriority':
			if (typeof value !== 'string') return c.add(path, `expected a task priority, got ${describeValue(value)}`);
			return c.take(path, normalizeTaskPriority(value));
		case 'emailList':
			return convertEmailList(value, path, c);
		case 'associations':
			return convertAssociations(value, path, c);
		case 'address':
			return convertAddress(value, path, c);
	}
}

function convertRecord(value: unknown, path: string, c: Collector): unknown {
	// null carries nothing to keep; `custom` then defaults to {}.
	if (value === null) return undefined;
	if (!isPlainObject(value)) return c.add(path, `expected an object of vendor fields, got ${describeValue(value)}`);
	return value;
}

function convertPhone(value: unknown, path: string, c: Collector): unknown {
	if (!stringOrNumber(value)) return c.add(path, `expected a phone number, got ${describeValue(value)}`);
	const phone = c.take(path, normalizePhone(String(value), { defaultCountry: c.options.defaultCountry }));
	if (!phone) return undefined;
	if (phone.extension) {
		const policy = c.options.phoneExtensions ?? 'separate';
		const sibling = `${path}Extension`;
		if (policy === 'reject') return c.add(path, `${quote(value)} has an extension, and extensions are not accepted here`);
		if (policy === 'separate') {
			if (!c.shapeKeys.has(sibling)) {
				return c.add(path, `${quote(value)} has an extension, but a ${c.kind}'s ${path} cannot keep one; remove it, or choose to drop extensions`);
			}
			c.extensions.set(sibling, { value: phone.extension, from: path });
		}
	}
	return phone.e164;
}

function convertEmailList(value: unknown, path: string, c: Collector): unknown {
	// A sheet cell holds "a@x.com; b@y.com" as one string.
	const items = typeof value === 'string' ? value.split(/[,;]/) : value;
	if (!Array.isArray(items)) return c.add(path, `expected a list of email addresses, got ${describeValue(value)}`);
	const out: string[] = [];
	items.forEach((item, index) => {
		if (isBlank(item)) return;
		const at = `${path}[${index}]`;
		if (typeof item !== 'string') return c.add(at, `expected an email address, got ${describeValue(item)}`);
		const email = c.take(at, normalizeEmail(item));
		if (email && !out.includes(email)) out.push(email);
		return undefined;
	});
	return out;
}

function convertAssociations(value: unknown, path: string, c: Collector): unknown {
	if (!Array.isArray(value)) return c.add(path, `expected a list of { kind, id }, got ${describeValue(value)}`);
	return value.map((item, index) => {
		const at = `${path}[${index}]`;
		if (!isPlainObject(item)) return c.add(at, `expected { kind, id }, got ${describeValue(item)}`);
		for (const key of Object.keys(item)) {
			if (key !== 'kind' && key !== 'id') c.add(`${at}.${key}`, 'is not an association field (use kind and id)');
		}
		if (!isNeutralKind(item.kind)) {
			c.add(`${at}.kind`, `${item.kind === undefined ? 'is missing' : `${quote(item.kind)} is not a record kind`}; use one of contact, company, deal, lead, appointment, task, note`);
		}
		const id = isBlank(item.id) || item.id === undefined ? c.add(`${at}.id`, 'is missing') : c.take(`${at}.id`, normalizeText(item.id));
		return { kind: item.kind, id };
	});
}

function convertAddress(value: unknown, path: string, c: Collector): unknown {
	if (!isPlainObject(value)) {
		return c.add(path, `expected an object with street, city, state, postalCode and country, got ${describeValue(value)}`);
	}
	const out: Record<string, unknown> = {};
	for (const [key, part] of Object.entries(value)) {
		if (!(key in addressSchema.shape)) {
			c.add(`${path}.${key}`, 'is not an address field (use street, city, state, postalCode, country)');
			continue;
		}
		if (part === undefined) continue;
		const converted = convert('text', part, `${path}.${key}`, c);
		if (converted !== undefined) out[key] = converted;
	}
	return out;
}

function deriveNames(record: Record<string, unknown>, options: NormalizeOptions): void {
	const { firstName, lastName, fullName } = record;
	if (typeof fullName === 'string' && firstName === undefined && lastName === undefined) {
		const parts = splitName(fullName, { singleNameAs: options.singleNameAs });
		if (parts.firstName) record.firstName = parts.firstName;
		if (parts.lastName) record.lastName = parts.lastName;
		return;
	}
	const known = (v: unknown) => v === null || typeof v === 'string';
	if (fullName === undefined && known(firstName) && known(lastName)) {
		record.fullName = joinName({ firstName: firstName as string | null, lastName: lastName as string | null }) || null;
	}
}

/**
 * The transform half of validation: coerces and normalises every known field,
 * recording a reason for each one that cannot be. Shape and record rules are left
 * to the zod schema that runs afterwards.
 */
export function normalizeFields(kind: NeutralKind, data: unknown, options: NormalizeOptions = {}): NormalizedFields {
	if (!isPlainObject(data)) {
		return { record: {}, issues: [{ field: '', reason: `expected a ${kind} object, got ${describeValue(data)}` }] };
	}
	const shape = neutralShapes[kind].shape as Record<string, Parameters<typeof fieldTypeOf>[0]>;
	const c = new Collector(kind, options, new Set(Object.keys(shape)));
	const record: Record<string, unknown> = {};

	for (const [key, value] of Object.entries(data)) {
		const type = Object.prototype.hasOwnProperty.call(shape, key) ? fieldTypeOf(shape[key]) : undefined;
		if (!type) {
			c.add(key, `is not a ${kind} field (put vendor-specific fields under "custom")`);
			continue;
		}
		if (value === undefined) continue;
		const converted = convert(type, value, key, c);
		if (converted !== undefined) record[key] = converted;
	}

	for (const [sibling, extension] of c.extensions) {
		const given = record[sibling];
		if (typeof given === 'string' && given !== extension.value) {
			c.add(sibling, `${quote(given)} conflicts with extension ${quote(extension.value)} written in ${extension.from}`);
		} else {
			record[sibling] = extension.value;
		}
	}

	if ((kind === 'contact' || kind === 'lead') && options.deriveNames !== false) deriveNames(record, options);
	return { record, issues: c.issues };
}

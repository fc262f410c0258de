import { DateTime, IANAZone } from 'luxon';
import { failure, quote, success } from './result';
import type { TransformResult } from './result';

/*
 * CRMs disagree on time: HubSpot sends epoch milliseconds (often as strings),
 * Salesforce ISO 8601 with offset, sheets send "3/10/2024 2:30 PM". Inputs without
 * an offset are wall-clock times in `timeZone`; outputs are ISO 8601 with offset, so
 * two CRMs compare equal when they mean the same instant.
 */

export interface DateParseOptions {
	/** IANA zone for inputs without an offset (and for reading a date off an instant). Default 'UTC'. */
	timeZone?: string;
	/** Zone of date-time output; 'UTC' prints 'Z'. Default 'UTC'. */
	outputTimeZone?: string;
	/** Unit of bare numbers and digit strings. Default 'milliseconds' (HubSpot). */
	epochUnit?: 'milliseconds' | 'seconds';
	/**
	 * How to read "03/10/2024" and "03-10-2024". Deliberately not guessed per value:
	 * mixing orders inside one data set would silently swap days and months. Default 'MDY'.
	 * Dotted dates ("10.03.2024") are always day first.
	 */
	dateOrder?: 'MDY' | 'DMY';
	/**
	 * A wall-clock time that occurs twice when clocks go back: take the first
	 * occurrence (as RFC 5545 and Temporal do), the second, or refuse. Default 'earlier'.
	 */
	ambiguousTime?: 'earlier' | 'later' | 'reject';
	/** Extra luxon format strings, tried before the built-in ones. */
	formats?: string[];
}

export type DateInput = string | number | Date;

/** What the input said: an exact instant, or a wall-clock reading still needing a zone. */
type Reading =
	| { kind: 'instant'; value: DateTime }
	| { kind: 'wallClock'; value: DateTime };

const ISO_OFFSET = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;
const TIMES = ['', ' H:mm', ' H:mm:ss', ' h:mm a', ' h:mm:ss a', ' h:mma', ' h a', ' ha'];

function formatsFor(order: 'MDY' | 'DMY'): string[] {
	const dayMonth = order === 'MDY' ? ['M/d/yyyy', 'M-d-yyyy'] : ['d/M/yyyy', 'd-M-yyyy'];
	const dates = [
		...dayMonth,
		'd.M.yyyy',
		'yyyy/M/d',
		'yyyy.M.d',
		'd MMM yyyy',
		'd MMMM yyyy',
		'MMM d, yyyy',
		'MMMM d, yyyy',
		'MMM d yyyy',
		'MMMM d yyyy',
		'EEE, MMM d, yyyy',
		'EEEE, MMMM d, yyyy',
	];
	return dates.flatMap((date) => TIMES.map((time) => date + time));
}

export function isValidTimeZone(zone: string): boolean {
	return IANAZone.isValidZone(zone) || zone.toUpperCase() === 'UTC';
}

function zoneOrFailure(zone: string | undefined, label: string): TransformResult<string> {
	const value = zone ?? 'UTC';
	if (!isValidTimeZone(value)) return failure(`${label} ${quote(value)} is not a valid IANA time zone (e.g. "Europe/Berlin")`);
	return success(value);
}

function describeInvalid(input: unknown, dt: DateTime, what: string): string {
	const explanation = dt.invalidExplanation ?? dt.invalidReason ?? 'it could not be read';
	// Luxon's wording ("you specified 30 (of type number) as a day, which is invalid") reads oddly in a node error.
	const range = /you specified (-?\d+) \(of type number\) as a (\w+)/.exec(explanation);
	const detail = range ? `${range[2]} ${range[1]} does not exist` : explanation;
	return `${quote(input)} is not a valid ${what}: ${detail}`;
}

function read(input: DateInput, options: DateParseOptions, what: string): TransformResult<Reading> {
	if (input instanceof Date) {
		if (Number.isNaN(input.getTime())) return failure(`the ${what} is an invalid Date object`);
		return success({ kind: 'instant', value: DateTime.fromJSDate(input, { zone: 'UTC' }) });
	}
	if (typeof input === 'number') return readEpoch(input, input, options, what);

	const text = input.trim();
	if (!text) return failure(`the ${what} is empty`);

	// Eight digits are a basic ISO date ("20240310"), not 1970 plus a few hours.
	if (/^\d{8}$/.test(text)) {
		const dt = DateTime.fromFormat(text, 'yyyyMMdd', { zone: 'UTC' });
		if (!dt.isValid) return failure(describeInvalid(input, dt, what));
		return success({ kind: 'wallClock', value: dt });
	}
	if (/^-?\d+$/.test(text)) return readEpoch(Number(text), input, options, what);

	for (const format of options.formats ?? []) {
		const dt = DateTime.fromFormat(text, format, { zone: 'UTC', setZone: true });
		if (dt.isValid) return success(classify(dt, format));
	}

	const iso = text.replace(/^(\d{4}-\d{2}-\d{2})[ ](?=\d)/, '$1T');
	if (/^\d{4}-/.test(iso)) {
		if (ISO_OFFSET.test(iso) && iso.includes('T')) {
			const dt = DateTime.fromISO(iso, { setZone: true });
			if (dt.isValid) return success({ kind: 'instant', value: dt });
			return failure(describeInvalid(input, dt, what));
		}
		const dt = DateTime.fromISO(iso, { zone: 'UTC' });
		if (dt.isValid) return success({ kind: 'wallClock', value: dt });
		if (/^\d{4}-\d{2}-\d{2}(?:T|$)/.test(iso)) return failure(describeInvalid(input, dt, what));
	}

	for (const parse of [DateTime.fromRFC2822, DateTime.fromHTTP]) {
		const dt = parse(text, { setZone: true });
		if (dt.isValid) return success({ kind: 'instant', value: dt });
	}

	const order = options.dateOrder ?? 'MDY';
	for (const format of formatsFor(order)) {
		const dt = DateTime.fromFormat(text, format, { zone: 'UTC', locale: 'en-US' });
		if (dt.isValid) return success({ kind: 'wallClock', value: dt });
	}
	return failure(`${quote(input)} is not a valid ${what}: ${hint(text, order)}`);
}

function classify(dt: DateTime, format: string): Reading {
	const hasOffset = /Z|ZZ|ZZZ|z/.test(format.replace(/'[^']*'/g, ''));
	return hasOffset ? { kind: 'instant', value: dt } : { kind: 'wallClock', value: dt };
}

function hint(text: string, order: 'MDY' | 'DMY'): string {
	const slash = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})/.exec(text);
	if (slash) {
		const month = Number(order === 'MDY' ? slash[1] : slash[2]);
		if (month > 12) {
			const other = order === 'MDY' ? 'DMY' : 'MDY';
			return `month ${month} does not exist (dates are read as ${order}; set the date order to ${other} if this data is ${other === 'DMY' ? 'day' : 'month'} first)`;
		}
	}
	return 'expected ISO 8601 (e.g. "2024-03-10T14:30:00Z"), epoch milliseconds, or a common format such as "3/10/2024 2:30 PM"';
}

function readEpoch(value: number, input: unknown, options: DateParseOptions, what: string): TransformResult<Reading> {
	const ms = options.epochUnit === 'seconds' ? value * 1000 : value;
	// Luxon's own limit (±8.64e15 ms, the ECMAScript Date range).
	if (!Number.isFinite(ms) || !Number.isInteger(value) || Math.abs(ms) > 8.64e15) {
		return failure(`${quote(input)} is not a valid ${what}: epoch ${options.epochUnit ?? 'milliseconds'} must be a whole number within the Date range`);
	}
	return success({ kind: 'instant', value: DateTime.fromMillis(ms, { zone: 'UTC' }) });
}

/** Places a wall-clock reading in a zone, refusing times a DST jump skips. */
function placeInZone(wall: DateTime, zone: string, options: DateParseOptions, input: unknown, what: string): TransformResult<DateTime> {
	const fields = { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second, millisecond: wall.millisecond };
	const local = DateTime.fromObject(fields, { zone });
	if (!local.isValid) return failure(describeInvalid(input, local, what));
	if (local.hour !== fields.hour || local.minute !== fields.minute || local.day !== fields.day) {
		return failure(`${quote(input)} is not a valid ${what}: ${wall.toFormat('yyyy-MM-dd HH:mm')} does not exist in ${zone} (the clocks skip it for daylight saving time)`);
	}
	const candidates = local.getPossibleOffsets();
	if (candidates.length < 2) return success(local);
	const policy = options.ambiguousTime ?? 'earlier';
	if (policy === 'reject') {
		return failure(`${quote(input)} is ambiguous: ${wall.toFormat('yyyy-MM-dd HH:mm')} happens twice in ${zone} (the clocks go back); give an offset`);
	}
	const sorted = [...candidates].sort((a, b) => a.toMillis() - b.toMillis());
	return success(policy === 'earlier' ? sorted[0] : sorted[sorted.length - 1]);
}

/** Parses to a luxon DateTime (an instant), for callers that need arithmetic rather than a string. */
export function parseDateTime(input: DateInput, options: DateParseOptions = {}): TransformResult<DateTime> {
	const zone = zoneOrFailure(options.timeZone, 'time zone');
	if (!zone.ok) return zone;
	const reading = read(input, options, 'date-time');
	if (!reading.ok) return reading;
	if (reading.value.kind === 'instant') return success(reading.value.value);
	return placeInZone(reading.value.value, zone.value, options, input, 'date-time');
}

/** ISO 8601 date-time with offset, e.g. "2024-03-10T19:30:00Z" or "2024-03-10T20:30:00+01:00". */
export function formatDateTime(value: DateTime, outputTimeZone = 'UTC'): string {
	const zoned = outputTimeZone.toUpperCase() === 'UTC' ? value.toUTC() : value.setZone(outputTimeZone);
	return zoned.toISO({ suppressMilliseconds: true }) as string;
}

export function normalizeDateTime(input: DateInput, options: DateParseOptions = {}): TransformResult<string> {
	const output = zoneOrFailure(options.outputTimeZone, 'output time zone');
	if (!output.ok) return output;
	const parsed = parseDateTime(input, options);
	if (!parsed.ok) return parsed;
	return success(formatDateTime(parsed.value, output.value));
}

/**
 * A calendar date, "yyyy-MM-dd". A date or a wall-clock date-time keeps its own
 * calendar day whatever the zone; an instant (offset, epoch) is read in `timeZone`.
 * Vendors that store dates as midnight-UTC epochs (HubSpot date properties) must be
 * read with timeZone 'UTC', or the day shifts west of Greenwich.
 */
export function normalizeDate(input: DateInput, options: DateParseOptions = {}): TransformResult<string> {
	const zone = zoneOrFailure(options.timeZone, 'time zone');
	if (!zone.ok) return zone;
	const reading = read(input, options, 'date');
	if (!reading.ok) return reading;
	const value = reading.value.kind === 'instant' ? reading.value.value.setZone(zone.value) : reading.value.value;
	return success(value.toFormat('yyyy-MM-dd'));
}

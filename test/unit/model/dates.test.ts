import { formatDateTime, normalizeDate, normalizeDateTime, parseDateTime } from '../../../shared/model';
import type { DateInput, DateParseOptions } from '../../../shared/model';

describe('normalizeDateTime', () => {
	const cases: Array<[DateInput, DateParseOptions, string]> = [
		// ISO 8601 with an offset is an instant: the time zone option does not move it.
		['2024-03-10T14:30:00Z', {}, '2024-03-10T14:30:00Z'],
		['2024-03-10T14:30:00Z', { timeZone: 'Asia/Tokyo' }, '2024-03-10T14:30:00Z'],
		['2024-03-10T14:30:00.123+05:30', {}, '2024-03-10T09:00:00.123Z'],
		['2024-03-10T14:30:00+0100', {}, '2024-03-10T13:30:00Z'],
		// Without an offset it is a wall-clock time in timeZone.
		['2024-03-10T14:30', { timeZone: 'Europe/Berlin' }, '2024-03-10T13:30:00Z'],
		['2024-03-10 14:30:00', { timeZone: 'Europe/Berlin' }, '2024-03-10T13:30:00Z'],
		['2024-07-10 14:30:00', { timeZone: 'Europe/Berlin' }, '2024-07-10T12:30:00Z'],
		['2024-03-10', { timeZone: 'America/New_York' }, '2024-03-10T05:00:00Z'],
		['2024-03-10T14:30:00', {}, '2024-03-10T14:30:00Z'],
		// Epoch milliseconds, as numbers or as HubSpot's strings.
		[1710081000000, {}, '2024-03-10T14:30:00Z'],
		['1710081000000', {}, '2024-03-10T14:30:00Z'],
		[' 1710081000000 ', { timeZone: 'America/New_York' }, '2024-03-10T14:30:00Z'],
		['0', {}, '1970-01-01T00:00:00Z'],
		['1710081000', { epochUnit: 'seconds' }, '2024-03-10T14:30:00Z'],
		['20240310', {}, '2024-03-10T00:00:00Z'],
		[new Date(Date.UTC(2024, 2, 10, 14, 30)), {}, '2024-03-10T14:30:00Z'],
		// Common formats.
		['3/10/2024', { timeZone: 'America/New_York' }, '2024-03-10T05:00:00Z'],
		['3/10/2024 2:30 PM', { timeZone: 'America/New_York' }, '2024-03-10T18:30:00Z'],
		['03/10/2024 14:30', { timeZone: 'America/Chicago' }, '2024-03-10T19:30:00Z'],
		['10/03/2024 14:30', { timeZone: 'Europe/London', dateOrder: 'DMY' }, '2024-03-10T14:30:00Z'],
		['10.03.2024 14:30', { timeZone: 'Europe/Berlin' }, '2024-03-10T13:30:00Z'],
		['March 10, 2024', {}, '2024-03-10T00:00:00Z'],
		['10 Mar 2024 09:15', { timeZone: 'Asia/Kolkata' }, '2024-03-10T03:45:00Z'],
		['Tue, 01 Nov 2016 13:23:12 +0630', {}, '2016-11-01T06:53:12Z'],
		['Sun, 10 Mar 2024 14:30:00 GMT', {}, '2024-03-10T14:30:00Z'],
		['10|03|2024', { formats: ['dd|MM|yyyy'], timeZone: 'Europe/Paris' }, '2024-03-09T23:00:00Z'],
		// Output in a chosen zone keeps the offset.
		['2024-03-10T14:30:00Z', { outputTimeZone: 'Europe/Berlin' }, '2024-03-10T15:30:00+01:00'],
		['2024-07-10T14:30:00Z', { outputTimeZone: 'Europe/Berlin' }, '2024-07-10T16:30:00+02:00'],
		['2024-03-10 14:30', { timeZone: 'Asia/Kolkata', outputTimeZone: 'Asia/Kolkata' }, '2024-03-10T14:30:00+05:30'],
	];
	test.each(cases)('%j %j → %s', (input, options, expected) => {
		expect(normalizeDateTime(input, options)).toStrictEqual({ ok: true, value: expected });
	});
});

describe('daylight saving boundaries', () => {
	const ny = { timeZone: 'America/New_York' };
	const berlin = { timeZone: 'Europe/Berlin' };
	const ok: Array<[string, DateParseOptions, string]> = [
		// US spring forward 2024-03-10 02:00 → 03:00.
		['2024-03-10T01:59', ny, '2024-03-10T06:59:00Z'],
		['2024-03-10T03:00', ny, '2024-03-10T07:00:00Z'],
		// US fall back 2024-11-03 02:00 → 01:00: 01:30 happens twice.
		['2024-11-03T01:30', ny, '2024-11-03T05:30:00Z'],
		['2024-11-03T01:30', { ...ny, ambiguousTime: 'later' }, '2024-11-03T06:30:00Z'],
		['2024-11-03T01:30-05:00', ny, '2024-11-03T06:30:00Z'],
		['2024-11-03T00:30', ny, '2024-11-03T04:30:00Z'],
		['2024-11-03T02:30', ny, '2024-11-03T07:30:00Z'],
		// EU spring forward 2024-03-31 02:00 → 03:00, fall back 2024-10-27 03:00 → 02:00.
		['2024-03-31 01:30', berlin, '2024-03-31T00:30:00Z'],
		['2024-03-31 03:30', berlin, '2024-03-31T01:30:00Z'],
		['2024-10-27 02:30', berlin, '2024-10-27T00:30:00Z'],
		['2024-10-27 02:30', { ...berlin, ambiguousTime: 'later' }, '2024-10-27T01:30:00Z'],
		// Southern hemisphere: Sydney leaves DST on 2024-04-07 03:00 → 02:00.
		['2024-04-07T02:30', { timeZone: 'Australia/Sydney' }, '2024-04-06T15:30:00Z'],
		['2024-04-07T12:00', { timeZone: 'Australia/Sydney', outputTimeZone: 'Australia/Sydney' }, '2024-04-07T12:00:00+10:00'],
	];
	test.each(ok)('%j %j → %s', (input, options, expected) => {
		expect(normalizeDateTime(input, options)).toStrictEqual({ ok: true, value: expected });
	});

	test('a time skipped by spring forward is refused', () => {
		expect(normalizeDateTime('2024-03-10T02:30', ny)).toStrictEqual({
			ok: false,
			reason: '"2024-03-10T02:30" is not a valid date-time: 2024-03-10 02:30 does not exist in America/New_York (the clocks skip it for daylight saving time)',
		});
		expect(normalizeDateTime('31.03.2024 02:15', berlin)).toStrictEqual({
			ok: false,
			reason: '"31.03.2024 02:15" is not a valid date-time: 2024-03-31 02:15 does not exist in Europe/Berlin (the clocks skip it for daylight saving time)',
		});
	});

	test('an ambiguous time can be refused', () => {
		expect(normalizeDateTime('2024-11-03T01:30', { ...ny, ambiguousTime: 'reject' })).toStrictEqual({
			ok: false,
			reason: '"2024-11-03T01:30" is ambiguous: 2024-11-03 01:30 happens twice in America/New_York (the clocks go back); give an offset',
		});
	});
});

describe('normalizeDateTime refusals', () => {
	const cases: Array<[DateInput, DateParseOptions, string]> = [
		['hello', {}, '"hello" is not a valid date-time: expected ISO 8601 (e.g. "2024-03-10T14:30:00Z"), epoch milliseconds, or a common format such as "3/10/2024 2:30 PM"'],
		['25/12/2024', {}, '"25/12/2024" is not a valid date-time: month 25 does not exist (dates are read as MDY; set the date order to DMY if this data is day first)'],
		['12/25/2024', { dateOrder: 'DMY' }, '"12/25/2024" is not a valid date-time: month 25 does not exist (dates are read as DMY; set the date order to MDY if this data is month first)'],
		['2024-02-30', {}, '"2024-02-30" is not a valid date-time: day 30 does not exist'],
		['2024-13-01T10:00:00Z', {}, '"2024-13-01T10:00:00Z" is not a valid date-time: month 13 does not exist'],
		['2024-03-10T25:00', {}, '"2024-03-10T25:00" is not a valid date-time: hour 25 does not exist'],
		['1e20', {}, '"1e20" is not a valid date-time: expected ISO 8601 (e.g. "2024-03-10T14:30:00Z"), epoch milliseconds, or a common format such as "3/10/2024 2:30 PM"'],
		['99999999999999999', {}, '"99999999999999999" is not a valid date-time: epoch milliseconds must be a whole number within the Date range'],
		[1.5, {}, '1.5 is not a valid date-time: epoch milliseconds must be a whole number within the Date range'],
		['', {}, 'the date-time is empty'],
		[new Date(Number.NaN), {}, 'the date-time is an invalid Date object'],
		['2024-03-10T10:00', { timeZone: 'Mars/Olympus' }, 'time zone "Mars/Olympus" is not a valid IANA time zone (e.g. "Europe/Berlin")'],
		['2024-03-10T10:00Z', { outputTimeZone: 'CEST' }, 'output time zone "CEST" is not a valid IANA time zone (e.g. "Europe/Berlin")'],
	];
	test.each(cases)('%j %j', (input, options, reason) => {
		expect(normalizeDateTime(input, options)).toStrictEqual({ ok: false, reason });
	});
});

describe('normalizeDate', () => {
	const cases: Array<[DateInput, DateParseOptions, string]> = [
		['2024-03-10', {}, '2024-03-10'],
		// A date keeps its calendar day in every zone.
		['2024-03-10', { timeZone: 'Pacific/Auckland' }, '2024-03-10'],
		['2024-03-10', { timeZone: 'Pacific/Honolulu' }, '2024-03-10'],
		['3/10/2024', {}, '2024-03-10'],
		['10/3/2024', { dateOrder: 'DMY' }, '2024-03-10'],
		['20240310', {}, '2024-03-10'],
		['2024-03-10T23:30', { timeZone: 'America/Chicago' }, '2024-03-10'],
		// An instant is read in timeZone.
		['2024-03-10T23:30:00-05:00', {}, '2024-03-11'],
		['2024-03-10T23:30:00-05:00', { timeZone: 'America/Chicago' }, '2024-03-10'],
		['2024-03-10T22:00:00Z', { timeZone: 'Asia/Tokyo' }, '2024-03-11'],
		// HubSpot date properties: midnight UTC in epoch ms.
		['1710028800000', {}, '2024-03-10'],
		['1710028800000', { timeZone: 'America/New_York' }, '2024-03-09'],
		[1710028800000, { timeZone: 'UTC' }, '2024-03-10'],
	];
	test.each(cases)('%j %j → %s', (input, options, expected) => {
		expect(normalizeDate(input, options)).toStrictEqual({ ok: true, value: expected });
	});

	test('refusals name the value', () => {
		expect(normalizeDate('2023-02-29', {})).toStrictEqual({ ok: false, reason: '"2023-02-29" is not a valid date: day 29 does not exist' });
		expect(normalizeDate('soon', {})).toStrictEqual({
			ok: false,
			reason: '"soon" is not a valid date: expected ISO 8601 (e.g. "2024-03-10T14:30:00Z"), epoch milliseconds, or a common format such as "3/10/2024 2:30 PM"',
		});
	});
});

describe('parseDateTime and formatDateTime', () => {
	test('round trip through luxon', () => {
		const parsed = parseDateTime('2024-03-10 14:30', { timeZone: 'Europe/Berlin' });
		expect(parsed.ok && parsed.value.toMillis()).toBe(Date.UTC(2024, 2, 10, 13, 30));
		expect(parsed.ok && formatDateTime(parsed.value)).toBe('2024-03-10T13:30:00Z');
		expect(parsed.ok && formatDateTime(parsed.value, 'America/Sao_Paulo')).toBe('2024-03-10T10:30:00-03:00');
	});
});

import { CALLING_CODES, countriesForCallingCode } from './callingCodes';
import type { CallingCodeInfo } from './callingCodes';
import { failure, quote, success } from './result';
import type { TransformResult } from './result';

/*
 * Phone numbers are normalised without libphonenumber (not allowed in a community
 * node). What that costs, knowingly:
 * - lengths are checked per country as a range (callingCodes.ts), not per number
 *   range, so an unallocated but well-formed number passes;
 * - numbers of countries outside the table are accepted with any plausible length
 *   (7 to 15 digits including the country code);
 * - carrier-selection codes (Brazil "0 xx"), vanity letters ("1-800-FLOWERS") and
 *   two-digit-year style shorthand are not understood;
 * - digits written without "+" or an exit prefix are read as a national number of
 *   the default country, and as "country code + number" only when that fails.
 * An extension ("x123", "ext. 123", "#123", ";ext=123") is returned separately, never
 * folded into the E.164 string, which has no room for it.
 */

export interface PhoneOptions {
	/** ISO 3166 alpha-2 country used for numbers written without a country code. */
	defaultCountry?: string;
}

export interface NormalizedPhone {
	/** "+" and 8 to 15 digits, e.g. "+14155550123". */
	e164: string;
	callingCode: string;
	nationalNumber: string;
	extension?: string;
}

const E164_MAX_DIGITS = 15;
const MIN_DIGITS_UNKNOWN_COUNTRY = 7;
const EXTENSION = /\s*[,;]?\s*(?:extension|ext[.=]?|x\.?|#)\s*[:.]?\s*(\d{1,7})\s*$/i;
const ALLOWED = /^\+?[\d\s\-./()]*$/;

export function normalizePhone(input: string, options: PhoneOptions = {}): TransformResult<NormalizedPhone> {
	const invalid = (why: string) => failure<NormalizedPhone>(`${quote(input)} is not a valid phone number: ${why}`);
	let text = input.trim().replace(/^tel:/i, '');
	if (!text) return failure('the phone number is empty');

	let extension: string | undefined;
	const ext = EXTENSION.exec(text);
	if (ext && ext.index > 0) {
		extension = ext[1];
		text = text.slice(0, ext.index).trim();
	}
	if (!ALLOWED.test(text)) {
		return invalid(
			/\p{L}/u.test(text)
				? 'it contains letters (only digits, spaces, "+", "-", ".", "/", parentheses and an extension are understood)'
				: 'it contains characters other than digits, spaces, "+", "-", ".", "/" and parentheses',
		);
	}

	const hasPlus = text.startsWith('+');
	// "+44 (0)20 ..." marks a trunk 0 that must not be dialled from abroad.
	if (hasPlus || text.startsWith('00')) text = text.replace(/\(0\)/g, '');
	let digits = text.replace(/\D/g, '');
	if (!digits) return invalid('it has no digits');

	const home = options.defaultCountry ? options.defaultCountry.trim().toUpperCase() : undefined;
	const homeInfo = home ? CALLING_CODES[home] : undefined;
	if (home && !homeInfo) {
		return failure(`default country ${quote(options.defaultCountry)} is not one of the supported countries (${Object.keys(CALLING_CODES).join(', ')})`);
	}

	let international = hasPlus;
	if (!international) {
		const exit = [homeInfo?.exitPrefix, '00'].find((prefix) => prefix && digits.startsWith(prefix));
		if (exit) {
			digits = digits.slice(exit.length);
			international = true;
		}
	}

	if (international) return fromInternational(digits, extension, invalid);
	if (!homeInfo || !home) {
		return invalid('it has no country code (start it with "+" or "00"), and no default country is set');
	}
	const national = fromNational(digits, home, homeInfo, extension, invalid);
	if (national.ok) return national;
	// People often type the country code without "+": "44 20 7946 0958".
	if (digits.startsWith(homeInfo.callingCode)) {
		const retry = fromInternational(digits, extension, invalid);
		if (retry.ok) return retry;
	}
	return national;
}

function lengthReason(country: string, info: CallingCodeInfo, length: number): string {
	const [min, max] = info.nsn;
	const expected = min === max ? `${min}` : `${min} to ${max}`;
	return `a ${country} number has ${expected} digits after +${info.callingCode}, this one has ${length}`;
}

function fromNational(
	digits: string,
	country: string,
	info: CallingCodeInfo,
	extension: string | undefined,
	invalid: (why: string) => TransformResult<NormalizedPhone>,
): TransformResult<NormalizedPhone> {
	let nsn = digits;
	const trunk = info.trunkPrefix;
	if (trunk && nsn.startsWith(trunk)) {
		// A trunk prefix starting with 0 never begins a national number, so it always goes.
		// NANP "1" and Russian "8" can also be real first digits ("812" is St Petersburg):
		// those are stripped only when that leaves a number of a valid length.
		const rest = nsn.length - trunk.length;
		if (trunk.startsWith('0') || (rest >= info.nsn[0] && rest <= info.nsn[1])) nsn = nsn.slice(trunk.length);
	}
	return finish(info.callingCode, nsn, extension, invalid, country, info);
}

function fromInternational(
	digits: string,
	extension: string | undefined,
	invalid: (why: string) => TransformResult<NormalizedPhone>,
): TransformResult<NormalizedPhone> {
	if (digits.startsWith('0')) return invalid('a country code never starts with 0');
	for (let length = 1; length <= 3; length++) {
		const code = digits.slice(0, length);
		const countries = countriesForCallingCode(code);
		if (countries.length === 0) continue;
		let nsn = digits.slice(length);
		const info = mergedInfo(countries);
		// "+44 020 ..." repeats the trunk 0 that the "+" replaces.
		if (info.trunkPrefix === '0' && nsn.startsWith('0')) nsn = nsn.slice(1);
		return finish(code, nsn, extension, invalid, countries.join('/'), info);
	}
	if (digits.length < MIN_DIGITS_UNKNOWN_COUNTRY) {
		return invalid(`it has ${digits.length} digits, fewer than the ${MIN_DIGITS_UNKNOWN_COUNTRY} a full international number needs`);
	}
	if (digits.length > E164_MAX_DIGITS) {
		return invalid(`it has ${digits.length} digits, more than the ${E164_MAX_DIGITS} E.164 allows`);
	}
	// Country code not in our table: its length is unknown, so keep the digits as given.
	return success(withExtension({ e164: `+${digits}`, callingCode: '', nationalNumber: '' }, extension));
}

function mergedInfo(countries: string[]): CallingCodeInfo {
	const infos = countries.map((iso) => CALLING_CODES[iso]);
	return {
		...infos[0],
		nsn: [Math.min(...infos.map((i) => i.nsn[0])), Math.max(...infos.map((i) => i.nsn[1]))],
	};
}

function finish(
	callingCode: string,
	nsn: string,
	extension: string | undefined,
	invalid: (why: string) => TransformResult<NormalizedPhone>,
	country: string,
	info: CallingCodeInfo,
): TransformResult<NormalizedPhone> {
	if (nsn.length < info.nsn[0] || nsn.length > info.nsn[1]) return invalid(lengthReason(country, info, nsn.length));
	if (callingCode.length + nsn.length > E164_MAX_DIGITS) {
		return invalid(`it has ${callingCode.length + nsn.length} digits, more than the ${E164_MAX_DIGITS} E.164 allows`);
	}
	// North American area codes never start with 0 or 1; a leading 1 here means a doubled trunk prefix.
	if (callingCode === '1' && /^[01]/.test(nsn)) return invalid('a North American area code cannot start with 0 or 1');
	return success(withExtension({ e164: `+${callingCode}${nsn}`, callingCode, nationalNumber: nsn }, extension));
}

function withExtension(phone: NormalizedPhone, extension: string | undefined): NormalizedPhone {
	return extension ? { ...phone, extension } : phone;
}

export function isValidPhone(input: string, options: PhoneOptions = {}): boolean {
	return normalizePhone(input, options).ok;
}

import { failure, quote, success } from './result';
import type { TransformResult } from './result';

/*
 * Small scalar transforms shared by several record kinds. Input usually comes from
 * vendor JSON (HubSpot returns every property as a string) or from a sheet, so
 * numbers arrive as strings and text arrives as numbers.
 */

/** Trimmed text; numbers become their decimal string (ids, postal codes typed into sheets). */
export function normalizeText(input: unknown): TransformResult<string> {
	if (typeof input === 'string') return success(input.trim());
	if (typeof input === 'number' && Number.isFinite(input)) return success(String(input));
	if (typeof input === 'bigint') return success(input.toString());
	return failure(`expected text, got ${describeValue(input)}`);
}

/**
 * A plain decimal number. Thousands separators are refused rather than guessed:
 * "1.234" is one thousand in Germany and one point two in the US.
 */
export function normalizeNumber(input: unknown): TransformResult<number> {
	if (typeof input === 'number') {
		return Number.isFinite(input) ? success(input) : failure(`${String(input)} is not a finite number`);
	}
	if (typeof input !== 'string') return failure(`expected a number, got ${describeValue(input)}`);
	const text = input.trim();
	if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return success(Number(text));
	if (/^[+-]?\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d+)?$/.test(text)) {
		return failure(`${quote(input)} is not a plain number: remove the thousands separators (e.g. "1234.5")`);
	}
	return failure(`${quote(input)} is not a number`);
}

export function normalizeCount(input: unknown): TransformResult<number> {
	const number = normalizeNumber(input);
	if (!number.ok) return number;
	if (!Number.isInteger(number.value) || number.value < 0) return failure(`${quote(input)} is not a whole number of 0 or more`);
	return number;
}

/** ISO 4217 letters only; currency symbols are ambiguous ("$" is used by a dozen currencies). */
export function normalizeCurrency(input: unknown): TransformResult<string> {
	if (typeof input !== 'string') return failure(`expected a currency code, got ${describeValue(input)}`);
	const code = input.trim().toUpperCase();
	if (!/^[A-Z]{3}$/.test(code)) return failure(`${quote(input)} is not a 3-letter ISO 4217 currency code (e.g. "USD", "EUR")`);
	return success(code);
}

export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `text ${quote(value)}`;
	return `${typeof value} ${String(value)}`;
}

/**
 * Transforms report failure as data, not exceptions, so one bad field of one
 * item never aborts a batch and the caller decides how to word the error.
 * `reason` is a whole sentence fragment that already quotes the offending value,
 * ready to follow `field "x": `.
 */
export type TransformResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export function success<T>(value: T): TransformResult<T> {
	return { ok: true, value };
}

export function failure<T = never>(reason: string): TransformResult<T> {
	return { ok: false, reason };
}

/** Quotes text (numbers stay bare) for a message; long values are cut so one message never floods a log. */
export function quote(value: unknown): string {
	const text = typeof value === 'string' ? value : String(value);
	const cut = text.length > 80 ? `${text.slice(0, 77)}...` : text;
	return typeof value === 'string' ? JSON.stringify(cut) : cut;
}

import { failure, quote, success } from './result';
import type { TransformResult } from './result';

const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/**
 * Company domains arrive as bare hosts, URLs or e-mail domains; CRMs match companies
 * on the bare host, so "https://www.Acme.com/about" becomes "acme.com". Only a leading
 * "www." is removed: other subdomains may be a distinct company or division.
 */
export function normalizeDomain(input: string): TransformResult<string> {
	let host = input.trim().toLowerCase();
	host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
	host = host.replace(/^[^/?#@]*@/, '');
	host = host.split(/[/?#]/)[0];
	host = host.replace(/:\d+$/, '').replace(/\.$/, '').replace(/^www\./, '');
	if (!host) return failure(`${quote(input)} is not a valid domain: it is empty`);
	const labels = host.split('.');
	if (labels.length < 2) return failure(`${quote(input)} is not a valid domain: it has no dot`);
	if (host.length > 253 || !labels.every((label) => LABEL.test(label))) {
		return failure(`${quote(input)} is not a valid domain name`);
	}
	return success(host);
}

import type { IDataObject } from 'n8n-workflow';
import { normalizeDomain } from '../../shared/model/domain';
import { normalizeEmail } from '../../shared/model/email';
import { normalizePhone } from '../../shared/model/phone';
import type { NeutralType } from '../../shared/types';

/** One record found in one CRM, in neutral fields. */
export interface Hit {
	crm: string;
	id: string;
	url?: string;
	fields: IDataObject;
}

/** Fields that say where a record is, not what it is: never merged or compared. */
const OWN = new Set(['id', 'crm', 'url', 'createdAt', 'updatedAt', 'custom', 'raw', 'ownerId', 'associations']);

function emailKey(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const r = normalizeEmail(value);
	return r.ok ? `email:${r.value}` : undefined;
}

function phoneKey(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const r = normalizePhone(value);
	return r.ok ? `phone:${r.value.e164}` : undefined;
}

function domainKey(value: unknown): string | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const r = normalizeDomain(value);
	return r.ok ? `domain:${r.value.replace(/^www\./, '')}` : undefined;
}

/**
 * The keys a record is merged by: a person by e-mail and by phone (and mobile), a company by
 * domain (or website); deals have no key another CRM shares, so they are never merged.
 */
export function keysOf(kind: NeutralType, fields: IDataObject): string[] {
	const keys =
		kind === 'company'
			? [domainKey(fields.domain), domainKey(fields.website)]
			: kind === 'contact' || kind === 'lead'
				? [emailKey(fields.email), phoneKey(fields.phone), phoneKey(fields.mobilePhone)]
				: [];
	return [...new Set(keys.filter((k): k is string => k !== undefined))];
}

/** A value as compared for conflicts: phones in E.164 and domains bare, so formatting alone is no conflict. */
function comparable(name: string, value: unknown): string {
	if (name === 'phone' || name === 'mobilePhone') return phoneKey(value) ?? String(value);
	if (name === 'domain' || name === 'website') return domainKey(value) ?? String(value);
	if (typeof value === 'string') return value.trim().toLowerCase();
	return JSON.stringify(value);
}

const empty = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

function time(hit: Hit): number {
	const t = Date.parse(String(hit.fields.updatedAt ?? hit.fields.createdAt ?? ''));
	return Number.isFinite(t) ? t : -Infinity;
}

/**
 * Records sharing any key (transitively: an e-mail in two CRMs and a phone in a third) become one
 * item: the fields of the most recently modified record, a field it lacks taken from the next most
 * recent; `sources` lists every CRM record; `conflicts` every field whose values differ.
 */
export function mergeHits(kind: NeutralType, hits: Hit[]): IDataObject[] {
	const parent = hits.map((_, i) => i);
	const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
	const owner = new Map<string, number>();
	hits.forEach((hit, i) => {
		for (const key of keysOf(kind, hit.fields)) {
			const other = owner.get(key);
			if (other === undefined) owner.set(key, i);
			else parent[root(i)] = root(other);
		}
	});
	const groups = new Map<number, Hit[]>();
	hits.forEach((hit, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), hit]));
	return [...groups.values()].map((group) => mergeGroup(kind, group));
}

function mergeGroup(kind: NeutralType, group: Hit[]): IDataObject {
	const newest = [...group].sort((a, b) => time(b) - time(a));
	const fields: IDataObject = {};
	for (const hit of newest) {
		for (const [name, value] of Object.entries(hit.fields)) if (!OWN.has(name) && empty(fields[name]) && !empty(value)) fields[name] = value;
	}
	const conflicts: IDataObject[] = [];
	const names = new Set(group.flatMap((h) => Object.keys(h.fields).filter((n) => !OWN.has(n))));
	for (const name of names) {
		const values = newest.filter((h) => !empty(h.fields[name])).map((h) => ({ crm: h.crm, id: h.id, value: h.fields[name] }));
		if (new Set(values.map((v) => comparable(name, v.value))).size > 1) conflicts.push({ field: name, values });
	}
	const keys = keysOf(kind, fields);
	const out: IDataObject = {
		kind,
		...fields,
		sources: newest.map((h) => ({ crm: h.crm, id: h.id, ...(h.url ? { url: h.url } : {}), ...(h.fields.updatedAt ? { updatedAt: h.fields.updatedAt } : {}) })),
		conflicts,
	};
	if (newest[0].fields.updatedAt) out.updatedAt = newest[0].fields.updatedAt;
	if (keys.length) out.matchedBy = keys;
	return out;
}

/** "Keep separate": one item per record, with its one source. */
export function separateHits(kind: NeutralType, hits: Hit[]): IDataObject[] {
	return hits.map((h) => {
		const fields: IDataObject = {};
		for (const [name, value] of Object.entries(h.fields)) if (name !== 'crm' && name !== 'url' && name !== 'raw') fields[name] = value;
		return { kind, ...fields, sources: [{ crm: h.crm, id: h.id, ...(h.url ? { url: h.url } : {}) }] };
	});
}

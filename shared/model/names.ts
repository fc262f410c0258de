/**
 * Splitting a display name is a heuristic: no rule is right for every culture.
 * The rules below aim at the names CRMs actually hold (mostly Western order,
 * sometimes "Last, First"), never lose a word, and are overridable by options.
 * A name that matters should be entered as separate first/last fields.
 */

export interface SplitNameOptions {
	/** Where a one-word name goes. Salesforce requires LastName, HubSpot does not. Default 'firstName'. */
	singleNameAs?: 'firstName' | 'lastName';
	/** Remove leading honorifics ("Dr.", "Mrs."). Default false: they stay in firstName so nothing is lost. */
	dropTitles?: boolean;
}

export interface NameParts {
	firstName?: string;
	lastName?: string;
}

export interface JoinNameOptions {
	/** 'lastFirst' gives "Lovelace, Ada". Default 'firstLast'. */
	order?: 'firstLast' | 'lastFirst';
}

// Lower-case particles that begin a surname ("van der Berg", "de la Cruz").
const SURNAME_PARTICLES = new Set([
	'van', 'von', 'der', 'den', 'de', 'del', 'della', 'dela', 'di', 'da', 'du', 'des', 'la', 'le',
	'dos', 'das', 'do', 'ten', 'ter', 'bin', 'binti', 'ibn', 'al', 'el', 'st', 'st.', 'af', 'zu',
]);

// Generational and academic suffixes stay with the surname: there is no neutral suffix field.
const SUFFIXES = new Set([
	'jr', 'jr.', 'sr', 'sr.', 'ii', 'iii', 'iv', 'v', 'phd', 'ph.d.', 'md', 'm.d.', 'esq', 'esq.',
]);

const TITLES = new Set([
	'mr', 'mr.', 'mrs', 'mrs.', 'ms', 'ms.', 'miss', 'mx', 'mx.', 'dr', 'dr.', 'prof', 'prof.',
	'sir', 'dame', 'rev', 'rev.', 'herr', 'frau', 'mme', 'mme.', 'm.',
]);

function words(text: string): string[] {
	return text.split(/\s+/).filter((w) => w.length > 0);
}

function isSuffix(word: string): boolean {
	return SUFFIXES.has(word.toLowerCase().replace(/,$/, ''));
}

function compact(parts: { firstName: string[]; lastName: string[] }): NameParts {
	const result: NameParts = {};
	const first = parts.firstName.join(' ');
	const last = parts.lastName.join(' ');
	if (first) result.firstName = first;
	if (last) result.lastName = last;
	return result;
}

/** "Ada Lovelace", "Lovelace, Ada", "Mary Ann van der Berg", "Cher" → first/last name. */
export function splitName(fullName: string, options: SplitNameOptions = {}): NameParts {
	const text = fullName.replace(/\s+/g, ' ').trim();
	if (!text) return {};

	const commaAt = text.indexOf(',');
	if (commaAt >= 0) {
		const before = words(text.slice(0, commaAt));
		const after = words(text.slice(commaAt + 1).replace(/,/g, ' '));
		// "Martin Luther King, Jr." is not "Last, First": the comma only sets off a suffix.
		if (after.length > 0 && after.every(isSuffix)) {
			return splitWords([...before, ...after], options);
		}
		if (before.length > 0 && after.length > 0) {
			const first = options.dropTitles ? withoutTitles(after) : after;
			return compact({ firstName: first, lastName: before });
		}
		return splitWords([...before, ...after], options);
	}
	return splitWords(words(text), options);
}

function withoutTitles(list: string[]): string[] {
	let start = 0;
	while (start < list.length - 1 && TITLES.has(list[start].toLowerCase())) start++;
	return list.slice(start);
}

function splitWords(input: string[], options: SplitNameOptions): NameParts {
	const list = options.dropTitles ? withoutTitles(input) : input;
	let end = list.length;
	while (end > 1 && isSuffix(list[end - 1])) end--;
	const core = list.slice(0, end);
	const suffixes = list.slice(end).map((w) => w.replace(/,$/, ''));

	if (core.length === 1) {
		if (suffixes.length > 0) return compact({ firstName: [], lastName: [...core, ...suffixes] });
		return options.singleNameAs === 'lastName'
			? compact({ firstName: [], lastName: core })
			: compact({ firstName: core, lastName: [] });
	}

	// The surname starts at the first particle after the first given name, unless
	// that particle is the final word (then it is a name, e.g. "Anna De").
	let surnameStart = core.length - 1;
	for (let i = 1; i < core.length - 1; i++) {
		if (SURNAME_PARTICLES.has(core[i].toLowerCase())) {
			surnameStart = i;
			break;
		}
	}
	return compact({
		firstName: core.slice(0, surnameStart),
		lastName: [...core.slice(surnameStart), ...suffixes],
	});
}

/** The reverse of splitName; empty parts are skipped, so one part gives just that part. */
export function joinName(parts: { firstName?: string | null; lastName?: string | null }, options: JoinNameOptions = {}): string {
	const first = (parts.firstName ?? '').replace(/\s+/g, ' ').trim();
	const last = (parts.lastName ?? '').replace(/\s+/g, ' ').trim();
	if (!first || !last) return first || last;
	return options.order === 'lastFirst' ? `${last}, ${first}` : `${first} ${last}`;
}

/**
 * A person record (contact or lead) carries both its full name and the parts:
 * fills in whichever side is missing, from the other. Records of other kinds,
 * and names already complete, are left as they are.
 */
export function completeName(kind: string, record: Record<string, unknown>): void {
	if (kind !== 'contact' && kind !== 'lead') return;
	// Only text is a name part: a number that reached here unchecked is left for the vendor to refuse, never joined.
	const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
	if (!record.fullName) {
		const full = joinName({ firstName: text(record.firstName), lastName: text(record.lastName) });
		if (full) record.fullName = full;
	}
	if (!record.firstName && !record.lastName && typeof record.fullName === 'string' && record.fullName) {
		const parts = splitName(record.fullName);
		if (parts.firstName) record.firstName = parts.firstName;
		if (parts.lastName) record.lastName = parts.lastName;
	}
}

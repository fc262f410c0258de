import { completeName, joinName, splitName } from '../../../shared/model';
import type { NameParts, SplitNameOptions } from '../../../shared/model';

describe('splitName', () => {
	// Every row has three cells: jest reads a missing cell as a `done` callback.
	const cases: Array<[string, NameParts, SplitNameOptions]> = [
		['Ada Lovelace', { firstName: 'Ada', lastName: 'Lovelace' }, {}],
		['Mary Ann van der Berg', { firstName: 'Mary Ann', lastName: 'van der Berg' }, {}],
		['Lovelace, Ada', { firstName: 'Ada', lastName: 'Lovelace' }, {}],
		['van der Berg, Mary Ann', { firstName: 'Mary Ann', lastName: 'van der Berg' }, {}],
		['Cher', { firstName: 'Cher' }, {}],
		['Cher', { lastName: 'Cher' }, { singleNameAs: 'lastName' }],
		['  Ada \t  Lovelace \n', { firstName: 'Ada', lastName: 'Lovelace' }, {}],
		['Mary Ann Smith', { firstName: 'Mary Ann', lastName: 'Smith' }, {}],
		['Ludwig van Beethoven', { firstName: 'Ludwig', lastName: 'van Beethoven' }, {}],
		['Vincent Van Gogh', { firstName: 'Vincent', lastName: 'Van Gogh' }, {}],
		['Juan de la Cruz', { firstName: 'Juan', lastName: 'de la Cruz' }, {}],
		['Anna De', { firstName: 'Anna', lastName: 'De' }, {}],
		['Al Pacino', { firstName: 'Al', lastName: 'Pacino' }, {}],
		['Martin Luther King Jr.', { firstName: 'Martin Luther', lastName: 'King Jr.' }, {}],
		['Martin Luther King, Jr.', { firstName: 'Martin Luther', lastName: 'King Jr.' }, {}],
		['Dr. Ada Lovelace', { firstName: 'Dr. Ada', lastName: 'Lovelace' }, {}],
		['Dr. Ada Lovelace', { firstName: 'Ada', lastName: 'Lovelace' }, { dropTitles: true }],
		['Lovelace, Mrs. Ada', { firstName: 'Ada', lastName: 'Lovelace' }, { dropTitles: true }],
		['Jean-Luc Picard', { firstName: 'Jean-Luc', lastName: 'Picard' }, {}],
		['Lovelace,Ada', { firstName: 'Ada', lastName: 'Lovelace' }, {}],
		['', {}, {}],
		['   ', {}, {}],
		[',', {}, {}],
	];
	test.each(cases)('%j → %j %j', (input, expected, options) => {
		expect(splitName(input, options)).toStrictEqual(expected);
	});
});

describe('joinName', () => {
	const cases: Array<[{ firstName?: string | null; lastName?: string | null }, 'firstLast' | 'lastFirst' | undefined, string]> = [
		[{ firstName: 'Ada', lastName: 'Lovelace' }, undefined, 'Ada Lovelace'],
		[{ firstName: 'Ada', lastName: 'Lovelace' }, 'lastFirst', 'Lovelace, Ada'],
		[{ firstName: 'Mary  Ann ', lastName: ' van der Berg' }, undefined, 'Mary Ann van der Berg'],
		[{ firstName: 'Cher' }, undefined, 'Cher'],
		[{ lastName: 'Cher' }, 'lastFirst', 'Cher'],
		[{ firstName: null, lastName: null }, undefined, ''],
		[{}, undefined, ''],
	];
	test.each(cases)('%j (%s) → %j', (parts, order, expected) => {
		expect(joinName(parts, { order })).toBe(expected);
	});

	test('join reverses split for ordinary names', () => {
		for (const name of ['Ada Lovelace', 'Mary Ann van der Berg', 'Juan de la Cruz']) {
			expect(joinName(splitName(name))).toBe(name);
		}
	});
});

describe('completeName', () => {
	test.each([
		['contact', { firstName: 'Ada', lastName: 'Lovelace' }, { firstName: 'Ada', lastName: 'Lovelace', fullName: 'Ada Lovelace' }],
		['lead', { fullName: 'Mary Ann van der Berg' }, { fullName: 'Mary Ann van der Berg', firstName: 'Mary Ann', lastName: 'van der Berg' }],
		['contact', { firstName: 'Cher' }, { firstName: 'Cher', fullName: 'Cher' }],
		['contact', { fullName: 'Ada L.', firstName: 'Ada' }, { fullName: 'Ada L.', firstName: 'Ada' }],
		['contact', {}, {}],
		['company', { firstName: 'Ada', lastName: 'Lovelace' }, { firstName: 'Ada', lastName: 'Lovelace' }],
		// A number that reached a connector unchecked is never joined (it threw ".replace is not a function").
		['contact', { firstName: 42, lastName: 'Lovelace' }, { firstName: 42, lastName: 'Lovelace', fullName: 'Lovelace' }],
		['lead', { firstName: 42 }, { firstName: 42 }],
	])('%s %j -> %j', (kind, input, expected) => {
		const record: Record<string, unknown> = { ...input };
		completeName(kind, record);
		expect(record).toEqual(expected);
	});
});

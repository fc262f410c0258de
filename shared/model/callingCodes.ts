/**
 * Dialling facts for the countries CRM users most often store numbers for.
 * `nsn` is the allowed length range of the national significant number (the digits
 * after the country code, without trunk prefix). Ranges are deliberately a little
 * generous: they catch typos (missing or doubled digits), not every unallocated range.
 * Sources: ITU-T E.164 assignments and national numbering plans as summarised publicly;
 * check a plan before tightening a range, since real numbers must never be rejected.
 */
export interface CallingCodeInfo {
	callingCode: string;
	/** Digits dialled before an area code inside the country ('' when there is none, e.g. Italy keeps its 0). */
	trunkPrefix: string;
	/** The country's own international exit prefix, besides the common '00'. */
	exitPrefix: string;
	nsn: [min: number, max: number];
}

export const CALLING_CODES: Readonly<Record<string, CallingCodeInfo>> = {
	US: { callingCode: '1', trunkPrefix: '1', exitPrefix: '011', nsn: [10, 10] },
	CA: { callingCode: '1', trunkPrefix: '1', exitPrefix: '011', nsn: [10, 10] },
	MX: { callingCode: '52', trunkPrefix: '', exitPrefix: '00', nsn: [10, 10] },
	BR: { callingCode: '55', trunkPrefix: '0', exitPrefix: '00', nsn: [10, 11] },
	AR: { callingCode: '54', trunkPrefix: '0', exitPrefix: '00', nsn: [10, 11] },
	CL: { callingCode: '56', trunkPrefix: '', exitPrefix: '00', nsn: [9, 9] },
	CO: { callingCode: '57', trunkPrefix: '', exitPrefix: '00', nsn: [10, 10] },
	PE: { callingCode: '51', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 9] },
	GB: { callingCode: '44', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 10] },
	IE: { callingCode: '353', trunkPrefix: '0', exitPrefix: '00', nsn: [7, 9] },
	DE: { callingCode: '49', trunkPrefix: '0', exitPrefix: '00', nsn: [6, 13] },
	FR: { callingCode: '33', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 9] },
	ES: { callingCode: '34', trunkPrefix: '', exitPrefix: '00', nsn: [9, 9] },
	IT: { callingCode: '39', trunkPrefix: '', exitPrefix: '00', nsn: [6, 11] },
	PT: { callingCode: '351', trunkPrefix: '', exitPrefix: '00', nsn: [9, 9] },
	NL: { callingCode: '31', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 9] },
	BE: { callingCode: '32', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 9] },
	LU: { callingCode: '352', trunkPrefix: '', exitPrefix: '00', nsn: [4, 11] },
	CH: { callingCode: '41', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 9] },
	AT: { callingCode: '43', trunkPrefix: '0', exitPrefix: '00', nsn: [4, 13] },
	DK: { callingCode: '45', trunkPrefix: '', exitPrefix: '00', nsn: [8, 8] },
	SE: { callingCode: '46', trunkPrefix: '0', exitPrefix: '00', nsn: [7, 9] },
	NO: { callingCode: '47', trunkPrefix: '', exitPrefix: '00', nsn: [8, 8] },
	FI: { callingCode: '358', trunkPrefix: '0', exitPrefix: '00', nsn: [5, 12] },
	PL: { callingCode: '48', trunkPrefix: '', exitPrefix: '00', nsn: [9, 9] },
	CZ: { callingCode: '420', trunkPrefix: '', exitPrefix: '00', nsn: [9, 9] },
	HU: { callingCode: '36', trunkPrefix: '06', exitPrefix: '00', nsn: [8, 9] },
	RO: { callingCode: '40', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 9] },
	GR: { callingCode: '30', trunkPrefix: '', exitPrefix: '00', nsn: [10, 10] },
	TR: { callingCode: '90', trunkPrefix: '0', exitPrefix: '00', nsn: [10, 10] },
	RU: { callingCode: '7', trunkPrefix: '8', exitPrefix: '810', nsn: [10, 10] },
	UA: { callingCode: '380', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 9] },
	IL: { callingCode: '972', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 9] },
	AE: { callingCode: '971', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 9] },
	SA: { callingCode: '966', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 9] },
	EG: { callingCode: '20', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 10] },
	ZA: { callingCode: '27', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 9] },
	NG: { callingCode: '234', trunkPrefix: '0', exitPrefix: '009', nsn: [8, 10] },
	KE: { callingCode: '254', trunkPrefix: '0', exitPrefix: '000', nsn: [9, 9] },
	IN: { callingCode: '91', trunkPrefix: '0', exitPrefix: '00', nsn: [10, 10] },
	PK: { callingCode: '92', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 10] },
	CN: { callingCode: '86', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 11] },
	HK: { callingCode: '852', trunkPrefix: '', exitPrefix: '001', nsn: [8, 8] },
	JP: { callingCode: '81', trunkPrefix: '0', exitPrefix: '010', nsn: [9, 10] },
	KR: { callingCode: '82', trunkPrefix: '0', exitPrefix: '001', nsn: [8, 10] },
	SG: { callingCode: '65', trunkPrefix: '', exitPrefix: '000', nsn: [8, 8] },
	MY: { callingCode: '60', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 10] },
	ID: { callingCode: '62', trunkPrefix: '0', exitPrefix: '001', nsn: [8, 12] },
	PH: { callingCode: '63', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 10] },
	TH: { callingCode: '66', trunkPrefix: '0', exitPrefix: '001', nsn: [8, 9] },
	VN: { callingCode: '84', trunkPrefix: '0', exitPrefix: '00', nsn: [9, 10] },
	AU: { callingCode: '61', trunkPrefix: '0', exitPrefix: '0011', nsn: [9, 9] },
	NZ: { callingCode: '64', trunkPrefix: '0', exitPrefix: '00', nsn: [8, 10] },
};

/** ITU country codes are prefix-free, so the first match of length 1..3 is the code. */
export function countriesForCallingCode(callingCode: string): string[] {
	return Object.keys(CALLING_CODES).filter((iso) => CALLING_CODES[iso].callingCode === callingCode);
}

import { asNeutralDeal, type ColumnSpec, type CsvImportSpec } from '../../../shared/csv';

/*
 * Brivity's transactions (and deals) have no public API: teams export them from
 * Brivity's web app as a CSV report (a team's request to Brivity for
 * transaction API access, published in code: "Right now we have to export a
 * report from the Brivity web app and upload the CSV by hand"). Brivity does
 * not publish the report's column names. The fields below are the ones that
 * request says the export contains (property address, transaction side, status,
 * MLS number, assigned agent, list price, sale price, gross commission, list
 * date, contract/mutual-acceptance date, close date); the header names are our
 * reading of those words, with the usual variants, matched without case or
 * punctuation. A report whose columns are named otherwise is read with the
 * node's "Column Names" option. Test fixtures: test/unit/brivity/fixtures.
 */
export const BRIVITY_TRANSACTION_COLUMNS: ColumnSpec[] = [
	{ field: 'address', headers: ['Property Address', 'Address', 'Street Address', 'Property'], type: 'text', required: true },
	{ field: 'city', headers: ['City'], type: 'text' },
	{ field: 'state', headers: ['State'], type: 'text' },
	{ field: 'postalCode', headers: ['Zip', 'Zip Code', 'Postal Code'], type: 'text' },
	{ field: 'mlsNumber', headers: ['MLS Number', 'MLS #', 'MLS', 'MLS ID'], type: 'text' },
	{ field: 'status', headers: ['Status', 'Transaction Status'], type: 'text' },
	{ field: 'side', headers: ['Transaction Side', 'Side', 'Transaction Type', 'Type', 'Represented'], type: 'text' },
	{ field: 'agent', headers: ['Agent', 'Assigned Agent', 'Primary Agent', 'Agent Name'], type: 'text' },
	{ field: 'listPrice', headers: ['List Price', 'Listing Price'], type: 'money' },
	{ field: 'salePrice', headers: ['Sale Price', 'Sales Price', 'Sold Price', 'Closed Price', 'Close Price'], type: 'money' },
	{ field: 'grossCommission', headers: ['Gross Commission', 'GCI', 'Gross Commission Income', 'Commission'], type: 'money' },
	{ field: 'listDate', headers: ['List Date', 'Listing Date'], type: 'date' },
	{ field: 'contractDate', headers: ['Mutual Acceptance Date', 'Mutual Acceptance', 'Contract Date', 'Under Contract Date', 'Pending Date'], type: 'date' },
	{ field: 'closeDate', headers: ['Close Date', 'Closing Date', 'Closed Date', 'Expected Close Date'], type: 'date' },
];


export const BRIVITY_TRANSACTIONS: CsvImportSpec = { what: 'Brivity transaction report', columns: BRIVITY_TRANSACTION_COLUMNS, shape: asNeutralDeal };

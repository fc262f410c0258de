import type { IDataObject } from 'n8n-workflow';
import { asNeutralDeal, type ColumnSpec, type CsvImportSpec } from '../../../shared/csv';

/*
 * Top Producer imports and exports contacts as CSV (an export of all contacts,
 * "Export all columns", from Top Producer 7i's Setup → Data Transfer and 8i's
 * Contacts → Search → Export Contacts: http://www.realtyjuggler.com/Import,
 * instructions for moving out of Top Producer; exporting is a permission an
 * office gives each agent). Top Producer does not publish the column names of
 * its files. The headers below are the usual names of those columns, matched
 * without case or punctuation; a file that names a column otherwise is read
 * with the node's "Column Names" option. Fixtures: test/unit/topProducer/fixtures
 * (made here, not vendor files).
 */

export const TP_CONTACT_COLUMNS: ColumnSpec[] = [
	{ field: 'id', headers: ['Contact ID', 'ID', 'Record ID'], type: 'text' },
	{ field: 'firstName', headers: ['First Name', 'First'], type: 'text' },
	{ field: 'lastName', headers: ['Last Name', 'Last'], type: 'text' },
	{ field: 'email', headers: ['Email', 'Email Address', 'E-mail', 'Primary Email', 'Email 1'], type: 'email' },
	{ field: 'phone', headers: ['Phone', 'Home Phone', 'Primary Phone', 'Work Phone'], type: 'text' },
	{ field: 'mobilePhone', headers: ['Mobile Phone', 'Cell Phone', 'Mobile', 'Cell'], type: 'text' },
	{ field: 'company', headers: ['Company', 'Company Name'], type: 'text' },
	{ field: 'address.street', headers: ['Street Address', 'Address', 'Address 1', 'Street'], type: 'text' },
	{ field: 'address.city', headers: ['City'], type: 'text' },
	{ field: 'address.state', headers: ['State', 'Province', 'State/Province'], type: 'text' },
	{ field: 'address.postalCode', headers: ['Zip', 'Zip Code', 'Postal Code', 'Zip/Postal Code'], type: 'text' },
	{ field: 'source', headers: ['Source', 'Lead Source'], type: 'text' },
	{ field: 'contactType', headers: ['Contact Type', 'Type', 'Category'], type: 'text' },
	{ field: 'notes', headers: ['Notes', 'Note', 'Comments'], type: 'text' },
];

export const TP_TRANSACTION_COLUMNS: ColumnSpec[] = [
	{ field: 'address', headers: ['Property Address', 'Address', 'Street Address', 'Property'], type: 'text', required: true },
	{ field: 'city', headers: ['City'], type: 'text' },
	{ field: 'state', headers: ['State', 'Province'], type: 'text' },
	{ field: 'postalCode', headers: ['Zip', 'Zip Code', 'Postal Code'], type: 'text' },
	{ field: 'mlsNumber', headers: ['MLS Number', 'MLS #', 'MLS', 'MLS ID'], type: 'text' },
	{ field: 'status', headers: ['Status', 'Transaction Status'], type: 'text' },
	{ field: 'side', headers: ['Side', 'Transaction Type', 'Type', 'Listing/Sale'], type: 'text' },
	{ field: 'client', headers: ['Client', 'Client Name', 'Contact', 'Contact Name'], type: 'text' },
	{ field: 'agent', headers: ['Agent', 'Agent Name', 'Listing Agent'], type: 'text' },
	{ field: 'listPrice', headers: ['List Price', 'Listing Price'], type: 'money' },
	{ field: 'salePrice', headers: ['Sale Price', 'Sold Price', 'Selling Price', 'Closed Price'], type: 'money' },
	{ field: 'grossCommission', headers: ['Gross Commission', 'GCI', 'Commission'], type: 'money' },
	{ field: 'listDate', headers: ['List Date', 'Listing Date'], type: 'date' },
	{ field: 'contractDate', headers: ['Contract Date', 'Accepted Date', 'Pending Date'], type: 'date' },
	{ field: 'closeDate', headers: ['Close Date', 'Closing Date', 'Closed Date', 'Settlement Date'], type: 'date' },
];

/** Dotted names (`address.city`) nested, the rest kept flat. */
function nest(record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		const [head, tail] = key.split('.');
		if (tail) out[head] = { ...((out[head] as IDataObject) ?? {}), [tail]: value };
		else out[key] = value;
	}
	return out;
}

/**
 * A contact row as a neutral contact for CRM Sync's "Records from Input"; its
 * id is the file's contact ID, else its email (Top Producer's exports may carry
 * no ID), so a row keeps its identity from one export to the next.
 */
function asContact(record: IDataObject): IDataObject {
	const c = nest(record);
	if (c.id === undefined && c.email !== undefined) c.id = c.email;
	const custom: IDataObject = {};
	for (const key of ['source', 'contactType', 'notes', 'extra']) {
		if (c[key] !== undefined) {
			custom[key] = c[key];
			delete c[key];
		}
	}
	if (Object.keys(custom).length) c.custom = custom;
	return c;
}


export const TP_CONTACTS: CsvImportSpec = { what: 'Top Producer contact export', columns: TP_CONTACT_COLUMNS, shape: asContact };
export const TP_TRANSACTIONS: CsvImportSpec = { what: 'Top Producer transaction export', columns: TP_TRANSACTION_COLUMNS, shape: asNeutralDeal };

/**
 * The columns Export CSV writes for Top Producer's contact import, and the
 * neutral contact path each is read from. Made here: Top Producer's import lets
 * the user match a file's columns to its fields, and publishes no fixed header set.
 */
export const TP_EXPORT_COLUMNS: Array<{ header: string; path: string }> = [
	{ header: 'First Name', path: 'firstName' },
	{ header: 'Last Name', path: 'lastName' },
	{ header: 'Email', path: 'email' },
	{ header: 'Phone', path: 'phone' },
	{ header: 'Mobile Phone', path: 'mobilePhone' },
	{ header: 'Company', path: 'company' },
	{ header: 'Street Address', path: 'address.street' },
	{ header: 'City', path: 'address.city' },
	{ header: 'State', path: 'address.state' },
	{ header: 'Zip', path: 'address.postalCode' },
	{ header: 'Source', path: 'custom.source' },
	{ header: 'Notes', path: 'custom.notes' },
];

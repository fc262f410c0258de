/**
 * Zoho's own Node.js SDK (@zohocrm/nodejs-sdk-8.0, devDependency) against the sandbox's Zoho CRM,
 * for every call the pack makes: the SDK parses each answer into its model classes (checking field
 * types against the fields metadata it reads first), so an answer Zoho would not give fails here.
 *
 * Pointing it at the sandbox: the SDK's data centres (lib/routes/dc/*_data_center.js) are fixed
 * Environment instances (`https://www.zohoapis.<tld>`, `https://accounts.zoho.<tld>/oauth/v2/token`);
 * `Environment` itself is a plain class taking the API URL, the accounts URL and the file-upload URL,
 * which InitializeBuilder.environment() accepts. So the sandbox's US data centre is
 * `new Environment('<sandbox>/zoho/us', '<sandbox>/zoho/accounts/us/oauth/v2/token', ...)`, and the
 * SDK's access-token flow takes the sandbox's static token (test/sandbox/zoho/oauth.js).
 *
 * Run by test/sandbox/zoho/sdk.test.ts (a child process: the SDK is an ES module): prints one JSON
 * line `{ results: [{ call, ok, detail }], requests: [...] }` and exits 1 when a call fails.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Z from '@zohocrm/nodejs-sdk-8.0';

const require = createRequire(import.meta.url);
const { startSandbox } = require('../index.js');

const results = [];
const sb = await startSandbox({ port: 0, seed: 17 });
const resources = mkdtempSync(join(tmpdir(), 'zoho-sdk-'));

const className = (o) => (o === null || o === undefined ? String(o) : o.constructor.name);
/** An SDK APIException's code and field, for the detail. */
const apiError = (o) => `${o.getCode?.()?.getValue?.() ?? o.getCode?.()} ${JSON.stringify(Object.fromEntries(detailsOf(o)))}`;
/** An answer's `details`: the SDK gives a Map. */
function detailsOf(o) {
	const d = o && o.getDetails ? o.getDetails() : undefined;
	return d instanceof Map ? d : new Map(Object.entries(d ?? {}));
}

async function check(call, fn) {
	try {
		const detail = await fn();
		results.push({ call, ok: true, detail });
	} catch (error) {
		results.push({ call, ok: false, detail: error && error.message ? error.message : JSON.stringify(error) });
	}
}

/** The answer's object, which must be of the expected SDK class (never APIException). */
function objectOf(response, status, expected) {
	if (!response) throw new Error('no response');
	const object = response.getObject();
	if (response.getStatusCode() !== status) throw new Error(`status ${response.getStatusCode()}, expected ${status}: ${className(object)} ${object && object.getCode ? apiError(object) : ''}`);
	if (className(object) !== expected) throw new Error(`${className(object)} ${object && object.getCode ? apiError(object) : ''}, expected ${expected}`);
	return object;
}

/** The per-record results of a write, each a SuccessResponse (or the APIException `allowed` names for its index). */
function actions(wrapper, allowed = {}) {
	return wrapper.getData().map((a, i) => {
		const name = className(a);
		if (allowed[i]) {
			if (name !== 'APIException') throw new Error(`record ${i}: ${name}, expected APIException`);
			const code = a.getCode().getValue();
			const field = detailsOf(a).get('api_name');
			if (code !== allowed[i].code || field !== allowed[i].field) throw new Error(`record ${i}: ${code} ${field}, expected ${allowed[i].code} ${allowed[i].field}`);
			return `${code} (${field})`;
		}
		if (name !== 'SuccessResponse') throw new Error(`record ${i}: ${name} ${a.getCode ? apiError(a) : ''}`);
		return String(detailsOf(a).get('id') ?? a.getCode().getValue());
	});
}

/** The channel results of a watch call, each a SuccessResponse. */
function watchResults(w) {
	return w
		.getWatch()
		.map((a) => {
			if (className(a) !== 'SuccessResponse') throw new Error(`${className(a)} ${apiError(a)}`);
			return a.getCode().getValue();
		})
		.join();
}

const params = async (pairs) => {
	const p = new Z.ParameterMap();
	for (const [param, value] of pairs) await p.add(param, value);
	return p;
};

try {
	sb.zoho.seed({ Leads: 2100, Contacts: 3 });
	sb.zoho.setEdition('ultimate');
	const env = new Z.Environment(`${sb.url}/zoho/us`, `${sb.url}/zoho/accounts/us/oauth/v2/token`, `${sb.url}/zoho/us`);
	const token = new Z.OAuthBuilder().accessToken(sb.zoho.oauth.staticTokens.access).findUser(false).build();
	await (await new Z.InitializeBuilder())
		.environment(env)
		.token(token)
		// The SDK's default token store is sdk_tokens.txt in the working folder: kept in the temp folder instead.
		.store(new Z.FileStore(join(resources, 'sdk_tokens.txt')))
		.logger(new Z.LogBuilder().level(Z.Levels.OFF).build())
		.SDKConfig(new Z.SDKConfigBuilder().autoRefreshFields(false).pickListValidation(false).build())
		.resourcePath(resources)
		.initialize();

	const R = Z.Record;
	const leads = new R.RecordOperations('Leads');
	const contacts = new R.RecordOperations('Contacts');

	await check('GET /users?type=CurrentUser', async () => {
		const w = objectOf(await new Z.Users.UsersOperations().getUsers(await params([[Z.Users.GetUsersParam.TYPE, 'CurrentUser']])), 200, 'ResponseWrapper');
		return w.getUsers().map((u) => u.getEmail()).join();
	});
	await check('GET /settings/modules', async () => {
		const w = objectOf(await new Z.Modules.ModulesOperations().getModules(), 200, 'ResponseWrapper');
		return `${w.getModules().length} modules`;
	});
	await check('GET /settings/fields?module=Leads', async () => {
		const w = objectOf(await new Z.Fields.FieldsOperations().getFields(await params([[Z.Fields.GetFieldsParam.MODULE, 'Leads']])), 200, 'ResponseWrapper');
		return `${w.getFields().length} fields`;
	});

	let pageToken;
	await check('GET /Leads (fields, per_page, page, sort) up to 2,000 then page_token', async () => {
		const fields = [R.GetRecordsParam.FIELDS, 'Last_Name,Email,Modified_Time'];
		const w = objectOf(await leads.getRecords(await params([fields, [R.GetRecordsParam.PER_PAGE, 200], [R.GetRecordsParam.PAGE, 10], [R.GetRecordsParam.SORT_BY, 'id'], [R.GetRecordsParam.SORT_ORDER, 'asc']])), 200, 'ResponseWrapper');
		pageToken = w.getInfo().getNextPageToken();
		if (!pageToken || w.getInfo().getMoreRecords() !== true) throw new Error('page 10 names no next_page_token');
		const next = objectOf(await leads.getRecords(await params([fields, [R.GetRecordsParam.PER_PAGE, 200], [R.GetRecordsParam.PAGE_TOKEN, pageToken]])), 200, 'ResponseWrapper');
		return `${w.getData().length} + ${next.getData().length} records`;
	});
	await check('GET /Leads with If-Modified-Since (304 when nothing changed)', async () => {
		const h = new Z.HeaderMap();
		await h.add(R.GetRecordsHeader.IF_MODIFIED_SINCE, new Date(Date.now() + 3600_000));
		const r = await leads.getRecords(await params([[R.GetRecordsParam.FIELDS, 'Last_Name']]), h);
		if (r.getStatusCode() !== 304) throw new Error(`status ${r.getStatusCode()}, expected 304`);
		return '304';
	});

	let ids = [];
	await check('POST /Leads (100 a call, 207 with a refused record naming its field)', async () => {
		const body = new R.BodyWrapper();
		const data = [0, 1, 2].map((i) => {
			const rec = new R.Record();
			rec.addKeyValue('Last_Name', i === 1 ? '' : `Sdk ${i}`);
			rec.addKeyValue('Email', `sdk${i}@example.com`);
			return rec;
		});
		body.setData(data);
		body.setTrigger([]);
		const w = objectOf(await leads.createRecords(body), 207, 'ActionWrapper');
		const out = actions(w, { 1: { code: 'MANDATORY_NOT_FOUND', field: 'Last_Name' } });
		ids = [out[0], out[2]];
		return out.join(', ');
	});
	await check('GET /Leads/{id}', async () => {
		const w = objectOf(await leads.getRecord(BigInt(ids[0])), 200, 'ResponseWrapper');
		return w.getData()[0].getKeyValue('Last_Name');
	});
	await check('GET /Leads?ids=&fields=', async () => {
		const w = objectOf(await leads.getRecords(await params([[R.GetRecordsParam.IDS, ids.join(',')], [R.GetRecordsParam.FIELDS, 'Last_Name']])), 200, 'ResponseWrapper');
		return `${w.getData().length} records`;
	});
	await check('PUT /Leads (update by id)', async () => {
		const body = new R.BodyWrapper();
		const rec = new R.Record();
		rec.setId(BigInt(ids[0]));
		rec.addKeyValue('Company', 'Kite');
		body.setData([rec]);
		return actions(objectOf(await leads.updateRecords(body), 200, 'ActionWrapper')).join();
	});
	await check('POST /Contacts/upsert (duplicate_check_fields Email): insert, then update', async () => {
		const once = async (last) => {
			const body = new R.BodyWrapper();
			const rec = new R.Record();
			rec.addKeyValue('Last_Name', last);
			rec.addKeyValue('Email', 'upsert.sdk@example.com');
			body.setData([rec]);
			body.setDuplicateCheckFields(['Email']);
			const w = objectOf(await contacts.upsertRecords(body), 200, 'ActionWrapper');
			const [a] = w.getData();
			if (className(a) !== 'SuccessResponse') throw new Error(`${className(a)} ${apiError(a)}`);
			return `${a.getAction().getValue()} ${detailsOf(a).get('id')} ${detailsOf(a).get('duplicate_field') ?? ''}`.trim();
		};
		return `${await once('First')}; ${await once('Second')}`;
	});
	await check('GET /Contacts/search by criteria, email, phone, word', async () => {
		const out = [];
		for (const [param, value] of [
			[R.SearchRecordsParam.CRITERIA, '(Last_Name:equals:Second)'],
			[R.SearchRecordsParam.EMAIL, 'upsert.sdk@example.com'],
			[R.SearchRecordsParam.WORD, 'Second'],
		]) {
			const w = objectOf(await contacts.searchRecords(await params([[param, value], [R.SearchRecordsParam.FIELDS, 'Last_Name,Email,Phone']])), 200, 'ResponseWrapper');
			out.push(w.getData().length);
		}
		const phone = await contacts.searchRecords(await params([[R.SearchRecordsParam.PHONE, '+1 555 0100'], [R.SearchRecordsParam.FIELDS, 'Last_Name,Phone']]));
		if (![200, 204].includes(phone.getStatusCode())) throw new Error(`phone search: status ${phone.getStatusCode()}`);
		return out.join(', ');
	});
	await check('POST /coql (select, where in, order by, limit/offset)', async () => {
		const body = new Z.Coql.BodyWrapper();
		body.setSelectQuery(`select Last_Name, Email from Leads where id in (${ids.join(', ')}) order by id asc limit 2000 offset 0`);
		const w = objectOf(await new Z.Coql.CoqlOperations().getRecords(body), 200, 'ResponseWrapper');
		return `${w.getData().length} rows`;
	});
	await check('POST /Leads/{id}/actions/convert', async () => {
		const body = new Z.ConvertLead.BodyWrapper();
		body.setData([new Z.ConvertLead.LeadConverter()]);
		const w = objectOf(await new Z.ConvertLead.ConvertLeadOperations(BigInt(ids[1])).convertLead(body), 200, 'ActionWrapper');
		const [a] = w.getData();
		if (className(a) !== 'SuccessResponse') throw new Error(`${className(a)} ${apiError(a)}`);
		return [...detailsOf(a).keys()].join();
	});
	await check('DELETE /Leads?ids=', async () => actions(objectOf(await leads.deleteRecords(await params([[R.DeleteRecordsParam.IDS, ids[0]]])), 200, 'ActionWrapper')).join());
	await check('GET /Leads/deleted?type=all', async () => {
		const w = objectOf(await leads.getDeletedRecords(await params([[R.GetDeletedRecordsParam.TYPE, 'all'], [R.GetDeletedRecordsParam.PER_PAGE, 200], [R.GetDeletedRecordsParam.PAGE, 1]])), 200, 'DeletedRecordsWrapper');
		return `${w.getData().length} deleted`;
	});

	const N = Z.Notifications;
	const channel = '1000000077';
	const notification = (expiry) => {
		const n = new N.Notification();
		n.setChannelId(channel);
		n.setEvents(['Contacts.all']);
		n.setNotifyUrl(`${sb.url}/nowhere`);
		n.setToken('sdk-check-token');
		n.setReturnAffectedFieldValues(true);
		n.setChannelExpiry(expiry);
		return n;
	};
	await check('POST /actions/watch (enable, expiry within a week)', async () => {
		const body = new N.BodyWrapper();
		body.setWatch([notification(new Date(Date.now() + 6 * 24 * 3600_000))]);
		const w = objectOf(await new N.NotificationsOperations().enableNotifications(body), 200, 'ActionWrapper');
		return watchResults(w);
	});
	await check('PATCH /actions/watch (renew the expiry)', async () => {
		const body = new N.BodyWrapper();
		body.setWatch([notification(new Date(Date.now() + 7 * 24 * 3600_000 - 300_000))]);
		const w = objectOf(await new N.NotificationsOperations().updateNotification(body), 200, 'ActionWrapper');
		return watchResults(w);
	});
	await check('GET /actions/watch', async () => {
		const w = objectOf(await new N.NotificationsOperations().getNotifications(await params([[N.GetNotificationsParam.CHANNEL_ID, channel]])), 200, 'ResponseWrapper');
		return `${w.getWatch().length} channel(s)`;
	});
	await check('DELETE /actions/watch?channel_ids=', async () => {
		const w = objectOf(await new N.NotificationsOperations().deleteNotification(await params([[N.DeleteNotificationParam.CHANNEL_IDS, channel]])), 200, 'ActionWrapper');
		return watchResults(w);
	});
} catch (error) {
	results.push({ call: 'setup', ok: false, detail: error && error.message ? error.message : String(error) });
}

const requests = sb.log.all().map((e) => `${e.method} ${e.path.replace(/^\/zoho\/us\/crm\/v8/, '')} ${e.status}`);
await sb.close();
rmSync(resources, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ results, requests })}\n`);
process.exit(results.every((r) => r.ok) ? 0 : 1);

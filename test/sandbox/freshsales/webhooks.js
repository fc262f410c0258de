'use strict';

const { ENTITIES } = require('./schema');

/**
 * Freshsales calls webhooks only from a workflow automation's "Trigger Webhook"
 * action, set up in its UI (no API): the URL, the method, custom headers
 * (e.g. a secret) and a body whose placeholders it fills from the record that
 * fired the workflow; one call per firing. The placeholder syntax here,
 * `{{<wrapper>.<field>}}` (`{{contact.id}}`, `{{contact.custom_field.cf_x}}`),
 * is an assumption: the vendor's UI offers them from a picker.
 */
function createWorkflowWebhooks(store) {
	/** @type {Array<{ url: string, status: number, body: string }>} */
	const calls = [];

	/** `{{contact.email}}` → the record's value, JSON-escaped inside a JSON body. @param {string} template @param {string} wrapper @param {any} rec */
	function render(template, wrapper, rec) {
		return template.replace(/\{\{\s*([a-z_]+)\.([a-z0-9_.]+)\s*\}\}/gi, (whole, w, path) => {
			if (w !== wrapper) return whole;
			const value = String(path)
				.split('.')
				.reduce((acc, k) => (acc && typeof acc === 'object' ? acc[k] : undefined), rec);
			return value === undefined || value === null ? '' : JSON.stringify(String(value)).slice(1, -1);
		});
	}

	/**
	 * Fires a workflow's webhook for one record, as Freshsales would.
	 * @param {{ url: string, entity: string, id: string | number, method?: string, headers?: Record<string, string>, body?: string }} action
	 */
	async function fire(action) {
		const spec = ENTITIES[action.entity];
		const rec = store.records[action.entity].get(String(action.id));
		if (!rec) throw new Error(`no ${action.entity} ${action.id}`);
		const body = render(action.body ?? `{"id":"{{${spec.wrapper}.id}}"}`, spec.wrapper, rec);
		const res = await fetch(action.url, { method: action.method ?? 'POST', headers: { 'content-type': 'application/json', ...(action.headers ?? {}) }, body });
		const text = await res.text();
		calls.push({ url: action.url, status: res.status, body: text });
		return { status: res.status, body: text };
	}

	return { fire, calls, render };
}

module.exports = { createWorkflowWebhooks };

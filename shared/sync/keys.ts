import type { KeyField, SyncRecord } from './types';

// Parts of a composite key are joined with a character no normalised value keeps.
const SEPARATOR = '\u001f';
// Hoisted: a regex literal inside the function would be a new object on every call.
const UNEVEN_SPACE = /\s\s|[^\S ]/;
const SPACES = /\s+/g;

/** Whether toLowerCase() could change `text` (an ASCII capital, or anything beyond ASCII). */
function mayLower(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if ((c >= 65 && c <= 90) || c > 127) return true;
	}
	return false;
}

function normalisePart(raw: unknown, key: KeyField): string | null {
	if (raw === null || raw === undefined) return null;
	let text = typeof raw === 'string' ? raw : String(raw);
	switch (key.whitespace ?? 'collapse') {
		case 'trim':
			text = text.trim();
			break;
		case 'collapse':
			text = text.trim();
			if (UNEVEN_SPACE.test(text)) text = text.replace(SPACES, ' ');
			break;
		case 'remove':
			text = text.replace(SPACES, '');
			break;
		case 'keep':
			break;
	}
	if (!key.caseSensitive && mayLower(text)) text = text.toLowerCase();
	if (key.normalise) {
		const normalised = key.normalise(text);
		if (normalised === null) return null;
		text = normalised;
	}
	return text === '' ? null : text;
}

/** The record's match key, or null when any key field is empty (such a record is never matched or created). */
export function recordKey(record: SyncRecord, keys: readonly KeyField[]): string | null {
	if (keys.length === 1) return normalisePart(record.fields[keys[0].field], keys[0]);
	const parts: string[] = [];
	for (const key of keys) {
		const part = normalisePart(record.fields[key.field], key);
		if (part === null) return null;
		parts.push(part);
	}
	return parts.join(SEPARATOR);
}

import { failure, quote, success } from './result';
import type { TransformResult } from './result';

/*
 * Task status and priority are the one place the model fixes a vocabulary: every
 * CRM has the same handful of states under different spellings, and two-way sync
 * needs them to compare equal. Deal stages and lifecycle stages stay free text
 * because they are configured per account.
 */
export const TASK_STATUSES = ['notStarted', 'inProgress', 'waiting', 'completed', 'deferred'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

// Keys are lower-case letters and digits only, so "NOT_STARTED", "Not Started" and "not-started" all match.
const STATUS_SPELLINGS: Record<string, TaskStatus> = {
	notstarted: 'notStarted', open: 'notStarted', todo: 'notStarted', new: 'notStarted',
	inprogress: 'inProgress', started: 'inProgress', ongoing: 'inProgress',
	waiting: 'waiting', waitingonsomeoneelse: 'waiting', waitingforinput: 'waiting', onhold: 'waiting',
	completed: 'completed', complete: 'completed', done: 'completed', closed: 'completed', finished: 'completed',
	deferred: 'deferred', postponed: 'deferred',
};

const PRIORITY_SPELLINGS: Record<string, TaskPriority | null> = {
	low: 'low', lowest: 'low',
	normal: 'normal', medium: 'normal',
	high: 'high', highest: 'high', urgent: 'high',
	// HubSpot's NONE means "no priority set".
	none: null,
};

function key(input: string): string {
	return input.toLowerCase().replace(/[^a-z0-9]/g, '');
}

// Own keys only: "constructor" must not resolve through Object.prototype.
function lookup<T>(table: Record<string, T>, k: string): { found: true; value: T } | { found: false } {
	return Object.prototype.hasOwnProperty.call(table, k) ? { found: true, value: table[k] } : { found: false };
}

export function normalizeTaskStatus(input: string): TransformResult<TaskStatus> {
	const status = lookup(STATUS_SPELLINGS, key(input));
	if (!status.found) return failure(`${quote(input)} is not a task status; use one of ${TASK_STATUSES.join(', ')}`);
	return success(status.value);
}

export function normalizeTaskPriority(input: string): TransformResult<TaskPriority | null> {
	const priority = lookup(PRIORITY_SPELLINGS, key(input));
	if (!priority.found) return failure(`${quote(input)} is not a task priority; use one of ${TASK_PRIORITIES.join(', ')}`);
	return success(priority.value);
}

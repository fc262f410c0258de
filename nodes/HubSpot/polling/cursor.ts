import type { IDataObject } from 'n8n-workflow';
import {
	PollWindow,
	readCursor as readSharedCursor,
	writeCursor as writeSharedCursor,
	type CursorState,
} from '../../../shared/polling/cursor';

/** The cursor, overlap and de-duplication are CRM-neutral (`shared/polling`); HubSpot keeps its own static data key. */
export const STATE_KEY = 'hubspotPollCursor';

export { PollWindow, type CursorState };

export function readCursor(staticData: IDataObject, scope: string): CursorState | undefined {
	return readSharedCursor(staticData, STATE_KEY, scope);
}

export function writeCursor(staticData: IDataObject, state: CursorState): void {
	writeSharedCursor(staticData, STATE_KEY, state);
}

export { PollWindow, readCursor, SEEN_CAP, writeCursor, type CursorState } from './cursor';
export { isUpdate, pollChanges, pollLimits, toMillis, type ChangeFeed, type PollLimits, type PollPlan } from './poll';

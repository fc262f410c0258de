export { plan } from './plan';
export { commit, type CommitOptions } from './commit';
export { resolveConflict, type ConflictResolutionInput } from './resolve';
export { idsToFetch, counterpartIds } from './fetch';
export { emptyState, encodeState, decodeState, SyncStateError, type StoredSyncState, type StoredPair } from './state';
export { SyncConfigError } from './settings';
export { mostRecent } from './conflicts';
export { recordKey } from './keys';
export * from './types';

export * from './dataTables';
export * from './eventClaims';
export * from './n8nApi';
export * from './replayProtection';

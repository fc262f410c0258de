export * from './clock';
export * from './errors';
export * from './rateLimiter';
export * from './redact';
export * from './request';
export * from './retry';
export * from './profile';
export * from './sharedPlaces';

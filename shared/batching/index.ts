export * from './batch';
export * from './pool';

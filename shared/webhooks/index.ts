export * from './dedupe';
export * from './delivery';
export * from './replay';
export * from './signature';

export * from './dedupe';
export * from './replay';
export * from './signature';

export * from './dedupe';
export * from './delivery';
export * from './replay';
export * from './signature';
export * from './rawBody';
export * from './signedScheme';
export * from './verbatimReplay';

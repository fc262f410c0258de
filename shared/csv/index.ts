export * from './parse';
export * from './write';
export * from './columns';
export * from './import';
export * from './neutral';

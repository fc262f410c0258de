export * from './keys';
export * from './output';
export * from './router';
export * from './types';
export * from './write';

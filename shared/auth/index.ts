export * from './apply';
export * from './fields';
export * from './jwt';
export * from './oauth2';
export * from './properties';
export * from './renewal';

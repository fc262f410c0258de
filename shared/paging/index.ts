export * from './paginate';
export * from './strategies';

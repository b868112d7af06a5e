export * from './files';
export * from './lock';

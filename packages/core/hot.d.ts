export * from './build/hot';

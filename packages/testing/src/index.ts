export { snapshot, Snapshot } from './snapshot';
export type { Labels, Source } from './snapshot';
export { parseSamples } from './parse';
export type { Sample } from './parse';

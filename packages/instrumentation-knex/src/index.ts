export { KnexInstrumentation, createInstrumentation } from './instrumentation';
export type { KnexInstrumentationConfig } from './instrumentation';
export { VERSIONS } from './hook';

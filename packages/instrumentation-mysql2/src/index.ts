export { Mysql2Instrumentation, createInstrumentation } from './instrumentation';
export type { Mysql2InstrumentationConfig } from './instrumentation';
export { VERSIONS } from './hook';
export { POOL_NAME } from './events';

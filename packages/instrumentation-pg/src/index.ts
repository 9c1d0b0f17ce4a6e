export { PgInstrumentation, createInstrumentation } from './instrumentation';
export type { PgInstrumentationConfig } from './instrumentation';
export { POOL_NAME_OPTION, pgErrorType } from './events';
export { VERSIONS } from './hook';

export { IoredisInstrumentation, createInstrumentation } from './instrumentation';
export type { IoredisInstrumentationConfig } from './instrumentation';
export { redisErrorType } from './events';
export { VERSIONS } from './hook';

import type { NodepromConfig } from '@nodeprom/core';
import { PgInstrumentation } from './instrumentation';

export { PgInstrumentation } from './instrumentation';
export type { PgInstrumentationConfig } from './instrumentation';
export { POOL_NAME_OPTION } from './tracker';
export { pgErrorType } from './error-type';

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): PgInstrumentation {
  void config;
  return new PgInstrumentation({ enabled: false });
}

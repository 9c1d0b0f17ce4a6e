import type { NodepromConfig } from '@nodeprom/core';
import { Mysql2Instrumentation } from './instrumentation';

export { Mysql2Instrumentation } from './instrumentation';
export type { Mysql2InstrumentationConfig } from './instrumentation';
export { POOL_NAME } from './model';

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): Mysql2Instrumentation {
  void config;
  return new Mysql2Instrumentation({ enabled: false });
}

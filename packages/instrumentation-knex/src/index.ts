import type { NodepromConfig } from '@nodeprom/core';
import { KnexInstrumentation } from './instrumentation';

export { KnexInstrumentation } from './instrumentation';
export type { KnexInstrumentationConfig } from './instrumentation';

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): KnexInstrumentation {
  return new KnexInstrumentation({ enabled: false, migrationsCheck: config.knexMigrationsCheck });
}

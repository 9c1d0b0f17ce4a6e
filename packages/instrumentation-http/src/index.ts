import type { NodepromConfig } from '@nodeprom/core';
import { HttpInstrumentation } from './instrumentation';

export { HttpInstrumentation } from './instrumentation';
export type { HttpInstrumentationConfig } from './instrumentation';

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): HttpInstrumentation {
  return new HttpInstrumentation({
    enabled: false,
    durationBuckets: config.httpDurationBuckets,
    exclude: config.httpExclude,
  });
}
